/* azure.c: Azure Cost Management cost details CSV (exports and downloads
 * of Enterprise Agreement and Microsoft Customer Agreement accounts, the
 * "actual" and the "amortized" cost data sets).
 *
 * Columns are found by header name in any order and any case (EA spells
 * them CostInBillingCurrency, MCA costInBillingCurrency); older EA files
 * name cost and subscription PreTaxCost/Cost and SubscriptionGuid. Mapping
 * (docs/formats.md has the table):
 *   start     Date (a day; the charge ends a day later)
 *   billed    CostInBillingCurrency   currency  BillingCurrencyCode
 *   period    BillingPeriodStartDate  service   MeterCategory
 *   accounts  BillingAccountId (else --account) / SubscriptionId
 *   category  from ChargeType, frequency from Frequency
 *   tags      Tags: a JSON object; EA's legacy text without braces
 *             ("k": "v","k2": "v2") is wrapped in them.
 * Dates are usually M/D/Y ("09/13/2024"): they are read with the file's
 * date order (dates.h). Bad tags, quantity or billing period are dropped
 * with a warning; the row is kept. Memory: one row's wrapped tag text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/billing.h"
#include "ingest/columns.h"
#include "ingest/csv.h"
#include "ingest/dates.h"
#include "ingest/ingest.h"
#include "util/num.h"
#include "util/strutil.h"
#include "util/timeutil.h"

enum {
    C_DATE, C_COST, C_CURRENCY, C_PERIOD, C_BILLING_ACCOUNT, C_SUBSCRIPTION, C_METER_CATEGORY,
    C_CONSUMED_SERVICE, C_PRODUCT, C_SERVICE_FAMILY, C_LOCATION, C_METER_REGION, C_RESOURCE,
    C_CHARGE_TYPE, C_FREQUENCY, C_QUANTITY, C_UNIT, C_TAGS, C_COUNT
};

#define NAMES(...) (const char *const[]){__VA_ARGS__, NULL}
static const rw_colspec specs[C_COUNT] = {
    [C_DATE] = {"Date", NAMES("Date", "UsageDateTime", "UsageDate"), 1},
    [C_COST] = {"CostInBillingCurrency", NAMES("CostInBillingCurrency", "PreTaxCost", "Cost"), 1},
    [C_CURRENCY] = {"BillingCurrencyCode",
                    NAMES("BillingCurrencyCode", "BillingCurrency", "Currency"), 1},
    [C_PERIOD] = {"BillingPeriodStartDate", NAMES("BillingPeriodStartDate"), 0},
    [C_BILLING_ACCOUNT] = {"BillingAccountId", NAMES("BillingAccountId"), 0},
    [C_SUBSCRIPTION] = {"SubscriptionId", NAMES("SubscriptionId", "SubscriptionGuid"), 0},
    [C_METER_CATEGORY] = {"MeterCategory", NAMES("MeterCategory"), 0},
    [C_CONSUMED_SERVICE] = {"ConsumedService", NAMES("ConsumedService"), 0},
    [C_PRODUCT] = {"ProductName", NAMES("ProductName", "Product"), 0},
    [C_SERVICE_FAMILY] = {"ServiceFamily", NAMES("ServiceFamily"), 0},
    [C_LOCATION] = {"ResourceLocation", NAMES("ResourceLocation"), 0},
    [C_METER_REGION] = {"MeterRegion", NAMES("MeterRegion"), 0},
    [C_RESOURCE] = {"ResourceId", NAMES("ResourceId", "InstanceId", "InstanceName"), 0},
    [C_CHARGE_TYPE] = {"ChargeType", NAMES("ChargeType"), 0},
    [C_FREQUENCY] = {"Frequency", NAMES("Frequency", "ChargeFrequency"), 0},
    [C_QUANTITY] = {"Quantity", NAMES("Quantity", "UsageQuantity"), 0},
    [C_UNIT] = {"UnitOfMeasure", NAMES("UnitOfMeasure"), 0},
    [C_TAGS] = {"Tags", NAMES("Tags"), 0},
};

/* Azure ChargeType to FOCUS ChargeCategory. Unused reservation and savings
 * plan hours (amortized data only) are usage of a commitment, as FOCUS
 * records unused commitment (ChargeCategory Usage, CommitmentDiscountStatus
 * Unused); a refund gives money back: Credit. Unknown types are kept as
 * they are written. */
