/* plan_common.c: flags, series, balance and scenarios shared by the
 * planning commands (plan_common.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli/plan_common.h"
#include "store/balance.h"
#include "plan/money.h"
#include "util/num.h"
#include "util/strutil.h"
#include "util/timeutil.h"

void rw_plan_day(int64_t t, char out[16])
{
    rw_time_format_bucket(t, RW_GRAN_DAY, out, 16);
}

const char *rw_plan_unit(const char *currency, char out[8])
{
    if (currency && currency[0]) snprintf(out, 8, " %.3s", currency);
    else out[0] = '\0';
    return out;
}

void rw_plan_init(plan_config *p, const char *formats)
{
    memset(p, 0, sizeof *p);
    p->fc.q = (rw_series_query){RW_METRIC_COST, NULL, RW_BY_NONE, NULL, RW_GRAN_DAY,
                                INT64_MIN, INT64_MAX, NULL, NULL};
    p->fc.gran_given = 0;
    p->as_of = INT64_MIN;
    p->seed = 42;
    p->formats = formats;
}

/* Whether `f` is one of the '|'-separated names in `list`. */
static int one_of(const char *f, const char *list)
{
    size_t n = strlen(f);
    for (const char *s = list; *s;) {
        const char *e = strchr(s, '|');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == n && !strncmp(s, f, n)) return 1;
        if (!e) break;
        s = e + 1;
    }
    return 0;
}

int rw_plan_option(plan_config *p, int opt, const char *arg)
{
    int64_t v;
    switch (opt) {
    case 0x100: p->fc.input = arg; return 1;
    case 0x101: p->fc.series = arg; return 1;
    case 0x102: p->fc.q.account = arg; return 1;
    case 0x103: p->fc.q.currency = arg; return 1;
    case 0x104:
        if (!rw_cli_parse_time("--as-of", arg, 0, &p->as_of)) return -1;
        p->as_of = rw_time_floor(p->as_of, RW_GRAN_DAY);
        return 1;
    case 0x105:
        if (!rw_cli_parse_int("--seed", arg, 0, INT64_MAX, "a non-negative integer", &v))
            return -1;
        p->seed = (unsigned long)v;
        return 1;
    case 0x106:
        if (!rw_cli_parse_int("--paths", arg, 100, 100000, "a number between 100 and 100000", &v))
            return -1;
        p->npaths = (size_t)v;
        return 1;
    case 0x107:
        if (!one_of(arg, p->formats)) {
            rw_cli_errorf("--format: '%s' is not one of %s", arg, p->formats);
            return -1;
        }
        p->format = arg;
        return 1;
    case 0x108:
        if (rw_metric_parse(arg, &p->fc.q.metric, &p->fc.q.unit) != RW_OK) {
            rw_cli_errorf("--metric: unknown metric '%s'", arg);
            return -1;
        }
        return 1;
    default: return 0;
    }
}

