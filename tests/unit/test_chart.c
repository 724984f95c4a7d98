/* test_chart.c: charts drawn by the real gnuplot (fan, balance, stacked,
 * burn-up) over a 2-week daily, a 2-year daily and a 2-day hourly history;
 * output files checked (PNG signature, size and IHDR pixel size; SVG
 * complete and without scripts); hostile titles; bad names and empty data;
 * missing, failing and hanging gnuplot (fake programs); no scratch
 * directory or child process left behind; text sanitising and template
 * filling; Chinese text (a font found with fc-list, the PNG decoded and
 * checked not to be blacked out, boxes without a font, hostile or missing
 * fc-list). Without gnuplot only the parts that need none run (it says so).
 * Every PNG of the first part is copied to chart_artifacts/ (in the test's
 * working directory, BUILD/tests) for people to look at; KEEP_CHARTS=1
 * also keeps the output directory chart_out.XXXXXX. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include "check.h"
#include "export/chart.h"
#include "export/gnuplot.h"

#define MAXN 1000 /* longest synthetic history + forecast */
#define MAXS 4    /* series of the stacked chart */
#define ART "chart_artifacts"

/* ---- synthetic data -------------------------------------------------------- */

typedef struct fixture {
    const char *label; /* "2w", "2y", "hourly" */
    rw_granularity gran;
    size_t n, nfc;
    int64_t t[MAXN], ft[MAXN];
    double v[MAXN]; /* history */
    double mean[MAXN], lo80[MAXN], hi80[MAXN], lo95[MAXN], hi95[MAXN];
    double sv[MAXS][MAXN], sf[MAXS][MAXN]; /* stacked history and forecast */
    int64_t mt[4];
    double mv[4];
    double bal[3][MAXN]; /* p10, p50, p90 of the balance */
    double acum[MAXN], fcum[3][MAXN];
} fixture;

/* Removes the files of `dir` and `dir` (one level). */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) unlinkat(dirfd(d), e->d_name, 0);
    if (d) closedir(d);
    rmdir(dir);
}

static unsigned long long rng_state;

static double rnd(void) /* deterministic uniform [0, 1) */
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static void fixture_make(fixture *f, const char *label, rw_granularity g, size_t n, size_t nfc)
{
    rng_state = 42;
    int64_t step = g == RW_GRAN_HOUR ? RW_HOUR : RW_DAY;
    int64_t t0 = rw_days_from_civil(g == RW_GRAN_HOUR ? 2025 : 2023, 11, 20) * RW_DAY;
    f->label = label;
    f->gran = g;
    f->n = n;
    f->nfc = nfc;
    size_t season = g == RW_GRAN_HOUR ? 24 : 7;
    for (size_t i = 0; i < n + nfc; i++) {
        double level = 1200 + 0.6 * (double)i;
        double s = 1 + 0.25 * sin(2 * 3.14159265 * (double)(i % season) / (double)season);
        double x = level * s * (0.92 + 0.16 * rnd());
        if (i < n) {
            f->t[i] = t0 + (int64_t)i * step;
            f->v[i] = x;
            for (size_t k = 0; k < MAXS; k++)
                f->sv[k][i] = x * (0.4 - 0.08 * (double)k);
        } else {
            size_t k = i - n;
            double w = 1 + 0.02 * (double)k;
            f->ft[k] = t0 + (int64_t)i * step;
            f->mean[k] = level * s;
            f->lo80[k] = f->mean[k] * (1 - 0.1 * w);
            f->hi80[k] = f->mean[k] * (1 + 0.1 * w);
            f->lo95[k] = f->mean[k] * (1 - 0.18 * w);
            f->hi95[k] = f->mean[k] * (1 + 0.18 * w);
            for (size_t j = 0; j < MAXS; j++)
                f->sf[j][k] = f->mean[k] * (0.4 - 0.08 * (double)j);
        }
    }
    f->v[n / 3] = NAN;  /* a gap */
    f->v[n / 2] *= 2.2; /* an anomaly */
    f->mt[0] = f->t[n / 2];
    f->mv[0] = f->v[n / 2];
    /* The balance: 1.5 x the history's consumption, spent over the horizon. */
    size_t nb = n + nfc;
    double start = 0;
    for (size_t i = 0; i < n; i++)
        start += f->v[i] == f->v[i] ? f->v[i] : 0;
    start *= 0.6 * (double)nb / (double)n;
    for (size_t i = 0; i < nb; i++) {
        double used = 1200.0 * (double)(i + 1);
        f->bal[1][i] = start - used;
        f->bal[0][i] = start - used * 1.15;
        f->bal[2][i] = start - used * 0.85;
    }
    /* Burn-up: cumulative of the history, then of the forecast. */
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += f->v[i] == f->v[i] ? f->v[i] : 0;
        f->acum[i] = sum;
    }
    double m = sum, lo = sum, hi = sum;
    for (size_t k = 0; k < nfc; k++) {
        m += f->mean[k];
        lo += f->lo80[k] * (1 - 0.002 * (double)k);
        hi += f->hi80[k] * (1 + 0.002 * (double)k);
        f->fcum[0][k] = m;
        f->fcum[1][k] = lo;
        f->fcum[2][k] = hi;
    }
}

/* Time index i of the fixture's combined history + forecast axis. */
static int64_t fx_time(const fixture *f, size_t i)
{
    return i < f->n ? f->t[i] : f->ft[i - f->n];
}

