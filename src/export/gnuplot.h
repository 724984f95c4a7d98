/* gnuplot.h (private to src/export): running gnuplot safely on a script
 * made from a compiled-in template.
 *
 * Invariants: no text from the caller reaches a script except through
 * rw_gp_set_text / rw_gp_set_texts, which reduce it to a safe character set
 * (letters, digits, space, . , : ; / ( ) - + % # = and valid UTF-8) and wrap
 * it in single quotes; numbers are written by printf and must be finite.
 * gnuplot is run without a shell (fork + execve of an absolute path) in a
 * scratch directory reached only through its fd, so scripts only name
 * fixed relative files; so is
 * fontconfig's fc-list, which finds a font for Chinese text. */
#ifndef RW_GNUPLOT_H
#define RW_GNUPLOT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "util/error.h"
#include "util/outdir.h"

/* Longest text put in a script (bytes, after sanitising); longer text is cut
 * at a character boundary. */
#define RW_GP_TEXT_MAX 240

/* A template compiled in from plots/NAME.gp (src/util/embed_files.cmake). */
typedef struct rw_embedded_plot {
    const char *name; /* file name without ".gp"; NULL ends the table */
    const char *text; /* its content, NUL-terminated */
} rw_embedded_plot;

extern const rw_embedded_plot rw_embedded_plots[];

/* The template plots/`name`.gp, or NULL when there is none. */
const char *rw_gp_template(const char *name);

/* Reduces `in` (NULL: "") to the safe set into `out` (`size` >= 1 bytes,
 * at most RW_GP_TEXT_MAX + 1 used): kept are ASCII letters, digits, space,
 * . , : ; / ( ) - + % # = and well-formed UTF-8 sequences of printable
 * characters; control characters become spaces, '_' '-', '&' '+', brackets
 * and braces parentheses, and every other byte (quotes, backslash, $, @, ^,
 * ~, invalid UTF-8 ...) '-'. Returns the length written. */
size_t rw_gp_sanitize(const char *in, char *out, size_t size);
/* rw_gp_sanitize, and each CJK character (rw_gp_is_cjk) becomes U+25A1
 * (a white square): for when no installed font covers them, where
 * gnuplot's pngcairo would draw page-sized black shapes instead. */
size_t rw_gp_sanitize_box(const char *in, char *out, size_t size);

/* Whether code point `cp` is Chinese, Japanese or Korean script or
 * punctuation (Han, kana, bopomofo, Hangul, CJK symbols, fullwidth forms). */
int rw_gp_is_cjk(unsigned long cp);
/* Whether `text` (UTF-8, NULL: "") holds a well-formed CJK character. */
int rw_gp_has_cjk(const char *text);

/* The values a template's {{KEY}} placeholders are replaced with, each
 * already rendered as gnuplot source. Setting a key twice keeps the last
 * value. An allocation failure is remembered and reported by rw_gp_fill, so
 * the setters return nothing. Keys must be string literals (not copied). */
typedef struct rw_gp_var {
    const char *key; /* placeholder name */
    char *val;       /* gnuplot source text, owned */
} rw_gp_var;

typedef struct rw_gp_vars {
    rw_gp_var *v;     /* the values */
    size_t n, cap;    /* used and allocated entries */
    rw_status status; /* RW_OK, or RW_ENOMEM after a failed allocation */
    int box_cjk;      /* 1: text is set with rw_gp_sanitize_box (0 after init) */
} rw_gp_vars;

void rw_gp_vars_init(rw_gp_vars *vars);
/* Frees the values; `vars` may be NULL. */
void rw_gp_vars_cleanup(rw_gp_vars *vars);

/* A number (finite; NaN and infinities are written as 0 and are a bug). */
void rw_gp_set_num(rw_gp_vars *vars, const char *key, double x);
void rw_gp_set_int(rw_gp_vars *vars, const char *key, int64_t x);
/* Text, sanitised (rw_gp_sanitize, or rw_gp_sanitize_box when
 * vars->box_cjk) and single-quoted: 'text'. */
void rw_gp_set_text(rw_gp_vars *vars, const char *key, const char *text);
/* gnuplot array literals [a,b,...]; an empty list is written [0] or ['']
 * (gnuplot has no empty arrays: templates loop over a separate count). */
void rw_gp_set_nums(rw_gp_vars *vars, const char *key, const double *x, size_t n);
void rw_gp_set_ints(rw_gp_vars *vars, const char *key, const int64_t *x, size_t n);
void rw_gp_set_texts(rw_gp_vars *vars, const char *key, const char *const *text, size_t n);

/* Writes template `name` to `out` with every {{KEY}} replaced by its value.
 * RW_ENOMEM when a setter failed; RW_EINVAL (err names the template line)
 * for an unknown template, placeholder or an unclosed "{{"; RW_EIO when
 * the stream reports an error. */
rw_status rw_gp_fill(FILE *out, const char *name, const rw_gp_vars *vars, rw_error *err);

/* Finds the gnuplot program: `prog` (NULL or "": "gnuplot") containing a
 * '/' is used as is, otherwise it is searched in the absolute directories
 * of PATH. Writes its absolute path to
 * `path` (`size` bytes). RW_ENOTFOUND when it is not an executable file
 * (err says how to install gnuplot). */
rw_status rw_gp_find(const char *prog, char *path, size_t size, rw_error *err);

/* Finds program `prog` (a plain name) in the absolute directories of PATH
 * and writes its path to `path` (`size` bytes). Returns 1 when found. */
int rw_gp_find_tool(const char *prog, char *path, size_t size);

/* Runs `exe` (an absolute path) with `argv` (argv[0] first, NULL-ended):
 * no shell, stdin and stderr /dev/null, in the current directory. Its
 * standard output is read into `out` (`size` >= 1 bytes, NUL-terminated;
 * what does not fit is read and dropped). Waits at most `timeout_s`
 * seconds (then kills it); the child is always reaped. RW_EIO (and out
 * "") when it cannot be started, exits non-zero or times out. */
rw_status rw_gp_capture(const char *exe, char *const argv[], char *out, size_t size, int timeout_s,
                        rw_error *err);

/* Creates a private (0700) scratch folder ".rw-chart-RANDOM" in the folder
 * `dirfd` (`label` names it in messages) with mkdirat, held as an fd in
 * *sc (util/outdir.h). RW_EIO when it cannot. */
rw_status rw_gp_scratch_make(int dirfd, const char *label, rw_outdir_scratch *sc, rw_error *err);

/* Removes the scratch folder *sc and the files in it through its fd, and
 * its name in `dirfd` only while that still is the same folder (a name
 * swapped for a symbolic link or another folder is never followed). Quiet:
 * cleanup cannot fail usefully. */
void rw_gp_scratch_remove(int dirfd, rw_outdir_scratch *sc);

/* Runs `exe` (an absolute path, from rw_gp_find) with the arguments -d
 * (no init files) and `script` (a plain name in the work folder), in the
 * work folder `workfd` (the child fchdir()s to the fd, so the folder's
 * path is never looked up again): no shell, stdin and stdout /dev/null,
 * stderr to gnuplot.log, created in `workfd` (O_EXCL|O_NOFOLLOW). Waits at
 * most `timeout_s` seconds (then kills it). The child is always reaped.
 * RW_EIO when gnuplot cannot be started, fails (err holds its first error
 * line) or times out. */
rw_status rw_gp_run(const char *exe, int workfd, const char *script, int timeout_s, rw_error *err);

#endif
