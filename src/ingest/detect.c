/* detect.c: format names and content-based format detection.
 *
 * Detection reads only the first line (or the first bytes for JSON) already
 * in the input buffer; headers are matched on columns only one format has.
 * The one exception: a Tencent Cloud bill header is also looked for on the
 * first TENCENT_SCAN_LINES lines, as the console export may put title rows
 * before it. Column names are compared folded (sniff.h) where exports from
 * query engines rewrite them: "billedcost", "BILLED_COST",
 * "LINE_ITEM_UNBLENDED_COST". The input layer has already unzipped,
 * transcoded and found the separator (input.h); when nothing matches, the
 * message says what the file is and what to do. */
#include <stdio.h>
#include <string.h>
#include "ingest/ingest.h"
#include "ingest/sniff.h"
#include "util/strutil.h"
#include "util/timeutil.h"

static const char *const names[] = {"auto",    "focus",   "tencent-bill", "tencent-api",
                                    "aws-cur", "cos-log", "s3-log",       "series",
                                    "azure",   "oci"};

const char *rw_format_name(rw_format f)
{
    return names[f];
}

rw_status rw_format_parse(const char *name, rw_format *out)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (rw_format)i;
            return RW_OK;
        }
    return RW_EINVAL;
}

rw_parse_fn rw_format_parser(rw_format f)
{
    switch (f) {
    case RW_FMT_FOCUS: return rw_parse_focus;
    case RW_FMT_TENCENT_BILL: return rw_parse_tencent_bill;
    case RW_FMT_TENCENT_API: return rw_parse_tencent_api;
    case RW_FMT_AWS_CUR: return rw_parse_aws_cur;
    case RW_FMT_COS_LOG: return rw_parse_cos_log;
    case RW_FMT_S3_LOG: return rw_parse_s3_log;
    case RW_FMT_SERIES: return rw_parse_series;
    case RW_FMT_AZURE: return rw_parse_azure;
    case RW_FMT_OCI: return rw_parse_oci;
    case RW_FMT_AUTO: break;
    }
    return NULL;
}

int64_t rw_ingest_naive_offset(const rw_ingest_opts *opts, rw_format f)
{
    if (opts->naive_offset != RW_OFFSET_DEFAULT) return opts->naive_offset;
    return (f == RW_FMT_TENCENT_BILL || f == RW_FMT_TENCENT_API) ? RW_BEIJING_OFFSET : 0;
}

static int has(const char *line, const char *needle)
{
    return strstr(line, needle) != NULL;
}

/* A Tencent Cloud bill-detail header line (Chinese or English). */
static int tencent_header(const char *l)
{
    return has(l, "\xe4\xba\xa7\xe5\x93\x81\xe5\x90\x8d\xe7\xa7\xb0") /* 产品名称 */
           || (has(l, "Product Name") && has(l, "Transaction Type")) ||
           has(l, "\xe8\xb4\xa6\xe5\x8d\x95\xe6\x9c\x88\xe4\xbb\xbd") /* 账单月份 */;
}

#define TENCENT_SCAN_LINES 10 /* lines searched for a Tencent bill header */

/* A Tencent Cloud bill header on one of the lines from buf[i] on. */
static int tencent_after_preamble(const rw_input *in, size_t i)
{
    char line[4096];
    for (int n = 0; n < TENCENT_SCAN_LINES && i < in->len; n++, i++) {
        size_t o = 0;
        for (; i < in->len && in->buf[i] != '\n'; i++)
            if (o + 1 < sizeof line) line[o++] = in->buf[i];
        line[o] = '\0';
        if (tencent_header(line)) return 1;
    }
    return 0;
}

/* A FOCUS header: BilledCost and ChargePeriodStart in any case or spacing
 * ("billed_cost", "BILLEDCOST"). */
static int focus_header(const char *l)
{
    char f[4096];
    rw_name_fold(l, strlen(l), f, sizeof f);
    return has(f, "billedcost") && has(f, "chargeperiodstart");
}

/* An AWS CUR header: legacy "lineItem/..." or CUR 2.0 "line_item_..." in
 * any case (Athena lower-cases the first, Snowflake upper-cases the second). */