static void fan_of(const fixture *f, rw_fan_chart *c, const char *title)
{
    memset(c, 0, sizeof *c);
    c->title = title;
    c->ylabel = f->gran == RW_GRAN_HOUR ? "CNY per hour" : "CNY per day";
    c->gran = f->gran;
    c->nhist = f->n;
    c->ht = f->t;
    c->hv = f->v;
    c->nfc = f->nfc;
    c->ft = f->ft;
    c->mean = f->mean;
    c->lo80 = f->lo80;
    c->hi80 = f->hi80;
    c->lo95 = f->lo95;
    c->hi95 = f->hi95;
    c->nmarks = 1;
    c->mt = f->mt;
    c->mv = f->mv;
}

static int64_t all_t[2 * MAXN];

static void balance_of(const fixture *f, rw_balance_chart *c, const char *title)
{
    memset(c, 0, sizeof *c);
    size_t nb = f->n + f->nfc;
    for (size_t i = 0; i < nb; i++)
        all_t[i] = fx_time(f, i);
    c->title = title;
    c->currency = "CNY";
    c->n = nb;
    c->t = all_t;
    c->p10 = f->bal[0];
    c->p50 = f->bal[1];
    c->p90 = f->bal[2];
    for (int q = 0; q < 3; q++) {
        c->runout[q] = INT64_MIN;
        for (size_t i = 0; i < nb; i++) {
            if (f->bal[q][i] <= 0) {
                c->runout[q] = all_t[i];
                break;
            }
        }
    }
    double start = f->bal[1][0];
    static const char *const names[3] = {"blue (7 d)", "yellow (3 d)", "red (1 d)"};
    static const double frac[3] = {0.35, 0.2, 0.08};
    c->nthr = 3;
    for (size_t i = 0; i < 3; i++) {
        c->thr[i] = start * frac[i];
        c->thr_name[i] = names[i];
    }
    int64_t span = all_t[nb - 1] - all_t[0];
    c->suspend_at = c->runout[1] != INT64_MIN ? c->runout[1] + span / 20 : INT64_MIN;
    c->delete_at = c->runout[1] != INT64_MIN ? c->runout[1] + span / 8 : INT64_MIN;
}

static const char *const svc_names[MAXS] = {"云服务器 CVM", "Object storage (COS)",
                                            "CDN_traffic & more", "Other"};
static const double *sv_ptr[MAXS], *sf_ptr[MAXS];

static void stack_of(const fixture *f, rw_stack_chart *c, const char *title)
{
    memset(c, 0, sizeof *c);
    for (size_t s = 0; s < MAXS; s++) {
        sv_ptr[s] = f->sv[s];
        sf_ptr[s] = f->sf[s];
    }
    c->title = title;
    c->ylabel = f->gran == RW_GRAN_HOUR ? "CNY per hour" : "CNY per day";
    c->gran = f->gran;
    c->nseries = MAXS;
    c->names = svc_names;
    c->n = f->n;
    c->t = f->t;
    c->v = sv_ptr;
    c->nfc = f->nfc;
    c->ft = f->ft;
    c->fv = sf_ptr;
}

static void burnup_of(const fixture *f, rw_burnup_chart *c, const char *title)
{
    memset(c, 0, sizeof *c);
    c->title = title;
    c->currency = "CNY";
    c->from = f->t[0];
    c->to = f->ft[f->nfc - 1];
    c->nact = f->n;
    c->at = f->t;
    c->acum = f->acum;
    c->nfc = f->nfc;
    c->ft = f->ft;
    c->fmean = f->fcum[0];
    c->flo = f->fcum[1];
    c->fhi = f->fcum[2];
    c->budget = f->fcum[0][f->nfc - 1] * 0.9;
    c->breach = INT64_MIN;
    for (size_t k = 0; k < f->nfc; k++) {
        if (f->fcum[0][k] > c->budget) {
            c->breach = f->ft[k];
            break;
        }
    }
}

/* ---- output checks ---------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *b = realloc(buf, 2 * cap + 1);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Checks dir/name.png and dir/name.svg; returns the SVG text (caller frees). */
static char *check_outputs(const char *dir, const char *name, uint32_t w, uint32_t h)
{
    char path[1024];
    size_t n = 0;
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    unsigned char *png = (unsigned char *)slurp(path, &n);
    CHECK(png != NULL);
    if (png) {
        static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        CHECK(n > 5 * 1024);
        CHECK(n > 24 && memcmp(png, sig, 8) == 0);
        CHECK(n > 24 && memcmp(png + 12, "IHDR", 4) == 0);
        if (n > 24) {
            CHECK(be32(png + 16) == w);
            CHECK(be32(png + 20) == h);
        }
    }
    free(png);
    snprintf(path, sizeof path, "%s/%s.svg", dir, name);
    char *svg = slurp(path, &n);
    CHECK(svg != NULL);
    if (svg) {
        CHECK(strstr(svg, "<svg") != NULL);
        CHECK(strstr(svg, "<script") == NULL);
        CHECK(strstr(svg, "onload") == NULL && strstr(svg, "javascript") == NULL);
        /* Only references inside the file (no external assets). */
        for (const char *r = strstr(svg, "href="); r; r = strstr(r + 5, "href="))
            CHECK((r[5] == '\'' || r[5] == '"') && r[6] == '#');
        while (n > 0 && (svg[n - 1] == '\n' || svg[n - 1] == ' '))
            svg[--n] = '\0';
        CHECK(n >= 6 && strcmp(svg + n - 6, "</svg>") == 0);
    }
    return svg;
}

/* Entries of `dir` whose name starts with `prefix`. */
static int count_prefixed(const char *dir, const char *prefix)
{
    int n = 0;
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) n++;
    closedir(d);
    return n;
}

