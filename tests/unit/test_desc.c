/* test_desc.c: descriptions (util/desc.h) and their JSON (export/desc_json.h):
 * every kind of item, nesting, UTF-8 keys, appending one description into
 * another, what JSON cannot hold, and allocation failures on both sides,
 * checked against the exact JSON text. */
#include <stdint.h>
#include <stdlib.h>
#include "check.h"
#include "export/desc_json.h"
#include "util/desc.h"

/* The compact JSON text of d (as forecasts are saved), or "NULL". */
static char *text_of(const rw_desc *d)
{
    json_t *j = rw_desc_to_json(d);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(j);
    return s ? s : strdup("NULL");
}

static void check_text(const rw_desc *d, const char *want, int line)
{
    char *got = text_of(d);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "line %d:\n  got  %s\n  want %s\n", line, got, want);
        check_failures++;
    }
    free(got);
}
#define CHECK_TEXT(d, want) check_text(d, want, __LINE__)

/* A model-like description: every kind, nested both ways. */
static void fill_model(rw_desc *d)
{
    rw_desc_str(d, "form", "AAdA");
    rw_desc_real(d, "alpha", 0.25);
    rw_desc_real(d, "whole", 2.0); /* a real stays a real: 2.0 */
    rw_desc_int(d, "season", 7);   /* an integer stays one: 7 */
    rw_desc_int(d, "big", INT64_MIN);
    rw_desc_bool(d, "damped", 1);
    rw_desc_bool(d, "robust", 0);
    rw_desc_null(d, "note");
    rw_desc_open(d, "candidates", RW_DESC_ARRAY);
    rw_desc_open(d, NULL, RW_DESC_OBJECT);
    rw_desc_str(d, "form", "ANN");
    rw_desc_real(d, "aicc", -12.5);
    rw_desc_close(d);
    rw_desc_open(d, NULL, RW_DESC_OBJECT);
    rw_desc_str(d, "form", "MNN");
    rw_desc_null(d, "aicc");
    rw_desc_close(d);
    rw_desc_open(d, NULL, RW_DESC_ARRAY);
    rw_desc_int(d, NULL, 1);
    rw_desc_real(d, NULL, 1.5);
    rw_desc_str(d, NULL, "x");
    rw_desc_bool(d, NULL, 42); /* any non-zero is true */
    rw_desc_null(d, NULL);
    rw_desc_close(d);
    rw_desc_open(d, NULL, RW_DESC_OBJECT); /* empty ones */
    rw_desc_close(d);
    rw_desc_open(d, NULL, RW_DESC_ARRAY);
    rw_desc_close(d);
    rw_desc_close(d);
}

#define MODEL_JSON                                                                        \
    "\"form\":\"AAdA\",\"alpha\":0.25,\"whole\":2.0,\"season\":7,"                       \
    "\"big\":-9223372036854775808,\"damped\":true,\"robust\":false,\"note\":null,"       \
    "\"candidates\":[{\"form\":\"ANN\",\"aicc\":-12.5},{\"form\":\"MNN\",\"aicc\":null}," \
    "[1,1.5,\"x\",true,null],{},[]]"

static void test_kinds(void)
{
    rw_desc d;
    rw_desc_init(&d);
    rw_error err;
    rw_error_clear(&err);
    CHECK_TEXT(&d, "{}");
    fill_model(&d);
    CHECK(rw_desc_check(&d, "a model", &err) == RW_OK);
    CHECK(d.open == 0 && d.n == 29);
    CHECK(d.item[0].kind == RW_DESC_STR && !strcmp(d.item[0].key, "form") &&
          !strcmp(d.item[0].v.str, "AAdA"));
    CHECK(d.item[3].kind == RW_DESC_INT && d.item[3].v.integer == 7);
    CHECK(d.item[8].kind == RW_DESC_ARRAY && d.item[9].kind == RW_DESC_OBJECT &&
          d.item[9].key == NULL && d.item[12].kind == RW_DESC_CLOSE);
    CHECK_TEXT(&d, "{" MODEL_JSON "}");
    rw_desc_cleanup(&d);
    CHECK(d.n == 0 && d.item == NULL);
    CHECK_TEXT(&d, "{}");
    rw_desc_cleanup(&d); /* twice is harmless */
}

/* UTF-8 keys and values, printed as UTF-8; keys formatted like the levels
 * ("%g"); a repeated key replaces the earlier value in place. */
static void test_keys(void)
{
    rw_desc d = {0}; /* all-zero is empty */
    rw_desc_str(&d, "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac");
    rw_desc_real(&d, "\xcf\x80\xe2\x89\x88", 3.14159265358979);
    rw_desc_open(&d, "coverage", RW_DESC_OBJECT);
    rw_desc_real(&d, "80", 0.75);
    rw_desc_real(&d, "99.5", 1);
    rw_desc_close(&d);
    rw_desc_int(&d, "a", 1);
    rw_desc_int(&d, "b", 2);
    rw_desc_int(&d, "a", 3);
    rw_desc_str(&d, "", "empty key");
    CHECK_TEXT(&d, "{\"caf\xc3\xa9\":\"\xe6\x97\xa5\xe6\x9c\xac\",\"\xcf\x80\xe2\x89\x88\":"
                   "3.14159265358979,\"coverage\":{\"80\":0.75,\"99.5\":1.0},\"a\":3,\"b\":2,"
                   "\"\":\"empty key\"}");
    rw_desc_cleanup(&d);
}

