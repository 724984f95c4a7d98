/* outdir.c: output folders checked once and then used through directory
 * fds; temporary files and scratch folders under fresh random names (see
 * outdir.h for the invariants). The random part only avoids collisions and
 * guessing: safety comes from O_EXCL|O_NOFOLLOW and the fd-relative calls. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "util/outdir.h"

#define OUTDIR_TRIES 64 /* fresh names tried before giving up */

const char *rw_outdir_refusal(const struct stat *st, unsigned euid)
{
    if (!S_ISDIR(st->st_mode)) return "it is not a folder";
    if ((unsigned)st->st_uid != euid)
        return "it belongs to another user (runway writes only into folders of the user it runs "
               "as, root included): choose a folder of your own";
    if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(st->st_mode & S_ISVTX))
        return "other users can write to it (group or others have write permission and the "
               "sticky bit is not set)";
    return NULL;
}

rw_status rw_outdir_open(int dirfd, const char *name, const char *label, int create, int *fd,
                         rw_error *err)
{
    struct stat st;
    *fd = -1;
    if (!label) label = name;
    if (create && mkdirat(dirfd, name, 0777) != 0 && errno != EEXIST)
        return rw_error_set(err, RW_EIO, label, 0, "cannot create: %s", strerror(errno));
    int d = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (d < 0) {
        int e = errno;
        if (e == ELOOP || (e == ENOTDIR && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                           S_ISLNK(st.st_mode)))
            return rw_error_set(err, RW_EINVAL, label, 0,
                                "refusing to write into a symbolic link: give the folder it "
                                "points to, or choose a folder of your own");
        if (e == ENOTDIR)
            return rw_error_set(err, RW_EINVAL, label, 0, "refusing to write here: it is not a "
                                                          "folder");
        return rw_error_set(err, RW_EIO, label, 0, "cannot open: %s", strerror(e));
    }
    if (fstat(d, &st) != 0) {
        int e = errno;
        close(d);
        return rw_error_set(err, RW_EIO, label, 0, "cannot open: %s", strerror(e));
    }
    const char *why = rw_outdir_refusal(&st, (unsigned)geteuid());
    if (why) {
        int writable = (unsigned)st.st_uid == (unsigned)geteuid();
        close(d);
        return rw_error_set(err, RW_EINVAL, label, 0,
                            "refusing to write into this folder: %s%s%.200s%s", why,
                            writable ? ": run `chmod go-w " : "", writable ? label : "",
                            writable ? "`, or choose a folder of your own" : "");
    }
    *fd = d;
    return RW_OK;
}

/* `n` random letters and digits into `out` (n + 1 bytes): /dev/urandom,
 * else the clock, the pid and a counter mixed (names need only differ). */
static void random_word(char *out, size_t n, unsigned *counter)
{
    static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char raw[32];
    size_t got = 0;
    if (n > sizeof raw) n = sizeof raw;
    int u = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (u >= 0) {
        ssize_t r = read(u, raw, n);
        got = r > 0 ? (size_t)r : 0;
        close(u);
    }
    if (got < n) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        uint64_t x = (uint64_t)t.tv_nsec ^ ((uint64_t)t.tv_sec << 20) ^
                     ((uint64_t)getpid() << 40) ^ ((uint64_t)++*counter * 0x9E3779B97F4A7C15u) ^
                     (uint64_t)(uintptr_t)out;
        for (size_t i = 0; i < n; i++) {
            x ^= x >> 33;
            x *= 0xFF51AFD7ED558CCDu;
            x ^= x >> 29;
            raw[i] = (unsigned char)x;
        }
    }
    for (size_t i = 0; i < n; i++)
        out[i] = set[raw[i] % (sizeof set - 1)];
    out[n] = '\0';
}

rw_status rw_outdir_tmp(int dirfd, const char *label, const char *base, unsigned mode,
                        char tmp[RW_OUTDIR_NAME_MAX], FILE **f, rw_error *err)
{
    unsigned counter = 0;
    int e = EEXIST;
    *f = NULL;
    tmp[0] = '\0';
    for (int i = 0; i < OUTDIR_TRIES && e == EEXIST; i++) {
        char word[13];
        random_word(word, 12, &counter);
        int k = snprintf(tmp, RW_OUTDIR_NAME_MAX, ".%s.%s.tmp", base, word);
        if (k < 0 || k >= RW_OUTDIR_NAME_MAX)
            return rw_error_set(err, RW_EINVAL, label, 0, "file name too long: %.100s", base);
        int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        (mode_t)mode);
        if (fd >= 0) {
            *f = fdopen(fd, "w");
            if (*f) return RW_OK;
            e = errno;
            close(fd);
            unlinkat(dirfd, tmp, 0);
            break;
        }
        e = errno;
    }
    return rw_error_set(err, RW_EIO, label, 0, "cannot create a temporary file for %s: %s", base,
                        strerror(e));
}

