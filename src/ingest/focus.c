/* focus.c: FOCUS 1.0-1.3 cost and usage CSV.
 *
 * Columns are found by header name in any order; extra and x_ columns are
 * ignored. Accepts the quirks of real exports: literal NULL, "YYYY-MM-DD
 * HH:MM:SS" as well as ISO 8601 with Z, enum values in any case, negative
 * costs, JSON tags with doubled quotes, many decimals.
 *
 * A row is rejected only when what its money needs is unusable:
 * ChargePeriodStart, BilledCost, the currency (BillingCurrency, else
 * --currency; a file with neither column nor option is unreadable). Bad
 * optional metadata (ChargePeriodEnd or an end before the start,
 * EffectiveCost, ListCost, ConsumedQuantity, Tags that are not a JSON
 * object, BillingPeriodStart) is dropped with a warning naming the column
 * and value, and the row kept: an Excel re-save that mangles the tags must
 * not lose the bill's money.
 *
 * Billing period: BillingPeriodStart (read like the other times), else the
 * calendar month of ChargePeriodStart in the file's naive zone. */
#include <math.h>
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
    C_START, C_END, C_BILLED, C_EFFECTIVE, C_LIST, C_CURRENCY, C_PROVIDER, C_BILLING_ACCOUNT,
    C_SUB_ACCOUNT, C_SERVICE, C_SERVICE_CATEGORY, C_REGION, C_REGION_NAME, C_RESOURCE,
    C_CATEGORY, C_FREQUENCY, C_QUANTITY, C_UNIT, C_TAGS, C_PERIOD, C_COUNT
};

#define NAMES(...) (const char *const[]){__VA_ARGS__, NULL}
static const rw_colspec specs[C_COUNT] = {
    [C_START] = {"ChargePeriodStart", NAMES("ChargePeriodStart"), 1},
    [C_END] = {"ChargePeriodEnd", NAMES("ChargePeriodEnd"), 0},
    [C_BILLED] = {"BilledCost", NAMES("BilledCost"), 1},
    [C_EFFECTIVE] = {"EffectiveCost", NAMES("EffectiveCost", "AmortizedCost"), 0},
    [C_LIST] = {"ListCost", NAMES("ListCost"), 0},
    /* Optional only because --currency may stand in for it. */
    [C_CURRENCY] = {"BillingCurrency", NAMES("BillingCurrency"), 0},
    [C_PROVIDER] = {"ServiceProviderName", NAMES("ServiceProviderName", "ProviderName",
                                                 "ServiceProvider"), 0},
    [C_BILLING_ACCOUNT] = {"BillingAccountId", NAMES("BillingAccountId"), 0},
    [C_SUB_ACCOUNT] = {"SubAccountId", NAMES("SubAccountId"), 0},
    [C_SERVICE] = {"ServiceName", NAMES("ServiceName"), 0},
    [C_SERVICE_CATEGORY] = {"ServiceCategory", NAMES("ServiceCategory"), 0},
    [C_REGION] = {"RegionId", NAMES("RegionId", "Region"), 0},
    [C_REGION_NAME] = {"RegionName", NAMES("RegionName"), 0},
    [C_RESOURCE] = {"ResourceId", NAMES("ResourceId"), 0},
    [C_CATEGORY] = {"ChargeCategory", NAMES("ChargeCategory", "ChargeType"), 0},
    [C_FREQUENCY] = {"ChargeFrequency", NAMES("ChargeFrequency"), 0},
    [C_QUANTITY] = {"ConsumedQuantity", NAMES("ConsumedQuantity", "UsageQuantity"), 0},
    [C_UNIT] = {"ConsumedUnit", NAMES("ConsumedUnit", "UsageUnit"), 0},
    [C_TAGS] = {"Tags", NAMES("Tags"), 0},
    [C_PERIOD] = {"BillingPeriodStart", NAMES("BillingPeriodStart"), 0},
};

static const char *const categories[] = {"Usage", "Purchase", "Tax", "Credit", "Adjustment", NULL};
static const char *const frequencies[] = {"One-Time", "Recurring", "Usage-Based", NULL};

/* Everything a row conversion needs from the header and the options. */
typedef struct focus_ctx {
    int idx[C_COUNT];     /* column of each spec, -1 when absent */
    int64_t naive;        /* offset of zone-less timestamps */
    rw_dates dates;       /* how timestamps are read (slash dates' order) */
    rw_period_memo *memo; /* the billing period read last */
    const char *account;  /* fills an empty BillingAccountId; may be NULL */
    char currency[4];     /* --currency, "" when not given */
    rw_tagcache *tags;    /* tag texts already checked */
} focus_ctx;

/* Converts one record. Returns a reject reason (the row is unusable: its
 * start, BilledCost or currency is) or NULL when `ch` is good; bad optional
 * metadata is dropped from `ch` with a warning added to `w`. */
