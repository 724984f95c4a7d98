/* test_stl.c: STL/MSTL decomposition and loess: against R's stats::stl
 * (reference values below), against a naive weighted-least-squares loess,
 * and on series whose components are known. */
#include <stdlib.h>
#include <time.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "check.h"
#include "model/stl.h"

/* R 4.x: t <- 0:49; y <- 5 + 0.1 t + 2 sin(2 pi t / 12) + 0.5 cos(1.7 t);
 * y[21] <- y[21] + 6 (an outlier at t = 20); x <- ts(y, frequency = 12);
 * stl(x, s.window = 7), stl(x, s.window = 7, robust = TRUE),
 * stl(x, s.window = "periodic"); seasonal and trend printed with %.17g. */
static const double r_s7_seasonal[50] = {
    -0.14209516430347061,  0.74274517819651076, 1.5055866968171401,    1.9530642280834369,
    1.5204998416035878,    0.66202145185690786, -0.1306489461661457,   -1.0474068438871105,
    0.033667943120896868,  -2.2824224320680981, -1.7762361108659317,   -1.0722419901139335,
    -0.15689483189254214,  0.78074583800958064, 1.5597016390952172,    1.9093439712537632,
    1.4919365151316177,    0.73266961650427231, -0.096644673702027853, -1.1028104090596247,
    -0.079955579465010626, -2.2087414018668663, -1.782690867214985,    -1.1311080320698548,
    -0.20438428236215123,  0.85684152625314702, 1.6695640602271304,    1.8022885718695685,
    1.4761886678529412,    0.90879463309041753, -0.063375047491255138, -1.2273378407762872,
    -0.2289050825936792,   -2.0449836066291334, -1.8262266096886035,   -1.2256445937836131,
    -0.10339908784747474,  0.93726622260701631, 1.6904895237914783,    1.7453709857796436,
    1.4899114243162044,    0.99440281928205543, -0.056435435938359819, -1.2648829715677798,
    -0.45250477827024937,  -1.9639613099411883, -1.8450953329137993,   -1.2395935330361478,
    -0.071208396877336419, 0.98357424170453156};
static const double r_s7_trend[50] = {
    5.159343022387282,  5.2409362591728685, 5.3225294959584559, 5.4041227327440424,
    5.4929845301245113, 5.5818463275049801, 5.670708124885449,  5.7647227262694125,
    5.8587373276533752, 5.9527519290373387, 6.0700943157596781, 6.1874367024820183,
    6.3047790892043576, 6.4828337808167111, 6.6608884724290638, 6.8389431640414173,
    6.9846684079315429, 7.1303936518216693, 7.2761188957117948, 7.3778540254847851,
    7.4795891552577762, 7.5813242850307665, 7.6542906030913951, 7.7272569211520246,
    7.8002232392126531, 7.8267402415826908, 7.8532572439527293, 7.8797742463227669,
    7.9250197815073875, 7.9702653166920081, 8.0155108518766287, 8.1119215455749778,
    8.2083322392733269, 8.304742932971676,  8.400184618825234,  8.4956263046787921,
    8.5910679905323502, 8.6880954080257542, 8.7851228255191582, 8.8821502430125623,
    8.9896395997864627, 9.097128956560363,  9.2046183133342634, 9.3092003544624919,
    9.4137823955907187, 9.5183644367189473, 9.6201741281953144, 9.7219838196716797,
    9.8237935111480468, 9.9261455349126884};
static const double r_rob_seasonal[50] = {
    0.0087503671765999224,   0.88276811598706917, 1.6914102482283451,   2.1118297031582367,
    1.6699230597806169,      0.82429053869545732, 0.041703562605760275, -0.88978595196722299,
    -1.6544885203650384,     -2.1334517082542601, -1.6317259822776802,  -0.9448066375355636,
    -0.0070979818441742303,  0.91480602062496552, 1.7424459035851436,   2.0668702541060493,
    1.6390624687894741,      0.88871862498035203, 0.066602975956457935, -0.95217584330395533,
    -1.6738399182631272,     -2.0646587548137232, -1.638562140470688,   -1.004567862025419,
    -0.063339938257859191,   0.97646409069568507, 1.8237797718979647,   1.9451334079746805,
    1.6105414326150118,      1.0456698693539201,  0.076775228209525606, -1.0990628773070121,
    -1.6535749129764488,     -1.9250355084622432, -1.6987721616826499,  -1.1249225831792542,
    -0.00034255094162680046, 1.0144952406443322,  1.8420947914019397,   1.8843059219211185,
    1.6158923247960235,      1.1162857886508348,  0.063580976809085574, -1.158371364854788,
    -1.641345456073257,      -1.8693947158466813, -1.7401351563853173,  -1.1634312316319391,
    0.017554356505854365,    1.0429317508932727};
