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
#include "net/credentials.h"
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

int rw_app_label_key_ok(const char *key)
{
    return key && key_ok(key, strlen(key));
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
    int ok = name && (env ? *name && strlen(name) <= 128 : rw_cred_profile_name_ok(name));
    for (const char *p = name; ok && env && *p; p++) /* a shell variable's name */
        ok = isalnum((unsigned char)*p) || *p == '_';
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

/* A JSON number as a double, NaN when v is not a number. */
static double json_num(const json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : NAN;
}

rw_status rw_app_thresholds_override(const char *text, rw_app_registered *r, rw_error *err)
{
    static const char what[] = "thresholds: a JSON object with any of \"lead_days\" ([7, 3, 1]),"
                               " \"confidence\" (0.95) and \"fixed_alert\" (500)";
    json_error_t je;
    json_t *o = json_loads(text, 0, &je), *v, *leads;
    size_t lead[RW_MAX_LEADS], nleads = 0, i;
    const char *k;
    rw_status st = json_is_object(o) ? RW_OK : rw_error_set(err, RW_EINVAL, NULL, 0, "%s", what);
    json_object_foreach(o, k, v)
    {
        if (st == RW_OK && strcmp(k, "lead_days") && strcmp(k, "confidence") &&
            strcmp(k, "fixed_alert"))
            st = rw_error_set(err, RW_EINVAL, NULL, 0, "thresholds: unknown key '%.64s' (%s)", k,
                              what);
    }
    leads = json_object_get(o, "lead_days");
    if (st == RW_OK && leads && (!json_is_array(leads) || !json_array_size(leads) ||
                                 json_array_size(leads) > RW_MAX_LEADS))
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "thresholds: \"lead_days\" is an array of 1 to %d numbers of days",
                          RW_MAX_LEADS);
    json_array_foreach(leads, i, v)
    {
        if (st != RW_OK) break;
        double d = json_num(v);
        if (!(d >= 1 && d <= 365 && d == floor(d)))
            st = rw_error_set(err, RW_EINVAL, NULL, 0,
                              "thresholds: \"lead_days\" holds whole days, 1..365");
        else lead[nleads++] = (size_t)d;
    }
    v = json_object_get(o, "confidence");
    double conf = v ? json_num(v) : RW_LADDER_CONFIDENCE;
    v = json_object_get(o, "fixed_alert");
    double fixed = v ? json_num(v) : 0;
    rw_error e;
    rw_error_clear(&e);
    if (st == RW_OK && rw_app_thresholds_check(nleads, lead, conf, fixed, &e) != RW_OK)
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "thresholds: %s", e.text);
    if (st == RW_OK && r) {
        r->nleads = nleads;
        memcpy(r->leads, lead, nleads * sizeof *lead);
        r->confidence = json_object_get(o, "confidence") ? conf : NAN;
        r->fixed_alert = json_object_get(o, "fixed_alert") ? fixed : NAN;
    }
    json_decref(o);
    return st;
}

/* The override as stored: compact JSON of a valid override. */
static rw_status thresholds_ok(const char *text, json_t **out, rw_error *err)
{
    json_error_t je;
    rw_status st = rw_app_thresholds_override(text, NULL, err);
    *out = st == RW_OK ? json_loads(text, 0, &je) : NULL;
    return st == RW_OK && !*out ? rw_app_oom(err) : st;
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
    char *t = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15));
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

rw_status rw_app_account_registered(rw_session *s, const char *account, rw_app_registered *out,
                                    rw_error *err)
{
    rw_store *store;
    rw_account_rec r;
    memset(out, 0, sizeof *out);
    out->budget = out->confidence = out->fixed_alert = NAN;
    if (!account || !*account) return RW_OK;
    rw_status st = rw_app_store(s, &store, err);
    if (st == RW_OK) st = rw_store_account_get(store, account, &r, err);
    if (st == RW_ENOTFOUND) {
        rw_error_clear(err);
        return RW_OK;
    }
    if (st != RW_OK) return st;
    if (r.policy) rw_str_copy(out->policy, sizeof out->policy, r.policy);
    out->budget = r.budget;
    if (r.thresholds) {
        rw_error e;
        rw_error_clear(&e);
        if (rw_app_thresholds_override(r.thresholds, out, &e) != RW_OK)
            st = rw_error_set(err, RW_EINVAL, NULL, 0,
                              "the threshold override registered for the account: %s"
                              " (change it with `runway accounts set ID --thresholds`)",
                              e.text);
    }
    rw_account_rec_cleanup(&r);
    return st;
}

double rw_app_setting(double given, double registered, double dflt)
{
    return !isnan(given) ? given : !isnan(registered) ? registered : dflt;
}

const char *rw_app_setting_str(const char *given, const char *registered, const char *dflt)
{
    return given ? given : registered && *registered ? registered : dflt;
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

/* ---- a record from an import file's fields ------------------------------------ */

rw_status rw_app_account_build(const char *id, const char *name, json_t *labels, const char *owner,
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
