/* forecast_store.c: writing forecasts into the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "store/forecast_store.h"
#include "store/store_internal.h"

rw_status rw_forecast_save(rw_store *s, const rw_saved_forecast *f, int64_t *id, rw_error *err)
{
    sqlite3_stmt *ins = NULL, *pt = NULL;
    rw_status st = rw_store_write_begin(s, err);
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
    st = rw_store_write_commit(s, err);
out:
    sqlite3_finalize(ins);
    sqlite3_finalize(pt);
    if (st != RW_OK) rw_store_write_rollback(s);
    return st;
}

static char *dup_col(sqlite3_stmt *st, int col)
{
    const char *v = (const char *)sqlite3_column_text(st, col);
    size_t n = v ? strlen(v) : 0;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, v ? v : "", n);
        d[n] = '\0';
    }
    return d;
}

static void loaded_free(rw_loaded_forecast *f)
{
    free(f->series);
    free(f->selection);
    free(f->granularity);
    free(f->model);
    free(f->t);
    free(f->mean);
    for (size_t k = 0; f->intervals && k < f->h; k++) free(f->intervals[k]);
    free(f->intervals);
}

rw_status rw_forecast_each(rw_store *s, const char *series,
                           rw_status (*fn)(void *ctx, const rw_loaded_forecast *f), void *ctx,
                           rw_error *err)
{
    sqlite3_stmt *q = NULL, *pts = NULL;
    rw_status st = RW_OK;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, created_at, series, selection, granularity, model, horizon"
                           " FROM forecasts WHERE ?1 IS NULL OR series = ?1 ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT t, mean, intervals FROM forecast_points WHERE forecast_id = ?"
                           " ORDER BY t",
                           -1, &pts, NULL) != SQLITE_OK) {
        st = rw_store_dberr(s, err, "reading saved forecasts");
        goto out;
    }
    if (series) sqlite3_bind_text(q, 1, series, -1, SQLITE_STATIC);
    int rc;
    while (st == RW_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        rw_loaded_forecast f;
        memset(&f, 0, sizeof f);
        f.id = sqlite3_column_int64(q, 0);
        f.created_at = sqlite3_column_int64(q, 1);
        f.series = dup_col(q, 2);
        f.selection = dup_col(q, 3);
        f.granularity = dup_col(q, 4);
        f.model = dup_col(q, 5);
        size_t h = (size_t)sqlite3_column_int64(q, 6);
        f.t = calloc(h ? h : 1, sizeof *f.t);
        f.mean = calloc(h ? h : 1, sizeof *f.mean);
        f.intervals = calloc(h ? h : 1, sizeof *f.intervals);
        if (!f.series || !f.selection || !f.granularity || !f.model || !f.t || !f.mean ||
            !f.intervals) {
            loaded_free(&f);
            st = rw_error_set(err, RW_ENOMEM, NULL, 0, "out of memory");
            break;
        }
        sqlite3_bind_int64(pts, 1, f.id);
        while (f.h < h && sqlite3_step(pts) == SQLITE_ROW) {
            f.t[f.h] = sqlite3_column_int64(pts, 0);
            f.mean[f.h] = sqlite3_column_double(pts, 1);
            f.intervals[f.h] = dup_col(pts, 2);
            f.h++;
        }
        sqlite3_reset(pts);
        st = fn(ctx, &f);
        loaded_free(&f);
    }
    if (st == RW_OK && rc != SQLITE_DONE) st = rw_store_dberr(s, err, "reading saved forecasts");
out:
    sqlite3_finalize(q);
    sqlite3_finalize(pts);
    return st;
}