static const double r_rob_trend[50] = {
    5.0908207956108962, 5.1806926150064463, 5.2705644344019964, 5.3604362537975465,
    5.4514875460186492, 5.5425388382397518, 5.6335901304608544, 5.7261331165807876,
    5.8186761027007208, 5.9112190888206539, 6.0108291173824835, 6.1104391459443139,
    6.2100491745061435, 6.3174522148152095, 6.4248552551242764, 6.5322582954333424,
    6.6363238894487822, 6.7403894834642211, 6.8444550774796609, 6.9449371061915732,
    7.0454191349034856, 7.145901163615398,  7.2435553136152659, 7.3412094636151348,
    7.4388636136150028, 7.5320960183094456, 7.6253284230038894, 7.7185608276983322,
    7.8131364923881454, 7.9077121570779596, 8.0022878217677729, 8.1013471896489353,
    8.200406557530096,  8.2994659254112584, 8.3986872669828969, 8.4979086085545337,
    8.5971299501261722, 8.6978685169459862, 8.7986070837658001, 8.8993456505856141,
    9.0044200261848637, 9.1094944017841151, 9.2145687773833647, 9.3196139566835772,
    9.4246591359837915, 9.529704315284004,  9.6348309960214404, 9.7399576767588751,
    9.8450843574963116, 9.9507050774424517};
static const double r_per_seasonal[50] = {
    -0.03846274360520454, 0.86857530521906789, 1.5410870229492493,  1.8135434345499855,
    1.5432859736633855,   0.83518118609053582, -0.1380980890290634, -1.1251397290330534,
    -0.34278056774434695, -2.0853387144191604, -1.7975762500856629, -1.0742770912106003,
    -0.03846274360520454, 0.86857530521906789, 1.5410870229492493,  1.8135434345499855,
    1.5432859736633855,   0.83518118609053582, -0.1380980890290634, -1.1251397290330534,
    -0.34278056774434695, -2.0853387144191604, -1.7975762500856629, -1.0742770912106003,
    -0.03846274360520454, 0.86857530521906789, 1.5410870229492493,  1.8135434345499855,
    1.5432859736633855,   0.83518118609053582, -0.1380980890290634, -1.1251397290330534,
    -0.34278056774434695, -2.0853387144191604, -1.7975762500856629, -1.0742770912106003,
    -0.03846274360520454, 0.86857530521906789, 1.5410870229492493,  1.8135434345499855,
    1.5432859736633855,   0.83518118609053582, -0.1380980890290634, -1.1251397290330534,
    -0.34278056774434695, -2.0853387144191604, -1.7975762500856629, -1.0742770912106003,
    -0.03846274360520454, 0.86857530521906789};
static const double r_per_trend[50] = {
    5.2156315817783714, 5.2805576712747193, 5.3454837607710664, 5.4146125589624905,
    5.4837413571539155, 5.5589546515622121, 5.6341679459705096, 5.7148174409844827,
    5.7954669359984567, 5.8879507754277629, 5.98043461485707,   6.1023696186674581,
    6.2243046224778471, 6.4258324831373983, 6.6273603437969486, 6.8418468452475256,
    7.0563333466981026, 7.2003688299166821, 7.3444043131352608, 7.4503420325229435,
    7.5562797519106271, 7.6454159601909453, 7.7345521684712626, 7.7918181579111376,
    7.8490841473510136, 7.8372517618461117, 7.8254193763412099, 7.8303630946910738,
    7.8353068130409378, 7.9111093369408714, 7.9869118608408058, 8.0831485712819653,
    8.1793852817231247, 8.2791378244197489, 8.3788903671163713, 8.4941066921743626,
    8.6093230172323558, 8.7185295085746919, 8.827735999917028,  8.922182535025307,
    9.0166290701335843, 9.1103091525343807, 9.2039892349351788, 9.3024746225504167,
    9.4009600101656545, 9.4964953066233626, 9.5920306030810707, 9.6890630990366553,
    9.7860955949922417, 9.8867359652851974};

#define N_REF 50

