/* tencent_bill.c: Tencent Cloud bill-detail CSV (明细账单 / Bill Details).
 *
 * The console export, with Chinese or English headers, UTF-8 with or without
 * a byte order mark (rw_input skips it). Title or summary rows may precede
 * the header: the header is the first of the first RW_TC_HEADER_SCAN records
 * that has a field named 产品名称, Product Name, 交易ID or Transaction ID;
 * the rows before it are not data rows and are not counted. Columns are then
 * found by name (aliases for both languages); unknown columns are ignored.
 *
 * Mapping to a charge (see the specs table for the accepted header names):
 *   start  = Usage Start Time (用量开始时间), else Transaction Time (扣费时间)
 *   end    = Usage End Time (用量结束时间), else start; an end on :59:59 is
 *            Tencent's inclusive last second and gets one second added, so
 *            the period is half-open like every rw_charge
 *   billed = effective = Total Amount After Discount (优惠后总价), required
 *   cash, incentive, voucher, transfer = how it was paid: 现金账户支出(元),
 *            赠送账户支出(元), 代金券支出(元), 分成金账户支出(元) (English:
 *            Cash Payment, Free Credit Payment, Voucher Payment, Commission
 *            Payment and the older Cash Credit, Free Credit, Voucher
 *            Deduction, Commission Credit), each optional
 *   list = Original Cost (原价), quantity/unit = Component Usage (组件用量)
 *   charge_frequency from Billing Mode (计费模式): 包年包月 -> Recurring,
 *            按量计费 -> Usage-Based, anything else -> ""
 *   charge_category from Transaction Type (交易类型) and the amount
 *            (rw_tencent_category): refunds and downgrades -> Credit, 调账 ->
 *            Adjustment, purchases, renewals, upgrades and mode changes ->
 *            Purchase (Credit when negative), everything else -> Usage
 *   currency = Currency (币种) when the column exists and is not empty (人民币
 *            and RMB mean CNY), else a unit in the header names ("(元)",
 *            "(USD)"), else --currency, else CNY for a Chinese header; an
 *            English header with none of these is unreadable (header_currency)
 *   period = Bill Month (账单月份) at Beijing time, else the month of start
 *
 * A row is rejected only when its start, amount or currency is unusable;
 * bad metadata (end, Original Cost, Component Usage, tags, bill month, a
 * payment-split cell: then the whole split) is dropped with a warning.
 * Timestamps carry no zone; they are read at rw_ingest_naive_offset (UTC+8
 * unless overridden). A field holding just "-" counts as empty. Amounts may
 * use thousands separators ("1,234.50").
 *
 * Tags (kept simple on purpose, the export's exact spelling is unconfirmed):
 * every column named "标签:KEY", "标签：KEY" or "Tag:KEY" (any case) is the tag
 * KEY; a single column 标签 / Tags holds either "k1:v1;k2:v2" (':' or '='
 * between key and value) or a JSON object. Non-empty values are collected
 * into one JSON object, keys sorted, compact; "" when there are none.
 *
 * Invariant: memory is the CSV reader's plus the tag column names; one row's
 * tag text is freed before the next row is read. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "ingest/billing.h"
#include "ingest/columns.h"
#include "ingest/csv.h"
#include "ingest/dates.h"
#include "ingest/ingest.h"
#include "ingest/tencent_rules.h"
#include "util/num.h"
#include "util/timeutil.h"

#define RW_TC_HEADER_SCAN 10 /* records searched for the header row */
#define RW_TC_PROVIDER "Tencent Cloud"

enum {
    C_START, C_END, C_PAYTIME, C_BILLED, C_LIST, C_QUANTITY, C_UNIT, C_SERVICE, C_SUBPRODUCT,
    C_REGION, C_RESOURCE, C_PAYER, C_OWNER, C_PAYMODE, C_ACTION, C_CURRENCY, C_TAGS, C_CASH,
    C_INCENTIVE, C_VOUCHER, C_TRANSFER, C_BILLMONTH, C_COUNT
};