static int cur_header(const char *l)
{
    char low[4096];
    size_t i = 0;
    for (; l[i] && i + 1 < sizeof low; i++)
        low[i] = (char)(l[i] >= 'A' && l[i] <= 'Z' ? l[i] - 'A' + 'a' : l[i]);
    low[i] = '\0';
    return has(low, "lineitem/") || has(low, "line_item_");
}

/* The series header "series,timestamp,value" with the file's separator. */
static int series_header(const char *l, char d)
{
    char want[32];
    snprintf(want, sizeof want, "series%ctimestamp%cvalue", d, d);
    return strncmp(l, want, strlen(want)) == 0;
}

/* A COS access log line: starts with an event version such as "1.0" and has
 * a bucket name then a region such as "ap-guangzhou". */
static int looks_cos(const char *l)
{
    if (!(l[0] >= '0' && l[0] <= '9' && l[1] == '.')) return 0;
    return has(l, " ap-") || has(l, " na-") || has(l, " eu-") || has(l, " sa-");
}

/* An S3 server access log line: owner id, bucket, then "[dd/Mon/yyyy:". */
static int looks_s3(const char *l)
{
    const char *b = strchr(l, '[');
    return b && strlen(b) > 13 && b[3] == '/' && b[7] == '/' && b[12] == ':' && strchr(b, ']');
}

/* What a file whose first bytes are `b` (n of them) is, when it is a
 * well-known binary format people mistake for an export; NULL otherwise. */
static const char *binary_kind(const unsigned char *b, size_t n)
{
    if (n >= 4 && memcmp(b, "%PDF", 4) == 0) return "a PDF document, not a bill export";
    if (n >= 4 && memcmp(b, "\xD0\xCF\x11\xE0", 4) == 0)
        return "an Excel 97-2003 workbook (.xls), not a CSV file: open it in Excel and save as "
               "\"CSV UTF-8\"";
    if (n >= 15 && memcmp(b, "SQLite format 3", 15) == 0)
        return "an SQLite database, not a bill export (a runway store? use --db)";
    if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
        return "gzip data inside a ZIP archive: unzip it, then ingest the .gz file";
    return NULL;
}

/* The error for a first line `line` (o bytes, cut at cap) no rule
 * matched: what the file is (ZIP entry, binary kind, UTF-16, separator)
 * and what to do. */
static rw_status undetected(const rw_input *in, const char *line, size_t o, size_t cap,
                            rw_error *err)
{
    char entry[240] = "";
    if (in->entry[0]) snprintf(entry, sizeof entry, " (the ZIP entry %.200s)", in->entry);
    const char *kind = binary_kind((const unsigned char *)in->buf + in->pos, in->len - in->pos);
    if (kind)
        return rw_error_set(err, RW_EFORMAT, in->name, 1, "cannot tell the format%s: %s", entry,
                            kind);
    if (memchr(line, '\0', o) || (!rw_utf8_valid(line) && o + 4 < cap))
        /* (a line cut at the buffer size may end inside a character) */
        return rw_error_set(err, RW_EFORMAT, in->name, 1,
                            "cannot tell the format%s: the first line is not UTF-8 text "
                            "(binary data? a GBK export? convert that with iconv -f GBK -t UTF-8)",
                            entry);
    const char *notes[3];
    size_t nn = 0;
    char ent[220];
    snprintf(ent, sizeof ent, "ZIP entry %.200s", in->entry);
    if (in->entry[0]) notes[nn++] = ent;
    if (in->encoding != RW_ENC_UTF8) notes[nn++] = "UTF-16 text";
    if (in->delim == ';') notes[nn++] = "';'-separated";
    else if (in->delim == '\t') notes[nn++] = "TAB-separated";
    char what[300] = "";
    for (size_t i = 0, at = 0; i < nn && at < sizeof what; i++, at = strlen(what))
        snprintf(what + at, sizeof what - at, "%s%s%s", i ? ", " : " (", notes[i],
                 i + 1 == nn ? ")" : "");
    int shown = (int)(o > 60 ? 60 : o);
    if (shown > 0 && line[shown - 1] == '\r') shown--;
    return rw_error_set(err, RW_EFORMAT, in->name, 1,
                        "cannot tell the format from the first line%s: '%.*s'; use --format "
                        "(focus, tencent-bill, tencent-api, aws-cur, cos-log, s3-log, series, "
                        "azure, oci)",
                        what, shown, line);
}

