/* gnuplot.c: templates, safe text, scratch directories and the child
 * processes (gnuplot; fc-list, to find a font) behind chart.c.
 *
 * Safety rests on three rules kept here: text is sanitised before it is
 * quoted (rw_gp_sanitize), numbers are printf'd and finite, and gnuplot is
 * run by execve with a fixed argv in a directory of our own (no shell, no
 * user path on its command line or in its script). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "export/gnuplot.h"

extern char **environ;

#define GP_LOG "gnuplot.log" /* gnuplot's stderr, in the work dir */
#define GP_NOT_INSTALLED                                                                           \
    "gnuplot is not installed: install it with `apt-get install gnuplot-nox` "                     \
    "(charts are skipped; everything else is written)"
#define GP_POLL_MIN_NS 1000000L /* first wait between polls of the child: 1 ms */
#define GP_POLL_MAX_NS 4000000L /* longest wait between polls: 4 ms */
#define GP_LOG_READ 8192        /* bytes of the log searched for the error */

const char *rw_gp_template(const char *name)
{
    for (const rw_embedded_plot *p = rw_embedded_plots; p->name; p++)
        if (strcmp(p->name, name) == 0) return p->text;
    return NULL;
}

/* ---- text ------------------------------------------------------------ */

/* Length of the well-formed UTF-8 sequence of a printable character at
 * `p` (first byte >= 0x80), or 0; its code point in *out. C1 controls,
 * surrogates, overlong forms, bidirectional overrides and line/paragraph
 * separators are refused. */
