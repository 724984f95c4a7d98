/* lang_zh.c: the Chinese catalogue (lang.h): each English text as the code
 * writes it, and its Simplified Chinese form with the same printf
 * conversions in the same order (tests/unit/test_lang.c checks it).
 *
 * Words are those of the Tencent Cloud console: 余额 balance, 欠费
 * arrears, 停服 suspension, 数据删除 deletion, 充值 top up, 代金券 voucher,
 * 现金 cash, 赠送金 gift, 预算 budget, 告警阈值 alert threshold, 蓝色/黄色/
 * 红色 blue/yellow/red, 预计耗尽 runs out. Grouped by the writer that uses
 * them. */
#include <stddef.h>
#include "util/lang.h"

const rw_lang_pair rw_lang_zh[] = {
    /* ---- shared words and data texts ---- */
    {"after the horizon", "预测期之后"},
    {"Beijing time (UTC+08:00)", "北京时间（UTC+08:00）"},
    {"charges", "账单费用"},
    {"the series' values", "序列的数值"},
    {"money drawn from the balance (cash + gift + transfer; vouchers left out)",
     "从余额扣除的金额（现金 + 赠送金 + 分成金；不含代金券）"},
    {"billed cost", "账单费用"},
    {"billed cost (the bills do not say how charges were paid)",
     "账单费用（账单未说明支付方式）"},
    {"effective (amortised) cost", "摊销后费用"},
    {"the account", "该账户"},
    {"period", "账期"},
    {"service", "产品"},
    {"amount", "金额"},
    {"total", "合计"},
    /* the built-in policies' descriptions (models/policies) */
    {"buckets stop serving: reads and writes fail with HTTP 451 \"account is arrears\"",
     "存储桶停止服务：读写请求返回 HTTP 451（account is arrears）"},
    {"objects in the account's buckets are destroyed and cannot be recovered",
     "账户下存储桶中的对象被销毁，无法恢复"},
    {"OSS service is suspended: requests to the buckets are refused",
     "OSS 服务暂停：对存储桶的请求被拒绝"},
    {"data in the account's buckets is released and cannot be recovered",
     "账户下存储桶中的数据被释放，无法恢复"},
    {"resources are suspended", "资源被暂停服务"},
    {"suspended resources and their data are released", "已停服的资源及其数据被释放"},
    {"log collection and search stop", "日志采集和检索停止"},
    {"log topics and their data are deleted", "日志主题及其数据被删除"},

    /* ---- arrears (export/arrears_write.c) ---- */
    {"in arrears since %s", "自 %s 起欠费"},
    {"in arrears since at least %s", "最晚自 %s 起欠费"},
    {"  overdue     %.1f days (the start is estimated from the %s)\n",
     "  已欠费      %.1f 天（起点根据%s估算）\n"},
    {"  suspended   since %s (%g h after going negative)  [policy %s]: %s\n",
     "  已停服      自 %s 起（欠费 %g 小时后）  [策略 %s]：%s\n"},
    {"  suspension  from %s (%g h after going negative)  [policy %s]: %s\n",
     "  停服        %s 起（欠费 %g 小时后）  [策略 %s]：%s\n"},
    {"  deletion    from %s, %.1f days from now: %s\n",
     "  数据删除    %s 起，距今 %.1f 天：%s\n"},
    {"  deletion    due since %s (%g days after suspension): %s\n",
     "  数据删除    已于 %s 到期（停服 %g 天后）：%s\n"},
    {"  to pay      %s clears the debt", "  应付        充值 %s 可结清欠款"},
    {"; %s brings the balance to the blue threshold (7 days at 95%%)",
     "；充值 %s 可使余额回到蓝色告警阈值（95%% 把握可用 7 天）"},
    {"%s is not in arrears: balance %s at %s\n", "%s 未欠费：余额 %s，截至 %s\n"},
    {"%s is %s: owes %s (balance %s at %s)\n", "%s %s，欠款 %s（余额 %s，截至 %s）\n"},
    {"charges from %s on (%s):\n", "%s 起的费用（%s）：\n"},

    /* ---- run-out (export/plan_write.c) ---- */
    {"  days        in %s\n", "  日期        按%s\n"},
    {"balance %s at %s", "余额 %s，截至 %s"},
    {"balance %s at the end of %s", "余额 %s，截至 %s 日终"},
    {"note: %s\n", "注：%s\n"},
    {"%s: %s: owes %s (%s)\n", "%s：%s，欠款 %s（%s）\n"},
    {"%s: %s most likely lasts beyond %zu days\n", "%s：%s，很可能可用超过 %zu 天\n"},
    {"%s: %s most likely runs out by the end of the next day (%s)\n",
     "%s：%s，很可能在次日结束前耗尽（%s）\n"},
    {"%s: %s lasts about %ld days\n", "%s：%s，约可用 %ld 天\n"},
    {"  runs out    %s (P50), range %s .. %s (P10..P90)\n",
     "  预计耗尽    %s（P50），范围 %s .. %s（P10..P90）\n"},
    {"  chance      %2.0f%% within 7 days, %2.0f%% within 14, %2.0f%% within 30\n",
     "  耗尽概率    7 天内 %2.0f%%，14 天内 %2.0f%%，30 天内 %2.0f%%\n"},
    {"  then        suspended %g h after going negative (%s %s), data deleted %g days later"
     " (%s %s)  [policy %s]\n",
     "  随后        欠费 %g 小时后停服（%s %s），再过 %g 天数据删除（%s %s）  [策略 %s]\n"},
    {"  spending    %s/day over the last 28 days; forecast %.2f/day over the next 30 (%s)\n",
     "  消耗        近 28 天每天 %s；预测未来 30 天每天 %.2f（%s）\n"},
    {"  counted     %s\n", "  计入        %s\n"},
    {"  fee         %s on day %d of each month (seen %zu times), included\n",
     "  月费        %s，每月第 %d 日（出现 %zu 次），已计入\n"},
    {"  top-ups     %s planned within the horizon, included\n",
     "  充值        预测期内计划充值 %s，已计入\n"},
    {"  credit      may go down to %s\n", "  信用额度    余额最低可至 %s\n"},

    /* ---- thresholds (export/plan_write.c) ---- */
    {"blue", "蓝色"},
    {"yellow", "黄色"},
    {"red", "红色"},
    {"%s: alert thresholds at %g%% confidence, as of %s%s%s\n",
     "%s：%g%% 置信度下的告警阈值，截至 %s%s%s\n"},
    {", in ", "，币种 "},
    {"level", "级别"},
    {"lead", "提前量"},
    {"fire below", "告警阈值"},
    {"expected use", "预计用量"},
    {"  replayed: held  notice", "  回放：撑过次数  提前天数"},
    {" %3zu d %14.2f %14.2f", " %3zu天 %14.2f %14.2f"},
    {"  %6zu/%-2zu %5.0f%%  %4.0f d", "  %6zu/%-2zu %5.0f%%  %4.0f天"},
    {"  (history too short to replay)", "  （历史太短，无法回放）"},
    {"  %s: below %.2f the balance may not last %zu day(s): %.2f is the %g%% worst case of"
     " their consumption (mean %.2f)",
     "  %s：余额低于 %.2f 时可能撑不过 %zu 天：%.2f 是这段时间消耗的 %g%% 最坏情况（均值 %.2f）"},
    {"; replayed at %zu past days it lasted %zu times, with a median %.0f days of notice",
     "；在过去 %zu 个日期回放，撑过 %zu 次，提前量中位数 %.0f 天"},
    {".\n", "。\n"},
    {"  usual rules%s:\n", "  常见告警规则%s：\n"},
    {", replayed at the same past days", "（在相同的过去日期回放）"},
    {"rule", "规则"},
    {"in time", "及时"},
    {"notice", "提前"},
    {"late", "过晚"},
    {"needless", "多余"},
    {"fixed amount", "固定金额"},
    {"80% of a day", "一天用量的 80%"},
    {"provider 5 d", "云厂商 5 天"},
    {"  %4zu/%-2zu %4.0f%%  %4.0f d  %4zu  %8zu", "  %4zu/%-2zu %4.0f%%  %4.0f天  %4zu  %8zu"},
    {"  (fixed: balance below %.2f; 80%% of a day: below %g x the coming day's estimated use,"
     " the last day's; provider: below %g x the last 24 hours' use.",
     "  （固定金额：余额低于 %.2f；一天用量的 80%%：低于次日预计用量（按前一天计）的 %g 倍；"
     "云厂商：低于过去 24 小时用量的 %g 倍。"},
    {" In time: it fired with at least %zu day(s) of notice; late: with less; needless: more"
     " than %zu days ahead.",
     "及时：至少提前 %zu 天告警；过晚：提前量不足；多余：提前超过 %zu 天。"},
    {")\n", "）\n"},
    {"  responses (policy %s): top up to the threshold plus the lead's expected use, by the"
     " deadline\n",
     "  应对措施（策略 %s）：在期限内充值到阈值加上提前期内的预计用量\n"},
    {"    %s: top up %s within %g h of the alert - %s", "    %s：充值 %s，告警后 %g 小时内完成 - %s"},
    {" [notify %s]", " [通知 %s]"},
    {"    arrears: top up what is owed + %s within %g h of going negative - %s",
     "    欠费：补足欠款并再充值 %s，余额转负后 %g 小时内完成 - %s"},
    {"  model: %s; recompute weekly (thresholds follow consumption)\n",
     "  模型：%s；请每周重新计算（阈值随消耗变化）\n"},

    {NULL, NULL},
};
