/* desc.c: building descriptions (desc.h).
 *
 * Invariants: item[0..n) are fully initialised (a failed copy leaves a NULL
 * string, which cleanup frees like any other); `open` follows the chain of
 * open objects and arrays through their v.up links; once `failed` is set
 * nothing changes until cleanup, so a half-built description is never
 * mistaken for a whole one. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/desc.h"

#define DESC_FIRST_CAP 32 /* items allocated by the first addition */

void rw_desc_init(rw_desc *d)
{
    memset(d, 0, sizeof *d);
}

void rw_desc_cleanup(rw_desc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->item[i].key);
        if (d->item[i].kind == RW_DESC_STR) free(d->item[i].v.str);
    }
    free(d->item);
    rw_desc_init(d);
}

/* Room for `need` items; 0 (and d failed) when memory runs out. */
static int reserve(rw_desc *d, size_t need)
{
    if (need <= d->cap) return 1;
    if (need > SIZE_MAX / 2 / sizeof *d->item) { /* the doubling below would overflow */
        d->failed = 1;
        return 0;
    }
    size_t cap = d->cap ? d->cap : DESC_FIRST_CAP;
    while (cap < need) cap *= 2;
    rw_desc_item *p = realloc(d->item, cap * sizeof *p);
    if (!p) {
        d->failed = 1;
        return 0;
    }
    d->item = p;
    d->cap = cap;
    return 1;
}

/* Whether the items added now go into an object (the top level is one). */
static int in_object(const rw_desc *d)
{
    return !d->open || d->item[d->open - 1].kind == RW_DESC_OBJECT;
}

/* A copy of s in *out (NULL stays NULL); 0 (and d failed) when memory runs out. */
static int copy(rw_desc *d, const char *s, char **out)
{
    *out = s ? strdup(s) : NULL;
    if (s && !*out) d->failed = 1;
    return !d->failed;
}

/* Appends an item of `kind` named `key`, its value not set; NULL when d
 * has failed. */
static rw_desc_item *add(rw_desc *d, rw_desc_kind kind, const char *key)
{
    if (d->failed) return NULL;
    int keyed = in_object(d);
    assert(keyed ? key != NULL : key == NULL);
    if (!reserve(d, d->n + 1)) return NULL;
    rw_desc_item *it = &d->item[d->n++];
    it->kind = kind;
    memset(&it->v, 0, sizeof it->v);
    return copy(d, keyed ? key : NULL, &it->key) ? it : NULL; /* array items stay keyless */
}

void rw_desc_str(rw_desc *d, const char *key, const char *value)
{
    rw_desc_item *it = add(d, RW_DESC_STR, key);
    if (it) copy(d, value, &it->v.str);
}

void rw_desc_real(rw_desc *d, const char *key, double value)
{
    rw_desc_item *it = add(d, RW_DESC_REAL, key);
    if (it) it->v.real = value;
}

void rw_desc_int(rw_desc *d, const char *key, int64_t value)
{
    rw_desc_item *it = add(d, RW_DESC_INT, key);
    if (it) it->v.integer = value;
}

void rw_desc_bool(rw_desc *d, const char *key, int value)
{
    rw_desc_item *it = add(d, RW_DESC_BOOL, key);
    if (it) it->v.boolean = value != 0;
}

void rw_desc_null(rw_desc *d, const char *key)
{
    add(d, RW_DESC_NULL, key);
}

void rw_desc_open(rw_desc *d, const char *key, rw_desc_kind kind)
{
    assert(kind == RW_DESC_OBJECT || kind == RW_DESC_ARRAY);
    rw_desc_item *it = add(d, kind, key);
    if (!it) return;
    it->v.up = d->open;
    d->open = d->n;
}

void rw_desc_close(rw_desc *d)
{
    if (d->failed) return;
    assert(d->open > 0);
    size_t up = d->item[d->open - 1].v.up;
    /* The closing marker is keyless even inside an object: add() would
     * insist on a key there, so it is appended here. */
    if (!reserve(d, d->n + 1)) return;
    rw_desc_item *it = &d->item[d->n++];
    it->kind = RW_DESC_CLOSE;
    it->key = NULL;
    memset(&it->v, 0, sizeof it->v);
    d->open = up;
}

void rw_desc_append(rw_desc *d, const rw_desc *src)
{
    assert(d != src && src->open == 0);
    if (d->failed) return;
    assert(in_object(d));
    if (src->failed) {
        d->failed = 1;
        return;
    }
    if (!reserve(d, d->n + src->n)) return;
    for (size_t i = 0; i < src->n; i++) {
        const rw_desc_item *s = &src->item[i];
        rw_desc_item *it = &d->item[d->n++];
        *it = *s;
        it->key = NULL;
        if (s->kind == RW_DESC_STR) it->v.str = NULL;
        if (!copy(d, s->key, &it->key) ||
            (s->kind == RW_DESC_STR && !copy(d, s->v.str, &it->v.str)))
            return;
    }
}

rw_status rw_desc_check(const rw_desc *d, const char *what, rw_error *err)
{
    if (d->failed)
        return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory while describing %s", what);
    assert(d->open == 0);
    return RW_OK;
}
