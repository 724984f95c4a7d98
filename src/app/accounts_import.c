/* accounts_import.c: `runway accounts import` (runway.h rw_accounts_import):
 * a JSON array or a CSV file of whole account records, read and checked
 * row by row (errors as FILE:LINE), then stored all or nothing in one
 * transaction. The rules of a valid record are accounts.c's
 * (rw_app_account_build). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "app/accounts.h"
#include "ingest/csv.h"
#include "util/safe_text.h"
#include "util/grow.h"
#include "util/strutil.h"

#define FIELD_MAX 4097 /* bytes of one CSV field, NUL included */
#define IMPORT_MAX ((size_t)64 << 20) /* largest JSON import read into memory */

/* One row of an import: the account's whole record as the file gives it. */
typedef struct import_row {
    rw_account_rec r;
    long line;
} import_row;

/* The error of a row, as "FILE:LINE: account ID: what". */
static rw_status row_error(const char *path, long line, const char *id, rw_error *err)
{
    char text[RW_ERROR_TEXT];
    snprintf(text, sizeof text, "%s", err->text);
    rw_error_clear(err);
    char ebuf[160];
    rw_error_set(err, RW_EFORMAT, path, line, "%s%s%s%s", id && *id ? "account " : "",
                 id && *id ? rw_text_esc(id, ebuf, sizeof ebuf) : "", id && *id ? ": " : "", text);
    return RW_EFORMAT;
}

/* The line each element of the top-level array starts on: a scan of the
 * text that knows strings and nesting, so that errors can name a line. */
static void element_lines(const char *text, long *lines, size_t n)
{
    long line = 1;
    int depth = 0, in_str = 0, expect = 0;
    size_t k = 0;
    for (const char *p = text; *p; p++) {
        char c = *p;
        if (c == '\n') line++;
        if (in_str) {
            if (c == '\\' && p[1]) {
                if (p[1] == '\n') line++;
                p++;
            } else if (c == '"') {
                in_str = 0;
            }
            continue;
        }
        if (isspace((unsigned char)c)) continue;
        if (depth == 1 && expect && c != ']') {
            if (k < n) lines[k++] = line;
            expect = 0;
        }
        if (c == '"') in_str = 1;
        else if (c == '[' || c == '{') expect = ++depth == 1;
        else if (c == ']' || c == '}') depth--;
        else if (c == ',' && depth == 1) expect = 1;
    }
}

static const char *str_or_null(json_t *o, const char *k, int *bad)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_string(v)) *bad = 1;
    return json_string_value(v);
}

static rw_status import_json(const char *path, const char *text, import_row **rows, size_t *n,
                             rw_error *err)
{
    json_error_t je;
    json_t *arr = json_loads(text, 0, &je);
    if (!json_is_array(arr)) {
        json_decref(arr);
        return rw_error_set(err, RW_EFORMAT, path, arr ? 1 : je.line,
                            "%s", arr ? "a JSON array of account objects" : je.text);
    }
    size_t m = json_array_size(arr);
    long *lines = calloc(m ? m : 1, sizeof *lines);
    *rows = calloc(m ? m : 1, sizeof **rows);
    rw_status st = lines && *rows ? RW_OK : rw_app_oom(err);
    if (st == RW_OK) element_lines(text, lines, m);
    for (size_t i = 0; st == RW_OK && i < m; i++) {
        json_t *o = json_array_get(arr, i);
        int bad = 0;
        const char *id = json_is_object(o) ? str_or_null(o, "id", &bad) : NULL;
        (*rows)[i].line = lines[i];
        if (!json_is_object(o)) {
            st = rw_error_set(err, RW_EINVAL, NULL, 0, "an account is a JSON object");
        } else {
            json_t *labels = json_object_get(o, "labels"), *routes = json_object_get(o, "routes");
            json_t *budget = json_object_get(o, "budget"), *thr = json_object_get(o, "thresholds");
            const char *name = str_or_null(o, "name", &bad), *owner = str_or_null(o, "owner", &bad);
            const char *payer = str_or_null(o, "payer", &bad), *policy = str_or_null(o, "policy", &bad);
            char *thr_text = thr && !json_is_null(thr) ? json_dumps(thr, JSON_COMPACT) : NULL;
            if (bad || !id) st = rw_error_set(err, RW_EINVAL, NULL, 0,
                                              "id, name, owner, payer and policy are strings"
                                              " (id is required)");
            else if (labels && !json_is_object(labels) && !json_is_null(labels))
                st = rw_error_set(err, RW_EINVAL, NULL, 0, "labels: an object of strings");
            else if (routes && !json_is_array(routes) && !json_is_null(routes))
                st = rw_error_set(err, RW_EINVAL, NULL, 0, "routes: an array");
            else if (budget && !json_is_number(budget) && !json_is_null(budget))
                st = rw_error_set(err, RW_EINVAL, NULL, 0, "budget: a number or null");
            else
                st = rw_app_account_build(id, name, json_is_object(labels) ? labels : NULL, owner, payer,
                               policy, json_is_array(routes) ? routes : NULL,
                               json_is_number(budget) ? json_number_value(budget) : NAN,
                               thr_text, &(*rows)[i].r, err);
            free(thr_text);
        }
        if (st != RW_OK) st = row_error(path, lines[i], id, err);
        else *n = i + 1;
    }
    free(lines);
    json_decref(arr);
    return st;
}

