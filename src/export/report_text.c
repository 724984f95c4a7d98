/* report_text.c: the report's five summary lines, and the number formatting,
 * sentences and checked output shared by the HTML and Markdown writers
 * (report_fmt.h).
 *
 * Invariants: every function here writes a NUL-terminated string that fits
 * its buffer (cut on a UTF-8 character boundary), never prints "-0.00" or
 * "nan", and reads nothing but the rw_report it is given. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <string.h>
#include "export/report_fmt.h"
#include "util/strutil.h"
#include "util/lang.h"
#include "util/timeutil.h"

/* ---- rw_report_out ------------------------------------------------------------ */

void rw_report_out_init(rw_report_out *s, FILE *f)
{
    s->f = f;
    s->failed = 0;
    s->err_no = 0;
}

static void sink_fail(rw_report_out *s)
{
    if (!s->failed) s->err_no = errno;
    s->failed = 1;
}

int rw_report_out_write(rw_report_out *s, const void *data, size_t n)
{
    if (s->failed) return -1;
    if (n == 0) return 0;
    errno = 0;
    if (fwrite(data, 1, n, s->f) != n) {
        sink_fail(s);
        return -1;
    }
    return 0;
}

int rw_report_out_puts(rw_report_out *s, const char *text)
{
    if (!text) return s->failed ? -1 : 0;
    return rw_report_out_write(s, text, strlen(text));
}

int rw_report_out_printf(rw_report_out *s, const char *fmt, ...)
{
    if (s->failed) return -1;
    va_list ap;
    va_start(ap, fmt);
    errno = 0;
    int n = vfprintf(s->f, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sink_fail(s);
        return -1;
    }
    return 0;
}

rw_status rw_report_out_finish(rw_report_out *s, const char *what, rw_error *err)
{
    if (!s->failed) {
        errno = 0;
        if (fflush(s->f) != 0 || ferror(s->f)) sink_fail(s);
    }
    if (!s->failed) return RW_OK;
    return rw_error_set(err, RW_EIO, NULL, 0, "writing the %s: %s", what,
                        s->err_no ? strerror(s->err_no) : "write error");
}

/* ---- rw_line ------------------------------------------------------------ */

