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
 * ActionType): refunds and downgrades are Credit, 调账 Adjustment, new
 * purchases, renewals and upgrades Purchase, everything else Usage. */
const char *rw_tencent_category(const char *action);

/* Tencent prints the last second of a period (10:59:59); FOCUS periods are
 * half-open. Returns end + 1 when `end` (epoch seconds of a time read at
 * `naive` seconds east of UTC) is one second before a whole hour. */
int64_t rw_tencent_exclusive_end(int64_t start, int64_t end, int64_t naive);

#endif
