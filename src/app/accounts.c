/* accounts.c: the account registry use cases (runway.h rw_account_set,
 * rw_account_show, rw_accounts_list, rw_accounts_import): the rules of a
 * valid label, route, payer, policy and budget live here, once.
 *
 * Routes name where a webhook URL is found (env:VAR or profile:NAME), never
 * the URL: a webhook URL carries its secret key, and the registry is read
 * by anyone who can list accounts. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "app/accounts.h"
#include "app/plan.h"
#include "export/accounts_write.h"
#include "ingest/csv.h"
#include "util/safe_text.h"
#include "util/grow.h"
#include "util/strutil.h"

#define TEXT_MAX 256  /* bytes of a name, owner, label value or route reference */
#define KEY_MAX 64    /* bytes of a label key */

void rw_account_update_init(rw_account_update *u)
{
    memset(u, 0, sizeof *u);
    u->budget = NAN;
}

/* A label key: letters, digits, '_', '.', '-' (so "k=v;k2=v2" in CSV is
 * unambiguous). */
static int key_ok(const char *k, size_t n)
{
    if (n == 0 || n > KEY_MAX) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)k[i]) && k[i] != '_' && k[i] != '.' && k[i] != '-') return 0;
    return 1;
}

/* Free text from a person: at most TEXT_MAX bytes, no control characters. */
static rw_status text_ok(const char *what, const char *v, rw_error *err)
{
    if (strlen(v) > TEXT_MAX)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "%s: at most %d bytes", what, TEXT_MAX);
    if (!rw_text_is_safe(v))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "%s: control or direction characters", what);
    return RW_OK;
}

/* Sets "KEY=VALUE" in the JSON object `labels`. */
static rw_status label_set(json_t *labels, const char *kv, rw_error *err)
{
    const char *eq = strchr(kv, '=');
    char key[KEY_MAX + 1];
    if (!eq || !key_ok(kv, (size_t)(eq - kv)))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "label '%.80s': KEY=VALUE with a key of letters, digits, '_', '.'"
                            " or '-' (at most %d)", kv, KEY_MAX);
    if (strchr(eq + 1, ';'))
        return rw_error_set(err, RW_EINVAL, NULL, 0, "label '%.80s': a value has no ';'", kv);
    rw_status st = text_ok("label value", eq + 1, err);
    if (st != RW_OK) return st;
    memcpy(key, kv, (size_t)(eq - kv));
    key[eq - kv] = '\0';
    return json_object_set_new(labels, key, json_string(eq + 1)) ? RW_ENOMEM : RW_OK;
}

static const char *const route_kinds[] = {"wecom", "dingtalk", "slack", "json"};

/* Adds {kind, url_ref} to `routes` after checking both. A reference that
 * is not env:VAR or profile:NAME is refused without being repeated: it
 * may be the URL with its secret. */
static rw_status route_add(json_t *routes, const char *kind, const char *ref, rw_error *err)
{
    int known = 0;
    for (size_t i = 0; i < sizeof route_kinds / sizeof *route_kinds; i++)
        known |= !strcmp(kind, route_kinds[i]);
    if (!known)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "route kind '%.32s': one of wecom, dingtalk, slack, json",
                            rw_text_is_safe(kind) ? kind : "?");
    const char *name = NULL;
    int env = !strncmp(ref, "env:", 4);
    if (env || !strncmp(ref, "profile:", 8)) name = ref + (env ? 4 : 8);
    int ok = name && *name && strlen(name) <= 128;
    for (const char *p = name; ok && *p; p++)
        ok = isalnum((unsigned char)*p) || *p == '_' || (!env && (*p == '.' || *p == '-'));
    if (ok && env && isdigit((unsigned char)*name)) ok = 0;
    if (!ok)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "route %s: give where the webhook URL is found, never the URL itself"
                            " (it holds the webhook's secret key): env:VAR names an environment"
                            " variable holding the URL (export VAR=https://...), profile:NAME a"
                            " profile of the credentials file", kind);
    json_t *r = json_pack("{s:s, s:s}", "kind", kind, "url_ref", ref);
    return r && !json_array_append_new(routes, r) ? RW_OK : RW_ENOMEM;
}