/* Length of the longest prefix of s[0..n) that ends on a character boundary. */
static size_t utf8_boundary(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void rw_line_init(rw_line *l, char *buf, size_t size)
{
    l->buf = buf;
    l->size = size;
    l->len = 0;
    l->truncated = 0;
    if (size) buf[0] = '\0';
}

void rw_line_add(rw_line *l, const char *fmt, ...)
{
    if (l->size == 0 || l->truncated) return;
    size_t room = l->size - l->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(l->buf + l->len, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        l->buf[l->len] = '\0';
        l->truncated = 1;
    } else if ((size_t)n >= room) {
        l->truncated = 1;
        l->len = utf8_boundary(l->buf, l->size - 1);
        l->buf[l->len] = '\0';
    } else {
        l->len += (size_t)n;
    }
}

size_t rw_utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

void rw_utf8_clip(char *dst, size_t size, const char *src, size_t max_chars)
{
    static const char ellipsis[] = "\xE2\x80\xA6"; /* … */
    const size_t elen = sizeof ellipsis - 1;
    if (size == 0) return;
    size_t i = 0, chars = 0;
    while (src[i]) {
        if (((unsigned char)src[i] & 0xC0) != 0x80) {
            if (chars == max_chars) break;
            chars++;
        }
        i++;
    }
    int cut = src[i] != '\0';
    size_t keep = i;
    /* Drop one more character to make room for the ellipsis; then the buffer
     * may be the limit. */
    if (cut && keep > 0) keep = utf8_boundary(src, keep - 1);
    if (keep + (cut ? elen : 0) + 1 > size) {
        cut = size > elen + 1;
        keep = utf8_boundary(src, size - 1 - (cut ? elen : 0));
    }
    memcpy(dst, src, keep);
    dst[keep] = '\0';
    if (cut) memcpy(dst + keep, ellipsis, elen + 1);
}

/* ---- Numbers ------------------------------------------------------------ */

/* |v| with `decimals` decimals and thousands separators, sign as asked. */
static void fmt_grouped(double v, int decimals, int plus, char *out, size_t size)
{
    if (!isfinite(v)) {
        snprintf(out, size, "n/a");
        return;
    }
    char g[RW_REPORT_NUM_SIZE - 1]; /* the sign fits beside it */
    rw_fmt_grouped(v, decimals, g, sizeof g);
    int zero = !strpbrk(g, "123456789");
    snprintf(out, size, "%s%s", zero ? "" : v < 0 ? "-" : plus ? "+" : "", g);
}

void rw_fmt_money(double v, char *out, size_t size)
{
    fmt_grouped(v, 2, 0, out, size);
}

void rw_fmt_money_signed(double v, char *out, size_t size)
{
    fmt_grouped(v, 2, 1, out, size);
}

void rw_fmt_money0(double v, char *out, size_t size)
{
    fmt_grouped(v, 0, 0, out, size);
}

void rw_fmt_pct(double pct, int sign, char *out, size_t size)
{
    if (!isfinite(pct)) {
        snprintf(out, size, "n/a");
        return;
    }
    double r = round(pct);
    if (r == 0)
        snprintf(out, size, "0%%");
    else
        snprintf(out, size, sign ? "%+.0f%%" : "%.0f%%", r);
}

void rw_fmt_prob(double p, char *out, size_t size)
{
    if (!isfinite(p))
        snprintf(out, size, "n/a");
    else if (p <= 0)
        snprintf(out, size, "0%%");
    else if (p >= 1)
        snprintf(out, size, "100%%");
    else if (p < 0.005)
        snprintf(out, size, "<1%%");
    else if (p > 0.995)
        snprintf(out, size, ">99%%");
    else
        snprintf(out, size, "%.0f%%", p * 100);
}

void rw_fmt_share(double p, char *out, size_t size)
{
    rw_fmt_pct(isfinite(p) ? p * 100 : p, 0, out, size);
}

void rw_fmt_days(double d, char *out, size_t size)
{
    if (!isfinite(d))
        snprintf(out, size, "n/a");
    else if (fabs(d - round(d)) < 0.05)
        snprintf(out, size, "%.0f", round(d) == 0 ? 0.0 : round(d));
    else
        snprintf(out, size, "%.1f", d);
}

void rw_fmt_when(const char *iso, char *out, size_t size)
{
    size_t n = strlen(iso);
    /* "...T03:00:00+08:00" keeps its zone: "... 03:00 UTC+08:00". */
    const char *zone = n >= 25 && (iso[19] == '+' || iso[19] == '-') ? iso + 19 : "";
    if (n >= 16 && iso[10] == 'T')
        snprintf(out, size, "%.10s %.5s UTC%s", iso, iso + 11, zone);
    else
        snprintf(out, size, "%s", iso);
}

/* Parses exactly "YYYY-MM-DD" (a valid date). Returns 1 on success. */
static int parse_ymd(const char *s, int *y, int *m, int *d)
{
    static const int pos[] = {0, 1, 2, 3, 5, 6, 8, 9};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++)
        if (!isdigit((unsigned char)s[pos[i]])) return 0;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > rw_days_in_month(*y, *m)) return 0;
    return 1;
}