static double ref_y(size_t t)
{
    double x = (double)t;
    double y = 5 + 0.1 * x + 2 * sin(2 * M_PI * x / 12) + 0.5 * cos(1.7 * x);
    return t == 20 ? y + 6 : y;
}

static double max_abs_diff(const double *a, const double *b, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs(a[i] - b[i]));
    return m;
}

/* R's stl, three settings, to 1e-10. */
static void test_against_r(void)
{
    double y[N_REF], s[N_REF], t[N_REF], r[N_REF];
    for (size_t i = 0; i < N_REF; i++)
        y[i] = ref_y(i);
    rw_stl_work *w = rw_stl_work_alloc(N_REF, 12);
    CHECK(w != NULL);
    rw_stl_params p;
    rw_stl_params_init(&p);
    p.s_window = 7;
    CHECK(rw_stl_decompose(y, N_REF, 12, &p, s, t, r, w) == RW_OK);
    CHECK(max_abs_diff(s, r_s7_seasonal, N_REF) < 1e-10);
    CHECK(max_abs_diff(t, r_s7_trend, N_REF) < 1e-10);
    for (size_t i = 0; i < N_REF; i++)
        CHECK_NEAR(s[i] + t[i] + r[i], y[i], 1e-12);

    p.robust = 1;
    CHECK(rw_stl_decompose(y, N_REF, 12, &p, s, t, r, w) == RW_OK);
    CHECK(max_abs_diff(s, r_rob_seasonal, N_REF) < 1e-10);
    CHECK(max_abs_diff(t, r_rob_trend, N_REF) < 1e-10);
    CHECK(fabs(r[20]) > 5); /* the outlier is left in the remainder */

    rw_stl_params_init(&p);
    p.periodic = 1;
    CHECK(rw_stl_decompose(y, N_REF, 12, &p, s, t, NULL, w) == RW_OK);
    CHECK(max_abs_diff(s, r_per_seasonal, N_REF) < 1e-10);
    CHECK(max_abs_diff(t, r_per_trend, N_REF) < 1e-10);
    rw_stl_work_free(w);
}

/* Naive STL loess: the fit at i by weighted least squares (GSL) over the
 * odd window of `len` points nearest i (all points when len >= n), tricube
 * weights on |j - i| / h with STL's 0.001 / 0.999 cut-offs, times rw. */
static double naive_loess(const double *y, size_t n, size_t len, int degree, size_t i,
                          const double *rw)
{
    size_t left = 0, right = n - 1;
    if (len < n) {
        left = i >= (len - 1) / 2 ? i - (len - 1) / 2 : 0;
        if (left + len > n) left = n - len;
        right = left + len - 1;
    }
    double h = fmax((double)i - (double)left, (double)right - (double)i);
    if (len > n) h += (double)((len - n) / 2);
    size_t m = right - left + 1;
    gsl_matrix *X = gsl_matrix_alloc(m, 2);
    gsl_vector *yy = gsl_vector_alloc(m), *wv = gsl_vector_alloc(m), *c = gsl_vector_alloc(2);
    gsl_matrix *cov = gsl_matrix_alloc(2, 2);
    double sw = 0, swx = 0, swy = 0;
    for (size_t j = left; j <= right; j++) {
        double d = fabs((double)j - (double)i), wt = 0;
        if (d <= 0.001 * h)
            wt = 1;
        else if (d <= 0.999 * h)
            wt = pow(1 - pow(d / h, 3), 3);
        if (rw) wt *= rw[j];
        gsl_matrix_set(X, j - left, 0, 1);
        gsl_matrix_set(X, j - left, 1, (double)j);
        gsl_vector_set(yy, j - left, y[j]);
        gsl_vector_set(wv, j - left, wt);
        sw += wt;
        swx += wt * (double)j;
        swy += wt * y[j];
    }
    double fit = y[i];
    if (sw > 0) {
        double xbar = swx / sw, var = 0;
        for (size_t j = left; j <= right; j++)
            var += gsl_vector_get(wv, j - left) * ((double)j - xbar) * ((double)j - xbar);
        var /= sw;
        if (degree == 0 || sqrt(var) <= 0.001 * (double)(n - 1)) {
            fit = swy / sw;
        } else {
            gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(m, 2);
            double chisq;
            CHECK(gsl_multifit_wlinear(X, wv, yy, c, cov, &chisq, ws) == GSL_SUCCESS);
            fit = gsl_vector_get(c, 0) + gsl_vector_get(c, 1) * (double)i;
            gsl_multifit_linear_free(ws);
        }
    }
    gsl_matrix_free(X);
    gsl_matrix_free(cov);
    gsl_vector_free(yy);
    gsl_vector_free(wv);
    gsl_vector_free(c);
    return fit;
}

