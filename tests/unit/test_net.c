/* test_net.c: the transport policy (which URLs may be used), credentials
 * loading from the environment and from a file (with the permission
 * check), and that no error text ever carries a secret. No network: the
 * only connections go to a loopback port nobody listens on. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "net/credentials.h"
#include "net/http.h"
#include "net/tencent.h"

#define SECRET_ID "AKIDtestNET00000000000000000000000001"
#define SECRET_KEY "netTESTsecretKEY0000000000000001"
#define TOKEN "tokenNETtest/0000+0000=0000"

static void clear_env(void)
{
    unsetenv("TENCENTCLOUD_SECRET_ID");
    unsetenv("TENCENTCLOUD_SECRET_KEY");
    unsetenv("TENCENTCLOUD_SESSION_TOKEN");
}

/* 1 when none of the test secrets appears in text. */
static int clean(const char *text)
{
    return !strstr(text, SECRET_ID) && !strstr(text, SECRET_KEY) && !strstr(text, TOKEN) &&
           !strstr(text, "LEAKME");
}

static void test_url_policy(void)
{
    CHECK(rw_http_url_allowed("https://billing.tencentcloudapi.com"));
    CHECK(rw_http_url_allowed("https://billing.tencentcloudapi.com/"));
    CHECK(rw_http_url_allowed("HTTPS://example.com:8443/x?y=1"));
    CHECK(rw_http_url_allowed("http://127.0.0.1:8080/"));
    CHECK(rw_http_url_allowed("http://127.1.2.3/"));
    CHECK(rw_http_url_allowed("http://localhost:9/"));
    CHECK(rw_http_url_allowed("http://LocalHost/"));
    CHECK(rw_http_url_allowed("http://[::1]:8080/"));

    CHECK(!rw_http_url_allowed(NULL));
    CHECK(!rw_http_url_allowed(""));
    CHECK(!rw_http_url_allowed("http://billing.tencentcloudapi.com/"));
    CHECK(!rw_http_url_allowed("http://10.0.0.1/"));
    CHECK(!rw_http_url_allowed("http://128.0.0.1/"));
    CHECK(!rw_http_url_allowed("http://127.0.0.1.example.com/"));
    CHECK(!rw_http_url_allowed("http://localhost.example.com/"));
    CHECK(!rw_http_url_allowed("http://127.0.0.1@example.com/")); /* user info, host elsewhere */
    CHECK(!rw_http_url_allowed("http://example.com#@127.0.0.1/"));
    CHECK(!rw_http_url_allowed("https://user:pass@example.com/")); /* credentials in the URL */
    CHECK(!rw_http_url_allowed("ftp://127.0.0.1/"));
    CHECK(!rw_http_url_allowed("file:///etc/passwd"));
    CHECK(!rw_http_url_allowed("billing.tencentcloudapi.com"));
    CHECK(!rw_http_url_allowed("https://exa mple.com/"));
    CHECK(!rw_http_url_allowed("https://example.com/\r\nX: y"));
    CHECK(!rw_http_url_allowed("http://[::2]/"));
}

static void test_post_refused_and_errors(void)
{
    rw_http_opts o;
    rw_http_response r;
    rw_error err;

    rw_http_opts_default(&o);
    o.max_retries = 1;
    o.backoff_s = 0.01;
    o.connect_timeout_s = 2;
    o.timeout_s = 5;

    /* A URL the policy refuses: nothing is sent, the error does not echo it. */
    rw_error_clear(&err);
    CHECK(rw_http_post("http://example.com/?SecretId=" SECRET_ID, NULL, "{}", 2, &o, &r, &err) ==
          RW_EINVAL);
    CHECK(r.attempts == 0 && r.body == NULL);
    CHECK(clean(err.text) && !strstr(err.text, "example.com"));
    rw_http_response_cleanup(&r);

    /* A loopback port nobody listens on (port 9, discard, is never served
     * here): a connect failure after the retry, named by scheme, host, port
     * and path, never by query or headers. */
    const char *hdrs[] = {"Authorization: TC3-HMAC-SHA256 Credential=" SECRET_ID "/x",
                          "X-TC-Token: " TOKEN, NULL};
    rw_error_clear(&err);
    rw_status st =
        rw_http_post("http://127.0.0.1:9/path?SecretKey=" SECRET_KEY, hdrs, "{}", 2, &o, &r, &err);
    CHECK(st == RW_ENET);
    CHECK(r.attempts == 2 && r.status == 0);
    CHECK(r.body != NULL && r.len == 0);
    CHECK(strstr(err.text, "http://127.0.0.1:9/path") != NULL);
    CHECK(strstr(err.text, "connect") != NULL);
    CHECK(!strstr(err.text, "?"));
    CHECK(clean(err.text));
    rw_http_response_cleanup(&r);
    CHECK(r.body == NULL);
    rw_http_response_cleanup(NULL);

    /* A header with a line break is refused before anything is sent. */
    const char *bad[] = {"X-A: 1\r\nX-B: 2", NULL};
    rw_error_clear(&err);
    CHECK(rw_http_post("http://127.0.0.1:9/", bad, "", 0, &o, &r, &err) == RW_EINVAL);
    rw_http_response_cleanup(&r);
}

