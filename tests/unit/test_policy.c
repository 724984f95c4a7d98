/* test_policy.c: the arrears policies and their responses per alert level:
 * every built-in policy carries all four, older files without them still
 * load, and each way a file can be wrong is an error naming the field. */
#include <stdio.h>
#include <stdlib.h>
#include "check.h"
#include "plan/policy.h"
#include "util/strutil.h"

/* Writes text to a file and loads it as a policy. */
static rw_status load_text(const char *text, rw_policy *p, rw_error *err)
{
    FILE *f = fopen("policy_test.json", "w");
    if (!f) return RW_EIO;
    fputs(text, f);
    fclose(f);
    rw_error_clear(err);
    return rw_policy_load("policy_test.json", p, err);
}

static void test_builtin(void)
{
    static const char *const names[] = {"generic", "tencent-cos", "tencent-cls", "alibaba-oss"};
    rw_policy p;
    rw_error err;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        rw_error_clear(&err);
        CHECK(rw_policy_builtin(names[i], &p, &err) == RW_OK);
        for (int k = 0; k < RW_RESPONSE_LEVELS; k++) {
            const rw_response *r = &p.response[k];
            CHECK(r->set && r->within_hours > 0 && r->action[0] && r->action_zh[0] && r->notify[0]);
            CHECK(rw_utf8_valid(r->action_zh));
        }
        /* The arrears response comes before the suspension. */
        CHECK(p.response[RW_RESPONSE_ARREARS].within_hours <= p.grace_hours);
        /* Shorter notice, faster action. */
        CHECK(p.response[0].within_hours > p.response[1].within_hours &&
              p.response[1].within_hours > p.response[2].within_hours);
    }
    CHECK(rw_policy_builtin("tencent-cos", &p, &err) == RW_OK);
    CHECK_NEAR(p.response[0].within_hours, 72, 0);
    CHECK_NEAR(p.response[1].within_hours, 24, 0);
    CHECK_NEAR(p.response[2].within_hours, 4, 0);
    CHECK_NEAR(p.response[RW_RESPONSE_ARREARS].within_hours, 24, 0);
    CHECK_STR(p.response[0].notify, "finance");
    CHECK(strstr(p.response[RW_RESPONSE_ARREARS].action, "HTTP 451") != NULL);
    CHECK(rw_policy_builtin("alibaba-oss", &p, &err) == RW_OK);
    CHECK_NEAR(p.response[RW_RESPONSE_ARREARS].within_hours, 72, 0);
    CHECK(rw_response_index("yellow") == 1 && rw_response_index("arrears") == 3 &&
          rw_response_index("lead5d") == -1);
}

static void test_files(void)
{
    rw_policy p;
    rw_error err;
    /* An older file: no responses, still valid. */
    CHECK(load_text("{\"name\": \"old\", \"grace_hours\": 24, \"retention_days\": 15,"
                    " \"suspension\": \"stops\"}",
                    &p, &err) == RW_OK);
    CHECK_STR(p.name, "old");
    for (int k = 0; k < RW_RESPONSE_LEVELS; k++)
        CHECK(!p.response[k].set);
    /* Some levels only; optional texts left out. */
    CHECK(load_text("{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
                    " {\"red\": {\"within_hours\": 2.5, \"action\": \"Pay now\"}}}",
                    &p, &err) == RW_OK);
    CHECK(p.response[2].set && !p.response[0].set && !p.response[3].set);
    CHECK_NEAR(p.response[2].within_hours, 2.5, 0);
    CHECK_STR(p.response[2].action_zh, "");

    /* Each bad file: RW_EFORMAT, and the text names what is wrong. */
    static const struct {
        const char *json, *says;
    } bad[] = {
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"grace_hour\": 2}",
         "unknown field \"grace_hour\""},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"provider\": 7}",
         "\"provider\" must be a string"},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\": []}",
         "\"responses\" must be an object"},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
         " {\"orange\": {}}}",
         "responses: unknown field \"orange\""},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
         " {\"blue\": \"top up\"}}",
         "responses.blue must be an object"},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
         " {\"blue\": {\"within_hours\": 72, \"action\": \"a\", \"actoin_zh\": \"b\"}}}",
         "responses.blue: unknown field \"actoin_zh\""},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
         " {\"red\": {\"action\": \"a\"}}}",
         "responses.red.\"within_hours\" must be"},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
         " {\"red\": {\"within_hours\": 0, \"action\": \"a\"}}}",
         "\"within_hours\" must be"},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
         " {\"red\": {\"within_hours\": \"4\", \"action\": \"a\"}}}",
         "\"within_hours\" must be"},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
         " {\"red\": {\"within_hours\": 1e9, \"action\": \"a\"}}}",
         "\"within_hours\" must be"},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
         " {\"red\": {\"within_hours\": 4}}}",
         "responses.red needs an \"action\""},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
         " {\"red\": {\"within_hours\": 4, \"action\": \"\"}}}",
         "needs an \"action\""},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
         " {\"red\": {\"within_hours\": 4, \"action\": 5}}}",
         "responses.red.\"action\" must be"},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"responses\":"
         " {\"red\": {\"within_hours\": 4, \"action\": \"a\", \"notify\": [\"x\"]}}}",
         "\"notify\" must be a string"},
        {"{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1, \"name\": \"y\"}",
         "duplicate"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rw_status st = load_text(bad[i].json, &p, &err);
        CHECK(st == RW_EFORMAT);
        if (!strstr(err.text, bad[i].says))
            fprintf(stderr, "case %zu: '%s' does not say '%s'\n", i, err.text, bad[i].says);
        CHECK(strstr(err.text, bad[i].says) != NULL);
        CHECK(strstr(err.file, "policy_test.json") != NULL);
    }
    /* An action longer than its field is an error, not cut mid-character. */
    char *big = malloc(1200);
    if (big) {
        int w = snprintf(big, 1200,
                         "{\"name\": \"x\", \"grace_hours\": 1, \"retention_days\": 1,"
                         " \"responses\": {\"red\": {\"within_hours\": 4,"
                         " \"action_zh\": \"");
        for (int i = 0; i < 100; i++)
            w += snprintf(big + w, 1200 - (size_t)w, "充");
        snprintf(big + w, 1200 - (size_t)w, "\", \"action\": \"a\"}}}");
        CHECK(load_text(big, &p, &err) == RW_EFORMAT);
        CHECK(strstr(err.text, "\"action_zh\" is longer than 239 bytes") != NULL);
        free(big);
    }
    remove("policy_test.json");
}

/* The fuzz target's seed fixtures (tests/fuzz/seeds/policy), replayed in
 * the normal run: one valid, one with a misspelt field. */
static void test_fuzz_seeds(void)
{
    rw_policy p;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_policy_load(RW_SOURCE_DIR "/tests/fuzz/seeds/policy/responses-partial.json", &p,
                         &err) == RW_OK);
    CHECK(p.response[2].set && p.response[3].set && !p.response[0].set);
    CHECK_NEAR(p.response[3].within_hours, 0.5, 0);
    CHECK_STR(p.response[3].action_zh, "请立即补足欠款");
    rw_error_clear(&err);
    CHECK(rw_policy_load(RW_SOURCE_DIR "/tests/fuzz/seeds/policy/responses-bad-field.json", &p,
                         &err) == RW_EFORMAT);
    CHECK(strstr(err.text, "actoin_zh") != NULL);
}

int main(void)
{
    test_builtin();
    test_files();
    test_fuzz_seeds();
    CHECK_DONE();
}