static const struct {
    const char *type, *category;
} charge_types[] = {
    {"Usage", "Usage"},           {"UnusedReservation", "Usage"},
    {"UnusedSavingsPlan", "Usage"}, {"Purchase", "Purchase"},
    {"Refund", "Credit"},         {"Tax", "Tax"},
    {"RoundingAdjustment", "Adjustment"},
};

/* Azure Frequency to FOCUS ChargeFrequency. */
static const struct {
    const char *azure, *focus;
} frequencies[] = {
    {"UsageBased", "Usage-Based"}, {"OneTime", "One-Time"}, {"Recurring", "Recurring"},
};

typedef struct azure_ctx {
    int idx[C_COUNT];     /* column of each spec, -1 when absent */
    rw_dates dates;       /* naive offset and date order of this file */
    rw_tagcache *tagcache;/* owned */
    char *tagbuf;         /* owned: braces-wrapped legacy tags */
    size_t tagcap;        /* allocated size of tagbuf */
    const char *account;  /* fills an empty billing account; may be NULL */
} azure_ctx;

/* The row's tags as a JSON object text in *out ("" when none): legacy text
 * without braces is wrapped. Returns 0 when out of memory. */
static int wrap_tags(azure_ctx *x, const char *t, const char **out)
{
    *out = t;
    if (!*t || *t == '{') return 1;
    size_t n = strlen(t);
    if (n + 3 > x->tagcap) {
        char *nb = realloc(x->tagbuf, n + 3);
        if (!nb) return 0;
        x->tagbuf = nb;
        x->tagcap = n + 3;
    }
    x->tagbuf[0] = '{';
    memcpy(x->tagbuf + 1, t, n);
    x->tagbuf[n + 1] = '}';
    x->tagbuf[n + 2] = '\0';
    *out = x->tagbuf;
    return 1;
}

/* Converts the money and time of one record; returns a reject reason or
 * NULL. Optional metadata is filled by `metadata`. */
static const char *convert(rw_csv *c, const azure_ctx *x, rw_charge *ch, char *why, size_t whysz)
{
    const int *idx = x->idx;
    const char *s = rw_field(c, idx[C_DATE]), *r;
    if ((r = rw_dates_read(&x->dates, specs[C_DATE].label, s, &ch->start, why, whysz))) return r;
    /* Azure's cost details are daily: Date is the day of the charge. */
    ch->end = ch->start + RW_DAY;
    s = rw_field(c, idx[C_COST]);
    if (!*s) {
        snprintf(why, whysz, "%s is empty", specs[C_COST].label);
        return why;
    }
    if (rw_parse_double(s, &ch->billed) != RW_OK) {
        snprintf(why, whysz, "%s '%.40s' is not a number", specs[C_COST].label, s);
        return why;
    }
    char *cur = (char *)rw_field(c, idx[C_CURRENCY]);
    if (!*cur) return "BillingCurrencyCode is empty";
    if (!rw_currency_norm(cur)) {
        snprintf(why, whysz, "BillingCurrencyCode '%.40s' is not an ISO 4217 code", cur);
        return why;
    }
    ch->currency = cur;
    return NULL;
}

/* Fills the descriptive fields; drops bad optional ones with a warning
 * added to `w`. RW_ENOMEM only. */
