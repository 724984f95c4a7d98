/* test_tencent_client.c: the Billing API client against fake_tencent.py, a
 * loopback fake that verifies every TC3 signature with its own Python
 * implementation (hashlib/hmac). A request the fake accepts is therefore
 * signed right by an independent check, not by this code checking itself.
 *
 * Each test starts its own fake (posix_spawn of /usr/bin/python3, the port
 * read from its stdout), with the fault flags it needs, and stops it
 * (SIGTERM to that pid only). The fake's request log tells what was sent.
 * The fake's verifier is itself checked first against Tencent's worked
 * example (fake_tencent.py --self-test).
 * The script is found next to this file (from __FILE__) or under
 * $RUNWAY_SRC_DIR/tests/e2e/. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include "check.h"
#include "net/tencent.h"
#include "util/safe_text.h"

extern char **environ;

#define PYTHON "/usr/bin/python3"
#define FAKE_ID "AKIDrunwayFAKE0000000000000000000000" /* fake_tencent.py's test SecretId */
#define FAKE_KEY "runwayFAKEsecretKEY0000000000000"    /* and SecretKey */
#define FAKE_ITEMS 250                                 /* its default --items */
#define FAKE_BALANCE 1234567                           /* its default --balance */
#define MAX_PAGES 32

typedef struct fake {
    pid_t pid;     /* the server process, 0 when not running */
    int port;      /* where it listens on 127.0.0.1 */
    char dir[64];  /* private temporary directory */
    char log[128]; /* its request log */
    char url[64];  /* http://127.0.0.1:PORT/ */
} fake;

static void script_path(char *out, size_t size)
{
    const char *env = getenv("RUNWAY_SRC_DIR");
    const char *f = __FILE__, *tail = "unit/test_tencent_client.c";
    size_t n = strlen(f), t = strlen(tail);
    if (env && *env)
        snprintf(out, size, "%s/tests/e2e/fake_tencent.py", env);
    else if (n >= t && !strcmp(f + n - t, tail))
        snprintf(out, size, "%.*se2e/fake_tencent.py", (int)(n - t), f);
    else
        snprintf(out, size, "../../tests/e2e/fake_tencent.py");
}

/* Starts the fake with extra flags (NULL-terminated); 0 on failure. */
static int fake_start(fake *f, const char *const *flags)
{
    char script[1024];
    const char *argv[32];
    int argc = 0, pfd[2] = {-1, -1}, ok = 0;
    posix_spawn_file_actions_t fa;

    memset(f, 0, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/rw_fake_tc_XXXXXX");
    if (!mkdtemp(f->dir)) return 0;
    snprintf(f->log, sizeof f->log, "%s/requests.jsonl", f->dir);
    script_path(script, sizeof script);
    argv[argc++] = PYTHON;
    argv[argc++] = script;
    argv[argc++] = "--log";
    argv[argc++] = f->log;
    argv[argc++] = "--idle-timeout";
    argv[argc++] = "120";
    for (size_t i = 0; flags && flags[i] && argc < 31; i++)
        argv[argc++] = flags[i];
    argv[argc] = NULL;

    if (pipe(pfd) != 0) return 0;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, pfd[0]);
    posix_spawn_file_actions_addclose(&fa, pfd[1]);
    int rc = posix_spawn(&f->pid, PYTHON, &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pfd[1]);
    if (rc != 0) {
        fprintf(stderr, "cannot start %s: %s\n", script, strerror(rc));
        f->pid = 0;
        goto out;
    }
    /* The first line of its stdout is the port. */
    char line[32];
    size_t len = 0;
    while (len < sizeof line - 1) {
        struct pollfd p = {pfd[0], POLLIN, 0};
        if (poll(&p, 1, 15000) <= 0) break;
        ssize_t n = read(pfd[0], line + len, 1);
        if (n <= 0) break;
        if (line[len] == '\n') break;
        len++;
    }
    line[len] = '\0';
    char *end;
    long port = strtol(line, &end, 10);
    if (len == 0 || *end || port <= 0 || port > 65535) {
        fprintf(stderr, "fake_tencent.py did not print its port\n");
        goto out;
    }
    f->port = (int)port;
    snprintf(f->url, sizeof f->url, "http://127.0.0.1:%d/", f->port);
    ok = 1;
out:
    close(pfd[0]);
    return ok;
}

static void fake_stop(fake *f)
{
    if (f->pid > 0) {
        kill(f->pid, SIGTERM);
        while (waitpid(f->pid, NULL, 0) < 0 && errno == EINTR) {
        }
        f->pid = 0;
    }
    if (f->log[0]) unlink(f->log);
    if (f->dir[0]) rmdir(f->dir);
}

/* The fake's log, whole (caller frees); "" when there is none. */
static char *read_log(const fake *f)
{
    FILE *fp = fopen(f->log, "r");
    char *buf = calloc(1, 1 << 20);
    if (!buf) return NULL;
    if (fp) {
        size_t n = fread(buf, 1, (1 << 20) - 1, fp);
        buf[n] = '\0';
        fclose(fp);
    }
    return buf;
}