/* rw_stl_loess against the naive fit on random data: exactly at every
 * point with jump 1; at every jump-th point (and the last) otherwise, with
 * linear interpolation in between. */
static void test_loess_oracle(gsl_rng *rng)
{
    static const size_t ns[] = {1, 2, 5, 37, 200};
    static const size_t lens[] = {3, 5, 7, 13, 41, 199, 201, 401};
    static const size_t jumps[] = {1, 3, 7};
    double y[200], rw[200], ys[200], ref[200];
    int cases = 0;
    for (size_t a = 0; a < sizeof ns / sizeof *ns; a++) {
        size_t n = ns[a];
        for (size_t t = 0; t < n; t++) {
            y[t] = 10 * (gsl_rng_uniform(rng) - 0.5) + 0.05 * (double)t;
            rw[t] = gsl_rng_uniform(rng) < 0.1 ? 0 : gsl_rng_uniform(rng);
        }
        for (size_t b = 0; b < sizeof lens / sizeof *lens; b++)
            for (int deg = 0; deg <= 1; deg++)
                for (int usew = 0; usew <= 1; usew++)
                    for (size_t c = 0; c < sizeof jumps / sizeof *jumps; c++) {
                        size_t len = lens[b], jump = jumps[c];
                        const double *wts = usew ? rw : NULL;
                        CHECK(rw_stl_loess(y, n, len, deg, jump, wts, ys) == RW_OK);
                        size_t step = n > 1 && jump > n - 1 ? n - 1 : jump;
                        for (size_t i = 0; i < n; i++)
                            ref[i] = naive_loess(y, n, len, deg, i, wts);
                        if (step > 1) { /* interpolate the reference between fitted points */
                            size_t last = ((n - 1) / step) * step;
                            for (size_t i = 0; i < n; i++) {
                                if (i % step == 0 || i == n - 1) continue;
                                size_t lo = i - i % step, hi = i < last ? lo + step : n - 1;
                                ref[i] = ref[lo] +
                                         (ref[hi] - ref[lo]) * (double)(i - lo) / (double)(hi - lo);
                            }
                        }
                        double d = max_abs_diff(ys, ref, n);
                        if (!(d < 1e-9))
                            fprintf(stderr, "loess n=%zu len=%zu deg=%d w=%d jump=%zu: %g\n", n,
                                    len, deg, usew, jump, d);
                        CHECK(d < 1e-9);
                        cases++;
                    }
    }
    CHECK(cases == 5 * 8 * 2 * 2 * 3);
    CHECK(rw_stl_loess(y, 0, 3, 1, 1, NULL, ys) == RW_EINVAL);
    CHECK(rw_stl_loess(y, 10, 3, 2, 1, NULL, ys) == RW_EINVAL);
    CHECK(rw_stl_loess(y, 10, 3, 1, 0, NULL, ys) == RW_EINVAL);
}

static const double pattern12[12] = {3, 1.5, -0.5, -2, -2.5, -1, 0.5, 2, 1, -0.5, -1, -0.5};