void rw_fmt_period(const rw_report *r, int short_month, char *out, size_t size)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    int y1 = 0, m1 = 0, d1 = 0, y2 = 0, m2 = 0, d2 = 0;
    int ok1 = parse_ymd(r->month_from, &y1, &m1, &d1);
    int ok2 = parse_ymd(r->month_to, &y2, &m2, &d2);
    if (ok1 && ok2 && d1 == 1 && y1 == y2 && m1 == m2 && d2 == rw_days_in_month(y2, m2) &&
        r->lang == RW_LANG_ZH) {
        if (short_month)
            snprintf(out, size, "%d\xE6\x9C\x88", m1); /* 10月 */
        else
            snprintf(out, size, "%d\xE5\xB9\xB4%d\xE6\x9C\x88", y1, m1); /* 2024年10月 */
    } else if (ok1 && ok2 && d1 == 1 && y1 == y2 && m1 == m2 && d2 == rw_days_in_month(y2, m2)) {
        if (short_month)
            snprintf(out, size, "%s", months[m1 - 1]);
        else
            snprintf(out, size, "%s %d", months[m1 - 1], y1);
    } else if (r->month_from[0] && r->month_to[0]) {
        snprintf(out, size, "%s \xE2\x80\x93 %s", r->month_from, r->month_to);
    } else {
        snprintf(out, size, "%s", rw_tr(r->lang, "This month"));
    }
}

const char *rw_plural_days(long n)
{
    return n == 1 || n == -1 ? "day" : "days";
}

int rw_report_chart_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 63) return 0;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-') return 0;
    return 1;
}

/* ---- Shared sentences ---------------------------------------------------- */

#define T(text) rw_tr(r->lang, text)

/* In Chinese, CNY amounts carry the yuan sign and no suffix: "¥1,234.50". */
static int yuan(const rw_report *r)
{
    return r->lang == RW_LANG_ZH && !strcmp(r->currency, "CNY");
}

/* An amount formatted by f, with the yuan sign after any minus when
 * yuan(r). */
static void money_with(const rw_report *r, void (*f)(double, char *, size_t), double v, char *out,
                       size_t size)
{
    char b[RW_REPORT_NUM_SIZE];
    f(v, b, sizeof b);
    if (!yuan(r) || !isfinite(v)) {
        snprintf(out, size, "%s", b);
        return;
    }
    int neg = b[0] == '-' || b[0] == '+';
    snprintf(out, size, "%.*s\xC2\xA5%s", neg, b, b + neg);
}

static void money_r(const rw_report *r, double v, char *out, size_t size)
{
    money_with(r, rw_fmt_money, v, out, size);
}

static void money0_r(const rw_report *r, double v, char *out, size_t size)
{
    money_with(r, rw_fmt_money0, v, out, size);
}

static void money_signed_r(const rw_report *r, double v, char *out, size_t size)
{
    money_with(r, rw_fmt_money_signed, v, out, size);
}

/* " CNY" or "" when the currency is unknown (or shown by the yuan sign). */
static const char *cur_suffix(const rw_report *r, char *buf, size_t size)
{
    if (r->currency[0] && !yuan(r))
        snprintf(buf, size, " %s", r->currency);
    else
        buf[0] = '\0';
    return buf;
}

int rw_report_threshold_crossed(const rw_report *r, size_t i)
{
    return r->has_runout && i < r->nthresholds && i < RW_REPORT_MAX_LEADS &&
           isfinite(r->thr[i].balance) && r->balance < r->thr[i].balance;
}

void rw_report_level_label(const char *level, char *out, size_t size)
{
    rw_report_level_label_in(RW_LANG_EN, level, out, size);
}

void rw_report_level_label_in(rw_lang lang, const char *level, char *out, size_t size)
{
    snprintf(out, size, "%s", rw_tr(lang, level[0] ? level : "alert"));
    if (out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 'a' + 'A');
}

const char *rw_report_name_or(const char *name, const char *fallback)
{
    return name[0] ? name : fallback;
}

void rw_report_by_label(const rw_report *r, char *out, size_t size)
{
    rw_report_level_label_in(r->lang, r->by[0] ? r->by : "series", out, size);
}

