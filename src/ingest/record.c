/* record.c: record initialisation. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include "runway.h"
#include "ingest/record.h"

void rw_charge_init(rw_charge *c)
{
    c->start = c->end = 0;
    c->billed = 0;
    c->effective = c->list = c->quantity = NAN;
    c->cash = c->incentive = c->voucher = c->transfer = NAN;
    c->provider = c->billing_account = c->sub_account = c->service = "";
    c->service_category = c->region = c->resource = c->charge_category = "";
    c->charge_frequency = c->currency = c->unit = c->tags = "";
    c->period = RW_NO_PERIOD;
}

rw_status rw_sink_warn(rw_sink *sink, long line, const char *reason, const char *raw,
                       size_t raw_len)
{
    return sink->warn ? sink->warn(sink->ctx, line, reason, raw, raw_len) : RW_OK;
}

const char *rw_ledger_kind_name(rw_ledger_kind k)
{
    static const char *const names[] = {"recharge", "deduct",   "freeze", "unfreeze",
                                        "refund",   "transfer", "other"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "other";
}

const char *rw_account_why(const char *account, char *why, size_t size)
{
    size_t n = account ? strlen(account) : 0;
    if (n <= RW_ACCOUNT_MAX) return NULL;
    snprintf(why, size, "the account id is %zu bytes long; at most %d are allowed", n,
             RW_ACCOUNT_MAX);
    return why;
}

rw_status rw_account_check(const char *account, rw_error *err)
{
    char why[96];
    const char *r = rw_account_why(account, why, sizeof why);
    return r ? rw_error_set(err, RW_EINVAL, NULL, 0, "%s", r) : RW_OK;
}
