/* logtok.c: in-place tokenizer for space-separated access-log lines.
 *
 * Invariant: unquoting only ever shrinks a token (the write position stays
 * behind the read position), so every token fits where its text was and the
 * NUL after it never overwrites unread input. */
#include <stdlib.h>
#include <string.h>
#include "ingest/logtok.h"
#include "util/num.h"

/* Ends a quoted token starting at `p` (on its opening quote): unquotes it in
 * place and returns the position after the closing quote, or NULL when the
 * quote is never closed. */
static char *end_quoted(char *p)
{
    char *w = p, *r = p + 1;
    for (;;) {
        if (*r == '\0') return NULL;
        if (*r == '\\' && (r[1] == '"' || r[1] == '\\')) {
            *w++ = r[1];
            r += 2;
            continue;
        }
        if (*r == '"' && (r[1] == ' ' || r[1] == '\0')) break;
        *w++ = *r++;
    }
    *w = '\0';
    return r + 1;
}

/* Position after the ']' closing the bracketed token at `p`, or NULL. */
static char *end_bracketed(char *p)
{
    for (char *r = p + 1; (r = strchr(r, ']')) != NULL; r++)
        if (r[1] == ' ' || r[1] == '\0') return r + 1;
    return NULL;
}

rw_status rw_logtok_split(char *line, char **tok, size_t *ntok, size_t max, unsigned flags,
                          const char **why)
{
    size_t n = 0;
    char *p = line;
    *why = NULL;
    while (*p != '\0' && n < max) {
        char *next;
        tok[n] = p;
        if (*p == '"') {
            next = end_quoted(p);
            if (!next) {
                *ntok = n;
                *why = "a quoted field is never closed";
                return RW_EFORMAT;
            }
        } else if ((flags & RW_LOGTOK_BRACKETS) && *p == '[') {
            next = end_bracketed(p);
            if (!next) {
                *ntok = n;
                *why = "a [bracketed] field is never closed";
                return RW_EFORMAT;
            }
        } else {
            next = p;
            while (*next != '\0' && *next != ' ') next++;
        }
        n++;
        if (*next == '\0') break;
        /* *next is the separating space. A space at the very end still
         * separates: it is followed by an empty token. */
        *next = '\0';
        p = next + 1;
        if (*p == '\0' && n < max) tok[n++] = p;
    }
    *ntok = n;
    return RW_OK;
}

int rw_logtok_empty(const char *tok)
{
    return tok[0] == '\0' || (tok[0] == '-' && tok[1] == '\0');
}

rw_status rw_logtok_int64(const char *tok, int64_t min, int64_t max, int64_t *out)
{
    if (rw_logtok_empty(tok)) {
        *out = 0;
        return RW_OK;
    }
    return rw_parse_int64(tok, min, max, out);
}

rw_status rw_logbuf_set(rw_logbuf *b, const char *line, size_t len)
{
    if (len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < len + 1) cap *= 2;
        char *t = realloc(b->text, cap);
        if (!t) return RW_ENOMEM;
        b->text = t;
        b->cap = cap;
    }
    memcpy(b->text, line, len);
    b->text[len] = '\0';
    return RW_OK;
}

void rw_logbuf_cleanup(rw_logbuf *b)
{
    free(b->text);
    b->text = NULL;
    b->cap = 0;
}

/* A log line read by log_next. */
typedef struct rw_logline {
    char *text;  /* the line in the input buffer (intact, for rejects) */
    size_t len;  /* its length */
    long lineno; /* its 1-based line number */
} rw_logline;

/* Reads the next data line of a log: blank lines, and with skip_comments
 * lines starting with '#', are skipped and not counted. The line is counted
 * with sink->row and copied into `b` for splitting. ln->text is NULL at the
 * end of input. */
static rw_status log_next(rw_input *in, rw_sink *sink, int skip_comments, rw_logbuf *b,
                          rw_logline *ln, rw_error *err)
{
    for (;;) {
        rw_status st = rw_input_line(in, &ln->text, &ln->len, &ln->lineno, err);
        if (st != RW_OK || !ln->text) return st;
        const char *s = ln->text;
        while (*s == ' ' || *s == '\t') s++;
        if (*s == '\0' || (skip_comments && *s == '#')) continue;
        sink->row(sink->ctx);
        if (rw_logbuf_set(b, ln->text, ln->len) != RW_OK)
            return rw_error_set(err, RW_ENOMEM, in->name, ln->lineno, "out of memory");
        return RW_OK;
    }
}

rw_status rw_log_parse(rw_input *in, rw_sink *sink, int skip_comments, unsigned flags, size_t max,
                       rw_log_convert_fn convert, const void *ctx, rw_error *err)
{
    rw_logbuf buf = {NULL, 0};
    char **tok = malloc(max * sizeof *tok);
    char why[160];
    rw_status st = tok ? RW_OK : rw_error_set(err, RW_ENOMEM, in->name, 0, "out of memory");
    while (st == RW_OK) {
        rw_logline ln;
        size_t n;
        if ((st = log_next(in, sink, skip_comments, &buf, &ln, err)) != RW_OK || !ln.text) break;
        const char *reason;
        rw_usage u;
        if (rw_logtok_split(buf.text, tok, &n, max, flags, &reason) == RW_OK)
            reason = convert(ctx, tok, n, &u, why, sizeof why);
        st = reason ? sink->reject(sink->ctx, ln.lineno, reason, ln.text, ln.len)
                    : sink->usage(sink->ctx, ln.lineno, &u);
    }
    free(tok);
    rw_logbuf_cleanup(&buf);
    return st;
}