void rw_report_threshold_explain(const rw_report *r, size_t i, char *out, size_t size)
{
    const rw_report_threshold *t = &r->thr[i];
    char cur[16], bal[RW_REPORT_NUM_SIZE], exp[RW_REPORT_NUM_SIZE], conf[16], notice[16];
    rw_line l;
    rw_line_init(&l, out, size);
    money_r(r, t->balance, bal, sizeof bal);
    money_r(r, t->expected, exp, sizeof exp);
    rw_fmt_prob(t->confidence, conf, sizeof conf);
    rw_line_add(&l,
                T("Below %s%s the balance may not last %d %s: %s is the %s worst case of "
                  "the consumption over %d %s (mean %s)."),
                bal, cur_suffix(r, cur, sizeof cur), t->lead_days, T(rw_plural_days(t->lead_days)),
                bal, conf, t->lead_days, T(rw_plural_days(t->lead_days)), exp);
    if (t->origins > 0) {
        rw_fmt_days(t->notice_days, notice, sizeof notice);
        rw_line_add(
            &l, T(" Replayed at %zu past %s, it lasted %zu %s, with a median %s %s of notice."),
            t->origins, T(t->origins == 1 ? "day" : "days"), t->held,
            T(t->held == 1 ? "time" : "times"), notice,
            T(isfinite(t->notice_days) && fabs(t->notice_days - 1) < 0.05 ? "day" : "days"));
    } else {
        rw_line_add(&l, T(" Not replayed on history (too little data)."));
    }
    if (rw_report_threshold_crossed(r, i)) rw_line_add(&l, T(" The balance is already below it."));
}

/* ---- Summary lines -------------------------------------------------------- */

/* Number of detail levels each line builder understands (0 most detailed). */
#define SUMMARY_LEVELS 4

static void date10(const char *iso, char *out, size_t size)
{
    snprintf(out, size, "%.10s", iso);
}

/* Whether two "YYYY-MM-DD" dates are in the same year. */
static int same_year(const char *a, const char *b)
{
    return strlen(a) == 10 && strlen(b) == 10 && !strncmp(a, b, 5);
}

