/* org_report.c: the organisation report's figures (org_report.h): folder
 * names of accounts, who needs a top-up this week, totals per currency
 * and the month per label value. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "export/org_report.h"
#include "export/plan_write.h"
#include "util/grow.h"
#include "util/num.h"
#include "util/strutil.h"

#define NAME_MAX_BYTES 255 /* NAME_MAX of the usual file systems */

static int plain_byte(unsigned char c, int first)
{
    if (c == '.') return !first;
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

rw_status rw_org_folder_name(const char *id, char *out, size_t size, rw_error *err)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    out[0] = '\0';
    if (!*id) return rw_error_set(err, RW_EINVAL, NULL, 0, "an empty account id names no folder");
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        int plain = plain_byte(*p, p == (const unsigned char *)id);
        size_t need = plain ? 1 : 3;
        if (n + need > NAME_MAX_BYTES || n + need >= size)
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "the account id is too long to name a folder once its"
                                " characters other than letters, digits, '-', '_' and '.'"
                                " are encoded (more than %d bytes)", NAME_MAX_BYTES);
        if (plain) {
            out[n++] = (char)*p;
        } else {
            out[n++] = '~';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    out[n] = '\0';
    return RW_OK;
}

int rw_org_needs_topup(const rw_runout_facts *f)
{
    return f->arrears.in_arrears || (f->day[0] != RW_NEVER && f->day[0] <= RW_ORG_WEEK_DAYS);
}

void rw_org_account_free(rw_org_account *a)
{
    if (!a) return;
    rw_runout_result_free(a->runout);
    free(a);
}

/* The total of `currency`, added when new; NULL when memory ran out. */
static rw_org_total *total_of(rw_org_report *r, size_t *cap, const char *currency)
{
    for (size_t i = 0; i < r->ntotal; i++)
        if (!strcmp(r->total[i].currency, currency)) return &r->total[i];
    if (!rw_grow(&r->total, cap, r->ntotal, sizeof *r->total, 4)) return NULL;
    rw_org_total *t = &r->total[r->ntotal++];
    memset(t, 0, sizeof *t);
    rw_str_copy(t->currency, sizeof t->currency, currency);
    return t;
}

/* Per currency: the sums, kept compensated until the end. */
typedef struct sums {
    rw_ksum balance, burn, topup;
} sums;

static rw_status totals(rw_org_report *r, rw_error *err)
{
    size_t cap = 0;
    sums *k = calloc(r->rs->n ? r->rs->n : 1, sizeof *k); /* at most one currency per account */
    if (!k) return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < r->rs->n; i++) {
        const rw_account_result *x = &r->rs->r[i];
        const rw_org_account *a = x->result;
        if (!a || !a->runout) continue;
        if (a->has_page) r->pages++;
        const rw_runout_facts *f = rw_runout_result_facts(a->runout);
        rw_org_total *t = total_of(r, &cap, f->currency);
        if (!t) {
            free(k);
            return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
        }
        sums *s = &k[t - r->total];
        t->accounts++;
        rw_ksum_add(&s->balance, f->observed);
        rw_ksum_add(&s->burn, a->burn);
        if (a->needs_topup) {
            r->needs++;
            t->needs++;
            if (!isnan(a->topup)) rw_ksum_add(&s->topup, a->topup);
        }
    }
    for (size_t i = 0; i < r->ntotal; i++) {
        r->total[i].balance = rw_ksum_value(&k[i].balance);
        r->total[i].burn = rw_ksum_value(&k[i].burn);
        r->total[i].topup = rw_ksum_value(&k[i].topup);
    }
    free(k);
    return RW_OK;
}

/* ---- the month per label value ------------------------------------------------- */

typedef struct group_sums {
    rw_ksum spent, forecast, budget;
} group_sums;

typedef struct groups {
    rw_org_report *r;
    size_t cap, kcap;
    group_sums *k; /* owned: parallel to r->group */
} groups;

