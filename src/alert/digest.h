/* digest.h: the organisation digest of a notify run over every account
 * (runway notify --all-accounts --digest): one message with how many
 * accounts are in arrears, below each threshold and ok, and the most
 * urgent ones named with their days left.
 *
 * Pure functions of an rw_digest (no clock, no network), unit-tested word
 * for word. Data (account ids and names, amounts with their currency,
 * dates) goes through rw_data_text_add as in every alert (message.h); the
 * numbers of the counts are runway's own. A text never exceeds the limit
 * given (the receivers' message size limits, rw_digest_limit): accounts
 * that do not fit are counted in a last "and N more" line. */
#ifndef RW_ALERT_DIGEST_H
#define RW_ALERT_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include "alert/data_text.h"
#include "net/webhook.h"
#include "util/lang.h"

/* Where an account stands, the most urgent first. */
typedef enum rw_digest_class {
    RW_DIGEST_ARREARS, /* the balance is below zero */
    RW_DIGEST_RED,     /* below the red threshold (1 day at 95%) */
    RW_DIGEST_YELLOW,  /* below the yellow threshold (3 days) */
    RW_DIGEST_BLUE,    /* below the blue threshold (7 days) */
    RW_DIGEST_OK,      /* above them all */
    RW_DIGEST_FAILED,  /* could not be evaluated */
    RW_DIGEST_NCLASS
} rw_digest_class;

/* "arrears", "red", "yellow", "blue", "ok", "failed". */
const char *rw_digest_class_name(rw_digest_class c);

/* One account. Strings are borrowed. */
typedef struct rw_digest_entry {
    const char *account;     /* its id */
    const char *name;        /* display name, "" or NULL when none */
    rw_digest_class cls;
    long days;               /* P50 run-out: days after the as-of day; < 0 beyond
                              * the horizon */
    const char *runout;      /* that day (YYYY-MM-DD), NULL beyond the horizon */
    int horizon;             /* days simulated */
    double owed;             /* in arrears: the debt, > 0 */
    const char *currency;    /* ISO 4217, "" when unknown */
} rw_digest_entry;

/* The digest of a run. */
typedef struct rw_digest {
    const rw_digest_entry *e; /* every account, most urgent first */
    size_t n;
    size_t changed;          /* accounts with a state change in this run */
    size_t no_route;         /* accounts without a route of their own */
    size_t top;              /* at most this many accounts named */
    int64_t at;              /* when evaluated, epoch seconds */
    rw_lang lang;
} rw_digest;

#define RW_DIGEST_TOP 10          /* accounts named by default */
#define RW_DIGEST_WECOM_MAX 4096  /* bytes of a WeCom markdown "content" (WeCom docs) */
#define RW_DIGEST_DINGTALK_MAX 20000 /* bytes of a DingTalk markdown text */
#define RW_DIGEST_SLACK_MAX 40000 /* Slack truncates "text" beyond 40,000 characters */
#define RW_DIGEST_JSON_MAX 65536  /* bytes of the json kind's "message" */

/* The size limit of a kind's text, in bytes. */
size_t rw_digest_limit(rw_webhook_kind kind);

/* Counts of d's accounts per class into n[RW_DIGEST_NCLASS]. */
void rw_digest_counts(const rw_digest *d, size_t n[RW_DIGEST_NCLASS]);

/* The digest text in `style`, at most `limit` bytes when the head and the
 * last lines fit in it (they always do for the limits above). *out is the
 * caller's (free()). RW_ENOMEM only. */
rw_status rw_digest_text(const rw_digest *d, rw_text_style style, size_t limit, char **out,
                         rw_error *err);

/* The request body of a kind (as rw_webhook_payload; json: the object of
 * docs/notify.md "The digest"). *out is the caller's (free()). */
rw_status rw_digest_payload(rw_webhook_kind kind, const rw_digest *d, char **out, rw_error *err);

#endif
