/* fetch_org.c: an organisation fetched with its admin's keys
 * (runway.h rw_fetch_organization; docs/fetch.md "An organisation").
 *
 * Each month of the organisation's bill details
 * (DescribeBillDetailForOrganization) is walked into one partial file,
 * resumed like any month (fetch.h rw_fetch_walk). Once whole, its pages are
 * split by member (OwnerUin, rw_tc_split_by_owner) into one partial file
 * per member, which is kept and ingested like a month of that member's own
 * bills: the member is the account given, the key tencent:MEMBER:MONTH
 * supersedes its last fetch of the month. Then each member's balance is
 * fetched with the keys of the profile named by its account id.
 *
 * Invariants: a member's failure (its ingest, its balance) is recorded
 * in its result and never stops the others; the organisation's file is
 * removed once split, so a failed member is fetched again by the next run.
 * An OwnerUin that cannot name a profile (rw_cred_profile_name_ok: also a
 * safe file name part) is never written anywhere. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "app/accounts.h"
#include "app/fetch.h"
#include "export/fetch_write.h"
#include "net/credentials.h"
#include "util/strutil.h"

void rw_fetch_org_options_init(rw_fetch_org_options *o)
{
    memset(o, 0, sizeof *o);
    rw_fetch_options_init(&o->fetch);
}

/* Which members a fetch keeps. */
typedef struct org_sel {
    const rw_fetch_org_options *o;
    rw_account_list *labelled; /* registered accounts with o->labels; NULL: no labels */
} org_sel;

static int selected(const org_sel *sel, const char *id)
{
    const rw_fetch_org_options *o = sel->o;
    if (o->nmembers == 0 && !sel->labelled) return 1;
    for (size_t i = 0; i < o->nmembers; i++)
        if (!strcmp(o->members[i], id)) return 1;
    for (size_t i = 0; sel->labelled && i < rw_account_list_count(sel->labelled); i++)
        if (!strcmp(rw_account_list_id(sel->labelled, i), id)) return 1;
    return 0;
}

/* A member's partial file of the month and the raw file it becomes. */
static rw_status member_names(const rw_fetcher *f, const char *member, const char *month,
                              char part[PATH_MAX], char path[PATH_MAX], rw_error *err)
{
    char what[RW_ACCOUNT_MAX + 8];
    if (snprintf(what, sizeof what, "member-%s", member) >= (int)sizeof what)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "member id too long");
    return rw_fetch_raw_names(f, what, month, part, path, err);
}

/* Records m's first failure: "WHAT: the error" (cut to fit). */
static void member_failed(rw_fetch_member *m, const char *what, const rw_error *e)
{
    if (!m->error[0] && snprintf(m->error, sizeof m->error, "%s: %s", what, e->text) < 0)
        m->error[0] = '\0';
}

/* Splitting a month. */
typedef struct splitter {
    rw_fetcher *f;
    const org_sel *sel;
    const char *month;
    size_t unowned; /* items naming no usable OwnerUin */
    size_t skipped; /* items of members not selected */
} splitter;

/* Appends one member's part of a page to its partial file (new at its
 * first page of the month). */
static rw_status on_member(void *ctx, const char *owner, const char *page, size_t count,
                           rw_error *err)
{
    splitter *sp = ctx;
    char part[PATH_MAX], path[PATH_MAX];
    if (!rw_cred_profile_name_ok(owner)) {
        sp->unowned += count;
        return RW_OK;
    }
    if (!selected(sp->sel, owner)) {
        sp->skipped += count;
        return RW_OK;
    }
    rw_fetch_member *m = rw_fetch_result_member(sp->f->res, owner, err);
    if (!m) return RW_ENOMEM;
    rw_status st = member_names(sp->f, owner, sp->month, part, path, err);
    if (st != RW_OK) return st;
    FILE *fp = rw_fetch_part_open(sp->f, part, m->month_items > 0);
    if (!fp) return rw_error_set(err, RW_EIO, part, 0, "cannot write: %s", strerror(errno));
    int bad = fputs(page, fp) == EOF || fputc('\n', fp) == EOF;
    if (fclose(fp) != 0) bad = 1;
    if (bad) return rw_error_set(err, RW_EIO, part, 0, "cannot write: %s", strerror(errno));
    m->month_items += count;
    m->items += count;
    return RW_OK;
}