static void line_runout(const rw_report *r, int lvl, rw_line *l)
{
    char cur[16], bal[RW_REPORT_NUM_SIZE], v[RW_REPORT_NUM_SIZE], d1[16], d2[16];
    cur_suffix(r, cur, sizeof cur);
    if (!r->has_runout) {
        rw_line_add(l, T("No balance known: no run-out forecast"));
        if (lvl < 2 && isfinite(r->daily_recent) && r->daily_recent > 0) {
            money_r(r, r->daily_recent, v, sizeof v);
            rw_line_add(l, T("; spending %s%s/day over the last 28 days"), v, cur);
        }
        rw_line_add(l, T("."));
        return;
    }
    money_r(r, r->observed, bal, sizeof bal);
    if (r->arrears.in_arrears) {
        char since[16];
        money_r(r, r->arrears.owed, v, sizeof v);
        rw_str_copy(since, 11, r->arrears_since); /* the day, in the report's zone */
        rw_line_add(l, T("IN ARREARS since %s%s: owes %s%s"),
                    r->arrears.since_bounded ? "" : T("at least "), since, v, cur);
        if (r->suspend_date[1][0]) {
            date10(r->suspend_date[1], d1, sizeof d1);
            rw_line_add(l, T("; suspension from %s"), d1);
        }
        if (r->delete_date[1][0] && lvl < 3) {
            date10(r->delete_date[1], d2, sizeof d2);
            rw_line_add(l, T(", data deleted from %s"), d2);
        }
        if (r->policy[0] && lvl < 1) rw_line_add(l, T(" (%s)"), r->policy);
        rw_line_add(l, T("."));
        return;
    }
    if (r->runout_days[1] < 0) {
        rw_line_add(l, T("Balance %s%s lasts beyond the forecast horizon"), bal, cur);
        if (r->runout_days[0] > 0 && r->runout_date[0][0] && lvl < 3)
            rw_line_add(l, T(" (10%% chance it runs out by %s)"), r->runout_date[0]);
        rw_line_add(l, T("."));
        return;
    }
    /* Run-out day d (the first day below zero) means d - 1 full days, as in `runway runout`. */
    int full = r->runout_days[1] - 1;
    if (full < 1)
        rw_line_add(l, T("Balance %s%s runs out the next day, %s"), bal, cur, r->runout_date[1]);
    else
        rw_line_add(l, T("Balance %s%s lasts ~%d %s: runs out %s"), bal, cur, full,
                    T(rw_plural_days(full)), r->runout_date[1]);
    /* Levels: 0 everything; 1 the range as MM-DD when in the P50's year, no
     * policy; 2 no deletion date; 3 no range. */
    const char *lo = r->runout_date[0][0] ? r->runout_date[0] : "?";
    const char *hi =
        r->runout_days[2] >= 0 && r->runout_date[2][0] ? r->runout_date[2] : T("later");
    int same = !strcmp(lo, r->runout_date[1]) && !strcmp(hi, r->runout_date[1]);
    if (!same && lvl < 3) {
        if (lvl == 1 && same_year(lo, r->runout_date[1]) && same_year(hi, r->runout_date[1]))
            rw_line_add(l, T(" (range %s \xE2\x80\x93 %s)"), lo + 5, hi + 5);
        else
            rw_line_add(l, T(" (range %s \xE2\x80\x93 %s)"), lo, hi);
    }
    if (r->delete_date[1][0] && (lvl < 2)) {
        date10(r->delete_date[1], d2, sizeof d2);
        rw_line_add(l, T("; data deleted from %s"), d2);
        if (r->policy[0] && lvl < 1) rw_line_add(l, T(" (%s)"), r->policy);
    }
    rw_line_add(l, T("."));
}

static void line_threshold(const rw_report *r, int lvl, rw_line *l)
{
    char cur[16], v[RW_REPORT_NUM_SIZE], lab[32];
    size_t nt = r->nthresholds < RW_REPORT_MAX_LEADS ? r->nthresholds : RW_REPORT_MAX_LEADS;
    cur_suffix(r, cur, sizeof cur);
    if (nt == 0) {
        rw_line_add(l, "%s",
                    r->has_runout ? T("No alert thresholds (too little history to"
                                      " compute them).")
                                  : T("No balance known: no alert thresholds."));
        return;
    }
    if (!r->has_runout) {
        rw_line_add(l, T("Alert thresholds:"));
        for (size_t i = 0; i < nt; i++) {
            money_r(r, r->thr[i].balance, v, sizeof v);
            rw_line_add(l, T("%s %s %s"), i ? T(",") : "", T(r->thr[i].level), v);
        }
        rw_line_add(l, T("%s%s."), cur, lvl < 2 ? T(" (no balance to compare)") : "");
        return;
    }
    /* The most severe threshold already crossed: the lowest one above the balance. */
    int crossed = -1;
    for (size_t i = 0; i < nt; i++)
        if (rw_report_threshold_crossed(r, i) &&
            (crossed < 0 || r->thr[i].balance < r->thr[crossed].balance))
            crossed = (int)i;
    int nx = r->next_threshold;
    if (nx < 0 || (size_t)nx >= nt || rw_report_threshold_crossed(r, (size_t)nx)) {
        if (crossed < 0) {
            rw_line_add(l, T("No alert threshold ahead."));
            return;
        }
        const rw_report_threshold *t = &r->thr[crossed];
        rw_report_level_label_in(r->lang, t->level, lab, sizeof lab);
        money_r(r, t->balance, v, sizeof v);
        rw_line_add(l, T("%s alert due now: the balance is below %s%s"), lab, v, cur);
        if (lvl < 2)
            rw_line_add(l, T(" (%d %s notice)"), t->lead_days,
                        T(t->lead_days == 1 ? "day's" : "days'"));
        rw_line_add(l, T("; top up."));
        return;
    }
    const rw_report_threshold *t = &r->thr[nx];
    if (crossed >= 0) {
        rw_report_level_label_in(r->lang, r->thr[crossed].level, lab, sizeof lab);
        money_r(r, r->thr[crossed].balance, v, sizeof v);
        if (lvl < 1)
            rw_line_add(l, T("%s alert due now (below %s); next: "), lab, v);
        else
            rw_line_add(l, T("%s alert due now; next: "), lab);
    } else {
        rw_line_add(l, T("Next alert: "));
    }
    money_r(r, t->balance, v, sizeof v);
    rw_line_add(l, T("%s at %s%s"), T(t->level), v, cur);
    if (lvl < 2)
        rw_line_add(l, T(" (%d %s notice)"), t->lead_days,
                    T(t->lead_days == 1 ? "day's" : "days'"));
    int d = r->next_threshold_days;
    if (d < 0)
        rw_line_add(l, T(", not reached within the forecast horizon."));
    else if (d == 0)
        rw_line_add(l, T(", reached today."));
    else
        rw_line_add(l, T(", reached in ~%d %s."), d, T(rw_plural_days(d)));
}

