/* anomaly_write.c: anomalies as text (one line each, with the value they
 * were attributed to), JSON or CSV (runway.h rw_anomaly_set_write). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "export/anomaly_write.h"
#include "export/json_out.h"
#include "export/series_write.h"
#include "util/safe_text.h"
#include "util/timeutil.h"

/* Formats v with `dec` decimals, more for magnitudes (scale) below 10. */
static void fmt(double v, int dec, double scale, int sign, char *buf, size_t size)
{
    if (scale > 0 && scale < 10) dec += (int)fmin(8, ceil(-log10(scale)) + 1);
    snprintf(buf, size, sign ? "%+.*f" : "%.*f", dec, v);
}


static void item_text(const rw_anomaly_set *s, const rw_anomaly_item *it, int first, FILE *out)
{
    const rw_anomaly_report *r = it->r;
    const rw_anomaly_attr *attr = it->attr;
    char from[32], to[32], when[32], b[6][48], name[512], unit_buf[64], dim[256], val[512];
    if (!first) fputc('\n', out);
    rw_tz_format_bucket(s->tz, it->from, it->gran, from, sizeof from);
    rw_tz_format_bucket(s->tz, it->to, it->gran, to, sizeof to);
    /* Names from data are shown escaped (safe_text.h). */
    fprintf(out, "%s: %zu %s examined (%s to %s", rw_text_esc(it->name, name, sizeof name), r->steps,
            rw_granularity_plural(it->gran), from, to);
    if (r->observed < r->steps) fprintf(out, ", %zu with a value", r->observed);
    if (r->n) fprintf(out, "), %zu anomal%s", r->n, r->n == 1 ? "y" : "ies");
    else fputs("), no anomaly", out);
    fprintf(out, " outside the %g%% interval of the forecast made before\n", r->level);
    const char *label = s->metric;
    const char *unit = rw_text_esc(it->currency[0] ? it->currency : s->unit, unit_buf,
                                   sizeof unit_buf);
    int mlen = (int)strcspn(label, ":");
    for (size_t k = 0; k < r->n; k++) {
        const rw_anomaly *an = &r->a[k];
        double scale = fmax(fabs(an->expected), fabs(an->value));
        rw_tz_format_bucket(s->tz, an->t, it->gran, when, sizeof when);
        fmt(an->value, 2, scale, 0, b[0], sizeof b[0]);
        fmt(an->expected, 2, scale, 0, b[1], sizeof b[1]);
        fmt(an->lo, 1, scale, 0, b[2], sizeof b[2]);
        fmt(an->hi, 1, scale, 0, b[3], sizeof b[3]);
        fmt(an->excess, 1, scale, 1, b[4], sizeof b[4]);
        fprintf(out, "%s  %.*s %s%s%s  expected %s (%g%%: %s\u2013%s)  %s %s", when, mlen, label, b[0],
               unit[0] ? " " : "", unit, b[1], r->level, b[2], b[3], b[4],
               an->direction > 0 ? "above" : "below");
        if (attr && attr[k].n) {
            const rw_named_attr *na = &attr[k].found[0];
            fmt(na->deviation, 1, scale, 1, b[5], sizeof b[5]);
            fprintf(out, "  \u2014 %s=%s %s (%.0f%% of the %s)", rw_text_esc(na->dim, dim, sizeof dim),
                    rw_text_esc(na->value, val, sizeof val), b[5],
                    100 * na->share, an->direction > 0 ? "rise" : "fall");
        }
        fputc('\n', out);
    }
}

static void item_csv(const rw_anomaly_set *s, const rw_anomaly_item *it, FILE *out)
{
    const rw_anomaly_report *r = it->r;
    const rw_anomaly_attr *attr = it->attr;
    char when[32], v[40];
    for (size_t k = 0; k < r->n; k++) {
        const rw_anomaly *an = &r->a[k];
        const double nums[] = {an->value, an->expected, an->lo, an->hi};
        rw_csv_write_field(out, it->name);
        rw_tz_format_bucket(s->tz, an->t, it->gran, when, sizeof when);
        fprintf(out, ",%s", when);
        for (size_t i = 0; i < 4; i++) {
            rw_format_value(nums[i], v, sizeof v);
            fprintf(out, ",%s", v);
        }
        rw_format_value(an->excess, v, sizeof v);
        fprintf(out, ",%s,%s,", an->direction > 0 ? "above" : "below", v);
        if (attr && attr[k].n) {
            rw_csv_write_field(out, attr[k].found[0].dim);
            fputc(',', out);
            rw_csv_write_field(out, attr[k].found[0].value);
            rw_format_value(attr[k].found[0].deviation, v, sizeof v);
            fprintf(out, ",%s\n", v);
        } else {
            fputs(",,\n", out);
        }
    }
}