/* "KIND=REF" into `routes`. */
static rw_status route_text(json_t *routes, const char *text, rw_error *err)
{
    const char *eq = strchr(text, '=');
    char kind[16];
    if (!eq || (size_t)(eq - text) >= sizeof kind)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "a route is KIND=env:VAR or KIND=profile:NAME (KIND: wecom, dingtalk,"
                            " slack, json); never the webhook URL itself");
    memcpy(kind, text, (size_t)(eq - text));
    kind[eq - text] = '\0';
    return route_add(routes, kind, eq + 1, err);
}

static rw_status payer_ok(const char *id, const char *payer, rw_error *err)
{
    rw_status st = rw_account_check(payer, err);
    if (st != RW_OK) return st;
    if (!*payer) return rw_error_set(err, RW_EINVAL, NULL, 0, "payer: an account id");
    if (!strcmp(payer, id))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "payer: an account that pays for itself has no payer (--self-paid)");
    return text_ok("payer", payer, err);
}

static rw_status policy_ok(const char *name, rw_error *err)
{
    rw_policy pol;
    rw_status st = rw_app_policy(name, -1, -1, &pol, err);
    return st == RW_OK ? text_ok("policy", name, err) : st;
}

static rw_status budget_ok(double b, rw_error *err)
{
    if (isnan(b) || (isfinite(b) && b > 0 && b < 1e15)) return RW_OK;
    return rw_error_set(err, RW_EINVAL, NULL, 0, "budget: an amount > 0");
}

static rw_status thresholds_ok(const char *text, json_t **out, rw_error *err)
{
    json_error_t je;
    *out = json_loads(text, 0, &je);
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return rw_error_set(err, RW_EINVAL, NULL, 0, "thresholds: a JSON object");
    }
    return RW_OK;
}

static rw_status id_ok(const char *id, rw_error *err)
{
    rw_status st = rw_account_check(id, err);
    if (st == RW_OK && (!id || !*id))
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "an account id is required");
    return st == RW_OK ? text_ok("account id", id, err) : st;
}

/* Replaces *field by a copy of v (NULL stays NULL). */
static int set_str(char **field, const char *v)
{
    char *c = v ? strdup(v) : NULL;
    if (v && !c) return 0;
    free(*field);
    *field = c;
    return 1;
}

/* Sets a JSON text field from a JSON value (compact, keys in order). */
static int set_json(char **field, const json_t *v)
{
    char *t = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (!t) return 0;
    int ok = set_str(field, t);
    free(t);
    return ok;
}

/* Applies u to r (read from the registry, or new). */
static rw_status apply(const rw_account_update *u, rw_account_rec *r, rw_error *err)
{
    rw_status st = RW_OK;
    json_error_t je;
    json_t *labels = json_loads(r->labels ? r->labels : "{}", 0, &je);
    json_t *routes = json_array(), *thr = NULL;
    if (!json_is_object(labels) || !routes) st = rw_error_set(err, RW_EDB, NULL, 0,
                                                             "the stored labels are not JSON");
    for (size_t i = 0; st == RW_OK && i < u->nlabels; i++) st = label_set(labels, u->labels[i], err);
    for (size_t i = 0; st == RW_OK && i < u->nunlabels; i++) json_object_del(labels, u->unlabels[i]);
    for (size_t i = 0; st == RW_OK && i < u->nroutes; i++) st = route_text(routes, u->routes[i], err);
    if (st == RW_OK && u->name) st = text_ok("name", u->name, err);
    if (st == RW_OK && u->owner) st = text_ok("owner", u->owner, err);
    if (st == RW_OK && u->payer) st = payer_ok(u->id, u->payer, err);
    if (st == RW_OK && u->policy && *u->policy) st = policy_ok(u->policy, err);
    if (st == RW_OK && u->budget_set) st = budget_ok(u->budget, err);
    if (st == RW_OK && u->thresholds && *u->thresholds) st = thresholds_ok(u->thresholds, &thr, err);
    int ok = 1;
    if (st == RW_OK) {
        if (u->name) ok &= set_str(&r->name, u->name);
        if (u->owner) ok &= set_str(&r->owner, u->owner);
        if (u->payer) ok &= set_str(&r->payer, u->payer);
        if (u->self_paid) ok &= set_str(&r->payer, NULL);
        if (u->policy) ok &= set_str(&r->policy, *u->policy ? u->policy : NULL);
        if (u->budget_set) r->budget = u->budget;
        if (u->thresholds) ok &= thr ? set_json(&r->thresholds, thr) : set_str(&r->thresholds, NULL);
        ok &= set_json(&r->labels, labels);
        if (u->nroutes || u->clear_routes) ok &= set_json(&r->routes, routes);
        if (!r->name) ok &= set_str(&r->name, "");
        if (!r->owner) ok &= set_str(&r->owner, "");
        if (!r->routes) ok &= set_str(&r->routes, "[]");
        if (!ok) st = rw_app_oom(err);
    }
    json_decref(labels);
    json_decref(routes);
    json_decref(thr);
    return st;
}