int rw_plan_load(rw_cli *cli, plan_config *p, rw_ts **out)
{
    *out = NULL;
    if (!p->fc.input && !p->fc.q.currency) {
        rw_store *store = NULL;
        rw_error err;
        rw_error_clear(&err);
        if (rw_cli_open_store(cli, &store) != RW_OK) return EXIT_RUNTIME;
        if (rw_store_default_currency(store, p->fc.q.account, p->currency, &err) == RW_OK)
            p->fc.q.currency = p->currency;
        rw_store_close(store);
    }
    rw_ts **ts = NULL;
    size_t n = 0;
    int failed = 0, total = 0;
    int rc = rw_fc_collect(cli, &p->fc, &ts, &n, &failed, &total);
    if (rc != EXIT_OKAY || failed) {
        rw_fc_free_series(ts, n);
        return rc != EXIT_OKAY ? rc : EXIT_DATA;
    }
    if (n != 1) {
        if (n == 0) rw_cli_errorf("no consumption data selected");
        else
            rw_cli_errorf("%zu series selected (the first: '%s'); pick one with --series%s", n,
                          ts[0]->name, p->fc.input ? "" : " or narrow with --account/--currency");
        rw_fc_free_series(ts, n);
        return EXIT_USAGE;
    }
    rw_ts *one = ts[0];
    free(ts);
    if (one->gran == RW_GRAN_HOUR) {
        /* Hourly data summed into UTC days; gaps stay gaps. */
        rw_ts *daily = NULL;
        rw_error err;
        rw_error_clear(&err);
        size_t k = 0;
        for (size_t i = 0; i < one->n; i++)
            if (!isnan(one->y[i])) {
                one->t[k] = one->t[i];
                one->y[k++] = one->y[i];
            }
        rw_status st = rw_ts_from_points(one->name, RW_GRAN_DAY, one->t, one->y, k, &daily, &err);
        rw_ts_free(one);
        if (st != RW_OK) {
            rw_cli_error(&err);
            return rw_cli_exit_code(st);
        }
        one = daily;
    } else if (one->gran != RW_GRAN_DAY) {
        rw_cli_errorf("series '%s' is %sly; run-out dates need daily or hourly data", one->name,
                      rw_granularity_name(one->gran));
        rw_ts_free(one);
        return EXIT_USAGE;
    }
    *out = one;
    return EXIT_OKAY;
}

int rw_plan_parse_flow(const char *flag, const char *text, double sign, rw_flow *flows,
                       size_t *n)
{
    const char *at = strchr(text, '@');
    char amount[64], when[64];
    double a;
    int64_t t;
    rw_every every = RW_EVERY_ONCE;
    if (!at || (size_t)(at - text) >= sizeof amount || strlen(at + 1) >= sizeof when) {
        rw_cli_errorf("%s: '%s' is not AMOUNT@DATE[/week|/month]", flag, text);
        return 0;
    }
    memcpy(amount, text, (size_t)(at - text));
    amount[at - text] = '\0';
    rw_str_copy(when, sizeof when, at + 1);
    char *slash = strchr(when, '/');
    if (slash) {
        *slash++ = '\0';
        if (!strcmp(slash, "week")) every = RW_EVERY_WEEK;
        else if (!strcmp(slash, "month")) every = RW_EVERY_MONTH;
        else {
            rw_cli_errorf("%s: '%s': repeat '/%s' is not /week or /month", flag, text, slash);
            return 0;
        }
    }
    if (!rw_cli_parse_amount(flag, amount, &a) || !rw_cli_parse_time(flag, when, 0, &t)) return 0;
    if (!(a > 0)) {
        rw_cli_errorf("%s: the amount in '%s' must be positive", flag, text);
        return 0;
    }
    rw_topup plan = {.at = t, .amount = a, .every = every, .until = INT64_MAX};
    long count = every == RW_EVERY_ONCE ? 1 : RW_PLAN_RECUR;
    for (long k = 0; k < count; k++) {
        if (*n == RW_PLAN_MAX_FLOWS) {
            rw_cli_errorf("%s: more than %d dated amounts", flag, RW_PLAN_MAX_FLOWS);
            return 0;
        }
        flows[(*n)++] = (rw_flow){rw_topup_occurrence(&plan, k), sign * a};
    }
    return 1;
}

/* Consumption of day `d` (00:00 UTC): recorded when known, else the mean
 * of the last 7 recorded days. */
static double day_consumption(const rw_ts *ts, int64_t d, double recent)
{
    if (d >= ts->t[0] && d <= ts->t[ts->n - 1]) {
        double v = ts->y[(d - ts->t[0]) / RW_DAY];
        if (!isnan(v)) return v;
    }
    return recent;
}

/* Carries a snapshot taken at `at` to the end of day `to`; *known counts
 * the days whose recorded consumption was used. */