static json_t *attr_json(const rw_named_attr *na)
{
    return json_pack("{s:s, s:s, s:f, s:f}", "dimension", na->dim, "value", na->value,
                     "deviation", na->deviation, "share", na->share);
}

static json_t *item_json(const rw_anomaly_set *s, const rw_anomaly_item *it)
{
    const rw_anomaly_report *r = it->r;
    const rw_anomaly_attr *attr = it->attr;
    char from[32], to[32], when[32];
    rw_tz_format_bucket(s->tz, it->from, it->gran, from, sizeof from);
    rw_tz_format_bucket(s->tz, it->to, it->gran, to, sizeof to);
    json_t *list = json_array();
    for (size_t k = 0; k < r->n; k++) {
        const rw_anomaly *an = &r->a[k];
        rw_tz_format_bucket(s->tz, an->t, it->gran, when, sizeof when);
        json_t *at = json_null();
        if (attr && attr[k].n) {
            at = attr_json(&attr[k].found[0]);
            json_t *others = json_array();
            for (size_t i = 1; i < attr[k].n; i++)
                json_array_append_new(others, attr_json(&attr[k].found[i]));
            json_object_set_new(at, "other_dimensions", others);
        }
        json_array_append_new(
            list, json_pack("{s:s, s:f, s:f, s:f, s:f, s:s, s:f, s:f, s:o}", "timestamp", when,
                            "value", an->value, "expected", an->expected, "lo", an->lo, "hi",
                            an->hi, "direction", an->direction > 0 ? "above" : "below",
                            "excess", an->excess, "score", an->score, "attribution", at));
    }
    return json_pack("{s:s, s:s, s:s, s:s?, s:{s:s, s:s, s:I, s:I}, s:f, s:I, s:I, s:o}",
                     "name", it->name, "granularity", rw_granularity_name(it->gran), "metric",
                     s->metric, "currency", it->currency[0] ? it->currency : NULL, "examined", "from", from, "to", to, "steps",
                     (json_int_t)r->steps, "observed", (json_int_t)r->observed, "level",
                     r->level, "origins", (json_int_t)r->origins, "origins_reforecast",
                     (json_int_t)r->rerun, "anomalies", list);
}

void rw_anomaly_set_free(rw_anomaly_set *a)
{
    for (size_t i = 0; a && i < a->n; i++) {
        free(a->item[i].name);
        rw_anomaly_report_free(a->item[i].r);
        free(a->item[i].attr);
    }
    if (a) {
        free(a->item);
        free(a->metric);
        free(a->unit);
        rw_tz_free(a->tz);
    }
    free(a);
}

json_t *rw_anomaly_set_json(const rw_anomaly_set *a)
{
    json_t *all = json_array();
    for (size_t i = 0; all && i < a->n; i++)
        if (json_array_append_new(all, item_json(a, &a->item[i])) != 0) {
            json_decref(all);
            all = NULL;
        }
    json_t *o = all ? json_pack("{s:o}", "series", all) : NULL;
    if (o && !rw_tz_is_utc(a->tz)) json_object_set_new(o, "tz", json_string(rw_tz_name(a->tz)));
    return o;
}

rw_status rw_anomaly_set_write(const rw_anomaly_set *a, rw_output fmt, FILE *out, rw_error *err)
{
    if (fmt == RW_OUT_JSON) return rw_json_write(out, rw_anomaly_set_json(a), RW_JSON_PRETTY, err);
    if (fmt != RW_OUT_CSV && !rw_tz_is_utc(a->tz) && a->n) {
        char d[96];
        rw_tz_describe(a->tz, rw_tz_to_utc(a->tz, a->item[0].to), d, sizeof d);
        fprintf(out, "days in %s\n", d);
    }
    if (fmt == RW_OUT_CSV)
        fputs("series,timestamp,value,expected,lo,hi,direction,excess,dimension,dim_value,"
              "deviation\n", out);
    for (size_t i = 0; i < a->n; i++) {
        if (fmt == RW_OUT_CSV) item_csv(a, &a->item[i], out);
        else item_text(a, &a->item[i], i == 0, out);
    }
    return rw_stream_status(out, err);
}
