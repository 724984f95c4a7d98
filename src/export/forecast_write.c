/* forecast_write.c: forecasts as CSV or JSON with their explanation;
 * backtests and scored saved forecasts as a table or JSON (runway.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "export/desc_json.h"
#include "export/forecast_write.h"
#include "export/json_out.h"
#include "export/series_write.h"
#include "util/safe_text.h"
#include "util/timeutil.h"

void rw_forecast_set_free(rw_forecast_set *s)
{
    for (size_t i = 0; s && i < s->n; i++) {
        free(s->item[i].name);
        rw_forecast_free(s->item[i].f);
    }
    if (s) free(s->item);
    if (s) rw_tz_free(s->tz);
    free(s);
}

static void forecast_csv(const rw_forecast_set *s, FILE *out)
{
    char ts[40], v[40];
    fputs("series,timestamp,mean", out);
    for (size_t l = 0; l < s->nlevels; l++) fprintf(out, ",lo%g,hi%g", s->levels[l], s->levels[l]);
    fputs(",model\n", out);
    for (size_t i = 0; i < s->n; i++) {
        const rw_forecast *f = s->item[i].f;
        for (size_t k = 0; k < f->h; k++) {
            rw_csv_write_field(out, s->item[i].name);
            rw_tz_format_bucket(s->tz, f->t[k], s->item[i].gran, ts, sizeof ts);
            rw_format_value(f->mean[k], v, sizeof v);
            fprintf(out, ",%s,%s", ts, v);
            for (size_t l = 0; l < f->nlevels; l++) {
                rw_format_value(f->lo[l * f->h + k], v, sizeof v);
                fprintf(out, ",%s", v);
                rw_format_value(f->hi[l * f->h + k], v, sizeof v);
                fprintf(out, ",%s", v);
            }
            fputc(',', out);
            rw_csv_write_field(out, f->model);
            fputc('\n', out);
        }
    }
}

static json_t *forecast_json(const rw_forecast_item *it, const rw_tz *tz, int amortized)
{
    const rw_forecast *f = it->f;
    json_t *pts = json_array();
    char ts[40], key[16];
    for (size_t k = 0; pts && k < f->h; k++) {
        rw_tz_format_bucket(tz, f->t[k], it->gran, ts, sizeof ts);
        json_t *p = json_pack("{s:s, s:f}", "timestamp", ts, "mean", f->mean[k]);
        for (size_t l = 0; p && l < f->nlevels; l++) {
            snprintf(key, sizeof key, "lo%g", f->levels[l]);
            json_object_set_new(p, key, json_real(f->lo[l * f->h + k]));
            snprintf(key, sizeof key, "hi%g", f->levels[l]);
            json_object_set_new(p, key, json_real(f->hi[l * f->h + k]));
        }
        json_array_append_new(pts, p);
    }
    json_t *levels = json_array();
    for (size_t l = 0; levels && l < f->nlevels; l++)
        json_array_append_new(levels, json_real(f->levels[l]));
    json_t *o = json_pack("{s:s, s:s, s:I, s:o, s:o, s:o}", "series", it->name, "model",
                          f->model, "horizon", (json_int_t)f->h, "levels", levels, "explanation",
                          rw_desc_to_json(&f->info), "points", pts);
    /* Steps are days of the zone; said only when it is not UTC. */
    if (o && !rw_tz_is_utc(tz)) json_object_set_new(o, "tz", json_string(rw_tz_name(tz)));
    /* Which view of the charges the history was: as billed or amortised. */
    if (o) json_object_set_new(o, "amortized", json_boolean(amortized));
    return o;
}

rw_status rw_forecast_set_write(const rw_forecast_set *s, rw_output fmt, FILE *out, rw_error *err)
{
    if (fmt != RW_OUT_JSON) {
        forecast_csv(s, out);
        return rw_stream_status(out, err);
    }
    json_t *all = json_array();
    for (size_t i = 0; all && i < s->n; i++)
        if (json_array_append_new(all, forecast_json(&s->item[i], s->tz, s->amortized)) != 0) {
            json_decref(all);
            all = NULL;
        }
    return rw_json_write(out, all ? json_pack("{s:o}", "forecasts", all) : NULL, RW_JSON_PRETTY,
                         err);
}

/* ---- backtests ----------------------------------------------------------------- */

void rw_backtest_set_free(rw_backtest_set *b)
{
    for (size_t i = 0; b && i < b->n; i++) {
        if (b->saved) {
            free(b->score[i].series);
            free(b->score[i].model);
        } else {
            free(b->item[i].name);
        }
    }
    if (b) {
        free(b->item);
        free(b->score);
    }
    free(b);
}

