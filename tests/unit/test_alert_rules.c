/* test_alert_rules.c: the alert rules of an account from hand-made facts:
 * each rule's state, and the title, details and action its message says,
 * word for word (money rounded up to the cent the owner must top up). */
#include <string.h>
#include "alert/rules.h"
#include "check.h"
#include "util/strutil.h"

static rw_alert_facts facts(void)
{
    rw_alert_facts f;
    memset(&f, 0, sizeof f);
    rw_str_copy(f.account, sizeof f.account, "100012345678");
    rw_str_copy(f.currency, sizeof f.currency, "CNY");
    rw_str_copy(f.unit, sizeof f.unit, " CNY");
    f.balance = f.observed = 1000;
    rw_str_copy(f.observed_at, sizeof f.observed_at, "2024-09-29 06:14 UTC+08:00");
    f.arrears.phase = "ok";
    f.as_of = 1727481600; /* 2024-09-28 */
    f.days[0] = 4;
    f.days[1] = 5;
    f.days[2] = 6;
    rw_str_copy(f.runout[0], sizeof f.runout[0], "2024-10-02");
    rw_str_copy(f.runout[1], sizeof f.runout[1], "2024-10-03");
    rw_str_copy(f.runout[2], sizeof f.runout[2], "2024-10-04");
    f.horizon = 365;
    f.within7 = 1;
    f.within14 = 1;
    f.within30 = 1;
    f.nthr = 3;
    f.lead[0] = 7;
    f.lead[1] = 3;
    f.lead[2] = 1;
    f.thr[0] = 5000;
    f.thr[1] = 2000;
    f.thr[2] = 500;
    f.runout_thr = 6000.004;
    return f;
}

static void test_threshold_and_runout(void)
{
    rw_alert_facts f = facts();
    rw_alert_rule r[RW_ALERT_MAX_RULES];
    CHECK(rw_alert_rules(&f, 7, r) == 3);
    CHECK_STR(r[0].id, "threshold:100012345678");
    CHECK_STR(r[0].state, "yellow");
    CHECK_STR(r[0].title, "balance 1000.00 CNY is below the yellow threshold 2000.00: it may not"
                          " last 3 days");
    CHECK_STR(r[0].action, "top up at least 4000.00 CNY to reach the blue threshold (5000.00: 7"
                           " days at 95%)");
    CHECK_STR(r[1].id, "runout:100012345678");
    CHECK_STR(r[1].state, "soon");
    CHECK_STR(r[1].title, "the balance runs out within 7 days (P50 2024-10-03)");
    CHECK_STR(r[1].action, "top up at least 5000.01 CNY to last 7 days (at 95% confidence)");
    /* Above every threshold, the run-out beyond the window, then beyond the horizon. */
    f.balance = f.observed = 9000;
    f.days[1] = 20;
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[0].state, "ok");
    CHECK_STR(r[0].title, "balance 9000.00 CNY is above the blue threshold 5000.00");
    CHECK_STR(r[1].state, "ok");
    CHECK_STR(r[1].title, "the P50 run-out (2024-10-03) is more than 7 days away");
    f.days[1] = -1;
    rw_alert_rules(&f, 1, r);
    CHECK_STR(r[1].title, "the balance lasts beyond 365 days (P50)");
    f.balance = 100;
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[0].state, "red");
    /* The default account's rules have no account in their ids. */
    f.account[0] = '\0';
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[0].id, "threshold");
}

/* In arrears: the arrears rule escalates by phase as deletion nears, the
 * run-out rule says the money ran out, and the policy's response is added. */
