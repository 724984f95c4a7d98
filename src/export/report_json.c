/* report_json.c: summary.json, the machine-readable report (report.h).
 * Keys follow the JSON of the individual commands where they overlap
 * (days/dates of runout, thresholds' balance, budget's forecast_total). */
#include <math.h>
#include <jansson.h>
#include "export/arrears_write.h"
#include "export/report.h"

/* A number, or null when not finite. */
static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

static json_t *runout_json(const rw_report *r)
{
    if (!r->has_runout) return json_null();
    json_t *days = json_object(), *dates = json_object(), *sus = json_object(),
           *del = json_object();
    static const char *q[] = {"p10", "p50", "p90"};
    for (int i = 0; i < 3; i++) {
        json_object_set_new(days, q[i], r->runout_days[i] < 0 ? json_null()
                                                              : json_integer(r->runout_days[i]));
        json_object_set_new(dates, q[i], str_or_null(r->runout_date[i]));
        json_object_set_new(sus, q[i], str_or_null(r->suspend_date[i]));
        json_object_set_new(del, q[i], str_or_null(r->delete_date[i]));
    }
    json_t *o = rw_arrears_json(&r->arrears);
    json_object_update_new(o, json_pack("{s:o, s:s, s:o, s:s, s:s}", "balance", num(r->observed),
                                        "balance_observed_at", r->observed_at,
                                        "balance_at_end_of_as_of", num(r->balance),
                                        "consumption_counted", r->amount, "balance_note",
                                        r->balance_note));
    json_object_update_new(o, json_pack("{s:o, s:o, s:{s:o, s:o, s:o}, s:{s:s, s:o, s:o, s:o, s:o},"
                     " s:o, s:o}",
                     "days", days,
                     "dates", dates, "probability", "7d", num(r->within7), "14d",
                     num(r->within14), "30d", num(r->within30), "arrears", "policy", r->policy,
                     "grace_hours", num(r->grace_hours), "retention_days",
                     num(r->retention_days), "suspended_from", sus, "data_deleted_from", del,
                     "recent_daily_mean", num(r->daily_recent), "forecast_daily_mean_30d",
                     num(r->daily_forecast)));
    return o;
}

static json_t *thresholds_json(const rw_report *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->nthresholds; i++) {
        const rw_report_threshold *t = &r->thr[i];
        json_t *bt = t->origins
                         ? json_pack("{s:I, s:I, s:o, s:o}", "origins", (json_int_t)t->origins,
                                     "held", (json_int_t)t->held, "hit_rate",
                                     num((double)t->held / (double)t->origins),
                                     "notice_days_median", num(t->notice_days))
                         : json_null();
        json_array_append_new(a, json_pack("{s:s, s:i, s:o, s:o, s:o, s:o}", "level", t->level,
                                           "lead_days", t->lead_days, "confidence",
                                           num(t->confidence), "balance", num(t->balance),
                                           "expected_consumption", num(t->expected),
                                           "backtest", bt));
    }
    return a;
}

static json_t *capacity_json(const rw_report *r)
{
    json_t *series = json_array(), *weeks = json_array();
    for (size_t i = 0; i < r->nseries; i++) {
        const rw_report_series *s = &r->series[i];
        json_array_append_new(
            series, json_pack("{s:s, s:o, s:o, s:o, s:o, s:{s:o, s:o, s:o}, s:o, s:s, s:o}",
                              "name", s->name, "last_week", num(s->last_week), "prev_week",
                              num(s->prev_week), "change_pct", num(s->change_pct),
                              "month_to_date", num(s->month_to_date), "next_4_weeks", "mean",
                              num(s->next_4w_mean), "p10", num(s->next_4w_lo), "p90",
                              num(s->next_4w_hi), "trend_pct", num(s->trend_pct), "model",
                              s->model, "chart", str_or_null(s->chart)));
    }
    for (size_t i = 0; i < r->nweeks; i++) {
        const rw_report_week *w = &r->weeks[i];
        json_t *o = json_pack("{s:s, s:s, s:o}", "start", w->start, "kind",
                              w->forecast ? "forecast" : "actual", "total", num(w->total));
        if (w->forecast) {
            json_object_set_new(o, "p10", num(w->lo));
            json_object_set_new(o, "p90", num(w->hi));
        }
        json_array_append_new(weeks, o);
    }
    return json_pack("{s:s, s:o, s:o, s:o}", "by", r->by, "series", series, "weeks", weeks,
                     "fastest_growing",
                     r->biggest_growth >= 0 ? json_string(r->series[r->biggest_growth].name)
                                            : json_null());
}

