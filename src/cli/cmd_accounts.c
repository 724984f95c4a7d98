/* cmd_accounts.c: `runway accounts list|show|set|import`: the account
 * registry. */
#include <math.h>
#include <string.h>
#include "cli/cli.h"

static const char usage[] =
    "usage: runway accounts list [--label K=V]... [--format text|json|csv]\n"
    "       runway accounts show ID [--format text|json]\n"
    "       runway accounts set ID [--name N] [--label K=V]... [--unlabel K]...\n"
    "                          [--owner CONTACT] [--payer ID | --self-paid] [--policy NAME]\n"
    "                          [--route KIND=env:VAR]... [--no-routes] [--budget AMOUNT|none]\n"
    "                          [--thresholds JSON] [--format text|json]\n"
    "       runway accounts import FILE\n"
    "\n"
    "The accounts of the store: those registered here (a display name, free labels\n"
    "such as department=finance or project=x, an owner contact, who pays: itself or\n"
    "an organisation payer, the arrears policy, alert routes, a monthly budget)\n"
    "and every account seen in balances, the ledger and bills (billing and\n"
    "sub-account of the charges), each with its latest balance.\n"
    "\n"
    "  --label K=V         list: only accounts with this label (repeatable, all must\n"
    "                      match); set: add or change a label (K: letters, digits,\n"
    "                      '_', '.', '-'; V: text without ';')\n"
    "  --unlabel K         remove a label\n"
    "  --payer ID          the organisation account that pays for this one\n"
    "  --self-paid         the account pays for itself (the default)\n"
    "  --policy NAME       its arrears policy (generic, tencent-cos, ...; \"\" clears);\n"
    "                      runout, thresholds and arrears use it when --policy is not\n"
    "                      given\n"
    "  --route KIND=REF    an alert route (repeatable, replaces the routes): KIND is\n"
    "                      wecom, dingtalk, slack or json; REF says where the webhook\n"
    "                      URL is found, env:VAR (an environment variable) or\n"
    "                      profile:NAME (a credentials-file profile). A URL is refused:\n"
    "                      it holds the webhook's secret key\n"
    "  --budget AMOUNT     a monthly budget (none clears it); `runway budget` uses it\n"
    "                      when its command line gives no amount\n"
    "  --thresholds JSON   a threshold override (\"\" clears it): a JSON object with any\n"
    "                      of \"lead_days\" ([7, 3, 1]), \"confidence\" (0.95) and\n"
    "                      \"fixed_alert\" (500); `runway thresholds` uses each value\n"
    "                      its command line does not give\n"
    "\n"
    "import FILE: a JSON array of objects (id, name, labels {K: V}, owner, payer,\n"
    "policy, routes [{\"kind\", \"url_ref\"}], budget, thresholds) or a CSV file with\n"
    "the header id,name,labels,owner,payer,policy,routes,budget where labels are\n"
    "K=V;K2=V2 and routes KIND=REF;KIND=REF. Each row is the account's whole record.\n"
    "Every row is checked first; one bad row (reported as FILE:LINE) stores nothing\n"
    "of the file (exit 65).\n";

typedef struct args {
    rw_account_update u;
    rw_label_filter filter; /* list */
    rw_output fmt;
} args;

static rw_status label(void *p, const char *text, rw_error *err)
{
    args *a = p;
    if (a->u.nlabels == RW_MAX_LABELS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "more than %d given", RW_MAX_LABELS);
    a->u.labels[a->u.nlabels++] = text;
    a->filter.labels[a->filter.n++] = text;
    return RW_OK;
}

static rw_status unlabel(void *p, const char *text, rw_error *err)
{
    args *a = p;
    if (a->u.nunlabels == RW_MAX_LABELS)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "more than %d given", RW_MAX_LABELS);
    a->u.unlabels[a->u.nunlabels++] = text;
    return RW_OK;
}

static rw_status route(void *p, const char *text, rw_error *err)
{
    args *a = p;
    if (a->u.nroutes == RW_MAX_ROUTES)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "more than %d given", RW_MAX_ROUTES);
    a->u.routes[a->u.nroutes++] = text;
    return RW_OK;
}

static rw_status budget(void *p, const char *text, rw_error *err)
{
    args *a = p;
    a->u.budget_set = 1;
    if (!strcmp(text, "none")) {
        a->u.budget = NAN;
        return RW_OK;
    }
    rw_status st = rw_parse_amount(text, &a->u.budget, err);
    if (st == RW_OK && !(a->u.budget > 0))
        st = rw_error_set(err, RW_EINVAL, NULL, 0, "a budget is > 0 (none clears it)");
    return st;
}

static const cli_flag flags[] = {
    CLI_FLAG_OUTPUT(args, fmt, "text|json|csv"),
    CLI_FLAG_STR("name", args, u.name),
    CLI_FLAG_FN("label", label),
    CLI_FLAG_FN("unlabel", unlabel),
    CLI_FLAG_STR("owner", args, u.owner),
    CLI_FLAG_ACCOUNT("payer", args, u.payer),
    CLI_FLAG_SET("self-paid", args, u.self_paid),
    CLI_FLAG_STR("policy", args, u.policy),
    CLI_FLAG_FN("route", route),
    CLI_FLAG_SET("no-routes", args, u.clear_routes),
    CLI_FLAG_FN("budget", budget),
    CLI_FLAG_STR("thresholds", args, u.thresholds),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    rw_account_update_init(&a->u);
    a->fmt = RW_OUT_TEXT;
}

/* 1 when any flag of `set` was given. */
static int set_flags(const rw_account_update *u)
{
    return u->name || u->nlabels || u->nunlabels || u->owner || u->payer || u->self_paid ||
           u->policy || u->nroutes || u->clear_routes || u->budget_set || u->thresholds;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    rw_account_list *l = NULL;
    const char *verb = in->n ? in->v[0] : "";
    rw_status st;
    if (!strcmp(verb, "list") && in->n == 1) {
        a->u.nlabels = 0;
        if (set_flags(&a->u)) return cli_usage(usage);
        st = rw_accounts_list(cli->session, &a->filter, &l, err);
        if (st == RW_OK) st = rw_account_list_write(l, a->fmt, 0, stdout, err);
    } else if (!strcmp(verb, "show") && in->n == 2) {
        if (set_flags(&a->u) || a->fmt == RW_OUT_CSV) return cli_usage(usage);
        st = rw_account_show(cli->session, in->v[1], &l, err);
        if (st == RW_OK) st = rw_account_list_write(l, a->fmt, 1, stdout, err);
    } else if (!strcmp(verb, "set") && in->n == 2) {
        if (a->fmt == RW_OUT_CSV) return cli_usage(usage);
        a->u.id = in->v[1];
        st = rw_account_set(cli->session, &a->u, &l, err);
        if (st == RW_OK && !cli->quiet) st = rw_account_list_write(l, a->fmt, 1, stdout, err);
    } else if (!strcmp(verb, "import") && in->n == 2) {
        size_t n = 0;
        if (set_flags(&a->u)) return cli_usage(usage);
        st = rw_accounts_import(cli->session, in->v[1], &n, err);
        if (st == RW_OK && !cli->quiet) printf("imported %zu account(s) from %s\n", n, in->v[1]);
    } else {
        return cli_usage(usage);
    }
    rw_account_list_free(l);
    return st;
}

const cli_command rw_cmd_accounts_c = {"accounts", usage, flags, sizeof(args), init, 2, 1, run};