static int exists(const char *dir, const char *name)
{
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void copy_file(const char *from, const char *to)
{
    size_t n;
    char *buf = slurp(from, &n);
    FILE *f = buf ? fopen(to, "wb") : NULL;
    if (f) {
        fwrite(buf, 1, n, f);
        fclose(f);
    }
    free(buf);
}

/* ---- PNG pixels --------------------------------------------------------------- */

/* What a chart's PNG looks like, in numbers. */
typedef struct png_look {
    double dark;      /* share of pixels with luminance < PNG_DARK */
    double title_ink; /* share of the title band's pixels with luminance < PNG_INK */
} png_look;

#define PNG_DARK 64  /* 0..255: near black (the chart's darkest fill is ~70) */
#define PNG_INK 160  /* 0..255: any drawn text or line on the white background */
/* Bounds of a readable chart: the black-shape failure covers 61..88% of
 * the pixels and 70..100% of the title band; good charts have under 1%
 * and 6..13% (docs/charts.md). */
#define PNG_DARK_MAX 0.05
#define PNG_TITLE_INK_MIN 0.01
#define PNG_TITLE_INK_MAX 0.40

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Decodes an 8-bit, non-interlaced grey/RGB(A) PNG (what pngcairo writes)
 * and measures it. The title band is the top 1..7.5% of the rows, over the
 * middle half of the width (where a centred title is). 0 on success. */
static int png_measure(const char *path, png_look *look)
{
    size_t n = 0, nidat = 0;
    unsigned char *png = (unsigned char *)slurp(path, &n), *idat = NULL, *raw = NULL;
    int rc = -1;
    uint32_t w = 0, h = 0;
    int bpp = 0;
    if (!png || n < 8 || memcmp(png, "\x89PNG\r\n\x1a\n", 8) != 0) goto out;
    idat = malloc(n);
    if (!idat) goto out;
    for (size_t p = 8; p + 12 <= n;) {
        uint32_t len = be32(png + p);
        const unsigned char *type = png + p + 4, *body = png + p + 8;
        if (len > n - p - 12) goto out;
        if (memcmp(type, "IHDR", 4) == 0 && len >= 13) {
            w = be32(body);
            h = be32(body + 4);
            int depth = body[8], color = body[9], interlace = body[12];
            bpp = color == 0 ? 1 : color == 2 ? 3 : color == 4 ? 2 : color == 6 ? 4 : 0;
            if (depth != 8 || interlace != 0 || bpp == 0 || w == 0 || h == 0 || w > 10000 ||
                h > 10000)
                goto out;
        } else if (memcmp(type, "IDAT", 4) == 0) {
            memcpy(idat + nidat, body, len);
            nidat += len;
        }
        p += 12 + (size_t)len;
    }
    size_t stride = (size_t)w * (size_t)bpp;
    uLongf rawlen = (uLongf)((stride + 1) * h);
    raw = malloc(rawlen);
    if (!raw || bpp == 0 || uncompress(raw, &rawlen, idat, (uLong)nidat) != Z_OK ||
        rawlen != (stride + 1) * h)
        goto out;
    size_t dark = 0, ink = 0, band = 0;
    uint32_t t0 = h / 100, t1 = h * 75 / 1000;
    unsigned char *prev = NULL;
    for (uint32_t y = 0; y < h; y++) {
        unsigned char *row = raw + y * (stride + 1), f = row[0], *px = row + 1;
        for (size_t x = 0; x < stride; x++) {
            int a = x >= (size_t)bpp ? px[x - (size_t)bpp] : 0, b = prev ? prev[x] : 0;
            int c = prev && x >= (size_t)bpp ? prev[x - (size_t)bpp] : 0, pred = 0;
            if (f == 1) pred = a;
            else if (f == 2) pred = b;
            else if (f == 3) pred = (a + b) / 2;
            else if (f == 4) pred = paeth(a, b, c);
            else if (f != 0) goto out;
            px[x] = (unsigned char)(px[x] + pred);
        }
        for (uint32_t x = 0; x < w; x++) {
            const unsigned char *q = px + (size_t)x * (size_t)bpp;
            int lum = bpp < 3 ? q[0] : (299 * q[0] + 587 * q[1] + 114 * q[2]) / 1000;
            if (lum < PNG_DARK) dark++;
            if (y >= t0 && y < t1 && x >= w / 4 && x < 3 * w / 4) {
                band++;
                if (lum < PNG_INK) ink++;
            }
        }
        prev = px;
    }
    look->dark = (double)dark / ((double)w * (double)h);
    look->title_ink = band ? (double)ink / (double)band : 0;
    rc = 0;
out:
    free(png);
    free(idat);
    free(raw);
    return rc;
}

/* Whether a measured chart is readable (not blacked out, a title drawn). */
static int png_readable(const png_look *k)
{
    return k->dark < PNG_DARK_MAX && k->title_ink > PNG_TITLE_INK_MIN &&
           k->title_ink < PNG_TITLE_INK_MAX;
}

/* ---- tests ------------------------------------------------------------------------ */

static fixture fx[3];

/* Every kind over every span, checked, and copied to chart_artifacts/. */
static void test_all_kinds(const char *dir)
{
    static const char *const kinds[4] = {"fan", "balance", "stack", "burnup"};
    char title[128], name[64];
    for (size_t i = 0; i < 3; i++) {
        for (int k = 0; k < 4; k++) {
            double t0 = now_s();
            rw_error err;
            rw_error_clear(&err);
            rw_fan_chart fan;
            rw_balance_chart bal;
            rw_stack_chart stk;
            rw_burnup_chart bur;
            const void *chart = NULL;
            snprintf(name, sizeof name, "%s_%s", kinds[k], fx[i].label);
            switch (k) {
            case 0:
                snprintf(title, sizeof title, "CVM: daily cost, history and forecast (%s)",
                         fx[i].label);
                fan_of(&fx[i], &fan, title);
                chart = &fan;
                break;
            case 1:
                snprintf(title, sizeof title, "Prepaid balance: expected run-down (%s)",
                         fx[i].label);
                balance_of(&fx[i], &bal, title);
                chart = &bal;
                break;
            case 2:
                snprintf(title, sizeof title, "Consumption by service (%s)", fx[i].label);
                stack_of(&fx[i], &stk, title);
                chart = &stk;
                break;
            default:
                snprintf(title, sizeof title, "Budget burn-up (%s)", fx[i].label);
                burnup_of(&fx[i], &bur, title);
                chart = &bur;
                break;
            }
            rw_status st = rw_chart_draw((rw_chart_kind)k, chart, dir, name, NULL, &err);
            if (st != RW_OK) fprintf(stderr, "%s: %s\n", name, err.text);
            CHECK(st == RW_OK);
            free(check_outputs(dir, name, 960, 480));
            fprintf(stderr, "  %-16s %.0f ms\n", name, (now_s() - t0) * 1000);
            char from[256], to[256];
            snprintf(from, sizeof from, "%s/%s.png", dir, name);
            snprintf(to, sizeof to, ART "/%s.png", name);
            copy_file(from, to);
        }
    }
    CHECK(count_prefixed(dir, ".rw-chart-") == 0);
}

/* Another pixel size reaches the PNG header. */
static void test_size(const char *dir)
{
    rw_fan_chart c;
    fan_of(&fx[0], &c, "Sized");
    rw_chart_opts o = {NULL, 800, 400, NULL};
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &c, dir, "sized", &o, &err) == RW_OK);
    free(check_outputs(dir, "sized", 800, 400));
    o.width = 50;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &c, dir, "tiny", &o, &err) == RW_EINVAL);
    CHECK(!exists(dir, "tiny.png"));
}

