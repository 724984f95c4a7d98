/* runway.h: the public interface of librunway, consumption forecasting for
 * prepaid cloud accounts.
 *
 * The one header a program includes. Its shape:
 *   - rw_global_init() once per process, before any thread starts;
 *   - an rw_session: one store (an SQLite file) and where notes go; each
 *     call reads one consistent snapshot of the store;
 *   - one entry point per use case (ingest, select series, forecast,
 *     backtest, run-out, thresholds, budget, anomalies, report, alerts,
 *     fetch, the unattended run), each taking an options struct filled by
 *     its _init function, returning an rw_status and, on failure, an
 *     rw_error with the context (file:line, what is wrong);
 *   - results as opaque objects with one writer each (text, JSON, CSV or
 *     Prometheus rules on a FILE *), freed by their _free function, which
 *     accepts NULL.
 *
 * Ownership: strings and arrays in option structs are borrowed for the
 * duration of the call. Results belong to the caller. Nothing here keeps a
 * pointer to the caller's data after returning.
 *
 * Units: money in currency units (yuan, dollars; never cents), instants
 * in seconds since 1970-01-01T00:00:00Z (UTC).
 *
 * Days, weeks and months are those of the selection's reporting time zone
 * (rw_selection.tz: UTC, or Beijing time for Tencent Cloud bills). Bucket
 * starts, as-of days, period bounds, planned top-up dates and the dates
 * results give are "local seconds": the zone's wall-clock time counted as
 * if it were UTC, so 00:00 of 2019-06-01 in Beijing is 1559347200 (the
 * value of 2019-06-01T00:00Z). With UTC, the default for most data, local
 * seconds are plain UTC seconds. Instants observed by machines (a balance
 * snapshot's time, the alert clock, ingest times) stay UTC and are
 * converted by the library where they meet days.
 *
 * Threads: a session is used by one thread at a time; different sessions
 * may be used concurrently. The library starts worker threads of its own
 * (parallel forecasts, the ingest pipeline) and joins them before a call
 * returns.
 *
 * Compile and link with `pkg-config --cflags --libs runway`. */
#ifndef RUNWAY_H
#define RUNWAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define RW_API __attribute__((visibility("default")))
#else
#define RW_API
#endif

/* ==== Status and errors ==================================================== */

/* The one status enum. Values are never renumbered: scripts may store them. */
typedef enum rw_status {
    RW_OK = 0,
    RW_ENOMEM = 1,     /* allocation failed */
    RW_EIO = 2,        /* reading or writing a file failed */
    RW_EDB = 3,        /* the store reported an error */
    RW_EFORMAT = 4,    /* input could not be read as the expected format */
    RW_EINVAL = 5,     /* bad argument from the caller or the user */
    RW_ENOTFOUND = 6,  /* a named thing (series, account, file) does not exist */
    RW_EDUPLICATE = 7, /* the input was already ingested; nothing was added */
    RW_ENUMERIC = 8,   /* a numerical routine failed (no convergence) */
    RW_ENET = 9,       /* network transfer failed */
    RW_EREJECTED = 10, /* strict mode: a bad row stopped the operation */
    RW_ESHORT = 11,    /* not enough data to answer */
    RW_EPARTIAL = 12,  /* some items (series, deliveries, steps) failed, the rest
                        * is in the result; the messages said which */
    RW_EBUSY = 13,     /* another process holds the lock */
    RW_EDISCREPANCY = 14, /* figures that must agree do not (reconciliation);
                           * the result says where */
} rw_status;

/* A static, human-readable description of `st`. Never NULL. */
RW_API const char *rw_strerror(rw_status st);

#define RW_ERROR_TEXT 512

/* Context of a failure, filled by the call that failed. The caller owns it
 * (usually on the stack); the first error recorded wins. */
typedef struct rw_error {
    rw_status status;         /* what failed (RW_OK: nothing recorded) */
    char file[256];           /* input file name, "" when not about a file */
    long line;                /* 1-based line in `file`, 0 when unknown */
    char text[RW_ERROR_TEXT]; /* what is wrong, one line; may be "" when the
                               * cause was already reported as messages */
} rw_error;

/* Records an error about `file`:`line` (file may be NULL, line 0) unless
 * one is recorded already, and returns `st`; err may be NULL. */