static rw_org_group *group_of(groups *g, const char *key, const char *value,
                              const char *currency)
{
    rw_org_report *r = g->r;
    for (size_t i = 0; i < r->ngroup; i++) {
        rw_org_group *x = &r->group[i];
        if (!strcmp(x->key, key) && !strcmp(x->value, value) && !strcmp(x->currency, currency))
            return x;
    }
    if (!rw_grow(&r->group, &g->cap, r->ngroup, sizeof *r->group, 8) ||
        !rw_grow(&g->k, &g->kcap, r->ngroup, sizeof *g->k, 8))
        return NULL;
    char *v = strdup(value);
    if (!v) return NULL;
    rw_org_group *x = &r->group[r->ngroup];
    memset(x, 0, sizeof *x);
    memset(&g->k[r->ngroup], 0, sizeof *g->k);
    r->ngroup++;
    rw_str_copy(x->key, sizeof x->key, key);
    x->value = v;
    rw_str_copy(x->currency, sizeof x->currency, currency);
    return x;
}

static int cmp_group(const void *pa, const void *pb)
{
    const rw_org_group *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    if (!c) c = (!a->value[0]) - (!b->value[0]); /* accounts without the key last */
    if (!c) c = strcmp(a->value, b->value);
    return c ? c : strcmp(a->currency, b->currency);
}

/* Adds account a (labels `labels`) to one group per label key in `keys`. */
static rw_status add_account(groups *g, json_t *keys, json_t *labels, const rw_org_account *a,
                             const char *currency)
{
    const char *key;
    json_t *unused;
    json_object_foreach(keys, key, unused)
    {
        const char *v = json_string_value(json_object_get(labels, key));
        rw_org_group *x = group_of(g, key, v ? v : "", currency);
        if (!x) return RW_ENOMEM;
        group_sums *s = &g->k[x - g->r->group];
        x->accounts++;
        rw_ksum_add(&s->spent, a->month_spent);
        rw_ksum_add(&s->forecast, a->month_forecast);
        if (!isnan(a->budget)) {
            x->budgeted++;
            rw_ksum_add(&s->budget, a->budget);
        }
    }
    return RW_OK;
}

static rw_status label_groups(rw_org_report *r, rw_error *err)
{
    groups g = {r, 0, 0, NULL};
    rw_status st = RW_OK;
    json_t *keys = json_object(), **labels = calloc(r->rs->n ? r->rs->n : 1, sizeof *labels);
    if (!keys || !labels) {
        st = RW_ENOMEM;
        goto out;
    }
    /* Every key present on an account with a page. */
    for (size_t i = 0; i < r->rs->n; i++) {
        const rw_account_result *x = &r->rs->r[i];
        const rw_org_account *a = x->result;
        json_error_t je;
        if (!a || !a->has_page || !x->acc.labels) continue;
        labels[i] = json_loads(x->acc.labels, 0, &je);
        const char *key;
        json_t *v;
        json_object_foreach(labels[i], key, v)
        {
            if (json_is_string(v) && json_object_set(keys, key, json_true())) {
                st = RW_ENOMEM;
                goto out;
            }
        }
    }
    for (size_t i = 0; i < r->rs->n && st == RW_OK; i++) {
        const rw_org_account *a = r->rs->r[i].result;
        if (!a || !a->has_page) continue;
        st = add_account(&g, keys, labels[i], a, rw_runout_result_facts(a->runout)->currency);
    }
    if (st != RW_OK) goto out;
    for (size_t i = 0; i < r->ngroup; i++) {
        r->group[i].spent = rw_ksum_value(&g.k[i].spent);
        r->group[i].forecast = rw_ksum_value(&g.k[i].forecast);
        r->group[i].budget = rw_ksum_value(&g.k[i].budget);
    }
    if (r->ngroup > 1) qsort(r->group, r->ngroup, sizeof *r->group, cmp_group);
out:
    for (size_t i = 0; labels && i < r->rs->n; i++) json_decref(labels[i]);
    free(labels);
    free(g.k);
    json_decref(keys);
    return st == RW_OK ? RW_OK : rw_error_set(err, st, NULL, 0, "out of memory");
}

rw_status rw_org_summarise(rw_org_report *r, rw_error *err)
{
    rw_status st = totals(r, err);
    return st == RW_OK ? label_groups(r, err) : st;
}