static void test_arrears(void)
{
    rw_alert_facts f = facts();
    rw_alert_rule r[RW_ALERT_MAX_RULES];
    CHECK(rw_alert_rules(&f, 7, r) == 3);
    CHECK_STR(r[2].id, "arrears:100012345678");
    CHECK_STR(r[2].state, "ok");
    CHECK_STR(r[2].title, "not in arrears: balance 1000.00 CNY at 2024-09-29 06:14 UTC+08:00");
    f.balance = f.observed = -120;
    f.arrears = (rw_arrears_facts){.in_arrears = 1, .phase = "grace", .owed = 120,
                                   .days_to_deletion = 120.5, .to_clear = 120,
                                   .to_blue = 4620.01};
    rw_str_copy(f.arrears_since, sizeof f.arrears_since, "2024-09-28 19:12 UTC+08:00");
    rw_str_copy(f.suspended_at, sizeof f.suspended_at, "2024-09-29 19:12 UTC+08:00");
    rw_str_copy(f.deleted_at, sizeof f.deleted_at, "2025-01-27 19:12 UTC+08:00");
    rw_str_copy(f.pol.name, sizeof f.pol.name, "tencent-cos");
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[1].state, "ran-out");
    CHECK_STR(r[1].title, "the balance ran out at 2024-09-28 19:12 UTC+08:00: the account is in"
                          " arrears (see the arrears alert)");
    CHECK_STR(r[2].state, "grace");
    CHECK_STR(r[2].title, "in arrears since 2024-09-28 19:12 UTC+08:00: owes 120.00 CNY; service"
                          " continues until suspension");
    CHECK_STR(r[2].detail, "suspension from 2024-09-29 19:12 UTC+08:00, data deleted from"
                           " 2025-01-27 19:12 UTC+08:00 (120.5 days left)  [policy tencent-cos]");
    CHECK_STR(r[2].action, "pay at least 120.00 CNY to clear the debt, 4620.01 CNY to reach the"
                           " blue threshold");
    f.arrears.phase = "suspended";
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[2].state, "suspended");
    f.arrears.days_to_deletion = 6.5;
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[2].state, "deletion-soon");
    f.arrears.phase = "deleted";
    f.arrears.days_to_deletion = -1;
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[2].state, "deleted");
    CHECK_STR(r[2].detail, "suspended since 2024-09-29 19:12 UTC+08:00, data deletion due since"
                           " 2025-01-27 19:12 UTC+08:00  [policy tencent-cos]");
    /* The policy's response to arrears, with whom to tell. */
    rw_response *p = &f.pol.response[RW_RESPONSE_ARREARS];
    p->set = 1;
    p->within_hours = 24;
    rw_str_copy(p->action, sizeof p->action, "Pay the debt");
    rw_str_copy(p->notify, sizeof p->notify, "finance");
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[2].action, "pay at least 120.00 CNY to clear the debt, 4620.01 CNY to reach the"
                           " blue threshold; within 24 h: Pay the debt (tell finance)");
}

/* The ledger rule exists only for an account with a ledger. */
static void test_ledger(void)
{
    rw_alert_facts f = facts();
    rw_alert_rule r[RW_ALERT_MAX_RULES];
    CHECK(rw_alert_rules(&f, 7, r) == 3);
    f.has_ledger = 1;
    f.ledger_days = 7;
    CHECK(rw_alert_rules(&f, 7, r) == 4);
    CHECK_STR(r[3].id, "ledger:100012345678");
    CHECK_STR(r[3].state, "ok");
    CHECK_STR(r[3].title, "the ledger agrees with the bills on the last 7 day(s)");
    f.ledger_bad = 2;
    rw_str_copy(f.ledger_first, sizeof f.ledger_first, "2024-09-26");
    rw_str_copy(f.ledger_cause, sizeof f.ledger_cause, "missing-bills");
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[3].state, "mismatch");
    CHECK_STR(r[3].title, "the ledger disagrees with the bills on 2 of the last 7 day(s), first"
                          " 2024-09-26 (missing-bills)");
    CHECK_STR(r[3].action, "run `runway reconcile` and fetch or export the missing bills");
}

