/* tencent_rules.c: Tencent Cloud billing conventions (see tencent_rules.h). */
#include <string.h>
#include <strings.h>
#include "ingest/tencent_rules.h"
#include "util/timeutil.h"

/* 1 when `s` contains `needle`, ASCII letters compared ignoring case. */
static int contains(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++)
        if (strncasecmp(s, needle, n) == 0) return 1;
    return 0;
}

static int contains_any(const char *s, const char *const *needles)
{
    for (; *needles; needles++)
        if (contains(s, *needles)) return 1;
    return 0;
}

const char *rw_tencent_frequency(const char *mode)
{
    static const char *const recurring[] = {"包年包月", "预付费", "subscription", "prepay",
                                            "prepaid", NULL};
    static const char *const usage[] = {"按量计费", "后付费", "pay-as-you-go", "pay as you go",
                                        "postpay", "postpaid", NULL};
    if (contains_any(mode, recurring)) return "Recurring";
    if (contains_any(mode, usage)) return "Usage-Based";
    return "";
}

const char *rw_tencent_category(const char *action, double amount)
{
    static const char *const credit[] = {"退费", "退款", "退还", "降配", "refund", "_return",
                                         "downgrade", "modify_down", NULL};
    static const char *const adjust[] = {"调账", "adjust", "recon", NULL};
    /* Purchases and changes of billing mode (包年包月转按量 and back). */
    static const char *const purchase[] = {"新购", "续费", "升配", "购买", "转按量", "转包年包月",
                                           "purchase", "renew", "upgrade", "modify_up",
                                           "convert", NULL};
    if (contains_any(action, credit)) return "Credit";
    if (contains_any(action, adjust)) return "Adjustment";
    if (contains_any(action, purchase))
        /* Money coming back from a purchase or a mode change (the unused
         * rest of a subscription turned pay-as-you-go) is a refund, not
         * negative spending on usage. */
        return amount < 0 ? "Credit" : "Purchase";
    return "Usage";
}

int64_t rw_tencent_exclusive_end(int64_t start, int64_t end, int64_t naive)
{
    int64_t local = end + naive + 1;
    if (end >= start && ((local % RW_HOUR) + RW_HOUR) % RW_HOUR == 0) return end + 1;
    return end;
}

int rw_tencent_bill_month(const char *s, int64_t offset, int64_t *out)
{
    int64_t y = 0;
    int m = 0, i = 0;
    for (; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        y = y * 10 + (s[i] - '0');
    }
    if (s[i] == '-' || s[i] == '/') i++;
    int digits = 0;
    for (; s[i] >= '0' && s[i] <= '9' && digits < 2; i++, digits++) m = m * 10 + (s[i] - '0');
    if (digits == 0 || s[i] != '\0' || m < 1 || m > 12 || y < 1970) return 0;
    *out = rw_days_from_civil(y, m, 1) * RW_DAY - offset;
    return 1;
}
