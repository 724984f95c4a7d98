/* test_pace.c: webhook rate limits (alert/pace.h) on a scripted clock: at
 * most `limit` sends per target in any window, the wait until the next
 * slot, targets counted apart, the kinds' documented limits, and several
 * threads never granted more than the limit together. */
#include <pthread.h>
#include "check.h"
#include "alert/pace.h"

static int64_t scripted(void *ctx)
{
    return *(int64_t *)ctx;
}

static void test_window(void)
{
    int64_t now = 1000, wait = -1;
    rw_pacer *p = rw_pacer_alloc(scripted, &now);
    rw_pace_limit l = {3, 60000};
    CHECK(p != NULL);
    CHECK(rw_pacer_take(p, "wecom a #1", l, &wait) && wait == 0);
    now += 10000;
    CHECK(rw_pacer_take(p, "wecom a #1", l, NULL));
    now += 10000;
    CHECK(rw_pacer_take(p, "wecom a #1", l, NULL));
    /* The fourth in the window waits until the first is a window old. */
    CHECK(!rw_pacer_take(p, "wecom a #1", l, &wait));
    CHECK(wait == 40000);
    /* Another target is counted apart. */
    CHECK(rw_pacer_take(p, "wecom a #2", l, NULL));
    now = 1000 + 60000 - 1;
    CHECK(!rw_pacer_take(p, "wecom a #1", l, &wait) && wait == 1);
    now = 1000 + 60000;
    CHECK(rw_pacer_take(p, "wecom a #1", l, &wait) && wait == 0);
    /* Now the second send (at 11000) is the oldest. */
    CHECK(!rw_pacer_take(p, "wecom a #1", l, &wait) && wait == 11000 + 60000 - now);
    now = 11000 + 60000;
    CHECK(rw_pacer_take(p, "wecom a #1", l, NULL));
    /* No limit: always granted. */
    for (int i = 0; i < 100; i++) CHECK(rw_pacer_take(p, "json b #3", (rw_pace_limit){0, 1}, NULL));
    rw_pacer_free(p);
    rw_pacer_free(NULL);
    CHECK(rw_pacer_take(NULL, "x", l, NULL)); /* no pacer: no pacing */
}

/* A burst of 50 at one instant to one robot: 20 granted, the rest told to
 * wait a minute; a minute later 20 more. */
static void test_burst(void)
{
    int64_t now = 0, wait = 0;
    rw_pacer *p = rw_pacer_alloc(scripted, &now);
    rw_pace_limit l = rw_pace_kind_limit(RW_WEBHOOK_WECOM);
    int granted = 0;
    for (int i = 0; i < 50; i++) granted += rw_pacer_take(p, "wecom q #9", l, &wait);
    CHECK(granted == 20);
    CHECK(wait == 60000);
    now = 60000;
    granted = 0;
    for (int i = 0; i < 50; i++) granted += rw_pacer_take(p, "wecom q #9", l, NULL);
    CHECK(granted == 20);
    rw_pacer_free(p);
}

static void test_kinds(void)
{
    CHECK(rw_pace_kind_limit(RW_WEBHOOK_WECOM).limit == 20);
    CHECK(rw_pace_kind_limit(RW_WEBHOOK_WECOM).window_ms == 60000);
    CHECK(rw_pace_kind_limit(RW_WEBHOOK_DINGTALK).limit == 20);
    CHECK(rw_pace_kind_limit(RW_WEBHOOK_SLACK).limit == 60);
    CHECK(rw_pace_kind_limit(RW_WEBHOOK_JSON).limit == 0);
}

typedef struct shared {
    rw_pacer *p;
    int granted[4];
} shared;

static int64_t frozen(void *ctx)
{
    (void)ctx;
    return 5;
}

static shared sh;

static void *worker(void *arg)
{
    int k = *(int *)arg;
    for (int i = 0; i < 1000; i++)
        sh.granted[k] += rw_pacer_take(sh.p, "dingtalk d #7", (rw_pace_limit){20, 60000}, NULL);
    return NULL;
}

static void test_threads(void)
{
    pthread_t t[4];
    int ids[4] = {0, 1, 2, 3};
    sh.p = rw_pacer_alloc(frozen, NULL);
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, &ids[i]);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    CHECK(sh.granted[0] + sh.granted[1] + sh.granted[2] + sh.granted[3] == 20);
    rw_pacer_free(sh.p);
}

int main(void)
{
    test_window();
    test_burst();
    test_kinds();
    test_threads();
    CHECK_DONE();
}