/* The whole month in `orgpart` split into the members' partial files. */
static rw_status split_month(splitter *sp, const char *orgpart, rw_error *err)
{
    FILE *in = rw_fetch_raw_read(sp->f, orgpart);
    if (!in) return rw_error_set(err, RW_EIO, orgpart, 0, "cannot read: %s", strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    rw_status st = RW_OK;
    while (st == RW_OK && getline(&line, &cap, in) > 0)
        st = rw_tc_split_by_owner(line, on_member, sp, err);
    free(line);
    fclose(in);
    return st;
}

/* Ingests each member's part of the month; a member that fails keeps its
 * error and the others go on. */
static void ingest_members(rw_fetcher *f, const char *month)
{
    for (size_t i = 0; i < f->res->nmembers; i++) {
        rw_fetch_member *m = &f->res->member[i];
        char part[PATH_MAX], path[PATH_MAX], key[RW_ACCOUNT_MAX + 64], what[RW_ACCOUNT_MAX + 8];
        rw_error merr;
        rw_error_clear(&merr);
        if (m->month_items == 0) continue;
        m->month_items = 0;
        size_t before = f->res->n;
        snprintf(what, sizeof what, "member-%s", m->account);
        snprintf(key, sizeof key, "tencent:%s:%s", m->account, month);
        rw_str_copy(f->account, sizeof f->account, m->account);
        rw_status st = member_names(f, m->account, month, part, path, &merr);
        if (st == RW_OK) st = rw_fetch_keep_raw(f, what, month, part, path, key, &merr);
        m = &f->res->member[i]; /* the lines grew, not the members: still valid */
        if (st != RW_OK) {
            unlinkat(f->dirfd, rw_fetch_in_dir(f, part), 0);
            char what_failed[32];
            snprintf(what_failed, sizeof what_failed, "bills %.7s", month);
            member_failed(m, what_failed, &merr);
            continue;
        }
        for (size_t l = before; l < f->res->n; l++) {
            if (f->res->line[l].unchanged) continue; /* nothing stored */
            m->rows += f->res->line[l].rows;
            m->charges += f->res->line[l].charges;
        }
    }
}

static rw_status org_walk(rw_tc_client *c, const char *month, size_t offset, rw_tc_page_fn fn,
                          void *ctx, rw_error *err)
{
    return rw_tc_bill_detail_org(c, month, offset, fn, ctx, err);
}

/* One month of the organisation: walked, split, each member ingested. */
static rw_status org_month(rw_fetcher *f, const org_sel *sel, const char *month, rw_error *err)
{
    static const rw_fetch_walk_spec spec = {RW_TC_ORG_ACTION, "org-bills",      "organisation ",
                                            "item",           RW_TC_PAGE_LIMIT, org_walk};
    char part[PATH_MAX], path[PATH_MAX];
    rw_fetch_page_sink ps;
    rw_status st = rw_fetch_walk(f, &spec, month, part, path, &ps, err);
    if (st != RW_OK) return st;
    splitter sp = {f, sel, month, 0, 0};
    st = split_month(&sp, part, err);
    if (st == RW_OK) ingest_members(f, month);
    /* Split or not, the month is fetched again whole next time. */
    unlinkat(f->dirfd, rw_fetch_in_dir(f, part), 0);
    for (size_t i = 0; i < f->res->nmembers; i++) {
        rw_fetch_member *m = &f->res->member[i];
        if (!m->month_items) continue;
        char mpart[PATH_MAX], mpath[PATH_MAX];
        rw_error ignored = {0};
        if (member_names(f, m->account, month, mpart, mpath, &ignored) == RW_OK)
            unlinkat(f->dirfd, rw_fetch_in_dir(f, mpart), 0);
        m->month_items = 0;
    }
    if (st != RW_OK) return st;
    if (sp.unowned)
        rw_app_msg(f->s, RW_MSG_WARNING,
                   "%s: %zu items name no member (an OwnerUin missing or not an account id):"
                   " not stored",
                   month, sp.unowned);
    if (sp.skipped)
        rw_app_msg(f->s, RW_MSG_INFO, "%s: %zu items of members not selected were skipped", month,
                   sp.skipped);
    return RW_OK;
}

/* Member m's balance with its own keys, recorded in m. */
static void member_balance(rw_fetcher *f, const rw_fetch_options *o, size_t i)
{
    rw_fetch_member *m = &f->res->member[i];
    rw_tc_client *mc = NULL;
    rw_error merr;
    char uin[RW_ACCOUNT_MAX + 1];
    rw_error_clear(&merr);
    rw_status st = rw_fetch_client(o, m->account, &mc, &merr);
    if (st == RW_ENOTFOUND) {
        m->balance = RW_FETCH_BALANCE_NO_PROFILE;
        return;
    }
    size_t lines = f->res->n;
    if (st == RW_OK) st = rw_fetch_balance(f, mc, m->account, uin, sizeof uin, &merr);
    rw_tc_client_close(mc);
    m = &f->res->member[i];
    rw_balance_row b;
    if (st == RW_OK && f->res->n > lines &&
        (f->res->line[lines].balances > 0 || f->res->line[lines].unchanged) &&
        rw_balance_get(f->s, m->account, &b, &merr) == RW_OK) {
        m->balance = RW_FETCH_BALANCE_FETCHED;
        m->amount = b.amount;
        rw_str_copy(m->currency, sizeof m->currency, b.currency);
        return;
    }
    if (st == RW_OK)
        rw_error_set(&merr, RW_EFORMAT, NULL, 0, "DescribeAccountBalance: no balance stored");
    m->balance = RW_FETCH_BALANCE_FAILED;
    member_failed(m, "balance", &merr);
}

/* The members named, and the registered accounts with the labels. */
static rw_status select_members(rw_fetcher *f, const rw_fetch_org_options *o, org_sel *sel,
                                rw_error *err)
{
    sel->o = o;
    sel->labelled = NULL;
    for (size_t i = 0; i < o->nmembers; i++) {
        if (!rw_cred_profile_name_ok(o->members[i]))
            return rw_error_set(err, RW_EINVAL, NULL, 0,
                                "--member: an account id of 1 to %d letters, digits, '_', '.'"
                                " or '-'",
                                RW_CRED_PROFILE_MAX);
        if (!rw_fetch_result_member(f->res, o->members[i], err)) return RW_ENOMEM;
    }
    if (!o->labels || o->labels->n == 0) return RW_OK;
    rw_status st = rw_app_label_filter_check(o->labels, err);
    if (st == RW_OK) st = rw_accounts_list(f->s, o->labels, &sel->labelled, err);
    for (size_t i = 0; st == RW_OK && i < rw_account_list_count(sel->labelled); i++) {
        const char *id = rw_account_list_id(sel->labelled, i);
        if (rw_cred_profile_name_ok(id) && !rw_fetch_result_member(f->res, id, err)) st = RW_ENOMEM;
    }
    return st;
}

rw_status rw_fetch_organization(rw_session *s, const rw_fetch_org_options *o, rw_fetch_result **out,
                                rw_error *err)
{
    rw_fetch_options opts = o->fetch;
    rw_fetcher f;
    org_sel sel = {o, NULL};
    if (opts.nmonths == 0) rw_fetch_default_months(&opts);
    rw_status st = rw_fetcher_open(s, &opts, &f, err);
    *out = f.res;
    if (f.res) f.res->organization = 1;
    if (st == RW_OK) st = select_members(&f, o, &sel, err);
    /* A month that fails is reported; the other months go on. */
    rw_status first = RW_OK;
    for (size_t i = 0; st == RW_OK && opts.bills && i < opts.nmonths; i++) {
        rw_error merr;
        rw_error_clear(&merr);
        rw_status mst = org_month(&f, &sel, opts.months[i], &merr);
        if (mst != RW_OK) {
            rw_app_warn_error(s, &merr);
            if (first == RW_OK) first = mst;
        }
    }
    size_t failed = 0;
    for (size_t i = 0; st == RW_OK && f.res && i < f.res->nmembers; i++) {
        if (opts.balance) member_balance(&f, &opts, i);
        failed += f.res->member[i].error[0] != 0;
    }
    rw_account_list_free(sel.labelled);
    rw_fetcher_close(&f);
    if (st != RW_OK || first != RW_OK) return st != RW_OK ? st : first;
    if (f.res->nmembers == 0)
        rw_app_msg(s, RW_MSG_WARNING,
                   "no member of the organisation had bills in the months fetched");
    if (failed)
        return rw_error_set(err, RW_EPARTIAL, NULL, 0,
                            "%zu of %zu members failed (the others were stored)", failed,
                            f.res->nmembers);
    return RW_OK;
}