static const char *convert(rw_csv *c, const focus_ctx *x, rw_charge *ch, rw_row_warnings *w,
                           char *why, size_t whysz)
{
    const int *idx = x->idx;
    const char *s = rw_field(c, idx[C_START]), *r;
    if ((r = rw_dates_read(&x->dates, "ChargePeriodStart", s, &ch->start, why, whysz))) return r;
    s = rw_field(c, idx[C_BILLED]);
    if (!*s) return "BilledCost is empty";
    if (rw_parse_double(s, &ch->billed) != RW_OK) {
        snprintf(why, whysz, "BilledCost '%.40s' is not a number", s);
        return why;
    }
    char *cur = (char *)rw_field(c, idx[C_CURRENCY]);
    if (!*cur && x->currency[0]) cur = (char *)x->currency;
    if (!*cur) return "BillingCurrency is empty (--currency CODE fills it)";
    if (cur != x->currency && !rw_currency_norm(cur)) {
        snprintf(why, whysz, "BillingCurrency '%.40s' is not an ISO 4217 code", cur);
        return why;
    }
    ch->currency = cur;
    /* Everything below is metadata: a bad value is dropped, the money kept. */
    rw_row_end(&x->dates, "ChargePeriodEnd", "ChargePeriodStart", rw_field(c, idx[C_END]),
               ch->start, &ch->end, w);
    ch->period = rw_row_period(x->memo, &x->dates, "BillingPeriodStart",
                               rw_field(c, idx[C_PERIOD]), ch->start, w);
    ch->effective = rw_opt_amount_warn(rw_field(c, idx[C_EFFECTIVE]), "EffectiveCost", w);
    ch->list = rw_opt_amount_warn(rw_field(c, idx[C_LIST]), "ListCost", w);
    ch->quantity = rw_opt_amount_warn(rw_field(c, idx[C_QUANTITY]), "ConsumedQuantity", w);
    ch->provider = rw_field(c, idx[C_PROVIDER]);
    ch->billing_account = rw_field(c, idx[C_BILLING_ACCOUNT]);
    if (!*ch->billing_account && x->account) ch->billing_account = x->account;
    ch->sub_account = rw_field(c, idx[C_SUB_ACCOUNT]);
    ch->service = rw_field(c, idx[C_SERVICE]);
    ch->service_category = rw_field(c, idx[C_SERVICE_CATEGORY]);
    ch->region = rw_field(c, idx[C_REGION]);
    if (!*ch->region) ch->region = rw_field(c, idx[C_REGION_NAME]);
    ch->resource = rw_field(c, idx[C_RESOURCE]);
    s = rw_field(c, idx[C_CATEGORY]);
    const char *canon = rw_str_canon(s, categories);
    ch->charge_category = canon ? canon : s;
    s = rw_field(c, idx[C_FREQUENCY]);
    canon = rw_str_canon(s, frequencies);
    ch->charge_frequency = canon ? canon : s;
    ch->unit = rw_field(c, idx[C_UNIT]);
    ch->tags = rw_field(c, idx[C_TAGS]);
    if (!rw_tags_valid(x->tags, ch->tags)) {
        rw_row_warn(w, "Tags '%.40s' is not a JSON object; tags dropped", ch->tags);
        ch->tags = "";
    }
    return NULL;
}

rw_status rw_parse_focus(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err)
{
    rw_csv c;
    rw_csv_init(&c, in, in->delim);
    focus_ctx x;
    memset(&x, 0, sizeof x);
    rw_period_memo memo = {"", 0};
    x.memo = &memo;
    x.tags = calloc(1, sizeof *x.tags); /* 512 KiB: not on the stack */
    x.naive = rw_ingest_naive_offset(opts, RW_FMT_FOCUS);
    x.account = opts->account;
    rw_status st = x.tags ? rw_currency_option(opts, x.currency, err)
                          : rw_error_set(err, RW_ENOMEM, in->name, 0, "out of memory");
    if (st != RW_OK) goto out;
    if ((st = rw_csv_header(&c, err)) != RW_OK) goto out;
    st = rw_columns_map(&c, specs, C_COUNT, x.idx, err);
    if (st != RW_OK) goto out;
    if (x.idx[C_CURRENCY] < 0 && !x.currency[0]) {
        /* PricingCurrency is no substitute: it is the currency of unit
         * prices, which FOCUS allows to differ from BillingCurrency. */
        st = rw_error_set(err, RW_EFORMAT, in->name, c.line,
                          "column BillingCurrency is missing from the header, so the currency"
                          " of BilledCost is unknown; pass --currency CODE (e.g. --currency"
                          " USD) to say which it is");
        goto out;
    }
    size_t ncols = c.nfields;
    static const char *const date_cols[] = {"ChargePeriodStart", "ChargePeriodEnd", NULL};
    static const char *const period_cols[] = {"BillingPeriodStart", "BillingPeriodEnd", NULL};
    if ((st = rw_dates_init(&x.dates, &c, date_cols, period_cols, opts, x.naive, err)) != RW_OK)
        goto out;
    char why[160];
    for (;;) {
        int have;
        if ((st = rw_csv_next_row(&c, sink, ncols, &have, err)) != RW_OK) goto out;
        if (!have) break;
        rw_charge ch;
        rw_charge_init(&ch);
        rw_row_warnings w;
        rw_row_warn_init(&w);
        const char *reason = convert(&c, &x, &ch, &w, why, sizeof why);
        st = reason ? rw_reject_record(sink, &c, "%s", reason) : rw_keep_row(sink, &c, &w, &ch);
        if (st != RW_OK) goto out;
    }
out:
    free(x.tags);
    rw_csv_cleanup(&c);
    return st;
}
