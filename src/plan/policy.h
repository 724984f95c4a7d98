/* policy.h: what a provider does when a prepaid balance goes negative.
 *
 * A policy is data (models/policies/NAME.json, compiled into the binary, or
 * a user's file): hours of grace before the service is suspended, then days
 * the data is kept before it is deleted, with one-line descriptions of each
 * stage for people. Nothing about arrears is a constant in code. */
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

typedef struct rw_policy {
    char name[64];
    char provider[64];
    char product[96];
    double grace_hours;    /* from going negative to suspension, >= 0 */
    double retention_days; /* from suspension to data deletion, >= 0 */
    char suspension[160];  /* what suspension means */
    char deletion[160];    /* what deletion means */
    char source[200];      /* where the figures come from */
} rw_policy;

/* The compiled-in policy `name`; RW_ENOTFOUND (err lists the names) when
 * there is none. */
rw_status rw_policy_builtin(const char *name, rw_policy *out, rw_error *err);

/* A policy read from a JSON file of the same shape; RW_EIO or RW_EFORMAT
 * with the file (and line) in err. */
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
