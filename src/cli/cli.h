/* cli.h: the command line, a thin layer over include/runway.h (the only
 * header of the library it sees).
 *
 * Each command is a cmd_*.c file holding a table of its flags, which say
 * where in the command's options struct each value goes and how it is
 * read (cli_flag), and one function that makes one library call, hands the
 * result to one writer, and returns an exit code. Parsing, --help, usage
 * errors, messages and exit codes are here and in flags.c and main.c. */
#ifndef RW_CLI_H
#define RW_CLI_H

#include <stddef.h>
#include <stdint.h>
#include "cli/progress.h"
#include "runway.h"

/* Process exit codes (docs/usage.md). */
enum {
    EXIT_OKAY = 0,
    EXIT_RUNTIME = 1, /* I/O, database, network */
    EXIT_USAGE = 2,   /* bad flag or argument */
    EXIT_DISCREPANCY = 3, /* reconcile: the ledger and the bills disagree */
    EXIT_DATA = 65,   /* input data rejected */
};

/* The global options and the session every command works in. */
typedef struct rw_cli {
    const char *db_path;  /* --db, RUNWAY_DB, or "runway.db" */
    int quiet;            /* --quiet: only warnings and errors */
    int verbose;          /* --verbose: more detail */
    int tty;              /* stderr is a terminal (progress bars) */
    rw_session *session;  /* opened before the command runs */
} rw_cli;

/* How a flag's value is read into its field. */
typedef enum cli_kind {
    CLI_SET,      /* no value: the int field is set to 1 */
    CLI_UNSET,    /* no value: the int field is set to 0 ("--no-bills") */
    CLI_STR,      /* const char *: the text itself */
    CLI_ACCOUNT,  /* const char *: an account id (rw_account_check) */
    CLI_COUNT,    /* an integer in [lo, hi]; the field is an int or 8 bytes wide */
    CLI_AMOUNT,   /* a double; `check` may require it positive or non-negative */
    CLI_WHEN,     /* int64_t: a date or ISO time (rw_parse_when) */
    CLI_WHEN_END, /* the same, a bare date meaning the end of that day */
    CLI_OUTPUT,   /* rw_output: one of the names in `what` ("text|json") */
    CLI_FN,       /* fn(opts, text, err) decides */
    CLI_LANG,     /* rw_lang: "en" or "zh-CN" (rw_lang_parse) */
} cli_kind;

typedef enum cli_check { CLI_ANY, CLI_POSITIVE, CLI_NONNEG } cli_check;

typedef struct cli_flag {
    const char *name;      /* long name without "--"; NULL ends a table */
    cli_kind kind;
    size_t offset;         /* of the field in the options struct */
    size_t size;           /* of the field (CLI_COUNT, CLI_SET) */
    int64_t lo, hi;        /* CLI_COUNT bounds */
    const char *what;      /* CLI_COUNT: "a number of days (1..365)";
                            * CLI_OUTPUT: the accepted names;
                            * CLI_AMOUNT with CLI_POSITIVE: what must be positive */
    cli_check check;       /* CLI_AMOUNT */
    rw_status (*fn)(void *opts, const char *text, rw_error *err); /* CLI_FN */
} cli_flag;

#define CLI_FIELD(T, f) offsetof(T, f), sizeof(((T *)0)->f)
#define CLI_FLAG_SET(name, T, f) {name, CLI_SET, CLI_FIELD(T, f), 0, 0, NULL, CLI_ANY, NULL}
#define CLI_FLAG_UNSET(name, T, f) {name, CLI_UNSET, CLI_FIELD(T, f), 0, 0, NULL, CLI_ANY, NULL}
#define CLI_FLAG_STR(name, T, f) {name, CLI_STR, CLI_FIELD(T, f), 0, 0, NULL, CLI_ANY, NULL}
#define CLI_FLAG_ACCOUNT(name, T, f) {name, CLI_ACCOUNT, CLI_FIELD(T, f), 0, 0, NULL, CLI_ANY, NULL}
#define CLI_FLAG_COUNT(name, T, f, lo, hi, what) \
    {name, CLI_COUNT, CLI_FIELD(T, f), lo, hi, what, CLI_ANY, NULL}
#define CLI_FLAG_AMOUNT(name, T, f, check, what) \
    {name, CLI_AMOUNT, CLI_FIELD(T, f), 0, 0, what, check, NULL}
#define CLI_FLAG_WHEN(name, T, f) {name, CLI_WHEN, CLI_FIELD(T, f), 0, 0, NULL, CLI_ANY, NULL}
#define CLI_FLAG_WHEN_END(name, T, f) {name, CLI_WHEN_END, CLI_FIELD(T, f), 0, 0, NULL, CLI_ANY, NULL}
#define CLI_FLAG_OUTPUT(T, f, names) {"format", CLI_OUTPUT, CLI_FIELD(T, f), 0, 0, names, CLI_ANY, NULL}
#define CLI_FLAG_FN(name, fn) {name, CLI_FN, 0, 0, 0, 0, NULL, CLI_ANY, fn}
#define CLI_FLAG_LANG(T, f)                                                                        \
    {                                                                                              \
        CLI_LANG_FLAG, CLI_LANG, CLI_FIELD(T, f), 0, 0, NULL, CLI_ANY, NULL                        \
    }