#define NAMES(...) (const char *const[]){__VA_ARGS__, NULL}
static const rw_colspec specs[C_COUNT] = {
    [C_START] = {"Usage Start Time",
                 NAMES("用量开始时间", "开始使用时间", "使用开始时间", "Usage Start Time"), 0},
    [C_END] = {"Usage End Time",
               NAMES("用量结束时间", "结束使用时间", "使用结束时间", "Usage End Time"), 0},
    [C_PAYTIME] = {"Transaction Time", NAMES("扣费时间", "Transaction Time"), 0},
    [C_BILLED] = {"Total Amount After Discount",
                  NAMES("优惠后总价", "优惠后总价(元)", "Total Amount After Discount",
                        "Total Amount After Discount(USD)", "Total Amount After Discount (USD)"),
                  1},
    [C_LIST] = {"Original Cost", NAMES("原价", "组件原价", "Original Cost"), 0},
    [C_QUANTITY] = {"Component Usage", NAMES("组件用量", "Component Usage"), 0},
    [C_UNIT] = {"Component Usage Unit", NAMES("组件用量单位", "Component Usage Unit"), 0},
    [C_SERVICE] = {"Product Name", NAMES("产品名称", "Product Name"), 0},
    [C_SUBPRODUCT] = {"Subproduct Name",
                      NAMES("子产品名称", "Subproduct Name", "Sub-product Name"), 0},
    [C_REGION] = {"Region", NAMES("地域", "Region"), 0},
    [C_RESOURCE] = {"Instance ID", NAMES("实例ID", "资源ID", "Instance ID", "Resource ID"), 0},
    [C_PAYER] = {"Payer Account ID", NAMES("支付者UIN", "支付者账号ID", "支付者账号",
                                           "Payer Account ID", "Payer UIN"), 0},
    [C_OWNER] = {"Owner Account ID", NAMES("使用者UIN", "使用者账号ID", "使用者账号",
                                           "Owner Account ID", "Owner UIN"), 0},
    [C_PAYMODE] = {"Billing Mode", NAMES("计费模式", "Billing Mode"), 0},
    [C_ACTION] = {"Transaction Type", NAMES("交易类型", "Transaction Type"), 0},
    [C_CURRENCY] = {"Currency", NAMES("币种", "Currency"), 0},
    [C_TAGS] = {"Tags", NAMES("标签", "Tags", "Tag"), 0},
    [C_CASH] = {"Cash Payment", NAMES("现金账户支出(元)", "现金账户支出（元）", "现金账户支出",
                                      "现金支付", "Cash Payment", "Cash Credit",
                                      "Cash Payment(USD)", "Cash Payment (USD)"), 0},
    [C_INCENTIVE] = {"Free Credit Payment",
                     NAMES("赠送账户支出(元)", "赠送账户支出（元）", "赠送账户支出", "赠送金支付",
                           "Free Credit Payment", "Free Credit"), 0},
    [C_VOUCHER] = {"Voucher Payment",
                   NAMES("代金券支出(元)", "代金券支出（元）", "代金券支出", "优惠券支出(元)",
                         "优惠券支出", "Voucher Payment", "Voucher Deduction"), 0},
    [C_TRANSFER] = {"Commission Payment",
                    NAMES("分成金账户支出(元)", "分成金账户支出（元）", "分成金账户支出",
                          "Commission Payment", "Commission Credit"), 0},
    [C_BILLMONTH] = {"Bill Month", NAMES("账单月份", "Bill Month"), 0},
};

/* Currency markers in header names ("现金账户支出(元)", "Cash Payment (USD)"):
 * the file's own word on its currency when it has no Currency column. */
static const struct {
    const char *marker, *code;
} header_units[] = {
    {"(元)", "CNY"}, {"（元）", "CNY"}, {"(CNY)", "CNY"}, {"(RMB)", "CNY"},
    {"(USD)", "USD"}, {"（USD）", "USD"}, {"(美元)", "USD"}, {"（美元）", "USD"},
};

/* The payment-split columns, in the order of rw_charge's fields. */
static const int split_cols[4] = {C_CASH, C_INCENTIVE, C_VOUCHER, C_TRANSFER};

/* Header names that mark the header row. */
static const char *const header_tokens[] = {"产品名称", "Product Name", "交易ID", "Transaction ID",
                                            NULL};
/* Prefixes of per-key tag columns (compared ignoring ASCII case). */
static const char *const tag_prefixes[] = {"标签:", "标签：", "Tag:", NULL};

/* A per-key tag column. */
typedef struct tag_col {
    int col;   /* field index */
    char *key; /* owned tag key */
} tag_col;

/* ISO 4217 code of a currency cell (upper-cased in place); `dflt` when the
 * cell is empty; NULL when it names no currency. */
static const char *tc_currency(char *s, const char *dflt)
{
    if (!*s) return dflt;
    if (strcmp(s, "人民币") == 0 || strcmp(s, "元") == 0 || strcasecmp(s, "RMB") == 0)
        return "CNY";
    if (strcmp(s, "美元") == 0) return "USD";
    return rw_currency_norm(s) ? s : NULL;
}

