/* org_report.h: the organisation report (runway.h rw_report_all): every
 * account with a balance ranked as `runout --all-accounts` ranks them (in
 * arrears first, then the fewest days left), totals per currency, the
 * accounts that need a top-up this week with the amount, the month against
 * the budgets per label, and a link to each account's own report; written
 * as DIR/index.html and DIR/summary.json (docs/report.md, "The
 * organisation report").
 *
 * Each account's figures are those of its run-out (the rank) and of its
 * single-account report; the overview only adds them up. Money is summed
 * with compensated sums (util/num.h), per currency: accounts in different
 * currencies are never added together. */
#ifndef RW_ORG_REPORT_H
#define RW_ORG_REPORT_H

#include <limits.h>
#include <stdio.h>
#include "export/accounts_write.h"
#include "export/report.h"

#define RW_ORG_LINES 5          /* the summary lines of an account's report */
#define RW_ORG_LINE 400         /* bytes of one */
#define RW_ORG_WEEK_DAYS 7      /* "needs a top-up this week": P10 run-out within */
#define RW_ORG_FUND_DAYS 30     /* default and largest days a top-up keeps an account */
#define RW_ORG_CHART_ACCOUNTS 50 /* default accounts whose pages have charts */
#define RW_ORG_CHART_PX 160     /* the days-left chart's height: margins, title, key */
#define RW_ORG_CHART_ROW_PX 22  /* and per account */
/* Room for an account's folder name: every byte of an id may take 3. */
#define RW_ORG_FOLDER_MAX (3 * RW_ACCOUNT_MAX + 1)

/* One account's part: rw_account_result.result of kind RW_ALL_REPORT. */
typedef struct rw_org_account {
    rw_runout_result *runout; /* owned: the run-out it is ranked by (its
                               * scenarios freed once read); NULL when it failed */
    double burn;             /* mean consumption per day, last 28 days of history */
    double fund_to;          /* the balance that lasts fund_days with 95%
                              * (the threshold rule); NaN when unknown */
    double topup;            /* money that brings the observed balance to
                              * fund_to (0 when it is there), NaN unknown */
    int needs_topup;         /* in arrears, or P10 run-out within RW_ORG_WEEK_DAYS */
    char folder[RW_ORG_FOLDER_MAX]; /* accounts/FOLDER/ holds its report */
    int has_page;            /* its report was written */
    int charts;              /* with charts */
    /* The month of its report (budget section; cost view). */
    char month_from[16], month_to[16];
    double month_spent, month_forecast, month_p10, month_p90;
    double budget;           /* its budget; NaN when none */
    double p_over;           /* chance of going over it; NaN without a budget */
    char lines[RW_ORG_LINES][RW_ORG_LINE]; /* its report's summary lines */
} rw_org_account;

/* Totals of the accounts in one currency. */
typedef struct rw_org_total {
    char currency[4];
    size_t accounts;         /* ranked without failure */
    double balance;          /* sum of the observed balances */
    double burn;             /* sum of burn per day */
    size_t needs;            /* accounts needing a top-up this week */
    double topup;            /* sum of their top-ups */
} rw_org_total;

/* The month of the accounts with one label value, in one currency. */
typedef struct rw_org_group {
    char key[64];            /* the label key ("department") */
    char *value;             /* owned; "" for accounts without the key */
    char currency[4];
    size_t accounts;         /* with a report */
    size_t budgeted;         /* of which with a budget */
    double spent;            /* month to date */
    double forecast;         /* forecast month total (mean) */
    double budget;           /* sum of the budgets given */
} rw_org_group;

struct rw_org_report {
    char out[PATH_MAX];      /* the folder */
    rw_account_results *rs;  /* owned: ranked, kind RW_ALL_REPORT */
    rw_lang lang;
    char generated_at[32];   /* ISO 8601 UTC */
    size_t fund_days;        /* the top-ups keep accounts this many days */
    size_t chart_accounts;   /* accounts (in rank order) whose pages have charts */
    char chart[64];          /* the days-left chart's name, "" when none */
    size_t chart_rows;       /* accounts on it */
    char charts_note[200];   /* why there is no chart, "" when drawn */
    rw_org_total *total;     /* owned, by currency */
    size_t ntotal;
    rw_org_group *group;     /* owned, by key, value, currency */
    size_t ngroup;
    size_t needs;            /* accounts needing a top-up this week */
    size_t pages;            /* account pages written */
};

/* The folder name of account `id` in DIR/accounts/: the id itself when it
 * is made of ASCII letters, digits, '-', '_' and '.' and does not start
 * with '.'; else every other byte (and a leading '.') as "~XX" (hex), so
 * distinct ids get distinct names, and no name is "", "." or "..", has a
 * '/' or needs escaping in a URL. RW_EINVAL when the name would be longer
 * than 255 bytes (NAME_MAX). */
rw_status rw_org_folder_name(const char *id, char *out, size_t size, rw_error *err);

/* Whether account x needs a top-up this week (in arrears, or its P10
 * run-out within RW_ORG_WEEK_DAYS days). */
int rw_org_needs_topup(const rw_runout_facts *f);

/* The state of account x: "error", its arrears phase ("grace",
 * "suspended", "deleted"), "top_up" (needs one this week) or "ok". */
const char *rw_org_state(const rw_account_result *x);

/* Fills r->total, r->group, r->needs and r->pages from r->rs. RW_ENOMEM. */
rw_status rw_org_summarise(rw_org_report *r, rw_error *err);

void rw_org_account_free(rw_org_account *a);

/* DIR/index.html (charts_dir: where r->chart's SVG is, NULL: none) and
 * DIR/summary.json. Every write checked: RW_EIO. */
rw_status rw_org_write_html(const rw_org_report *r, const char *charts_dir, FILE *out,
                            rw_error *err);
rw_status rw_org_write_json(const rw_org_report *r, FILE *out, rw_error *err);

#endif