/* Titles and names trying to run commands draw as plain text. */
static void test_hostile(const char *dir)
{
    char abs[512], title[1024], pwned[600];
    CHECK(getcwd(abs, sizeof abs) != NULL);
    snprintf(title, sizeof title,
             "`touch PWNED` '; system(\"touch PWNED2\") # $HOME `touch %s/PWNED3` "
             "@x ^{y}_z \\\" \n\t & ~ \x01 \xff\xfe end",
             abs);
    const char *names[MAXS] = {"`touch PWNED4`", "'; system(\"touch PWNED5\") #", "$HOME",
                               "云服务器"};
    rw_stack_chart s;
    stack_of(&fx[0], &s, title);
    s.names = names;
    s.ylabel = "$(touch PWNED6) per day";
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_STACK, &s, dir, "hostile", NULL, &err) == RW_OK);
    char *svg = check_outputs(dir, "hostile", 960, 480);
    /* Drawn, with the dangerous characters replaced. */
    CHECK(svg && strstr(svg, "-touch PWNED- -; system(-touch PWNED2-) # -HOME") != NULL);
    CHECK(svg && strstr(svg, "云服务器") != NULL);
    free(svg);
    rw_balance_chart b;
    balance_of(&fx[0], &b, title);
    b.currency = "`touch PWNED7`";
    b.thr_name[0] = "'; system('touch PWNED8') #";
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_BALANCE, &b, dir, "hostile2", NULL, &err) == RW_OK);
    free(check_outputs(dir, "hostile2", 960, 480));
    CHECK(count_prefixed(dir, "PWNED") == 0);
    CHECK(count_prefixed(".", "PWNED") == 0);
    snprintf(pwned, sizeof pwned, "%s/PWNED3", abs);
    CHECK(access(pwned, F_OK) != 0);
}

static void test_sanitize(void)
{
    char out[RW_GP_TEXT_MAX + 1];
    rw_gp_sanitize("a_b & c'd\"e`f$g@h^i{j}k~l\\m", out, sizeof out);
    CHECK_STR(out, "a-b + c-d-e-f-g-h-i(j)k-l-m");
    rw_gp_sanitize("Tab\there\nline", out, sizeof out);
    CHECK_STR(out, "Tab here line");
    rw_gp_sanitize("ok .,:;/()-+%#= 09AZ", out, sizeof out);
    CHECK_STR(out, "ok .,:;/()-+%#= 09AZ");
    rw_gp_sanitize("云服务器", out, sizeof out);
    CHECK_STR(out, "云服务器");
    rw_gp_sanitize("bad \xff\xc0\xaf \xed\xa0\x80 \xc2\x85 \xe2\x80\xae end", out, sizeof out);
    CHECK_STR(out, "bad --- --- -- --- end");
    rw_gp_sanitize(NULL, out, sizeof out);
    CHECK_STR(out, "");
    char small[6];
    rw_gp_sanitize("ab云c", small, sizeof small); /* the character is not cut */
    CHECK_STR(small, "ab云");
    rw_gp_sanitize("abc云", small, sizeof small);
    CHECK_STR(small, "abc");
    char longs[1000];
    memset(longs, 'x', sizeof longs - 1);
    longs[sizeof longs - 1] = '\0';
    CHECK(rw_gp_sanitize(longs, out, sizeof out) == RW_GP_TEXT_MAX);
}

