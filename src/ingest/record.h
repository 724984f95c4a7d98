/* record.h: what format parsers produce, and the sink they hand it to.
 *
 * Parsers know nothing of the store: they turn input rows into the records
 * below and pass them to an rw_sink. The store implements a sink that writes
 * them; tests implement sinks that collect them. All strings are borrowed for
 * the duration of the call and are never NULL ("" when absent). */
#ifndef RW_RECORD_H
#define RW_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "util/error.h"


/* One charge (a bill line item) in FOCUS terms. */
typedef struct rw_charge {
    int64_t start;               /* ChargePeriodStart, epoch seconds, inclusive */
    int64_t end;                 /* ChargePeriodEnd, exclusive (>= start) */
    double billed;               /* BilledCost, in `currency` */
    double effective;            /* EffectiveCost, NaN when absent */
    double list;                 /* ListCost, NaN when absent */
    double quantity;             /* ConsumedQuantity, NaN when absent */
    /* How `billed` was paid (Tencent Cloud: CashPayAmount, IncentivePayAmount,
     * VoucherPayAmount, TransferPayAmount), each NaN when the bill does not
     * say. Cash, gift (incentive) and transfer come out of the account
     * balance; vouchers do not (rw_charge_drawn). */
    double cash, incentive, voucher, transfer;
    const char *provider;        /* ServiceProvider / ProviderName */
    const char *billing_account; /* BillingAccountId (payer) */
    const char *sub_account;     /* SubAccountId (owner of the resource) */
    const char *service;         /* ServiceName */
    const char *service_category;/* ServiceCategory */
    const char *region;          /* RegionId (or name when no id) */
    const char *resource;        /* ResourceId */
    const char *charge_category; /* Usage, Purchase, Tax, Credit, Adjustment */
    const char *charge_frequency;/* One-Time, Recurring, Usage-Based */
    const char *currency;        /* BillingCurrency, ISO 4217 upper case */
    const char *unit;            /* ConsumedUnit */
    const char *tags;            /* JSON object text, "" when none */
    /* Start of the billing period the charge belongs to (UTC epoch seconds
     * of the period's first instant: FOCUS BillingPeriodStart, CUR
     * bill/BillingPeriodStartDate, Tencent 账单月份), RW_NO_PERIOD when the
     * input is not a whole-period export. A later export of the same
     * provider, billing account and period supersedes an earlier one
     * (store/supersede.h); charges without a period never are. */
    int64_t period;
} rw_charge;

#define RW_NO_PERIOD INT64_MIN

/* Longest dimension values of one charge, all twelve strings with a NUL each,
 * that the store accepts; a longer charge is rejected as a row. */
#define RW_CHARGE_DIMS_MAX 8192

/* Largest amount (billed, effective, list) of one charge, in currency units;
 * a larger one is rejected, so that sums of any plausible number of rows
 * stay finite (two 1e308 charges would sum to infinity). */
#define RW_AMOUNT_MAX 1e15

/* 1 when every amount of `c` is within RW_AMOUNT_MAX (NaN, meaning absent,
 * passes). */
static inline int rw_charge_amounts_fit(const rw_charge *c)
{
    const double v[7] = {c->billed, c->effective, c->list, c->cash, c->incentive, c->voucher,
                         c->transfer};
    for (int i = 0; i < 7; i++)
        if (v[i] > RW_AMOUNT_MAX || v[i] < -RW_AMOUNT_MAX) return 0;
    return 1;
}


/* 1 when the dimension strings of `c` fit in RW_CHARGE_DIMS_MAX bytes. */
static inline int rw_charge_dims_fit(const rw_charge *c)
{
    const char *s[12] = {c->provider, c->billing_account, c->sub_account, c->service,
                         c->service_category, c->region, c->resource, c->charge_category,
                         c->charge_frequency, c->currency, c->unit, c->tags};
    size_t n = 0;
    for (int i = 0; i < 12; i++) {
        n += strnlen(s[i], RW_CHARGE_DIMS_MAX) + 1;
        if (n > RW_CHARGE_DIMS_MAX) return 0;
    }
    return 1;
}

/* One request from an access log; the store sums them per hour and bucket. */
typedef struct rw_usage {
    int64_t time;          /* when the request happened, epoch seconds */
    const char *bucket;    /* bucket name */
    const char *region;    /* region, "" when the log does not say */
    int64_t bytes_out;     /* bytes sent to the client (egress) */
    int64_t bytes_in;      /* bytes received from the client */
    int64_t storage_delta; /* change of stored bytes caused by the request */
    int cdn;               /* 1 when the request came through the CDN */
} rw_usage;

