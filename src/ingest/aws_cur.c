/* aws_cur.c: AWS Cost and Usage Report CSV, legacy CUR and CUR 2.0.
 *
 * Columns are found by header name in any order, under the legacy name
 * (lineItem/UnblendedCost) or the CUR 2.0 / Athena snake_case name
 * (line_item_unblended_cost); every other column is ignored. Mapping:
 *   billed    lineItem/UnblendedCost        effective lineItem/NetUnblendedCost
 *   list      pricing/publicOnDemandCost    quantity  lineItem/UsageAmount
 *   service   product/ProductName, else the CUR 2.0 product map's
 *             product_name, else the legacy name of lineItem/ProductCode
 *             (product_names below), else the code itself
 *   period    bill/BillingPeriodStartDate, else the month of the start
 *   accounts  bill/PayerAccountId (else --account) / lineItem/UsageAccountId
 *   category, frequency   from lineItem/LineItemType (table below; an
 *             unknown type is kept as its raw text, frequency "")
 *   tags      resourceTags/KEY columns (legacy; key "user:team"),
 *             resource_tags_KEY columns (Athena; key "user_team") and the
 *             CUR 2.0 resource_tags map written as JSON text, merged into a
 *             compact JSON object with sorted keys; empty values are left out.
 * Timestamps are ISO 8601 with Z, with or without milliseconds, or
 * "YYYY-MM-DD HH:MM:SS.mmm" (UTC unless --tz says otherwise).
 * Rejected: a bad start, cost or currency (lineItem/CurrencyCode, else
 * --currency). Kept with a warning and the value dropped: a bad end, net
 * or public cost, usage amount, tags, billing period. An OCI cost report
 * (which shares the lineItem/ prefix) is refused with a message saying so.
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
    C_START, C_END, C_BILLED, C_NET, C_PUBLIC, C_CURRENCY, C_PAYER, C_USAGE_ACCOUNT,
    C_PRODUCT_NAME, C_PRODUCT_CODE, C_REGION_CODE, C_REGION, C_RESOURCE, C_QUANTITY, C_UNIT,
    C_TYPE, C_TAG_MAP, C_PRODUCT_MAP, C_PERIOD, C_COUNT
};

/* names[0] is the legacy header name, names[1] the CUR 2.0 one (the
 * resource_tags map exists in CUR 2.0 only). */
#define NAMES(...) (const char *const[]){__VA_ARGS__, NULL}
static const rw_colspec specs[C_COUNT] = {
    [C_START] = {"lineItem/UsageStartDate (line_item_usage_start_date)",
                 NAMES("lineItem/UsageStartDate", "line_item_usage_start_date"), 1},
    [C_END] = {"lineItem/UsageEndDate", NAMES("lineItem/UsageEndDate", "line_item_usage_end_date"),
               0},
    [C_BILLED] = {"lineItem/UnblendedCost (line_item_unblended_cost)",
                  NAMES("lineItem/UnblendedCost", "line_item_unblended_cost"), 1},
    [C_NET] = {"lineItem/NetUnblendedCost",
               NAMES("lineItem/NetUnblendedCost", "line_item_net_unblended_cost"), 0},
    [C_PUBLIC] = {"pricing/publicOnDemandCost",
                  NAMES("pricing/publicOnDemandCost", "pricing_public_on_demand_cost"), 0},
    /* Optional only because --currency may stand in for it. */
    [C_CURRENCY] = {"lineItem/CurrencyCode (line_item_currency_code)",
                    NAMES("lineItem/CurrencyCode", "line_item_currency_code"), 0},
    [C_PAYER] = {"bill/PayerAccountId", NAMES("bill/PayerAccountId", "bill_payer_account_id"), 0},
    [C_USAGE_ACCOUNT] = {"lineItem/UsageAccountId",
                         NAMES("lineItem/UsageAccountId", "line_item_usage_account_id"), 0},
    [C_PRODUCT_NAME] = {"product/ProductName",
                        NAMES("product/ProductName", "product_product_name"), 0},
    [C_PRODUCT_CODE] = {"lineItem/ProductCode",
                        NAMES("lineItem/ProductCode", "line_item_product_code"), 0},
    [C_REGION_CODE] = {"product/regionCode", NAMES("product/regionCode", "product_region_code"),
                       0},
    [C_REGION] = {"product/region", NAMES("product/region", "product_region"), 0},
    [C_RESOURCE] = {"lineItem/ResourceId", NAMES("lineItem/ResourceId", "line_item_resource_id"),
                    0},
    [C_QUANTITY] = {"lineItem/UsageAmount",
                    NAMES("lineItem/UsageAmount", "line_item_usage_amount"), 0},
    [C_UNIT] = {"pricing/unit", NAMES("pricing/unit", "pricing_unit"), 0},
    [C_TYPE] = {"lineItem/LineItemType",
                NAMES("lineItem/LineItemType", "line_item_line_item_type"), 0},
    [C_TAG_MAP] = {"resource_tags", NAMES("resource_tags"), 0},
    /* names[0] unused: legacy CUR has no product map. */
    [C_PRODUCT_MAP] = {"product", NAMES("product", "product"), 0},
    [C_PERIOD] = {"bill/BillingPeriodStartDate",
                  NAMES("bill/BillingPeriodStartDate", "bill_billing_period_start_date"), 0},
};