/* ---- Native exports of other clouds (Azure, OCI, Google Cloud) ---------- */

/* `needle` occurs in `hay`, ignoring ASCII case (Azure's MCA files spell
 * the EA columns in camelCase). */
static int has_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && (hay[i] | 0x20) == (needle[i] | 0x20)) i++;
        if (i == n) return 1;
    }
    return 0;
}

/* An OCI cost report header. It has lineItem/ columns too, so this is
 * asked before the AWS CUR rule. */
static int oci_header(const char *l)
{
    return has(l, "lineItem/referenceNo") || has(l, "cost/myCost") ||
           has(l, "lineItem/intervalUsageStart");
}

/* An Azure cost details header (EA or MCA, actual or amortized). */
static int azure_header(const char *l)
{
    return has_ci(l, "CostInBillingCurrency") ||
           (has_ci(l, "MeterCategory") &&
            (has_ci(l, "SubscriptionId") || has_ci(l, "SubscriptionGuid")));
}

/* A Google Cloud billing export: the BigQuery table's columns flattened
 * to CSV (billing_account_id, service.description...), its JSON rows, or
 * the console's cost table download ("Billing account ID", "SKU
 * description"). */
static int gcp_export(const char *l)
{
    return (has(l, "billing_account_id") &&
            (has(l, "service.description") || has(l, "service_description") ||
             has(l, "usage_start_time") || has(l, "\"service\""))) ||
           (has_ci(l, "Billing account ID") &&
            (has_ci(l, "Service description") || has_ci(l, "SKU description")));
}

static rw_status gcp_refused(const rw_input *in, rw_error *err)
{
    return rw_error_set(err, RW_EFORMAT, in->name, 1,
                        "this is a Google Cloud billing export (the BigQuery billing table or "
                        "the console's cost table), which runway does not read; export FOCUS "
                        "instead: query Google's FOCUS view of the BigQuery billing export and "
                        "save the result as CSV, then ingest that (docs/formats.md)");
}

rw_status rw_format_detect(rw_input *in, rw_format *out, rw_error *err)
{
    /* The first line, copied so detection never modifies the buffer. */
    char line[4096];
    size_t i = in->pos, o = 0;
    while (i < in->len && (in->buf[i] == ' ' || in->buf[i] == '\t' || in->buf[i] == '\n' ||
                           in->buf[i] == '\r'))
        i++;
    if (i < in->len && (in->buf[i] == '{' || in->buf[i] == '[')) {
        char head[4096];
        size_t hn = in->len - i < sizeof head - 1 ? in->len - i : sizeof head - 1;
        memcpy(head, in->buf + i, hn);
        head[hn] = '\0';
        if (memchr(head, '\0', hn) == NULL && gcp_export(head)) return gcp_refused(in, err);
        *out = RW_FMT_TENCENT_API;
        return RW_OK;
    }
    size_t start = i;
    /* Comment lines ("#Version: 1.0" in some log exports) say nothing. */
    for (int skipped = 0; skipped < 20 && i < in->len && in->buf[i] == '#'; skipped++) {
        while (i < in->len && in->buf[i] != '\n') i++;
        while (i < in->len && (in->buf[i] == '\n' || in->buf[i] == '\r')) i++;
    }
    while (i < in->len && in->buf[i] != '\n' && o + 1 < sizeof line) line[o++] = in->buf[i++];
    line[o] = '\0';
    if (o == 0) return rw_error_set(err, RW_EFORMAT, in->name, 0, "empty input");
    if (focus_header(line)) *out = RW_FMT_FOCUS;
    else if (oci_header(line)) *out = RW_FMT_OCI;
    else if (azure_header(line)) *out = RW_FMT_AZURE;
    else if (gcp_export(line)) return gcp_refused(in, err);
    else if (cur_header(line)) *out = RW_FMT_AWS_CUR;
    else if (tencent_header(line)) *out = RW_FMT_TENCENT_BILL;
    else if (series_header(line, in->delim)) *out = RW_FMT_SERIES;
    else if (looks_cos(line)) *out = RW_FMT_COS_LOG;
    else if (looks_s3(line)) *out = RW_FMT_S3_LOG;
    else if (tencent_after_preamble(in, start)) *out = RW_FMT_TENCENT_BILL;
    else return undetected(in, line, o, sizeof line, err);
    return RW_OK;
}