static void test_creds_env(void)
{
    rw_tc_creds c;
    rw_error err;

    clear_env();
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(NULL, &c, &err) == RW_ENOTFOUND);
    CHECK(strstr(err.text, "TENCENTCLOUD_SECRET_ID") != NULL);

    setenv("TENCENTCLOUD_SECRET_ID", SECRET_ID, 1);
    setenv("TENCENTCLOUD_SECRET_KEY", SECRET_KEY, 1);
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load("/nonexistent/creds.json", &c, &err) == RW_OK);
    CHECK_STR(c.secret_id, SECRET_ID);
    CHECK_STR(c.secret_key, SECRET_KEY);
    CHECK_STR(c.token, "");
    setenv("TENCENTCLOUD_SESSION_TOKEN", TOKEN, 1);
    CHECK(rw_tc_creds_load(NULL, &c, &err) == RW_OK);
    CHECK_STR(c.token, TOKEN);

    /* Wiping clears every byte. */
    rw_tc_creds_wipe(&c);
    static const rw_tc_creds zero;
    CHECK(memcmp(&c, &zero, sizeof c) == 0);
    rw_tc_creds_wipe(NULL);

    /* Only one of the pair: refused, naming the missing variable. */
    unsetenv("TENCENTCLOUD_SECRET_KEY");
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(NULL, &c, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "TENCENTCLOUD_SECRET_KEY") != NULL && clean(err.text));
    CHECK(c.secret_id[0] == '\0'); /* wiped on failure */

    /* Too long, or with a blank: refused without quoting the value. */
    char longv[300];
    memset(longv, 'A', sizeof longv - 1);
    longv[sizeof longv - 1] = '\0';
    setenv("TENCENTCLOUD_SECRET_KEY", longv, 1);
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(NULL, &c, &err) == RW_EINVAL);
    CHECK(!strstr(err.text, "AAAAAAAA"));
    setenv("TENCENTCLOUD_SECRET_KEY", "LEAKME with space", 1);
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(NULL, &c, &err) == RW_EINVAL && clean(err.text));
    clear_env();
}

/* Writes text to path with the given mode (mode set after writing, so the
 * umask does not matter). */
static int write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    if (!f) return 0;
    int ok = fputs(text, f) >= 0;
    ok &= fclose(f) == 0;
    return ok && chmod(path, mode) == 0;
}

static void test_creds_file(void)
{
    char dir[] = "/tmp/rw_test_net_XXXXXX";
    char path[128];
    rw_tc_creds c;
    rw_error err;

    clear_env();
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/creds.json", dir);

    /* Absent file: RW_ENOTFOUND, saying where to put them. */
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(path, &c, &err) == RW_ENOTFOUND);
    CHECK(strstr(err.text, path) != NULL && strstr(err.text, "600") != NULL);

    /* A private file is read. */
    CHECK(write_file(path,
                     "{\"secret_id\": \"" SECRET_ID "\", \"secret_key\": \"" SECRET_KEY
                     "\", \"token\": \"" TOKEN "\"}\n",
                     0600));
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(path, &c, &err) == RW_OK);
    CHECK_STR(c.secret_id, SECRET_ID);
    CHECK_STR(c.secret_key, SECRET_KEY);
    CHECK_STR(c.token, TOKEN);
    CHECK(chmod(path, 0400) == 0);
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(path, &c, &err) == RW_OK);

    /* Readable or writable by group or others: refused (EINVAL), nothing read. */
    static const mode_t open_modes[] = {0640, 0620, 0604, 0602, 0644, 0666};
    for (size_t i = 0; i < sizeof open_modes / sizeof open_modes[0]; i++) {
        CHECK(chmod(path, open_modes[i]) == 0);
        rw_error_clear(&err);
        CHECK(rw_tc_creds_load(path, &c, &err) == RW_EINVAL);
        CHECK(strstr(err.text, "chmod 600") != NULL && strcmp(err.file, path) == 0);
        CHECK(clean(err.text) && c.secret_id[0] == '\0');
    }
    /* Execute bits alone are not access to the content. */
    CHECK(chmod(path, 0611) == 0);
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(path, &c, &err) == RW_OK);

    /* The environment wins over the file. */
    setenv("TENCENTCLOUD_SECRET_ID", "AKIDfromENV", 1);
    setenv("TENCENTCLOUD_SECRET_KEY", "keyFROMenv", 1);
    CHECK(chmod(path, 0644) == 0); /* would be refused if it were read */
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(path, &c, &err) == RW_OK);
    CHECK_STR(c.secret_id, "AKIDfromENV");
    clear_env();

    /* Not JSON: the error gives line and column, never the text near it. */
    CHECK(write_file(path, "{\"secret_id\": \"LEAKME1\", \"secret_key\": LEAKME2}", 0600));
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(path, &c, &err) == RW_EFORMAT);
    CHECK(clean(err.text) && err.line == 1);

    /* Missing key, wrong type, a directory. */
    CHECK(write_file(path, "{\"secret_id\": \"LEAKME\"}", 0600));
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(path, &c, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "secret_key") != NULL && clean(err.text));
    CHECK(write_file(path, "{\"secret_id\": \"LEAKME\", \"secret_key\": 5}", 0600));
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(path, &c, &err) == RW_EINVAL && clean(err.text));
    CHECK(write_file(path, "[\"LEAKME\"]", 0600));
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(path, &c, &err) == RW_EFORMAT && clean(err.text));
    CHECK(chmod(dir, 0700) == 0);
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(dir, &c, &err) == RW_EINVAL);

    unlink(path);
    rmdir(dir);
}