/* Legacy CUR's product/ProductName for the most common product codes, so
 * that a CUR 2.0 row whose product map lacks the name lands in the same
 * service series as the legacy rows of an account that migrated. Names as
 * legacy CUR prints them (the AWS Price List offer names); a code not
 * listed stays as written. */
static const struct {
    const char *code, *name;
} product_names[] = {
    {"AmazonEC2", "Amazon Elastic Compute Cloud"},
    {"AmazonS3", "Amazon Simple Storage Service"},
    {"AmazonRDS", "Amazon Relational Database Service"},
    {"AWSLambda", "AWS Lambda"},
    {"AmazonCloudFront", "Amazon CloudFront"},
    {"AmazonDynamoDB", "Amazon DynamoDB"},
    {"AmazonVPC", "Amazon Virtual Private Cloud"},
    {"AWSDataTransfer", "AWS Data Transfer"},
    {"AmazonCloudWatch", "AmazonCloudWatch"},
    {"AWSELB", "Elastic Load Balancing"},
    {"AmazonEKS", "Amazon Elastic Container Service for Kubernetes"},
    {"AmazonECS", "Amazon Elastic Container Service"},
    {"AmazonECR", "Amazon EC2 Container Registry (ECR)"},
    {"AmazonElastiCache", "Amazon ElastiCache"},
    {"AmazonRoute53", "Amazon Route 53"},
    {"AmazonSNS", "Amazon Simple Notification Service"},
    {"AWSQueueService", "Amazon Simple Queue Service"},
    {"AmazonKinesis", "Amazon Kinesis"},
    {"AmazonRedshift", "Amazon Redshift"},
    {"AmazonEFS", "Amazon Elastic File System"},
    {"AmazonApiGateway", "Amazon API Gateway"},
    {"awskms", "AWS Key Management Service"},
    {"AWSSecretsManager", "AWS Secrets Manager"},
    {"AWSCloudTrail", "AWS CloudTrail"},
    {"AWSConfig", "AWS Config"},
    {"AWSGlue", "AWS Glue"},
    {"AmazonAthena", "Amazon Athena"},
    {"AWSBackup", "AWS Backup"},
};

/* lineItem/LineItemType -> FOCUS ChargeCategory and ChargeFrequency. */
static const struct {
    const char *type, *category, *frequency;
} line_types[] = {
    {"Usage", "Usage", "Usage-Based"},
    {"DiscountedUsage", "Usage", "Usage-Based"},
    {"SavingsPlanCoveredUsage", "Usage", "Usage-Based"},
    {"Tax", "Tax", ""},
    {"Credit", "Credit", ""},
    {"Refund", "Credit", ""},
    {"Fee", "Purchase", "One-Time"},
    {"RIFee", "Purchase", "Recurring"},
    {"SavingsPlanUpfrontFee", "Purchase", "One-Time"},
    {"SavingsPlanRecurringFee", "Purchase", "Recurring"},
    {"Discount", "Adjustment", ""},
    {"BundledDiscount", "Adjustment", ""},
    {"SavingsPlanNegation", "Adjustment", ""},
    {"EdpDiscount", "Adjustment", ""},
    {"PrivateRateDiscount", "Adjustment", ""},
};

