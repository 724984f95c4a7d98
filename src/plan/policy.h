/* policy.h: what a provider does when a prepaid balance goes negative.
 *
 * A policy is data (models/policies/NAME.json, compiled into the binary, or
 * a user's file): hours of grace before the service is suspended, then days
 * the data is kept before it is deleted, with one-line descriptions of each
 * stage for people. Nothing about arrears is a constant in code.
 *
 * A policy may also say what a team does at each alert level (blue, yellow,
 * red: the threshold ladder) and once in arrears: an action (English, and
 * Chinese in action_zh), within how many hours, and whom to notify. The
 * schema is checked: an unknown or ill-typed field is an error naming it;
 * `responses` may be left out (older files), and so may any of its levels. */
#ifndef RW_POLICY_H
#define RW_POLICY_H

#include <stddef.h>
#include <stdint.h>
#include "util/error.h"

typedef struct rw_embedded_policy {
    const char *name; /* file name without .json */
    const char *json; /* its content */
} rw_embedded_policy;

/* The compiled-in policies, ended by {NULL, NULL} (generated file). */
extern const rw_embedded_policy rw_embedded_policies[];

/* The levels a response can be given for, in this order. */
#define RW_RESPONSE_LEVELS 4
#define RW_RESPONSE_ARREARS 3 /* index of "arrears" */
extern const char *const rw_response_level[RW_RESPONSE_LEVELS]; /* blue, yellow, red, arrears */

/* What to do when a level's alert fires (or, arrears, the balance goes
 * negative). */
typedef struct rw_response {
    int set;               /* given by the policy */
    double within_hours;   /* act within this many hours of the alert, > 0 */
    char action[240];      /* what to do, English, one line */
    char action_zh[240];   /* the same in Chinese, "" when not given */
    char notify[64];       /* whom to tell ("finance"), "" when not given */
} rw_response;

typedef struct rw_policy {
    char name[64];
    char provider[64];
    char product[96];
    double grace_hours;    /* from going negative to suspension, >= 0 */
    double retention_days; /* from suspension to data deletion, >= 0 */
    char suspension[160];  /* what suspension means */
    char deletion[160];    /* what deletion means */
    char source[200];      /* where the figures come from */
    rw_response response[RW_RESPONSE_LEVELS]; /* by rw_response_level */
} rw_policy;

/* The index of level `name` in rw_response_level, or -1. */
int rw_response_index(const char *name);

/* The compiled-in policy `name`; RW_ENOTFOUND (err lists the names) when
 * there is none. */
rw_status rw_policy_builtin(const char *name, rw_policy *out, rw_error *err);

/* A policy read from a JSON file of the same shape; RW_EIO or RW_EFORMAT
 * with the file (and line, or the field) in err. */
rw_status rw_policy_load(const char *path, rw_policy *out, rw_error *err);

/* What follows a run-out: the balance goes negative at the start of the
 * run-out day, the service is suspended after the policy's grace hours,
 * the data deleted after its retention days (each rounded to the second).
 * The one definition of these times for every command. */
typedef struct rw_arrears_times {
    int64_t negative, suspended, deleted;
} rw_arrears_times;

rw_arrears_times rw_arrears_timeline(const rw_policy *p, int64_t runout_day);

#endif
