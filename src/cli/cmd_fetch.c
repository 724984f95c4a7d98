/* cmd_fetch.c: `runway fetch tencent`: the balance and the bill details
 * of whole months from the Tencent Cloud Billing API; with --organization,
 * every member's bills with the admin's keys and each member's balance. */
#include <string.h>
#include "cli/cli.h"

static const char usage[] =
    "usage: runway fetch tencent [--month YYYY-MM]... [--from DATE --to DATE]\n"
    "                            [--endpoint URL] [--config FILE] [--account ID]\n"
    "                            [--raw-dir DIR] [--no-balance] [--no-bills]\n"
    "                            [--no-ledger] [--format text|json]\n"
    "       runway fetch tencent --organization [--member ID]... [--label K=V]...\n"
    "                            [--month YYYY-MM]... [--from DATE --to DATE]\n"
    "                            [--endpoint URL] [--config FILE] [--raw-dir DIR]\n"
    "                            [--no-balance] [--no-bills] [--format text|json]\n"
    "\n"
    "Fetches the account balance (DescribeAccountBalance), the bill details\n"
    "(DescribeBillDetail, 100 items a page) and the ledger (DescribeBillList,\n"
    "收支明细, 100 transactions a page) of whole months from the Tencent Cloud\n"
    "Billing API, keeps the raw responses, and ingests them. Re-fetching a month\n"
    "replaces what the last fetch of that month stored; a fetch that fails changes\n"
    "nothing, and one that stops part-way resumes on the next run. A server that\n"
    "pages without end (a Total that is not a count, pages that repeat or make no\n"
    "progress, 30 minutes on one month) stops that month and stores nothing.\n"
    "\n"
    "  --month YYYY-MM    a month to fetch (repeatable; default: the current month,\n"
    "                     Beijing time, and the previous one during the first 3 days)\n"
    "  --from/--to DATE   every month these days touch\n"
    "  --endpoint URL     the API (default https://billing.tencentcloudapi.com;\n"
    "                     http:// only to a loopback test server)\n"
    "  --config FILE      credentials file, JSON {\"secret_id\", \"secret_key\"}; must\n"
    "                     not be readable by others. Default: the environment\n"
    "                     (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY), else\n"
    "                     ~/.config/runway/tencent.json\n"
    "  --account ID       the account, when the balance response does not say\n"
    "  --raw-dir DIR      where raw responses are kept (default: runway-raw beside\n"
    "                     the store); refused when it is a symbolic link, another\n"
    "                     user's, or writable by group or others without the\n"
    "                     sticky bit\n"
    "  --no-balance, --no-bills, --no-ledger   skip one of the three\n"
    "  --format text|json one line per file stored (and per member), or JSON\n"
    "\n"
    "--organization: the keys are the organisation admin's. The bill details of\n"
    "every member (DescribeBillDetailForOrganization, 100 items a page, resumed\n"
    "like a month) are split by member (OwnerUin) and stored under each member's\n"
    "account id; then each member's balance is fetched with its own keys: the\n"
    "profile named by its account id in the credentials file (a member without\n"
    "one gets bills only). A member that fails is reported and the others are\n"
    "still stored (exit 1: partial). No ledger is fetched.\n"
    "  --member ID        fetch this member (repeatable)\n"
    "  --label K=V        and the registered accounts with this label (repeatable,\n"
    "                     all must match); neither: every member in the bills\n";

typedef struct args {
    rw_fetch_org_options org; /* org.fetch: the options of a plain fetch */
    rw_label_filter labels;
    int organization;
    rw_output fmt;
    int64_t from, to;
} args;

static rw_status month(void *p, const char *text, rw_error *err)
{
    int64_t t;
    rw_status st = rw_parse_month(text, &t, err);
    return st == RW_OK ? rw_fetch_add_month(&((args *)p)->org.fetch, t, err) : st;
}

static rw_status member(void *p, const char *text, rw_error *err)
{
    rw_fetch_org_options *o = &((args *)p)->org;
    if (o->nmembers == RW_FETCH_MAX_MEMBERS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "at most %d --member", RW_FETCH_MAX_MEMBERS);
    o->members[o->nmembers++] = text;
    return RW_OK;
}

static rw_status label(void *p, const char *text, rw_error *err)
{
    return cli_label_add(&((args *)p)->labels, text, err);
}

static const cli_flag flags[] = {
    CLI_FLAG_FN("month", month),
    CLI_FLAG_WHEN("from", args, from),
    CLI_FLAG_WHEN("to", args, to),
    CLI_FLAG_STR("endpoint", args, org.fetch.endpoint),
    CLI_FLAG_STR("config", args, org.fetch.config),
    CLI_FLAG_ACCOUNT("account", args, org.fetch.account),
    CLI_FLAG_STR("raw-dir", args, org.fetch.raw_dir),
    CLI_FLAG_UNSET("no-balance", args, org.fetch.balance),
    CLI_FLAG_UNSET("no-bills", args, org.fetch.bills),
    CLI_FLAG_UNSET("no-ledger", args, org.fetch.ledger),
    CLI_FLAG_SET("organization", args, organization),
    CLI_FLAG_FN("member", member),
    CLI_FLAG_FN("label", label),
    CLI_FLAG_OUTPUT(args, fmt, "text|json"),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_fetch_org_options_init(&a->org);
    a->org.labels = &a->labels;
    a->fmt = RW_OUT_TEXT;
    a->from = a->to = INT64_MIN;
}

/* Every month that --from .. --to touch. */
static rw_status add_range(args *a, rw_error *err)
{
    if ((a->from == INT64_MIN) != (a->to == INT64_MIN) || (a->from != INT64_MIN && a->to < a->from))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "give both --from and --to, with --from <= --to");
    rw_status st = RW_OK;
    for (int64_t t = a->from; a->from != INT64_MIN && t <= a->to && st == RW_OK; t += RW_DAY)
        st = rw_fetch_add_month(&a->org.fetch, t, err);
    return st;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    if (in->n != 1 || strcmp(in->v[0], "tencent")) {
        rw_cli_errorf("fetch: the provider must be 'tencent'");
        return cli_usage(usage);
    }
    rw_status st = add_range(a, err);
    if (st == RW_OK && !a->organization && (a->org.nmembers || a->labels.n))
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "--member and --label need --organization");
    if (st == RW_OK && a->organization && a->org.fetch.account)
        st = rw_error_set(err, RW_EINVAL, NULL, 0,
                          "--account is for one account's keys; with --organization each"
                          " member's bills name it");
    rw_fetch_result *r = NULL;
    if (st == RW_OK)
        st = a->organization ? rw_fetch_organization(cli->session, &a->org, &r, err)
                             : rw_fetch_tencent(cli->session, &a->org.fetch, &r, err);
    if (r && !cli->quiet) {
        rw_status ws = rw_fetch_result_write(r, a->fmt, stdout, st == RW_OK ? err : NULL);
        if (st == RW_OK) st = ws;
    }
    rw_fetch_result_free(r);
    return st;
}

const cli_command rw_cmd_fetch_c = {"fetch", usage, flags, sizeof(args), init, 1, 0, run};
