/* tencent_api.c: saved Tencent Cloud Billing API responses (JSON).
 *
 * Accepts DescribeBillDetail and DescribeAccountBalance responses, each
 * either wrapped as the API sends it ({"Response": {...}}) or unwrapped as
 * tccli prints it ({...}). A file holds one response, a JSON array of them,
 * or several one after another (JSON Lines: one response per line, as
 * `fetch` saves pages). Values may be JSON strings or numbers.
 *
 * DescribeBillDetail: one charge per Response.DetailSet[i].ComponentSet[j]:
 *   billed = effective = RealCost (required), list = Cost, quantity =
 *   UsedAmount, unit = UsedAmountUnit, how it was paid = CashPayAmount,
 *   IncentivePayAmount, VoucherPayAmount, TransferPayAmount (all in yuan,
 *   元; each optional); from the item:
 *   service = BusinessCodeName, service_category = ProductCodeName, region =
 *   RegionName (else RegionId), resource = ResourceId, billing_account =
 *   PayerUin (else --account), sub_account = OwnerUin, start/end =
 *   FeeBeginTime/FeeEndTime (start falls back to PayTime, end to start; an
 *   end on :59:59 gets one second added to make the period half-open),
 *   frequency from PayModeName/PayMode, category from ActionTypeName/
 *   ActionType and RealCost (rw_tencent_category, as in tencent_bill.c),
 *   tags from Tags[] {TagKey, TagValue} as a compact JSON object with sorted
 *   keys ("-" keys, Tencent's "no tag", skipped), currency CNY unless the
 *   item has a Currency field; no billing period (RW_NO_PERIOD: pages saved
 *   as separate files must never supersede each other). Accounting: one row
 *   per DetailSet item; an item whose start is unusable or with a component
 *   whose RealCost or Currency is unusable is rejected whole (no charge from
 *   it), so rows, rejects and charges always agree. Bad metadata (FeeEndTime,
 *   Cost, UsedAmount, the payment split as a whole, Tags) is dropped with a
 *   warning and the item kept.
 *
 * DescribeAccountBalance: one balance per response, in yuan: RealBalance
 *   when present, else Balance, both in cents (分) / 100. account = Uin (else
 *   --account), currency CNY unless a Currency field says otherwise. The API
 *   does not say when the balance was observed, so `at` is a top-level
 *   "FetchedAt" (next to "Response", or inside an unwrapped response: ISO
 *   8601 text or epoch seconds) that `fetch` writes; failing that the file's
 *   modification time; failing that (stdin) the response is rejected.
 *
 * DescribeBillList (收支明细, the account ledger): one transaction per
 *   Response.TransactionList[i] (SDK model BillTransactionInfo): at =
 *   OperationTime (required; Beijing time unless zoned), kind from
 *   ActionType (deduct -> deduct, recharge -> recharge, return -> refund,
 *   block -> freeze, unblock -> unfreeze, agentin/agentout -> transfer,
 *   anything else -> other), amount = Amount, balance after = Balance
 *   (both required), Cash, Incentive and Freezing after (optional), all in
 *   fen (分) / 100. The amount is signed as it moves the balance: the API
 *   signs it (+ in, - out); an unsigned one is given the sign of its kind
 *   (deduct, freeze and transfers out take money out). id = BillId, else
 *   "OperationTime|ActionType|Amount|Balance" (the store deduplicates
 *   transactions by account and id); info = OperationInfo; account = a
 *   "Uin" next to "Response" (the ledger does not name one), else
 *   --account; currency CNY. Accounting: one
 *   row per transaction; a bad one is rejected.
 *
 * Line numbers: the 1-based line where the response's JSON value starts
 * (1 for a single document or an array). Reject reasons name the JSON path,
 * e.g. "DetailSet[3].ComponentSet[0]: RealCost 'x' is not a number"; inside
 * a top-level array the element index comes first ("[2].DetailSet[3]...").
 *
 * A Response.Error, text that is not JSON, or JSON that is neither response
 * is RW_EFORMAT, and so is a ledger handed to a sink that takes none. Unlike the CSV parsers this one reads the whole input into
 * memory (API pages are small): at most RW_API_MAX_BYTES, else RW_EFORMAT. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "ingest/billing.h"
#include "ingest/ingest.h"
#include "ingest/tencent_rules.h"
#include "util/num.h"
#include "util/strutil.h"
#include "util/timeutil.h"

#define RW_API_MAX_BYTES (256u << 20) /* largest JSON input read into memory */
#define RW_TC_PROVIDER "Tencent Cloud"

