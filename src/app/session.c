/* session.c: process set-up, sessions, snapshots and messages (app.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "app/app.h"
#include "net/http.h"

rw_status rw_global_init(rw_error *err)
{
    /* GSL's default handler aborts; every GSL status is checked instead. */
    gsl_set_error_handler_off();
    rw_store_process_init();
    if (rw_http_global_init() != RW_OK)
        return rw_error_set(err, RW_ENET, NULL, 0, "cannot initialise libcurl");
    return RW_OK;
}

void rw_global_cleanup(void)
{
    rw_http_global_cleanup();
}

const char *rw_version(void)
{
    return RUNWAY_VERSION;
}

rw_status rw_session_open(const rw_session_opts *o, rw_session **out, rw_error *err)
{
    *out = NULL;
    rw_session *s = calloc(1, sizeof *s);
    const char *db = o && o->db && *o->db ? o->db : "runway.db";
    if (!s || !(s->db = strdup(db))) {
        free(s);
        return rw_app_oom(err);
    }
    if (o) {
        s->message = o->message;
        s->message_ctx = o->message_ctx;
    }
    *out = s;
    return RW_OK;
}

void rw_session_close(rw_session *s)
{
    if (!s) return;
    rw_app_read_end(s);
    rw_store_close(s->store);
    free(s->db);
    free(s);
}

const char *rw_session_db(const rw_session *s)
{
    return s->db;
}

rw_status rw_app_store(rw_session *s, rw_store **out, rw_error *err)
{
    rw_status st = RW_OK;
    if (!s->store) st = rw_store_open(s->db, &s->store, err);
    if (st == RW_OK && s->snapshot) st = rw_store_read_begin(s->store, err);
    *out = s->store;
    return st;
}

rw_status rw_app_read_begin(rw_session *s, rw_error *err)
{
    s->snapshot = 1;
    return s->store ? rw_store_read_begin(s->store, err) : RW_OK;
}

void rw_app_read_end(rw_session *s)
{
    s->snapshot = 0;
    rw_store_read_end(s->store);
}

void rw_app_msg(rw_session *s, rw_message_level level, const char *fmt, ...)
{
    if (!s->message) return;
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    s->message(s->message_ctx, level, text);
}

void rw_app_warn_error(rw_session *s, const rw_error *err)
{
    char text[1024];
    if (!err->text[0] && err->status == RW_OK) return; /* reported already */
    rw_error_format(err, text, sizeof text);
    rw_app_msg(s, RW_MSG_WARNING, "%s", text);
}

rw_status rw_app_oom(rw_error *err)
{
    return rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
}
