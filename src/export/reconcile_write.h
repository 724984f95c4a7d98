/* reconcile_write.h: the reconciliation result (runway.h rw_reconcile) and
 * its text and JSON writers. */
#ifndef RW_RECONCILE_WRITE_H
#define RW_RECONCILE_WRITE_H

#include "runway.h"

struct rw_reconcile_result {
    char account[RW_ACCOUNT_MAX + 1];       /* "" for the default account */
    char currency[4];        /* of the ledger */
    double tolerance;        /* absolute part used */
    double relative;         /* relative part used */
    int64_t first, last;     /* first and last transaction compared */
    size_t ndays;
    rw_reconcile_day *days;  /* owned, time order */
    size_t ndiscrepancies;   /* days with a cause or a balance jump */
    double net_deducted, net_drawn; /* sums over the days */
    int lag;                 /* days from a charge's usage to its deduction */
};

#endif