RW_API rw_status rw_error_set(rw_error *err, rw_status st, const char *file, long line,
                              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Resets `err` to "no error"; NULL is allowed. */
RW_API void rw_error_clear(rw_error *err);
/* "FILE:LINE: text", "FILE: text" or "text" (rw_strerror when empty). */
RW_API void rw_error_format(const rw_error *err, char *out, size_t size);

/* ==== The process and the session ========================================== */

/* Process-wide set-up, once, before any other call and before threads
 * start: numerical error handling (GSL's aborting handler off), SQLite's
 * global settings, libcurl's global initialisation. RW_ENET when libcurl
 * cannot start. */
RW_API rw_status rw_global_init(rw_error *err);
/* Undoes rw_global_init at the end of the process. */
RW_API void rw_global_cleanup(void);
/* "MAJOR.MINOR.PATCH". */
RW_API const char *rw_version(void);

/* Text from data shown to people (terminals, logs): every character that
 * must not reach them raw (control characters, DEL, C1 controls, line and
 * paragraph separators, direction overrides such as U+202E, malformed
 * UTF-8) is written in a visible form: "\xHH" for a single byte (ESC is
 * "\x1B"), "\uHHHH" for a code point (U+202E is "\u202E"); other text,
 * Chinese included, is unchanged. The library's text writers do this for
 * their data; a program printing a message or an error uses these. */
/* Writes the NUL-terminated `s` to `out` so; the ASCII characters listed in
 * `keep` (NULL for none, "\n" to keep line breaks) are written as they are. */
RW_API void rw_text_fput_keep(const char *s, const char *keep, FILE *out);
/* `s` itself when it needs no escaping, else `buf` (`size` >= 1 bytes) holding
 * it escaped, cut at a character boundary with "..." when it does not fit. */
RW_API const char *rw_text_esc(const char *s, char *buf, size_t size);

typedef struct rw_session rw_session;

/* What a message is: a note about the data ("the last day is covered only
 * in part"), plain information ("resuming at item 100"), or a warning
 * about something that failed while the rest went on ("series 'x': ...").
 * The command line prints notes and information unless --quiet, warnings
 * always, details with --verbose. */
typedef enum rw_message_level {
    RW_MSG_NOTE,    /* about the data */
    RW_MSG_INFO,    /* what is being done */
    RW_MSG_WARNING, /* something failed, the rest went on */
    RW_MSG_DETAIL,  /* more detail, for --verbose */
} rw_message_level;

/* Receives a message (one line of UTF-8, no newline). Called on the
 * thread that made the call. */
typedef void (*rw_message_fn)(void *ctx, rw_message_level level, const char *text);

typedef struct rw_session_opts {
    const char *db;        /* the store, an SQLite file (created when needed);
                            * NULL: "runway.db" */
    rw_message_fn message; /* where messages go; NULL: they are dropped */
    void *message_ctx;
} rw_session_opts;

/* Opens a session. The store is opened on first use, so calls that read
 * only a series file never create it. *out is the caller's
 * (rw_session_close). */
RW_API rw_status rw_session_open(const rw_session_opts *o, rw_session **out, rw_error *err);
/* Closes the session and its store connection; NULL is allowed. */
RW_API void rw_session_close(rw_session *s);
/* The store's path, as given or defaulted. */
RW_API const char *rw_session_db(const rw_session *s);

/* The longest account id (bytes of UTF-8): longer ids are refused where
 * they come in (a balance or ledger row is rejected, a flag is a usage
 * error), so an account is always found under the id it was given. Real
 * ids are far shorter: a Tencent Cloud UIN has 12 or 13 digits, an AWS
 * account 12, an OCI tenancy OCID about 90 characters. */
#define RW_ACCOUNT_MAX 255

/* RW_OK when `account` can name an account (at most RW_ACCOUNT_MAX bytes);
 * RW_EINVAL with the reason otherwise. NULL and "" (the default account)
 * are fine. */
RW_API rw_status rw_account_check(const char *account, rw_error *err);

#define RW_DAY 86400 /* seconds */
#define RW_HOUR 3600

/* ==== Values given by people ============================================== */
/* Parsers for what a user types, the syntax the command line accepts. Each
 * returns RW_EINVAL with a short text in err ("'x' is not a number") when
 * the text is not valid, without the option's name. */

/* A finite decimal number ("1,234.5", "-3e2"). */
RW_API rw_status rw_parse_amount(const char *text, double *out, rw_error *err);
/* A base-10 integer in [lo, hi]; `what` names the expected value in the
 * error ("'x' is not WHAT"). */
RW_API rw_status rw_parse_count(const char *text, int64_t lo, int64_t hi, const char *what,
                                int64_t *out, rw_error *err);
/* A date (YYYY-MM-DD) or ISO 8601 time, UTC unless it has a zone. With
 * end_inclusive a bare date means the end of that day, and a time the
 * second after it (for "--to" bounds). */
RW_API rw_status rw_parse_when(const char *text, int end_inclusive, int64_t *out, rw_error *err);
/* A month "YYYY-MM": its first day. */
RW_API rw_status rw_parse_month(const char *text, int64_t *out, rw_error *err);
/* The start (00:00 UTC) of the month after the one holding t. */
RW_API int64_t rw_month_next(int64_t t);
/* A zone offset "+08:00", "-0530", "Z" or "UTC" into seconds east of UTC. */
RW_API rw_status rw_parse_offset(const char *text, int64_t *out, rw_error *err);
/* A duration "90s", "30m", "6h", "1d" or plain seconds. */
RW_API rw_status rw_parse_duration(const char *text, int64_t *out, rw_error *err);
/* An ISO 4217 code, three letters, into out (upper case). */
RW_API rw_status rw_parse_currency(const char *text, char out[4], rw_error *err);

/* The language of the text results people read (run-out, thresholds,
 * arrears, the report, alert messages). It is an option of each call, never
 * a process-wide setting: the library reads no locale and no environment.
 * JSON keys, state names and CSV columns are the same in every language. */
typedef enum rw_lang {
    RW_LANG_EN = 0, /* English, the default (the value of a zeroed option) */
    RW_LANG_ZH = 1, /* Simplified Chinese (zh-CN) */
} rw_lang;

/* A language from a tag or a locale name: "en", "en-US", "C", "POSIX" ->
 * RW_LANG_EN; "zh", "zh-CN", "zh_CN.UTF-8", "zh-Hans" -> RW_LANG_ZH (any
 * value starting "zh", any case, is Chinese; "en..." and "C..." English).
 * RW_EINVAL for anything else ("'fr' is not a language (en, zh-CN)"). */
RW_API rw_status rw_lang_parse(const char *text, rw_lang *out, rw_error *err);
/* The BCP 47 tag of a language: "en" or "zh-CN". */
RW_API const char *rw_lang_tag(rw_lang lang);

/* ==== Selecting series ===================================================== */

typedef enum rw_granularity {
    RW_GRAN_HOUR,
    RW_GRAN_DAY,
    RW_GRAN_WEEK,  /* ISO weeks, starting Monday 00:00 (local) */
    RW_GRAN_MONTH,
} rw_granularity;

typedef enum rw_metric {
    RW_METRIC_COST,      /* BilledCost of charges */
    RW_METRIC_EFFECTIVE, /* EffectiveCost of charges (amortised) */
    RW_METRIC_USAGE,     /* ConsumedQuantity of charges in one unit */
    RW_METRIC_REQUESTS,  /* access-log requests */
    RW_METRIC_EGRESS,    /* access-log bytes sent (user + CDN) */
    RW_METRIC_STORAGE,   /* access-log net change of stored bytes */
    RW_METRIC_POINTS,    /* points of ingested series files, by series name */
    RW_METRIC_DRAWN,     /* what charges drew from the account balance: cash +
                          * gift (incentive) + transfer, vouchers left out;
                          * BilledCost for charges whose bill has no split */
} rw_metric;

typedef enum rw_group {
    RW_BY_NONE,     /* one series, "total" */
    RW_BY_SERVICE,
    RW_BY_ACCOUNT,  /* SubAccountId, else BillingAccountId */
    RW_BY_BILLING_ACCOUNT,
    RW_BY_REGION,
    RW_BY_PROVIDER,
    RW_BY_CATEGORY, /* ChargeCategory */
    RW_BY_TAG,      /* value of one tag key */
    RW_BY_BUCKET,   /* access-log bucket name */
} rw_group;

/* Which series a call works on: every series of a series file
 * (series,timestamp,value), or the store's records aggregated into
 * buckets. Strings are borrowed. */
typedef struct rw_selection {
    const char *input;        /* a series file; NULL: the store */
    const char *series;       /* only the series of this name; NULL: all */
    rw_metric metric;         /* default RW_METRIC_COST */
    const char *unit;         /* RW_METRIC_USAGE: ConsumedUnit */
    const char *metric_text;  /* the metric as given ("cost"), for records */
    int metric_given;         /* set by rw_selection_metric; 0: the default */
    rw_group by;              /* default RW_BY_NONE: one series "total" */
    const char *tag_key;      /* RW_BY_TAG: the key */
    const char *by_text;      /* the grouping as given ("none"), for records */
    rw_granularity granularity; /* default RW_GRAN_DAY */
    int granularity_given;    /* 0: series files infer it from their times */
    int64_t from, to;         /* records at local seconds in [from, to);
                               * INT64_MIN/INT64_MAX: open */
    const char *currency;     /* only charges in this currency; NULL: all */
    const char *account;      /* only charges of this billing or sub-account */
    const char *tz;           /* the reporting time zone of days, weeks and
                               * months: an IANA name ("Asia/Shanghai", from
                               * /usr/share/zoneinfo), "UTC" or an offset
                               * ("+08:00", "UTC+8"). NULL: Asia/Shanghai when
                               * every stored charge (of `account` when set)
                               * is Tencent Cloud's, else UTC. Charge and access-log times are moved to
                               * the zone's wall clock before bucketing; series
                               * files and their points are taken as written.
                               * An unknown or unsafe name is RW_EINVAL. */
    int amortize;             /* store charges: spread each charge over its
                               * charge period [start, end) in proportion to
                               * the seconds in each bucket, up to the end of
                               * the data (the last bucket a charge starts in)
                               * and `to`; charges within one bucket are
                               * unchanged. A cost view: run-out, thresholds,
                               * arrears and alerts (money leaves the balance
                               * when billed) refuse it (RW_EINVAL), the report
                               * applies it to its cost views only. 0: as
                               * billed, at the start of the period */
} rw_selection;

/* Defaults: the store's total daily cost, every currency and account. */
RW_API void rw_selection_init(rw_selection *s);
/* Sets `by` from "service", "account", "billing-account", "region",
 * "provider", "category", "bucket", "none" or "tag:KEY" (KEY borrowed). */
RW_API rw_status rw_selection_by(rw_selection *s, const char *text, rw_error *err);
/* Sets the metric from "cost", "effective-cost", "drawn", "usage:UNIT",
 * "requests", "egress-bytes", "storage-bytes" or "points". */
RW_API rw_status rw_selection_metric(rw_selection *s, const char *text, rw_error *err);
/* Sets the granularity from "hour", "day", "week" or "month". */
RW_API rw_status rw_selection_granularity(rw_selection *s, const char *text, rw_error *err);

/* Series aggregated from the store (opaque). */
typedef struct rw_series_set rw_series_set;

/* The store's series for `sel` (sel->input must be NULL), in the
 * selection's zone (the CSV's hour labels carry its offset, "+08:00";
 * JSON has "tz" when it is not UTC). A gap (a bucket
 * in which nothing at all was recorded) is left out; charges in several
 * currencies are split per currency with a note. *out is the caller's. */
RW_API rw_status rw_series_select(rw_session *s, const rw_selection *sel, rw_series_set **out,
                                  rw_error *err);
/* CSV (series,timestamp,value) or JSON. */
RW_API rw_status rw_series_write(const rw_series_set *set, const rw_selection *sel,
                                 int json, FILE *out, rw_error *err);
RW_API void rw_series_set_free(rw_series_set *set);

/* ==== Ingest ================================================================ */

typedef enum rw_format {
    RW_FMT_AUTO = 0,
    RW_FMT_FOCUS,
    RW_FMT_TENCENT_BILL,
    RW_FMT_TENCENT_API,
    RW_FMT_AWS_CUR,
    RW_FMT_COS_LOG,
    RW_FMT_S3_LOG,
    RW_FMT_SERIES,
    RW_FMT_AZURE,  /* Azure Cost Management cost details (EA, MCA) */
    RW_FMT_OCI,    /* Oracle Cloud cost report */
} rw_format;

/* "auto", "focus", "tencent-bill", "tencent-api", "aws-cur", "cos-log",
 * "s3-log", "series", "azure", "oci". */
RW_API rw_status rw_format_parse(const char *name, rw_format *out);

/* The order of day and month in dates written as "9/10/2024" (spreadsheets
 * and Azure exports write them so). */
typedef enum rw_date_order {
    RW_DATE_AUTO = 0, /* decided from the file's own dates (formats.md) */
    RW_DATE_MDY,      /* month/day/year (United States) */
    RW_DATE_DMY,      /* day/month/year (most other locales) */
} rw_date_order;

/* "auto", "mdy" or "dmy". */
RW_API rw_status rw_date_order_parse(const char *name, rw_date_order *out);

/* rw_ingest_options.naive_offset: each format's own default. */
#define RW_OFFSET_DEFAULT INT64_MIN

typedef struct rw_ingest_options {
    rw_format format;     /* RW_FMT_AUTO: detected from the content */
    const char *account;  /* fills an empty account column; NULL: none */
    int strict;           /* stop at the first bad row; with several files,
                           * nothing from any of them is stored */
    int64_t naive_offset; /* seconds east of UTC of zone-less timestamps;
                           * RW_OFFSET_DEFAULT: UTC, UTC+8 for Tencent Cloud */
    double max_reject_rate; /* a file with every row rejected, or more than this
                             * share (0..1, default 0.5), stores nothing and
                             * fails with RW_EREJECTED */
    int no_supersede;     /* 1: keep every export of a billing period (never
                           * let a newer one replace an older one) */
    const char *currency; /* ISO 4217 code of bills that do not say their
                           * currency (no currency column, or an empty
                           * cell); a currency the bill states always wins.
                           * NULL: none */
    rw_date_order date_order; /* day/month order of slash dates; RW_DATE_AUTO:
                               * decided per file, refused when ambiguous */
} rw_ingest_options;

RW_API void rw_ingest_options_init(rw_ingest_options *o);

/* The outcome of one file (opaque). */
typedef struct rw_ingest_report rw_ingest_report;

typedef struct rw_ingest_callbacks {
    /* `done` of `total` bytes of `path` read (total 0 when unknown). */
    void (*progress)(void *ctx, const char *path, int64_t done, int64_t total);
    /* A file is finished (ingested, already stored, or failed: its error
     * was reported as a warning message). */
    void (*file_done)(void *ctx, const rw_ingest_report *r, rw_status st);
    void *ctx;
} rw_ingest_callbacks;

/* Everything one rw_ingest call did (opaque). */
typedef struct rw_ingest_result rw_ingest_result;

/* Ingests files (a path "-" is stdin), each atomically: all of its records
 * and rejects are stored, or nothing. Content already stored (the same
 * bytes, or the same parsed records re-saved) adds nothing; a bill export
 * replaces earlier exports of its billing periods (docs/formats.md,
 * "Identity, superseding and exit codes"). A file with every row, or more
 * than o->max_reject_rate of them, rejected fails with RW_EREJECTED and
 * stores nothing. Each file's failure is reported as a warning and the next
 * file is read (in strict mode reading stops). Returns the worst status of
 * the files; *out (the caller's, also on failure) holds every file's
 * report. */
RW_API rw_status rw_ingest(rw_session *s, const char *const *paths, size_t n,
                           const rw_ingest_options *o, const rw_ingest_callbacks *cb,
                           rw_ingest_result **out, rw_error *err);
/* A file's summary as text ("path: format, N rows: ..."), with the first
 * three rejected rows, or (verbose) every one kept. */
RW_API rw_status rw_ingest_report_write(const rw_ingest_report *r, int verbose, FILE *out,
                                        rw_error *err);
/* Every file as a JSON array. */
RW_API rw_status rw_ingest_result_write_json(const rw_ingest_result *res, FILE *out,
                                             rw_error *err);
RW_API void rw_ingest_result_free(rw_ingest_result *res);

/* ==== What is stored: sources, rejects, balances, top-ups ================= */

typedef struct rw_source_list rw_source_list;

/* Every ingested file with its row accounting. *out is the caller's. */
RW_API rw_status rw_sources_list(rw_session *s, rw_source_list **out, rw_error *err);
/* Rows rejected at ingest with file:line and reason; of files whose path
 * (as ingested, or its last components) is `path` (NULL: all); at most
 * `limit` (0: all). */
RW_API rw_status rw_rejects_list(rw_session *s, const char *path, long limit,
                                 rw_source_list **out, rw_error *err);
/* Text, JSON, or (rejects) CSV. */
typedef enum rw_output {
    RW_OUT_TEXT,
    RW_OUT_JSON,
    RW_OUT_CSV,
    RW_OUT_PROMETHEUS, /* alerting rules (thresholds) */
} rw_output;
RW_API rw_status rw_source_list_write(const rw_source_list *l, rw_output fmt, FILE *out,
                                      rw_error *err);
RW_API void rw_source_list_free(rw_source_list *l);

typedef struct rw_balance_row {
    char account[RW_ACCOUNT_MAX + 1]; /* "" for the default account */
    int64_t at;        /* when observed */
    double amount;     /* currency units */
    char currency[4];  /* ISO 4217 */
    char origin[8];    /* manual | file | api */
} rw_balance_row;

/* Records a balance snapshot of `account` (NULL: the default account) at
 * `at`; currency NULL: the account's last balance currency, else the single
 * currency of the stored charges. *out (may be NULL) gets the row. */
RW_API rw_status rw_balance_set(rw_session *s, const char *account, int64_t at, double amount,
                                const char *currency, rw_balance_row *out, rw_error *err);
/* The latest snapshot of `account`, or (NULL) of the only account with
 * balances. RW_ENOTFOUND when none; RW_EINVAL when several accounts. */
RW_API rw_status rw_balance_get(rw_session *s, const char *account, rw_balance_row *out,
                                rw_error *err);
/* "AMOUNT CUR at TIME (origin), account A" (or, with `recorded`, the
 * confirmation of a new snapshot), or JSON. */
RW_API rw_status rw_balance_write(const rw_balance_row *b, rw_output fmt, int recorded,
                                  FILE *out, rw_error *err);

typedef enum rw_every { RW_EVERY_ONCE, RW_EVERY_WEEK, RW_EVERY_MONTH } rw_every;

typedef struct rw_topup {
    int64_t id;        /* store id (0 before it is added) */
    char account[RW_ACCOUNT_MAX + 1];
    int64_t at;        /* first (or only) occurrence */
    double amount;     /* > 0 */
    char currency[4];  /* "" when adding: the account's default currency */
    rw_every every;
    int64_t until;     /* last possible occurrence; INT64_MAX: open-ended */
    char note[128];
} rw_topup;

/* Records a planned top-up; sets t->id and, when empty, t->currency. */
RW_API rw_status rw_topup_add(rw_session *s, rw_topup *t, rw_error *err);
/* Removes top-up `id`; RW_ENOTFOUND when there is none. */
RW_API rw_status rw_topup_remove(rw_session *s, int64_t id, rw_error *err);
/* The top-ups of `account` (NULL: all), by time; *list is the caller's
 * (free()). */
RW_API rw_status rw_topups_get(rw_session *s, const char *account, rw_topup **list, size_t *n,
                               rw_error *err);
/* The list (or, with `added`, the confirmation of list[0]) as text or JSON. */
RW_API rw_status rw_topups_write(const rw_topup *list, size_t n, rw_output fmt, int added,
                                 FILE *out, rw_error *err);

/* A dated change of the balance given by a person: a top-up (amount > 0)
 * or a one-off charge (amount < 0), once or repeating. */
typedef struct rw_flow_plan {
    int64_t at;
    double amount;
    rw_every every;
} rw_flow_plan;

/* Parses "AMOUNT@DATE[/week|/month]" (AMOUNT > 0; the sign is the
 * caller's: top-up or charge). */
RW_API rw_status rw_parse_flow(const char *text, rw_flow_plan *out, rw_error *err);

/* ==== Forecasts and their accuracy ========================================== */

#define RW_DEFAULT_SEED 42 /* every simulation: same data, same answer */
#define RW_MAX_LEVELS 8
#define RW_MAX_PERIODS 4

typedef struct rw_forecast_options {
    rw_selection sel;
    const char *model;     /* "auto" (NULL) or snaive, ets, theta, mstl, trend */
    const char *variant;   /* a forced model's form (ets "AAdA", ...), or NULL */
    size_t horizon;        /* steps ahead, 1..100000 */
    size_t nlevels;        /* interval levels; 0: 80 and 95 */
    double levels[RW_MAX_LEVELS]; /* percent, 51..99 */
    unsigned long seed;    /* RW_DEFAULT_SEED */
    size_t npaths;         /* sample paths; 0: 1000 */
    size_t nperiods;       /* seasonal periods in steps; 0: detected */
    double periods[RW_MAX_PERIODS];
    size_t jobs;           /* series in parallel; 0: one per processor */
    size_t origins, step;  /* backtests: rolling origins (3) and steps between them (horizon) */
} rw_forecast_options;

RW_API void rw_forecast_options_init(rw_forecast_options *o);
/* Whether `name` is a model forecast options accept ("auto" included). */
RW_API int rw_model_known(const char *name);

typedef struct rw_forecast_set rw_forecast_set;

/* Forecasts every selected series on o->jobs threads; a forecast made from
 * the store is saved in it (to be scored later). A series that cannot be
 * forecast is reported as a warning. RW_EPARTIAL when some failed or none
 * was selected (err says how many), RW_EINVAL when one failed on a bad
 * option: *out holds the others. Any other failure (the selection could
 * not be read) leaves *out NULL. */
RW_API rw_status rw_forecast_series(rw_session *s, const rw_forecast_options *o,
                                    rw_forecast_set **out, rw_error *err);
/* CSV (series,timestamp,mean,loL,hiL...,model) or JSON with each forecast's
 * explanation. */
RW_API rw_status rw_forecast_set_write(const rw_forecast_set *f, rw_output fmt, FILE *out,
                                       rw_error *err);
RW_API void rw_forecast_set_free(rw_forecast_set *f);

typedef struct rw_backtest_set rw_backtest_set;

/* Rolling-origin accuracy (MASE, sMAPE, interval coverage and MSIS) of
 * every selected series, as rw_forecast_series would forecast it. Outcome
 * statuses as for rw_forecast_series. */
RW_API rw_status rw_backtest_series(rw_session *s, const rw_forecast_options *o,
                                    rw_backtest_set **out, rw_error *err);
/* The forecasts saved in the store (of `series`, NULL: all) scored
 * against the values that arrived since. *out is NULL on failure. */
RW_API rw_status rw_backtest_saved(rw_session *s, const char *series, rw_backtest_set **out,
                                   rw_error *err);
/* A table with the means, or JSON. */
RW_API rw_status rw_backtest_set_write(const rw_backtest_set *b, rw_output fmt, FILE *out,
                                       rw_error *err);
RW_API void rw_backtest_set_free(rw_backtest_set *b);

/* ==== Planning: run-out, thresholds, budgets ================================= */

/* What every planning call starts from: one daily consumption series (a
 * series file's, or the store's cost of one account, in the currency of
 * its balance), the day the balance is known at, and the simulation. */
typedef struct rw_plan_options {
    rw_selection sel;      /* input + series, or account + currency + metric;
                            * metric not given (metric_given 0): what the
                            * balance pays ("drawn") for run-out, thresholds
                            * and alerts when the account's bills say how
                            * charges were paid, else billed cost */
    int64_t as_of;         /* the as-of day (local seconds, sel.tz's day);
                            * INT64_MIN: from the data */
    unsigned long seed;    /* RW_DEFAULT_SEED */
    size_t npaths;         /* simulated paths; 0: 1000 */
    rw_lang lang;          /* the language of the text the result's writers
                            * produce (run-out, thresholds, arrears, the
                            * report, alert messages); RW_LANG_EN */
} rw_plan_options;

RW_API void rw_plan_options_init(rw_plan_options *o);

#define RW_RUNOUT_MAX_FLOWS 64 /* --topup/--charge given per call */

typedef struct rw_runout_options {
    rw_plan_options plan;
    int has_balance;        /* use `balance` (at the end of the as-of day) */
    double balance;         /* else: the store's latest snapshot, carried */
    double credit_limit;    /* the balance may fall to -credit_limit, >= 0 */
    const char *policy;     /* arrears policy: built-in name or JSON file;
                             * NULL: "generic" */
    double grace_hours;     /* < 0: the policy's */
    double retention_days;  /* < 0: the policy's */
    size_t horizon_days;    /* 1..3660; default 365 */
    int64_t now;            /* the clock for the arrears phase; INT64_MIN: time() */
    size_t nflows;          /* planned top-ups and charges; the store's
                             * planned top-ups are added */
    rw_flow_plan flows[RW_RUNOUT_MAX_FLOWS];
} rw_runout_options;

RW_API void rw_runout_options_init(rw_runout_options *o);

typedef struct rw_runout_result rw_runout_result;

#define RW_NEVER (-1L) /* a run-out day beyond the horizon */

/* An account below zero (欠费): what is owed, since when, and what the
 * arrears policy does next. */
typedef struct rw_arrears_facts {
    int in_arrears;          /* the balance is below -(credit limit) */
    const char *phase;       /* "ok", "grace" (still served), "suspended" or
                              * "deleted" (past the data deletion date) */
    double owed;             /* the debt, -balance (> 0 in arrears) */
    int64_t since;           /* when the balance went below the limit (UTC, as
                              * every instant in this struct) */
    int since_bounded;       /* 0: already before the data starts ("at least
                              * since") */
    const char *since_source; /* how `since` is known: "charges" (estimated
                              * from the bills, spread evenly over each day) or
                              * "ledger" (the transaction after which the
                              * balance stayed below the limit) */
    int64_t suspended_from;  /* since + the policy's grace */
    int64_t deleted_from;    /* suspension + the policy's retention */
    int64_t now;             /* the moment the phase and days are counted at */
    double days_overdue;     /* now - since, in days */
    double days_to_deletion; /* deleted_from - now, in days (< 0: past) */
    double to_clear;         /* payment that brings the balance back to 0 */
    double to_blue;          /* payment that brings it to the blue threshold
                              * (7 days at 95%), NaN when not computed */
} rw_arrears_facts;

/* The headline numbers of a run-out plan. */
typedef struct rw_runout_facts {
    const char *series;      /* the consumption series */
    int64_t as_of;           /* the day the balance is at the end of (local) */
    double balance;          /* at the end of as_of (the observation carried
                              * there: the simulation's start) */
    double observed;         /* the balance as observed (equals balance when
                              * given for the end of a day) */
    int64_t observed_at;     /* when (UTC); INT64_MIN when given, not observed */
    const char *amount;      /* what the series counts ("money drawn from the
                              * balance ...", "billed cost ...") */
    rw_arrears_facts arrears; /* in arrears: the run-out days are 0 */
    const char *currency;    /* "" when unknown (series files) */
    size_t horizon_days;     /* days simulated */
    long day[3];             /* P10/P50/P90 run-out: days after as_of (1: the next
                              * day), RW_NEVER beyond the horizon */
    int64_t negative_from[3];  /* start of those days (local seconds), INT64_MIN
                                * when never */
    int64_t suspended_from[3]; /* then service suspension, per the policy */
    int64_t deleted_from[3];   /* and data deletion */
    double within7, within14, within30; /* probability of running out by then */
    const char *tz;          /* the zone of the days ("Asia/Shanghai", "UTC") */
} rw_runout_facts;

/* When the balance runs out (P10/P50/P90 of simulated consumption, with
 * recurring fees and planned flows), and the arrears timeline after it.
 * Without a balance in the options the store's latest snapshot of the
 * account is carried to the end of a day. */
RW_API rw_status rw_runout_plan(rw_session *s, const rw_runout_options *o,
                                rw_runout_result **out, rw_error *err);
RW_API const rw_runout_facts *rw_runout_result_facts(const rw_runout_result *r);
/* Text or JSON. */
RW_API rw_status rw_runout_write(const rw_runout_result *r, rw_output fmt, FILE *out,
                                 rw_error *err);
RW_API void rw_runout_result_free(rw_runout_result *r);

/* ==== Arrears ================================================================ */

typedef struct rw_arrears_options {
    rw_plan_options plan;   /* account, currency, metric, seed */
    double credit_limit;    /* the balance may fall to -credit_limit, >= 0 */
    const char *policy;     /* arrears policy; NULL: "generic" */
    double grace_hours;     /* < 0: the policy's */
    double retention_days;  /* < 0: the policy's */
    int64_t now;            /* the clock; INT64_MIN: time() */
} rw_arrears_options;

RW_API void rw_arrears_options_init(rw_arrears_options *o);

typedef struct rw_arrears_result rw_arrears_result;

/* The arrears statement of an account from its latest balance: in arrears
 * or not, what is owed since when, the policy's deadlines, what to pay,
 * and what the charges since the arrears began were, by billing period
 * (month) and service. */
RW_API rw_status rw_arrears_statement(rw_session *s, const rw_arrears_options *o,
                                      rw_arrears_result **out, rw_error *err);
RW_API const rw_runout_facts *rw_arrears_result_facts(const rw_arrears_result *r);
/* Text, JSON, or CSV (the breakdown: period,service,amount). */
RW_API rw_status rw_arrears_write(const rw_arrears_result *r, rw_output fmt, FILE *out,
                                  rw_error *err);
RW_API void rw_arrears_result_free(rw_arrears_result *r);

/* ==== Reconciliation ========================================================== */

#define RW_RECONCILE_TOLERANCE 0.01 /* default absolute tolerance, currency units */
#define RW_RECONCILE_RELATIVE 0.001 /* relative part: of the larger figure compared */

typedef struct rw_reconcile_options {
    const char *account;  /* the ledger's account; NULL: the only one */
    int64_t from, to;     /* the days compared: the calendar dates of `from` and
                           * of `to` - 1 (UTC) name the first and last Beijing
                           * day; INT64_MIN/MAX: the whole ledger */
    double tolerance;     /* absolute part of the tolerance, >= 0; the relative
                           * part RW_RECONCILE_RELATIVE is added */
    int lag;              /* days from usage to its deduction (0: hourly
                           * settlement, 1: daily settlement, 按量计费日结, is
                           * deducted the next morning); -1 (default): the
                           * one of 0 and 1 with fewer disagreeing days */
} rw_reconcile_options;

RW_API void rw_reconcile_options_init(rw_reconcile_options *o);

/* One day (Beijing, UTC+8) of the ledger against the bills. */
typedef struct rw_reconcile_day {
    int64_t day;         /* 00:00 of the day in Beijing time, epoch seconds */
    char date[11];       /* that day's Beijing date, "YYYY-MM-DD" */
    double deducted;     /* (a) the ledger's deductions minus refunds */
    double drawn;        /* (b) what the charges starting `lag` days before
                          * drew from the balance (cash + gift + transfer, else
                          * billed) */
    double spent;        /* (c) the ledger balance's fall that day, less what
                          * recharges, freezes, transfers and other movements
                          * explain: equals (a) when the balances chain */
    double recharged;    /* recharges that day */
    double frozen;       /* net money frozen that day (freezes less unfreezes) */
    long transactions;   /* ledger transactions that day */
    long charges;        /* charges starting that day */
    const char *cause;   /* NULL when (a) and (b) agree, else "missing-bills"
                          * (the ledger deducted, no charge is stored: a failed
                          * export), "unexplained-deduction" (the ledger deducted
                          * more than the bills drew: e.g. a failed automatic
                          * renewal) or "undeducted-bills" (the bills drew more
                          * than the ledger deducted that day) */
    int balance_jump;    /* 1 when (c) and (a) disagree: the balance moved by
                          * more than its transactions explain */
} rw_reconcile_day;

typedef struct rw_reconcile_result rw_reconcile_result;

/* Compares, per Beijing day over the ledger's days, the ledger's deductions
 * with what the stored bills drew and with the ledger balance's change.
 * RW_ENOTFOUND when no ledger is stored. */
RW_API rw_status rw_reconcile(rw_session *s, const rw_reconcile_options *o,
                              rw_reconcile_result **out, rw_error *err);
/* The days compared (time order) into *days; returns how many. */
RW_API size_t rw_reconcile_result_days(const rw_reconcile_result *r,
                                       const rw_reconcile_day **days);
/* Days from usage to deduction the comparison used (0 or 1). */
RW_API int rw_reconcile_result_lag(const rw_reconcile_result *r);
/* Days with a discrepancy (a cause or a balance jump). */
RW_API size_t rw_reconcile_result_discrepancies(const rw_reconcile_result *r);
/* Text (the discrepancies; every day with verbose) or JSON. */
RW_API rw_status rw_reconcile_write(const rw_reconcile_result *r, rw_output fmt, int verbose,
                                    FILE *out, rw_error *err);
RW_API void rw_reconcile_result_free(rw_reconcile_result *r);

#define RW_MAX_LEADS 8

typedef struct rw_thresholds_options {
    rw_plan_options plan;
    size_t nleads;          /* 0: the account's registered override, else the
                             * ladder 7, 3, 1 days (blue, yellow, red) */
    size_t leads[RW_MAX_LEADS]; /* lead times in days, 1..365 */
    double confidence;      /* the balance lasts the lead with this probability;
                             * NaN (the default): the account's registered
                             * override, else 0.95 */
    int replay;             /* replay on history (1) */
    size_t origins, spacing; /* replay origins (8), days apart (7) */
    size_t jobs;            /* replay threads; 0: one per processor */
    const char *gauge;      /* the balance metric in Prometheus rules */
    double fixed_alert;     /* the usual "balance below AMOUNT" alert, replayed
                             * beside runway's with the other usual rules; NaN
                             * (the default): the account's override, else 500 */
    const char *policy;     /* what to do at each level: the responses of this
                             * policy (built-in name or JSON file); NULL: "generic" */
} rw_thresholds_options;

RW_API void rw_thresholds_options_init(rw_thresholds_options *o);

typedef struct rw_thresholds_result rw_thresholds_result;

/* The balance below which an alert must fire so that the money still lasts
 * each lead time, and how those thresholds did on history; beside them the
 * usual rules (a fixed amount, 80% of a day's consumption, the provider's
 * 5 days at the last 24 hours' rate) replayed the same way, and each
 * level's response from the policy (what to do, within how long, the
 * top-up). Lead times, confidence and fixed alert not given in o come from
 * the threshold override registered for plan.sel.account (`runway accounts
 * set ID --thresholds`; RW_EINVAL when the stored one is not valid), else
 * the defaults. */
RW_API rw_status rw_thresholds_plan(rw_session *s, const rw_thresholds_options *o,
                                    rw_thresholds_result **out, rw_error *err);
/* Text, JSON or Prometheus alerting rules. */
RW_API rw_status rw_thresholds_write(const rw_thresholds_result *r, rw_output fmt, FILE *out,
                                     rw_error *err);
RW_API void rw_thresholds_result_free(rw_thresholds_result *r);

#define RW_MAX_BUDGET_ALERTS 8

typedef struct rw_budget_options {
    rw_plan_options plan;
    double amount;          /* the budget, > 0; 0 (the default): the budget
                             * registered for plan.sel.account */
    int64_t from, to;       /* the period's days, both included; INT64_MIN:
                             * the month of the day after as-of */
    size_t nalerts;         /* 0: 50, 80, 100 percent */
    double alert_pct[RW_MAX_BUDGET_ALERTS];
    double fire_probability; /* a forecast alert fires from this probability (0.5) */
} rw_budget_options;

RW_API void rw_budget_options_init(rw_budget_options *o);

typedef struct rw_budget_result rw_budget_result;

/* The period's spend against the budget (o->amount, else the account's
 * registered budget; RW_EINVAL when neither): spent so far plus simulated
 * consumption, with the probability of going over and the alerts. */
RW_API rw_status rw_budget_plan(rw_session *s, const rw_budget_options *o,
                                rw_budget_result **out, rw_error *err);
RW_API rw_status rw_budget_write(const rw_budget_result *r, rw_output fmt, FILE *out,
                                 rw_error *err);
RW_API void rw_budget_result_free(rw_budget_result *r);

/* ==== Anomalies ============================================================== */

#define RW_MAX_ATTRIBUTES 16

typedef struct rw_anomaly_options {
    rw_selection sel;
    size_t last;            /* steps examined; 0: 30 days, 168 hours, ... */
    size_t step;            /* steps between forecast origins; 0: default */
    double level;           /* interval level in percent; 0: 99 */
    int attribute;          /* attribute anomalies to dimension values (1) */
    size_t nattributes;     /* dimensions besides service, account, region */
    const char *attributes[RW_MAX_ATTRIBUTES]; /* "tag:team", "provider", ... */
    unsigned long seed;
    size_t jobs;
} rw_anomaly_options;

RW_API void rw_anomaly_options_init(rw_anomaly_options *o);

typedef struct rw_anomaly_set rw_anomaly_set;

/* The steps of the last o->last whose value fell outside the interval of
 * the forecast made before them, each attributed to the dimension value
 * that moved most. Outcome statuses as for rw_forecast_series. */
RW_API rw_status rw_anomalies_find(rw_session *s, const rw_anomaly_options *o,
                                   rw_anomaly_set **out, rw_error *err);
/* Text, JSON or CSV. */
RW_API rw_status rw_anomaly_set_write(const rw_anomaly_set *a, rw_output fmt, FILE *out,
                                      rw_error *err);
RW_API void rw_anomaly_set_free(rw_anomaly_set *a);

/* ==== The report ============================================================ */

typedef struct rw_report_options {
    rw_plan_options plan;   /* account, currency, as-of, seed */
    const char *out;        /* the folder written (created when needed) */
    const char *policy;     /* arrears policy; NULL: "generic" */
    double budget;          /* monthly budget; <= 0: none */
    const char *by;         /* the capacity view's breakdown; NULL: "service" */
    int charts;             /* draw charts with gnuplot (1) */
    size_t jobs;
} rw_report_options;

RW_API void rw_report_options_init(rw_report_options *o);

typedef struct rw_report_result rw_report_result;

/* Gathers the report from one snapshot of the store (the numbers of
 * runout, thresholds, budget, forecast and anomalies) and writes
 * OUT/report.html, OUT/report.md, OUT/summary.json and OUT/charts/.
 * RW_EINVAL, before anything is written, when OUT or OUT/charts is a
 * symbolic link, belongs to another user than the effective one (root
 * included) or is writable by group or others without the sticky bit
 * (docs/guarantees.md, "Output folders"). */
RW_API rw_status rw_report_create(rw_session *s, const rw_report_options *o,
                                  rw_report_result **out, rw_error *err);
/* Where the report is, and its five summary lines. */
RW_API rw_status rw_report_result_write(const rw_report_result *r, FILE *out, rw_error *err);
RW_API void rw_report_result_free(rw_report_result *r);

/* The whole pipeline on the bundled sample data: ingest the folder `data`
 * (NULL: data/sample here or beside the program) and its subfolders, plan
 * a top-up, write the report of each account with a balance to `out`
 * (NULL: runway-report; other accounts than the largest balance in
 * OUT/ACCOUNT), in language `lang`. */
RW_API rw_status rw_demo(rw_session *s, const char *data, const char *out, rw_lang lang,
                         rw_report_result **res, rw_error *err);

/* ==== Alerts ================================================================ */

#define RW_MAX_WEBHOOKS 16

typedef struct rw_alert_options {
    rw_plan_options plan;   /* account, currency, metric, seed */
    const char *policy;     /* arrears policy (data-deletion date); NULL: generic */
    double grace_hours, retention_days; /* < 0: the policy's */
    long runout_days;       /* the run-out rule's window (7) */
    double budget;          /* enables the budget rule; <= 0: none */
    int64_t cooldown_s;     /* least time between reminders (6 h) */
    int daily_limit;        /* most messages per rule per UTC day (3) */
    size_t nwebhooks;
    const char *webhooks[RW_MAX_WEBHOOKS]; /* "KIND=URL": wecom, dingtalk,
                             * slack, json; https:// or http:// to loopback */
    long timeout_s;         /* per request (10) */
    int retries;            /* of a failed request (2) */
    int dry_run;            /* decide and preview; send and change nothing */
    int64_t now;            /* the clock; INT64_MIN: time() */
} rw_alert_options;

RW_API void rw_alert_options_init(rw_alert_options *o);

typedef struct rw_alert_run rw_alert_run;

/* Evaluates the alert rules (balance thresholds, run-out, budget) on the
 * latest data, decides per rule what to send (state changes, reminders
 * after the cooldown, retries), delivers and records it all in one
 * transaction. RW_EPARTIAL when a delivery failed (the message is kept
 * and retried on the next run). *out holds what happened, also on
 * failure (NULL only when memory ran out). */
RW_API rw_status rw_alerts_run(rw_session *s, const rw_alert_options *o, rw_alert_run **out,
                               rw_error *err);
/* One line per rule: sent, kept for a later webhook, previewed (a dry run)
 * or nothing to send. `quiet`: only what was sent (and a dry run's lines);
 * `verbose`: every message quoted. */
RW_API rw_status rw_alert_run_write(const rw_alert_run *r, int quiet, int verbose, FILE *out,
                                    rw_error *err);
RW_API void rw_alert_run_free(rw_alert_run *r);


/* ==== Fetching from Tencent Cloud =========================================== */

#define RW_FETCH_MAX_MONTHS 24

typedef struct rw_fetch_options {
    size_t nmonths;         /* months "YYYY-MM"; 0: the current month in Beijing
                             * time (and the previous one in its first 3 days) */
    char months[RW_FETCH_MAX_MONTHS][8];
    const char *endpoint;   /* NULL: https://billing.tencentcloudapi.com */
    const char *config;     /* credentials file; NULL: the environment, else
                             * ~/.config/runway/tencent.json */
    const char *account;    /* when the balance response does not say */
    const char *raw_dir;    /* raw responses; NULL: runway-raw/tencent beside the store */
    int balance, bills;     /* fetch each (1) */
    int ledger;             /* fetch the ledger, DescribeBillList (1) */
} rw_fetch_options;

RW_API void rw_fetch_options_init(rw_fetch_options *o);
/* Adds the month holding `t` (no duplicates). RW_EINVAL beyond the limit. */
RW_API rw_status rw_fetch_add_month(rw_fetch_options *o, int64_t t, rw_error *err);

typedef struct rw_fetch_result rw_fetch_result;

/* Fetches the balance, the bill details and the ledger (DescribeBillList)
 * of whole months, keeps the raw responses and ingests them; the newest
 * fetch of a month replaces the last. A month that fails is reported and the others go on (the status is
 * the first failure's); a fetch that stops part-way resumes on the next
 * call. *out holds what was stored, also on failure. The raw folder is
 * refused (RW_EINVAL) like a report's folder (rw_report_create). */
RW_API rw_status rw_fetch_tencent(rw_session *s, const rw_fetch_options *o,
                                  rw_fetch_result **out, rw_error *err);
#define RW_FETCH_MAX_MEMBERS 256 /* members named in one organisation fetch */

struct rw_label_filter;

typedef struct rw_fetch_org_options {
    rw_fetch_options fetch; /* months, endpoint, raw_dir; config: the credentials
                             * file of the admin's keys (unless in the environment)
                             * and of the members' profiles; bills: the
                             * organisation's bills; balance: each member's, with
                             * the keys of the profile named by its account id.
                             * account and ledger are not used. */
    size_t nmembers;        /* members to fetch, by account id ... */
    const char *members[RW_FETCH_MAX_MEMBERS];
    const struct rw_label_filter *labels; /* ... and the registered accounts with
                                           * every label of it (NULL: none);
                                           * neither: every member in the bills */
} rw_fetch_org_options;

RW_API void rw_fetch_org_options_init(rw_fetch_org_options *o);

/* Fetches an organisation with its admin's keys: the bill details of all
 * members (DescribeBillDetailForOrganization) of whole months, paged and
 * resumed like rw_fetch_tencent, split by member (OwnerUin) and ingested
 * under each member's account id (key tencent:MEMBER:MONTH, superseding
 * the member's last fetch of the month); then each selected member's
 * balance with its own keys (a profile of the credentials file named by
 * its account id; a member without one gets bills only). A member that
 * fails is reported in *out with its error and the others go on:
 * RW_EPARTIAL when some member failed; a month the organisation's walk
 * could not fetch is the status of rw_fetch_tencent. *out (the caller's)
 * holds every member and what was stored, also on failure. */
RW_API rw_status rw_fetch_organization(rw_session *s, const rw_fetch_org_options *o,
                                       rw_fetch_result **out, rw_error *err);

/* What a fetch stored: text, one line per raw file ingested and, for an
 * organisation, one per member (rows, the balance or why there is none, the
 * error); JSON: {"files": [...], "members": [...]}. */
RW_API rw_status rw_fetch_result_write(const rw_fetch_result *r, rw_output fmt, FILE *out,
                                       rw_error *err);
RW_API void rw_fetch_result_free(rw_fetch_result *r);

/* ==== The unattended run ====================================================== */

typedef struct rw_run_options {
    int fetch;              /* fetch from Tencent Cloud first (1) */
    const char *endpoint, *config; /* as rw_fetch_options */
    size_t nwebhooks;
    const char *webhooks[RW_MAX_WEBHOOKS];
    double budget;          /* for the alerts and the report; <= 0: none */
    const char *policy;     /* NULL: generic */
    const char *report;     /* write the report there; NULL: no report */
    int dry_run;            /* alerts are previewed, not sent */
    int wait;               /* wait for a running job instead of failing */
    int64_t now;            /* the alerts' clock; INT64_MIN: time() */
    const char *tz;         /* the reporting zone (rw_selection.tz); NULL: default */
    rw_lang lang;           /* of the alert messages and the report (RW_LANG_EN) */
} rw_run_options;

RW_API void rw_run_options_init(rw_run_options *o);

typedef struct rw_run_result rw_run_result;

/* fetch -> forecast -> alerts -> report under a lock (the store's path +
 * ".lock"). A failing step is reported and does not stop the later ones;
 * the status is the first failure's. RW_EBUSY when another run holds the
 * lock. *out holds each step's outcome, also on failure. */
RW_API rw_status rw_run(rw_session *s, const rw_run_options *o, rw_run_result **out,
                        rw_error *err);
/* Each step's lines, then "run: STEP done"; `quiet` and `verbose` as for
 * rw_alert_run_write (quiet leaves out all but the alerts). */
RW_API rw_status rw_run_result_write(const rw_run_result *r, int quiet, int verbose, FILE *out,
                                     rw_error *err);
RW_API void rw_run_result_free(rw_run_result *r);

/* ==== Accounts ================================================================ */
/* The registry of accounts (docs/usage.md "Accounts"): a display name,
 * free labels (department=finance, project=x), an owner contact, who pays
 * (itself, or an organisation payer), the arrears policy, alert routes and
 * a budget. Accounts seen in balances, the ledger and bills (billing and
 * sub-account of charges) are listed beside the registered ones. */

#define RW_MAX_LABELS 32 /* labels set, removed or filtered on per call */
#define RW_MAX_ROUTES 8  /* alert routes of one account */

/* Labels an account must all have: "KEY=VALUE" each. */
typedef struct rw_label_filter {
    size_t n;
    const char *labels[RW_MAX_LABELS];
} rw_label_filter;

/* A change to one account; NULL / 0 fields leave what is stored. */
typedef struct rw_account_update {
    const char *id;          /* required, at most RW_ACCOUNT_MAX bytes, not "" */
    const char *name;        /* display name */
    size_t nlabels;          /* labels set: "KEY=VALUE" */
    const char *labels[RW_MAX_LABELS];
    size_t nunlabels;        /* labels removed: "KEY" */
    const char *unlabels[RW_MAX_LABELS];
    const char *owner;       /* owner contact (free text) */
    const char *payer;       /* the organisation payer's account id */
    int self_paid;           /* 1: pays for itself (clears the payer) */
    const char *policy;      /* arrears policy: a built-in name or a JSON file;
                              * "" clears it */
    size_t nroutes;          /* replaces the routes when > 0: "KIND=REF", KIND
                              * wecom|dingtalk|slack|json, REF env:VAR or
                              * profile:NAME (never a URL: refused) */
    const char *routes[RW_MAX_ROUTES];
    int clear_routes;        /* 1: no routes */
    int budget_set;          /* 1: `budget` is stored (NaN clears it) */
    double budget;           /* monthly budget, > 0 */
    const char *thresholds;  /* threshold override, a JSON object; "" clears */
} rw_account_update;

RW_API void rw_account_update_init(rw_account_update *u);

typedef struct rw_account_list rw_account_list;

/* Applies u to the registry (creating the account), in one transaction.
 * RW_EINVAL (nothing stored) for a bad field. *out (may be NULL) gets the
 * account as stored. */
RW_API rw_status rw_account_set(rw_session *s, const rw_account_update *u,
                                rw_account_list **out, rw_error *err);
/* The account `id`, registered or seen; RW_ENOTFOUND when neither. */
RW_API rw_status rw_account_show(rw_session *s, const char *id, rw_account_list **out,
                                 rw_error *err);
/* The registry united with every account seen in the data, by id, each
 * with its latest balance; those with every label of `f` (NULL: all). */
RW_API rw_status rw_accounts_list(rw_session *s, const rw_label_filter *f,
                                  rw_account_list **out, rw_error *err);
/* Imports accounts from a JSON array of objects or a CSV file with the
 * header id,name,labels,owner,payer,policy,routes,budget (docs/usage.md).
 * Every row is checked first: one bad row (err: FILE:LINE: what) stores
 * nothing of the file (RW_EFORMAT); else all rows are stored in one
 * transaction. *stored (may be NULL) gets how many. */
RW_API rw_status rw_accounts_import(rw_session *s, const char *path, size_t *stored,
                                    rw_error *err);
/* Accounts in the list, and the id of the i-th. */
RW_API size_t rw_account_list_count(const rw_account_list *l);
RW_API const char *rw_account_list_id(const rw_account_list *l, size_t i);
/* A table (or, with `detail`, every field of each account), JSON or CSV.
 * Routes show their kind and reference only, never a URL. */
RW_API rw_status rw_account_list_write(const rw_account_list *l, rw_output fmt, int detail,
                                       FILE *out, rw_error *err);
RW_API void rw_account_list_free(rw_account_list *l);

/* ==== Every account =========================================================== */
/* runout, thresholds, arrears, budget and anomalies of every account with
 * a balance (and the labels of the filter, in the shard), one result per
 * account, the accounts evaluated in parallel; each account's result is
 * the one of the single-account call with the selection's account set to
 * it (and its registered policy, threshold override and budget, as there).
 * The results are ranked, the same whatever the number of threads: runout,
 * thresholds and arrears in arrears first (largest owed first), then the
 * fewest days left (P50 run-out; never within the horizon last); budgets
 * the most likely over budget first (already over first; accounts without
 * a budget last); anomalies the most anomalies first, then the latest;
 * then id. */
typedef struct rw_all_options {
    rw_label_filter filter;  /* labels every account must have */
    size_t jobs;             /* accounts at once; 0: one per processor */
    int64_t now;             /* the clock of the run-out thresholds are ranked
                              * by (runout and arrears use their options');
                              * INT64_MIN: time() */
    size_t shard_k, shard_n; /* only the accounts of shard k of n
                              * (rw_account_shard(id, n) == k, 1 <= k <= n);
                              * 0/0: every account */
    const char *group_by;    /* budget: totals per value of this label key
                              * (department) instead of one row per account;
                              * NULL: per account. Refused by the others */
    /* Called as each account is done with how many are (1, 2, ... total)
     * of how many; from the worker threads, but one call at a time (the
     * runner holds a mutex around it), so it needs no locking of its own
     * and should return quickly. NULL: none. */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
} rw_all_options;

RW_API void rw_all_options_init(rw_all_options *o);

#define RW_SHARD_MAX 1000000 /* the largest number of shards */

/* The shard (1..n) of account `id` among n (1 <= n <= RW_SHARD_MAX): the
 * FNV-1a 64-bit hash of the id's bytes (offset basis 14695981039346656037,
 * prime 1099511628211) mod n, plus 1. The same on every platform and in
 * every version: N machines each taking shard K of N (--shard K/N) cover
 * every account exactly once (docs/operations.md). */
RW_API size_t rw_account_shard(const char *id, size_t n);
/* "K/N" (1 <= K <= N <= RW_SHARD_MAX) into *k and *n. */
RW_API rw_status rw_parse_shard(const char *text, size_t *k, size_t *n, rw_error *err);

typedef struct rw_account_results rw_account_results;

/* Each returns RW_EPARTIAL when some accounts failed (each carries its
 * error; *out holds them all), RW_ENOTFOUND when no account has a balance
 * (or matches), RW_EINVAL for options that cannot apply to all accounts
 * (--input, --account, --balance). */
RW_API rw_status rw_runout_all(rw_session *s, const rw_runout_options *o,
                               const rw_all_options *a, rw_account_results **out,
                               rw_error *err);
RW_API rw_status rw_thresholds_all(rw_session *s, const rw_thresholds_options *o,
                                   const rw_all_options *a, rw_account_results **out,
                                   rw_error *err);
RW_API rw_status rw_arrears_all(rw_session *s, const rw_arrears_options *o,
                                const rw_all_options *a, rw_account_results **out,
                                rw_error *err);
/* Each account's budget is o->amount when > 0, else its registered budget;
 * an account with neither is planned all the same (spend so far and the
 * forecast total) and reported as having no budget, not as a failure. */
RW_API rw_status rw_budget_all(rw_session *s, const rw_budget_options *o,
                               const rw_all_options *a, rw_account_results **out,
                               rw_error *err);
/* o->sel must not name an input file or an account. */
RW_API rw_status rw_anomalies_all(rw_session *s, const rw_anomaly_options *o,
                                  const rw_all_options *a, rw_account_results **out,
                                  rw_error *err);
/* Accounts in the results, and how many failed. */
RW_API size_t rw_account_results_count(const rw_account_results *r);
RW_API size_t rw_account_results_failed(const rw_account_results *r);
/* The ranked summary: text (one line per account), JSON (an array: per
 * account {"account", "name", "labels", then the single-account JSON
 * fields} or {"account", "name", "labels", "error"}) or CSV. Budgets with
 * a->group_by: one line, object or row per label value and currency
 * instead (docs/usage.md). */
RW_API rw_status rw_account_results_write(const rw_account_results *r, rw_output fmt,
                                          FILE *out, rw_error *err);
RW_API void rw_account_results_free(rw_account_results *r);

/* ==== The organisation report ================================================ */
/* Every account with a balance (and the filter's labels) on one overview
 * page, each linking to its own report (docs/report.md, "The organisation
 * report"):
 *   OUT/index.html      the accounts ranked as rw_runout_all ranks them,
 *                       totals per currency, the accounts needing a top-up
 *                       this week (in arrears, or P10 run-out within 7
 *                       days) with the amount that keeps each funded for
 *                       fund_days days, the month against the budgets per
 *                       label value, a chart of days left, and the
 *                       accounts that failed;
 *   OUT/summary.json    the same figures, exact;
 *   OUT/accounts/NAME/  each account's report (rw_report_create's files,
 *                       its page named index.html), NAME the account id
 *                       with bytes other than [A-Za-z0-9._-] (and a
 *                       leading '.') written "~XX". */
typedef struct rw_report_all_options {
    rw_report_options report; /* out: the folder (checked as rw_report_create
                               * does); plan: currency, as-of, zone, seed,
                               * language (plan.sel.account must be NULL);
                               * policy NULL: each account's registered one;
                               * budget <= 0: each account's registered one;
                               * charts 0: no chart anywhere; jobs: unused */
    rw_all_options all;       /* the label filter, accounts at once, the clock */
    size_t chart_accounts;    /* accounts (the first in rank order) whose pages
                               * have charts (50); 0: none */
    size_t fund_days;         /* a top-up brings the balance to what lasts this
                               * many days with 95% confidence, 1..30 (30) */
} rw_report_all_options;

RW_API void rw_report_all_options_init(rw_report_all_options *o);

typedef struct rw_org_report rw_org_report;

/* Writes the organisation report. Each account's run-out is the one
 * rw_runout_all gives it, its page the one rw_report_create writes for it
 * (with its registered policy and budget). An account that fails is listed
 * on the overview and the others go on: RW_EPARTIAL, *out holding them all.
 * RW_ENOTFOUND when no account has a balance (or matches); RW_EINVAL for
 * options that do not apply (an account, fund_days out of range) and for a
 * refused folder, before anything is written. */
RW_API rw_status rw_report_all(rw_session *s, const rw_report_all_options *o,
                               rw_org_report **out, rw_error *err);
/* Where the report is, and the accounts, top-ups and failures in a few lines. */
RW_API rw_status rw_org_report_write(const rw_org_report *r, FILE *out, rw_error *err);
RW_API void rw_org_report_free(rw_org_report *r);
/* ==== Alerts of every account ================================================= */
/* notify --all-accounts (docs/notify.md "Every account"): each account with
 * a balance (and the filter's labels) is evaluated and decided exactly as
 * rw_alerts_run with plan.sel.account set to it, its states kept in the
 * store per account, and its messages posted to its own registered routes
 * (rw_account_update.routes: the URL found in the environment or the
 * credentials file, never printed). Accounts without a route are counted
 * (their messages stay owed until they have one). Then an optional digest,
 * one message with every account's state, goes to the organisation's
 * route when some account's state changed in this run (or always), or
 * when the last digest was not delivered. Deliveries keep each receiver's
 * rate limit (20 a minute to a WeCom or DingTalk robot): those over it are
 * deferred, still owed, to the next run. */
typedef struct rw_notify_all_options {
    rw_all_options all;      /* labels, jobs, as the other calls over every account */
    const char *digest;      /* the organisation route: "KIND=URL" or
                              * "KIND=@PROFILE" (the profile's webhook URL in the
                              * credentials file); NULL: no digest */
    int digest_always;       /* send the digest even when no state changed */
    size_t digest_top;       /* accounts named in the digest (10) */
    const char *config;      /* the credentials file of profile: routes;
                              * NULL: ~/.config/runway/tencent.json */
} rw_notify_all_options;

RW_API void rw_notify_all_options_init(rw_notify_all_options *o);

typedef struct rw_notify_all_result rw_notify_all_result;

/* `o` as for rw_alerts_run, without plan.sel.account, plan.sel.input or
 * webhooks (RW_EINVAL). RW_EPARTIAL when an account could not be
 * evaluated, a route could not be resolved or a delivery failed (the rest
 * went on; failed messages are retried on the next run); RW_ENOTFOUND when
 * no account has a balance (or matches). *out holds every account, also on
 * failure. */
RW_API rw_status rw_notify_all(rw_session *s, const rw_alert_options *o,
                               const rw_notify_all_options *a, rw_notify_all_result **out,
                               rw_error *err);
/* Text: what was sent per account (every rule with `verbose`; nothing but
 * the summary with `quiet`) and a summary (deliveries, deferred, accounts
 * without a route, the digest); or JSON (docs/notify.md). */
RW_API rw_status rw_notify_all_write(const rw_notify_all_result *r, rw_output fmt, int quiet,
                                     int verbose, FILE *out, rw_error *err);
RW_API void rw_notify_all_result_free(rw_notify_all_result *r);

#ifdef __cplusplus
}
#endif

#endif
