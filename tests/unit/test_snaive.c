/* test_snaive.c: the seasonal naive model against closed forms. */
#include <stdlib.h>
#include "check.h"
#include "model/model.h"

int main(void)
{
    /* An exactly periodic series is forecast exactly. */
    double y[100];
    for (int t = 0; t < 100; t++) y[t] = (double)(t % 7) * 3 - 5;
    rw_seasonality s = {1, {7}};
    rw_error err;
    rw_error_clear(&err);
    void *st = NULL;
    const rw_model_ops *m = rw_model_find("snaive");
    CHECK(m && m->fit(y, 100, &s, NULL, &st, &err) == RW_OK);
    double f[20];
    CHECK(m->forecast(st, 20, f) == RW_OK);
    for (int k = 0; k < 20; k++) CHECK(f[k] == (double)((100 + k) % 7) * 3 - 5);
    CHECK(m->sigma(st) == 0);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double p[20];
    CHECK(m->simulate(st, 20, rng, p) == RW_OK && p[19] == f[19]);
    m->free(st);

    /* Random walk with season 1: naive; simulated spread grows like sqrt(k). */
    double w[2000];
    w[0] = 0;
    for (int t = 1; t < 2000; t++) w[t] = w[t - 1] + (t % 2 ? 1.0 : -1.0);
    rw_seasonality none = {0, {0}};
    CHECK(m->fit(w, 2000, &none, NULL, &st, &err) == RW_OK);
    CHECK_NEAR(m->sigma(st), 1.0, 1e-12);
    double sum1 = 0, sum16 = 0;
    for (int r = 0; r < 4000; r++) {
        CHECK(m->simulate(st, 16, rng, p) == RW_OK);
        sum1 += (p[0] - w[1999]) * (p[0] - w[1999]);
        sum16 += (p[15] - w[1999]) * (p[15] - w[1999]);
    }
    CHECK_NEAR(sum1 / 4000, 1.0, 0.1);
    CHECK_NEAR(sum16 / 4000, 16.0, 1.6);
    m->free(st);

    /* Too short: a clear refusal. */
    rw_error_clear(&err);
    CHECK(m->fit(y, 7, &s, NULL, &st, &err) == RW_ESHORT && strstr(err.text, "season"));
    rw_model_opts o = {.variant = "x"};
    CHECK(m->fit(y, 100, &s, &o, &st, &err) == RW_EINVAL);
    gsl_rng_free(rng);
    CHECK_DONE();
}