/* The currency of rows whose Currency cell is empty or missing, into
 * `out` ("" when nothing says): a currency marker in the header names,
 * else --currency (`opt`), else CNY when the header is the Chinese site's
 * (Chinese column names: that console bills in yuan). The evidence is the
 * header's language and markers only: an English header without a marker
 * could come from either site, so it needs a Currency column or
 * --currency. A header with markers of two currencies says nothing. */
static void header_currency(rw_csv *c, const char *opt, char out[4])
{
    const char *found = NULL;
    int conflict = 0;
    for (size_t f = 0; f < c->nfields; f++) {
        size_t n;
        const char *name = rw_csv_field(c, f, &n);
        for (size_t u = 0; u < sizeof header_units / sizeof header_units[0]; u++) {
            size_t ml = strlen(header_units[u].marker);
            for (size_t k = 0; k + ml <= n; k++)
                if (memcmp(name + k, header_units[u].marker, ml) == 0) {
                    if (found && strcmp(found, header_units[u].code) != 0) conflict = 1;
                    found = header_units[u].code;
                    break;
                }
        }
    }
    if (found && !conflict) memcpy(out, found, 4);
    else if (*opt) memcpy(out, opt, 4);
    else if (rw_csv_find(c, "产品名称") >= 0 || rw_csv_find(c, "交易ID") >= 0) memcpy(out, "CNY", 4);
    else out[0] = '\0';
}

/* rw_field, with Tencent's "-" for "no value" read as empty. */
static const char *tfield(rw_csv *c, int col)
{
    const char *s = rw_field(c, col);
    return strcmp(s, "-") == 0 ? "" : s;
}

static int is_header(rw_csv *c)
{
    for (const char *const *t = header_tokens; *t; t++)
        if (rw_csv_find(c, *t) >= 0) return 1;
    return 0;
}