/* The whole list of accounts (registered and seen), read in one snapshot. */
static rw_status all(rw_session *s, rw_account_list **out, rw_error *err)
{
    rw_store *store;
    *out = calloc(1, sizeof **out);
    if (!*out) return rw_app_oom(err);
    rw_status st = rw_app_store(s, &store, err);
    if (st == RW_OK) st = rw_store_accounts_all(store, &(*out)->recs, &(*out)->n, err);
    if (st != RW_OK) {
        rw_account_list_free(*out);
        *out = NULL;
    }
    return st;
}

/* Keeps the records of l for which keep(rec, ctx) holds. */
static void keep_only(rw_account_list *l, int (*keep)(const rw_account_rec *, const void *),
                      const void *ctx)
{
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (keep(&l->recs[i], ctx)) l->recs[k++] = l->recs[i];
        else rw_account_rec_cleanup(&l->recs[i]);
    }
    l->n = k;
}

static int has_id(const rw_account_rec *r, const void *id)
{
    return !strcmp(r->id, id);
}

static int has_labels(const rw_account_rec *r, const void *f)
{
    return rw_app_labels_match(r->labels, f);
}

int rw_app_labels_match(const char *labels, const rw_label_filter *f)
{
    if (!f || !f->n) return 1;
    json_error_t je;
    json_t *o = json_loads(labels ? labels : "{}", 0, &je);
    int ok = json_is_object(o);
    for (size_t i = 0; ok && i < f->n; i++) {
        const char *eq = strchr(f->labels[i], '=');
        char key[KEY_MAX + 1];
        size_t n = eq ? (size_t)(eq - f->labels[i]) : 0;
        ok = eq && n <= KEY_MAX;
        if (!ok) break;
        memcpy(key, f->labels[i], n);
        key[n] = '\0';
        const char *v = json_string_value(json_object_get(o, key));
        ok = v && !strcmp(v, eq + 1);
    }
    json_decref(o);
    return ok;
}

rw_status rw_app_label_filter_check(const rw_label_filter *f, rw_error *err)
{
    for (size_t i = 0; f && i < f->n; i++) {
        const char *eq = strchr(f->labels[i], '=');
        if (!eq || !key_ok(f->labels[i], (size_t)(eq - f->labels[i])))
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "--label '%.80s': KEY=VALUE with a key of letters, digits, '_',"
                                " '.' or '-'", f->labels[i]);
    }
    return RW_OK;
}

rw_status rw_app_account_policy(rw_session *s, const char *account, char *buf, size_t size,
                                rw_error *err)
{
    rw_store *store;
    rw_account_rec r;
    buf[0] = '\0';
    if (!account || !*account) return RW_OK;
    rw_status st = rw_app_store(s, &store, err);
    if (st == RW_OK) st = rw_store_account_get(store, account, &r, err);
    if (st == RW_ENOTFOUND) {
        rw_error_clear(err);
        return RW_OK;
    }
    if (st == RW_OK && r.policy) rw_str_copy(buf, size, r.policy);
    if (st == RW_OK) rw_account_rec_cleanup(&r);
    return st;
}

rw_status rw_accounts_list(rw_session *s, const rw_label_filter *f, rw_account_list **out,
                           rw_error *err)
{
    *out = NULL;
    rw_status st = rw_app_label_filter_check(f, err);
    if (st == RW_OK) st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = all(s, out, err);
    rw_app_read_end(s);
    if (st == RW_OK) keep_only(*out, has_labels, f);
    return st;
}

rw_status rw_account_show(rw_session *s, const char *id, rw_account_list **out, rw_error *err)
{
    *out = NULL;
    rw_status st = id_ok(id, err);
    if (st == RW_OK) st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = all(s, out, err);
    rw_app_read_end(s);
    if (st != RW_OK) return st;
    keep_only(*out, has_id, id);
    if ((*out)->n) return RW_OK;
    rw_account_list_free(*out);
    *out = NULL;
    return rw_error_set(err, RW_ENOTFOUND, NULL, 0,
                        "no account '%s': not registered and not seen in balances, the ledger or"
                        " bills", id);
}