/* What JSON cannot hold is left out, as jansson's setters leave it. */
static void test_left_out(void)
{
    rw_desc d;
    rw_desc_init(&d);
    rw_desc_real(&d, "nan", NAN);
    rw_desc_real(&d, "inf", -INFINITY);
    rw_desc_str(&d, "bad", "\xff\xfe");
    rw_desc_str(&d, "overlong", "\xc0\xaf");
    rw_desc_open(&d, "\xed\xa0\x80", RW_DESC_OBJECT); /* a surrogate: the key and all it holds */
    rw_desc_int(&d, "inside", 1);
    rw_desc_close(&d);
    rw_desc_open(&d, "kept", RW_DESC_ARRAY);
    rw_desc_real(&d, NULL, NAN);
    rw_desc_real(&d, NULL, 0.5);
    rw_desc_str(&d, NULL, "\x80");
    rw_desc_close(&d);
    CHECK(d.item[0].kind == RW_DESC_REAL && isnan(d.item[0].v.real)); /* kept in the description */
    CHECK_TEXT(&d, "{\"kept\":[0.5]}");
    rw_desc_cleanup(&d);
}

/* One description inside another, as a forecast takes in its models'. */
static void test_append(void)
{
    rw_desc model, info;
    rw_desc_init(&model);
    rw_desc_init(&info);
    fill_model(&model);
    rw_desc_str(&info, "granularity", "day");
    rw_desc_open(&info, "components", RW_DESC_ARRAY);
    for (int i = 0; i < 40; i++) { /* past the first allocation of items */
        rw_desc_open(&info, NULL, RW_DESC_OBJECT);
        rw_desc_append(&info, &model);
        rw_desc_str(&info, "model", "ets");
        rw_desc_close(&info);
    }
    rw_desc_close(&info);
    rw_desc empty = {0};
    rw_desc_append(&info, &empty);
    rw_desc_bool(&info, "done", 1);
    CHECK(info.n == 1 + 1 + 40 * (1 + 29 + 1 + 1) + 1 + 1 && info.open == 0);
    rw_desc_cleanup(&model); /* the copy owns its strings */
    char want[16384] = "{\"granularity\":\"day\",\"components\":[";
    for (int i = 0; i < 40; i++) {
        strcat(want, i ? ",{" : "{");
        strcat(want, MODEL_JSON ",\"model\":\"ets\"}");
    }
    strcat(want, "],\"done\":true}");
    CHECK_TEXT(&info, want);
    rw_desc_cleanup(&info);
}

/* Incomplete descriptions are not turned into JSON. */
static void test_incomplete(void)
{
    rw_desc d;
    rw_desc_init(&d);
    rw_desc_open(&d, "open", RW_DESC_ARRAY);
    rw_desc_int(&d, NULL, 1);
    CHECK(d.open == 1);
    CHECK_TEXT(&d, "NULL");
    rw_desc_close(&d);
    CHECK(d.open == 0);
    CHECK_TEXT(&d, "{\"open\":[1]}");
    rw_desc_cleanup(&d);
}

/* An allocation failure is remembered, later calls do nothing, and one
 * check reports it; appending a failed description fails the target. */
static void test_alloc_failure(void)
{
    rw_desc d, fake;
    rw_desc_init(&d);
    rw_error err;
    rw_error_clear(&err);
    rw_desc_str(&d, "before", "kept");
    rw_desc_open(&d, "o", RW_DESC_OBJECT);
    /* More items than memory can hold: the growth of d fails (no item is
     * read: the size is refused first). */
    rw_desc_init(&fake);
    fake.n = SIZE_MAX / 2;
    rw_desc_append(&d, &fake);
    CHECK(d.failed && d.n == 2);
    rw_desc_int(&d, "after", 1);
    rw_desc_close(&d);
    rw_desc_close(&d); /* unbalanced, but nothing happens after a failure */
    CHECK(d.n == 2);
    CHECK(rw_desc_to_json(&d) == NULL);
    CHECK(rw_desc_check(&d, "a test", &err) == RW_ENOMEM);
    CHECK(strstr(err.text, "out of memory while describing a test") != NULL);
    rw_desc_cleanup(&d);
    CHECK(!d.failed && d.n == 0);

    rw_desc good;
    rw_desc_init(&good);
    rw_desc_int(&good, "x", 1);
    rw_desc bad = {0};
    bad.failed = 1;
    rw_desc_append(&good, &bad);
    CHECK(good.failed);
    rw_desc_cleanup(&good);
}

/* jansson running out of memory at every allocation in turn: NULL, never
 * a partial object, and nothing leaks (the Asan build checks). */
static int fail_after;
static void *failing_malloc(size_t n)
{
    return fail_after-- > 0 ? malloc(n) : NULL;
}

static void test_json_alloc_failure(void)
{
    rw_desc d;
    rw_desc_init(&d);
    fill_model(&d);
    int failures = 0, ok = 0;
    for (int k = 0; k < 400 && !ok; k++) {
        fail_after = k;
        json_set_alloc_funcs(failing_malloc, free);
        json_t *j = rw_desc_to_json(&d);
        json_set_alloc_funcs(malloc, free);
        if (!j) {
            failures++;
            continue;
        }
        char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
        CHECK(s && !strcmp(s, "{" MODEL_JSON "}"));
        free(s);
        json_decref(j);
        ok = 1;
    }
    CHECK(ok && failures > 10);
    rw_desc_cleanup(&d);
}

int main(void)
{
    test_kinds();
    test_keys();
    test_left_out();
    test_append();
    test_incomplete();
    test_alloc_failure();
    test_json_alloc_failure();
    CHECK_DONE();
}