static double carry_balance(const rw_ts *ts, double amount, int64_t at, int64_t to, int *known)
{
    double recent = 0;
    size_t cnt = 0;
    for (size_t i = ts->n; i-- > 0 && cnt < 7;)
        if (!isnan(ts->y[i])) {
            recent += ts->y[i];
            cnt++;
        }
    recent = cnt ? recent / (double)cnt : 0;
    int64_t day = rw_time_floor(at, RW_GRAN_DAY);
    double frac = (double)(at - day) / RW_DAY, b = amount;
    *known = 0;
    if (to >= day) { /* spend the rest of the snapshot's day, then whole days */
        for (int64_t d = day; d <= to; d += RW_DAY) {
            double c = day_consumption(ts, d, recent);
            *known += d <= ts->t[ts->n - 1];
            b -= d == day ? (1 - frac) * c : c;
        }
    } else { /* give back what was spent since the end of `to` */
        for (int64_t d = to + RW_DAY; d <= day; d += RW_DAY) {
            double c = day_consumption(ts, d, recent);
            *known += d <= ts->t[ts->n - 1];
            b += d == day ? frac * c : c;
        }
    }
    return b;
}

int rw_plan_money(rw_cli *cli, const plan_config *p, const rw_ts *ts, int has_given,
                  double given, const rw_flow *flows, size_t nflows, size_t days,
                  int64_t *as_of, plan_money *m)
{
    memset(m, 0, sizeof *m);
    m->flows = malloc((nflows + 1) * sizeof *m->flows);
    if (!m->flows) {
        rw_cli_errorf("out of memory");
        return EXIT_RUNTIME;
    }
    if (nflows) memcpy(m->flows, flows, nflows * sizeof *flows);
    m->nflows = nflows;
    if (p->fc.q.currency) rw_str_copy(m->currency, sizeof m->currency, p->fc.q.currency);
    if (has_given) {
        m->balance = given;
        if (*as_of == INT64_MIN) *as_of = ts->t[ts->n - 1];
        if (p->fc.input) return EXIT_OKAY;
    } else if (p->fc.input) {
        rw_cli_errorf("--balance AMOUNT is required with --input (the balance at the end of"
                      " the as-of day)");
        return EXIT_USAGE;
    }
    rw_store *store = NULL;
    rw_error err;
    rw_error_clear(&err);
    if (rw_cli_open_store(cli, &store) != RW_OK) return EXIT_RUNTIME;
    int rc = EXIT_OKAY;
    rw_topup *tu = NULL;
    size_t ntu = 0;
    if (!has_given) {
        rw_balance_row b;
        rw_status st = rw_store_balance_latest(store, p->fc.q.account, &b, &err);
        if (st != RW_OK) {
            if (st == RW_ENOTFOUND)
                rw_cli_errorf("no balance recorded%s%s: give --balance AMOUNT, or record one with"
                              " `runway balance set` or by ingesting a DescribeAccountBalance"
                              " response", p->fc.q.account ? " for account " : "",
                              p->fc.q.account ? p->fc.q.account : "");
            else rw_cli_error(&err);
            rc = st == RW_ENOTFOUND ? EXIT_USAGE : rw_cli_exit_code(st);
            goto out;
        }
        if (m->currency[0] && strcmp(m->currency, b.currency)) {
            rw_cli_errorf("the balance is in %s but --currency is %s", b.currency, m->currency);
            rc = EXIT_USAGE;
            goto out;
        }
        rw_str_copy(m->currency, sizeof m->currency, b.currency);
        int64_t snap_day = rw_time_floor(b.at, RW_GRAN_DAY);
        int64_t last = ts->t[ts->n - 1];
        if (*as_of == INT64_MIN) *as_of = last >= snap_day ? last : snap_day - RW_DAY;
        int known = 0;
        m->balance = carry_balance(ts, b.amount, b.at, *as_of, &known);
        char when[32], day[16], amount[32], carried[32];
        rw_time_format_iso(b.at, when, sizeof when);
        rw_plan_day(*as_of, day);
        snprintf(amount, sizeof amount, "%.2f", b.amount);
        snprintf(carried, sizeof carried, "%.2f", m->balance);
        snprintf(m->note, sizeof m->note,
                 "balance %s %s observed at %s, carried to the end of %s: %s (%d day(s) of"
                 " recorded consumption%s)", amount, b.currency, when, day, carried, known,
                 known ? "" : ", the rest estimated");
    }
    /* Planned top-ups of the account in the balance's currency. */
    rw_status st = rw_store_topup_list(store, p->fc.q.account, &tu, &ntu, &err);
    if (st != RW_OK) {
        rw_cli_error(&err);
        rc = rw_cli_exit_code(st);
        goto out;
    }
    for (size_t i = 0; i < ntu; i++) {
        if (m->currency[0] && strcmp(tu[i].currency, m->currency)) continue;
        for (long k = 0;; k++) {
            int64_t t = rw_topup_occurrence(&tu[i], k);
            if (t == INT64_MAX || t >= *as_of + (int64_t)(days + 1) * RW_DAY) break;
            if (t < *as_of + RW_DAY) continue;
            rw_flow *nf = realloc(m->flows, (m->nflows + 1) * sizeof *nf);
            if (!nf) {
                rw_cli_errorf("out of memory");
                rc = EXIT_RUNTIME;
                goto out;
            }
            m->flows = nf;
            m->flows[m->nflows++] = (rw_flow){t, tu[i].amount};
        }
    }
out:
    free(tu);
    rw_store_close(store);
    if (rc != EXIT_OKAY) {
        free(m->flows);
        m->flows = NULL;
    }
    return rc;
}