static void line_budget(const rw_report *r, int lvl, rw_line *l)
{
    char cur[16], per[64], mean[RW_REPORT_NUM_SIZE], lo[RW_REPORT_NUM_SIZE], hi[RW_REPORT_NUM_SIZE],
        bud[RW_REPORT_NUM_SIZE], sp[RW_REPORT_NUM_SIZE], p[16];
    cur_suffix(r, cur, sizeof cur);
    if (r->month_days == 0 || !isfinite(r->month_mean)) {
        rw_line_add(l, T("No forecast for this month (too little history)"));
        if (r->has_budget) {
            money_r(r, r->budget, bud, sizeof bud);
            rw_line_add(l, T("; budget %s%s"), bud, cur);
        }
        rw_line_add(l, T("."));
        return;
    }
    rw_fmt_period(r, lvl > 0, per, sizeof per);
    money_r(r, r->month_mean, mean, sizeof mean);
    money0_r(r, r->month_p10, lo, sizeof lo);
    money0_r(r, r->month_p90, hi, sizeof hi);
    money_r(r, r->month_spent, sp, sizeof sp);
    if (r->has_budget) {
        money_r(r, r->budget, bud, sizeof bud);
        if (r->month_spent > r->budget) {
            rw_line_add(l, T("%s: already over the %s budget (%s%s spent); forecast %s"), per, bud,
                        sp, cur, mean);
            if (lvl < 2) rw_line_add(l, T(" (80%%: %s \xE2\x80\x93 %s)"), lo, hi);
            rw_line_add(l, T("."));
            return;
        }
        rw_fmt_prob(r->p_over, p, sizeof p);
        rw_line_add(l, T("%s: %s%s forecast"), per, mean, cur);
        if (lvl < 2) rw_line_add(l, T(" (80%%: %s \xE2\x80\x93 %s)"), lo, hi);
        rw_line_add(l, T(" against a %s budget: %s risk of going over"), bud, p);
        if (r->breach_date[0] && r->p_over >= 0.5 && lvl < 3)
            rw_line_add(l, T(", likely from %s"), r->breach_date);
        rw_line_add(l, T("."));
        return;
    }
    rw_line_add(l, T("%s: %s%s forecast"), per, mean, cur);
    if (lvl < 2) rw_line_add(l, T(" (80%%: %s \xE2\x80\x93 %s)"), lo, hi);
    if (lvl < 3) rw_line_add(l, T(", %s spent so far"), sp);
    rw_line_add(l, T("; no budget given."));
}