/* "k=v;k2=v2" (labels: an object) or "kind=ref;kind=ref" (routes: an
 * array of strings) into JSON, only split: rw_app_account_build checks
 * each label and route by the rules of `accounts set`. */
static rw_status split_list(const char *text, int routes, json_t *out, rw_error *err)
{
    char buf[FIELD_MAX];
    if (strlen(text) >= sizeof buf)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "%s: too long", routes ? "routes" : "labels");
    rw_str_copy(buf, sizeof buf, text);
    for (char *p = buf, *next; p && *p; p = next) {
        next = strchr(p, ';');
        if (next) *next++ = '\0';
        if (!*p) continue;
        if (!rw_utf8_valid(p))
            return rw_error_set(err, RW_EINVAL, NULL, 0, "%s: text is not valid UTF-8",
                                routes ? "routes" : "labels");
        char *eq = strchr(p, '=');
        if (!routes && !eq)
            return rw_error_set(err, RW_EINVAL, NULL, 0, "label '%.64s' is not KEY=VALUE", p);
        if (eq && !routes) *eq = '\0';
        int bad = routes ? json_array_append_new(out, json_string(p))
                         : json_object_set_new(out, p, json_string(eq + 1));
        if (bad) return rw_app_oom(err);
    }
    return RW_OK;
}

static const char *const csv_cols[] = {"id", "name", "labels", "owner", "payer",
                                       "policy", "routes", "budget"};
#define NCOLS (sizeof csv_cols / sizeof *csv_cols)

static rw_status csv_row(rw_csv *c, const int *ix, import_row *row, rw_error *err)
{
    const char *f[NCOLS];
    char copy[NCOLS][FIELD_MAX];
    for (size_t k = 0; k < NCOLS; k++) {
        const char *v = ix[k] >= 0 ? rw_csv_field(c, (size_t)ix[k], NULL) : "";
        if (strlen(v) >= sizeof copy[k])
            return rw_error_set(err, RW_EINVAL, NULL, 0, "%s: too long", csv_cols[k]);
        rw_str_copy(copy[k], sizeof copy[k], v);
        f[k] = copy[k];
    }
    double budget = NAN;
    json_t *labels = json_object();
    rw_status st = labels ? RW_OK : rw_app_oom(err);
    if (st == RW_OK && *f[7] && rw_parse_amount(f[7], &budget, err) != RW_OK) {
        rw_error_clear(err);
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "budget '%.40s' is not a number", f[7]);
    }
    if (st == RW_OK) st = split_list(f[2], 0, labels, err);
    json_t *rt = json_array();
    if (st == RW_OK && !rt) st = rw_app_oom(err);
    if (st == RW_OK) st = split_list(f[6], 1, rt, err);
    if (st == RW_OK)
        st = rw_app_account_build(f[0], f[1], labels, f[3], f[4], f[5], rt, budget, NULL, &row->r, err);
    json_decref(rt);
    json_decref(labels);
    return st;
}

