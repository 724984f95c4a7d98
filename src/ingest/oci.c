/* oci.c: Oracle Cloud Infrastructure cost reports (the CSV files OCI
 * writes under reports/cost-csv/, usually gzip-compressed).
 *
 * Columns are found by header name in any order. Mapping (docs/formats.md
 * has the table):
 *   start, end  lineItem/intervalUsageStart, lineItem/intervalUsageEnd
 *   billed      cost/myCost                currency  cost/currencyCode
 *   accounts    cost/subscriptionId (else lineItem/tenantId, else
 *               --account) / lineItem/tenantId
 *   service     product/service            region    product/region
 *   resource    product/resourceId         quantity  usage/billedQuantity
 *   unit        cost/billingUnitReadable
 *   tags        tags/NAMESPACE.KEY columns, merged into a JSON object with
 *               keys "NAMESPACE.KEY" (empty values left out)
 *   period      none: reports are incremental, never superseded
 * Every line is usage of a metered service: category Usage, frequency
 * Usage-Based. Timestamps are ISO 8601 with Z ("2024-09-01T00:00Z").
 * Memory: the header's tag-column list plus one row's tag object. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "ingest/billing.h"
#include "ingest/columns.h"
#include "ingest/csv.h"
#include "ingest/dates.h"
#include "ingest/ingest.h"
#include "util/num.h"
#include "util/strutil.h"
#include "util/timeutil.h"

enum {
    C_START, C_END, C_COST, C_CURRENCY, C_SUBSCRIPTION, C_TENANT, C_SERVICE, C_REGION, C_RESOURCE,
    C_QUANTITY, C_UNIT, C_COUNT
};

#define NAMES(...) (const char *const[]){__VA_ARGS__, NULL}
static const rw_colspec specs[C_COUNT] = {
    [C_START] = {"lineItem/intervalUsageStart", NAMES("lineItem/intervalUsageStart"), 1},
    [C_END] = {"lineItem/intervalUsageEnd", NAMES("lineItem/intervalUsageEnd"), 0},
    [C_COST] = {"cost/myCost", NAMES("cost/myCost"), 1},
    [C_CURRENCY] = {"cost/currencyCode", NAMES("cost/currencyCode"), 1},
    [C_SUBSCRIPTION] = {"cost/subscriptionId", NAMES("cost/subscriptionId"), 0},
    [C_TENANT] = {"lineItem/tenantId", NAMES("lineItem/tenantId"), 0},
    [C_SERVICE] = {"product/service", NAMES("product/service"), 0},
    [C_REGION] = {"product/region", NAMES("product/region"), 0},
    [C_RESOURCE] = {"product/resourceId", NAMES("product/resourceId"), 0},
    [C_QUANTITY] = {"usage/billedQuantity", NAMES("usage/billedQuantity"), 0},
    [C_UNIT] = {"cost/billingUnitReadable", NAMES("cost/billingUnitReadable"), 0},
};

#define TAG_PREFIX "tags/"

typedef struct tag_col {
    int col;   /* column index */
    char *key; /* owned: the header name after "tags/" */
} tag_col;

typedef struct oci_ctx {
    int idx[C_COUNT];    /* column of each spec, -1 when absent */
    tag_col *tags;       /* owned: tag columns */
    size_t ntags;        /* entries in tags */
    rw_dates dates;      /* naive offset and date order of this file */
    const char *account; /* fills an empty billing account; may be NULL */
} oci_ctx;

/* Collects the header's tags/ columns into x->tags. */
static rw_status find_tag_cols(rw_csv *c, oci_ctx *x, rw_error *err)
{
    const size_t pl = strlen(TAG_PREFIX);
    x->tags = calloc(c->nfields ? c->nfields : 1, sizeof *x->tags);
    if (!x->tags) return rw_error_set(err, RW_ENOMEM, c->in->name, c->line, "out of memory");
    for (size_t f = 0; f < c->nfields; f++) {
        size_t n;
        const char *s = rw_csv_field(c, f, &n);
        while (n && *s == ' ') s++, n--;
        while (n && s[n - 1] == ' ') n--;
        if (n <= pl || memcmp(s, TAG_PREFIX, pl) != 0) continue;
        char *key = malloc(n - pl + 1);
        if (!key) return rw_error_set(err, RW_ENOMEM, c->in->name, c->line, "out of memory");
        memcpy(key, s + pl, n - pl);
        key[n - pl] = '\0';
        x->tags[x->ntags].col = (int)f;
        x->tags[x->ntags++].key = key;
    }
    return RW_OK;
}

/* The row's tags as compact JSON with sorted keys in *out (caller frees;
 * NULL when none). Returns a warning reason when a value is not UTF-8
 * (the tags are then dropped); *oom is set when out of memory. */
