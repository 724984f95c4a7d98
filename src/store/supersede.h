/* supersede.h: bills fetched from an API by period. A period is fetched
 * whole each time (a month's bill grows until it is settled), so the newest
 * fetch of a period replaces the ones before it instead of adding to them:
 * the fetched source carries a key (e.g. "tencent:100012345678:2024-09"),
 * and the sources that carried the same key before are removed with all
 * their records, in the caller's transaction. */
#ifndef RW_SUPERSEDE_H
#define RW_SUPERSEDE_H

#include <stddef.h>
#include <stdint.h>
#include "store/ingest_report.h"
#include "store/store.h"

/* Marks the source whose content hash is sha256 with fetch `key` and
 * removes every other source with that key, with their charges, usage,
 * points, balances and rejects. *removed counts the sources removed. Run it
 * inside a transaction together with the ingest of the new source. */
rw_status rw_store_supersede(rw_store *s, const char *key, const char *sha256, long *removed,
                             rw_error *err);

/* ---- Exports superseded by billing period -------------------------------
 *
 * Bill exports are rewritten whole for a period (AWS Data Exports, Azure
 * exports and the Tencent console rewrite the current month's file every
 * day), so a newer export of a provider, billing account and billing period
 * replaces the older one instead of adding to it. Which one is newer is read
 * from the data, not from the order of ingest: per period, an export whose
 * charges span [first, last] covers one whose span lies inside it, and
 * the covering one wins (the newer one on equal spans) -- but only when it
 * also holds every resource the other charged (sub-account, service,
 * region, resource id): a later export of the same scope keeps every
 * resource charged earlier in the period, while exports split by account,
 * product, project or resource group (the same days, other resources) are
 * parts of the bill, not versions of it. Exports that overlap without one
 * covering the other (day-by-day downloads, parts) are both kept; an
 * overlap is reported. */

/* What one source holds for one provider, billing account and period. */
typedef struct rw_store_period {
    char *provider, *billing_account; /* owned by the list's owner */
    int64_t period;                   /* billing period start (UTC) */
    int64_t first, last;              /* earliest and latest charge start */
    long charges;
} rw_store_period;

/* Records the `n` periods of the new source `id` (whose charges have ids in
 * [min_id, max_id]) and supersedes by them, as described above: earlier
 * sources' charges of a covered period are deleted (their period rows stay,
 * marked superseded_by = id) or, when an earlier export covers the new one,
 * the new source's charges of that period are. Counts and events go to
 * rep. In the caller's write transaction, after the source's charges are
 * stored. */
rw_status rw_store_supersede_periods(rw_store *s, int64_t id, const rw_store_period *p, size_t n,
                                     int64_t min_id, int64_t max_id, rw_ingest_report *rep,
                                     rw_error *err);

/* *id: the largest charge id stored (0 when none): the charges of a source
 * ingested next get larger ones. */
rw_status rw_store_charge_id_max(rw_store *s, int64_t *id, rw_error *err);

#endif
