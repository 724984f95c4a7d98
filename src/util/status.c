/* status.c: messages for rw_status values. */
#include "util/status.h"

const char *rw_strerror(rw_status st)
{
    switch (st) {
    case RW_OK: return "success";
    case RW_ENOMEM: return "out of memory";
    case RW_EIO: return "input/output error";
    case RW_EDB: return "database error";
    case RW_EFORMAT: return "input is not in the expected format";
    case RW_EINVAL: return "invalid argument";
    case RW_ENOTFOUND: return "not found";
    case RW_EDUPLICATE: return "already ingested";
    case RW_ENUMERIC: return "numerical failure";
    case RW_ENET: return "network error";
    case RW_EREJECTED: return "input row rejected";
    case RW_ESHORT: return "not enough data";
    case RW_EPARTIAL: return "some items failed";
    case RW_EBUSY: return "busy: another process holds the lock";
    case RW_EDISCREPANCY: return "discrepancies: figures that must agree do not";
    }
    return "unknown status";
}
