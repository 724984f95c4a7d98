/* flags.c: reading a command's flags from its table (cli.h).
 *
 * The syntax is GNU getopt_long's, which runway used before: --name VALUE
 * or --name=VALUE, any unambiguous prefix of a name, flags and positional
 * arguments in any order, "--" ending the flags, and the same messages for
 * unknown, ambiguous or incomplete flags. Unlike getopt, a negative number
 * ("-120") is a positional argument, and nothing global is touched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

/* The flags every command accepts. */
enum { COMMON_DB, COMMON_QUIET, COMMON_VERBOSE, COMMON_HELP, NCOMMON };
static const char *const common_names[NCOMMON] = {"db", "quiet", "verbose", "help"};

/* A flag found by name: index into the command's table, or NCOMMON-coded. */
typedef struct found {
    const cli_flag *flag;  /* the command's, or NULL for a common one */
    int common;            /* COMMON_* when flag is NULL */
} found;

static int takes_value(const found *f)
{
    return f->flag ? f->flag->kind != CLI_SET && f->flag->kind != CLI_UNSET
                  : f->common == COMMON_DB;
}

static const char *found_name(const found *f)
{
    return f->flag ? f->flag->name : common_names[f->common];
}

/* Looks `name` (len bytes) up: exact, else a unique prefix. Returns 1 when
 * found, 0 when unknown, -1 when ambiguous (printed). */
static int lookup(const cli_command *c, const char *name, size_t len, const char *arg,
                  found *out)
{
    found cand[64];
    size_t n = 0;
    for (const cli_flag *f = c->flags; f->name; f++) {
        if (strncmp(f->name, name, len)) continue;
        if (!f->name[len]) {
            *out = (found){f, 0};
            return 1;
        }
        if (n < 64) cand[n++] = (found){f, 0};
    }
    for (int i = 0; i < NCOMMON; i++) {
        if (strncmp(common_names[i], name, len)) continue;
        if (!common_names[i][len]) {
            *out = (found){NULL, i};
            return 1;
        }
        if (n < 64) cand[n++] = (found){NULL, i};
    }
    if (n == 1) {
        *out = cand[0];
        return 1;
    }
    if (n == 0) return 0;
    char shown[256];
    fprintf(stderr, "%s: option '%s' is ambiguous; possibilities:", c->name,
            rw_text_esc(arg, shown, sizeof shown));
    for (size_t i = 0; i < n; i++) fprintf(stderr, " '--%s'", found_name(&cand[i]));
    fputc('\n', stderr);
    return -1;
}

/* Whether the table accepts `name` in `list` ("text|json"). */
static int output_parse(const char *names, const char *text, rw_output *out)
{
    static const struct {
        const char *name;
        rw_output v;
    } all[] = {{"text", RW_OUT_TEXT}, {"json", RW_OUT_JSON}, {"csv", RW_OUT_CSV},
               {"prometheus", RW_OUT_PROMETHEUS}};
    size_t n = strlen(text);
    for (const char *s = names; *s;) {
        size_t len = strcspn(s, "|");
        if (len == n && !strncmp(s, text, n))
            for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
                if (!strcmp(all[i].name, text)) {
                    *out = all[i].v;
                    return 1;
                }
        s += len + (s[len] == '|');
    }
    return 0;
}

static void store_int(void *field, size_t size, int64_t v)
{
    if (size == sizeof(int)) {
        int i = (int)v;
        memcpy(field, &i, sizeof i);
    } else {
        memcpy(field, &v, sizeof v);
    }
}

/* Reads `text` into the field of flag f; on failure err says why. */
static rw_status apply(const cli_flag *f, void *opts, const char *text, rw_error *err)
{
    char *field = (char *)opts + f->offset;
    int64_t v;
    double d;
    rw_status st = RW_OK;
    switch (f->kind) {
    case CLI_SET: store_int(field, f->size, 1); break;
    case CLI_UNSET: store_int(field, f->size, 0); break;
    case CLI_STR: memcpy(field, &text, sizeof text); break;
    case CLI_ACCOUNT:
        if ((st = rw_account_check(text, err)) == RW_OK) memcpy(field, &text, sizeof text);
        break;
    case CLI_COUNT:
        if ((st = rw_parse_count(text, f->lo, f->hi, f->what, &v, err)) == RW_OK)
            store_int(field, f->size, v);
        break;
    case CLI_AMOUNT:
        if ((st = rw_parse_amount(text, &d, err)) != RW_OK) break;
        if (f->check == CLI_POSITIVE && !(d > 0))
            st = rw_error_set(err, RW_EINVAL, NULL, 0, "%s must be positive", f->what);
        else if (f->check == CLI_NONNEG && d < 0)
            st = rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' must not be negative", text);
        else memcpy(field, &d, sizeof d);
        break;
    case CLI_WHEN:
    case CLI_WHEN_END:
        if ((st = rw_parse_when(text, f->kind == CLI_WHEN_END, &v, err)) == RW_OK)
            memcpy(field, &v, sizeof v);
        break;
    case CLI_OUTPUT: {
        rw_output o;
        if (output_parse(f->what, text, &o)) memcpy(field, &o, sizeof o);
        else st = rw_error_set(err, RW_EINVAL, NULL, 0, "'%s' is not one of %s", text, f->what);
        break;
    }
    case CLI_FN: st = f->fn(opts, text, err); break;
    case CLI_LANG: {
        rw_lang l;
        if ((st = rw_lang_parse(text, &l, err)) == RW_OK) memcpy(field, &l, sizeof l);
        break;
    }
    }
    return st;
}