static size_t utf8_printable(const unsigned char *p, unsigned long *out)
{
    unsigned long cp;
    size_t len;
    if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        cp = p[0] & 0x1Fu;
        len = 2;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        cp = p[0] & 0x0Fu;
        len = 3;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        cp = p[0] & 0x07u;
        len = 4;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0; /* also stops at the NUL */
        cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if ((len == 2 && cp < 0xA0) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    if ((cp >= 0x200E && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
        return 0;
    *out = cp;
    return len;
}

int rw_gp_is_cjk(unsigned long cp)
{
    /* Hangul jamo; radicals to the unified ideographs (punctuation, kana,
     * bopomofo, enclosed and compatibility forms, extension A); jamo
     * extensions and syllables; compatibility ideographs and forms; half-
     * and fullwidth forms (parentheses in names); the supplementary
     * ideographic planes. */
    return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
           (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

int rw_gp_has_cjk(const char *text)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    while (*p) {
        unsigned long cp = 0;
        size_t len = *p < 0x80 ? 0 : utf8_printable(p, &cp);
        if (len && rw_gp_is_cjk(cp)) return 1;
        p += len ? len : 1;
    }
    return 0;
}

/* The replacement of ASCII byte `c`: itself when safe. */
static char safe_ascii(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return (char)c;
    if (c < 0x20 || c == 0x7F) return ' ';
    if (strchr(" .,:;/()-+%#=", c)) return (char)c; /* c is not NUL here */
    if (c == '_') return '-';
    if (c == '&') return '+';
    if (strchr("[{<", c)) return '(';
    if (strchr("]}>", c)) return ')';
    return '-';
}

/* U+25A1 WHITE SQUARE: what a CJK character becomes without a font for it
 * (common fonts have it, and it reads as "a character not shown"). */
#define GP_BOX "\xE2\x96\xA1"

/* rw_gp_sanitize, with CJK characters replaced by GP_BOX when `box_cjk`. */
static size_t sanitize(const char *in, char *out, size_t size, int box_cjk)
{
    if (size == 0) return 0;
    size_t n = 0, cap = size - 1;
    if (cap > RW_GP_TEXT_MAX) cap = RW_GP_TEXT_MAX;
    const unsigned char *p = (const unsigned char *)(in ? in : "");
    while (*p && n < cap) {
        if (*p < 0x80) {
            out[n++] = safe_ascii(*p++);
            continue;
        }
        unsigned long cp = 0;
        size_t len = utf8_printable(p, &cp);
        if (len == 0) {
            out[n++] = '-';
            p++;
            continue;
        }
        const char *put = (const char *)p;
        size_t put_len = len;
        if (box_cjk && rw_gp_is_cjk(cp)) {
            put = GP_BOX;
            put_len = sizeof GP_BOX - 1;
        }
        if (n + put_len > cap) break; /* never cut a character */
        memcpy(out + n, put, put_len);
        n += put_len;
        p += len;
    }
    out[n] = '\0';
    return n;
}

size_t rw_gp_sanitize(const char *in, char *out, size_t size)
{
    return sanitize(in, out, size, 0);
}

size_t rw_gp_sanitize_box(const char *in, char *out, size_t size)
{
    return sanitize(in, out, size, 1);
}

/* ---- variables ----------------------------------------------------------- */

void rw_gp_vars_init(rw_gp_vars *vars)
{
    vars->v = NULL;
    vars->n = vars->cap = 0;
    vars->status = RW_OK;
    vars->box_cjk = 0;
}

void rw_gp_vars_cleanup(rw_gp_vars *vars)
{
    if (!vars) return;
    for (size_t i = 0; i < vars->n; i++)
        free(vars->v[i].val);
    free(vars->v);
    rw_gp_vars_init(vars);
}

/* Stores `val` (owned, NULL after a failed allocation) under `key`. */
static void vars_put(rw_gp_vars *vars, const char *key, char *val)
{
    if (!val) {
        vars->status = RW_ENOMEM;
        return;
    }
    for (size_t i = 0; i < vars->n; i++) {
        if (strcmp(vars->v[i].key, key) == 0) {
            free(vars->v[i].val);
            vars->v[i].val = val;
            return;
        }
    }
    if (vars->n == vars->cap) {
        size_t cap = vars->cap ? 2 * vars->cap : 32;
        rw_gp_var *v = realloc(vars->v, cap * sizeof *v);
        if (!v) {
            free(val);
            vars->status = RW_ENOMEM;
            return;
        }
        vars->v = v;
        vars->cap = cap;
    }
    vars->v[vars->n].key = key;
    vars->v[vars->n].val = val;
    vars->n++;
}

/* A growing string for rendering values. */
typedef struct gp_str {
    char *s;       /* NUL-terminated text, NULL after a failure */
    size_t n, cap; /* length and allocation */
} gp_str;

static void str_add(gp_str *b, const char *text, size_t len)
{
    if (!b->s) return;
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap * 2 > b->n + len + 1 ? b->cap * 2 : b->n + len + 64;
        char *s = realloc(b->s, cap);
        if (!s) {
            free(b->s);
            b->s = NULL;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->n, text, len);
    b->n += len;
    b->s[b->n] = '\0';
}

static void str_begin(gp_str *b)
{
    b->cap = 64;
    b->n = 0;
    b->s = malloc(b->cap);
    if (b->s) b->s[0] = '\0';
}

static void str_num(gp_str *b, double x)
{
    char buf[40];
    if (!isfinite(x)) x = 0; /* a bug in the caller; never "nan" in a script */
    if (x == 0) x = 0.0;
    int k = snprintf(buf, sizeof buf, "%.17g", x);
    str_add(b, buf, (size_t)k);
}

static void str_int(gp_str *b, int64_t x)
{
    char buf[32];
    int k = snprintf(buf, sizeof buf, "%" PRId64, x);
    str_add(b, buf, (size_t)k);
}

static void str_text(gp_str *b, const char *text, int box_cjk)
{
    char buf[RW_GP_TEXT_MAX + 1];
    size_t k = sanitize(text, buf, sizeof buf, box_cjk);
    str_add(b, "'", 1);
    str_add(b, buf, k);
    str_add(b, "'", 1);
}

void rw_gp_set_num(rw_gp_vars *vars, const char *key, double x)
{
    gp_str b;
    str_begin(&b);
    str_num(&b, x);
    vars_put(vars, key, b.s);
}

void rw_gp_set_int(rw_gp_vars *vars, const char *key, int64_t x)
{
    gp_str b;
    str_begin(&b);
    str_int(&b, x);
    vars_put(vars, key, b.s);
}

void rw_gp_set_text(rw_gp_vars *vars, const char *key, const char *text)
{
    gp_str b;
    str_begin(&b);
    str_text(&b, text, vars->box_cjk);
    vars_put(vars, key, b.s);
}

/* An array "[x0,x1,...]" ("[0]" when empty) of reals xd or integers xi. */
static void set_array(rw_gp_vars *vars, const char *key, const double *xd, const int64_t *xi,
                      size_t n)
{
    gp_str b;
    str_begin(&b);
    str_add(&b, "[", 1);
    if (n == 0) str_add(&b, "0", 1);
    for (size_t i = 0; i < n; i++) {
        if (i) str_add(&b, ",", 1);
        if (xd) str_num(&b, xd[i]);
        else str_int(&b, xi[i]);
    }
    str_add(&b, "]", 1);
    vars_put(vars, key, b.s);
}

void rw_gp_set_nums(rw_gp_vars *vars, const char *key, const double *x, size_t n)
{
    set_array(vars, key, x, NULL, n);
}

void rw_gp_set_ints(rw_gp_vars *vars, const char *key, const int64_t *x, size_t n)
{
    set_array(vars, key, NULL, x, n);
}

void rw_gp_set_texts(rw_gp_vars *vars, const char *key, const char *const *text, size_t n)
{
    gp_str b;
    str_begin(&b);
    str_add(&b, "[", 1);
    if (n == 0) str_add(&b, "''", 2);
    for (size_t i = 0; i < n; i++) {
        if (i) str_add(&b, ",", 1);
        str_text(&b, text[i], vars->box_cjk);
    }
    str_add(&b, "]", 1);
    vars_put(vars, key, b.s);
}

static const char *vars_get(const rw_gp_vars *vars, const char *key, size_t len)
{
    for (size_t i = 0; i < vars->n; i++)
        if (strlen(vars->v[i].key) == len && memcmp(vars->v[i].key, key, len) == 0)
            return vars->v[i].val;
    return NULL;
}

rw_status rw_gp_fill(FILE *out, const char *name, const rw_gp_vars *vars, rw_error *err)
{
    if (vars->status != RW_OK)
        return rw_error_set(err, vars->status, NULL, 0, "out of memory writing a chart script");
    const char *t = rw_gp_template(name);
    if (!t) return rw_error_set(err, RW_EINVAL, NULL, 0, "no chart template plots/%s.gp", name);
    long line = 1;
    for (const char *p = t; *p;) {
        const char *open = strstr(p, "{{");
        const char *stop = open ? open : p + strlen(p);
        for (const char *q = p; q < stop; q++)
            if (*q == '\n') line++;
        fwrite(p, 1, (size_t)(stop - p), out);
        if (!open) break;
        const char *key = open + 2, *close = key;
        while ((*close >= 'A' && *close <= 'Z') || (*close >= '0' && *close <= '9') ||
               *close == '_')
            close++;
        if (close == key || close[0] != '}' || close[1] != '}')
            return rw_error_set(err, RW_EINVAL, NULL, 0, "plots/%s.gp:%ld: bad placeholder", name,
                                line);
        const char *val = vars_get(vars, key, (size_t)(close - key));
        if (!val)
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "plots/%s.gp:%ld: no value for placeholder {{%.*s}}", name, line,
                                (int)(close - key), key);
        fputs(val, out);
        p = close + 2;
    }
    return ferror(out) ? rw_error_set(err, RW_EIO, NULL, 0, "cannot write the chart script: %s",
                                      strerror(errno))
                       : RW_OK;
}

/* ---- finding gnuplot ------------------------------------------------------ */

static int is_executable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Searches `prog` (no '/') in the absolute directories of PATH; writes its
 * path to `path` (`size` bytes). Returns 1 when found. */
static int search_path(const char *prog, char *path, size_t size)
{
    const char *dirs = getenv("PATH");
    if (!dirs || !*dirs) dirs = "/usr/local/bin:/usr/bin:/bin";
    while (*dirs) {
        const char *end = strchr(dirs, ':');
        size_t len = end ? (size_t)(end - dirs) : strlen(dirs);
        /* An empty entry would mean the current directory: not searched. */
        if (len > 0 && dirs[0] == '/') {
            int k = snprintf(path, size, "%.*s/%s", (int)len, dirs, prog);
            if (k > 0 && (size_t)k < size && is_executable(path)) return 1;
        }
        dirs += len;
        if (*dirs == ':') dirs++;
    }
    path[0] = '\0';
    return 0;
}

rw_status rw_gp_find(const char *prog, char *path, size_t size, rw_error *err)
{
    if (!prog || !*prog) prog = "gnuplot";
    if (strchr(prog, '/')) {
        /* Made absolute: gnuplot is started from inside the scratch dir. */
        char *abs = is_executable(prog) ? realpath(prog, NULL) : NULL;
        int fits = abs && (size_t)snprintf(path, size, "%s", abs) < size;
        free(abs);
        if (fits) return RW_OK;
        return rw_error_set(err, RW_ENOTFOUND, NULL, 0, GP_NOT_INSTALLED " [%s not found]", prog);
    }
    if (search_path(prog, path, size)) return RW_OK;
    return rw_error_set(err, RW_ENOTFOUND, NULL, 0, GP_NOT_INSTALLED);
}

int rw_gp_find_tool(const char *prog, char *path, size_t size)
{
    return search_path(prog, path, size);
}

/* ---- scratch directory ------------------------------------------------------ */

rw_status rw_gp_scratch_make(int dirfd, const char *label, rw_outdir_scratch *sc, rw_error *err)
{
    return rw_outdir_scratch_make(dirfd, label, ".rw-chart-", sc, err);
}

void rw_gp_scratch_remove(int dirfd, rw_outdir_scratch *sc)
{
    rw_outdir_scratch_remove(dirfd, sc);
}

/* ---- running ----------------------------------------------------------------- */

/* Copies the first error line of gnuplot's log (open as `logfd`, read
 * from its start) into err. */
static rw_status log_error(int logfd, rw_error *err, const char *what)
{
    char buf[GP_LOG_READ + 1];
    size_t n = 0;
    ssize_t got;
    while (n < GP_LOG_READ &&
           (got = pread(logfd, buf + n, GP_LOG_READ - n, (off_t)n)) != 0) {
        if (got < 0) {
            if (errno == EINTR) continue;
            break;
        }
        n += (size_t)got;
    }
    buf[n] = '\0';
    const char *pick = NULL, *first = NULL;
    for (char *line = buf; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        for (char *c = line; *c; c++)
            if ((unsigned char)*c < 0x20) *c = ' ';
        const char *s = line + strspn(line, " ^");
        if (*s && !strstr(s, "warning:")) {
            if (!first) first = s;
            /* gnuplot reports errors as: "script" line N: message */
            if (!pick && strstr(s, " line ") && strchr(s, ':')) pick = s;
        }
        line = nl ? nl + 1 : NULL;
    }
    if (!pick) pick = first;
    if (pick) return rw_error_set(err, RW_EIO, NULL, 0, "gnuplot %s: %.300s", what, pick);
    return rw_error_set(err, RW_EIO, NULL, 0, "gnuplot %s", what);
}

/* An fd >= 3 on `path` relative to `dirfd`, close-on-exec (so dup2 onto
 * 0..2 never clobbers). */
static int open_high(int dirfd, const char *path, int flags, mode_t mode)
{
    int fd = openat(dirfd, path, flags | O_CLOEXEC, mode);
    if (fd < 0 || fd >= 3) return fd;
    int hi = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return hi;
}

static double elapsed_s(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) * 1e-9;
}

/* Waits for child `pid`, polling, and kills it (SIGKILL) once `timeout_s`
 * seconds have passed; it is always reaped. Its wait status goes to
 * *status, and *timed_out says whether it was killed. RW_EIO when waiting
 * fails (`what` names the program). */
static rw_status wait_child(pid_t pid, int timeout_s, int *status, int *timed_out, const char *what,
                            rw_error *err)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long pause_ns = GP_POLL_MIN_NS;
    *timed_out = 0;
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid) return RW_OK;
        if (r < 0 && errno != EINTR)
            return rw_error_set(err, RW_EIO, NULL, 0, "waiting for %s: %s", what, strerror(errno));
        if (!*timed_out && elapsed_s(&t0) > (double)timeout_s) {
            *timed_out = 1;
            kill(pid, SIGKILL); /* then reaped by the next waitpid */
        }
        struct timespec pause = {0, pause_ns};
        nanosleep(&pause, NULL);
        if (pause_ns < GP_POLL_MAX_NS) pause_ns *= 2;
    }
}

