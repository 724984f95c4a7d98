/* columns.c: header mapping and field access for CSV bill parsers.
 *
 * A header name is matched in three passes, the first that finds it wins:
 * exactly, then ignoring ASCII case, then folded (sniff.h: case, '_', '/',
 * ' ' and '-' ignored), so a file with both "BilledCost" and "billed_cost"
 * maps the exact one, and Athena's "billedcost" or Snowflake's
 * "BILLED_COST" still map. A folded match is refused when the field also
 * folds to a name of another column of the format: folding must never
 * swap two columns. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include <math.h>
#include "util/num.h"
#include "ingest/columns.h"
#include "util/strutil.h"
#include "ingest/sniff.h"

#define FOLD_MAX 128 /* longest header name compared folded */

/* 1 when folded `field` equals the fold of a name of a spec other than `self`. */
static int folds_to_other(const char *field, const rw_colspec *specs, size_t nspecs, size_t self)
{
    char b[FOLD_MAX];
    for (size_t j = 0; j < nspecs; j++)
        for (const char *const *nm = specs[j].names; j != self && *nm; nm++) {
            rw_name_fold(*nm, strlen(*nm), b, sizeof b);
            if (strcmp(field, b) == 0) return 1;
        }
    return 0;
}

/* Column of header `hdr` named `name` under pass 0 (exact), 1 (ASCII case
 * ignored) or 2 (folded; spec `self` of specs[nspecs]), or -1. */
static int find_col(rw_csv *hdr, const char *name, int pass, const rw_colspec *specs,
                    size_t nspecs, size_t self)
{
    size_t n = strlen(name);
    char want[FOLD_MAX], got[FOLD_MAX];
    if (pass == 2) rw_name_fold(name, n, want, sizeof want);
    for (size_t f = 0; f < hdr->nfields; f++) {
        size_t l;
        const char *s = rw_csv_field(hdr, f, &l);
        while (l && *s == ' ') s++, l--;
        while (l && s[l - 1] == ' ') l--;
        if (pass == 2) {
            if (l >= FOLD_MAX) continue;
            rw_name_fold(s, l, got, sizeof got);
            if (strcmp(got, want) == 0 && !folds_to_other(got, specs, nspecs, self))
                return (int)f;
            continue;
        }
        if (l != n) continue;
        if (pass ? strncasecmp(s, name, n) == 0 : memcmp(s, name, n) == 0) return (int)f;
    }
    return -1;
}

/* Second column with the same name as column `first`, or -1. */
static int find_dup(rw_csv *hdr, int first)
{
    size_t n0, n;
    const char *name = rw_csv_field(hdr, (size_t)first, &n0);
    for (size_t f = (size_t)first + 1; f < hdr->nfields; f++) {
        const char *s = rw_csv_field(hdr, f, &n);
        if (n == n0 && strcasecmp(s, name) == 0) return (int)f;
    }
    return -1;
}

rw_status rw_columns_map(rw_csv *hdr, const rw_colspec *specs, size_t nspecs, int *idx,
                         rw_error *err)
{
    for (size_t i = 0; i < nspecs; i++) {
        idx[i] = -1;
        for (int pass = 0; pass < 3 && idx[i] < 0; pass++)
            for (const char *const *nm = specs[i].names; *nm && idx[i] < 0; nm++)
                idx[i] = find_col(hdr, *nm, pass, specs, nspecs, i);
        if (idx[i] < 0 && specs[i].required)
            return rw_error_set(err, RW_EFORMAT, hdr->in->name, hdr->line,
                                "required column %s is missing from the header", specs[i].label);
        int dup = idx[i] >= 0 ? find_dup(hdr, idx[i]) : -1;
        if (dup >= 0)
            return rw_error_set(err, RW_EFORMAT, hdr->in->name, hdr->line,
                                "column %s appears twice in the header (columns %d and %d)",
                                rw_csv_field(hdr, (size_t)idx[i], NULL), idx[i] + 1, dup + 1);
    }
    return RW_OK;
}