static int count_str(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static int log_count(const fake *f, const char *needle)
{
    char *log = read_log(f);
    int n = log ? count_str(log, needle) : -1;
    free(log);
    return n;
}

static rw_tc_client *client_with(const fake *f, const char *id, const char *key, const char *token,
                                 int throttle_retries, int64_t (*now)(void))
{
    rw_tc_creds c;
    rw_tc_opts o;
    rw_tc_client *cl = NULL;
    rw_error err;
    memset(&c, 0, sizeof c);
    snprintf(c.secret_id, sizeof c.secret_id, "%s", id);
    snprintf(c.secret_key, sizeof c.secret_key, "%s", key);
    snprintf(c.token, sizeof c.token, "%s", token ? token : "");
    rw_tc_opts_default(&o);
    o.endpoint = f->url;
    o.http.max_retries = 2;
    o.http.backoff_s = 0.01;
    o.http.max_backoff_s = 0.05;
    o.http.timeout_s = 20;
    o.http.connect_timeout_s = 5;
    o.throttle_retries = throttle_retries;
    o.throttle_backoff_s = 0.01;
    o.now = now;
    rw_error_clear(&err);
    if (rw_tc_client_open(&c, &o, &cl, &err) != RW_OK) {
        fprintf(stderr, "client_open: %s\n", err.text);
        cl = NULL;
    }
    rw_tc_creds_wipe(&c);
    return cl;
}

static rw_tc_client *client(const fake *f)
{
    return client_with(f, FAKE_ID, FAKE_KEY, NULL, 5, NULL);
}

/* 1 when no test secret appears in text. */
static int clean(const char *text)
{
    return !strstr(text, FAKE_ID) && !strstr(text, FAKE_KEY);
}

/* What the page callback saw. */
typedef struct pages {
    int n;                    /* pages seen */
    size_t offset[MAX_PAGES]; /* their offsets */
    size_t count[MAX_PAGES];  /* items in each */
    size_t total[MAX_PAGES];  /* the total each reported */
    long long cents;          /* sum of RealCost over all items, in cents */
    char first[32], last[32]; /* ResourceId of the first and last item seen */
    int fail_at;              /* return RW_EIO from this page (0-based); -1: never */
} pages;

static rw_status on_page(void *ctx, const char *response, size_t offset, size_t count, size_t total,
                         rw_error *err)
{
    pages *p = ctx;
    if (p->n == p->fail_at) return rw_error_set(err, RW_EIO, NULL, 0, "stop here");
    if (p->n >= MAX_PAGES) return rw_error_set(err, RW_EINVAL, NULL, 0, "too many pages");
    p->offset[p->n] = offset;
    p->count[p->n] = count;
    p->total[p->n] = total;
    p->n++;
    json_error_t jerr;
    json_t *root = json_loads(response, 0, &jerr);
    json_t *set = json_object_get(json_object_get(root, "Response"), "DetailSet");
    size_t i;
    json_t *item;
    if (json_array_size(set) != count) CHECK(!"DetailSet size differs from count");
    json_array_foreach(set, i, item)
    {
        const char *res = json_string_value(json_object_get(item, "ResourceId"));
        json_t *comp = json_array_get(json_object_get(item, "ComponentSet"), 0);
        const char *cost = json_string_value(json_object_get(comp, "RealCost"));
        char *end;
        double v = cost ? strtod(cost, &end) : 0;
        CHECK(cost && *end == '\0');
        p->cents += (long long)(v * 100 + (v >= 0 ? 0.5 : -0.5));
        if (res) {
            if (!p->first[0]) snprintf(p->first, sizeof p->first, "%s", res);
            snprintf(p->last, sizeof p->last, "%s", res);
        }
    }
    json_decref(root);
    return RW_OK;
}

/* A ledger page: where it stands, no items read. */
static rw_status on_ledger(void *ctx, const char *response, size_t offset, size_t count,
                           size_t total, rw_error *err)
{
    pages *p = ctx;
    (void)response;
    if (p->n >= MAX_PAGES) return rw_error_set(err, RW_EINVAL, NULL, 0, "too many pages");
    p->offset[p->n] = offset;
    p->count[p->n] = count;
    p->total[p->n++] = total;
    return RW_OK;
}

static void pages_init(pages *p)
{
    memset(p, 0, sizeof *p);
    p->fail_at = -1;
}

/* What fake_tencent.py charges for items [from, to), in cents. */
static long long expected_cents(int from, int to)
{
    long long s = 0;
    for (int i = from; i < to; i++)
        s += (i % 7 + 1) * 11;
    return s;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t doc_clock(void)
{
    return 1551113065;
} /* years ago: the fake must refuse it */

static void test_balance_and_pages(void)
{
    fake f;
    rw_error err;
    pages p;
    if (!fake_start(&f, NULL)) {
        CHECK(!"fake server started");
        return;
    }
    rw_tc_client *cl = client(&f);
    CHECK(cl != NULL);
    if (!cl) goto out;

    /* DescribeAccountBalance: the whole response, Balance in cents. */
    char *resp = NULL;
    rw_error_clear(&err);
    CHECK(rw_tc_call(cl, "DescribeAccountBalance", NULL, &resp, &err) == RW_OK);
    if (resp) {
        json_error_t jerr;
        json_t *root = json_loads(resp, 0, &jerr);
        json_t *r = json_object_get(root, "Response");
        CHECK(json_integer_value(json_object_get(r, "Balance")) == FAKE_BALANCE);
        CHECK(json_integer_value(json_object_get(r, "RealBalance")) == FAKE_BALANCE);
        CHECK(json_string_value(json_object_get(r, "RequestId")) != NULL);
        json_decref(root);
        free(resp);
    }

    /* 250 items: pages at 0, 100, 200 of 100, 100, 50; every item once, in order. */
    pages_init(&p);
    rw_error_clear(&err);
    CHECK(rw_tc_bill_detail(cl, "2024-09", NULL, NULL, 0, on_page, &p, &err) == RW_OK);
    CHECK(p.n == 3);
    CHECK(p.offset[0] == 0 && p.offset[1] == 100 && p.offset[2] == 200);
    CHECK(p.count[0] == 100 && p.count[1] == 100 && p.count[2] == 50);
    CHECK(p.total[0] == FAKE_ITEMS && p.total[2] == FAKE_ITEMS);
    CHECK(p.cents == expected_cents(0, FAKE_ITEMS));
    CHECK_STR(p.first, "ins-00000");
    CHECK_STR(p.last, "ins-00249");

    /* Resumed from offset 200: the last page only. */
    pages_init(&p);
    CHECK(rw_tc_bill_detail(cl, "2024-09", NULL, NULL, 200, on_page, &p, &err) == RW_OK);
    CHECK(p.n == 1 && p.offset[0] == 200 && p.count[0] == 50);
    CHECK_STR(p.first, "ins-00200");

    /* A BeginTime/EndTime range: items starting on Sep 1 or 2 (i % 30 in {0, 1}). */
    pages_init(&p);
    CHECK(rw_tc_bill_detail(cl, NULL, "2024-09-01 00:00:00", "2024-09-02 23:59:59", 0, on_page, &p,
                            &err) == RW_OK);
    CHECK(p.n == 1 && p.count[0] == 18 && p.total[0] == 18);

    /* A month without items: one empty page, total 0. */
    pages_init(&p);
    CHECK(rw_tc_bill_detail(cl, "2024-10", NULL, NULL, 0, on_page, &p, &err) == RW_OK);
    CHECK(p.n == 1 && p.count[0] == 0 && p.total[0] == 0);

    /* The callback's status stops the walk. */
    pages_init(&p);
    p.fail_at = 1;
    rw_error_clear(&err);
    CHECK(rw_tc_bill_detail(cl, "2024-09", NULL, NULL, 0, on_page, &p, &err) == RW_EIO);
    CHECK(p.n == 1);

    /* Every request was signed over content-type, host and x-tc-action and
     * accepted by the fake's own verification. */
    CHECK(log_count(&f, "\"auth\":\"ok\"") == 9);
    CHECK(log_count(&f, "\"signed\":\"content-type;host;x-tc-action\"") == 9);
    CHECK(log_count(&f, "\"action\":\"DescribeBillDetail\"") == 8);
    CHECK(log_count(&f, "\"limit\":100") == 8);
    CHECK(log_count(&f, "\"token\":true") == 0);
    rw_tc_client_close(cl);

    /* A wrong SecretKey: the fake's check fails; the error names the code
     * and never a secret. */
    cl = client_with(&f, FAKE_ID, FAKE_KEY "x", NULL, 5, NULL);
    resp = NULL;
    rw_error_clear(&err);
    CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_EREJECTED);
    CHECK(resp == NULL);
    CHECK(strstr(err.text, "AuthFailure.SignatureFailure") != NULL);
    CHECK(strstr(err.text, "RequestId fake-") != NULL);
    CHECK(clean(err.text));
    rw_tc_client_close(cl);

    /* An unknown SecretId. */
    cl = client_with(&f, "AKIDunknown", FAKE_KEY, NULL, 5, NULL);
    rw_error_clear(&err);
    CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_EREJECTED);
    CHECK(strstr(err.text, "AuthFailure.SecretIdNotFound") != NULL && clean(err.text));
    rw_tc_client_close(cl);

    /* The clock (X-TC-Timestamp) is what is signed and checked. */
    cl = client_with(&f, FAKE_ID, FAKE_KEY, NULL, 5, doc_clock);
    rw_error_clear(&err);
    CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_EREJECTED);
    CHECK(strstr(err.text, "AuthFailure.SignatureExpire") != NULL);
    rw_tc_client_close(cl);

    /* An API error that is not about authentication: code and message. */
    cl = client(&f);
    rw_error_clear(&err);
    CHECK(cl && rw_tc_call(cl, "DescribeNothing", "{}", &resp, &err) == RW_EREJECTED);
    CHECK(strstr(err.text, "InvalidAction") != NULL);
    rw_tc_client_close(cl);
