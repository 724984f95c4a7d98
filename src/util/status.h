/* status.h: the one status enum of runway (declared in include/runway.h,
 * the public header) and its messages.
 *
 * Values are never renumbered: they may be stored or compared by scripts.
 * Only the command line's main() maps a status to a process exit code. */
#ifndef RW_STATUS_H
#define RW_STATUS_H

#include "runway.h"

#endif
