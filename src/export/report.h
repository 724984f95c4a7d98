/* report.h: the report a finance lead and an on-call engineer read: what
 * runway knows about one account, gathered once (rw_report_build) and
 * written as a self-contained HTML page, Markdown and summary.json.
 *
 * The numbers are those of the individual commands (runout, thresholds,
 * budget, anomalies, forecast) with the same seed, so the report and the
 * commands' JSON agree. Charts are optional: without gnuplot every other
 * part is written and `charts_note` says how to get the pictures. */
#ifndef RW_REPORT_H
#define RW_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "runway.h"
#include "util/error.h"

#define RW_REPORT_MAX_SERIES 32   /* services (or other breakdown values) listed */
#define RW_REPORT_MAX_ANOMALIES 32
#define RW_REPORT_MAX_LEADS 8
#define RW_REPORT_MAX_NOTES 16
#define RW_REPORT_MAX_CHARTS 48
#define RW_REPORT_WEEKS 8          /* weeks of history in the weekly view */
#define RW_REPORT_OUTLOOK_WEEKS 4  /* weeks forecast in the weekly view */

/* One line of the per-service table (capacity planning). */
typedef struct rw_report_series {
    char name[128];
    double last_week;        /* the last full 7 days */
    double prev_week;        /* the 7 before */
    double change_pct;       /* week over week, NaN when prev_week is 0 */
    double month_to_date;    /* in the current month up to as-of */
    double next_4w_mean;     /* forecast of the next 28 days */
    double next_4w_lo, next_4w_hi; /* its 80% interval (sum of paths) */
    double trend_pct;        /* next 28 days against the last 28, percent */
    char model[160];         /* what forecast it */
    char chart[64];          /* its fan chart's file name without extension, "" none */
} rw_report_series;

/* One alert threshold (thresholds command). */
typedef struct rw_report_threshold {
    char level[16];          /* "blue", "yellow", "red" */
    int lead_days;
    double confidence;
    double balance;          /* fire below this */
    double expected;         /* mean consumption over the lead */
    size_t origins, held;    /* replay on history: origins 0 when not possible */
    double notice_days;      /* median notice in the replay */
} rw_report_threshold;

/* One anomaly (anomalies command). */
typedef struct rw_report_anomaly {
    char day[32];            /* YYYY-MM-DD (or hour) */
    double value, expected, lo, hi;
    int direction;           /* +1 above, -1 below */
    char dimension[64];      /* "service", "" when not attributed */
    char dim_value[128];
    double deviation;
    double share;
} rw_report_anomaly;

/* One week of the weekly capacity view: actual, or forecast with 80%. */
typedef struct rw_report_week {
    char start[16];          /* Monday, YYYY-MM-DD */
    int forecast;            /* 0 actual, 1 forecast */
    double total, lo, hi;    /* lo/hi: forecast weeks only */
} rw_report_week;

typedef struct rw_report {
    /* What the report is about. */
    char generated_at[32];   /* ISO 8601 */
    char as_of[16];          /* YYYY-MM-DD: the last day of data used */
    char tz[64];             /* the zone of its days, "" for UTC */
    char account[RW_ACCOUNT_MAX + 1];       /* "" for the store's single account */
    char currency[4];
    char title[160];
    unsigned long seed;
    rw_lang lang; /* of every text (summary.json keeps its keys) */
    int in_org;              /* a page of the organisation report: links back
                              * to its overview, ../../index.html */

    /* Balance and run-out (runout --format json); has_runout 0 without a balance. */
    int has_runout;
    double balance;          /* at the end of as-of: the simulation's start,
                              * compared with the thresholds */
    double observed;         /* the balance as observed (what people are shown) */
    char observed_at[32];    /* "YYYY-MM-DD HH:MM UTC" (summary.json) */
    char observed_when[48];  /* the same for people, in the report's language */
    char amount[96];         /* what the consumption counts (drawn, billed) */
    rw_arrears_facts arrears; /* in arrears: owed, since, deadlines */
    char arrears_since[48];  /* when it began, for people, in the zone and language */
    char balance_note[400];   /* how the balance was derived (summary.json) */
    char balance_note_text[400]; /* the same for people, in the report's language */
    int runout_days[3];      /* P10/P50/P90 days after as-of; -1: beyond the horizon */
    char runout_date[3][16]; /* "" when beyond */
    double within7, within14, within30;
    char policy[64];
    double grace_hours, retention_days;
    char suspend_date[3][40]; /* ISO with the zone's offset, "" when beyond */
    char delete_date[3][40];
    double daily_recent, daily_forecast; /* last 28 days, next 30 days: mean per day */
    char runout_chart[64];

    /* Thresholds (thresholds --format json). */
    size_t nthresholds;
    rw_report_threshold thr[RW_REPORT_MAX_LEADS];
    int next_threshold;      /* index of the next threshold the balance will cross
                              * (the highest one still below it), -1 when none */
    int next_threshold_days; /* P50 day the balance reaches it, -1 unknown */

    /* Budget (budget --format json) of the current month; has_budget 0 when
     * no budget was given (month_* are still filled). */
    int has_budget;
    double budget;
    char month_from[16], month_to[16];
    double month_spent;
    size_t month_days_spent, month_days;
    double month_mean, month_p10, month_p90; /* forecast month total */
    double p_over;           /* probability of exceeding the budget */
    char breach_date[16];    /* "" when not likely */
    char budget_chart[64];

    /* Capacity planning. */
    char by[32];             /* the breakdown: "service" */
    size_t nseries;
    rw_report_series series[RW_REPORT_MAX_SERIES];
    int biggest_growth;      /* index in series of the fastest growing, -1 none */
    char total_chart[64];    /* fan chart of the total */
    char stack_chart[64];    /* stacked by `by` */
    size_t nweeks;
    rw_report_week weeks[RW_REPORT_WEEKS + RW_REPORT_OUTLOOK_WEEKS];

    /* Anomalies of the total over the last 30 days. */
    size_t nanomalies;
    rw_report_anomaly anomalies[RW_REPORT_MAX_ANOMALIES];
    size_t anomaly_days;     /* days examined */

    /* How the forecast was made. */
    char model[160];         /* of the total */
    char history_from[16], history_to[16];
    size_t history_days;
    char method_note[400];   /* one paragraph */
    int amortized;           /* the cost views (budget, capacity, anomalies)
                              * spread charges over their charge periods; the
                              * balance views are always as billed */

    /* Data quality. */
    size_t sources;          /* files ingested */
    long rows, rejected;     /* rows read, rows rejected */
    size_t nnotes;
    char notes[RW_REPORT_MAX_NOTES][300]; /* gaps, partial days, first rejects ... */

    /* Charts drawn (file names without extension, in the charts/ folder). */
    char charts_note[200];   /* "" when drawn; else why not and how to fix */
} rw_report;

/* Writers. Each checks every write; RW_EIO on a write error. `charts_dir`
 * is where the charts' SVG files are (read to embed them in the HTML);
 * Markdown links charts/NAME.png. */
rw_status rw_report_write_html(const rw_report *r, const char *charts_dir, FILE *out,
                               rw_error *err);
rw_status rw_report_write_markdown(const rw_report *r, FILE *out, rw_error *err);
rw_status rw_report_write_json(const rw_report *r, FILE *out, rw_error *err);

/* The five summary lines at the top of every form, as plain text (no
 * markup): runway and run-out range, the next threshold to act on, the
 * month-end spend against the budget, the fastest growing service, the
 * anomalies. Writes line i (0..4) into out (size bytes). */
void rw_report_summary_line(const rw_report *r, int i, char *out, size_t size);

#endif