static const char *build_tags(rw_csv *c, const oci_ctx *x, char **out, int *oom)
{
    *out = NULL;
    if (x->ntags == 0) return NULL;
    json_t *obj = json_object();
    if (!obj) {
        *oom = 1;
        return NULL;
    }
    const char *reason = NULL;
    for (size_t i = 0; i < x->ntags && !reason; i++) {
        const char *v = rw_field(c, x->tags[i].col);
        if (!*v) continue;
        json_t *js = json_string(v);
        if (!js || json_object_set_new(obj, x->tags[i].key, js) != 0)
            reason = "a tag is not valid UTF-8; tags dropped";
    }
    if (!reason && json_object_size(obj) > 0 &&
        !(*out = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS)))
        *oom = 1;
    json_decref(obj);
    return reason;
}

/* Converts one record except its tags; returns a reject reason or NULL. */
static const char *convert(rw_csv *c, const oci_ctx *x, rw_charge *ch, char *why, size_t whysz)
{
    const int *idx = x->idx;
    const char *s = rw_field(c, idx[C_START]), *r;
    if ((r = rw_dates_read(&x->dates, specs[C_START].label, s, &ch->start, why, whysz))) return r;
    s = rw_field(c, idx[C_END]);
    if (!*s) {
        ch->end = ch->start;
    } else if ((r = rw_dates_read(&x->dates, specs[C_END].label, s, &ch->end, why, whysz))) {
        return r;
    } else if (ch->end < ch->start) {
        return "lineItem/intervalUsageEnd is before lineItem/intervalUsageStart";
    }
    s = rw_field(c, idx[C_COST]);
    if (!*s) return "cost/myCost is empty";
    if (rw_parse_double(s, &ch->billed) != RW_OK) {
        snprintf(why, whysz, "cost/myCost '%.40s' is not a number", s);
        return why;
    }
    char *cur = (char *)rw_field(c, idx[C_CURRENCY]);
    if (!*cur) return "cost/currencyCode is empty";
    if (!rw_currency_norm(cur)) {
        snprintf(why, whysz, "cost/currencyCode '%.40s' is not an ISO 4217 code", cur);
        return why;
    }
    ch->currency = cur;
    ch->provider = "Oracle";
    ch->sub_account = rw_field(c, idx[C_TENANT]);
    ch->billing_account = rw_field(c, idx[C_SUBSCRIPTION]);
    if (!*ch->billing_account) ch->billing_account = ch->sub_account;
    if (!*ch->billing_account && x->account) ch->billing_account = x->account;
    ch->service = rw_field(c, idx[C_SERVICE]);
    ch->region = rw_field(c, idx[C_REGION]);
    ch->resource = rw_field(c, idx[C_RESOURCE]);
    ch->unit = rw_field(c, idx[C_UNIT]);
    ch->charge_category = "Usage";
    ch->charge_frequency = "Usage-Based";
    /* OCI writes cost reports incrementally (each file adds the hours since
     * the last one) instead of rewriting the month, so a report is never a
     * newer version of another: no billing period, no superseding. */
    ch->period = RW_NO_PERIOD;
    return NULL;
}

rw_status rw_parse_oci(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err)
{
    rw_csv c;
    rw_csv_init(&c, in, in->delim);
    oci_ctx x;
    memset(&x, 0, sizeof x);
    x.account = opts->account;
    rw_status st = rw_csv_header(&c, err);
    if (st != RW_OK) goto out;
    if ((st = rw_columns_map(&c, specs, C_COUNT, x.idx, err)) != RW_OK) goto out;
    if ((st = find_tag_cols(&c, &x, err)) != RW_OK) goto out;
    size_t ncols = c.nfields;
    static const char *const date_cols[] = {"lineItem/intervalUsageStart",
                                            "lineItem/intervalUsageEnd", NULL};
    st = rw_dates_init(&x.dates, &c, date_cols, NULL, opts,
                       rw_ingest_naive_offset(opts, RW_FMT_OCI), err);
    if (st != RW_OK) goto out;
    char why[160];
    for (;;) {
        int have;
        if ((st = rw_csv_next_row(&c, sink, ncols, &have, err)) != RW_OK) goto out;
        if (!have) break;
        rw_charge ch;
        rw_charge_init(&ch);
        const char *reason = convert(&c, &x, &ch, why, sizeof why);
        if (reason) {
            st = rw_reject_record(sink, &c, "%s", reason);
            if (st != RW_OK) goto out;
            continue;
        }
        rw_row_warnings w;
        rw_row_warn_init(&w);
        ch.quantity = rw_opt_amount_warn(rw_field(&c, x.idx[C_QUANTITY]),
                                         "usage/billedQuantity", &w);
        char *tags = NULL;
        int oom = 0;
        const char *warn = build_tags(&c, &x, &tags, &oom);
        if (warn) rw_row_warn(&w, "%s", warn);
        ch.tags = tags ? tags : "";
        st = oom ? rw_error_set(err, RW_ENOMEM, in->name, c.line, "out of memory")
                 : rw_keep_row(sink, &c, &w, &ch);
        free(tags);
        if (st != RW_OK) goto out;
    }
out:
    for (size_t i = 0; x.tags && i < x.ntags; i++) free(x.tags[i].key);
    free(x.tags);
    rw_csv_cleanup(&c);
    return st;
}
