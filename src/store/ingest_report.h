/* ingest_report.h: what the ingest of one file did (rw_ingest_report,
 * opaque in runway.h): rows read and rejected, records stored, totals per
 * currency, the first rejects. The store sink fills it as it writes; the
 * app layer's ingest driver (app/ingest_file.h) owns the transaction. */
#ifndef RW_INGEST_REPORT_H
#define RW_INGEST_REPORT_H

#include <stdint.h>
#include "ingest/ingest.h"
#include "store/store.h"
#include "util/num.h"

#define RW_REPORT_CURRENCIES 16 /* currencies itemised in a report */
#define RW_REPORT_SAMPLES 5     /* reject reasons kept for display */

/* A rejected or warned row, kept for display. */
typedef struct rw_report_sample {
    long line;
    char reason[200];
} rw_report_sample;

/* What superseding by billing period did about one provider, billing
 * account and period (store/supersede.h). */
typedef enum rw_supersede_kind {
    RW_REPLACED_OLDER,  /* this file replaced an earlier export's charges */
    RW_SET_ASIDE,       /* an export already stored covers this one: its charges were dropped */
    RW_OVERLAP_KEPT,    /* the two overlap without one covering the other: both kept */
} rw_supersede_kind;

#define RW_REPORT_EVENTS 8 /* supersession events itemised in a report */

typedef struct rw_supersede_event {
    rw_supersede_kind kind;
    char provider[64], billing_account[64];
    int64_t period;      /* billing period start (UTC) */
    char other[256];     /* the other source's path */
    long charges;        /* charges removed (of the other source, or of this one) */
} rw_supersede_event;

typedef struct rw_currency_total {
    char code[4];   /* ISO 4217 */
    rw_ksum billed; /* sum of BilledCost */
    long charges;   /* charge records in this currency */
} rw_currency_total;

struct rw_ingest_report {
    char path[512];            /* file as given */
    rw_format format;          /* detected or forced format */
    char sha256[65];           /* SHA-256 of the (decompressed) bytes */
    char content[65];          /* identity of the parsed records, "" when none
                                  (store/ingest_sink.h rw_store_sink_content) */
    int duplicate;             /* content already ingested: nothing added */
    long rows;                 /* data rows read */
    long rejected;             /* of which rejected */
    long charges, usage_records, balances, points; /* records stored */
    long ledger;               /* ledger transactions stored (new or refreshed) */
    int ncurrencies;           /* entries used in totals */
    int more_currencies;       /* totals overflowed: more currencies seen */
    rw_currency_total totals[RW_REPORT_CURRENCIES];
    int64_t first, last;       /* range of charge/usage/point times, if any */
    int nsamples;              /* entries used in samples */
    rw_report_sample samples[RW_REPORT_SAMPLES]; /* first rejects */
    long warnings;             /* rows kept with bad metadata dropped */
    int nwsamples;             /* entries used in wsamples */
    rw_report_sample wsamples[RW_REPORT_SAMPLES]; /* first warnings */
    long replaced;             /* charges of earlier exports this file replaced */
    long set_aside;            /* charges of this file dropped: older than what is stored */
    int nevents;               /* entries used in events */
    int more_events;           /* events overflowed */
    rw_supersede_event events[RW_REPORT_EVENTS];
};

/* The files of one rw_ingest call (runway.h), in the order given. */
typedef struct rw_ingest_item {
    rw_ingest_report rep;
    rw_status status;  /* of this file */
    rw_error err;      /* why it failed */
} rw_ingest_item;

struct rw_ingest_result {
    size_t n;
    rw_ingest_item *item; /* owned */
};

#endif