rw_status rw_outdir_commit(int dirfd, const char *label, const char *tmp, const char *name,
                           FILE *f, int ok, rw_error *err)
{
    int e = 0;
    if (f) {
        if (ferror(f)) {
            e = errno ? errno : EIO;
            ok = ok ? -1 : 0;
        }
        if (fclose(f) != 0 && ok > 0) {
            e = errno;
            ok = -1;
        }
    }
    if (ok > 0 && renameat(dirfd, tmp, dirfd, name) == 0) return RW_OK;
    if (ok > 0) e = errno;
    unlinkat(dirfd, tmp, 0);
    if (ok == 0) return RW_OK;
    return rw_error_set(err, RW_EIO, label, 0, "cannot write %s: %s", name, strerror(e));
}

FILE *rw_outdir_create(int dirfd, const char *name)
{
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

rw_status rw_outdir_scratch_make(int dirfd, const char *label, const char *prefix,
                                 rw_outdir_scratch *sc, rw_error *err)
{
    unsigned counter = 0;
    int e = EEXIST;
    struct stat st;
    sc->fd = -1;
    sc->name[0] = '\0';
    for (int i = 0; i < OUTDIR_TRIES && e == EEXIST; i++) {
        char word[13];
        random_word(word, 12, &counter);
        int k = snprintf(sc->name, sizeof sc->name, "%s%s", prefix, word);
        if (k < 0 || (size_t)k >= sizeof sc->name) break;
        e = mkdirat(dirfd, sc->name, 0700) == 0 ? 0 : errno;
    }
    if (e != 0) {
        sc->name[0] = '\0';
        return rw_error_set(err, RW_EIO, label, 0, "cannot create a scratch folder: %s",
                            strerror(e));
    }
    sc->fd = openat(dirfd, sc->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sc->fd < 0 || fstat(sc->fd, &st) != 0 || !S_ISDIR(st.st_mode) ||
        (unsigned)st.st_uid != (unsigned)geteuid() || (st.st_mode & 077) != 0) {
        e = errno;
        if (sc->fd >= 0) close(sc->fd);
        sc->fd = -1;
        /* Not ours (swapped already): its name is left alone. */
        sc->name[0] = '\0';
        return rw_error_set(err, RW_EIO, label, 0,
                            "the scratch folder changed under us or cannot be opened%s%s",
                            e ? ": " : "", e ? strerror(e) : "");
    }
    sc->dev = st.st_dev;
    sc->ino = st.st_ino;
    return RW_OK;
}

void rw_outdir_scratch_remove(int dirfd, rw_outdir_scratch *sc)
{
    if (!sc || sc->fd < 0) return;
    int dup_fd = fcntl(sc->fd, F_DUPFD_CLOEXEC, 0);
    DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
    if (d) {
        rewinddir(d); /* a dup shares its offset with sc->fd */
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            if (unlinkat(sc->fd, e->d_name, 0) == 0 || (errno != EISDIR && errno != EPERM))
                continue;
            /* One level of subfolders (gnuplot makes none; kept for safety). */
            int sub = openat(sc->fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            int sub2 = sub >= 0 ? fcntl(sub, F_DUPFD_CLOEXEC, 0) : -1;
            DIR *sd = sub2 >= 0 ? fdopendir(sub2) : NULL;
            if (!sd && sub2 >= 0) close(sub2);
            if (sd) rewinddir(sd);
            struct dirent *se;
            while (sd && (se = readdir(sd)) != NULL)
                if (strcmp(se->d_name, ".") && strcmp(se->d_name, "..")) unlinkat(sub, se->d_name, 0);
            if (sd) closedir(sd);
            if (sub >= 0) close(sub);
            unlinkat(sc->fd, e->d_name, AT_REMOVEDIR);
        }
        closedir(d);
    } else if (dup_fd >= 0) {
        close(dup_fd);
    }
    struct stat st;
    if (sc->name[0] && fstatat(dirfd, sc->name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISDIR(st.st_mode) && st.st_dev == sc->dev && st.st_ino == sc->ino)
        unlinkat(dirfd, sc->name, AT_REMOVEDIR);
    close(sc->fd);
    sc->fd = -1;
    sc->name[0] = '\0';
}
