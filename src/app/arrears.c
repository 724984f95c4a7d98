/* arrears.c: the arrears statement use case (runway.h
 * rw_arrears_statement): the run-out plan's facts of the latest balance,
 * and the charges since the arrears began by billing period and service. */
#include <stdlib.h>
#include <string.h>
#include "app/plan.h"
#include "app/select.h"
#include "export/arrears_write.h"
#include "util/grow.h"
#include "util/strutil.h"
#include "util/timeutil.h"

void rw_arrears_options_init(rw_arrears_options *o)
{
    memset(o, 0, sizeof *o);
    rw_plan_options_init(&o->plan);
    o->grace_hours = o->retention_days = -1;
    o->now = INT64_MIN;
}

static int cmp_row(const void *x, const void *y)
{
    const rw_arrears_row *a = x, *b = y;
    int c = strcmp(a->period, b->period);
    if (c) return c;
    if (a->amount != b->amount) return a->amount < b->amount ? 1 : -1;
    return strcmp(a->service, b->service);
}

/* Adds `v` to the row (period, service), growing r->rows. */
static int add_row(rw_arrears_result *r, size_t *cap, const char *period, const char *service,
                   double v)
{
    for (size_t i = 0; i < r->nrows; i++)
        if (!strcmp(r->rows[i].period, period) && !strcmp(r->rows[i].service, service)) {
            r->rows[i].amount += v;
            return 1;
        }
    if (!rw_grow(&r->rows, cap, r->nrows, sizeof *r->rows, 16)) return 0;
    rw_arrears_row *row = &r->rows[r->nrows];
    rw_str_copy(row->period, sizeof row->period, period);
    if (!(row->service = strdup(service))) return 0;
    row->amount = v;
    r->nrows++;
    return 1;
}

/* The charges of the days from r->from on, by month and service, counted
 * as the run-out counted them. */
static rw_status breakdown(rw_session *s, const rw_arrears_options *o, rw_arrears_result *r,
                           rw_error *err)
{
    rw_plan_base b;
    rw_ts_list l = {0};
    size_t cap = 0;
    rw_status st = rw_app_read_begin(s, err);
    if (st == RW_OK) st = rw_app_plan_load(s, &o->plan, RW_VIEW_BALANCE, &b, err);
    if (st == RW_OK) {
        rw_selection sel = b.sel;
        sel.by = RW_BY_SERVICE;
        sel.by_text = "service";
        sel.granularity = RW_GRAN_DAY;
        sel.from = r->from;
        st = rw_app_collect(s, &sel, &l, err);
        rw_app_plan_cleanup(&b);
    }
    rw_app_read_end(s);
    for (size_t i = 0; st == RW_OK && i < l.n; i++)
        for (size_t k = 0; k < l.ts[i]->n; k++) {
            double v = l.ts[i]->y[k];
            char day[16];
            if (v != v || v == 0) continue; /* a gap, or nothing */
            rw_time_format_day(l.ts[i]->t[k], day);
            day[7] = '\0';
            if (!add_row(r, &cap, day, l.ts[i]->name, v)) st = rw_app_oom(err);
            r->total += v;
        }
    rw_ts_list_cleanup(&l);
    if (st == RW_OK && r->nrows) qsort(r->rows, r->nrows, sizeof *r->rows, cmp_row);
    return st;
}

rw_status rw_arrears_statement(rw_session *s, const rw_arrears_options *o,
                               rw_arrears_result **out, rw_error *err)
{
    *out = NULL;
    if (o->plan.sel.input)
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "the arrears statement reads the store: give --account, not --input");
    if (rw_app_as_billed(&o->plan, "the arrears statement", err) != RW_OK) return RW_EINVAL;
    rw_arrears_result *r = calloc(1, sizeof *r);
    if (!r) return rw_app_oom(err);
    rw_runout_options ro;
    rw_runout_options_init(&ro);
    ro.plan = o->plan;
    ro.credit_limit = o->credit_limit;
    ro.policy = o->policy;
    ro.grace_hours = o->grace_hours;
    ro.retention_days = o->retention_days;
    ro.now = o->now;
    ro.horizon_days = 30;
    rw_str_copy(r->account, sizeof r->account, o->plan.sel.account ? o->plan.sel.account : "");
    rw_status st = rw_runout_plan(s, &ro, &r->runout, err);
    rw_balance_row bal; /* the statement names the account the balance is of */
    if (st == RW_OK && !r->account[0] && rw_balance_get(s, NULL, &bal, NULL) == RW_OK)
        rw_str_copy(r->account, sizeof r->account, bal.account);
    const rw_arrears_facts *a = st == RW_OK ? &r->runout->facts.arrears : NULL;
    if (a && a->in_arrears) {
        r->from = rw_time_floor(a->since, RW_GRAN_DAY);
        st = breakdown(s, o, r, err);
    }
    if (st == RW_OK) {
        *out = r;
        r = NULL;
    }
    rw_arrears_result_free(r);
    return st;
}
