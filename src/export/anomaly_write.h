/* anomaly_write.h: anomalies of many series (the struct behind runway.h's
 * rw_anomaly_set), each with what it was attributed to, filled by the app
 * layer and written as text, JSON or CSV by anomaly_write.c. */
#ifndef RW_ANOMALY_WRITE_H
#define RW_ANOMALY_WRITE_H

#include "plan/anomaly.h"
#include "util/tz.h"

#define RW_ANOM_MAX_DIMS 16

/* One dimension value an anomaly was attributed to. */
typedef struct rw_named_attr {
    char dim[64], value[128];
    double deviation, share;
} rw_named_attr;

/* An anomaly's attribution: found[0] is the chosen value, the rest the best
 * value of each other dimension that moved the same way. */
typedef struct rw_anomaly_attr {
    size_t n;                /* 0: no attribution */
    rw_named_attr found[RW_ANOM_MAX_DIMS];
} rw_anomaly_attr;

typedef struct rw_anomaly_item {
    char *name;              /* owned */
    rw_granularity gran;
    char currency[4];        /* "" when not money */
    int64_t from, to;        /* first examined step, last step */
    rw_anomaly_report *r;    /* owned */
    rw_anomaly_attr *attr;   /* owned: r->n entries, or NULL */
} rw_anomaly_item;

struct rw_anomaly_set {
    char *metric;            /* owned: "value" (series files) or the metric as given */
    char *unit;              /* owned: a usage metric's unit, "" else */
    size_t n, cap;
    rw_anomaly_item *item;   /* owned, in input order */
    rw_tz *tz;               /* owned: the zone of the steps; NULL: UTC */
};

/* `runway anomalies --format json`'s object (NULL on ENOMEM; the
 * caller's). */
#include <jansson.h>
json_t *rw_anomaly_set_json(const rw_anomaly_set *a);

#endif
