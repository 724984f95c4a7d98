/* app.h: what the use cases of the app layer share: the session (one
 * store connection opened on first use, where messages go) and the one
 * read snapshot each public call works on.
 *
 * The app layer implements include/runway.h. It is the only layer that
 * talks to every other one: it reads from the store, runs the planning and
 * forecasting code, and hands results to the writers of src/export. It
 * never prints: messages go to the session's callback, results to the
 * caller. */
#ifndef RW_APP_H
#define RW_APP_H

#include <stdarg.h>
#include "store/store.h"
#include "util/error.h"

struct rw_session {
    char *db;                  /* owned: the store's path */
    rw_store *store;           /* opened on first use, NULL before */
    rw_message_fn message;     /* NULL: messages dropped */
    void *message_ctx;
    int snapshot;              /* the call reads one snapshot: started when the store
                                * is first used, so a call that reads only a series
                                * file never opens (or creates) the store */
};

/* The session's store, opened (and migrated) on first use. */
rw_status rw_app_store(rw_session *s, rw_store **out, rw_error *err);

/* Asks for the call's read snapshot: everything read from the store until
 * rw_app_read_end sees it as it was at the first read, whatever other
 * processes commit meanwhile. The store is not opened for it: the
 * snapshot starts when the call first uses the store. */
rw_status rw_app_read_begin(rw_session *s, rw_error *err);
/* Ends the snapshot; a no-op when none is open. */
void rw_app_read_end(rw_session *s);

/* Sends one message (formatted, one line) to the session's callback. */
void rw_app_msg(rw_session *s, rw_message_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A formatted error as a warning message ("FILE:LINE: text"). */
void rw_app_warn_error(rw_session *s, const rw_error *err);

/* RW_ENOMEM with "out of memory" in err. */
rw_status rw_app_oom(rw_error *err);

#endif