static void test_template_errors(void)
{
    rw_gp_vars v;
    rw_gp_vars_init(&v);
    rw_error err;
    rw_error_clear(&err);
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f) return;
    CHECK(rw_gp_fill(f, "fan", &v, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "no value for placeholder") != NULL);
    rw_error_clear(&err);
    CHECK(rw_gp_fill(f, "nosuch", &v, &err) == RW_EINVAL);
    rw_gp_set_text(&v, "K", "x'y");
    rw_gp_set_texts(&v, "L", NULL, 0);
    rw_gp_set_nums(&v, "M", (const double[]){1.5, NAN}, 2);
    CHECK(v.status == RW_OK && v.n == 3);
    CHECK_STR(v.v[0].val, "'x-y'");
    CHECK_STR(v.v[1].val, "['']");
    CHECK_STR(v.v[2].val, "[1.5,0]");
    rw_gp_vars_cleanup(&v);
    fclose(f);
}

/* Each template is a known name and every kind has one. */
static void test_templates_present(void)
{
    static const char *const names[] = {"begin", "end", "fan", "balance", "stack", "burnup"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK(rw_gp_template(names[i]) != NULL);
}

static void test_bad_input(const char *dir)
{
    rw_fan_chart c;
    fan_of(&fx[0], &c, "x");
    rw_error err;
    static const char *const bad[] = {"../x", "a b", "", "x.svg", "a/b", "$(id)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rw_error_clear(&err);
        CHECK(rw_chart_draw(RW_CHART_FAN, &c, dir, bad[i], NULL, &err) == RW_EINVAL);
    }
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &c, dir, NULL, NULL, &err) == RW_EINVAL);
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, NULL, dir, "x", NULL, &err) == RW_EINVAL);
    rw_error_clear(&err);
    CHECK(rw_chart_draw((rw_chart_kind)99, &c, dir, "x", NULL, &err) == RW_EINVAL);

    /* Empty data, each kind. */
    rw_fan_chart ef = {0};
    rw_balance_chart eb = {0};
    rw_stack_chart es = {0};
    rw_burnup_chart eu = {0};
    const void *empty[4] = {&ef, &eb, &es, &eu};
    for (int k = 0; k < 4; k++) {
        rw_error_clear(&err);
        CHECK(rw_chart_draw((rw_chart_kind)k, empty[k], dir, "empty", NULL, &err) == RW_EINVAL);
    }
    /* Only gaps is empty too. */
    double nan3[3] = {NAN, NAN, NAN};
    ef.nhist = 3;
    ef.ht = fx[0].t;
    ef.hv = nan3;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &ef, dir, "empty", NULL, &err) == RW_EINVAL);
    /* Arrays missing. */
    ef.hv = NULL;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &ef, dir, "empty", NULL, &err) == RW_EINVAL);
    rw_balance_chart b;
    balance_of(&fx[0], &b, "x");
    b.nthr = RW_CHART_MAX_THR + 1;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_BALANCE, &b, dir, "empty", NULL, &err) == RW_EINVAL);
    rw_burnup_chart u;
    burnup_of(&fx[0], &u, "x");
    u.to = u.from - RW_DAY;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_BURNUP, &u, dir, "empty", NULL, &err) == RW_EINVAL);
    /* Times and values out of range. */
    int64_t far[2] = {fx[0].t[0], INT64_MAX / 2};
    double two[2] = {1, 2}, huge[2] = {1, 1e300};
    rw_fan_chart r = {0};
    r.nhist = 2;
    r.ht = far;
    r.hv = two;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &r, dir, "empty", NULL, &err) == RW_EINVAL);
    r.ht = fx[0].t;
    r.hv = huge;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &r, dir, "empty", NULL, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "out of range") != NULL);
    CHECK(!exists(dir, "empty.svg") && !exists(dir, "empty.png"));
    /* A destination that does not exist. */
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &c, "/nonexistent/dir", "x", NULL, &err) == RW_EIO);
}

/* Small variations still draw: one point, no forecast, no band, no
 * markers, negative values, a single series. */
static void test_edge_cases(const char *dir)
{
    rw_error err;
    rw_fan_chart c;
    fan_of(&fx[0], &c, "One point");
    c.nhist = 1;
    c.nfc = 0;
    c.nmarks = 0;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &c, dir, "edge1", NULL, &err) == RW_OK);
    fan_of(&fx[0], &c, "Forecast only");
    c.nhist = 0;
    c.nmarks = 0;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &c, dir, "edge2", NULL, &err) == RW_OK);
    rw_balance_chart b;
    balance_of(&fx[0], &b, "No band, nothing runs out");
    b.p10 = b.p90 = NULL;
    b.runout[0] = b.runout[1] = b.runout[2] = INT64_MIN;
    b.suspend_at = b.delete_at = INT64_MIN;
    b.nthr = 0;
    b.currency = "";
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_BALANCE, &b, dir, "edge3", NULL, &err) == RW_OK);
    rw_stack_chart s;
    stack_of(&fx[0], &s, "One series, no forecast");
    s.nseries = 1;
    s.nfc = 0;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_STACK, &s, dir, "edge4", NULL, &err) == RW_OK);
    rw_burnup_chart u;
    burnup_of(&fx[0], &u, "No budget, no forecast");
    u.budget = 0;
    u.nfc = 0;
    u.breach = INT64_MIN;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_BURNUP, &u, dir, "edge5", NULL, &err) == RW_OK);
    if (err.text[0]) fprintf(stderr, "edge: %s\n", err.text);
    CHECK(count_prefixed(dir, ".rw-chart-") == 0);
}

/* Writes an executable shell script `body` as dir/name. */
static void fake_program(const char *dir, const char *name, const char *body, char *path,
                         size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    chmod(path, 0700);
}