const char *rw_field(rw_csv *c, int col)
{
    if (col < 0 || (size_t)col >= c->nfields) return "";
    size_t n;
    char *s = (char *)rw_csv_field(c, (size_t)col, &n);
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    s[n] = '\0';
    if (n == 4 && (memcmp(s, "NULL", 4) == 0 || memcmp(s, "null", 4) == 0)) return "";
    /* European Excel writes "1,25" in ';'-separated files; there a comma
     * cannot be a field separator, and "1,25" read as text would only be
     * refused as a number, so it is read as 1.25. Grouped forms ("1.234,5")
     * are left alone and rejected. */
    if (c->delim == ';') rw_decimal_comma(s);
    return s;
}

/* A reject (warn 0) or a warning (warn 1) about the current CSV record. */
__attribute__((format(printf, 4, 0))) static rw_status note_record(rw_sink *sink, const rw_csv *c, int warn, const char *fmt,
                             va_list ap)
{
    char reason[512];
    vsnprintf(reason, sizeof reason, fmt, ap);
    const char *raw = c->raw ? c->raw : "";
    return warn ? rw_sink_warn(sink, c->line, reason, raw, c->raw_len)
                : sink->reject(sink->ctx, c->line, reason, raw, c->raw_len);
}

rw_status rw_reject_record(rw_sink *sink, const rw_csv *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rw_status st = note_record(sink, c, 0, fmt, ap);
    va_end(ap);
    return st;
}

rw_status rw_csv_header(rw_csv *c, rw_error *err)
{
    rw_status st = rw_csv_next(c, err);
    if (st == RW_OK && c->nfields == 0)
        st = rw_error_set(err, RW_EFORMAT, c->in->name, 1, "no header line");
    return st;
}

rw_status rw_warn_record(rw_sink *sink, const rw_csv *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rw_status st = note_record(sink, c, 1, fmt, ap);
    va_end(ap);
    return st;
}

rw_status rw_csv_next_row(rw_csv *c, rw_sink *sink, size_t ncols, int *have, rw_error *err)
{
    *have = 0;
    for (;;) {
        rw_status st = rw_csv_next(c, err);
        if (st != RW_OK || (c->nfields == 0 && !c->bad)) return st;
        sink->row(sink->ctx);
        if (c->bad) st = rw_reject_record(sink, c, "%s", c->bad);
        else if (c->nfields != ncols)
            st = rw_reject_record(sink, c, "row has %zu fields; the header has %zu", c->nfields,
                                  ncols);
        else {
            *have = 1;
            return RW_OK;
        }
        if (st != RW_OK) return st;
    }
}

int rw_tags_valid(rw_tagcache *tc, const char *text)
{
    if (!*text) return 1;
    size_t n = strlen(text);
    unsigned long long h = rw_hash64(text, n, 0) | 1;
    size_t slot = (size_t)(h % RW_TAGCACHE_SLOTS);
    if (tc->slot[slot] == h) return 1;
    json_error_t jerr;
    json_t *j = json_loadb(text, n, JSON_REJECT_DUPLICATES, &jerr);
    int ok = j && json_is_object(j);
    json_decref(j);
    if (ok) tc->slot[slot] = h;
    return ok;
}

double rw_opt_amount(const char *s, int *bad)
{
    double v;
    if (!*s) return NAN;
    if (rw_parse_double(s, &v) != RW_OK) {
        *bad = 1;
        return 0;
    }
    return v;
}

int rw_currency_norm(char *code)
{
    for (int i = 0; i < 3; i++) {
        char ch = code[i];
        if (ch >= 'a' && ch <= 'z') code[i] = (char)(ch - 'a' + 'A');
        else if (!(ch >= 'A' && ch <= 'Z')) return 0;
    }
    return code[3] == '\0';
}
