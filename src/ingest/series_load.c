/* series_load.c: a series file into memory, through the series parser and
 * a collecting sink. Lookup of a series by name is linear in the number of
 * series, with a one-entry cache: files list a series' points together. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/ingest.h"
#include "ingest/series_load.h"

typedef struct collect {
    rw_series_file *f;
    const char *only;
    const char *file;
    size_t last; /* index of the series of the previous point */
} collect;

void rw_series_file_free(rw_series_file *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->s[i].name);
        free(f->s[i].t);
        free(f->s[i].v);
    }
    free(f->s);
    free(f);
}

static rw_loaded_series *find_or_add(collect *c, const char *name)
{
    rw_series_file *f = c->f;
    if (c->last < f->n && !strcmp(f->s[c->last].name, name)) return &f->s[c->last];
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->s[i].name, name)) return &f->s[c->last = i];
    if (f->n == f->cap) {
        size_t ncap = f->cap ? f->cap * 2 : 16;
        rw_loaded_series *ns = realloc(f->s, ncap * sizeof *ns);
        if (!ns) return NULL;
        f->s = ns;
        f->cap = ncap;
    }
    rw_loaded_series *s = &f->s[f->n];
    memset(s, 0, sizeof *s);
    size_t len = strlen(name) + 1;
    if (!(s->name = malloc(len))) return NULL;
    memcpy(s->name, name, len);
    c->last = f->n++;
    return s;
}

static rw_status on_point(void *ctx, long line, const rw_point *p)
{
    (void)line;
    collect *c = ctx;
    if (c->only && strcmp(c->only, p->series) != 0) return RW_OK;
    rw_loaded_series *s = find_or_add(c, p->series);
    if (!s) return RW_ENOMEM;
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 256;
        int64_t *nt = realloc(s->t, ncap * sizeof *nt);
        if (nt) s->t = nt;
        double *nv = realloc(s->v, ncap * sizeof *nv);
        if (nv) s->v = nv;
        if (!nt || !nv) return RW_ENOMEM;
        s->cap = ncap;
    }
    s->t[s->n] = p->t;
    s->v[s->n++] = p->value;
    return RW_OK;
}

static rw_status on_reject(void *ctx, long line, const char *reason, const char *raw, size_t n)
{
    (void)raw;
    (void)n;
    collect *c = ctx;
    if (c->f->rejected++ == 0)
        snprintf(c->f->first_reject, sizeof c->f->first_reject, "%.256s:%ld: %.300s", c->file,
                 line, reason);
    return RW_OK;
}

/* A series file holds only points; the other record kinds never come. */
static rw_status no_charge(void *ctx, long line, const rw_charge *r)
{
    (void)ctx, (void)line, (void)r;
    return RW_OK;
}

static rw_status no_usage(void *ctx, long line, const rw_usage *r)
{
    (void)ctx, (void)line, (void)r;
    return RW_OK;
}

static rw_status no_balance(void *ctx, long line, const rw_balance *r)
{
    (void)ctx, (void)line, (void)r;
    return RW_OK;
}

static void on_row(void *ctx)
{
    (void)ctx;
}

rw_status rw_series_file_load(const char *path, const char *only, rw_series_file **out,
                              rw_error *err)
{
    *out = NULL;
    rw_series_file *f = calloc(1, sizeof *f);
    if (!f) return rw_error_set(err, RW_ENOMEM, path, 0, "out of memory");
    rw_input in;
    rw_status st = rw_input_open(&in, path, err);
    collect c = {f, only, in.name, 0};
    rw_sink sink = {&c, no_charge, no_usage, no_balance, on_point, on_reject, on_row, NULL, NULL};
    rw_ingest_opts opts = {RW_FMT_SERIES, NULL, 0, RW_OFFSET_DEFAULT, RW_DATE_AUTO};
    if (st == RW_OK) st = rw_parse_series(&in, &opts, &sink, err);
    if (st == RW_ENOMEM) st = rw_error_set(err, RW_ENOMEM, path, 0, "out of memory");
    rw_input_close(&in);
    if (st == RW_OK && only && f->n == 0)
        st = rw_error_set(err, RW_ENOTFOUND, path, 0, "no series named '%s'", only);
    if (st != RW_OK) {
        rw_series_file_free(f);
        return st;
    }
    *out = f;
    return RW_OK;
}