static void test_missing_and_failing(const char *dir, const char *tools)
{
    rw_fan_chart c;
    fan_of(&fx[0], &c, "x");
    rw_error err;
    rw_chart_opts o = {"/nonexistent/gnuplot", 0, 0, NULL};
    rw_error_clear(&err);
    CHECK(rw_chart_check(&o, &err) == RW_ENOTFOUND);
    CHECK(strstr(err.text, "apt-get install gnuplot-nox") != NULL);
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &c, dir, "missing", &o, &err) == RW_ENOTFOUND);
    CHECK(strstr(err.text, "apt-get install gnuplot-nox") != NULL);
    CHECK(count_prefixed(dir, "missing") == 0);
    o.gnuplot = "no-such-gnuplot-program";
    rw_error_clear(&err);
    CHECK(rw_chart_check(&o, &err) == RW_ENOTFOUND);

    /* gnuplot fails: its first error line is reported. */
    char path[1024];
    fake_program(tools, "failing",
                 "echo 'plot x' >&2; echo '     ^' >&2; "
                 "echo '\"chart.gp\" line 3: undefined variable: x' >&2; exit 1",
                 path, sizeof path);
    o.gnuplot = path;
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &c, dir, "failing", &o, &err) == RW_EIO);
    CHECK(strstr(err.text, "line 3: undefined variable: x") != NULL);
    fprintf(stderr, "failing: %s\n", err.text);
    CHECK(!exists(dir, "failing.svg") && !exists(dir, "failing.png"));
    /* gnuplot succeeds but writes half a result: nothing is kept. */
    fake_program(tools, "partial", "printf '<svg>' > out.svg; exit 0", path, sizeof path);
    rw_error_clear(&err);
    CHECK(rw_chart_draw(RW_CHART_FAN, &c, dir, "partial", &o, &err) == RW_EIO);
    CHECK(!exists(dir, "partial.svg") && !exists(dir, "partial.png"));
    /* gnuplot hangs: stopped after the time limit (1 s here). */
    fake_program(tools, "hanging", "exec sleep 30", path, sizeof path);
    CHECK(rw_gp_find(path, path, sizeof path, &err) == RW_OK); /* absolute */
    rw_outdir_scratch scratch;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    CHECK(dfd >= 0);
    CHECK(rw_gp_scratch_make(dfd, dir, &scratch, &err) == RW_OK);
    double t0 = now_s();
    rw_error_clear(&err);
    CHECK(rw_gp_run(path, scratch.fd, "chart.gp", 1, &err) == RW_EIO);
    CHECK(now_s() - t0 < 5);
    CHECK(strstr(err.text, "did not finish") != NULL);
    fprintf(stderr, "hanging: %s\n", err.text);
    rw_gp_scratch_remove(dfd, &scratch);
    close(dfd);
    CHECK(count_prefixed(dir, ".rw-chart-") == 0);
}

/* CJK detection and boxes, without gnuplot. */
static void test_cjk_text(void)
{
    char out[RW_GP_TEXT_MAX + 1];
    CHECK(rw_gp_has_cjk("云数据库Redis"));
    CHECK(rw_gp_has_cjk("Redis（标准）"));
    CHECK(rw_gp_has_cjk("カタカナ") && rw_gp_has_cjk("한국어"));
    CHECK(rw_gp_has_cjk("\xF0\xA0\x80\x80")); /* U+20000, extension B */
    CHECK(!rw_gp_has_cjk("Cloud Object Storage") && !rw_gp_has_cjk("Café €") &&
          !rw_gp_has_cjk(NULL) && !rw_gp_has_cjk("bad \xe4\xb8 \xff"));
    rw_gp_sanitize_box("云数据库Redis's（1）", out, sizeof out);
    CHECK_STR(out, "□□□□Redis-s□1□");
    rw_gp_sanitize_box("Café € `x`", out, sizeof out);
    CHECK_STR(out, "Café € -x-");
    rw_gp_sanitize_box("\xF0\xA0\x80\x80", out, sizeof out); /* 4 bytes become 3 */
    CHECK_STR(out, "□");
    char small[6];
    rw_gp_sanitize_box("a云数", small, sizeof small); /* the box is not cut */
    CHECK_STR(small, "a□");

    rw_fan_chart f;
    fan_of(&fx[0], &f, "CVM");
    CHECK(!rw_chart_has_cjk(RW_CHART_FAN, &f));
    f.ylabel = "元/日";
    CHECK(rw_chart_has_cjk(RW_CHART_FAN, &f));
    rw_balance_chart b;
    balance_of(&fx[0], &b, "Balance");
    CHECK(!rw_chart_has_cjk(RW_CHART_BALANCE, &b));
    b.thr_name[2] = "红色";
    CHECK(rw_chart_has_cjk(RW_CHART_BALANCE, &b));
    rw_stack_chart st;
    stack_of(&fx[0], &st, "By service"); /* svc_names[0] is 云服务器 CVM */
    CHECK(rw_chart_has_cjk(RW_CHART_STACK, &st));
    st.nseries = 0;
    CHECK(!rw_chart_has_cjk(RW_CHART_STACK, &st));
    rw_burnup_chart u;
    burnup_of(&fx[0], &u, "Budget");
    CHECK(!rw_chart_has_cjk(RW_CHART_BURNUP, &u));
    u.currency = "元";
    CHECK(rw_chart_has_cjk(RW_CHART_BURNUP, &u));
    CHECK(!rw_chart_has_cjk(RW_CHART_FAN, NULL) && !rw_chart_has_cjk((rw_chart_kind)99, &u));
}

static const char *const cjk_names[MAXS] = {"云数据库Redis", "对象存储", "云服务器",
                                            "内容分发网络 CDN"};

/* Draws the Chinese fan chart (title 云数据库Redis) and stacked chart with
 * font `font` (NULL: the default lookup) as NAME_fan and NAME_stack, and
 * measures their PNGs. Returns the SVG of the fan chart (caller frees). */
