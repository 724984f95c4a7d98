/* notify_write.h: what `notify --all-accounts` did (runway.h's
 * rw_notify_all_result): every account's alerting run, in rank order,
 * the organisation digest, and the counts of the summary. The app layer
 * fills it (app/notify_all.c); notify_write.c writes it. */
#ifndef RW_NOTIFY_WRITE_H
#define RW_NOTIFY_WRITE_H

#include "alert/digest.h"
#include "export/accounts_write.h"

struct rw_notify_all_result {
    rw_account_results *acc; /* owned, kind RW_ALL_NOTIFY, ranked (rw_account_results_rank) */
    rw_digest_entry *e;      /* owned: each account's standing, in acc's order
                              * (strings borrowed from acc and `runout`) */
    char (*runout)[16];      /* owned: their P50 run-out days */
    rw_digest digest;        /* the digest's facts (e borrowed) */
    int dry_run;
    size_t changed;          /* accounts with a state change in this run */
    size_t no_route;         /* accounts without a registered route */
    size_t route_errors;     /* routes whose URL could not be found */
    size_t sent, failed, deferred; /* deliveries to the accounts' routes */
    int digest_given;        /* an organisation route was given */
    int digest_due;          /* a state changed, --digest-always, or the last one is owed */
    int digest_sent;         /* accepted */
    int digest_deferred;     /* put off by the rate limit */
    char digest_target[160]; /* "KIND HOST" of the organisation route */
    char digest_error[RW_ERROR_TEXT]; /* why it failed, "" when it did not */
    char *digest_text;       /* owned: the digest as plain text, NULL when not due */
    char *digest_preview;    /* owned: a dry run's payload, NULL when none */
};

#endif