/* A balance observation (API response or manual). */
typedef struct rw_balance {
    int64_t at;           /* when the balance was observed */
    double amount;        /* in currency units (yuan, not cents) */
    const char *currency; /* ISO 4217 */
    const char *account;  /* account id, "" for the default account */
} rw_balance;

/* What a ledger transaction (Tencent Cloud 收支明细) does to the balance. */
typedef enum rw_ledger_kind {
    RW_LEDGER_RECHARGE, /* a top-up (充值) */
    RW_LEDGER_DEDUCT,   /* a deduction for bills (扣费) */
    RW_LEDGER_FREEZE,   /* money set aside (冻结); not consumption */
    RW_LEDGER_UNFREEZE, /* money set free again (解冻) */
    RW_LEDGER_REFUND,   /* money returned (退费) */
    RW_LEDGER_TRANSFER, /* funds moved in or out (资金转入/转出) */
    RW_LEDGER_OTHER,    /* anything else (advances, withdrawals, ...) */
} rw_ledger_kind;

/* Name of a ledger kind ("recharge", "deduct", "freeze", "unfreeze",
 * "refund", "transfer", "other"). */
const char *rw_ledger_kind_name(rw_ledger_kind k);

/* One transaction of the account ledger. Amounts in currency units (yuan). */
typedef struct rw_ledger_tx {
    int64_t at;           /* OperationTime, epoch seconds */
    rw_ledger_kind kind;
    const char *action;   /* the provider's type text (ActionType) */
    double amount;        /* signed as it moves the balance (+ in, - out) */
    double balance;       /* available balance after it */
    double cash, incentive, freezing; /* after it; NaN when absent */
    const char *id;       /* the provider's transaction id (BillId) */
    const char *info;     /* description (OperationInfo), "" when none */
    const char *account;  /* account id, "" for the default account */
    const char *currency; /* ISO 4217 */
} rw_ledger_tx;

/* One point of a plain series file (series,timestamp,value). */
typedef struct rw_point {
    const char *series; /* series name */
    int64_t t;          /* timestamp, epoch seconds */
    double value;       /* value */
} rw_point;

/* Largest magnitude of a series value; a larger one is rejected, so that
 * sums and squares in the planning commands stay finite. */
#define RW_POINT_MAX 1e18
/* Longest series name, in bytes. */
#define RW_SERIES_NAME_MAX 1024

/* Receives records. Every callback returns RW_OK to go on; anything else
 * stops the parser, which returns that status. `line` is the 1-based input
 * line of the row the record came from. */
typedef struct rw_sink {
    void *ctx;
    rw_status (*charge)(void *ctx, long line, const rw_charge *c);
    rw_status (*usage)(void *ctx, long line, const rw_usage *u);
    rw_status (*balance)(void *ctx, long line, const rw_balance *b);
    rw_status (*point)(void *ctx, long line, const rw_point *p);
    /* A row that cannot be used: `reason` says why; raw is its text. */
    rw_status (*reject)(void *ctx, long line, const char *reason, const char *raw, size_t raw_len);
    /* Called once per data row read (accepted or not), for accounting. */
    void (*row)(void *ctx);
    /* A ledger transaction; NULL in sinks that take none (a ledger input
     * then fails with RW_EFORMAT). Last, so initialisers may omit it. */
    rw_status (*ledger)(void *ctx, long line, const rw_ledger_tx *t);
    /* A row that was kept with part of its data dropped (bad optional
     * metadata: tags that are not JSON, a quantity that is not a number):
     * `reason` says what was dropped; raw is the row's text. NULL in sinks
     * that do not record warnings. */
    rw_status (*warn)(void *ctx, long line, const char *reason, const char *raw, size_t raw_len);
} rw_sink;

/* Calls sink->warn when the sink has one; RW_OK otherwise. */
/* NULL when `account` can name an account (at most RW_ACCOUNT_MAX bytes:
 * runway.h rw_account_check), else why not, written into `why`. */
const char *rw_account_why(const char *account, char *why, size_t size);

rw_status rw_sink_warn(rw_sink *sink, long line, const char *reason, const char *raw,
                       size_t raw_len);

/* Initialises `c` to an empty charge: NaN optional amounts, "" strings,
 * no billing period. */
void rw_charge_init(rw_charge *c);

#endif