static json_t *anomalies_json(const rw_report *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->nanomalies; i++) {
        const rw_report_anomaly *x = &r->anomalies[i];
        json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:s}", "day", x->day, "value",
                              num(x->value), "expected", num(x->expected), "lo", num(x->lo), "hi",
                              num(x->hi), "direction", x->direction > 0 ? "above" : "below");
        json_object_set_new(o, "attribution",
                            x->dimension[0]
                                ? json_pack("{s:s, s:s, s:o, s:o}", "dimension", x->dimension,
                                            "value", x->dim_value, "deviation", num(x->deviation),
                                            "share", num(x->share))
                                : json_null());
        json_array_append_new(a, o);
    }
    return json_pack("{s:I, s:o}", "days_examined", (json_int_t)r->anomaly_days, "list", a);
}

static json_t *charts_json(const rw_report *r)
{
    json_t *o = json_object();
    const char *slots[][2] = {{"runout", r->runout_chart}, {"budget", r->budget_chart},
                              {"total", r->total_chart}, {"stack", r->stack_chart}};
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
        if (slots[i][1][0]) json_object_set_new(o, slots[i][0], json_string(slots[i][1]));
    json_t *per = json_object();
    for (size_t i = 0; i < r->nseries; i++)
        if (r->series[i].chart[0])
            json_object_set_new(per, r->series[i].name, json_string(r->series[i].chart));
    json_object_set_new(o, "series", per);
    json_object_set_new(o, "note", str_or_null(r->charts_note));
    return o;
}

rw_status rw_report_write_json(const rw_report *r, FILE *out, rw_error *err)
{
    json_t *lines = json_array(), *notes = json_array();
    char line[400];
    for (int i = 0; i < 5; i++) {
        rw_report_summary_line(r, i, line, sizeof line);
        json_array_append_new(lines, json_string(line));
    }
    for (size_t i = 0; i < r->nnotes; i++) json_array_append_new(notes, json_string(r->notes[i]));
    json_t *next = json_null();
    if (r->next_threshold >= 0)
        next = json_pack("{s:s, s:o, s:o}", "level", r->thr[r->next_threshold].level, "balance",
                         num(r->thr[r->next_threshold].balance), "days",
                         r->next_threshold_days < 0 ? json_null()
                                                    : json_integer(r->next_threshold_days));
    json_t *o = json_pack(
        "{s:s, s:s, s:o, s:o, s:I, s:o, s:o, s:o, s:o,"
        " s:{s:o, s:{s:s, s:s}, s:o, s:I, s:I, s:{s:o, s:o, s:o}, s:o, s:o},"
        " s:o, s:o, s:{s:s, s:{s:s, s:s, s:I}, s:s}, s:{s:I, s:I, s:I, s:o}, s:o}",
        "generated_at", r->generated_at, "as_of", r->as_of, "account", str_or_null(r->account),
        "currency", str_or_null(r->currency), "seed", (json_int_t)r->seed, "summary", lines,
        "runout", runout_json(r), "thresholds", thresholds_json(r), "next_threshold", next,
        "budget", "budget", r->has_budget ? num(r->budget) : json_null(), "period", "from",
        r->month_from, "to", r->month_to, "spent", num(r->month_spent), "days_spent",
        (json_int_t)r->month_days_spent, "days", (json_int_t)r->month_days, "forecast_total",
        "mean", num(r->month_mean), "p10", num(r->month_p10), "p90", num(r->month_p90),
        "probability_over", r->has_budget ? num(r->p_over) : json_null(), "breach",
        str_or_null(r->breach_date), "capacity", capacity_json(r), "anomalies", anomalies_json(r),
        "forecast", "model", r->model, "history", "from", r->history_from, "to", r->history_to,
        "days", (json_int_t)r->history_days, "method", r->method_note, "data_quality", "sources",
        (json_int_t)r->sources, "rows", (json_int_t)r->rows, "rejected", (json_int_t)r->rejected,
        "notes", notes, "charts", charts_json(r));
    if (!o) return rw_error_set(err, RW_ENOMEM, NULL, 0, "summary.json: could not build");
    if (r->tz[0]) json_object_set_new(o, "tz", json_string(r->tz)); /* absent: UTC */
    json_object_set_new(o, "lang", json_string(rw_lang_tag(r->lang)));
    /* The cost views' charges: spread over their periods, or as billed. */
    json_object_set_new(o, "amortized", json_boolean(r->amortized));
    json_object_set_new(o, "cost_view", json_string(r->amortized ? "amortized" : "as-billed"));
    int bad = json_dumpf(o, out, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) != 0 ||
              fputc('\n', out) == EOF;
    json_decref(o);
    return bad ? rw_error_set(err, RW_EIO, NULL, 0, "summary.json: write failed") : RW_OK;
}