static char *draw_cjk(const char *dir, const char *name, const char *font, png_look look[2])
{
    char fname[64], path[1024];
    char *svg = NULL;
    rw_chart_opts o = {NULL, 0, 0, font};
    for (int k = 0; k < 2; k++) {
        rw_fan_chart f;
        rw_stack_chart st;
        fan_of(&fx[0], &f, "云数据库Redis: 每日费用");
        f.ylabel = "元/日";
        stack_of(&fx[0], &st, "按产品的消费 (云数据库Redis)");
        st.names = cjk_names;
        snprintf(fname, sizeof fname, "%s_%s", name, k ? "stack" : "fan");
        rw_error err;
        rw_error_clear(&err);
        const void *chart = k ? (const void *)&st : (const void *)&f;
        rw_status s = rw_chart_draw(k ? RW_CHART_STACK : RW_CHART_FAN, chart, dir, fname, &o, &err);
        if (s != RW_OK) fprintf(stderr, "%s: %s\n", fname, err.text);
        CHECK(s == RW_OK);
        char *text = check_outputs(dir, fname, 960, 480);
        if (k == 0) svg = text;
        else free(text);
        snprintf(path, sizeof path, "%s/%s.png", dir, fname);
        look[k].dark = look[k].title_ink = -1;
        CHECK(png_measure(path, &look[k]) == 0);
        fprintf(stderr, "  %-22s dark %5.1f%%  title band inked %5.1f%%\n", fname,
                100 * look[k].dark, 100 * look[k].title_ink);
        char to[256];
        snprintf(to, sizeof to, ART "/%s.png", fname);
        copy_file(path, to);
    }
    return svg;
}

/* Chinese text with a font that covers it: found with fc-list, set in the
 * SVG, and the PNG is readable (not the black shapes pngcairo draws for
 * characters no font has). */
static void test_cjk_font(const char *dir)
{
    char family[RW_CHART_FONT_MAX], want[RW_CHART_FONT_MAX + 32];
    rw_error err;
    rw_error_clear(&err);
    rw_status st = rw_chart_font(family, sizeof family, &err);
    if (st != RW_OK)
        fprintf(stderr, "no font for Chinese (%s): install one with `bash .ci/deps`\n", err.text);
    CHECK(st == RW_OK && family[0]);
    if (st != RW_OK) return;
    fprintf(stderr, "  font for Chinese: %s\n", family);
    snprintf(want, sizeof want, "font-family=\"%s\"", family);
    png_look look[2];
    for (int lookup = 0; lookup < 2; lookup++) {
        char *svg = draw_cjk(dir, lookup ? "cjk_lookup" : "cjk", lookup ? NULL : family, look);
        CHECK(svg && strstr(svg, want) != NULL);
        CHECK(svg && strstr(svg, "云数据库Redis: 每日费用") != NULL);
        free(svg);
        CHECK(png_readable(&look[0]));
        CHECK(png_readable(&look[1]));
    }
    /* A font name is a family name, nothing else. */
    rw_fan_chart f;
    fan_of(&fx[0], &f, "x");
    static const char *const bad[] = {"x'; system('touch PWNED9') #", "Sans,40", "Sans:Bold",
                                      "云"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rw_chart_opts o = {NULL, 0, 0, bad[i]};
        rw_error_clear(&err);
        CHECK(rw_chart_draw(RW_CHART_FAN, &f, dir, "badfont", &o, &err) == RW_EINVAL);
    }
    CHECK(!exists(dir, "badfont.png"));
}

/* With only fonts that lack Chinese (a fontconfig setup of DejaVu alone):
 * rw_chart_font says what to install, and the chart draws CJK characters
 * as boxes and stays readable. The same chart drawn the old way (a font
 * named, nothing replaced) is the black-shape failure: it must fail the
 * readability bounds, or they would not catch it. */
static void test_cjk_no_font(const char *dir, const char *tools)
{
    static const char dejavu[] = "/usr/share/fonts/truetype/dejavu";
    char conf[1100], cwd[512], abs_tools[1024];
    struct stat sb;
    if (stat(dejavu, &sb) != 0) {
        fprintf(stderr, "no %s: the no-font test is skipped\n", dejavu);
        return;
    }
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    snprintf(abs_tools, sizeof abs_tools, "%s/%s", cwd, tools);
    snprintf(conf, sizeof conf, "%s/fonts.conf", abs_tools);
    FILE *f = fopen(conf, "w");
    CHECK(f != NULL);
    if (!f) return;
    fprintf(f, "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
               "<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n",
            dejavu, abs_tools);
    CHECK(fclose(f) == 0);
    const char *old = getenv("FONTCONFIG_FILE");
    char *saved = old ? strdup(old) : NULL;
    setenv("FONTCONFIG_FILE", conf, 1);

    char family[RW_CHART_FONT_MAX] = "x";
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_chart_font(family, sizeof family, &err) == RW_ENOTFOUND);
    CHECK(family[0] == '\0' && strstr(err.text, "fonts-wqy-microhei") != NULL);
    png_look boxes[2], before[2];
    for (int asked = 0; asked < 2; asked++) { /* looked up, and "" (none) */
        char *svg = draw_cjk(dir, asked ? "cjk_none" : "cjk_boxes", asked ? "" : NULL, boxes);
        CHECK(svg && strstr(svg, "□□□□Redis: □□□□") != NULL);
        CHECK(svg && strstr(svg, "云") == NULL);
        free(svg);
        CHECK(png_readable(&boxes[0]));
        CHECK(png_readable(&boxes[1]));
    }
    free(draw_cjk(dir, "cjk_before", "DejaVu Sans", before));
    CHECK(!png_readable(&before[0]));
    fprintf(stderr, "  fan chart 云数据库Redis: dark %.1f%% -> %.1f%% (boxes), title band %.1f%% "
                    "-> %.1f%%\n",
            100 * before[0].dark, 100 * boxes[0].dark, 100 * before[0].title_ink,
            100 * boxes[0].title_ink);

    if (saved) setenv("FONTCONFIG_FILE", saved, 1);
    else unsetenv("FONTCONFIG_FILE");
    free(saved);
}