/* One tag column of the header: its index and the tag key it carries. */
typedef struct tag_col {
    int col;   /* column index */
    char *key; /* owned: tag key ("user:team") */
} tag_col;

/* Everything a row conversion needs from the header. */
typedef struct cur_ctx {
    int idx[C_COUNT];  /* column of each spec, -1 when absent */
    int cur2;          /* header uses CUR 2.0 names (for messages) */
    tag_col *tags;     /* owned: tag columns */
    size_t ntags;      /* entries in tags */
    int64_t naive;     /* offset for zone-less timestamps */
    rw_dates dates;    /* how timestamps are read (slash dates' order) */
    rw_period_memo *memo; /* the billing period read last */
    const char *account; /* fills an empty payer account; may be NULL */
    char currency[4];    /* --currency, "" when not given */
} cur_ctx;

/* Header name of spec `i` as this file spells it, for messages. */
static const char *col_name(const cur_ctx *x, int i)
{
    return specs[i].names[x->cur2 ? 1 : 0];
}

/* Header field `f` without surrounding spaces: start returned, length in *len. */
static const char *header_name(rw_csv *c, size_t f, size_t *len)
{
    size_t n;
    const char *s = rw_csv_field(c, f, &n);
    while (n && *s == ' ') s++, n--;
    while (n && s[n - 1] == ' ') n--;
    *len = n;
    return s;
}

/* Collects the per-tag columns of the header into x->tags. */
static rw_status find_tag_cols(rw_csv *c, cur_ctx *x, rw_error *err)
{
    static const char *const prefixes[] = {"resourceTags/", "resource_tags_"};
    x->tags = calloc(c->nfields ? c->nfields : 1, sizeof *x->tags);
    if (!x->tags) return rw_error_set(err, RW_ENOMEM, c->in->name, c->line, "out of memory");
    for (size_t f = 0; f < c->nfields; f++) {
        size_t n;
        const char *s = header_name(c, f, &n);
        for (size_t p = 0; p < sizeof prefixes / sizeof prefixes[0]; p++) {
            size_t pl = strlen(prefixes[p]);
            if (n <= pl || memcmp(s, prefixes[p], pl) != 0) continue;
            char *key = malloc(n - pl + 1);
            if (!key) return rw_error_set(err, RW_ENOMEM, c->in->name, c->line, "out of memory");
            memcpy(key, s + pl, n - pl);
            key[n - pl] = '\0';
            x->tags[x->ntags].col = (int)f;
            x->tags[x->ntags].key = key;
            x->ntags++;
            break;
        }
    }
    return RW_OK;
}

static void free_tag_cols(cur_ctx *x)
{
    for (size_t i = 0; x->tags && i < x->ntags; i++) free(x->tags[i].key);
    free(x->tags);
    x->tags = NULL;
    x->ntags = 0;
}

/* Builds the row's tags as compact JSON with sorted keys into *out (caller
 * frees; NULL when the row has no tags). Returns a reason to drop the tags
 * (the row is kept), or NULL. *oom is set when memory ran out. */
static const char *build_tags(rw_csv *c, const cur_ctx *x, char **out, int *oom,
                              char *why, size_t whysz)
{
    json_t *obj = NULL;
    const char *reason = NULL;
    *out = NULL;
    const char *map = rw_field(c, x->idx[C_TAG_MAP]);
    if (*map) {
        json_error_t jerr;
        obj = json_loads(map, JSON_REJECT_DUPLICATES, &jerr);
        if (!obj || !json_is_object(obj)) {
            snprintf(why, whysz, "resource_tags '%.40s' is not a JSON object", map);
            reason = why;
            goto out;
        }
    }
    for (size_t i = 0; i < x->ntags; i++) {
        const char *v = rw_field(c, x->tags[i].col);
        if (!*v) continue;
        if (!obj && !(obj = json_object())) {
            *oom = 1;
            goto out;
        }
        json_t *js = json_string(v);
        if (!js || json_object_set_new(obj, x->tags[i].key, js) != 0) {
            snprintf(why, whysz, "tag %.60s is not valid UTF-8", x->tags[i].key);
            reason = why;
            goto out;
        }
    }
    if (obj && json_object_size(obj) > 0 &&
        !(*out = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS)))
        *oom = 1;