/* Handles a common flag. Returns 0 to go on, -1 after --help. */
static int common(rw_cli *cli, const cli_command *c, int which, const char *value)
{
    switch (which) {
    case COMMON_DB: cli->db_path = value; return 0;
    case COMMON_QUIET: cli->quiet = 1; return 0;
    case COMMON_VERBOSE: cli->verbose = 1; return 0;
    default: fputs(c->usage, stdout); return -1;
    }
}

/* Whether `a` is a flag (not "-", not a negative number). */
static int is_flag(const char *a)
{
    return a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9') && !(a[1] == '.' && a[2]);
}

/* Handles the flag argv[*i] (and its value); returns 0, -1 (help) or an
 * exit code. */
static int one_flag(rw_cli *cli, const cli_command *c, int argc, char **argv, int *i,
                    void *opts)
{
    const char *a = argv[*i];
    if (a[1] != '-') {
        if (a[1] == 'h' && !a[2]) return common(cli, c, COMMON_HELP, NULL);
        char one[2] = {a[1], '\0'}, shown[16];
        fprintf(stderr, "%s: invalid option -- '%s'\n", c->name, rw_text_esc(one, shown, sizeof shown));
        return rw_cli_usage_error(c->usage);
    }
    const char *name = a + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    found f;
    int r = lookup(c, name, len, a, &f);
    char shown[256];
    if (r == 0)
        fprintf(stderr, "%s: unrecognized option '%s'\n", c->name, rw_text_esc(a, shown, sizeof shown));
    if (r <= 0) return rw_cli_usage_error(c->usage);
    const char *value = NULL;
    if (takes_value(&f)) {
        if (eq) value = eq + 1;
        else if (*i + 1 < argc) value = argv[++*i];
        else {
            fprintf(stderr, "%s: option '--%s' requires an argument\n", c->name, found_name(&f));
            return rw_cli_usage_error(c->usage);
        }
    } else if (eq) {
        fprintf(stderr, "%s: option '--%s' doesn't allow an argument\n", c->name, found_name(&f));
        return rw_cli_usage_error(c->usage);
    }
    if (!f.flag) return common(cli, c, f.common, value);
    rw_error err;
    rw_error_clear(&err);
    if (apply(f.flag, opts, value, &err) == RW_OK) return 0;
    rw_cli_errorf("--%s: %s", f.flag->name, err.text);
    if (c->usage_on_bad_value) rw_cli_usage_error(c->usage);
    return EXIT_USAGE;
}

/* The language of the locale: the first of LC_ALL, LC_MESSAGES, LANG that
 * is set and not empty; Chinese when it starts "zh", else English. */
static rw_lang env_lang(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return (v[0] == 'z' || v[0] == 'Z') && (v[1] == 'h' || v[1] == 'H') ? RW_LANG_ZH
                                                                                : RW_LANG_EN;
    }
    return RW_LANG_EN;
}

/* Values from the environment for the --tz and --lang flags, when the
 * command has them: the flags parsed next may replace them. The library
 * never reads the environment, so the defaults live here. */
static void env_defaults(const cli_command *c, void *opts)
{
    const char *tz = getenv(CLI_TZ_ENV);
    for (const cli_flag *f = c->flags; f->name; f++) {
        if (tz && *tz && !strcmp(f->name, CLI_TZ_FLAG) && f->kind == CLI_STR)
            memcpy((char *)opts + f->offset, &tz, sizeof tz);
        if (f->kind == CLI_LANG) {
            rw_lang l = env_lang();
            memcpy((char *)opts + f->offset, &l, sizeof l);
        }
    }
}

int cli_parse(rw_cli *cli, const cli_command *c, int argc, char **argv, void *opts,
              char ***args, size_t *nargs)
{
    *args = calloc((size_t)argc + 1, sizeof **args);
    *nargs = 0;
    if (!*args) {
        rw_cli_errorf("out of memory");
        return EXIT_RUNTIME;
    }
    env_defaults(c, opts);
    int flags_done = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!flags_done && !strcmp(a, "--")) {
            flags_done = 1;
        } else if (!flags_done && is_flag(a)) {
            int r = one_flag(cli, c, argc, argv, &i, opts);
            if (r) return r < 0 && rw_cli_flush_stdout() ? EXIT_RUNTIME : r;
        } else {
            (*args)[(*nargs)++] = argv[i];
        }
    }
    if (*nargs > c->max_args) {
        rw_cli_errorf("unexpected argument '%s'", (*args)[c->max_args]);
        return EXIT_USAGE;
    }
    return 0;
}
