/* series_query.h: aggregating stored charges, usage or points into series.
 *
 * Buckets are hours, days, ISO weeks (Monday) or calendar months of the
 * query's time zone: charge and access-log times are moved to its wall
 * clock ("local seconds", util/tz.h) before they are bucketed, so bucket
 * starts are local seconds (UTC seconds when the zone is UTC). Series-file
 * points are bucketed as written. Money
 * is summed with compensated (Neumaier) summation per bucket, so sums agree
 * with an exact decimal sum to far better than 1e-9 relative. Charges in
 * different currencies are never summed together: when the selection holds
 * several currencies, each series is split per currency and its name gets a
 * " (CUR)" suffix.
 *
 * Coverage rule: a bucket in which nothing at all was recorded (no charge of
 * any series) is omitted: it is a gap, not a zero. In a covered bucket, a
 * series with no records gets 0.
 *
 * Amortisation (rw_series_query.amortize): a charge whose period [start,
 * end) spans more than one bucket is spread over it in proportion to the
 * (local) seconds of the period in each bucket, whatever its category: the
 * period is what the charge pays for. The last bucket of the period gets
 * the remainder, so the shares add up to the charge. Only the part within
 * [from, to) and before the end of the data (the end of the last bucket in
 * which a selected charge starts) is placed: the rest of a period is the
 * future, which a series of actuals does not show (rw_series.deferred).
 * Charges of zero length, or within one bucket and within [from, to), are
 * booked as billed. Usage quantities spread the
 * same way; access-log and series-file metrics are never amortised. */
#ifndef RW_SERIES_QUERY_H
#define RW_SERIES_QUERY_H

#include <stddef.h>
#include <stdint.h>
#include "store/store.h"
#include "util/timeutil.h"
#include "util/tz.h"

/* rw_metric and rw_group are public (runway.h). */

/* What a charge drew from the account balance, as an SQL expression over
 * the charges table: cash + incentive (gift) + transfer when the bill says
 * how it was paid (vouchers never draw the balance), else billed. The one
 * definition of the rule. */
#define RW_SQL_DRAWN                                                                          \
    "(CASE WHEN coalesce(cash, incentive, voucher, transfer) IS NULL THEN billed"            \
    " ELSE coalesce(cash, 0) + coalesce(incentive, 0) + coalesce(transfer, 0) END)"

typedef struct rw_series_query {
    rw_metric metric;
    const char *unit;     /* RW_METRIC_USAGE: ConsumedUnit (case-insensitive) */
    rw_group by;
    const char *tag_key;  /* RW_BY_TAG: the key */
    rw_granularity gran;
    int64_t from, to;     /* records at local seconds in [from, to); INT64_MIN/MAX: open */
    const char *currency; /* only charges in this currency; NULL: all */
    const char *account;  /* only charges of this billing or sub account */
    const rw_tz *tz;      /* borrowed: the zone of the buckets; NULL: UTC */
    int amortize;         /* charges: spread each over its charge period (see
                           * the file comment); 0: booked at their start */
} rw_series_query;

typedef struct rw_series {
    char *name;       /* owned */
    char currency[4]; /* "" when not money */
    size_t n;         /* points */
    int64_t *t;       /* owned: bucket starts, increasing */
    double *v;        /* owned: values; NaN for an explicit gap (points) */
    int64_t covered_from; /* charges: earliest ChargePeriodStart summed (local),
                             INT64_MIN when not known (usage, points) */
    int64_t covered_to;   /* charges: latest ChargePeriodEnd, INT64_MAX when
                             not known. A first or last bucket that these do
                             not cover whole holds only part of its period.
                             Amortised charges count with the part of their
                             period that was placed. */
    double deferred;      /* amortised: what fell after the end of the data
                             or --to (not in any bucket); 0 otherwise */
} rw_series;

typedef struct rw_series_set {
    size_t n;           /* series, sorted by name */
    rw_series *s;       /* owned array */
    rw_granularity gran;
    int mixed_currency; /* names carry a currency suffix */
    int amortized;      /* charges were spread over their periods */
    rw_tz *tz;          /* owned: the zone of the buckets, attached by the
                         * caller of rw_series_query_run; NULL: UTC */
} rw_series_set;

/* Parses --by text: service|account|billing-account|region|provider|
 * category|bucket|tag:KEY (KEY borrowed from `text`). */
rw_status rw_group_parse(const char *text, rw_group *by, const char **tag_key);
/* Parses --metric text: cost|effective-cost|drawn|usage:UNIT|requests|
 * egress-bytes|storage-bytes|points. */
rw_status rw_metric_parse(const char *text, rw_metric *m, const char **unit);

/* Runs `q`. On success *out is owned by the caller (rw_series_set_free).
 * RW_EINVAL when the grouping does not apply to the metric. */
rw_status rw_series_query_run(rw_store *s, const rw_series_query *q, rw_series_set **out,
                              rw_error *err);

void rw_series_set_free(rw_series_set *set);

/* *has = 1 when some stored charge of `account` (billing or sub account;
 * NULL: any) in `currency` (NULL: any) says how it was paid. */
rw_status rw_store_has_payment_split(rw_store *s, const char *account, const char *currency,
                                     int *has, rw_error *err);

#endif