/* Reads r->id's registry row into r, or starts a new record. */
static rw_status current(rw_store *store, const char *id, rw_account_rec *r, rw_error *err)
{
    rw_status st = rw_store_account_get(store, id, r, err);
    if (st != RW_ENOTFOUND) return st;
    rw_error_clear(err);
    memset(r, 0, sizeof *r);
    r->budget = NAN;
    rw_str_copy(r->id, sizeof r->id, id);
    return RW_OK;
}

rw_status rw_account_set(rw_session *s, const rw_account_update *u, rw_account_list **out,
                         rw_error *err)
{
    rw_store *store;
    rw_account_rec r;
    memset(&r, 0, sizeof r);
    if (out) *out = NULL;
    if (u->nlabels > RW_MAX_LABELS || u->nunlabels > RW_MAX_LABELS || u->nroutes > RW_MAX_ROUTES)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d labels and %d routes",
                            RW_MAX_LABELS, RW_MAX_ROUTES);
    if (u->payer && u->self_paid)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--payer and --self-paid together");
    rw_status st = id_ok(u->id, err);
    if (st == RW_OK) st = rw_app_store(s, &store, err);
    if (st == RW_OK) st = rw_store_write_begin(store, err);
    if (st != RW_OK) return st;
    st = current(store, u->id, &r, err);
    if (st == RW_OK) st = apply(u, &r, err);
    if (st == RW_OK) st = rw_store_account_put(store, &r, (int64_t)time(NULL), err);
    if (st == RW_OK) st = rw_store_write_commit(store, err);
    else rw_store_write_rollback(store);
    rw_account_rec_cleanup(&r);
    if (st == RW_OK && out) st = rw_account_show(s, u->id, out, err);
    return st;
}

/* ---- import ------------------------------------------------------------------ */

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

/* Builds a row's record from its fields (labels and routes already as
 * JSON values, NULL when absent). */