/* Trimmed copy of `n` bytes at `s`, or NULL when out of memory. */
static char *dup_trim(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Collects the per-key tag columns of header `c` into *out (*nout entries). */
static rw_status find_tag_cols(rw_csv *c, tag_col **out, size_t *nout, rw_error *err)
{
    *out = NULL;
    *nout = 0;
    for (size_t f = 0; f < c->nfields; f++) {
        size_t len;
        const char *s = rw_csv_field(c, f, &len);
        while (len && (*s == ' ' || *s == '\t')) s++, len--;
        for (const char *const *p = tag_prefixes; *p; p++) {
            size_t pl = strlen(*p);
            if (len <= pl || strncasecmp(s, *p, pl) != 0) continue;
            char *key = dup_trim(s + pl, len - pl);
            tag_col *grown = key ? realloc(*out, (*nout + 1) * sizeof **out) : NULL;
            if (!grown) {
                free(key);
                return rw_error_set(err, RW_ENOMEM, c->in->name, c->line, "out of memory");
            }
            *out = grown;
            if (!*key) {
                free(key); /* "标签:" with no key: not a tag column */
                break;
            }
            (*out)[(*nout)++] = (tag_col){(int)f, key};
            break;
        }
    }
    return RW_OK;
}

/* Adds the pairs of a 标签 / Tags cell ("k1:v1;k2:v2" or a JSON object) to
 * `obj`. Returns 0 when the cell cannot be read. */
static int add_tag_list(json_t *obj, const char *text)
{
    if (*text == '{') {
        json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
        int ok = j && json_is_object(j);
        const char *k;
        json_t *v;
        if (ok)
            json_object_foreach(j, k, v) {
                if (!json_is_string(v)) {
                    ok = 0;
                    break;
                }
            }
        if (ok) ok = json_object_update(obj, j) == 0;
        json_decref(j);
        return ok;
    }
    char *copy = dup_trim(text, strlen(text));
    if (!copy) return 0;
    int ok = 1;
    for (char *p = copy; ok && *p;) {
        char *end = strchr(p, ';');
        if (end) *end = '\0';
        char *sep = strpbrk(p, ":=");
        char *key = p, *val = sep ? sep + 1 : p + strlen(p);
        if (sep) *sep = '\0';
        char *k = dup_trim(key, strlen(key)), *v = dup_trim(val, strlen(val));
        if (!k || !v || (!*k && (sep || *v)))
            ok = 0;
        else if (*k)
            ok = json_object_set_new(obj, k, json_string(v)) == 0;
        free(k);
        free(v);
        p = end ? end + 1 : p + strlen(p);
    }
    free(copy);
    return ok;
}

/* Builds the tags JSON of the current row into *out ("" or an owned string
 * to free). Returns a reason to drop the tags (the row is kept) or NULL. */
static const char *row_tags(rw_csv *c, const int *idx, const tag_col *tc, size_t ntc,
                            char **out)
{
    *out = NULL;
    const char *list = tfield(c, idx[C_TAGS]);
    if (ntc == 0 && !*list) return NULL;
    json_t *obj = json_object();
    if (!obj) return "out of memory building tags";
    const char *reason = NULL;
    if (*list && !add_tag_list(obj, list))
        reason = "Tags is neither KEY:VALUE;... pairs nor a JSON object; tags dropped";
    for (size_t i = 0; !reason && i < ntc; i++) {
        const char *v = tfield(c, tc[i].col);
        if (*v && json_object_set_new(obj, tc[i].key, json_string(v)) != 0)
            reason = "a tag value is not valid UTF-8; tags dropped";
    }
    if (!reason && json_object_size(obj) > 0) {
        *out = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
        if (!*out) reason = "out of memory building tags";
    }
    json_decref(obj);
    return reason;
}

/* Everything a row conversion needs from the header and the options. */
typedef struct bill_ctx {
    int idx[C_COUNT];    /* column of each spec, -1 when absent */
    int64_t naive;       /* offset of zone-less timestamps (Beijing time) */
    rw_dates dates;      /* how timestamps are read (Excel re-saves: 2024/9/1 0:00) */
    const char *account; /* fills an empty payer; may be NULL */
    char currency[4];    /* currency of rows that do not say ("": unknown) */
} bill_ctx;

/* Converts one record. Returns a reject reason (its start, amount or
 * currency is unusable) or NULL when `ch` is good; bad optional metadata
 * is dropped with a warning added to `w`. */
static const char *convert(rw_csv *c, const bill_ctx *x, rw_charge *ch, rw_row_warnings *w,
                           char *why, size_t whysz)
{
    const int *idx = x->idx;
    const char *s = tfield(c, idx[C_START]);
    const char *label = specs[C_START].label;
    if (!*s) {
        s = tfield(c, idx[C_PAYTIME]);
        label = specs[C_PAYTIME].label;
    }
    if (!*s) return "Usage Start Time and Transaction Time are empty";
    const char *r;
    if ((r = rw_dates_read(&x->dates, label, s, &ch->start, why, whysz))) return r;
    s = tfield(c, idx[C_BILLED]);
    if (!*s) return "Total Amount After Discount is empty";
    if (rw_parse_double(s, &ch->billed) != RW_OK) {
        snprintf(why, whysz, "Total Amount After Discount '%.40s' is not a number", s);
        return why;
    }
    ch->effective = ch->billed;
    char *cur = (char *)tfield(c, idx[C_CURRENCY]);
    if (!(ch->currency = tc_currency(cur, x->currency))) {
        snprintf(why, whysz, "Currency '%.40s' is not an ISO 4217 code", cur);
        return why;
    }
    if (!*ch->currency)
        return "Currency is empty and the header does not say which (--currency CODE fills it)";
    /* Everything below is metadata: a bad value is dropped, the money kept. */
    if (rw_row_end(&x->dates, "Usage End Time", "the start", tfield(c, idx[C_END]), ch->start,
                   &ch->end, w))
        ch->end = rw_tencent_exclusive_end(ch->start, ch->end, x->naive);
    ch->period = rw_month_start(ch->start, x->naive);
    s = tfield(c, idx[C_BILLMONTH]);
    int64_t month;
    if (*s && !rw_tencent_bill_month(s, x->naive, &month))
        rw_row_warn(w, "Bill Month '%.40s' is not a month (YYYY-MM); the month of the start used",
                    s);
    else if (*s)
        ch->period = month;
    ch->list = rw_opt_amount_warn(tfield(c, idx[C_LIST]), "Original Cost", w);
    ch->quantity = rw_opt_amount_warn(tfield(c, idx[C_QUANTITY]), "Component Usage", w);
    /* The payment split is kept or dropped whole: keeping the readable
     * parts would make `drawn` (cash + gift + transfer) silently small;
     * without a split, drawn falls back to the billed amount. */
    double *split[4] = {&ch->cash, &ch->incentive, &ch->voucher, &ch->transfer};
    for (int i = 0; i < 4; i++) {
        int bad = 0;
        s = tfield(c, idx[split_cols[i]]);
        *split[i] = rw_opt_amount(s, &bad);
        if (bad) {
            rw_row_warn(w, "%s '%.40s' is not a number; the payment split (cash, gift, voucher,"
                           " commission) dropped", specs[split_cols[i]].label, s);
            for (int k = 0; k < 4; k++) *split[k] = NAN;
            break;
        }
    }
    ch->provider = RW_TC_PROVIDER;
    ch->billing_account = tfield(c, idx[C_PAYER]);
    if (!*ch->billing_account && x->account) ch->billing_account = x->account;
    ch->sub_account = tfield(c, idx[C_OWNER]);
    ch->service = tfield(c, idx[C_SERVICE]);
    ch->service_category = tfield(c, idx[C_SUBPRODUCT]);
    ch->region = tfield(c, idx[C_REGION]);
    ch->resource = tfield(c, idx[C_RESOURCE]);
    ch->charge_frequency = rw_tencent_frequency(tfield(c, idx[C_PAYMODE]));
    ch->charge_category = rw_tencent_category(tfield(c, idx[C_ACTION]), ch->billed);
    ch->unit = tfield(c, idx[C_UNIT]);
    return NULL;
}

rw_status rw_parse_tencent_bill(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink,
                                rw_error *err)
{
    rw_csv c;
    rw_csv_init(&c, in, in->delim);
    tag_col *tc = NULL;
    size_t ntc = 0;
    bill_ctx x;
    memset(&x, 0, sizeof x);
    x.naive = rw_ingest_naive_offset(opts, RW_FMT_TENCENT_BILL);
    x.account = opts->account;
    char opt_currency[4];
    rw_status st = rw_currency_option(opts, opt_currency, err);
    for (int n = 0; st == RW_OK; n++) {
        st = rw_csv_next(&c, err);
        if (st != RW_OK) goto out;
        if (c.nfields == 0 && !c.bad) {
            st = rw_error_set(err, RW_EFORMAT, in->name, c.line,
                              n ? "no Tencent Cloud bill header (产品名称 / Product Name)"
                                : "no header line");
            goto out;
        }
        if (!c.bad && is_header(&c)) break;
        if (n + 1 >= RW_TC_HEADER_SCAN) {
            st = rw_error_set(err, RW_EFORMAT, in->name, c.line,
                              "no Tencent Cloud bill header (a row with 产品名称 / Product Name)"
                              " in the first %d records",
                              RW_TC_HEADER_SCAN);
            goto out;
        }
    }
    if (st != RW_OK) goto out;
    int *idx = x.idx;
    st = rw_columns_map(&c, specs, C_COUNT, idx, err);
    if (st != RW_OK) goto out;
    header_currency(&c, opt_currency, x.currency);
    if (idx[C_CURRENCY] < 0 && !x.currency[0]) {
        st = rw_error_set(err, RW_EFORMAT, in->name, c.line,
                          "the bill has no Currency column and its English header does not say"
                          " which currency it is in (the International site bills in USD, the"
                          " Chinese site in CNY); pass --currency CODE");
        goto out;
    }
    if (idx[C_START] < 0 && idx[C_PAYTIME] < 0) {
        st = rw_error_set(err, RW_EFORMAT, in->name, c.line,
                          "required column Usage Start Time (or Transaction Time) is missing"
                          " from the header");
        goto out;
    }
    if ((st = find_tag_cols(&c, &tc, &ntc, err)) != RW_OK) goto out;
    size_t ncols = c.nfields;
    /* (last: deciding the date order reads ahead, so header pointers go stale) */
    static const char *const date_cols[] = {
        "用量开始时间", "开始使用时间", "使用开始时间", "Usage Start Time", "用量结束时间",
        "结束使用时间", "使用结束时间", "Usage End Time", "扣费时间", "Transaction Time", NULL};
    if ((st = rw_dates_init(&x.dates, &c, date_cols, NULL, opts, x.naive, err)) != RW_OK)
        goto out;
    char why[160];
    for (;;) {
        int have;
        if ((st = rw_csv_next_row(&c, sink, ncols, &have, err)) != RW_OK) goto out;
        if (!have) break;
        rw_charge ch;
        rw_charge_init(&ch);
        rw_row_warnings w;
        rw_row_warn_init(&w);
        char *tags = NULL;
        const char *reason = convert(&c, &x, &ch, &w, why, sizeof why);
        if (!reason) {
            const char *drop = row_tags(&c, idx, tc, ntc, &tags);
            if (drop) {
                free(tags);
                tags = NULL;
                rw_row_warn(&w, "%s", drop);
            }
        }
        if (tags) ch.tags = tags;
        st = reason ? rw_reject_record(sink, &c, "%s", reason) : rw_keep_row(sink, &c, &w, &ch);
        free(tags);
        if (st != RW_OK) goto out;
    }
out:
    for (size_t i = 0; i < ntc; i++) free(tc[i].key);
    free(tc);
    rw_csv_cleanup(&c);
    return st;
}