#define CLI_END {NULL, CLI_SET, 0, 0, 0, 0, NULL, CLI_ANY, NULL}

/* The flag naming the reporting time zone, and the environment variable
 * that gives its default (read by cli_parse, never by the library). */
#define CLI_TZ_FLAG "tz"
#define CLI_TZ_ENV "RUNWAY_TZ"

/* The flag choosing the language of text for people. Its default comes
 * from the locale variables, read by cli_parse only (the library reads no
 * environment): the first set of LC_ALL, LC_MESSAGES, LANG; a value
 * starting "zh" is Chinese, anything else English. */
#define CLI_LANG_FLAG "lang"

/* The flags of the store selection (--by, --metric, --granularity, --from,
 * --to, --currency, --account, --tz, --amortize) of an rw_selection at
 * member `m` of T. */
#define CLI_SELECTION_FLAGS(T, m)                                                           \
    CLI_FLAG_FN("by", cli_sel_by), CLI_FLAG_FN("metric", cli_sel_metric),                  \
        CLI_FLAG_FN("granularity", cli_sel_granularity),                                    \
        CLI_FLAG_WHEN("from", T, m.from), CLI_FLAG_WHEN_END("to", T, m.to),                 \
        CLI_FLAG_STR("currency", T, m.currency), CLI_FLAG_ACCOUNT("account", T, m.account),     \
        CLI_FLAG_STR(CLI_TZ_FLAG, T, m.tz), CLI_FLAG_SET("amortize", T, m.amortize)

/* The flags of every plan (--input, --series, --account, --currency,
 * --metric, --as-of, --seed, --paths, --tz, --amortize: the library refuses
 * it for plans about the balance) of an rw_plan_options at member m. */
#define CLI_PLAN_FLAGS(T, m)                                                                \
    CLI_FLAG_STR("input", T, m.sel.input), CLI_FLAG_STR("series", T, m.sel.series),          \
        CLI_FLAG_STR(CLI_TZ_FLAG, T, m.sel.tz),                                              \
        CLI_FLAG_ACCOUNT("account", T, m.sel.account), CLI_FLAG_STR("currency", T, m.sel.currency), \
        CLI_FLAG_FN("metric", cli_sel_metric), CLI_FLAG_WHEN("as-of", T, m.as_of),           \
        CLI_FLAG_COUNT("seed", T, m.seed, 0, INT64_MAX, "a non-negative integer"),          \
        CLI_FLAG_COUNT("paths", T, m.npaths, 100, 100000, "a number between 100 and 100000"), \
        CLI_FLAG_SET("amortize", T, m.sel.amortize)

/* The flags of forecasts and backtests (selection, --input, --series,
 * --model, --variant, --level, --period, --horizon, --seed, --paths,
 * --jobs) of an rw_forecast_options at member m, at the start of T. */
#define CLI_FORECAST_FLAGS(T, m)                                                              \
    CLI_SELECTION_FLAGS(T, m.sel), CLI_FLAG_STR("input", T, m.sel.input),                     \
        CLI_FLAG_STR("series", T, m.sel.series), CLI_FLAG_FN("model", cli_fc_model),          \
        CLI_FLAG_STR("variant", T, m.variant), CLI_FLAG_FN("level", cli_fc_level),            \
        CLI_FLAG_FN("period", cli_fc_period),                                                  \
        CLI_FLAG_COUNT("horizon", T, m.horizon, 1, 100000, "a number of steps (1..100000)"),   \
        CLI_FLAG_COUNT("seed", T, m.seed, 0, INT64_MAX, "a non-negative integer"),            \
        CLI_FLAG_COUNT("paths", T, m.npaths, 10, 100000, "a number between 10 and 100000"),   \
        CLI_FLAG_COUNT("jobs", T, m.jobs, 1, 64, "a thread count between 1 and 64")

/* The forecast setters: `opts` must start with its rw_forecast_options. */
rw_status cli_fc_model(void *opts, const char *text, rw_error *err);
rw_status cli_fc_level(void *opts, const char *text, rw_error *err);
rw_status cli_fc_period(void *opts, const char *text, rw_error *err);

/* The selection setters: `opts` must start with its rw_selection (or with
 * a struct that starts with one, such as rw_plan_options). */
rw_status cli_sel_by(void *opts, const char *text, rw_error *err);
rw_status cli_sel_metric(void *opts, const char *text, rw_error *err);
rw_status cli_sel_granularity(void *opts, const char *text, rw_error *err);

/* The flags of a plan over every account: --all-accounts, --label K=V
 * (repeatable), --shard K/N and --jobs; each command's --label setter calls
 * cli_label_add with its filter. */