/* Trend + exact periodic pattern + small noise: the pattern comes back. */
static void test_recovery(gsl_rng *rng)
{
    enum { N = 240 };
    double y[N], s[N], t[N], r[N];
    for (size_t i = 0; i < N; i++)
        y[i] = 10 + 0.05 * (double)i + pattern12[i % 12] + gsl_ran_gaussian(rng, 0.1);
    rw_stl_work *w = rw_stl_work_alloc(N, 12);
    CHECK(rw_stl_decompose(y, N, 12, NULL, s, t, r, w) == RW_OK);
    double emax = 0, esum = 0;
    for (size_t i = 0; i < N; i++) {
        emax = fmax(emax, fabs(s[i] - pattern12[i % 12]));
        esum += fabs(s[i] - pattern12[i % 12]);
        CHECK_NEAR(t[i], 10 + 0.05 * (double)i, 0.15);
    }
    CHECK(emax < 0.2);
    CHECK(esum / N < 0.06);

    /* exactly periodic around a constant: zero remainder, exact pattern */
    for (size_t i = 0; i < N; i++)
        y[i] = 7 + pattern12[i % 12];
    rw_stl_params p;
    for (int periodic = 0; periodic <= 1; periodic++) {
        rw_stl_params_init(&p);
        p.periodic = periodic;
        CHECK(rw_stl_decompose(y, N, 12, &p, s, t, r, w) == RW_OK);
        for (size_t i = 0; i < N; i++) {
            CHECK_NEAR(s[i], pattern12[i % 12], 1e-9);
            CHECK_NEAR(t[i], 7, 1e-9);
            CHECK_NEAR(r[i], 0, 1e-9);
        }
    }

    /* constant, all-zero and negative series */
    for (size_t i = 0; i < N; i++)
        y[i] = -3.25;
    CHECK(rw_stl_decompose(y, N, 12, NULL, s, t, r, w) == RW_OK);
    for (size_t i = 0; i < N; i++)
        CHECK(fabs(s[i]) < 1e-12 && fabs(t[i] + 3.25) < 1e-12);
    for (size_t i = 0; i < N; i++)
        y[i] = 0;
    p.robust = 1; /* median |residual| is 0: weights must stay finite */
    CHECK(rw_stl_decompose(y, N, 12, &p, s, t, r, w) == RW_OK);
    for (size_t i = 0; i < N; i++)
        CHECK(s[i] == 0 && t[i] == 0 && r[i] == 0);
    rw_stl_work_free(w);
}

/* Refusals: too short, bad parameters, workspace too small. */
static void test_errors(void)
{
    double y[30] = {0}, s[30], t[30], r[30];
    rw_stl_work *w = rw_stl_work_alloc(30, 12);
    rw_stl_params p;
    rw_stl_params_init(&p);
    CHECK(rw_stl_decompose(y, 24, 12, &p, s, t, r, w) == RW_ESHORT); /* n = 2 periods */
    CHECK(rw_stl_decompose(y, 25, 12, &p, s, t, r, w) == RW_OK);
    CHECK(rw_stl_decompose(y, 30, 1, &p, s, t, r, w) == RW_ESHORT);
    p.s_degree = 2;
    CHECK(rw_stl_decompose(y, 30, 12, &p, s, t, r, w) == RW_EINVAL);
    rw_stl_params_init(&p);
    p.s_window = 2;
    CHECK(rw_stl_decompose(y, 30, 12, &p, s, t, r, w) == RW_EINVAL);
    rw_stl_work *small = rw_stl_work_alloc(20, 4);
    CHECK(rw_stl_decompose(y, 30, 4, NULL, s, t, r, small) == RW_EINVAL);
    CHECK(rw_stl_decompose(y, 20, 6, NULL, s, t, r, small) == RW_EINVAL);
    CHECK(rw_stl_work_alloc(0, 4) == NULL);
    rw_stl_work_free(small);
    rw_stl_work_free(w);
    rw_stl_work_free(NULL);
    rw_mstl_work_free(NULL);

    rw_mstl_work *mw = rw_mstl_work_alloc(30, 20);
    size_t per[2] = {12, 20};
    double seas[60];
    int used[2] = {-1, -1};
    CHECK(rw_mstl_decompose(y, 30, per + 1, 1, NULL, seas, t, r, used, mw) == RW_ESHORT);
    CHECK(used[0] == 0);
    CHECK(rw_mstl_decompose(y, 30, per, 2, NULL, seas, t, r, used, mw) == RW_OK);
    CHECK(used[0] == 1 && used[1] == 0);
    for (size_t i = 0; i < 30; i++)
        CHECK(seas[30 + i] == 0);
    rw_mstl_work_free(mw);
}

/* A 24- and a 168-periodic signal (each zero-mean over its period and with
 * no 24-periodic part in the weekly one) come apart. */
