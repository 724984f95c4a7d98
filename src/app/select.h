/* select.h: turning an rw_selection into series: the store query it
 * means, and (select.c) the series themselves, from a series file or the
 * store, each fitted to the buckets its records cover. */
#ifndef RW_APP_SELECT_H
#define RW_APP_SELECT_H

#include "store/series_query.h"

/* The store query of a selection. */
rw_series_query rw_app_query(const rw_selection *s);

#endif
