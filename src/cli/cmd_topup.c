/* cmd_topup.c: `runway topup`: planned and recurring top-ups. */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

static const char usage[] =
    "usage: runway topup AMOUNT --at DATE [--every week|month] [--until DATE]\n"
    "                    [--currency C] [--account ID] [--note TEXT]\n"
    "       runway topup list [--account ID] [--format text|json]\n"
    "       runway topup remove ID\n"
    "\n"
    "Records a planned top-up (recharge) of the prepaid balance, once or\n"
    "recurring. Monthly top-ups keep their day of the month, clamped to short\n"
    "months (the 31st becomes Feb 28/29). Forecasts of the run-out date add\n"
    "them to the balance on their dates.\n";

typedef struct args {
    rw_topup t;
    int has_at;
    const char *account;
    rw_output fmt;
} args;

static rw_status every(void *p, const char *text, rw_error *err)
{
    args *a = p;
    if (!strcmp(text, "week")) a->t.every = RW_EVERY_WEEK;
    else if (!strcmp(text, "month")) a->t.every = RW_EVERY_MONTH;
    else return rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not week or month", text);
    return RW_OK;
}

static rw_status at(void *p, const char *text, rw_error *err)
{
    args *a = p;
    a->has_at = 1;
    return rw_parse_when(text, 0, &a->t.at, err);
}

static rw_status until(void *p, const char *text, rw_error *err)
{
    args *a = p;
    rw_status st = rw_parse_when(text, 1, &a->t.until, err);
    a->t.until--; /* inclusive end */
    return st;
}

static rw_status currency(void *p, const char *text, rw_error *err)
{
    return rw_parse_currency(text, ((args *)p)->t.currency, err);
}

static rw_status note(void *p, const char *text, rw_error *err)
{
    args *a = p;
    (void)err;
    snprintf(a->t.note, sizeof a->t.note, "%s", text);
    return RW_OK;
}

static const cli_flag flags[] = {
    CLI_FLAG_FN("at", at),
    CLI_FLAG_FN("every", every),
    CLI_FLAG_FN("until", until),
    CLI_FLAG_FN("currency", currency),
    CLI_FLAG_ACCOUNT("account", args, account),
    CLI_FLAG_FN("note", note),
    CLI_FLAG_OUTPUT(args, fmt, "text|json"),
    CLI_END,
};

static void init(void *p)
{
    args *a = p;
    a->t.until = INT64_MAX;
    a->fmt = RW_OUT_TEXT;
}

static rw_status list(const rw_cli *cli, const args *a, rw_error *err)
{
    rw_topup *l = NULL;
    size_t n = 0;
    rw_status st = rw_topups_get(cli->session, a->account, &l, &n, err);
    if (st == RW_OK) st = rw_topups_write(l, n, a->fmt, 0, stdout, err);
    free(l);
    return st;
}

/* Adds a top-up of AMOUNT (text) with the flags given. */
static rw_status add(const rw_cli *cli, args *a, const char *amount, rw_error *err)
{
    if (rw_parse_amount(amount, &a->t.amount, NULL) != RW_OK) return cli_usage(usage);
    if (a->t.amount <= 0)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "topup: AMOUNT must be positive");
    if (!a->has_at) {
        rw_cli_errorf("topup: --at DATE is required");
        return cli_usage(usage);
    }
    if (a->t.until < a->t.at)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "topup: --until is before --at");
    snprintf(a->t.account, sizeof a->t.account, "%s", a->account ? a->account : "");
    rw_status st = rw_topup_add(cli->session, &a->t, err);
    if (st == RW_OK && !cli->quiet) st = rw_topups_write(&a->t, 1, a->fmt, 1, stdout, err);
    return st;
}

static rw_status run(const rw_cli *cli, void *p, const cli_args *in, rw_error *err)
{
    args *a = p;
    int64_t id;
    if (in->n == 0) return cli_usage(usage);
    if (!strcmp(in->v[0], "list")) return list(cli, a, err);
    if (strcmp(in->v[0], "remove")) return in->n == 1 ? add(cli, a, in->v[0], err) : cli_usage(usage);
    if (in->n != 2 || rw_parse_count(in->v[1], 1, INT64_MAX, "an id", &id, NULL) != RW_OK)
        return cli_usage(usage);
    rw_status st = rw_topup_remove(cli->session, id, err);
    if (st == RW_OK && !cli->quiet) printf("top-up %lld removed\n", (long long)id);
    return st;
}

const cli_command rw_cmd_topup_c = {"topup", usage, flags, sizeof(args), init, 2, 1, run};