static void test_mstl_two(gsl_rng *rng)
{
    enum { N = 168 * 6 };
    static double y[N], seas[2 * N], t[N], r[N];
    for (size_t i = 0; i < N; i++) {
        double x = (double)i;
        double d = 5 * sin(2 * M_PI * x / 24) + 2 * cos(4 * M_PI * x / 24);
        double wk = 3 * cos(2 * M_PI * x / 168) + 1.5 * sin(4 * M_PI * x / 168);
        y[i] = 50 + d + wk + gsl_ran_gaussian(rng, 0.05);
    }
    rw_mstl_work *w = rw_mstl_work_alloc(N, 168);
    size_t per[2] = {168, 24}; /* any order */
    int used[2];
    CHECK(rw_mstl_decompose(y, N, per, 2, NULL, seas, t, r, used, w) == RW_OK);
    CHECK(used[0] == 1 && used[1] == 1);
    double e24 = 0, e168 = 0, et = 0;
    for (size_t i = 0; i < N; i++) {
        double x = (double)i;
        double d = 5 * sin(2 * M_PI * x / 24) + 2 * cos(4 * M_PI * x / 24);
        double wk = 3 * cos(2 * M_PI * x / 168) + 1.5 * sin(4 * M_PI * x / 168);
        e24 = fmax(e24, fabs(seas[N + i] - d));
        e168 = fmax(e168, fabs(seas[i] - wk));
        et = fmax(et, fabs(t[i] - 50));
        CHECK_NEAR(seas[i] + seas[N + i] + t[i] + r[i], y[i], 1e-9);
    }
    if (!(e24 < 0.15 && e168 < 0.3 && et < 0.3))
        fprintf(stderr, "mstl errors: daily %g weekly %g trend %g\n", e24, e168, et);
    CHECK(e24 < 0.15);
    CHECK(e168 < 0.3);
    CHECK(et < 0.3);
    rw_mstl_work_free(w);
}

static void test_strength(gsl_rng *rng)
{
    enum { N = 1000 };
    static double y[N];
    double f[3];
    rw_seasonality s = {2, {24, 168}};
    for (size_t i = 0; i < N; i++)
        y[i] = 20 + 4 * sin(2 * M_PI * (double)i / 24) + 2 * cos(2 * M_PI * (double)i / 168) +
               gsl_ran_gaussian(rng, 0.1);
    CHECK(rw_seasonal_strength(y, N, &s, f) == RW_OK);
    CHECK(f[0] > 0.95 && f[0] <= 1);
    CHECK(f[1] > 0.9 && f[1] <= 1);
    for (size_t i = 0; i < N; i++)
        y[i] = gsl_ran_gaussian(rng, 1);
    CHECK(rw_seasonal_strength(y, N, &s, f) == RW_OK);
    if (!(f[0] < 0.3 && f[1] < 0.3)) fprintf(stderr, "noise strength %g %g\n", f[0], f[1]);
    CHECK(f[0] >= 0 && f[0] < 0.3);
    CHECK(f[1] >= 0 && f[1] < 0.3);
    /* constant: 0; a period that does not fit twice: 0; repeats share */
    rw_seasonality s3 = {3, {7, 7.2, 600}};
    for (size_t i = 0; i < N; i++)
        y[i] = 5;
    CHECK(rw_seasonal_strength(y, N, &s3, f) == RW_OK);
    CHECK(f[0] == 0 && f[1] == 0 && f[2] == 0);
    for (size_t i = 0; i < N; i++)
        y[i] = pattern12[i % 7];
    CHECK(rw_seasonal_strength(y, N, &s3, f) == RW_OK);
    CHECK(f[0] > 0.99 && f[1] == f[0] && f[2] == 0);
    rw_seasonality none = {0, {0}};
    CHECK(rw_seasonal_strength(y, N, &none, f) == RW_OK);
    y[3] = NAN;
    CHECK(rw_seasonal_strength(y, N, &s, f) == RW_EINVAL);
}

/* 10000 points, two periods: well under a second even unoptimised. */
static void test_speed(gsl_rng *rng)
{
    enum { N = 10000 };
    static double y[N], seas[2 * N], t[N], r[N];
    for (size_t i = 0; i < N; i++)
        y[i] = 100 + 10 * sin(2 * M_PI * (double)i / 24) + gsl_ran_gaussian(rng, 1);
    rw_mstl_work *w = rw_mstl_work_alloc(N, 168);
    size_t per[2] = {24, 168};
    clock_t c0 = clock();
    CHECK(rw_mstl_decompose(y, N, per, 2, NULL, seas, t, r, NULL, w) == RW_OK);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    fprintf(stderr, "mstl n=%d: %.1f ms\n", N, secs * 1e3);
    if (!getenv("RUNWAY_NO_TIMING")) CHECK(secs < 1.0); /* set by .ci/valgrind */
    rw_mstl_work_free(w);
}

int main(void)
{
    gsl_set_error_handler_off();
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    test_against_r();
    test_loess_oracle(rng);
    test_recovery(rng);
    test_errors();
    test_mstl_two(rng);
    test_strength(rng);
    test_speed(rng);
    gsl_rng_free(rng);
    CHECK_DONE();
}
