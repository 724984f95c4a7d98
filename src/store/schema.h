/* schema.h: access to the ordered schema migrations (see schema.c). */
#ifndef RW_SCHEMA_H
#define RW_SCHEMA_H

#include <stddef.h>

/* Number of migrations, which is the newest schema version. */
size_t rw_schema_count(void);
/* SQL of migration i (version i -> i+1), NULL past the end. */
const char *rw_schema_migration(size_t i);

#endif