static void test_budget(void)
{
    rw_alert_facts f = facts();
    rw_alert_rule r[RW_ALERT_MAX_RULES];
    f.has_budget = 1;
    f.budget = 800;
    f.pd.from = 1727740800; /* 2024-10-01 */
    f.pd.to = f.pd.from + 30 * 86400;
    f.pd.as_of = f.pd.from + 9 * 86400;
    f.pd.spent = 900;
    f.pd.k0 = 0; /* the 21 days after as-of, as rw_budget_period_of sets them */
    f.pd.k1 = 21;
    f.b.mean = 3000;
    CHECK(rw_alert_rules(&f, 7, r) == 4);
    CHECK_STR(r[3].state, "over");
    CHECK_STR(r[3].title, "spend 900.00 CNY in 2024-10-01 .. 2024-10-31 is over the budget 800.00");
    /* Not over yet, but likely: cut spend over the 21 days left. */
    f.pd.spent = 500;
    f.budget = 2000;
    f.b.p_exceed = 0.8;
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[3].state, "forecast-over");
    CHECK_STR(r[3].action, "cut spend by about 47.62 CNY a day over the remaining 21 days, or"
                           " raise the budget");
    f.b.p_exceed = 0.2;
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[3].state, "ok");
    CHECK_STR(r[3].action, "none");
}

/* In Chinese: titles, details and actions, the policy's action_zh, money
 * as ¥; the states stay the same words. */
static void test_chinese(void)
{
    rw_alert_facts f = facts();
    rw_alert_rule r[RW_ALERT_MAX_RULES];
    rw_error err;
    rw_error_clear(&err);
    f.lang = RW_LANG_ZH;
    rw_str_copy(f.observed_at, sizeof f.observed_at, "2024-09-29 06:14（北京时间）");
    CHECK(rw_policy_builtin("tencent-cos", &f.pol, &err) == RW_OK);
    CHECK(rw_alert_rules(&f, 7, r) == 3);
    CHECK_STR(r[0].state, "yellow");
    CHECK_STR(r[0].title, "余额 ¥1,000.00 低于黄色告警阈值 2000.00：可能撑不过 3 天");
    CHECK_STR(
        r[0].detail,
        "95% 置信度下的告警阈值：蓝色 5000.00（7 天），黄色 2000.00（3 天），红色 500.00（1 天）");
    CHECK_STR(r[0].action,
              "请至少充值 ¥4,000.00，使余额回到蓝色告警阈值（5000.00：7 天，95% 置信度）；"
              "24 小时内：请今天充值并跟进待付款项：余额约够三天。（通知 finance, team lead）");
    CHECK_STR(r[1].state, "soon");
    CHECK_STR(r[1].title, "余额预计 7 天内耗尽（P50 2024-10-03）");
    CHECK_STR(r[1].action, "请至少充值 ¥5,000.01，以撑过 7 天（95% 置信度）");
    CHECK_STR(r[2].title, "未欠费：余额 ¥1,000.00，截至 2024-09-29 06:14（北京时间）");
    f.balance = f.observed = -120;
    f.arrears = (rw_arrears_facts){.in_arrears = 1,
                                   .phase = "grace",
                                   .owed = 120,
                                   .days_to_deletion = 120.5,
                                   .to_clear = 120,
                                   .to_blue = 4620.01};
    rw_str_copy(f.arrears_since, sizeof f.arrears_since, "2024-09-28 19:12（北京时间）");
    rw_str_copy(f.suspended_at, sizeof f.suspended_at, "2024-09-29 19:12（北京时间）");
    rw_str_copy(f.deleted_at, sizeof f.deleted_at, "2025-01-27 19:12（北京时间）");
    rw_alert_rules(&f, 7, r);
    CHECK_STR(r[2].state, "grace");
    CHECK_STR(r[2].title,
              "自 2024-09-28 19:12（北京时间） 起欠费：欠款 ¥120.00；停服前服务仍可使用");
    CHECK_STR(r[2].detail, "将于 2024-09-29 19:12（北京时间） 停服，数据将于 2025-01-27"
                           " 19:12（北京时间） 删除（剩余 120.5 天）  [策略 tencent-cos]");
    CHECK_STR(r[2].action, "请至少充值 ¥120.00 以结清欠款，充值 ¥4,620.01 可回到蓝色告警阈值；24 "
                           "小时内：账户已欠费：请在 24 小时内补足欠款，"
                           "否则存储桶将停止服务（HTTP 451）；停服 120 "
                           "天后数据将被销毁且无法恢复。（通知 on-call, finance, owner）");
}

int main(void)
{
    test_threshold_and_runout();
    test_arrears();
    test_ledger();
    test_budget();
    test_chinese();
    CHECK_DONE();
}
