/* plan_write.h: the results of the planning use cases (the structs behind
 * runway.h's rw_runout_result, rw_thresholds_result, rw_budget_result)
 * and what their writers need. The app layer fills them; the writers
 * (plan_write.c) turn them into text, JSON or Prometheus rules. */
#ifndef RW_PLAN_WRITE_H
#define RW_PLAN_WRITE_H

#include "plan/budget.h"
#include "plan/money.h"
#include "plan/policy.h"
#include "plan/threshold.h"
#include "plan/usual_rules.h"
#include "util/lang.h"
#include "util/tz.h"

struct rw_runout_result {
    rw_runout_facts facts;   /* the public view (points into this struct) */
    rw_scenarios *s;         /* owned */
    rw_runout r;             /* owned arrays */
    double balance;          /* at the end of as-of */
    char currency[4];        /* "" unknown */
    char note[400];          /* how the balance was derived */
    char note_zh[400];       /* the same in Chinese ("" when not made) */
    double credit;
    rw_flow *flows;          /* owned: dated top-ups and charges */
    size_t nflows;
    rw_policy pol;
    rw_tz *tz;               /* owned: the zone of the days; NULL: UTC */
    rw_lang lang;            /* of the text writer */
};

struct rw_thresholds_result {
    rw_scenarios *s;         /* owned */
    rw_threshold_set t;
    rw_usual_rules rules;    /* the usual rules, replayed at the same origins */
    rw_policy pol;           /* its responses, per level */
    char currency[4];        /* "" unknown */
    char *gauge;             /* owned: the balance metric in Prometheus rules */
    rw_tz *tz;               /* owned: the zone of the days; NULL: UTC */
    rw_lang lang;            /* of the text writer */
};

struct rw_budget_result {
    rw_scenarios *s;         /* owned */
    rw_budget b;
    rw_budget_period pd;
    double amount;
    char currency[4];        /* "" unknown */
    rw_tz *tz;               /* owned: the zone of the days; NULL: UTC */
    rw_lang lang;            /* of the text writer */
};

/* The JSON objects `runway runout --format json`, `runway thresholds
 * --format json` and `runway budget --format json` print (NULL on ENOMEM);
 * the caller owns them. */
#include <jansson.h>
json_t *rw_runout_json(const rw_runout_result *r);
/* Frees r's scenarios (paths x days of doubles, the bulk of its memory),
 * for results kept by the thousand. Afterwards only its facts may be read
 * (facts.series is NULL); its writers need the scenarios. */
void rw_runout_result_drop_paths(rw_runout_result *r);
json_t *rw_thresholds_json(const rw_thresholds_result *r);
/* `runway budget --format json`'s object; "budget" and
 * "probability_over" are null when the account has no budget (amount
 * NaN, only over every account). */
json_t *rw_budget_json(const rw_budget_result *r);

#endif
