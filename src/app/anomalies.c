/* anomalies.c: days or hours outside the interval of the forecast made
 * before them, each attributed to the dimension value (service, account,
 * region, tag) that moved most (runway.h rw_anomalies_find). Series come
 * from a series file or the store; attribution queries the store for the
 * same selection broken down by each dimension, within one snapshot. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "app/select.h"
#include "export/anomaly_write.h"
#include "util/strutil.h"
#include "util/timeutil.h"


void rw_anomaly_options_init(rw_anomaly_options *o)
{
    memset(o, 0, sizeof *o);
    rw_selection_init(&o->sel);
    o->attribute = 1;
    o->seed = RW_DEFAULT_SEED;
}

/* A dimension to attribute to, and its breakdown once queried. */
typedef struct dim_req {
    const char *text;     /* "service", "tag:team" */
    rw_group by;
    const char *tag_key;
    int given;            /* asked for (a failing query is an error) */
    int queried;          /* set holds the breakdown, or NULL: not available */
    rw_series_set *set;   /* owned */
} dim_req;

typedef struct finder {
    rw_session *s;
    const rw_anomaly_options *o;
    rw_anomaly_opts ao;
    dim_req dims[RW_ANOM_MAX_DIMS];
    size_t ndims;
    rw_series_set *sel;   /* the selection itself, for currencies; NULL until needed */
    rw_anomaly_set *out;
    const rw_tz *tz;      /* the zone of the examined series; NULL: UTC */
} finder;

static rw_status add_dim(finder *f, const char *text, int given, rw_error *err)
{
    dim_req d = {text, RW_BY_NONE, NULL, given, 0, NULL};
    if (rw_group_parse(text, &d.by, &d.tag_key) != RW_OK || d.by == RW_BY_NONE)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--attribute: unknown dimension '%s'", text);
    for (size_t i = 0; i < f->ndims; i++)
        if (f->dims[i].by == d.by &&
            (d.by != RW_BY_TAG || !strcmp(f->dims[i].tag_key, d.tag_key))) {
            f->dims[i].given |= given;
            return RW_OK;
        }
    if (f->ndims == RW_ANOM_MAX_DIMS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--attribute: at most %d dimensions",
                            RW_ANOM_MAX_DIMS);
    f->dims[f->ndims++] = d;
    return RW_OK;
}

/* The dimensions: service, account and region, then those asked for. */
static rw_status dims_of(finder *f, rw_error *err)
{
    static const char *const defaults[] = {"service", "account", "region"};
    const rw_anomaly_options *o = f->o;
    if (o->sel.input && o->nattributes)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "--attribute needs the store: a series file has no dimensions");
    for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) add_dim(f, defaults[i], 0, err);
    for (size_t i = 0; i < o->nattributes; i++) {
        rw_status st = add_dim(f, o->attributes[i], 1, err);
        if (st != RW_OK) return st;
    }
    if (!o->attribute || o->sel.input) f->ndims = 0;
    return RW_OK;
}

/* Keeps the steps of a series file in [from, to) (the store applies them
 * itself), without leading or trailing gaps. Returns 0 when none remain. */
static int trim_window(rw_ts *ts, int64_t from, int64_t to)
{
    size_t a = 0, b = ts->n;
    while (a < b && (ts->t[a] < from || isnan(ts->y[a]))) a++;
    while (b > a && (ts->t[b - 1] >= to || isnan(ts->y[b - 1]))) b--;
    memmove(ts->t, ts->t + a, (b - a) * sizeof *ts->t);
    memmove(ts->y, ts->y + a, (b - a) * sizeof *ts->y);
    ts->n = b - a;
    return ts->n > 0;
}

/* Runs the selection grouped by `by`; RW_EINVAL (the grouping does not
 * apply to the metric) is reported only when `report` is set. */
static rw_status query(finder *f, rw_group by, const char *tag_key, int report,
                       rw_series_set **out)
{
    rw_error err;
    rw_error_clear(&err);
    rw_series_query q = rw_app_query(&f->o->sel, f->tz);
    q.by = by;
    q.tag_key = tag_key;
    rw_status st = rw_series_query_run(f->s->store, &q, out, &err);
    if (st != RW_OK && (st != RW_EINVAL || report)) rw_app_warn_error(f->s, &err);
    return st;
}

