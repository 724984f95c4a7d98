/* outdir.h: folders runway writes into (report --out, its charts/, fetch
 * --raw-dir), reached once by path and then only through a directory fd.
 *
 * Invariants: a folder is used only when it is a real directory (not a
 * symbolic link) owned by the effective user and not writable by group or
 * others unless its sticky bit is set; every file in it is created under a
 * fresh random hidden name with O_CREAT|O_EXCL|O_NOFOLLOW (so a planted
 * name or symbolic link is never followed) and renamed into place with
 * renameat in the same folder, which replaces a symbolic link planted at
 * the final name rather than writing through it. Scratch folders are made
 * with mkdirat, opened with O_NOFOLLOW, and removed only through their fd
 * and only while their name still leads to the same inode. */
#ifndef RW_OUTDIR_H
#define RW_OUTDIR_H

#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include "util/error.h"

/* Room for a temporary or scratch name (bytes, with the NUL). */
#define RW_OUTDIR_NAME_MAX 288

/* Whether folder `st` (from fstat) may be written into by the effective
 * user `euid`: NULL when it may; else a reason (a static string) to refuse:
 * not a directory, owned by another user, or writable by group/others
 * without the sticky bit. Root is held to the same rule. */
const char *rw_outdir_refusal(const struct stat *st, unsigned euid);

/* Opens folder `name` relative to `dirfd` (AT_FDCWD: the working directory)
 * as a directory fd (*fd, O_CLOEXEC; the caller closes it), creating it
 * first when `create` and it does not exist (mode 0777 & ~umask). A symbolic
 * link, a non-directory, or a folder rw_outdir_refusal refuses is RW_EINVAL
 * with a message naming `label` (the path shown to the user; NULL: name),
 * saying why and what to do; RW_EIO when it cannot be created or opened.
 * On error *fd is -1. */
rw_status rw_outdir_open(int dirfd, const char *name, const char *label, int create, int *fd,
                         rw_error *err);

/* Creates a new empty file in `dirfd` named ".`base`.RANDOM.tmp" (hidden;
 * written to `tmp`, RW_OUTDIR_NAME_MAX bytes) with O_CREAT|O_EXCL|
 * O_NOFOLLOW|O_CLOEXEC, mode `mode` & ~umask, and returns it as a stream in
 * *f (the caller fcloses it, or passes it to rw_outdir_commit). `label`
 * names the folder in messages. RW_EIO when it cannot. */
rw_status rw_outdir_tmp(int dirfd, const char *label, const char *base, unsigned mode,
                        char tmp[RW_OUTDIR_NAME_MAX], FILE **f, rw_error *err);

/* Closes `f` (from rw_outdir_tmp; NULL allowed) and renames `tmp` to
 * `name` in `dirfd` with renameat, when `ok` and the stream had no error;
 * otherwise (or when closing or renaming fails) unlinks `tmp` and returns
 * RW_EIO (err names label/name), unless `ok` is 0, when the caller's
 * status stands and RW_OK is returned after the cleanup. */
rw_status rw_outdir_commit(int dirfd, const char *label, const char *tmp, const char *name,
                           FILE *f, int ok, rw_error *err);

/* Opens a new file `name` in `dirfd` for writing, refusing an existing
 * name or symbolic link (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600): for files
 * of a private scratch folder. NULL with errno set when it cannot. */
FILE *rw_outdir_create(int dirfd, const char *name);

/* A private scratch folder inside another. */
typedef struct rw_outdir_scratch {
    int fd;                        /* the folder, O_DIRECTORY; -1: none */
    char name[RW_OUTDIR_NAME_MAX]; /* its name in the parent */
    dev_t dev;                     /* its identity, for removal */
    ino_t ino;
} rw_outdir_scratch;

/* Makes "`prefix`RANDOM" (mode 0700) in `dirfd` with mkdirat, opens it
 * with O_DIRECTORY|O_NOFOLLOW and checks it is a directory of ours with
 * mode 0700. `label` names the parent in messages. RW_EIO when it cannot
 * (sc->fd is then -1). */
rw_status rw_outdir_scratch_make(int dirfd, const char *label, const char *prefix,
                                 rw_outdir_scratch *sc, rw_error *err);

/* Removes every entry of the scratch folder through its fd (subfolders one
 * level deep), then its name in `dirfd` if that still is the same inode,
 * and closes the fd. Never follows a path. Quiet; `sc` may hold fd -1. */
void rw_outdir_scratch_remove(int dirfd, rw_outdir_scratch *sc);

#endif