/* Named profiles: a member's keys and a route's webhook URL, never the
 * environment's; missing, malformed and public files refused by name. */
static void test_creds_profiles(void)
{
    char dir[] = "/tmp/rw_test_net_XXXXXX";
    char path[128], url[256];
    rw_tc_creds c;
    rw_error err;

    clear_env();
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/creds.json", dir);
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load_profile(path, "m1", &c, &err) == RW_ENOTFOUND);
    CHECK(write_file(path,
                     "{\"secret_id\": \"AKIDadmin\", \"secret_key\": \"adminKEY\",\n"
                     " \"profiles\": {\"100001\": {\"secret_id\": \"" SECRET_ID
                     "\", \"secret_key\": \"" SECRET_KEY "\", \"token\": \"" TOKEN "\"},\n"
                     "  \"ops.team-1\": {\"webhook\": \"https://hooks.example/T/B/LEAKME\"},\n"
                     "  \"half\": {\"secret_id\": \"LEAKME\"}, \"odd\": [\"LEAKME\"]}}\n",
                     0600));
    /* The environment does not stand in for a profile. */
    setenv("TENCENTCLOUD_SECRET_ID", "AKIDfromENV", 1);
    setenv("TENCENTCLOUD_SECRET_KEY", "keyFROMenv", 1);
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load_profile(path, "100001", &c, &err) == RW_OK);
    CHECK_STR(c.secret_id, SECRET_ID);
    CHECK_STR(c.secret_key, SECRET_KEY);
    CHECK_STR(c.token, TOKEN);
    clear_env();
    /* The top level is still the default keys. */
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load(path, &c, &err) == RW_OK);
    CHECK_STR(c.secret_id, "AKIDadmin");
    /* A webhook profile. */
    rw_error_clear(&err);
    CHECK(rw_cred_profile_webhook(path, "ops.team-1", url, sizeof url, &err) == RW_OK);
    CHECK_STR(url, "https://hooks.example/T/B/LEAKME");
    rw_error_clear(&err);
    CHECK(rw_cred_profile_webhook(path, "ops.team-1", url, 16, &err) == RW_EINVAL);
    CHECK(clean(err.text) && url[0] == '\0');
    /* Missing profile, profile without keys or URL, not an object, bad name. */
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load_profile(path, "100002", &c, &err) == RW_ENOTFOUND);
    CHECK(strstr(err.text, "\"100002\"") != NULL && !strcmp(err.file, path));
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load_profile(path, "half", &c, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "profile \"half\"") && strstr(err.text, "secret_key") && clean(err.text));
    CHECK(c.secret_id[0] == '\0');
    rw_error_clear(&err);
    CHECK(rw_cred_profile_webhook(path, "100001", url, sizeof url, &err) == RW_ENOTFOUND);
    CHECK(strstr(err.text, "webhook") && clean(err.text));
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load_profile(path, "odd", &c, &err) == RW_EFORMAT && clean(err.text));
    rw_error_clear(&err);
    CHECK(rw_tc_creds_load_profile(path, "../x", &c, &err) == RW_EINVAL);
    CHECK(rw_cred_profile_name_ok("a.b_c-1") && !rw_cred_profile_name_ok("") &&
          !rw_cred_profile_name_ok("a b") && !rw_cred_profile_name_ok("名"));
    rw_error_clear(&err);
    CHECK(rw_cred_profile_webhook(NULL, "ops", url, sizeof url, &err) == RW_EINVAL);
    /* "profiles" of the wrong shape; a public file. */
    CHECK(write_file(path, "{\"profiles\": [\"LEAKME\"]}", 0600));
    rw_error_clear(&err);
    CHECK(rw_cred_profile_webhook(path, "ops", url, sizeof url, &err) == RW_EFORMAT);
    CHECK(clean(err.text));
    CHECK(write_file(path, "{\"profiles\": {\"ops\": {\"webhook\": \"https://x/LEAKME\"}}}",
                     0644));
    rw_error_clear(&err);
    CHECK(rw_cred_profile_webhook(path, "ops", url, sizeof url, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "chmod 600") && url[0] == '\0');
    unlink(path);
    rmdir(dir);
}