static rw_status metadata(rw_csv *c, azure_ctx *x, rw_charge *ch, rw_row_warnings *w,
                          rw_error *err)
{
    const int *idx = x->idx;
    char why[160];
    ch->provider = "Microsoft";
    ch->billing_account = rw_field(c, idx[C_BILLING_ACCOUNT]);
    if (!*ch->billing_account && x->account) ch->billing_account = x->account;
    ch->sub_account = rw_field(c, idx[C_SUBSCRIPTION]);
    /* MeterCategory is what Azure's cost analysis calls "Service name" and
     * what FinOps teams group Azure spend by; purchases may leave it empty. */
    ch->service = rw_field(c, idx[C_METER_CATEGORY]);
    if (!*ch->service) ch->service = rw_field(c, idx[C_CONSUMED_SERVICE]);
    if (!*ch->service) ch->service = rw_field(c, idx[C_PRODUCT]);
    ch->service_category = rw_field(c, idx[C_SERVICE_FAMILY]);
    ch->region = rw_field(c, idx[C_LOCATION]);
    if (!*ch->region) ch->region = rw_field(c, idx[C_METER_REGION]);
    ch->resource = rw_field(c, idx[C_RESOURCE]);
    ch->unit = rw_field(c, idx[C_UNIT]);
    const char *s = rw_field(c, idx[C_CHARGE_TYPE]);
    ch->charge_category = s;
    for (size_t i = 0; i < sizeof charge_types / sizeof charge_types[0]; i++)
        if (rw_str_ieq(s, charge_types[i].type)) ch->charge_category = charge_types[i].category;
    s = rw_field(c, idx[C_FREQUENCY]);
    ch->charge_frequency = s;
    for (size_t i = 0; i < sizeof frequencies / sizeof frequencies[0]; i++)
        if (rw_str_ieq(s, frequencies[i].azure)) ch->charge_frequency = frequencies[i].focus;
    ch->quantity = rw_opt_amount_warn(rw_field(c, idx[C_QUANTITY]), "Quantity", w);
    s = rw_field(c, idx[C_PERIOD]);
    if (*s && rw_dates_read(&x->dates, specs[C_PERIOD].label, s, &ch->period, why, sizeof why)) {
        ch->period = RW_NO_PERIOD;
        rw_row_warn(w, "%s; billing period dropped", why);
    }
    const char *tags;
    if (!wrap_tags(x, rw_field(c, idx[C_TAGS]), &tags))
        return rw_error_set(err, RW_ENOMEM, c->in->name, c->line, "out of memory");
    if (!rw_tags_valid(x->tagcache, tags)) {
        rw_row_warn(w, "Tags is not a JSON object; dropped");
        tags = "";
    }
    ch->tags = tags;
    return RW_OK;
}

rw_status rw_parse_azure(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err)
{
    rw_csv c;
    rw_csv_init(&c, in, in->delim);
    azure_ctx x;
    memset(&x, 0, sizeof x);
    x.account = opts->account;
    x.tagcache = calloc(1, sizeof *x.tagcache); /* 512 KiB: not on the stack */
    rw_status st = x.tagcache ? rw_csv_header(&c, err)
                              : rw_error_set(err, RW_ENOMEM, in->name, 0, "out of memory");
    if (st != RW_OK) goto out;
    if ((st = rw_columns_map(&c, specs, C_COUNT, x.idx, err)) != RW_OK) goto out;
    size_t ncols = c.nfields;
    /* BillingPeriodEndDate is the period's last day (not a 1st): plain
     * evidence, like the charge dates. */
    static const char *const date_cols[] = {"Date", "UsageDateTime", "UsageDate",
                                            "BillingPeriodEndDate", "ServicePeriodStartDate",
                                            "ServicePeriodEndDate", NULL};
    static const char *const period_cols[] = {"BillingPeriodStartDate", NULL};
    st = rw_dates_init(&x.dates, &c, date_cols, period_cols, opts,
                       rw_ingest_naive_offset(opts, RW_FMT_AZURE), err);
    if (st != RW_OK) goto out;
    char why[160];
    for (;;) {
        int have;
        if ((st = rw_csv_next_row(&c, sink, ncols, &have, err)) != RW_OK) goto out;
        if (!have) break;
        rw_charge ch;
        rw_charge_init(&ch);
        rw_row_warnings w;
        rw_row_warn_init(&w);
        const char *reason = convert(&c, &x, &ch, why, sizeof why);
        if (reason) st = rw_reject_record(sink, &c, "%s", reason);
        else if ((st = metadata(&c, &x, &ch, &w, err)) == RW_OK)
            st = rw_keep_row(sink, &c, &w, &ch);
        if (st != RW_OK) goto out;
    }
out:
    free(x.tagbuf);
    free(x.tagcache);
    rw_csv_cleanup(&c);
    return st;
}
