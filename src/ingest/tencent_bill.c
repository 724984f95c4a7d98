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
 *   charge_category from Transaction Type (交易类型): refunds and downgrades
 *            -> Credit, 调账 -> Adjustment, purchases, renewals and upgrades
 *            -> Purchase, everything else (hourly/daily deductions) -> Usage
 *   currency = Currency (币种) when the column exists and is not empty (人民币
 *            and RMB mean CNY), else CNY
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
    C_INCENTIVE, C_VOUCHER, C_TRANSFER, C_COUNT
};

#define NAMES(...) (const char *const[]){__VA_ARGS__, NULL}
static const rw_colspec specs[C_COUNT] = {
    [C_START] = {"Usage Start Time",
                 NAMES("用量开始时间", "开始使用时间", "使用开始时间", "Usage Start Time"), 0},
    [C_END] = {"Usage End Time",
               NAMES("用量结束时间", "结束使用时间", "使用结束时间", "Usage End Time"), 0},
    [C_PAYTIME] = {"Transaction Time", NAMES("扣费时间", "Transaction Time"), 0},
    [C_BILLED] = {"Total Amount After Discount",
                  NAMES("优惠后总价", "Total Amount After Discount"), 1},
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
                                      "现金支付", "Cash Payment", "Cash Credit"), 0},
    [C_INCENTIVE] = {"Free Credit Payment",
                     NAMES("赠送账户支出(元)", "赠送账户支出（元）", "赠送账户支出", "赠送金支付",
                           "Free Credit Payment", "Free Credit"), 0},
    [C_VOUCHER] = {"Voucher Payment",
                   NAMES("代金券支出(元)", "代金券支出（元）", "代金券支出", "优惠券支出(元)",
                         "优惠券支出", "Voucher Payment", "Voucher Deduction"), 0},
    [C_TRANSFER] = {"Commission Payment",
                    NAMES("分成金账户支出(元)", "分成金账户支出（元）", "分成金账户支出",
                          "Commission Payment", "Commission Credit"), 0},
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

/* FOCUS ChargeFrequency of a billing mode (计费模式 / PayMode), or "". */
/* FOCUS ChargeCategory of a transaction type (交易类型 / ActionType). */
/* ISO 4217 code of a currency cell (upper-cased in place), or NULL. */
static const char *tc_currency(char *s)
{
    if (!*s) return "CNY";
    if (strcmp(s, "人民币") == 0 || strcmp(s, "元") == 0 || strcasecmp(s, "RMB") == 0)
        return "CNY";
    if (strcmp(s, "美元") == 0) return "USD";
    return rw_currency_norm(s) ? s : NULL;
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
 * to free). Returns a reject reason or NULL. */
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
        reason = "Tags is neither KEY:VALUE;... pairs nor a JSON object";
    for (size_t i = 0; !reason && i < ntc; i++) {
        const char *v = tfield(c, tc[i].col);
        if (*v && json_object_set_new(obj, tc[i].key, json_string(v)) != 0)
            reason = "a tag value is not valid UTF-8";
    }
    if (!reason && json_object_size(obj) > 0) {
        *out = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
        if (!*out) reason = "out of memory building tags";
    }
    json_decref(obj);
    return reason;
}