out:
    json_decref(obj);
    return reason;
}

/* The service of a row: product/ProductName; else the product map's
 * product_name (CUR 2.0 keeps the legacy name there); else the legacy name
 * of the product code; else the code. Copies into buf when read from the
 * map. */
static const char *service_name(rw_csv *c, const cur_ctx *x, char *buf, size_t n)
{
    const char *s = rw_field(c, x->idx[C_PRODUCT_NAME]);
    if (*s) return s;
    const char *map = rw_field(c, x->idx[C_PRODUCT_MAP]);
    if (*map == '{') {
        json_t *obj = json_loads(map, 0, NULL);
        const char *name = json_string_value(json_object_get(obj, "product_name"));
        int fits = name && *name && strlen(name) < n;
        if (fits) memcpy(buf, name, strlen(name) + 1);
        json_decref(obj);
        if (fits) return buf;
    }
    s = rw_field(c, x->idx[C_PRODUCT_CODE]);
    for (size_t i = 0; i < sizeof product_names / sizeof product_names[0]; i++)
        if (strcmp(s, product_names[i].code) == 0) return product_names[i].name;
    return s;
}

/* Converts one record except its tags. Returns a reject reason (the row's
 * start, cost or currency is unusable) or NULL; bad optional metadata is
 * dropped with a warning added to `w`. */
static const char *convert(rw_csv *c, const cur_ctx *x, rw_charge *ch, rw_row_warnings *w,
                           char *svc, size_t svcsz, char *why, size_t whysz)
{
    const int *idx = x->idx;
    const char *s = rw_field(c, idx[C_START]), *r;
    if ((r = rw_dates_read(&x->dates, col_name(x, C_START), s, &ch->start, why, whysz)))
        return r;
    s = rw_field(c, idx[C_BILLED]);
    if (!*s) {
        snprintf(why, whysz, "%s is empty", col_name(x, C_BILLED));
        return why;
    }
    if (rw_parse_double(s, &ch->billed) != RW_OK) {
        snprintf(why, whysz, "%s '%.40s' is not a number", col_name(x, C_BILLED), s);
        return why;
    }
    char *cur = (char *)rw_field(c, idx[C_CURRENCY]);
    if (!*cur && x->currency[0]) cur = (char *)x->currency;
    if (!*cur) {
        snprintf(why, whysz, "%s is empty (--currency CODE fills it)", col_name(x, C_CURRENCY));
        return why;
    }
    if (cur != x->currency && !rw_currency_norm(cur)) {
        snprintf(why, whysz, "%s '%.40s' is not an ISO 4217 code", col_name(x, C_CURRENCY), cur);
        return why;
    }
    ch->currency = cur;
    /* Everything below is metadata: a bad value is dropped, the money kept. */
    rw_row_end(&x->dates, col_name(x, C_END), col_name(x, C_START), rw_field(c, idx[C_END]),
               ch->start, &ch->end, w);
    ch->period = rw_row_period(x->memo, &x->dates, col_name(x, C_PERIOD),
                               rw_field(c, idx[C_PERIOD]), ch->start, w);
    static const int optional[] = {C_NET, C_PUBLIC, C_QUANTITY};
    double *dest[] = {&ch->effective, &ch->list, &ch->quantity};
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
        *dest[i] = rw_opt_amount_warn(rw_field(c, idx[optional[i]]), col_name(x, optional[i]), w);
    ch->provider = "AWS";
    ch->billing_account = rw_field(c, idx[C_PAYER]);
    if (!*ch->billing_account && x->account) ch->billing_account = x->account;
    ch->sub_account = rw_field(c, idx[C_USAGE_ACCOUNT]);
    ch->service = service_name(c, x, svc, svcsz);
    ch->region = rw_field(c, idx[C_REGION_CODE]);
    if (!*ch->region) ch->region = rw_field(c, idx[C_REGION]);
    ch->resource = rw_field(c, idx[C_RESOURCE]);
    ch->unit = rw_field(c, idx[C_UNIT]);
    s = rw_field(c, idx[C_TYPE]);
    ch->charge_category = s;
    ch->charge_frequency = "";
    for (size_t i = 0; i < sizeof line_types / sizeof line_types[0]; i++)
        if (rw_str_ieq(s, line_types[i].type)) {
            ch->charge_category = line_types[i].category;
            ch->charge_frequency = line_types[i].frequency;
            break;
        }
    return NULL;
}