int rw_plan_scenarios(const plan_config *p, const rw_ts *ts, int64_t as_of, size_t horizon,
                      rw_scenarios **out)
{
    rw_scenario_opts so = {as_of, horizon, p->seed, p->npaths};
    rw_error err;
    rw_error_clear(&err);
    if (as_of < ts->t[0]) {
        char day[16];
        rw_plan_day(as_of, day);
        rw_cli_errorf("--as-of %s is before the series '%s' starts", day, ts->name);
        return EXIT_USAGE;
    }
    rw_status st = rw_scenarios_run(ts, &so, out, &err);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return rw_cli_exit_code(st);
    }
    return EXIT_OKAY;
}

/* Days to simulate first: twice the days the money would last at the mean
 * rate of the last 28 days, plus two weeks, within [30, max]. */
static size_t first_horizon(const rw_ts *ts, const plan_money *m, double credit, size_t max)
{
    double sum = 0, money = m->balance + credit;
    size_t cnt = 0;
    for (size_t i = ts->n; i-- > 0 && cnt < 28;)
        if (!isnan(ts->y[i])) {
            sum += ts->y[i];
            cnt++;
        }
    for (size_t i = 0; i < m->nflows; i++)
        if (m->flows[i].amount > 0) money += m->flows[i].amount;
    double rate = cnt ? sum / (double)cnt : 0, days = rate > 0 ? 2 * money / rate + 14 : INFINITY;
    if (!(days < (double)max)) return max;
    return days < 30 ? (max < 30 ? max : 30) : (size_t)ceil(days);
}

int rw_plan_runout(const plan_config *p, const rw_ts *ts, int64_t as_of, const plan_money *m,
                   double credit, size_t max_horizon, rw_scenarios **s, rw_runout *r)
{
    size_t h = first_horizon(ts, m, credit, max_horizon);
    *s = NULL;
    *r = (rw_runout){0};
    for (;;) {
        int rc = rw_plan_scenarios(p, ts, as_of, h, s);
        if (rc != EXIT_OKAY) return rc;
        rw_runout_opts ro = {m->balance, credit, m->flows, m->nflows};
        rw_error err;
        rw_error_clear(&err);
        rw_status st = rw_runout_compute(*s, &ro, r, &err);
        if (st != RW_OK) {
            rw_cli_error(&err);
            return rw_cli_exit_code(st);
        }
        if (r->p90 != RW_RUNOUT_NONE || h == max_horizon) return EXIT_OKAY;
        h = max_horizon;
        rw_runout_cleanup(r);
        rw_scenarios_free(*s);
        *s = NULL;
    }
}