rw_status rw_gp_run(const char *exe, int workfd, const char *script, int timeout_s, rw_error *err)
{
    rw_status st = RW_OK;
    int nullfd = -1, logfd = -1;
    nullfd = open_high(AT_FDCWD, "/dev/null", O_RDWR, 0);
    /* O_RDWR: read back for the error line; a planted name is refused. */
    logfd = open_high(workfd, GP_LOG, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
    if (nullfd < 0 || logfd < 0) {
        st = rw_error_set(err, RW_EIO, GP_LOG, 0, "cannot open: %s", strerror(errno));
        goto out;
    }
    /* Everything the child needs is prepared here: after fork it only
     * makes async-signal-safe calls. */
    char *const argv[] = {(char *)exe, (char *)"-d", (char *)script, NULL};
    static const char exec_failed[] = "cannot execute gnuplot\n";
    sigset_t none;
    sigemptyset(&none);
    pid_t pid = fork();
    if (pid < 0) {
        st = rw_error_set(err, RW_EIO, NULL, 0, "cannot start gnuplot: %s", strerror(errno));
        goto out;
    }
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (dup2(nullfd, 0) < 0 || dup2(nullfd, 1) < 0 || dup2(logfd, 2) < 0 || fchdir(workfd) != 0)
            _exit(126);
        execve(exe, argv, environ);
        ssize_t w = write(2, exec_failed, sizeof exec_failed - 1);
        (void)w;
        _exit(127);
    }
    int status = 0, timed_out = 0;
    if ((st = wait_child(pid, timeout_s, &status, &timed_out, "gnuplot", err)) != RW_OK) goto out;
    if (timed_out) {
        st = rw_error_set(err, RW_EIO, NULL, 0, "gnuplot did not finish in %d s and was stopped",
                          timeout_s);
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char what[64];
        if (WIFEXITED(status))
            snprintf(what, sizeof what, "failed (exit %d)", WEXITSTATUS(status));
        else
            snprintf(what, sizeof what, "was killed by signal %d", WTERMSIG(status));
        st = log_error(logfd, err, what);
    }
out:
    if (nullfd >= 0) close(nullfd);
    if (logfd >= 0) close(logfd);
    return st;
}

