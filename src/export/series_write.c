/* series_write.c: CSV and JSON output of series sets. */
#include <jansson.h>
#include <math.h>
#include <string.h>
#include "export/series_write.h"
#include "util/safe_text.h"
#include "util/tz.h"

void rw_format_value(double v, char *buf, size_t size)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return;
    }
    if (v == 0) v = 0.0; /* no "-0" */
    snprintf(buf, size, "%.15g", v);
    /* Small amounts (0.0000008) read better without an exponent. */
    if (strchr(buf, 'e') && fabs(v) >= 1e-30 && fabs(v) < 1) {
        int decimals = 15 - (int)floor(log10(fabs(v)));
        snprintf(buf, size, "%.*f", decimals, v);
        size_t n = strlen(buf);
        while (n > 1 && buf[n - 1] == '0') buf[--n] = '\0';
    }
}

/* Writes escaped text inside a quoted field: '"' doubled. */
static void quoted_sink(void *ctx, const char *s, size_t n)
{
    FILE *out = ctx;
    for (const char *q; n > 0 && (q = memchr(s, '"', n)) != NULL;) {
        fwrite(s, 1, (size_t)(q - s) + 1, out);
        fputc('"', out);
        n -= (size_t)(q - s) + 1;
        s = q + 1;
    }
    fwrite(s, 1, n, out);
}

void rw_csv_write_field(FILE *out, const char *text)
{
    int formula = text[0] && strchr("=+-@\t\r", text[0]) != NULL;
    if (!formula && !strpbrk(text, ",\"") && rw_text_is_safe(text)) {
        fputs(text, out);
        return;
    }
    fputs(formula ? "\"'" : "\"", out);
    rw_text_escape_to(text, strlen(text), NULL, quoted_sink, out);
    fputc('"', out);
}

rw_status rw_series_write_csv(FILE *out, const rw_series_set *set)
{
    fputs("series,timestamp,value\n", out);
    char ts[40], val[40];
    for (size_t i = 0; i < set->n; i++) {
        const rw_series *s = &set->s[i];
        for (size_t k = 0; k < s->n; k++) {
            rw_tz_format_bucket(set->tz, s->t[k], set->gran, ts, sizeof ts);
            rw_format_value(s->v[k], val, sizeof val);
            rw_csv_write_field(out, s->name);
            fprintf(out, ",%s,%s\n", ts, val);
        }
    }
    return ferror(out) ? RW_EIO : RW_OK;
}

rw_status rw_series_write_json(FILE *out, const rw_series_set *set, const char *metric)
{
    json_t *root = json_object(), *arr = json_array();
    json_object_set_new(root, "metric", json_string(metric));
    json_object_set_new(root, "granularity", json_string(rw_granularity_name(set->gran)));
    json_object_set_new(root, "amortized", json_boolean(set->amortized));
    if (!rw_tz_is_utc(set->tz)) json_object_set_new(root, "tz", json_string(rw_tz_name(set->tz)));
    char ts[40];
    for (size_t i = 0; i < set->n; i++) {
        const rw_series *s = &set->s[i];
        json_t *js = json_object(), *pts = json_array();
        json_object_set_new(js, "name", json_string(s->name));
        json_object_set_new(js, "currency", s->currency[0] ? json_string(s->currency) : json_null());
        /* Amortised: the part of the charge periods after the last bucket. */
        if (set->amortized) json_object_set_new(js, "deferred", json_real(s->deferred));
        for (size_t k = 0; k < s->n; k++) {
            json_t *p = json_object();
            rw_tz_format_bucket(set->tz, s->t[k], set->gran, ts, sizeof ts);
            json_object_set_new(p, "timestamp", json_string(ts));
            json_object_set_new(p, "value", isnan(s->v[k]) ? json_null() : json_real(s->v[k]));
            json_array_append_new(pts, p);
        }
        json_object_set_new(js, "points", pts);
        json_array_append_new(arr, js);
    }
    json_object_set_new(root, "series", arr);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(root);
    fputc('\n', out);
    return rc != 0 || ferror(out) ? RW_EIO : RW_OK;
}