/* fc-list missing, failing, naming hostile families, hanging. */
static void test_fc_list(const char *tools)
{
    char family[RW_CHART_FONT_MAX], path[1024], cwd[512], bin[1024];
    rw_error err;
    const char *old = getenv("PATH");
    char *saved = old ? strdup(old) : NULL;
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    snprintf(bin, sizeof bin, "%s/%s/bin", cwd, tools);
    CHECK(mkdir(bin, 0700) == 0);
    setenv("PATH", bin, 1);
    rw_error_clear(&err);
    CHECK(rw_chart_font(family, sizeof family, &err) == RW_ENOTFOUND);
    CHECK(family[0] == '\0' && strstr(err.text, "fc-list") != NULL);
    /* Unsafe names are skipped; the preferred family wins over order. */
    fake_program(bin, "fc-list",
                 "printf \"Evil'; system('touch PWNED') #\\nAAA Sans\\nWenQuanYi Micro Hei\\n"
                 "Zz:Bold\\nNoto Sans CJK SC\\nNoto Sans CJK SC Cut\"",
                 path, sizeof path);
    rw_error_clear(&err);
    CHECK(rw_chart_font(family, sizeof family, &err) == RW_OK);
    CHECK_STR(family, "Noto Sans CJK SC");
    fake_program(bin, "fc-list", "printf 'Zeta Hei\\nAlpha Hei\\n'", path, sizeof path);
    rw_error_clear(&err);
    CHECK(rw_chart_font(family, sizeof family, &err) == RW_OK);
    CHECK_STR(family, "Alpha Hei");
    fake_program(bin, "fc-list", "printf \"x'y\\n\\n\"", path, sizeof path);
    rw_error_clear(&err);
    CHECK(rw_chart_font(family, sizeof family, &err) == RW_ENOTFOUND);
    CHECK(family[0] == '\0');
    char tiny[4];
    fake_program(bin, "fc-list", "printf 'Alpha Hei\\nAb\\n'", path, sizeof path);
    rw_error_clear(&err);
    CHECK(rw_chart_font(tiny, sizeof tiny, &err) == RW_OK); /* only what fits */
    CHECK_STR(tiny, "Ab");
    fake_program(bin, "fc-list", "echo 'WenQuanYi Micro Hei'; exit 3", path, sizeof path);
    rw_error_clear(&err);
    CHECK(rw_chart_font(family, sizeof family, &err) == RW_EIO);
    CHECK(family[0] == '\0');
    if (saved) setenv("PATH", saved, 1);
    else unsetenv("PATH");
    free(saved);
    /* A program that hangs is stopped at the limit (1 s here). */
    fake_program(bin, "hang", "echo partial; exec sleep 30", path, sizeof path);
    char out[64];
    char *const argv[] = {path, NULL};
    double t0 = now_s();
    rw_error_clear(&err);
    CHECK(rw_gp_capture(path, argv, out, sizeof out, 1, &err) == RW_EIO);
    CHECK(now_s() - t0 < 5 && out[0] == '\0');
    CHECK(strstr(err.text, "did not finish") != NULL);
    /* Output longer than the buffer is read to the end and cut. */
    fake_program(bin, "long", "i=0; while [ $i -lt 2000 ]; do echo 0123456789; i=$((i+1)); done",
                 path, sizeof path);
    rw_error_clear(&err);
    CHECK(rw_gp_capture(path, argv, out, sizeof out, 10, &err) == RW_OK);
    CHECK(strlen(out) == sizeof out - 1 && strncmp(out, "0123456789\n0123", 15) == 0);

    remove_dir(bin);
}

int main(void)
{
    char gp[1024];
    rw_error err;
    rw_error_clear(&err);
    test_sanitize();
    test_template_errors();
    test_templates_present();
    fixture_make(&fx[0], "2w", RW_GRAN_DAY, 14, 14);
    test_cjk_text();
    if (rw_gp_find(NULL, gp, sizeof gp, &err) != RW_OK) {
        fprintf(stderr, "gnuplot not installed: drawing tests skipped (%s)\n", err.text);
        CHECK_DONE();
    }
    char dir[] = "chart_out.XXXXXX", tools[] = "chart_tools.XXXXXX";
    CHECK(mkdtemp(dir) != NULL && mkdtemp(tools) != NULL);
    mkdir(ART, 0755);
    fixture_make(&fx[0], "2w", RW_GRAN_DAY, 14, 14);
    fixture_make(&fx[1], "2y", RW_GRAN_DAY, 730, 90);
    fixture_make(&fx[2], "hourly", RW_GRAN_HOUR, 48, 24);

    double t0 = now_s();
    test_all_kinds(dir);
    test_size(dir);
    test_hostile(dir);
    test_bad_input(dir);
    test_edge_cases(dir);
    test_missing_and_failing(dir, tools);
    test_fc_list(tools);
    test_cjk_font(dir);
    test_cjk_no_font(dir, tools);
    fprintf(stderr, "drawing tests: %.2f s\n", now_s() - t0);

    /* No child left unreaped, no scratch directory left. */
    CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
    CHECK(count_prefixed(dir, ".rw-chart-") == 0);
    if (!getenv("KEEP_CHARTS")) remove_dir(dir);
    remove_dir(tools);
    CHECK_DONE();
}
