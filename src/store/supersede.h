/* supersede.h: bills fetched from an API by period. A period is fetched
 * whole each time (a month's bill grows until it is settled), so the newest
 * fetch of a period replaces the ones before it instead of adding to them:
 * the fetched source carries a key (e.g. "tencent:100012345678:2024-09"),
 * and the sources that carried the same key before are removed with all
 * their records, in the caller's transaction. */
#ifndef RW_SUPERSEDE_H
#define RW_SUPERSEDE_H

#include "store/store.h"

/* Marks the source whose content hash is sha256 with fetch `key` and
 * removes every other source with that key, with their charges, usage,
 * points, balances and rejects. *removed counts the sources removed. Run it
 * inside a transaction together with the ingest of the new source. */
rw_status rw_store_supersede(rw_store *s, const char *key, const char *sha256, long *removed,
                             rw_error *err);

#endif