static rw_status import_csv(const char *path, rw_input *in, import_row **rows, size_t *n,
                            rw_error *err)
{
    rw_csv c;
    size_t cap = 0;
    int ix[NCOLS];
    memset(&c, 0, sizeof c);
    rw_csv_init(&c, in, ',');
    rw_status st = rw_csv_next(&c, err);
    if (st == RW_OK) {
        for (size_t k = 0; k < NCOLS; k++) ix[k] = rw_csv_find(&c, csv_cols[k]);
        if (c.nfields == 0 || ix[0] < 0)
            st = rw_error_set(err, RW_EFORMAT, path, c.line ? c.line : 1,
                              "a CSV import starts with the header"
                              " id,name,labels,owner,payer,policy,routes,budget (id required)");
    }
    while (st == RW_OK && (st = rw_csv_next(&c, err)) == RW_OK && (c.nfields || c.bad)) {
        if (!rw_grow(rows, &cap, *n, sizeof **rows, 16)) {
            st = rw_app_oom(err);
            break;
        }
        import_row *row = &(*rows)[*n];
        memset(row, 0, sizeof *row);
        row->line = c.line;
        if (c.bad) st = rw_error_set(err, RW_EINVAL, NULL, 0, "%s", c.bad);
        else st = csv_row(&c, ix, row, err);
        if (st != RW_OK) st = row_error(path, c.line, c.bad ? NULL : rw_csv_field(&c, (size_t)ix[0], NULL), err);
        else (*n)++;
    }
    rw_csv_cleanup(&c);
    return st;
}

rw_status rw_accounts_import(rw_session *s, const char *path, size_t *stored, rw_error *err)
{
    char *text = NULL;
    import_row *rows = NULL;
    size_t n = 0;
    rw_store *store = NULL;
    if (stored) *stored = 0;
    rw_input in;
    memset(&in, 0, sizeof in);
    /* A JSON array or a CSV file: the first character says which (the
     * input skips a byte order mark). */
    rw_status st = rw_input_open(&in, path, err);
    if (st == RW_OK) st = rw_input_fill_ahead(&in, 4096, err);
    const char *p = in.buf + in.pos, *end = in.buf + in.len;
    while (st == RW_OK && p < end && isspace((unsigned char)*p)) p++;
    if (st == RW_OK && p < end && *p == '[') {
        size_t len = 0;
        st = rw_input_read_all(&in, IMPORT_MAX, "larger than 64 MiB", &text, &len, err);
        if (st == RW_OK) st = import_json(path, text, &rows, &n, err);
    } else if (st == RW_OK) {
        st = import_csv(path, &in, &rows, &n, err);
    }
    rw_input_close(&in);
    /* Two rows of one id: the file would say two things of one account. */
    for (size_t i = 0; st == RW_OK && i < n; i++)
        for (size_t k = 0; k < i; k++)
            if (!strcmp(rows[i].r.id, rows[k].r.id)) {
                st = rw_error_set(err, RW_EFORMAT, path, rows[i].line,
                                  "account given twice (first on line %ld)", rows[k].line);
                break;
            }
    if (st == RW_OK) st = rw_app_store(s, &store, err);
    if (st == RW_OK) st = rw_store_write_begin(store, err);
    if (st == RW_OK) {
        int64_t now = (int64_t)time(NULL);
        for (size_t i = 0; st == RW_OK && i < n; i++) st = rw_store_account_put(store, &rows[i].r, now, err);
        if (st == RW_OK) st = rw_store_write_commit(store, err);
        else rw_store_write_rollback(store);
    }
    if (st == RW_OK && stored) *stored = n;
    /* A row that failed holds nothing: only the n good ones are cleaned. */
    for (size_t i = 0; i < n; i++) rw_account_rec_cleanup(&rows[i].r);
    free(rows);
    free(text);
    return st;
}

