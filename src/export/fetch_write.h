/* fetch_write.h: what a fetch stored (struct rw_fetch_result of runway.h)
 * and its writer: one line per raw file ingested. */
#ifndef RW_FETCH_WRITE_H
#define RW_FETCH_WRITE_H

#include <limits.h>
#include <stddef.h>
#include "runway.h"
#include "util/error.h"

typedef struct rw_fetch_line {
    char what[PATH_MAX]; /* the raw file, or the period's key when unchanged */
    int unchanged;       /* the same content as the last fetch: nothing added */
    long rows, charges, balances, rejected;
    int replaced;        /* it replaced the previous fetch of its period */
} rw_fetch_line;

/* What became of a member's balance in an organisation fetch. */
typedef enum rw_fetch_balance_state {
    RW_FETCH_BALANCE_NOT_ASKED = 0, /* --no-balance, or the fetch stopped first */
    RW_FETCH_BALANCE_FETCHED,       /* stored: amount, currency */
    RW_FETCH_BALANCE_NO_PROFILE,    /* no profile of its id: bills only */
    RW_FETCH_BALANCE_FAILED,        /* error says why */
} rw_fetch_balance_state;

/* One member of an organisation fetch. */
typedef struct rw_fetch_member {
    char account[RW_ACCOUNT_MAX + 1];
    size_t items;       /* bill items fetched, all months */
    size_t month_items; /* of the month being split (fetch_org.c) */
    long rows, charges; /* stored from them (0 when unchanged) */
    rw_fetch_balance_state balance;
    double amount; /* the balance stored, when FETCHED */
    char currency[4];
    char error[RW_ERROR_TEXT]; /* its first failure, "" when none */
} rw_fetch_member;

struct rw_fetch_result {
    size_t n, cap;
    rw_fetch_line *line; /* owned */
    int organization;    /* an organisation fetch: members are reported */
    size_t nmembers, capmembers;
    rw_fetch_member *member; /* owned, in the order first seen */
};

/* Appends a line (RW_ENOMEM). */
rw_status rw_fetch_result_add(rw_fetch_result *r, const rw_fetch_line *l, rw_error *err);
/* The member `account`, added (zeroed) when new; NULL when memory ran out
 * (err set). */
rw_fetch_member *rw_fetch_result_member(rw_fetch_result *r, const char *account, rw_error *err);

#endif