/* Converts one record; returns a reject reason or NULL when `ch` is good. */
static const char *convert(rw_csv *c, const int *idx, const rw_dates *dt, const char *account,
                           rw_charge *ch, char *why, size_t whysz)
{
    const char *s = tfield(c, idx[C_START]);
    const char *label = specs[C_START].label;
    if (!*s) {
        s = tfield(c, idx[C_PAYTIME]);
        label = specs[C_PAYTIME].label;
    }
    if (!*s) return "Usage Start Time and Transaction Time are empty";
    const char *r;
    if ((r = rw_dates_read(dt, label, s, &ch->start, why, whysz))) return r;
    s = tfield(c, idx[C_END]);
    if (!*s) {
        ch->end = ch->start;
    } else if ((r = rw_dates_read(dt, "Usage End Time", s, &ch->end, why, whysz))) {
        return r;
    } else if (ch->end < ch->start) {
        return "Usage End Time is before Usage Start Time";
    } else {
        ch->end = rw_tencent_exclusive_end(ch->start, ch->end, dt->naive);
    }
    s = tfield(c, idx[C_BILLED]);
    if (!*s) return "Total Amount After Discount is empty";
    if (rw_parse_double(s, &ch->billed) != RW_OK) {
        snprintf(why, whysz, "Total Amount After Discount '%.40s' is not a number", s);
        return why;
    }
    ch->effective = ch->billed;
    int bad = 0;
    s = tfield(c, idx[C_LIST]);
    ch->list = rw_opt_amount(s, &bad);
    if (bad) {
        snprintf(why, whysz, "Original Cost '%.40s' is not a number", s);
        return why;
    }
    s = tfield(c, idx[C_QUANTITY]);
    ch->quantity = rw_opt_amount(s, &bad);
    if (bad) {
        snprintf(why, whysz, "Component Usage '%.40s' is not a number", s);
        return why;
    }
    double *split[4] = {&ch->cash, &ch->incentive, &ch->voucher, &ch->transfer};
    for (int i = 0; i < 4; i++) {
        s = tfield(c, idx[split_cols[i]]);
        *split[i] = rw_opt_amount(s, &bad);
        if (bad) {
            snprintf(why, whysz, "%s '%.40s' is not a number", specs[split_cols[i]].label, s);
            return why;
        }
    }
    char *cur = (char *)tfield(c, idx[C_CURRENCY]);
    if (!(ch->currency = tc_currency(cur))) {
        snprintf(why, whysz, "Currency '%.40s' is not an ISO 4217 code", cur);
        return why;
    }
    ch->provider = RW_TC_PROVIDER;
    ch->billing_account = tfield(c, idx[C_PAYER]);
    if (!*ch->billing_account && account) ch->billing_account = account;
    ch->sub_account = tfield(c, idx[C_OWNER]);
    ch->service = tfield(c, idx[C_SERVICE]);
    ch->service_category = tfield(c, idx[C_SUBPRODUCT]);
    ch->region = tfield(c, idx[C_REGION]);
    ch->resource = tfield(c, idx[C_RESOURCE]);
    ch->charge_frequency = rw_tencent_frequency(tfield(c, idx[C_PAYMODE]));
    ch->charge_category = rw_tencent_category(tfield(c, idx[C_ACTION]));
    ch->unit = tfield(c, idx[C_UNIT]);
    return NULL;
}

rw_status rw_parse_tencent_bill(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink,
                                rw_error *err)
{
    rw_csv c;
    rw_csv_init(&c, in, ',');
    tag_col *tc = NULL;
    size_t ntc = 0;
    int idx[C_COUNT];
    int64_t naive = rw_ingest_naive_offset(opts, RW_FMT_TENCENT_BILL);
    rw_status st;
    for (int n = 0;; n++) {
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
    st = rw_columns_map(&c, specs, C_COUNT, idx, err);
    if (st != RW_OK) goto out;
    if (idx[C_START] < 0 && idx[C_PAYTIME] < 0) {
        st = rw_error_set(err, RW_EFORMAT, in->name, c.line,
                          "required column Usage Start Time (or Transaction Time) is missing"
                          " from the header");
        goto out;
    }
    if ((st = find_tag_cols(&c, &tc, &ntc, err)) != RW_OK) goto out;
    size_t ncols = c.nfields;
    static const char *const date_cols[] = {
        "用量开始时间", "开始使用时间", "使用开始时间", "Usage Start Time", "用量结束时间",
        "结束使用时间", "使用结束时间", "Usage End Time", "扣费时间", "Transaction Time", NULL};
    rw_dates dt;
    if ((st = rw_dates_init(&dt, &c, date_cols, NULL, opts, naive, err)) != RW_OK) goto out;
    char why[160];
    for (;;) {
        int have;
        if ((st = rw_csv_next_row(&c, sink, ncols, &have, err)) != RW_OK) goto out;
        if (!have) break;
        rw_charge ch;
        rw_charge_init(&ch);
        char *tags = NULL;
        const char *reason = convert(&c, idx, &dt, opts->account, &ch, why, sizeof why);
        if (!reason) reason = row_tags(&c, idx, tc, ntc, &tags);
        if (tags) ch.tags = tags;
        st = reason ? rw_reject_record(sink, &c, "%s", reason)
                    : sink->charge(sink->ctx, c.line, &ch);
        free(tags);
        if (st != RW_OK) goto out;
    }
out:
    for (size_t i = 0; i < ntc; i++) free(tc[i].key);
    free(tc);
    rw_csv_cleanup(&c);
    return st;
}