/* State shared by the handlers of one input. */
typedef struct api_ctx {
    rw_input *in;
    const rw_ingest_opts *opts;
    rw_sink *sink;
    rw_error *err;
    int64_t naive;  /* offset of zone-less timestamps */
    long line;      /* line where the current response starts */
    char where[32]; /* path prefix of the current response ("" or "[2].") */
} api_ctx;

/* FOCUS ChargeFrequency of a billing mode (PayModeName / PayMode), or "". */
/* FOCUS ChargeCategory of a transaction type (ActionTypeName / ActionType). */
/* Text of a string or number member of `obj` ("" when absent, null, of
 * another type, or Tencent's "-"). Numbers are formatted into buf. */
static const char *jtext(const json_t *obj, const char *key, char *buf, size_t n)
{
    const json_t *v = json_object_get(obj, key);
    const char *s = "";
    if (json_is_string(v)) {
        s = json_string_value(v);
    } else if (json_is_integer(v)) {
        snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        s = buf;
    } else if (json_is_real(v)) {
        snprintf(buf, n, "%.17g", json_real_value(v));
        s = buf;
    }
    return strcmp(s, "-") == 0 ? "" : s;
}

/* First non-empty text among two members. */
static const char *jtext2(const json_t *obj, const char *k1, const char *k2, char *buf, size_t n)
{
    const char *s = jtext(obj, k1, buf, n);
    return *s ? s : jtext(obj, k2, buf, n);
}

/* Reads an amount member (number, or numeric text): NaN when absent, null
 * or empty. Returns a reject reason (written to why) or NULL. */
static const char *jamount(const json_t *obj, const char *key, double *out, char *why,
                           size_t whysz)
{
    const json_t *v = json_object_get(obj, key);
    *out = NAN;
    if (!v || json_is_null(v)) return NULL;
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return NULL;
    }
    if (!json_is_string(v)) {
        snprintf(why, whysz, "%s is not a number", key);
        return why;
    }
    const char *s = json_string_value(v);
    const char *p = s;
    while (*p == ' ') p++;
    if (!*p || strcmp(p, "-") == 0) return NULL;
    if (rw_parse_double(s, out) != RW_OK) {
        snprintf(why, whysz, "%s '%.40s' is not a number", key, s);
        return why;
    }
    return NULL;
}