static void line_growth(const rw_report *r, int lvl, rw_line *l)
{
    char name[160], pct[16], v[RW_REPORT_NUM_SIZE], cur[16];
    const char *by = T(r->by[0] ? r->by : "series");
    cur_suffix(r, cur, sizeof cur);
    if (r->nseries == 0) {
        rw_line_add(l, T("No breakdown by %s in the data."), by);
        return;
    }
    int g = r->biggest_growth;
    if (g < 0 || (size_t)g >= r->nseries || g >= RW_REPORT_MAX_SERIES ||
        !isfinite(r->series[g].trend_pct) || r->series[g].trend_pct <= 0) {
        rw_line_add(l, T("No %s is forecast to grow over the next 4 weeks."), by);
        return;
    }
    const rw_report_series *s = &r->series[g];
    rw_utf8_clip(name, sizeof name, rw_report_name_or(s->name, T("(none)")), lvl < 2 ? 40 : 24);
    rw_fmt_pct(s->trend_pct, 1, pct, sizeof pct);
    rw_line_add(l, T("Fastest growing %s: %s %s over the next 4 weeks"), by, name, pct);
    if (lvl < 1 && isfinite(s->next_4w_mean)) {
        money0_r(r, s->next_4w_mean, v, sizeof v);
        rw_line_add(l, T(" (%s%s forecast)"), v, cur);
    }
    rw_line_add(l, T("."));
}

static void line_anomalies(const rw_report *r, int lvl, rw_line *l)
{
    char cur[16], v[RW_REPORT_NUM_SIZE], val[160];
    cur_suffix(r, cur, sizeof cur);
    if (r->anomaly_days == 0) {
        rw_line_add(l, T("Anomalies not examined (too little history)."));
        return;
    }
    if (r->nanomalies == 0) {
        rw_line_add(l, T("No anomalies in the last %zu %s."), r->anomaly_days,
                    T(r->anomaly_days == 1 ? "day" : "days"));
        return;
    }
    size_t best = 0;
    double bestd = -1;
    for (size_t i = 0; i < r->nanomalies && i < RW_REPORT_MAX_ANOMALIES; i++) {
        double d = fabs(r->anomalies[i].value - r->anomalies[i].expected);
        if (isfinite(d) && d > bestd) {
            bestd = d;
            best = i;
        }
    }
    const rw_report_anomaly *a = &r->anomalies[best];
    money_signed_r(r, a->value - a->expected, v, sizeof v);
    if (r->nanomalies == 1)
        rw_line_add(l, T("1 anomaly in the last %zu days: %s %s%s against the forecast"),
                    r->anomaly_days, a->day, v, cur);
    else
        rw_line_add(l, T("%zu anomalies in the last %zu days; largest %s %s%s"), r->nanomalies,
                    r->anomaly_days, a->day, v, cur);
    if (a->dimension[0] && lvl < 3) {
        rw_utf8_clip(val, sizeof val, a->dim_value, lvl < 2 ? 32 : 16);
        rw_line_add(l, T(" (%s=%s)"), T(a->dimension), val);
    }
    rw_line_add(l, T("."));
}

void rw_report_summary_line(const rw_report *r, int i, char *out, size_t size)
{
    typedef void (*builder)(const rw_report *, int, rw_line *);
    static const builder builders[] = {line_runout, line_threshold, line_budget, line_growth,
                                       line_anomalies};
    if (size == 0) return;
    out[0] = '\0';
    if (i < 0 || i >= (int)(sizeof builders / sizeof builders[0])) return;
    char buf[RW_REPORT_LINE_SIZE];
    for (int lvl = 0; lvl < SUMMARY_LEVELS; lvl++) {
        rw_line l;
        rw_line_init(&l, buf, sizeof buf);
        builders[i](r, lvl, &l);
        if (rw_utf8_chars(buf) <= RW_REPORT_SUMMARY_MAX_CHARS) break;
    }
    rw_utf8_clip(out, size, buf, (size_t)-1);
}
