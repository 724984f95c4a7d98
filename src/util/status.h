/* status.h: the one status enum of runway, and its messages.
 *
 * Values are never renumbered: they may be stored or compared by scripts.
 * Only the CLI's main() maps a status to a process exit code. */
#ifndef RW_STATUS_H
#define RW_STATUS_H

typedef enum rw_status {
    RW_OK = 0,
    RW_ENOMEM = 1,     /* allocation failed */
    RW_EIO = 2,        /* reading or writing a file failed */
    RW_EDB = 3,        /* the SQLite store reported an error */
    RW_EFORMAT = 4,    /* input could not be read as the expected format */
    RW_EINVAL = 5,     /* bad argument from the caller or the user */
    RW_ENOTFOUND = 6,  /* a named thing (series, account, file) does not exist */
    RW_EDUPLICATE = 7, /* the input was already ingested; nothing was added */
    RW_ENUMERIC = 8,   /* a numerical routine failed (GSL status, no convergence) */
    RW_ENET = 9,       /* network transfer failed */
    RW_EREJECTED = 10, /* strict mode: a bad row stopped the operation */
    RW_ESHORT = 11,    /* not enough data to answer */
} rw_status;

/* Returns a static, human-readable description of `st`. Never NULL. */
const char *rw_strerror(rw_status st);

#endif