typedef struct cli_all {
    int all;                /* --all-accounts */
    const char *shard;      /* --shard K/N, read into o by cli_all_check */
    rw_all_options o;       /* filter, shard, jobs, clock, progress */
    rw_progress bar;        /* "accounts: DONE/TOTAL" on a terminal */
} cli_all;
#define CLI_ALL_FLAGS(T, m, label_fn)                                                        \
    CLI_FLAG_SET("all-accounts", T, m.all), CLI_FLAG_FN("label", label_fn),                 \
        CLI_FLAG_STR("shard", T, m.shard),                                                   \
        CLI_FLAG_COUNT("jobs", T, m.o.jobs, 1, 64, "a thread count between 1 and 64")
rw_status cli_label_add(rw_label_filter *f, const char *text, rw_error *err);
/* Reads --shard into a->o; RW_EINVAL with the reason when it is not K/N,
 * or when --label, --shard or --jobs was given without --all-accounts
 * (jobs_given: the command has no other use of --jobs). */
rw_status cli_all_check(cli_all *a, int jobs_given, rw_error *err);
/* Shows "accounts: DONE/TOTAL" on stderr while the accounts are planned,
 * when stderr is a terminal and not --quiet (a->o.progress). */
void cli_all_progress(const rw_cli *cli, cli_all *a);
/* Writes r (NULL: nothing) after the all-accounts call returned st; the
 * result is written also when some accounts failed. Returns st, else the
 * writer's status. */
rw_status cli_all_finish(rw_status st, rw_account_results *r, rw_output fmt, rw_error *err);

/* The positional arguments of a command. */
typedef struct cli_args {
    size_t n;
    char **v;
} cli_args;

/* One command. */
typedef struct cli_command {
    const char *name;
    const char *usage;         /* printed by --help (stdout) and usage errors (stderr) */
    const cli_flag *flags;     /* ended by CLI_END; --db/--quiet/--verbose/--help are common */
    size_t opts_size;          /* bytes of its options struct */
    void (*init)(void *opts);  /* fills the defaults */
    size_t max_args;           /* positional arguments accepted (SIZE_MAX: any) */
    int usage_on_bad_value;    /* print the usage after a bad flag value too */
    /* Runs with the parsed options and the positional arguments, writing
     * the result to stdout. A failure is returned with its context in err
     * (which may hold no text when it was printed already). A result is
     * written also after a partial failure (what was done); the writer's
     * own failure counts only when nothing failed before it. */
    rw_status (*run)(const rw_cli *cli, void *opts, const cli_args *args, rw_error *err);
} cli_command;

/* Parses argv (argv[0] is the command's name) into opts and the positional
 * arguments (*args: the caller's, free()), printing errors. A command with
 * a --tz flag gets RUNWAY_TZ as its value unless the flag is given, and
 * one with --lang the language of the locale variables. Returns
 * 0 to run, -1 after --help was printed, or an exit code. */
int cli_parse(rw_cli *cli, const cli_command *c, int argc, char **argv, void *opts,
              char ***args, size_t *nargs);

/* Parses and runs command c; returns the exit code. */
int cli_run(rw_cli *cli, const cli_command *c, int argc, char **argv);

/* Prints `usage` to stderr and returns RW_EINVAL with nothing more to say:
 * for arguments that do not fit the command. */
rw_status cli_usage(const char *usage);

/* Reads RUNWAY_NOW (epoch seconds, for tests) into *now when it is set. */
rw_status cli_now(int64_t *now, rw_error *err);

/* Prints "runway: message" to stderr. */
void rw_cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints an rw_error as "runway: FILE:LINE: text" (nothing when it holds
 * no text and no status). */
void rw_cli_error(const rw_error *err);
/* Maps a status to the exit code (RW_EFORMAT/RW_EREJECTED: 65, RW_EINVAL:
 * 2, RW_EDISCREPANCY: 3, RW_OK/RW_EDUPLICATE: 0, others 1). */
int rw_cli_exit_code(rw_status st);
/* Prints err when st is a failure, flushes stdout, and returns the exit
 * code: st's, else EXIT_RUNTIME when stdout could not be written. */
int rw_cli_finish(rw_status st, const rw_error *err);
/* Prints `usage` to stderr and returns EXIT_USAGE; for bad flags. */
int rw_cli_usage_error(const char *usage);
/* Flushes stdout and checks for errors (jq-style): EXIT_RUNTIME when
 * stdout could not be written. */
int rw_cli_flush_stdout(void);

/* The message callback of the session (rw_message_fn): notes and
 * information unless --quiet, warnings always, each as "runway: ...". */
void rw_cli_message(void *cli, rw_message_level level, const char *text);

extern const cli_command rw_cmd_series_c, rw_cmd_balance_c, rw_cmd_topup_c, rw_cmd_sources_c,
    rw_cmd_rejects_c, rw_cmd_ingest_c, rw_cmd_fetch_c, rw_cmd_runout_c, rw_cmd_arrears_c, rw_cmd_reconcile_c, rw_cmd_thresholds_c,
    rw_cmd_budget_c, rw_cmd_notify_c, rw_cmd_forecast_c, rw_cmd_backtest_c, rw_cmd_anomalies_c,
    rw_cmd_report_c, rw_cmd_demo_c, rw_cmd_run_c, rw_cmd_accounts_c;


#endif