/* The currency of store series `name` ("" when not money or unknown). */
static const char *currency_of(finder *f, const char *name)
{
    if (f->o->sel.input) return "";
    if (!f->sel && query(f, f->o->sel.by, f->o->sel.tag_key, 0, &f->sel) != RW_OK) f->sel = NULL;
    for (size_t i = 0; f->sel && i < f->sel->n; i++)
        if (!strcmp(f->sel->s[i].name, name)) return f->sel->s[i].currency;
    return "";
}

/* Per-dimension value series of one examined series, aligned to its index. */
typedef struct breakdown {
    rw_anomaly_dim dims[RW_ANOM_MAX_DIMS]; /* those the store could break down */
    size_t n;
    const char **names;            /* owned: value names, one block per dimension */
    const double **ys;             /* owned: value series, likewise */
    double *data;                  /* owned: their values */
} breakdown;

static void breakdown_cleanup(breakdown *b)
{
    free(b->names);
    free(b->ys);
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* Queries the dimensions (once per call) and aligns their values of
 * currency `cur` to ts. */
static rw_status breakdown_build(finder *f, const rw_ts *ts, const char *cur, breakdown *b,
                                 rw_error *err)
{
    size_t total = 0;
    memset(b, 0, sizeof *b);
    for (size_t d = 0; d < f->ndims; d++) {
        dim_req *r = &f->dims[d];
        if (!r->queried) {
            rw_status st = query(f, r->by, r->tag_key, r->given, &r->set);
            r->queried = 1;
            if (st != RW_OK) {
                r->set = NULL;
                if (st != RW_EINVAL) return st;
                if (r->given) return RW_EINVAL; /* reported */
            }
        }
        if (r->set) total += r->set->n;
    }
    b->names = malloc((total ? total : 1) * sizeof *b->names);
    b->ys = malloc((total ? total : 1) * sizeof *b->ys);
    b->data = malloc((total ? total : 1) * ts->n * sizeof *b->data);
    if (!b->names || !b->ys || !b->data) return rw_app_oom(err);
    size_t used = 0;
    for (size_t d = 0; d < f->ndims; d++) {
        const rw_series_set *set = f->dims[d].set;
        if (!set) continue;
        rw_anomaly_dim *dm = &b->dims[b->n++];
        *dm = (rw_anomaly_dim){f->dims[d].text, 0, b->names + used, b->ys + used, ts->n};
        for (size_t v = 0; v < set->n; v++) {
            const rw_series *sr = &set->s[v];
            if (cur[0] && sr->currency[0] && strcmp(sr->currency, cur)) continue;
            double *y = b->data + used * ts->n;
            rw_app_align(ts, sr->t, sr->v, sr->n, y);
            b->names[used] = sr->name;
            b->ys[used++] = y;
            dm->nvalues++;
        }
    }
    return RW_OK;
}

/* Attributes every anomaly of r (attr: r->n entries, zeroed). */
static void attribute(const breakdown *b, const rw_ts *ts, const rw_anomaly_report *r,
                      rw_anomaly_attr *attr)
{
    rw_attribution per[RW_ANOM_MAX_DIMS];
    size_t season = rw_anomaly_default_season(ts->gran);
    for (size_t k = 0; k < r->n; k++) {
        long best = rw_anomaly_attribute(&r->a[k], b->dims, b->n, season, per);
        if (best < 0) continue;
        for (size_t pass = 0; pass < 2; pass++)
            for (size_t d = 0; d < b->n; d++) {
                if (!per[d].found || (pass == 0) != (d == (size_t)best)) continue;
                const rw_anomaly_dim *dm = &b->dims[d];
                rw_named_attr *na = &attr[k].found[attr[k].n++];
                rw_str_copy(na->dim, sizeof na->dim, dm->name);
                rw_str_copy(na->value, sizeof na->value, dm->values[per[d].value]);
                na->deviation = per[d].deviation;
                na->share = per[d].share;
            }
    }
}

/* Appends an examined series to the result (takes r and attr). */
static rw_status keep(finder *f, const rw_ts *ts, const char *cur, rw_anomaly_report *r,
                      rw_anomaly_attr *attr, rw_error *err)
{
    rw_anomaly_set *a = f->out;
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 8;
        rw_anomaly_item *ni = realloc(a->item, cap * sizeof *ni);
        if (!ni) return rw_app_oom(err);
        a->item = ni;
        a->cap = cap;
    }
    rw_anomaly_item *it = &a->item[a->n];
    *it = (rw_anomaly_item){strdup(ts->name), ts->gran, "", ts->t[r->first], ts->t[ts->n - 1],
                            r, attr};
    rw_str_copy(it->currency, sizeof it->currency, cur);
    a->n++;
    return it->name ? RW_OK : rw_app_oom(err);
}

