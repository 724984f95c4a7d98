/* test_flags.c: the command line's flag tables (src/cli/flags.c): every
 * kind of flag, GNU long-option syntax (prefixes, --name=value, "--"),
 * negative numbers as arguments, and the exit code of each mistake. */
#include <stdlib.h>
#include <string.h>
#include "../unit/check.h"
#include "cli/cli.h"

typedef struct opts {
    int set, unset;
    const char *name;
    size_t horizon;
    int small;
    double amount, credit;
    int64_t from, to;
    rw_output fmt;
    int calls;
} opts;

static rw_status count_call(void *p, const char *text, rw_error *err)
{
    opts *o = p;
    o->calls++;
    if (!strcmp(text, "bad")) return rw_error_set(err, RW_EINVAL, NULL, 0, "'bad' is bad");
    return RW_OK;
}

static const cli_flag flags[] = {
    CLI_FLAG_SET("dry-run", opts, set),
    CLI_FLAG_UNSET("no-bills", opts, unset),
    CLI_FLAG_STR("name", opts, name),
    CLI_FLAG_COUNT("horizon", opts, horizon, 1, 100, "a number of days (1..100)"),
    CLI_FLAG_COUNT("paths", opts, small, 10, 20, "a small number"),
    CLI_FLAG_COUNT("period", opts, small, 1, 5, "a period"),
    CLI_FLAG_AMOUNT("amount", opts, amount, CLI_POSITIVE, "the budget"),
    CLI_FLAG_AMOUNT("credit", opts, credit, CLI_NONNEG, NULL),
    CLI_FLAG_WHEN("from", opts, from),
    CLI_FLAG_WHEN_END("to", opts, to),
    CLI_FLAG_OUTPUT(opts, fmt, "text|json"),
    CLI_FLAG_FN("call", count_call),
    CLI_END,
};

static const cli_command cmd = {"test", "usage: test [flags] ARG\n", flags, sizeof(opts), NULL, 2,
                                0, NULL};

/* Parses the words (NULL-terminated) into *o; *first gets the first
 * argument, *n how many there were. */
static int parse(opts *o, rw_cli *cli, const char *const *words, size_t *n, const char **first)
{
    char *argv[32] = {"test"};
    int argc = 1;
    for (size_t i = 0; words[i] && argc < 31; i++) argv[argc++] = (char *)words[i];
    memset(o, 0, sizeof *o);
    o->unset = 1;
    char **args = NULL;
    *first = NULL;
    int rc = cli_parse(cli, &cmd, argc, argv, o, &args, n);
    if (*n && args) *first = args[0];
    free(args);
    return rc;
}

int main(void)
{
    rw_cli cli = {"runway.db", 0, 0, 0, NULL};
    opts o;
    size_t n = 0;
    const char *a0;
    const char *const all[] = {"--dry-run", "--no-bills", "--name", "x", "--hor", "7",
                               "--amount=2.5", "--credit", "0", "--from", "2024-09-01", "--to",
                               "2024-09-30", "--format", "json", "-120", NULL};
    CHECK(parse(&o, &cli, all, &n, &a0) == 0);
    CHECK(o.set == 1 && o.unset == 0 && !strcmp(o.name, "x") && o.horizon == 7);
    CHECK(o.amount == 2.5 && o.credit == 0 && o.fmt == RW_OUT_JSON);
    CHECK(o.from == 1725148800 && o.to == 1727740800); /* the end of the 30th */
    CHECK(n == 1 && !strcmp(a0, "-120"));               /* a negative number is an argument */
    const char *const common[] = {"--db", "other.db", "--quiet", "--", "--name", NULL};
    CHECK(parse(&o, &cli, common, &n, &a0) == 0);
    CHECK(!strcmp(cli.db_path, "other.db") && cli.quiet == 1);
    CHECK(n == 1 && !strcmp(a0, "--name")); /* after "--", words are arguments */
    const char *const prefix[] = {"--pa", "15", NULL};
    CHECK(parse(&o, &cli, prefix, &n, &a0) == 0 && o.small == 15);
    /* Mistakes: usage errors (2). */
    const char *const bad[][4] = {
        {"--p", "3", NULL},          /* ambiguous: paths, period */
        {"--colour", "red", NULL},   /* unknown */
        {"--horizon", NULL, NULL},   /* no value */
        {"--dry-run=yes", NULL, NULL}, /* a value for a switch */
        {"--horizon", "0", NULL},    /* out of range */
        {"--paths", "15.5", NULL},   /* not an integer */
        {"--amount", "0", NULL},     /* not positive */
        {"--credit", "-1", NULL},    /* negative */
        {"--from", "soon", NULL},    /* not a date */
        {"--format", "csv", NULL},   /* not accepted here */
        {"--call", "bad", NULL},     /* the setter refuses */
        {"-x", NULL, NULL},          /* no short options */
        {"a", "b", "c", NULL},       /* too many arguments */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = parse(&o, &cli, bad[i], &n, &a0);
        if (rc != EXIT_USAGE) fprintf(stderr, "case %zu: %s gave %d\n", i, bad[i][0], rc);
        CHECK(rc == EXIT_USAGE);
    }
    const char *const calls[] = {"--call", "ok", "--call", "ok", NULL};
    CHECK(parse(&o, &cli, calls, &n, &a0) == 0 && o.calls == 2);
    const char *const help[] = {"-h", NULL};
    CHECK(parse(&o, &cli, help, &n, &a0) == -1); /* help printed */
    CHECK(rw_cli_exit_code(RW_EFORMAT) == EXIT_DATA && rw_cli_exit_code(RW_EPARTIAL) == EXIT_RUNTIME);
    CHECK(rw_cli_exit_code(RW_EDUPLICATE) == EXIT_OKAY && rw_cli_exit_code(RW_EINVAL) == EXIT_USAGE);
    CHECK_DONE();
}
