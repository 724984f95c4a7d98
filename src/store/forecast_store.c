/* forecast_store.c: writing forecasts into the store. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <jansson.h>
#include "store/forecast_store.h"
#include "store/store_internal.h"

rw_status rw_forecast_save(rw_store *s, const rw_saved_forecast *f, int64_t *id, rw_error *err)
{
    sqlite3_stmt *ins = NULL, *pt = NULL;
    rw_status st = rw_store_exec(s, "BEGIN IMMEDIATE", err);
    if (st != RW_OK) return st;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO forecasts(created_at, series, selection, granularity,"
                           " model, horizon, explanation) VALUES(?,?,?,?,?,?,?)",
                           -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "INSERT INTO forecast_points(forecast_id, t, mean, intervals)"
                           " VALUES(?,?,?,?)",
                           -1, &pt, NULL) != SQLITE_OK) {
        st = rw_store_dberr(s, err, "saving a forecast");
        goto out;
    }
    sqlite3_bind_int64(ins, 1, (int64_t)time(NULL));
    sqlite3_bind_text(ins, 2, f->series, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, f->selection, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 4, f->granularity, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 5, f->model, -1, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 6, (int64_t)f->h);
    sqlite3_bind_text(ins, 7, f->explanation, -1, SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE) {
        st = rw_store_dberr(s, err, "saving a forecast");
        goto out;
    }
    *id = sqlite3_last_insert_rowid(s->db);
    for (size_t k = 0; k < f->h; k++) {
        json_t *iv = json_object();
        char key[16];
        for (size_t l = 0; l < f->nlevels; l++) {
            snprintf(key, sizeof key, "%g", f->levels[l]);
            json_object_set_new(iv, key, json_pack("[f, f]", f->lo[l * f->h + k], f->hi[l * f->h + k]));
        }
        char *text = json_dumps(iv, JSON_COMPACT | JSON_REAL_PRECISION(15));
        json_decref(iv);
        if (!text) {
            st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            goto out;
        }
        sqlite3_bind_int64(pt, 1, *id);
        sqlite3_bind_int64(pt, 2, f->t[k]);
        sqlite3_bind_double(pt, 3, f->mean[k]);
        sqlite3_bind_text(pt, 4, text, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(pt);
        sqlite3_reset(pt);
        free(text);
        if (rc != SQLITE_DONE) {
            st = rw_store_dberr(s, err, "saving forecast points");
            goto out;
        }
    }
    st = rw_store_exec(s, "COMMIT", err);
out:
    sqlite3_finalize(ins);
    sqlite3_finalize(pt);
    if (st != RW_OK) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}