out:
    fake_stop(&f);
}

static void test_throttle(void)
{
    fake f;
    pages p;
    rw_error err;
    const char *flags[] = {"--throttle-once", "--fault-at", "2", NULL};
    if (!fake_start(&f, flags)) {
        CHECK(!"fake server started");
        return;
    }
    /* Page 2 is throttled once, retried re-signed, and the walk completes. */
    rw_tc_client *cl = client(&f);
    pages_init(&p);
    rw_error_clear(&err);
    CHECK(cl && rw_tc_bill_detail(cl, "2024-09", NULL, NULL, 0, on_page, &p, &err) == RW_OK);
    CHECK(p.n == 3 && p.cents == expected_cents(0, FAKE_ITEMS));
    CHECK(log_count(&f, "\"action\":\"DescribeBillDetail\"") == 4);
    CHECK(log_count(&f, "\"result\":\"RequestLimitExceeded\"") == 1);
    rw_tc_client_close(cl);
    fake_stop(&f);

    /* With no throttle retries the code is reported. */
    const char *flags1[] = {"--throttle-once", NULL};
    if (!fake_start(&f, flags1)) {
        CHECK(!"fake server started");
        return;
    }
    cl = client_with(&f, FAKE_ID, FAKE_KEY, NULL, 0, NULL);
    char *resp = NULL;
    rw_error_clear(&err);
    CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_EREJECTED);
    CHECK(strstr(err.text, "RequestLimitExceeded") != NULL && resp == NULL);
    rw_tc_client_close(cl);
    fake_stop(&f);
}

