/* desc_json.c: descriptions as jansson values (desc_json.h). One pass
 * over the items; each object or array is filled by a recursive call that
 * stops at its RW_DESC_CLOSE, so recursion is as deep as the nesting. */
#include <math.h>
#include "export/desc_json.h"
#include "util/strutil.h"

/* The value of the item `it` (a container is created empty), NULL when it
 * cannot be held (*omit set) or memory runs out (*omit clear). */
static json_t *value_of(const rw_desc_item *it, int *omit)
{
    *omit = 0;
    switch (it->kind) {
    case RW_DESC_STR:
        *omit = !rw_utf8_valid(it->v.str);
        return *omit ? NULL : json_string(it->v.str);
    case RW_DESC_REAL:
        *omit = !isfinite(it->v.real);
        return *omit ? NULL : json_real(it->v.real);
    case RW_DESC_INT:
        return json_integer((json_int_t)it->v.integer);
    case RW_DESC_BOOL:
        return json_boolean(it->v.boolean);
    case RW_DESC_NULL:
        return json_null();
    case RW_DESC_OBJECT:
        return json_object();
    case RW_DESC_ARRAY:
        return json_array();
    case RW_DESC_CLOSE:
        break;
    }
    return NULL;
}

/* Adds the items from d->item[*i] on to the container c, up to the
 * RW_DESC_CLOSE that ends c (consumed) or the end of d; *i moves past
 * them. 0, or -1 when memory runs out or a close has nothing to end. */
static int fill(json_t *c, const rw_desc *d, size_t *i, int top)
{
    while (*i < d->n) {
        const rw_desc_item *it = &d->item[(*i)++];
        if (it->kind == RW_DESC_CLOSE) return top ? -1 : 0;
        int omit;
        json_t *v = value_of(it, &omit);
        if (!v && !omit) return -1;
        if (v && (it->kind == RW_DESC_OBJECT || it->kind == RW_DESC_ARRAY) &&
            fill(v, d, i, 0) != 0) {
            json_decref(v);
            return -1;
        }
        if (omit) {
            /* a real or string JSON cannot hold: nothing to add */
        } else if (json_is_array(c)) {
            if (json_array_append_new(c, v) != 0) return -1;
        } else if (!it->key || !rw_utf8_valid(it->key)) {
            json_decref(v); /* a key JSON cannot hold, with all it names */
        } else if (json_object_set_new(c, it->key, v) != 0) {
            return -1;
        }
    }
    return top ? 0 : -1; /* a container left open */
}

json_t *rw_desc_to_json(const rw_desc *d)
{
    if (d->failed || d->open) return NULL;
    json_t *o = json_object();
    size_t i = 0;
    if (o && fill(o, d, &i, 1) != 0) {
        json_decref(o);
        o = NULL;
    }
    return o;
}
