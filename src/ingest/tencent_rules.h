/* tencent_rules.h: Tencent Cloud billing conventions shared by the bill CSV
 * and the Billing API parsers: how billing modes and transaction types map
 * to FOCUS ChargeFrequency / ChargeCategory, and Tencent's inclusive period
 * ends. */
#ifndef RW_TENCENT_RULES_H
#define RW_TENCENT_RULES_H

#include <stdint.h>

/* FOCUS ChargeFrequency of a billing mode (计费模式, PayModeName, PayMode):
 * "Recurring", "Usage-Based", or "" when unknown. */
const char *rw_tencent_frequency(const char *mode);

/* FOCUS ChargeCategory of a transaction type (交易类型, ActionTypeName,
 * ActionType) with amount `amount` (优惠后总价 / RealCost): refunds
 * (退费, 退款, ...) and downgrades are Credit, 调账 Adjustment, new
 * purchases, renewals, upgrades and billing-mode changes (包年包月转按量)
 * Purchase when `amount` >= 0 and Credit (money returned) when negative,
 * everything else Usage. */
const char *rw_tencent_category(const char *action, double amount);

/* Tencent prints the last second of a period (10:59:59); FOCUS periods are
 * half-open. Returns end + 1 when `end` (epoch seconds of a time read at
 * `naive` seconds east of UTC) is one second before a whole hour. */
int64_t rw_tencent_exclusive_end(int64_t start, int64_t end, int64_t naive);

/* Reads a bill month (账单月份 / Bill Month: "2024-09", "2024/09",
 * "202409") as the first instant of that month at `offset` seconds east of
 * UTC (Beijing time for Tencent's own files) into *out. Returns 0 when `s`
 * is not such a month. */
int rw_tencent_bill_month(const char *s, int64_t offset, int64_t *out);

#endif