/* A 500 or 429 once, with Retry-After 30: retried after the capped wait
 * (0.05 s here), not after 30 s. */
static void test_transient_http(const char *flag)
{
    fake f;
    rw_error err;
    const char *flags[] = {flag, "--retry-after", "30", NULL};
    if (!fake_start(&f, flags)) {
        CHECK(!"fake server started");
        return;
    }
    rw_tc_client *cl = client(&f);
    char *resp = NULL;
    double t0 = now_s();
    rw_error_clear(&err);
    CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_OK);
    CHECK(now_s() - t0 < 10);
    CHECK(resp != NULL);
    free(resp);
    CHECK(log_count(&f, "\"action\":\"DescribeAccountBalance\"") == 2);
    CHECK(log_count(&f, "\"result\":\"ok\"") == 1);
    rw_tc_client_close(cl);
    fake_stop(&f);
}

static void test_malformed_and_resume(void)
{
    fake f;
    pages p;
    rw_error err;
    const char *flags[] = {"--malformed-once", "--fault-at", "2", NULL};
    if (!fake_start(&f, flags)) {
        CHECK(!"fake server started");
        return;
    }
    rw_tc_client *cl = client(&f);
    pages_init(&p);
    rw_error_clear(&err);
    /* Page 2 is truncated JSON: the walk stops with RW_EFORMAT after page 1 ... */
    CHECK(cl && rw_tc_bill_detail(cl, "2024-09", NULL, NULL, 0, on_page, &p, &err) == RW_EFORMAT);
    CHECK(p.n == 1 && p.offset[0] == 0 && p.count[0] == 100);
    CHECK(strstr(err.text, "not JSON") != NULL && clean(err.text));
    /* ... and resumes from the offset it reached. */
    size_t next = p.offset[p.n - 1] + p.count[p.n - 1];
    rw_error_clear(&err);
    CHECK(rw_tc_bill_detail(cl, "2024-09", NULL, NULL, next, on_page, &p, &err) == RW_OK);
    CHECK(p.n == 3 && p.offset[1] == 100 && p.offset[2] == 200);
    CHECK(p.cents == expected_cents(0, FAKE_ITEMS));
    rw_tc_client_close(cl);
    fake_stop(&f);
}

static void test_rejected_and_token(void)
{
    fake f;
    rw_error err;
    char *resp = NULL;
    const char *flags[] = {"--reject-credentials", NULL};
    if (!fake_start(&f, flags)) {
        CHECK(!"fake server started");
        return;
    }
    rw_tc_client *cl = client(&f);
    rw_error_clear(&err);
    CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_EREJECTED);
    CHECK(strstr(err.text, "AuthFailure") != NULL && clean(err.text));
    rw_tc_client_close(cl);
    fake_stop(&f);

    const char *tflags[] = {"--token", "tokenFAKE/0+0=", NULL};
    if (!fake_start(&f, tflags)) {
        CHECK(!"fake server started");
        return;
    }
    cl = client(&f);
    rw_error_clear(&err);
    CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_EREJECTED);
    CHECK(strstr(err.text, "AuthFailure.TokenFailure") != NULL);
    rw_tc_client_close(cl);
    cl = client_with(&f, FAKE_ID, FAKE_KEY, "tokenFAKE/0+0=", 5, NULL);
    rw_error_clear(&err);
    CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_OK);
    free(resp);
    CHECK(log_count(&f, "\"token\":true") == 1);
    rw_tc_client_close(cl);

    /* Once the server is gone: a connect failure after the retries. */
    fake dead = f;
    f.log[0] = f.dir[0] = '\0';
    fake_stop(&dead);
    cl = client(&f);
    resp = NULL;
    rw_error_clear(&err);
    CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_ENET);
    CHECK(strstr(err.text, "connect") != NULL && strstr(err.text, f.url) != NULL);
    CHECK(strstr(err.text, "after 3 attempts") != NULL && clean(err.text));
    rw_tc_client_close(cl);
}

/* Runs argv (a full path first) with stdout and stderr to /dev/null; its exit status or -1. */
static int run_quiet(const char *const *argv)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int status = -1;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return -1;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* https to a server whose certificate nobody signed: refused by TLS
 * verification before any request is sent (needs the openssl tool to make
 * the certificate; skipped without it). */
