/* zone.h: the reporting time zone of a selection: the one it names, else
 * Beijing time for a store of Tencent Cloud charges only, else UTC. */
#ifndef RW_APP_ZONE_H
#define RW_APP_ZONE_H

#include "app/app.h"
#include "util/tz.h"

/* The zone Tencent Cloud's days and months are in (its console and bills
 * print Beijing time, UTC+8 all year since 1991). */
#define RW_TENCENT_TZ "Asia/Shanghai"

/* The zone of `sel` into *out (the caller's, rw_tz_free; NULL means UTC):
 * sel->tz when given (RW_EINVAL, with the name, when it is unknown or
 * unsafe); for series files and their points NULL, since their timestamps
 * are taken as written (a given name is still checked); else
 * RW_TENCENT_TZ when the store's charges are all Tencent Cloud's (a fixed
 * UTC+08:00 when tzdata is missing), else NULL. Reads the store within the
 * caller's snapshot. */
rw_status rw_app_zone(rw_session *s, const rw_selection *sel, rw_tz **out, rw_error *err);

#endif