static void backtest_text(const rw_backtest_set *b, FILE *out)
{
    double mase = 0, smape = 0, cov[RW_FC_MAX_LEVELS] = {0}, msis[RW_FC_MAX_LEVELS] = {0};
    fprintf(out, "%-24s %4s %7s %7s", "series", "orig", "MASE", "sMAPE");
    for (size_t l = 0; l < b->nlevels; l++)
        fprintf(out, "   cov%-3g MSIS%-3g", b->levels[l], b->levels[l]);
    fputc('\n', out);
    for (size_t i = 0; i < b->n; i++) {
        const rw_accuracy *a = &b->item[i].acc;
        char name[256]; /* from data: shown escaped */
        fprintf(out, "%-24.24s %4zu %7.3f %7.2f", rw_text_esc(b->item[i].name, name, sizeof name),
                a->origins, a->mase, a->smape);
        for (size_t l = 0; l < b->nlevels; l++) fprintf(out, " %7.3f %7.2f", a->coverage[l], a->msis[l]);
        fputc('\n', out);
        mase += a->mase;
        smape += a->smape;
        for (size_t l = 0; l < b->nlevels; l++) {
            cov[l] += a->coverage[l];
            msis[l] += a->msis[l];
        }
    }
    if (!b->n) return;
    double n = (double)b->n;
    fprintf(out, "%-24s %4s %7.3f %7.2f", "mean", "", mase / n, smape / n);
    for (size_t l = 0; l < b->nlevels; l++) fprintf(out, " %7.3f %7.2f", cov[l] / n, msis[l] / n);
    fputc('\n', out);
}

static json_t *backtest_json(const rw_backtest_set *b, const rw_backtest_item *it)
{
    const rw_accuracy *a = &it->acc;
    json_t *o = json_pack("{s:s, s:I, s:I, s:f, s:f}", "series", it->name, "origins",
                          (json_int_t)a->origins, "points", (json_int_t)a->points, "mase",
                          a->mase, "smape", a->smape);
    json_t *cov = json_object(), *msis = json_object();
    char key[16];
    for (size_t l = 0; l < b->nlevels; l++) {
        snprintf(key, sizeof key, "%g", b->levels[l]);
        json_object_set_new(cov, key, json_real(a->coverage[l]));
        json_object_set_new(msis, key, json_real(a->msis[l]));
    }
    json_object_set_new(o, "coverage", cov);
    json_object_set_new(o, "msis", msis);
    return o;
}

static void saved_text(const rw_backtest_set *b, FILE *out)
{
    char made[32];
    for (size_t i = 0; i < b->n; i++) {
        const rw_saved_score *s = &b->score[i];
        if (i == 0)
            fprintf(out, "%5s %-24s %-20s %6s %7s %7s  coverage\n", "id", "series", "made",
                    "points", "MASE", "sMAPE");
        rw_time_format_iso(s->made, made, sizeof made);
        char name[256]; /* from data: shown escaped */
        fprintf(out, "%5lld %-24.24s %-20s %6zu %7.3f %7.2f ", (long long)s->id,
                rw_text_esc(s->series, name, sizeof name), made,
                s->points, s->mase, s->smape);
        for (size_t l = 0; l < s->ncov; l++) fprintf(out, " %s%%: %.2f", s->cov_key[l], s->cov[l]);
        fputc('\n', out);
    }
    if (!b->n) fprintf(out, "no saved forecasts%s\n", b->filtered ? " for that series" : "");
}

static json_t *saved_json(const rw_saved_score *s)
{
    char made[32];
    rw_time_format_iso(s->made, made, sizeof made);
    json_t *cov = json_object();
    for (size_t l = 0; cov && l < s->ncov; l++)
        json_object_set_new(cov, s->cov_key[l], json_real(s->cov[l]));
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:o}", "id", (json_int_t)s->id,
                          "series", s->series, "made", made, "model", s->model, "horizon",
                          (json_int_t)s->horizon, "points_compared", (json_int_t)s->points,
                          "coverage", cov);
    if (o) {
        json_object_set_new(o, "mase", s->points ? json_real(s->mase) : json_null());
        json_object_set_new(o, "smape", s->points ? json_real(s->smape) : json_null());
    }
    return o;
}

rw_status rw_backtest_set_write(const rw_backtest_set *b, rw_output fmt, FILE *out, rw_error *err)
{
    if (fmt != RW_OUT_JSON) {
        if (b->saved) saved_text(b, out);
        else backtest_text(b, out);
        return rw_stream_status(out, err);
    }
    json_t *all = json_array();
    for (size_t i = 0; all && i < b->n; i++)
        if (json_array_append_new(all, b->saved ? saved_json(&b->score[i])
                                                : backtest_json(b, &b->item[i])) != 0) {
            json_decref(all);
            all = NULL;
        }
    return rw_json_write(out,
                         all ? json_pack("{s:o}", b->saved ? "saved_forecasts" : "backtests", all)
                             : NULL,
                         RW_JSON_PRETTY, err);
}