static void test_tls_verified(void)
{
    char dir[] = "/tmp/rw_tls_XXXXXX", cert[64], key[64];
    fake f;
    rw_error err;
    if (access("/usr/bin/openssl", X_OK) != 0) {
        fprintf(stderr, "test_tls_verified skipped: no /usr/bin/openssl\n");
        return;
    }
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    const char *gen[] = {"/usr/bin/openssl",
                         "req",
                         "-x509",
                         "-newkey",
                         "ec",
                         "-pkeyopt",
                         "ec_paramgen_curve:prime256v1",
                         "-nodes",
                         "-subj",
                         "/CN=127.0.0.1",
                         "-days",
                         "1",
                         "-keyout",
                         key,
                         "-out",
                         cert,
                         NULL};
    CHECK(run_quiet(gen) == 0);
    const char *flags[] = {"--tls-cert", cert, "--tls-key", key, NULL};
    if (fake_start(&f, flags)) {
        snprintf(f.url, sizeof f.url, "https://127.0.0.1:%d/", f.port);
        rw_tc_client *cl = client(&f);
        char *resp = NULL;
        rw_error_clear(&err);
        CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_ENET);
        CHECK(strstr(err.text, "TLS failed") != NULL && !strstr(err.text, "after"));
        CHECK(strstr(err.text, f.url) != NULL && clean(err.text));
        CHECK(log_count(&f, "\"n\":") == 0);
        rw_tc_client_close(cl);
    } else {
        CHECK(!"fake server started");
    }
    fake_stop(&f);
    unlink(cert);
    unlink(key);
    rmdir(dir);
}

/* The fake's verifier reproduces Tencent's documented worked example (so an
 * accepted request is accepted by a checked implementation). */