static rw_status row_build(const char *id, const char *name, json_t *labels, const char *owner,
                           const char *payer, const char *policy, json_t *routes, double budget,
                           const char *thresholds, rw_account_rec *r, rw_error *err)
{
    rw_account_update u;
    rw_account_update_init(&u);
    memset(r, 0, sizeof *r);
    r->budget = NAN;
    rw_status st = id_ok(id, err);
    if (st != RW_OK) return st;
    rw_str_copy(r->id, sizeof r->id, id);
    u.id = id;
    u.name = name ? name : "";
    u.owner = owner ? owner : "";
    u.self_paid = !payer || !*payer;
    u.payer = u.self_paid ? NULL : payer;
    u.policy = policy ? policy : "";
    u.budget_set = 1;
    u.budget = budget;
    u.thresholds = thresholds ? thresholds : "";
    u.clear_routes = 1;
    st = apply(&u, r, err);
    /* Labels and routes are checked one by one, as `set` checks them. */
    json_t *lab = json_object(), *rts = json_array();
    const char *k;
    json_t *v;
    size_t i;
    if (!lab || !rts) st = rw_app_oom(err);
    json_object_foreach(labels, k, v)
    {
        char kv[KEY_MAX + TEXT_MAX + 8];
        if (st != RW_OK) break;
        if (!json_is_string(v)) {
            st = rw_error_set(err, RW_EINVAL, NULL, 0, "label '%.64s': its value is a string", k);
            break;
        }
        if ((size_t)snprintf(kv, sizeof kv, "%s=%s", k, json_string_value(v)) >= sizeof kv) {
            st = rw_error_set(err, RW_EINVAL, NULL, 0, "label '%.64s': too long", k);
            break;
        }
        st = label_set(lab, kv, err);
    }
    json_array_foreach(routes, i, v)
    {
        if (st != RW_OK) break;
        const char *kind = json_string_value(json_object_get(v, "kind"));
        const char *ref = json_string_value(json_object_get(v, "url_ref"));
        if (i >= RW_MAX_ROUTES)
            st = rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d routes", RW_MAX_ROUTES);
        else if (json_is_string(v)) st = route_text(rts, json_string_value(v), err);
        else if (!kind || !ref)
            st = rw_error_set(err, RW_EINVAL, NULL, 0,
                              "a route is {\"kind\": KIND, \"url_ref\": \"env:VAR\"}");
        else st = route_add(rts, kind, ref, err);
    }
    if (st == RW_OK && json_object_size(lab) > RW_MAX_LABELS)
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d labels", RW_MAX_LABELS);
    if (st == RW_OK && !(set_json(&r->labels, lab) && set_json(&r->routes, rts))) st = rw_app_oom(err);
    json_decref(lab);
    json_decref(rts);
    if (st != RW_OK) rw_account_rec_cleanup(r);
    return st;
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
                st = row_build(id, name, json_is_object(labels) ? labels : NULL, owner, payer,
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

/* "k=v;k2=v2" (labels) or "kind=ref;kind=ref" (routes) into JSON. */
static rw_status split_list(const char *text, int routes, json_t *out, rw_error *err)
{
    char buf[4096];
    if (strlen(text) >= sizeof buf)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "%s: too long", routes ? "routes" : "labels");
    rw_str_copy(buf, sizeof buf, text);
    rw_status st = RW_OK;
    for (char *p = buf, *next; st == RW_OK && p && *p; p = next) {
        next = strchr(p, ';');
        if (next) *next++ = '\0';
        if (!*p) continue;
        st = routes ? route_text(out, p, err) : label_set(out, p, err);
    }
    return st;
}

static const char *const csv_cols[] = {"id", "name", "labels", "owner", "payer",
                                       "policy", "routes", "budget"};
#define NCOLS (sizeof csv_cols / sizeof *csv_cols)

static rw_status csv_row(rw_csv *c, const int *ix, import_row *row, rw_error *err)
{
    const char *f[NCOLS];
    char copy[NCOLS][TEXT_MAX * 16 + 1];
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
    /* The routes are checked once more by row_build: here only split. */
    json_t *rt = json_array();
    if (st == RW_OK && !rt) st = rw_app_oom(err);
    if (st == RW_OK) st = split_list(f[6], 1, rt, err);
    if (st == RW_OK)
        st = row_build(f[0], f[1], labels, f[3], f[4], f[5], rt, budget, NULL, &row->r, err);
    json_decref(rt);
    json_decref(labels);
    return st;
}

static rw_status import_csv(const char *path, import_row **rows, size_t *n, rw_error *err)
{
    rw_input in;
    rw_csv c;
    size_t cap = 0;
    int ix[NCOLS];
    memset(&in, 0, sizeof in);
    memset(&c, 0, sizeof c);
    rw_status st = rw_input_open(&in, path, err);
    if (st == RW_OK) {
        rw_csv_init(&c, &in, ',');
        st = rw_csv_next(&c, err);
    }
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
    rw_input_close(&in);
    return st;
}

/* The whole file into memory (imports are small). */
static rw_status slurp(const char *path, char **out, rw_error *err)
{
    FILE *f = fopen(path, "rb");
    *out = NULL;
    if (!f) return rw_error_set(err, RW_EIO, path, 0, "cannot open: %s", strerror(errno));
    size_t cap = 0, n = 0;
    char *buf = NULL;
    rw_status st = RW_OK;
    for (;;) {
        if (!rw_grow(&buf, &cap, n + 1, 1, 4096)) {
            st = rw_app_oom(err);
            break;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
        if (n > (size_t)64 << 20) {
            st = rw_error_set(err, RW_EFORMAT, path, 0, "larger than 64 MiB");
            break;
        }
    }
    if (st == RW_OK && ferror(f)) st = rw_error_set(err, RW_EIO, path, 0, "read error");
    fclose(f);
    if (st != RW_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    return RW_OK;
}

rw_status rw_accounts_import(rw_session *s, const char *path, size_t *stored, rw_error *err)
{
    char *text = NULL;
    import_row *rows = NULL;
    size_t n = 0;
    rw_store *store = NULL;
    if (stored) *stored = 0;
    rw_status st = slurp(path, &text, err);
    if (st != RW_OK) return st;
    const char *p = text;
    if (!strncmp(p, "\xEF\xBB\xBF", 3)) p += 3;
    while (isspace((unsigned char)*p)) p++;
    st = *p == '[' ? import_json(path, p, &rows, &n, err) : import_csv(path, &rows, &n, err);
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

size_t rw_account_list_count(const rw_account_list *l)
{
    return l ? l->n : 0;
}

const char *rw_account_list_id(const rw_account_list *l, size_t i)
{
    return l && i < l->n ? l->recs[i].id : NULL;
}

void rw_account_list_free(rw_account_list *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) rw_account_rec_cleanup(&l->recs[i]);
    free(l->recs);
    free(l);
}