static rw_status no_page(void *ctx, const char *response, size_t offset, size_t count, size_t total,
                         rw_error *err)
{
    (void)ctx, (void)response, (void)offset, (void)count, (void)total, (void)err;
    return RW_OK;
}

static void test_client_open(void)
{
    rw_tc_creds c;
    rw_tc_opts o;
    rw_tc_client *cl = NULL;
    rw_error err;

    memset(&c, 0, sizeof c);
    snprintf(c.secret_id, sizeof c.secret_id, "%s", SECRET_ID);
    snprintf(c.secret_key, sizeof c.secret_key, "%s", SECRET_KEY);
    rw_tc_opts_default(&o);
    CHECK(o.throttle_retries == 5 && o.http.max_retries == 3 && o.endpoint == NULL);

    rw_error_clear(&err);
    CHECK(rw_tc_client_open(&c, &o, &cl, &err) == RW_OK && cl != NULL);
    rw_tc_client_close(cl);
    rw_tc_client_close(NULL);

    /* Plain http to a remote host: refused before any request. */
    o.endpoint = "http://billing.tencentcloudapi.com/?k=" SECRET_KEY;
    cl = NULL;
    rw_error_clear(&err);
    CHECK(rw_tc_client_open(&c, &o, &cl, &err) == RW_EINVAL && cl == NULL);
    CHECK(clean(err.text));

    /* Empty credentials. */
    rw_tc_creds empty;
    memset(&empty, 0, sizeof empty);
    rw_tc_opts_default(&o);
    rw_error_clear(&err);
    CHECK(rw_tc_client_open(&empty, &o, &cl, &err) == RW_EINVAL && cl == NULL);

    /* A call to a dead loopback endpoint: RW_ENET, no secret in the error. */
    rw_tc_opts_default(&o);
    o.endpoint = "http://127.0.0.1:9/";
    o.http.max_retries = 0;
    o.http.connect_timeout_s = 2;
    snprintf(c.token, sizeof c.token, "%s", TOKEN);
    rw_error_clear(&err);
    CHECK(rw_tc_client_open(&c, &o, &cl, &err) == RW_OK);
    char *resp = NULL;
    rw_error_clear(&err);
    CHECK(rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_ENET);
    CHECK(resp == NULL && clean(err.text));
    CHECK(strstr(err.text, "DescribeAccountBalance") != NULL);
    CHECK(strstr(err.text, "http://127.0.0.1:9/") != NULL);
    /* Bad arguments. */
    rw_error_clear(&err);
    CHECK(rw_tc_call(cl, "Describe Balance", "{}", &resp, &err) == RW_EINVAL);
    rw_error_clear(&err);
    CHECK(rw_tc_bill_detail(cl, "2024-09", NULL, NULL, 0, NULL, NULL, &err) == RW_EINVAL);
    rw_error_clear(&err);
    CHECK(rw_tc_bill_detail(cl, "2024-13", NULL, NULL, 0, no_page, NULL, &err) == RW_EINVAL);
    rw_error_clear(&err);
    CHECK(rw_tc_bill_detail(cl, NULL, "2024-09-01 00:00:00", "2024-10-01 00:00:00", 0, no_page,
                            NULL, &err) == RW_EINVAL);
    rw_error_clear(&err);
    CHECK(rw_tc_bill_detail(cl, "2024-09", "2024-09-01 00:00:00", "2024-09-02 00:00:00", 0, no_page,
                            NULL, &err) == RW_EINVAL);
    rw_error_clear(&err);
    CHECK(rw_tc_bill_detail(cl, NULL, "2024-09-31 00:00:00", "2024-09-30 00:00:00", 0, no_page,
                            NULL, &err) == RW_EINVAL);
    rw_tc_client_close(cl);
}

int main(void)
{
    if (rw_http_global_init() != RW_OK) return 1;
    test_url_policy();
    test_post_refused_and_errors();
    test_creds_env();
    test_creds_file();
    test_creds_profiles();
    test_client_open();
    CHECK_DONE();
}