/* Moves `fd` to a close-on-exec descriptor >= 3 (closing the original);
 * -1 when it cannot. */
static int fd_high(int fd)
{
    if (fd < 0) return -1;
    int hi = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return hi;
}

rw_status rw_gp_capture(const char *exe, char *const argv[], char *out, size_t size, int timeout_s,
                        rw_error *err)
{
    rw_status st = RW_OK;
    int p[2] = {-1, -1}, nullfd = -1, status = 0, timed_out = 0;
    size_t n = 0;
    pid_t pid = -1;
    out[0] = '\0';
    if (pipe(p) != 0) {
        st = rw_error_set(err, RW_EIO, NULL, 0, "cannot run %s: %s", exe, strerror(errno));
        goto out;
    }
    p[0] = fd_high(p[0]);
    p[1] = fd_high(p[1]);
    nullfd = open_high(AT_FDCWD, "/dev/null", O_RDWR, 0);
    if (p[0] < 0 || p[1] < 0 || nullfd < 0) {
        st = rw_error_set(err, RW_EIO, NULL, 0, "cannot run %s: %s", exe, strerror(errno));
        goto out;
    }
    sigset_t none;
    sigemptyset(&none);
    pid = fork();
    if (pid < 0) {
        st = rw_error_set(err, RW_EIO, NULL, 0, "cannot start %s: %s", exe, strerror(errno));
        goto out;
    }
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (dup2(nullfd, 0) < 0 || dup2(p[1], 1) < 0 || dup2(nullfd, 2) < 0) _exit(126);
        execve(exe, argv, environ);
        _exit(127);
    }
    close(p[1]);
    p[1] = -1;
    /* Read to the end (so the child never blocks on a full pipe), keeping
     * what fits; a child that keeps the pipe open is stopped by the limit. */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        double left = (double)timeout_s - elapsed_s(&t0);
        if (left <= 0) break;
        struct pollfd pf = {p[0], POLLIN, 0};
        int r = poll(&pf, 1, (int)(left * 1000) + 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        char buf[4096];
        ssize_t got = read(p[0], buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        size_t keep = (size_t)got;
        if (keep > size - 1 - n) keep = size - 1 - n;
        memcpy(out + n, buf, keep);
        n += keep;
    }
    out[n] = '\0';
    close(p[0]);
    p[0] = -1;
    int left = timeout_s - (int)elapsed_s(&t0);
    if ((st = wait_child(pid, left > 0 ? left : 0, &status, &timed_out, exe, err)) != RW_OK)
        goto out;
    if (timed_out)
        st = rw_error_set(err, RW_EIO, NULL, 0, "%s did not finish in %d s and was stopped", exe,
                          timeout_s);
    else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        st = rw_error_set(err, RW_EIO, NULL, 0, "%s failed (status %d)", exe, status);
out:
    if (st != RW_OK) out[0] = '\0';
    if (p[0] >= 0) close(p[0]);
    if (p[1] >= 0) close(p[1]);
    if (nullfd >= 0) close(nullfd);
    return st;
}
