/* focus.c: FOCUS 1.0-1.3 cost and usage CSV.
 *
 * Columns are found by header name in any order; extra and x_ columns are
 * ignored. Accepts the quirks of real exports: literal NULL, "YYYY-MM-DD
 * HH:MM:SS" as well as ISO 8601 with Z, enum values in any case, negative
 * costs, JSON tags with doubled quotes, many decimals. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    C_CATEGORY, C_FREQUENCY, C_QUANTITY, C_UNIT, C_TAGS, C_COUNT
};

#define NAMES(...) (const char *const[]){__VA_ARGS__, NULL}
static const rw_colspec specs[C_COUNT] = {
    [C_START] = {"ChargePeriodStart", NAMES("ChargePeriodStart"), 1},
    [C_END] = {"ChargePeriodEnd", NAMES("ChargePeriodEnd"), 0},
    [C_BILLED] = {"BilledCost", NAMES("BilledCost"), 1},
    [C_EFFECTIVE] = {"EffectiveCost", NAMES("EffectiveCost", "AmortizedCost"), 0},
    [C_LIST] = {"ListCost", NAMES("ListCost"), 0},
    [C_CURRENCY] = {"BillingCurrency", NAMES("BillingCurrency"), 1},
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
};

static const char *const categories[] = {"Usage", "Purchase", "Tax", "Credit", "Adjustment", NULL};
static const char *const frequencies[] = {"One-Time", "Recurring", "Usage-Based", NULL};

/* Converts one record; returns a reject reason or NULL when `ch` is good. */
static const char *convert(rw_csv *c, const int *idx, const rw_dates *dt, rw_tagcache *tags,
                           const char *account, rw_charge *ch, char *why, size_t whysz)
{
    const char *s = rw_field(c, idx[C_START]), *r;
    if ((r = rw_dates_read(dt, "ChargePeriodStart", s, &ch->start, why, whysz))) return r;
    s = rw_field(c, idx[C_END]);
    if (!*s) ch->end = ch->start;
    else if ((r = rw_dates_read(dt, "ChargePeriodEnd", s, &ch->end, why, whysz))) return r;
    else if (ch->end < ch->start)
        return "ChargePeriodEnd is before ChargePeriodStart";
    s = rw_field(c, idx[C_BILLED]);
    if (!*s) return "BilledCost is empty";
    if (rw_parse_double(s, &ch->billed) != RW_OK) {
        snprintf(why, whysz, "BilledCost '%.40s' is not a number", s);
        return why;
    }
    int bad = 0;
    ch->effective = rw_opt_amount(rw_field(c, idx[C_EFFECTIVE]), &bad);
    if (bad) return "EffectiveCost is not a number";
    ch->list = rw_opt_amount(rw_field(c, idx[C_LIST]), &bad);
    if (bad) return "ListCost is not a number";
    ch->quantity = rw_opt_amount(rw_field(c, idx[C_QUANTITY]), &bad);
    if (bad) return "ConsumedQuantity is not a number";
    char *cur = (char *)rw_field(c, idx[C_CURRENCY]);
    if (!*cur) return "BillingCurrency is empty";
    if (!rw_currency_norm(cur)) {
        snprintf(why, whysz, "BillingCurrency '%.40s' is not an ISO 4217 code", cur);
        return why;
    }
    ch->currency = cur;
    ch->provider = rw_field(c, idx[C_PROVIDER]);
    ch->billing_account = rw_field(c, idx[C_BILLING_ACCOUNT]);
    if (!*ch->billing_account && account) ch->billing_account = account;
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
    if (!rw_tags_valid(tags, ch->tags)) return "Tags is not a JSON object";
    return NULL;
}

rw_status rw_parse_focus(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink, rw_error *err)
{
    rw_csv c;
    rw_csv_init(&c, in, ',');
    rw_tagcache *tags = calloc(1, sizeof *tags); /* 512 KiB: not on the stack */
    int idx[C_COUNT];
    int64_t naive = rw_ingest_naive_offset(opts, RW_FMT_FOCUS);
    rw_status st = tags ? rw_csv_next(&c, err) : rw_error_set(err, RW_ENOMEM, in->name, 0, "out of memory");
    if (st != RW_OK) goto out;
    if (c.nfields == 0) {
        st = rw_error_set(err, RW_EFORMAT, in->name, 1, "no header line");
        goto out;
    }
    st = rw_columns_map(&c, specs, C_COUNT, idx, err);
    if (st != RW_OK) goto out;
    size_t ncols = c.nfields;
    static const char *const date_cols[] = {"ChargePeriodStart", "ChargePeriodEnd", NULL};
    static const char *const period_cols[] = {"BillingPeriodStart", "BillingPeriodEnd", NULL};
    rw_dates dt;
    if ((st = rw_dates_init(&dt, &c, date_cols, period_cols, opts, naive, err)) != RW_OK) goto out;
    char why[160];
    for (;;) {
        int have;
        if ((st = rw_csv_next_row(&c, sink, ncols, &have, err)) != RW_OK) goto out;
        if (!have) break;
        rw_charge ch;
        rw_charge_init(&ch);
        const char *reason = convert(&c, idx, &dt, tags, opts->account, &ch, why, sizeof why);
        st = reason ? rw_reject_record(sink, &c, "%s", reason) : sink->charge(sink->ctx, c.line, &ch);
        if (st != RW_OK) goto out;
    }
out:
    free(tags);
    rw_csv_cleanup(&c);
    return st;
}
