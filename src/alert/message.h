/* message.h: what an alert says, and how each kind of webhook receives it.
 *
 * The builders are pure functions of an rw_alert_msg (no clock, no
 * network), so they are unit-tested byte for byte. A text is runway's
 * template (labels, marks, line breaks) with every piece of data in it
 * (each string field of rw_alert_msg, and the money, which carries the
 * currency) neutralised once for its style by rw_data_text_add
 * (data_text.h): no mention, link, markup or line break comes from data.
 * The json kind keeps data exact in its fields (only malformed UTF-8 bytes
 * become U+FFFD) and the plain text in "message". */
#ifndef RW_ALERT_MESSAGE_H
#define RW_ALERT_MESSAGE_H

#include <stddef.h>
#include <stdint.h>
#include "alert/data_text.h"
#include "net/webhook.h"
#include "util/strbuf.h"
#include "util/lang.h"

/* One alert about one rule, as the payloads present it. Strings are
 * borrowed; NULL is allowed where noted. */
typedef struct rw_alert_msg {
    const char *rule;           /* "threshold" | "runout" | "budget" */
    const char *rule_id;        /* the alert_state key, e.g. "threshold:team-a" */
    const char *account;        /* "" for the default account */
    const char *event;          /* "change" | "resolved" | "repeat" */
    const char *state;          /* the rule's state now */
    const char *previous_state; /* the state before it */
    const char *level;          /* "critical" | "warning" | "info" | "ok" */
    const char *title;          /* one line: what happened */
    double balance;             /* as observed, currency units */
    const char *currency;       /* ISO 4217, "" when unknown */
    const char *balance_at;     /* when it was observed, for people
                                 * ("2026-12-03 14:14 UTC+08:00") */
    const char *as_of;          /* YYYY-MM-DD: the last day of data planned from */
    const char *runout[3];      /* P10, P50, P90 run-out days (YYYY-MM-DD); NULL:
                                 * the balance outlasts the horizon */
    int horizon_days;           /* days simulated */
    const char *data_deleted_from; /* ISO time at the P50 run-out, NULL when none */
    const char *policy;         /* arrears policy name */
    const char *detail;         /* rule-specific facts (one line), NULL: none */
    const char *action;         /* what to do (one line) */
    int64_t since;              /* when the rule entered `state`, epoch seconds */
    int64_t at;                 /* when evaluated, epoch seconds */
    rw_lang lang;               /* of the labels and fixed words (the title,
                                 * detail and action come written in it);
                                 * JSON keys and state names never change */
} rw_alert_msg;


/* The marks of a text style, which runway's templates put around data. */
typedef struct rw_style_marks {
    const char *head_open, *head_close; /* around the first line */
    const char *bold_open, *bold_close; /* around labels */
    const char *eol;                    /* between lines */
} rw_style_marks;

rw_style_marks rw_style_marks_of(rw_text_style s);

/* Appends the template fmt (runway's own text: "%s" and "%d" only, "%N$s"
 * allowed, "%%") with its k-th conversion replaced by args[k] neutralised
 * for the style (data_text.h): every value is data, numbers included
 * (formatted by the caller). */
void rw_text_add_fmt(rw_strbuf *b, rw_text_style style, const char *fmt,
                     const char *const *args, size_t nargs);
/* Appends a new line with the label `name` (translated, bold) and ": ". */
void rw_text_label(rw_strbuf *b, const rw_style_marks *mk, rw_lang lang, const char *name);

/* The message text in `style`. *out is owned by the caller (free()).
 * RW_ENOMEM only. */
rw_status rw_alert_text(const rw_alert_msg *m, rw_text_style style, char **out, rw_error *err);

/* A JSON string of the data s exactly as it is, but for malformed UTF-8
 * bytes, which JSON cannot carry: they become U+FFFD. NULL on ENOMEM. */
#include <jansson.h>
json_t *rw_json_exact(const char *s);

/* The request body for a webhook of `kind` (compact JSON, UTF-8). *out is
 * owned by the caller (free()). RW_ENOMEM only. */
rw_status rw_webhook_payload(rw_webhook_kind kind, const rw_alert_msg *m, char **out,
                             rw_error *err);

#endif