static void test_fake_self_test(void)
{
    char script[1024];
    pid_t pid;
    int status = -1;
    script_path(script, sizeof script);
    const char *argv[] = {PYTHON, script, "--self-test", NULL};
    CHECK(posix_spawn(&pid, PYTHON, NULL, NULL, (char *const *)argv, environ) == 0);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- the paging bounds and the scrubbing over a scripted transport ---------------- */

/* Answers from a script instead of the network (rw_tc_opts.post): body i
 * for call i, the last one again for every call after; a page body may
 * have "%d" where the call's number goes, so every page differs. */
typedef struct script {
    const char *const *bodies; /* NULL-terminated */
    int calls;                 /* calls made */
    long sleep_ms;             /* delay of each call */
} script;

static rw_status script_post(void *ctx, const char *url, const char *const *headers,
                             const char *body, size_t len, const rw_http_opts *o,
                             rw_http_response *out, rw_error *err)
{
    script *s = ctx;
    (void)url, (void)headers, (void)body, (void)len, (void)o, (void)err;
    int i = 0;
    while (i < s->calls && s->bodies[i + 1])
        i++;
    s->calls++;
    if (s->sleep_ms > 0) {
        struct timespec ts = {s->sleep_ms / 1000, (s->sleep_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    size_t n = strlen(s->bodies[i]) + 32;
    memset(out, 0, sizeof *out);
    out->body = malloc(n);
    if (!out->body) return RW_ENOMEM;
    const char *b = s->bodies[i], *mark = strstr(b, "%d");
    if (mark)
        snprintf(out->body, n, "%.*s%d%s", (int)(mark - b), b, s->calls, mark + 2);
    else
        snprintf(out->body, n, "%s", b);
    out->len = strlen(out->body);
    out->status = 200;
    out->attempts = 1;
    return RW_OK;
}

#define LONG_TOKEN_LEN 1500

/* A client over script s with the test secrets and a long token. */
static rw_tc_client *script_client(script *s, double budget_s, char *token)
{
    rw_tc_creds c;
    rw_tc_opts o;
    rw_tc_client *cl = NULL;
    rw_error err;
    memset(&c, 0, sizeof c);
    snprintf(c.secret_id, sizeof c.secret_id, "%s", FAKE_ID);
    snprintf(c.secret_key, sizeof c.secret_key, "%s", FAKE_KEY);
    for (int i = 0; i < LONG_TOKEN_LEN; i++) /* random-looking, as tokens are */
        token[i] = "abcdefghijkLMNOPQRSTuvwxyz0123456789+/"[(i * 7 + i / 38) % 38];
    token[LONG_TOKEN_LEN] = '\0';
    snprintf(c.token, sizeof c.token, "%s", token);
    rw_tc_opts_default(&o);
    CHECK(o.walk_budget_s == RW_TC_WALK_BUDGET_S && o.post == NULL);
    o.endpoint = "http://127.0.0.1:9/";
    o.walk_budget_s = budget_s;
    o.post = script_post;
    o.post_ctx = s;
    rw_error_clear(&err);
    CHECK(rw_tc_client_open(&c, &o, &cl, &err) == RW_OK);
    rw_tc_creds_wipe(&c);
    return cl;
}

/* Walks the month over the script; the status, err and pages seen. */
static rw_status script_walk(const char *const *bodies, long sleep_ms, double budget_s,
                             int ledger, pages *p, rw_error *err)
{
    script s = {bodies, 0, sleep_ms};
    char token[LONG_TOKEN_LEN + 1];
    rw_tc_client *cl = script_client(&s, budget_s, token);
    pages_init(p);
    rw_error_clear(err);
    rw_status st = RW_EINVAL;
    if (cl && ledger)
        st = rw_tc_bill_list(cl, "2024-09-01 00:00:00", "2024-09-30 23:59:59", 0, on_ledger, p,
                             err);
    else if (cl)
        st = rw_tc_bill_detail(cl, "2024-09", NULL, NULL, 0, on_page, p, err);
    rw_tc_client_close(cl);
    return st;
}

/* DetailSet of n items, the first named after the call's number when
 * vary, "Total":total when total is not NULL. */
static char *detail_page(size_t n, const char *total, int vary)
{
    size_t cap = 64 + n * 96;
    char *b = malloc(cap), *p = b;
    if (!b) return NULL;
    p += snprintf(p, cap, "{\"Response\":{%s%s\"DetailSet\":[", total ? "\"Total\":" : "",
                  total ? total : "");
    for (size_t i = 0; i < n; i++)
        p += snprintf(p, cap - (size_t)(p - b),
                      "%s{\"ResourceId\":\"ins-%s-%zu\",\"ComponentSet\":[{\"RealCost\":\"0.11\"}]}",
                      i ? "," : "", i || !vary ? "x" : "%d", i);
    snprintf(p, cap - (size_t)(p - b), "],\"RequestId\":\"r\"}}");
    return b;
}

static void test_paging_bounds(void)
{
    pages p;
    rw_error err;
    char *full_neg = detail_page(100, "-5,", 1);
    char *full_none = detail_page(100, NULL, 1);
    char *one_1000 = detail_page(1, "1000,", 1);
    char *full_250 = detail_page(100, "250,", 0);
    char *full_900 = detail_page(100, "900,", 1);
    char *big = detail_page(101, "1000,", 1);
    char *full_float = detail_page(100, "250.5,", 1);
    CHECK(full_neg && full_none && one_1000 && full_250 && full_900 && big && full_float);

    /* A negative Total: stopped at the first page, which fn never sees. */
    const char *neg[] = {full_neg, NULL};
    CHECK(script_walk(neg, 0, 0, 0, &p, &err) == RW_EDISCREPANCY && p.n == 0);
    CHECK(strstr(err.text, "the server's Total is -5 at offset 0") != NULL);
    const char *flt[] = {full_float, NULL};
    CHECK(script_walk(flt, 0, 0, 0, &p, &err) == RW_EDISCREPANCY);
    CHECK(strstr(err.text, "Total is 250.5") != NULL);
    /* The same page again (the RequestId alone would differ). */
    const char *rep[] = {full_250, NULL};
    CHECK(script_walk(rep, 0, 0, 0, &p, &err) == RW_EDISCREPANCY && p.n == 1);
    CHECK(strstr(err.text, "the page at offset 100 repeats the page at offset 0") != NULL);
    /* One item a page when Total says 1000: at most ceil((1000 + the
     * growth a live month may have) / 100) + slack pages. */
    const char *slow[] = {one_1000, NULL};
    CHECK(script_walk(slow, 0, 0, 0, &p, &err) == RW_EDISCREPANCY);
    CHECK(p.n == (1000 + RW_TC_PAGE_SLACK * RW_TC_PAGE_LIMIT) / RW_TC_PAGE_LIMIT + RW_TC_PAGE_SLACK);
    CHECK(strstr(err.text, "page 21 (offset 20) is more than the 20 pages") != NULL);
    /* Total growing beyond a live month's slack. */
    const char *grow[] = {full_250, full_900, NULL};
    CHECK(script_walk(grow, 0, 0, 0, &p, &err) == RW_EDISCREPANCY && p.n == 1);
    CHECK(strstr(err.text, "Total grew from 250 to 900") != NULL);
    /* More items than the Limit asked for. */
    const char *over[] = {big, NULL};
    CHECK(script_walk(over, 0, 0, 0, &p, &err) == RW_EDISCREPANCY && p.n == 0);
    CHECK(strstr(err.text, "has 101 items, more than the Limit of 100") != NULL);
    /* Full pages of new items forever, no Total: the time budget ends it. */
    const char *endless[] = {full_none, NULL};
    double t0 = now_s();
    CHECK(script_walk(endless, 50, 0.3, 0, &p, &err) == RW_EDISCREPANCY);
    CHECK(now_s() - t0 < 5 && p.n >= 2 && p.n < MAX_PAGES);
    CHECK(strstr(err.text, "still paging after") != NULL);
    CHECK(strstr(err.text, "the budget is 0 s a month") != NULL);
    /* The ledger: an empty page before its Total. */
    const char *lempty[] = {"{\"Response\":{\"TransactionList\":[],\"Total\":3}}", NULL};
    CHECK(script_walk(lempty, 0, 0, 1, &p, &err) == RW_EDISCREPANCY && p.n == 0);
    CHECK(strstr(err.text, "the page at offset 0 is empty but the server's Total is 3") != NULL);
    /* A sane walk still ends normally: 250 items in 3 pages. */
    char *pg[3] = {detail_page(100, "250,", 1), detail_page(100, "250,", 1), detail_page(50, "250,", 1)};
    const char *ok[] = {pg[0], pg[1], pg[2], NULL};
    CHECK(pg[0] && pg[1] && pg[2]);
    CHECK(script_walk(ok, 0, 0, 0, &p, &err) == RW_OK && p.n == 3 && p.total[2] == 250);
    for (int i = 0; i < 3; i++)
        free(pg[i]);
    free(full_neg), free(full_none), free(one_1000), free(full_250), free(full_900), free(big);
    free(full_float);
}

/* 1 when text shows no RW_TC_SECRET_FRAGMENT characters of secret. */
static int no_fragment(const char *text, const char *secret)
{
    char frag[RW_TC_SECRET_FRAGMENT + 1];
    for (size_t j = 0; j + RW_TC_SECRET_FRAGMENT <= strlen(secret); j++) {
        memcpy(frag, secret + j, RW_TC_SECRET_FRAGMENT);
        frag[RW_TC_SECRET_FRAGMENT] = '\0';
        if (strstr(text, frag)) return 0;
    }
    return 1;
}

/* The answer {"Error": {"Code": ..., "Message": pad + echo + tail}} through
 * rw_tc_call: the error it gives. */
static void echo_error(const char *lead, size_t pad, const char *padchar, int what, rw_error *err,
                       char *token)
{
    size_t cap = pad * 4 + LONG_TOKEN_LEN * 2 + 256;
    char *msg = malloc(cap), *body = malloc(cap + 128);
    CHECK(msg && body);
    if (!msg || !body) return;
    snprintf(msg, cap, "%s", lead);
    for (size_t i = 0; i < pad; i++)
        strcat(msg, padchar);
    script s = {NULL, 0, 0};
    rw_tc_client *cl = script_client(&s, 0, token);
    const char *echo = what == 0 ? FAKE_ID : what == 1 ? FAKE_KEY : token;
    size_t n = strlen(msg);
    snprintf(msg + n, cap - n, "%s, %.12s", echo, what == 2 ? FAKE_KEY : token);
    snprintf(body, cap + 128,
             "{\"Response\":{\"Error\":{\"Code\":\"InvalidParameter\",\"Message\":\"%s\"},"
             "\"RequestId\":\"r-%%d\"}}",
             msg);
    const char *bodies[] = {body, NULL};
    s.bodies = bodies;
    char *resp = NULL;
    rw_error_clear(err);
    CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, err) == RW_EREJECTED);
    rw_tc_client_close(cl);
    free(msg);
    free(body);
}

static void test_scrub_then_cut(void)
{
    char token[LONG_TOKEN_LEN + 1];
    rw_error err;
    /* Each secret (the token 1500 bytes long) at every position around
     * the message's 255-byte cut, with ASCII and 3-byte padding. */
    for (int what = 0; what < 3; what++)
        for (size_t pad = 230; pad <= 260; pad += 3) {
            echo_error("", pad, "x", what, &err, token);
            CHECK(strstr(err.text, "InvalidParameter: xxx") != NULL);
            CHECK(no_fragment(err.text, FAKE_ID) && no_fragment(err.text, FAKE_KEY));
            CHECK(no_fragment(err.text, token));
            echo_error("", pad / 3, "\xe8\xb4\xa6", what, &err, token);
            CHECK(no_fragment(err.text, FAKE_ID) && no_fragment(err.text, FAKE_KEY));
            CHECK(no_fragment(err.text, token));
            CHECK(rw_text_is_safe(err.text)); /* whole characters only */
        }
    /* A cut within a 3-byte character drops the whole character. */
    echo_error("x", 200, "\xe8\xb4\xa6", 0, &err, token);
    CHECK(rw_text_is_safe(err.text) && strstr(err.text, "\xe8\xb4\xa6 (RequestId r-1)") != NULL);
    echo_error("xy", 200, "\xe8\xb4\xa6", 0, &err, token);
    CHECK(rw_text_is_safe(err.text) && strstr(err.text, "\xe8\xb4\xa6 (RequestId r-1)") != NULL);
}

/* Items of each member seen while splitting pages by OwnerUin. */
typedef struct owners {
    char name[4][32]; /* the owners, in the order first seen */
    size_t items[4];  /* items of each */
    int n, payer;     /* owners seen; items that named a PayerUin */
} owners;

static rw_status on_owner(void *ctx, const char *owner, const char *page, size_t count,
                          rw_error *err)
{
    owners *o = ctx;
    int k = 0;
    while (k < o->n && strcmp(o->name[k], owner))
        k++;
    if (k == 4) return rw_error_set(err, RW_EINVAL, NULL, 0, "too many owners");
    if (k == o->n) snprintf(o->name[o->n++], sizeof o->name[0], "%s", owner);
    o->items[k] += count;
    json_t *root = json_loads(page, 0, NULL);
    json_t *set = json_object_get(json_object_get(root, "Response"), "DetailSet"), *item;
    size_t i;
    CHECK(json_array_size(set) == count);
    json_array_foreach(set, i, item) if (json_object_get(item, "PayerUin")) o->payer++;
    json_decref(root);
    return RW_OK;
}

/* Each page of the organisation's walk split by owner. */
static rw_status on_org_page(void *ctx, const char *response, size_t offset, size_t count,
                             size_t total, rw_error *err)
{
    (void)offset, (void)count, (void)total;
    return rw_tc_split_by_owner(response, on_owner, ctx, err);
}

/* DescribeBillDetailForOrganization: the admin's keys walk every member's
 * items, paged like DescribeBillDetail; a member's keys are refused there
 * but get the member's own balance; a split keeps each member's items. */
static void test_organization(void)
{
    static const char *const flags[] = {"--org-members", "3", NULL};
    fake f;
    rw_error err;
    pages p;
    owners o;
    char *resp = NULL;
    if (!fake_start(&f, flags)) {
        CHECK(!"fake server started");
        return;
    }
    rw_tc_client *cl = client(&f);
    pages_init(&p);
    rw_error_clear(&err);
    CHECK(cl && rw_tc_bill_detail_org(cl, "2024-09", 0, on_page, &p, &err) == RW_OK);
    CHECK(p.n == 3 && p.count[0] == 100 && p.count[2] == 50 && p.total[0] == FAKE_ITEMS);
    CHECK(p.cents == expected_cents(0, FAKE_ITEMS));
    /* Resumed at 200; then split: item i is member i % 3 + 1's. */
    pages_init(&p);
    CHECK(cl && rw_tc_bill_detail_org(cl, "2024-09", 200, on_page, &p, &err) == RW_OK);
    CHECK(p.n == 1 && p.offset[0] == 200 && p.count[0] == 50);
    memset(&o, 0, sizeof o);
    CHECK(cl && rw_tc_bill_detail_org(cl, "2024-09", 0, on_org_page, &o, &err) == RW_OK);
    CHECK(o.n == 3 && o.payer == 0);
    CHECK_STR(o.name[0], "200000000001");
    CHECK_STR(o.name[2], "200000000003");
    CHECK(o.items[0] == 84 && o.items[1] == 83 && o.items[2] == 83);
    CHECK(log_count(&f, "\"action\":\"DescribeBillDetailForOrganization\"") == 7);
    CHECK(cl && rw_tc_bill_detail_org(cl, NULL, 0, on_page, &p, &err) == RW_EINVAL);
    rw_tc_client_close(cl);

    /* A member's own keys: not the admin; its balance is its own. */
    cl = client_with(&f, "AKIDrunwayMEMBER200000000002", "runwayMEMBERkey200000000002", NULL, 5,
                     NULL);
    rw_error_clear(&err);
    CHECK(cl && rw_tc_bill_detail_org(cl, "2024-09", 0, on_page, &p, &err) == RW_EREJECTED);
    CHECK(strstr(err.text, "AuthFailure.UnauthorizedOperation") != NULL);
    CHECK(cl && rw_tc_call(cl, "DescribeAccountBalance", "{}", &resp, &err) == RW_OK);
    char uin[32] = "";
    if (resp) rw_tc_balance_uin(resp, uin, sizeof uin);
    CHECK_STR(uin, "200000000002");
    free(resp);
    rw_tc_client_close(cl);
    fake_stop(&f);

    /* Keys that administer no organisation. */
    if (!fake_start(&f, NULL)) return;
    cl = client(&f);
    rw_error_clear(&err);
    CHECK(cl && rw_tc_bill_detail_org(cl, "2024-09", 0, on_page, &p, &err) == RW_EREJECTED);
    CHECK(strstr(err.text, "FailedOperation.NotOrgAdmin") != NULL);
    rw_tc_client_close(cl);
    fake_stop(&f);

    /* The fixture modelled on the SDK: two members, numbers or strings. */
    char path[1024], *text = NULL;
    snprintf(path, sizeof path, "%s/tests/cases/tencent-api/org-detail/input.json", RW_SOURCE_DIR);
    FILE *fp = fopen(path, "r");
    text = fp ? calloc(1, 1 << 16) : NULL;
    if (text) CHECK(fread(text, 1, (1 << 16) - 1, fp) > 0);
    if (fp) fclose(fp);
    memset(&o, 0, sizeof o);
    CHECK(text && rw_tc_split_by_owner(text, on_owner, &o, &err) == RW_OK);
    CHECK(o.n == 2 && o.items[0] == 2 && o.items[1] == 1);
    CHECK_STR(o.name[1], "200000000002");
    free(text);
    CHECK(rw_tc_split_by_owner("{\"Response\":{\"DetailSet\":{}}}", on_owner, &o, &err) ==
          RW_EFORMAT);
    CHECK(rw_tc_split_by_owner("[]", on_owner, &o, &err) == RW_EFORMAT);
    memset(&o, 0, sizeof o);
    CHECK(rw_tc_split_by_owner("{\"Response\":{\"Total\":0}}", on_owner, &o, &err) == RW_OK);
    CHECK(o.n == 0);
}

int main(void)
{
    if (rw_http_global_init() != RW_OK) return 1;
    if (access(PYTHON, X_OK) != 0) {
        fprintf(stderr, "%s is missing: the client tests need it\n", PYTHON);
        return 1;
    }
    test_fake_self_test();
    test_balance_and_pages();
    test_throttle();
    test_transient_http("--http500-once");
    test_transient_http("--http429-once");
    test_malformed_and_resume();
    test_rejected_and_token();
    test_tls_verified();
    test_paging_bounds();
    test_scrub_then_cut();
    test_organization();
    CHECK_DONE();
}