int rw_plan_thresholds(const plan_config *p, const rw_ts *ts, int64_t as_of, int replay,
                       size_t origins, size_t spacing, size_t threads, plan_thresholds *t,
                       rw_scenarios **s)
{
    size_t maxlead = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->lead[i] > maxlead) maxlead = t->lead[i];
    int rc = rw_plan_scenarios(p, ts, as_of, maxlead, s);
    if (rc != EXIT_OKAY) return rc;
    double *work = malloc((*s)->npaths * sizeof *work);
    if (!work) {
        rw_cli_errorf("out of memory");
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < t->n; i++)
        t->x[i] = rw_threshold(*s, t->lead[i], t->conf, work, &t->mean[i]);
    free(work);
    t->replayed = replay;
    if (!replay) return EXIT_OKAY;
    rw_threshold_eval_opts eo = {as_of, t->lead, t->n, t->conf, origins, spacing,
                                 p->seed, p->npaths, threads};
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_threshold_evaluate(ts, &eo, t->ev, &err);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return rw_cli_exit_code(st);
    }
    return EXIT_OKAY;
}

int rw_plan_budget(const plan_config *p, const rw_ts *ts, int64_t as_of, int64_t from,
                   int64_t to, double amount, const double *pct, size_t npct, double fire,
                   plan_period *pd, rw_budget *b, rw_scenarios **s)
{
    memset(pd, 0, sizeof *pd);
    pd->as_of = as_of;
    if (from == INT64_MIN) {
        from = rw_time_floor(as_of + RW_DAY, RW_GRAN_MONTH);
        to = rw_time_next(from, RW_GRAN_MONTH) - RW_DAY;
    }
    pd->from = from;
    pd->to = to;
    double cum = 0;
    for (size_t i = 0; i < npct; i++) pd->crossed_on[i] = INT64_MIN;
    for (size_t i = 0; i < ts->n; i++) {
        if (ts->t[i] < from || ts->t[i] > to || ts->t[i] > as_of) continue;
        pd->days_spent++;
        if (!isnan(ts->y[i])) cum += ts->y[i];
        for (size_t k = 0; k < npct; k++)
            if (pd->crossed_on[k] == INT64_MIN && cum > amount * pct[k] / 100)
                pd->crossed_on[k] = ts->t[i];
    }
    pd->spent = cum;
    /* Scenario days: 1 = the day after as-of; the period's are [k0, k1). */
    int64_t first = as_of + RW_DAY;
    size_t k0 = from > first ? (size_t)((from - first) / RW_DAY) : 0;
    size_t k1 = to >= first ? (size_t)((to - first) / RW_DAY) + 1 : 0;
    if (k1 < k0) k1 = k0;
    int rc = rw_plan_scenarios(p, ts, as_of, k1 ? k1 : 1, s);
    if (rc != EXIT_OKAY) return rc;
    rw_budget_opts bo = {amount, pd->spent, k0, k1, pct, npct, fire};
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_budget_compute(*s, &bo, b, &err);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return rw_cli_exit_code(st);
    }
    return EXIT_OKAY;
}

int rw_plan_policy(const char *name, double grace, double retention, rw_policy *out)
{
    rw_error err;
    rw_error_clear(&err);
    rw_status st = strchr(name, '/') || strstr(name, ".json") ? rw_policy_load(name, out, &err)
                                                              : rw_policy_builtin(name, out, &err);
    if (st != RW_OK) {
        rw_cli_error(&err);
        return st == RW_ENOTFOUND ? EXIT_USAGE : rw_cli_exit_code(st);
    }
    if (grace >= 0) out->grace_hours = grace;
    if (retention >= 0) out->retention_days = retention;
    return EXIT_OKAY;
}
