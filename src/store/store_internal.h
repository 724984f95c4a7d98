/* store_internal.h: the store's private state, shared by its modules. */
#ifndef RW_STORE_INTERNAL_H
#define RW_STORE_INTERNAL_H

#include <sqlite3.h>

struct rw_store {
    sqlite3 *db;    /* owned connection */
    char path[512]; /* file name, for messages */
    int depth;      /* write transactions open: 1 a transaction, more savepoints */
    int reading;    /* a read snapshot is open */
};

#endif