/* Compact text of `v` for a reject record; caller frees (NULL on failure). */
static char *raw_text(const json_t *v)
{
    return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* Rejects DetailSet item or balance `v` at the response's line. */
static rw_status reject(api_ctx *a, const json_t *v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static rw_status reject(api_ctx *a, const json_t *v, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    char *raw = raw_text(v);
    rw_status st = a->sink->reject(a->sink->ctx, a->line, reason, raw ? raw : "",
                                   raw ? strlen(raw) : 0);
    free(raw);
    return st;
}

/* Text fields of a charge that may arrive as JSON numbers. */
enum { F_PAYER, F_OWNER, F_SERVICE, F_CATEGORY, F_REGION, F_RESOURCE, F_UNIT, F_COUNT };

/* What a DetailSet item contributes to each of its charges. */
typedef struct item_info {
    int64_t start, end;
    rw_row_warnings warn; /* the item's bad metadata, dropped */
    const char *tags; /* "" or `tags_owned` */
    char *tags_owned; /* json_dumps text, freed by the caller */
    char num[F_COUNT][32]; /* text of fields sent as JSON numbers */
} item_info;

/* Builds the compact, key-sorted JSON object of Tags[] into ii->tags.
 * An element whose TagKey is empty or Tencent's "-" (the API's own example
 * sends [{"TagKey":"-","TagValue":"-"}] for a resource without tags) is no
 * tag. Returns a reason to drop the tags (the item is kept) or NULL. */
static const char *item_tags(const json_t *item, item_info *ii)
{
    const json_t *tags = json_object_get(item, "Tags");
    ii->tags = "";
    if (!tags || json_is_null(tags)) return NULL;
    if (!json_is_array(tags)) return "Tags is not an array; tags dropped";
    if (json_array_size(tags) == 0) return NULL;
    json_t *obj = json_object();
    if (!obj) return "out of memory building tags; tags dropped";
    const char *reason = NULL;
    size_t i;
    const json_t *t;
    char buf[32];
    json_array_foreach(tags, i, t) {
        if (!json_is_object(t)) {
            reason = "a Tags element is not an object; tags dropped";
            break;
        }
        char vbuf[32];
        const char *k = jtext(t, "TagKey", buf, sizeof buf);
        const char *val = jtext(t, "TagValue", vbuf, sizeof vbuf);
        if (!*k) {
            if (!*val) continue; /* "-" / "-": no tag */
            reason = "a Tags element has a TagValue but no TagKey; tags dropped";
            break;
        }
        if (json_object_set_new(obj, k, json_string(val)) != 0) {
            reason = "a tag is not valid UTF-8; tags dropped";
            break;
        }
    }
    if (!reason && json_object_size(obj) > 0) {
        ii->tags_owned = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
        if (ii->tags_owned) ii->tags = ii->tags_owned;
        else reason = "out of memory building tags; tags dropped";
    }
    json_decref(obj);
    return reason;
}

/* Reads the item-level fields. Returns a reject reason (the start is
 * unusable) or NULL; bad metadata is dropped with a warning in ii->warn. */
static const char *item_read(const api_ctx *a, const json_t *item, item_info *ii, char *why,
                             size_t whysz)
{
    char buf[32];
    const char *key = "FeeBeginTime";
    const char *s = jtext(item, key, buf, sizeof buf);
    if (!*s) s = jtext(item, key = "PayTime", buf, sizeof buf);
    if (!*s) return "FeeBeginTime and PayTime are empty";
    if (rw_time_parse(s, strlen(s), a->naive, &ii->start) != RW_OK) {
        snprintf(why, whysz, "%s '%.40s' is not a timestamp", key, s);
        return why;
    }
    s = jtext(item, "FeeEndTime", buf, sizeof buf);
    ii->end = ii->start;
    if (*s && rw_time_parse(s, strlen(s), a->naive, &ii->end) != RW_OK) {
        rw_row_warn(&ii->warn, "FeeEndTime '%.40s' is not a timestamp; end taken as the start", s);
        ii->end = ii->start;
    } else if (ii->end < ii->start) {
        rw_row_warn(&ii->warn, "FeeEndTime '%.40s' is before FeeBeginTime; end taken as the start",
                    s);
        ii->end = ii->start;
    } else {
        ii->end = rw_tencent_exclusive_end(ii->start, ii->end, a->naive);
    }
    const char *drop = item_tags(item, ii);
    if (drop) rw_row_warn(&ii->warn, "%s", drop);
    return NULL;
}

/* Converts component `comp` of `item`. Returns a reject reason (RealCost
 * or the currency is unusable) or NULL; bad optional amounts are dropped
 * with a warning in `w`. */
static const char *component(const api_ctx *a, const json_t *item, const json_t *comp,
                             item_info *ii, rw_charge *ch, rw_row_warnings *w, char *why,
                             size_t whysz)
{
    if (!json_is_object(comp)) return "not an object";
    rw_charge_init(ch);
    const char *r;
    if ((r = jamount(comp, "RealCost", &ch->billed, why, whysz))) return r;
    if (isnan(ch->billed)) return "RealCost is empty";
    if ((r = jamount(comp, "Cost", &ch->list, why, whysz))) {
        rw_row_warn(w, "%s; dropped", r);
        ch->list = NAN;
    }
    if ((r = jamount(comp, "UsedAmount", &ch->quantity, why, whysz))) {
        rw_row_warn(w, "%s; dropped", r);
        ch->quantity = NAN;
    }
    /* The split is kept or dropped whole (see tencent_bill.c). */
    if ((r = jamount(comp, "CashPayAmount", &ch->cash, why, whysz)) ||
        (r = jamount(comp, "IncentivePayAmount", &ch->incentive, why, whysz)) ||
        (r = jamount(comp, "VoucherPayAmount", &ch->voucher, why, whysz)) ||
        (r = jamount(comp, "TransferPayAmount", &ch->transfer, why, whysz))) {
        rw_row_warn(w, "%s; the payment split (cash, gift, voucher, commission) dropped", r);
        ch->cash = ch->incentive = ch->voucher = ch->transfer = NAN;
    }
    ch->effective = ch->billed;
    ch->start = ii->start;
    ch->end = ii->end;
    ch->provider = RW_TC_PROVIDER;
    const json_t *cur = json_object_get(item, "Currency");
    ch->currency = "CNY";
    if (json_is_string(cur) && *json_string_value(cur)) {
        const char *c = json_string_value(cur);
        if (strlen(c) != 3 || strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3) {
            snprintf(why, whysz, "Currency '%.40s' is not an ISO 4217 code", c);
            return why;
        }
        ch->currency = c;
    }
    char buf[32], (*num)[32] = ii->num;
    ch->billing_account = jtext(item, "PayerUin", num[F_PAYER], sizeof num[0]);
    if (!*ch->billing_account && a->opts->account) ch->billing_account = a->opts->account;
    ch->sub_account = jtext(item, "OwnerUin", num[F_OWNER], sizeof num[0]);
    ch->service = jtext2(item, "BusinessCodeName", "BusinessCode", num[F_SERVICE], sizeof num[0]);
    ch->service_category =
        jtext2(item, "ProductCodeName", "ProductCode", num[F_CATEGORY], sizeof num[0]);
    ch->region = jtext2(item, "RegionName", "RegionId", num[F_REGION], sizeof num[0]);
    ch->resource = jtext(item, "ResourceId", num[F_RESOURCE], sizeof num[0]);
    ch->unit = jtext(comp, "UsedAmountUnit", num[F_UNIT], sizeof num[0]);
    /* The mode and type texts are only classified, so buf may be reused. */
    ch->charge_frequency = rw_tencent_frequency(jtext2(item, "PayModeName", "PayMode", buf, sizeof buf));
    ch->charge_category =
        rw_tencent_category(jtext2(item, "ActionTypeName", "ActionType", buf, sizeof buf),
                            ch->billed);
    ch->tags = ii->tags;
    if (!rw_charge_dims_fit(ch)) {
        /* Checked here so the whole item is rejected, not some components. */
        snprintf(why, whysz, "dimension values longer than %d bytes", RW_CHARGE_DIMS_MAX);
        return why;
    }
    const char *txt[12] = {ch->provider, ch->billing_account, ch->sub_account, ch->service,
                           ch->service_category, ch->region, ch->resource, ch->charge_category,
                           ch->charge_frequency, ch->currency, ch->unit, ch->tags};
    for (int i = 0; i < 12; i++)
        if (!rw_utf8_valid(txt[i])) return "text is not valid UTF-8";
    if (!rw_charge_amounts_fit(ch)) {
        snprintf(why, whysz, "an amount is beyond +-%g", RW_AMOUNT_MAX);
        return why;
    }
    return NULL;
}

/* Records the warnings `w` about DetailSet item `i` (component *j, or the
 * item itself when j is NULL), the item's text as the raw record. Returns
 * 1 when the sink took them all (*st RW_OK). */
static int emit_warnings(api_ctx *a, const json_t *item, size_t i, const size_t *j,
                         const rw_row_warnings *w, rw_status *st)
{
    char *raw = w->n ? raw_text(item) : NULL;
    for (int k = 0; k < w->n && *st == RW_OK; k++) {
        char reason[RW_ROW_WARN_LEN + 80];
        if (j)
            snprintf(reason, sizeof reason, "%sDetailSet[%zu].ComponentSet[%zu]: %s", a->where, i,
                     *j, w->text[k]);
        else
            snprintf(reason, sizeof reason, "%sDetailSet[%zu]: %s", a->where, i, w->text[k]);
        *st = rw_sink_warn(a->sink, a->line, reason, raw ? raw : "", raw ? strlen(raw) : 0);
    }
    free(raw);
    return *st == RW_OK;
}

/* One DetailSet item: validates all components, then emits them. */
static rw_status detail_item(api_ctx *a, const json_t *item, size_t i)
{
    char why[200];
    item_info ii;
    memset(&ii, 0, sizeof ii);
    rw_status st = RW_OK;
    a->sink->row(a->sink->ctx);
    if (!json_is_object(item)) {
        st = reject(a, item, "%sDetailSet[%zu] is not an object", a->where, i);
        goto out;
    }
    const char *r = item_read(a, item, &ii, why, sizeof why);
    if (r) {
        st = reject(a, item, "%sDetailSet[%zu]: %s", a->where, i, r);
        goto out;
    }
    const json_t *comps = json_object_get(item, "ComponentSet");
    if (!json_is_array(comps) || json_array_size(comps) == 0) {
        st = reject(a, item, "%sDetailSet[%zu]: ComponentSet is missing or empty", a->where, i);
        goto out;
    }
    rw_charge ch;
    /* Pass 0 checks every component, pass 1 emits: an item is kept or
     * rejected whole. Warnings are emitted with the kept item only. */
    for (int pass = 0; pass < 2 && st == RW_OK; pass++) {
        size_t j;
        const json_t *comp;
        json_array_foreach(comps, j, comp) {
            rw_row_warnings w;
            rw_row_warn_init(&w);
            r = component(a, item, comp, &ii, &ch, &w, why, sizeof why);
            if (r) {
                st = reject(a, item, "%sDetailSet[%zu].ComponentSet[%zu]: %s", a->where, i, j, r);
                goto out;
            }
            if (pass == 0) continue;
            if (j == 0 && !emit_warnings(a, item, i, NULL, &ii.warn, &st)) goto out;
            if (!emit_warnings(a, item, i, &j, &w, &st)) goto out;
            if ((st = a->sink->charge(a->sink->ctx, a->line, &ch)) != RW_OK) goto out;
        }
    }
out:
    free(ii.tags_owned);
    return st;
}

/* The observation time of a balance: FetchedAt, else the file time. Returns
 * a reject reason or NULL. */
static const char *balance_at(const api_ctx *a, const json_t *wrap, const json_t *resp,
                              int64_t *at, char *why, size_t whysz)
{
    const json_t *v = json_object_get(wrap, "FetchedAt");
    if (!v) v = json_object_get(resp, "FetchedAt");
    if (json_is_integer(v)) {
        *at = (int64_t)json_integer_value(v);
        return NULL;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (rw_time_parse(s, strlen(s), a->naive, at) == RW_OK) return NULL;
        snprintf(why, whysz, "FetchedAt '%.40s' is not a timestamp", s);
        return why;
    }
    if (v && !json_is_null(v)) return "FetchedAt is neither a timestamp nor epoch seconds";
    if (a->in->mtime > 0) {
        *at = a->in->mtime;
        return NULL;
    }
    return "no FetchedAt and no file time: cannot tell when the balance was observed";
}

/* One DescribeAccountBalance response. */
static rw_status balance(api_ctx *a, const json_t *wrap, const json_t *resp)
{
    char why[200], buf[32];
    a->sink->row(a->sink->ctx);
    rw_balance b;
    double cents;
    const char *key = "RealBalance";
    const json_t *rb = json_object_get(resp, key);
    if (!rb || json_is_null(rb)) key = "Balance";
    const char *r = jamount(resp, key, &cents, why, sizeof why);
    if (!r && isnan(cents)) r = "RealBalance and Balance are empty";
    if (!r) r = balance_at(a, wrap, resp, &b.at, why, sizeof why);
    if (r) return reject(a, resp, "%sDescribeAccountBalance: %s", a->where, r);
    b.amount = cents / 100.0;
    b.account = jtext(resp, "Uin", buf, sizeof buf);
    if (!*b.account) b.account = a->opts->account ? a->opts->account : "";
    if ((r = rw_account_why(b.account, why, sizeof why)) != NULL)
        return reject(a, resp, "%sDescribeAccountBalance: %s", a->where, r);
    const json_t *cur = json_object_get(resp, "Currency");
    b.currency = json_is_string(cur) && strlen(json_string_value(cur)) == 3
                     ? json_string_value(cur)
                     : "CNY";
    return a->sink->balance(a->sink->ctx, a->line, &b);
}

/* Kind of a DescribeBillList ActionType, and the sign its amount takes. */
static rw_ledger_kind ledger_kind(const char *action, int *sign)
{
    static const struct {
        const char *action;
        rw_ledger_kind kind;
        int sign;
    } map[] = {{"deduct", RW_LEDGER_DEDUCT, -1},   {"recharge", RW_LEDGER_RECHARGE, 1},
               {"return", RW_LEDGER_REFUND, 1},    {"refund", RW_LEDGER_REFUND, 1},
               {"block", RW_LEDGER_FREEZE, -1},    {"unblock", RW_LEDGER_UNFREEZE, 1},
               {"agentin", RW_LEDGER_TRANSFER, 1}, {"agentout", RW_LEDGER_TRANSFER, -1}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(action, map[i].action) == 0) {
            *sign = map[i].sign;
            return map[i].kind;
        }
    *sign = 0;
    return RW_LEDGER_OTHER;
}

/* Reads a fen amount member into yuan; `required` makes absence a reason.
 * Returns a reject reason or NULL. */
static const char *jfen(const json_t *obj, const char *key, int required, double *out, char *why,
                        size_t whysz)
{
    const char *r = jamount(obj, key, out, why, whysz);
    if (r) return r;
    if (isnan(*out)) {
        if (!required) return NULL;
        snprintf(why, whysz, "%s is empty", key);
        return why;
    }
    if (!(fabs(*out) <= RW_AMOUNT_MAX * 100)) {
        snprintf(why, whysz, "%s is beyond +-%g", key, RW_AMOUNT_MAX);
        return why;
    }
    *out /= 100.0;
    return NULL;
}

/* One TransactionList element. */
static rw_status ledger_tx(api_ctx *a, const json_t *v, size_t i, const char *account)
{
    char why[200], tbuf[40], abuf[40], ibuf[64], obuf[32], idbuf[200];
    a->sink->row(a->sink->ctx);
    if (!json_is_object(v))
        return reject(a, v, "%sTransactionList[%zu] is not an object", a->where, i);
    rw_ledger_tx tx;
    memset(&tx, 0, sizeof tx);
    const char *r = NULL, *when = jtext(v, "OperationTime", tbuf, sizeof tbuf);
    if (!*when) r = "OperationTime is empty";
    else if (rw_time_parse(when, strlen(when), a->naive, &tx.at) != RW_OK) {
        snprintf(why, sizeof why, "OperationTime '%.40s' is not a timestamp", when);
        r = why;
    }
    if (!r) r = jfen(v, "Amount", 1, &tx.amount, why, sizeof why);
    if (!r) r = jfen(v, "Balance", 1, &tx.balance, why, sizeof why);
    if (!r) r = jfen(v, "Cash", 0, &tx.cash, why, sizeof why);
    if (!r) r = jfen(v, "Incentive", 0, &tx.incentive, why, sizeof why);
    if (!r) r = jfen(v, "Freezing", 0, &tx.freezing, why, sizeof why);
    if (r) return reject(a, v, "%sTransactionList[%zu]: %s", a->where, i, r);
    tx.action = jtext(v, "ActionType", abuf, sizeof abuf);
    int sign;
    tx.kind = ledger_kind(tx.action, &sign);
    if (sign && tx.amount * sign < 0) tx.amount = -tx.amount;
    tx.id = jtext(v, "BillId", ibuf, sizeof ibuf);
    if (!*tx.id) {
        /* No id: the transaction's own content identifies it. */
        char am[32];
        snprintf(am, sizeof am, "%s", jtext(v, "Amount", obuf, sizeof obuf));
        snprintf(idbuf, sizeof idbuf, "%s|%s|%s|%s", when, tx.action, am,
                 jtext(v, "Balance", obuf, sizeof obuf));
        tx.id = idbuf;
    }
    const json_t *info = json_object_get(v, "OperationInfo");
    tx.info = json_is_string(info) ? json_string_value(info) : "";
    tx.account = account;
    if ((r = rw_account_why(account, why, sizeof why)) != NULL)
        return reject(a, v, "%sTransactionList[%zu]: %s", a->where, i, r);
    tx.currency = "CNY";
    return a->sink->ledger(a->sink->ctx, a->line, &tx);
}

/* One response object (wrapped or not). */
static rw_status response(api_ctx *a, const json_t *obj)
{
    const json_t *resp = json_object_get(obj, "Response");
    if (!resp) resp = obj;
    if (!json_is_object(resp))
        return rw_error_set(a->err, RW_EFORMAT, a->in->name, a->line,
                            "%sResponse is not a JSON object", a->where);
    const json_t *e = json_object_get(resp, "Error");
    if (e) {
        char b1[32], b2[32], b3[32];
        return rw_error_set(a->err, RW_EFORMAT, a->in->name, a->line,
                            "%sthe API returned an error: %s: %s (RequestId %s)", a->where,
                            jtext(e, "Code", b1, sizeof b1), jtext(e, "Message", b2, sizeof b2),
                            jtext(resp, "RequestId", b3, sizeof b3));
    }
    const json_t *txs = json_object_get(resp, "TransactionList");
    if (txs) {
        if (!json_is_null(txs) && !json_is_array(txs))
            return rw_error_set(a->err, RW_EFORMAT, a->in->name, a->line,
                                "%sTransactionList is not an array", a->where);
        if (!a->sink->ledger)
            return rw_error_set(a->err, RW_EFORMAT, a->in->name, a->line,
                                "%sa DescribeBillList ledger cannot be read here", a->where);
        /* The ledger names no account: a "Uin" beside "Response" (as a
         * balance response has), else --account. */
        const json_t *uin = obj != resp ? json_object_get(obj, "Uin") : NULL;
        const char *account = json_is_string(uin) ? json_string_value(uin)
                              : a->opts->account ? a->opts->account
                                                 : "";
        size_t i;
        const json_t *tx;
        json_array_foreach(txs, i, tx) {
            rw_status st = ledger_tx(a, tx, i, account);
            if (st != RW_OK) return st;
        }
        return RW_OK;
    }
    const json_t *details = json_object_get(resp, "DetailSet");
    int is_balance = json_object_get(resp, "RealBalance") || json_object_get(resp, "Balance");
    if (!details && !is_balance)
        return rw_error_set(a->err, RW_EFORMAT, a->in->name, a->line,
                            "%snot a DescribeBillDetail, DescribeAccountBalance or"
                            " DescribeBillList response (no DetailSet, Balance,"
                            " TransactionList or Error)",
                            a->where);
    if (details && !json_is_null(details) && !json_is_array(details))
        return rw_error_set(a->err, RW_EFORMAT, a->in->name, a->line,
                            "%sDetailSet is not an array", a->where);
    rw_status st = RW_OK;
    size_t i;
    const json_t *item;
    json_array_foreach(details, i, item) {
        if ((st = detail_item(a, item, i)) != RW_OK) return st;
    }
    if (is_balance) st = balance(a, obj, resp);
    return st;
}

/* One top-level JSON value: a response or an array of responses. */
static rw_status top_value(api_ctx *a, const json_t *v)
{
    a->where[0] = '\0';
    if (json_is_object(v)) return response(a, v);
    size_t i;
    const json_t *el;
    json_array_foreach(v, i, el) {
        snprintf(a->where, sizeof a->where, "[%zu].", i);
        if (!json_is_object(el))
            return rw_error_set(a->err, RW_EFORMAT, a->in->name, a->line,
                                "array element %zu is not a JSON object", i);
        rw_status st = response(a, el);
        if (st != RW_OK) return st;
    }
    return RW_OK;
}

rw_status rw_parse_tencent_api(rw_input *in, const rw_ingest_opts *opts, rw_sink *sink,
                               rw_error *err)
{
    api_ctx a = {in, opts, sink, err, rw_ingest_naive_offset(opts, RW_FMT_TENCENT_API), 1, ""};
    char *text = NULL;
    size_t len = 0, off = 0, nvalues = 0;
    long line = 1;
    char big[80];
    snprintf(big, sizeof big, "JSON input larger than %u MiB; split it into pages",
             RW_API_MAX_BYTES >> 20);
    rw_status st = rw_input_read_all(in, RW_API_MAX_BYTES, big, &text, &len, err);
    if (st != RW_OK) goto out;
    for (;;) {
        while (off < len && (text[off] == ' ' || text[off] == '\t' || text[off] == '\r' ||
                             text[off] == '\n'))
            line += text[off++] == '\n';
        if (off >= len) break;
        json_error_t je;
        json_t *v = json_loadb(text + off, len - off, JSON_DISABLE_EOF_CHECK, &je);
        if (!v) {
            st = rw_error_set(err, RW_EFORMAT, in->name, line + (je.line > 0 ? je.line - 1 : 0),
                              "not valid JSON: %s", je.text);
            goto out;
        }
        a.line = line;
        st = top_value(&a, v);
        json_decref(v);
        if (st != RW_OK) goto out;
        size_t used = je.position > 0 ? (size_t)je.position : len - off;
        if (used > len - off) used = len - off;
        for (size_t k = off; k < off + used; k++) line += text[k] == '\n';
        off += used;
        nvalues++;
    }
    if (nvalues == 0) st = rw_error_set(err, RW_EFORMAT, in->name, 1, "no JSON value in the input");
out:
    free(text);
    return st;
}