/* 1 when header `c` is an Oracle Cloud (OCI) cost report rather than a
 * CUR: OCI reuses the lineItem/ prefix (lineItem/referenceNo,
 * lineItem/intervalUsageStart) but has no lineItem/UsageStartDate, and
 * keeps its money in cost/myCost. */
static int oci_header(rw_csv *c)
{
    return rw_csv_find(c, "lineItem/intervalUsageStart") >= 0 &&
           rw_csv_find(c, "lineItem/UsageStartDate") < 0;
}

rw_status rw_parse_aws_cur(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err)
{
    rw_csv c;
    rw_csv_init(&c, in, in->delim);
    cur_ctx x;
    memset(&x, 0, sizeof x);
    rw_period_memo memo = {"", 0};
    x.memo = &memo;
    x.naive = rw_ingest_naive_offset(opts, RW_FMT_AWS_CUR);
    x.account = opts->account;
    rw_status st = rw_currency_option(opts, x.currency, err);
    if (st != RW_OK) goto out;
    if ((st = rw_csv_header(&c, err)) != RW_OK) goto out;
    if (oci_header(&c)) {
        st = rw_error_set(err, RW_EFORMAT, in->name, c.line,
                          "this is an Oracle Cloud (OCI) cost report (lineItem/intervalUsageStart,"
                          " cost/myCost), not an AWS Cost and Usage Report");
        goto out;
    }
    if ((st = rw_columns_map(&c, specs, C_COUNT, x.idx, err)) != RW_OK) goto out;
    if (x.idx[C_CURRENCY] < 0 && !x.currency[0]) {
        st = rw_error_set(err, RW_EFORMAT, in->name, c.line,
                          "column lineItem/CurrencyCode (line_item_currency_code) is missing from"
                          " the header, so the currency of the costs is unknown; pass --currency"
                          " CODE to say which it is");
        goto out;
    }
    if ((st = find_tag_cols(&c, &x, err)) != RW_OK) goto out;
    size_t n;
    const char *start = header_name(&c, (size_t)x.idx[C_START], &n);
    x.cur2 = memchr(start, '/', n) == NULL;
    size_t ncols = c.nfields;
    /* (last: deciding the date order reads ahead, so header pointers go stale) */
    static const char *const date_cols[] = {"lineItem/UsageStartDate", "lineItem/UsageEndDate",
                                            "line_item_usage_start_date",
                                            "line_item_usage_end_date", NULL};
    static const char *const period_cols[] = {
        "bill/BillingPeriodStartDate", "bill/BillingPeriodEndDate",
        "bill_billing_period_start_date", "bill_billing_period_end_date", NULL};
    if ((st = rw_dates_init(&x.dates, &c, date_cols, period_cols, opts, x.naive, err)) != RW_OK)
        goto out;
    char why[200], svc[256];
    for (;;) {
        int have;
        if ((st = rw_csv_next_row(&c, sink, ncols, &have, err)) != RW_OK) goto out;
        if (!have) break;
        rw_charge ch;
        rw_charge_init(&ch);
        rw_row_warnings w;
        rw_row_warn_init(&w);
        char *tags = NULL;
        int oom = 0;
        const char *reason = convert(&c, &x, &ch, &w, svc, sizeof svc, why, sizeof why);
        if (!reason) {
            const char *drop = build_tags(&c, &x, &tags, &oom, why, sizeof why);
            if (drop) rw_row_warn(&w, "%s; tags dropped", drop);
        }
        if (oom) {
            st = rw_error_set(err, RW_ENOMEM, in->name, c.line, "out of memory");
        } else if (reason) {
            st = rw_reject_record(sink, &c, "%s", reason);
        } else {
            ch.tags = tags ? tags : "";
            st = rw_keep_row(sink, &c, &w, &ch);
        }
        free(tags);
        if (st != RW_OK) goto out;
    }
out:
    free_tag_cols(&x);
    rw_csv_cleanup(&c);
    return st;
}