/* Examines one series. A series that cannot be examined is warned about
 * and counted; RW_EINVAL (a bad option) stops the call. */
static rw_status examine(finder *f, const rw_ts *ts, int *failed, rw_error *err)
{
    rw_error derr;
    rw_error_clear(&derr);
    rw_anomaly_report *r = NULL;
    rw_anomaly_attr *attr = NULL;
    breakdown b = {0};
    rw_status st = rw_anomaly_detect(ts, &f->ao, &r, &derr);
    if (st != RW_OK) {
        rw_app_msg(f->s, RW_MSG_WARNING, "series '%s': %s", ts->name,
                   derr.text[0] ? derr.text : rw_strerror(st));
        (*failed)++;
        return st == RW_EINVAL ? RW_EINVAL : RW_OK;
    }
    if (r->steps < r->requested)
        rw_app_msg(f->s, RW_MSG_NOTE,
                   "series '%s': %zu of the %zu %s asked for examined; the first %zu are history",
                   ts->name, r->steps, r->requested, rw_granularity_plural(ts->gran),
                   rw_anomaly_min_history(ts->gran));
    const char *cur = currency_of(f, ts->name);
    if (r->n && f->ndims && f->o->sel.by == RW_BY_NONE) {
        if (!(attr = calloc(r->n, sizeof *attr))) st = rw_app_oom(err);
        if (st == RW_OK) st = breakdown_build(f, ts, cur, &b, err);
        if (st == RW_OK) attribute(&b, ts, r, attr);
    }
    breakdown_cleanup(&b);
    if (st == RW_OK) return keep(f, ts, cur, r, attr, err);
    free(attr);
    rw_anomaly_report_free(r);
    return st;
}

/* The result's labels: the metric ("value" for series files) and unit. */
static rw_status labels(const rw_anomaly_options *o, rw_anomaly_set *a, rw_error *err)
{
    a->metric = strdup(o->sel.input ? "value" : o->sel.metric_text);
    a->unit = strdup(o->sel.metric == RW_METRIC_USAGE && o->sel.unit ? o->sel.unit : "");
    return a->metric && a->unit ? RW_OK : rw_app_oom(err);
}

rw_status rw_anomalies_find(rw_session *s, const rw_anomaly_options *o, rw_anomaly_set **out,
                            rw_error *err)
{
    finder f = {s, o, {o->last, o->step, o->level, o->seed, 0, o->jobs}, {{0}}, 0, NULL,
                calloc(1, sizeof *f.out), NULL};
    rw_ts_list l = {0};
    *out = NULL;
    if (o->nattributes > RW_MAX_ATTRIBUTES)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "--attribute: at most %d dimensions",
                            RW_MAX_ATTRIBUTES);
    if (!f.out) return rw_app_oom(err);
    rw_status st = dims_of(&f, err);
    if (st == RW_OK) st = labels(o, f.out, err);
    if (st == RW_OK) st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = rw_app_collect(s, &o->sel, &l, err);
    if (st != RW_OK) {
        rw_app_read_end(s);
        rw_ts_list_cleanup(&l);
        rw_anomaly_set_free(f.out);
        return st;
    }
    *out = f.out;
    f.out->tz = l.tz; /* the result keeps the zone; the breakdowns borrow it */
    l.tz = NULL;
    f.tz = f.out->tz;
    if (f.ndims && o->sel.by != RW_BY_NONE)
        rw_app_msg(s, RW_MSG_NOTE, "anomalies are attributed to services, accounts and regions"
                                   " only for the total (without --by)");
    int failed = l.failed;
    for (size_t i = 0; i < l.n && st == RW_OK; i++) {
        if (o->sel.input && !trim_window(l.ts[i], o->sel.from, o->sel.to)) {
            rw_app_msg(s, RW_MSG_WARNING, "series '%s': no values between --from and --to",
                       l.ts[i]->name);
            failed++;
            continue;
        }
        st = examine(&f, l.ts[i], &failed, err);
    }
    rw_app_read_end(s);
    for (size_t d = 0; d < f.ndims; d++) rw_series_set_free(f.dims[d].set);
    rw_series_set_free(f.sel);
    if (st == RW_OK && failed)
        st = rw_error_set(err, RW_EPARTIAL, NULL, 0, "%d of %d series could not be examined",
                          failed, l.total);
    else if (st == RW_OK && l.total == 0)
        st = RW_EPARTIAL;
    rw_ts_list_cleanup(&l);
    return st;
}
