/* test_outdir.c: output folders (util/outdir.h): the owner and mode rule,
 * refusal of symbolic links, temporary files that never follow a planted
 * name, renameat replacing a planted link, and scratch folders removed
 * only while their name is still theirs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "util/outdir.h"

static int entries(int dirfd)
{
    int fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0), n = 0;
    DIR *d = fdopendir(fd);
    if (d) rewinddir(d); /* the dup shares the offset of dirfd */
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    if (d) closedir(d);
    return n;
}

static void test_refusal(void)
{
    struct stat st;
    memset(&st, 0, sizeof st);
    st.st_mode = S_IFDIR | 0755;
    st.st_uid = 1000;
    CHECK(rw_outdir_refusal(&st, 1000) == NULL);
    CHECK(strstr(rw_outdir_refusal(&st, 0), "another user") != NULL); /* root too */
    CHECK(strstr(rw_outdir_refusal(&st, 1001), "another user") != NULL);
    st.st_mode = S_IFDIR | 0775;
    CHECK(strstr(rw_outdir_refusal(&st, 1000), "sticky bit is not set") != NULL);
    st.st_mode = S_IFDIR | 0757;
    CHECK(rw_outdir_refusal(&st, 1000) != NULL);
    st.st_mode = S_IFDIR | 01777; /* like /tmp, but ours */
    CHECK(rw_outdir_refusal(&st, 1000) == NULL);
    st.st_mode = S_IFREG | 0644;
    CHECK(strstr(rw_outdir_refusal(&st, 1000), "not a folder") != NULL);
}

static void test_open(const char *base)
{
    rw_error err;
    int fd;
    char p[512], q[512];
    /* Created when missing, with 0777 & ~umask. */
    snprintf(p, sizeof p, "%s/new", base);
    rw_error_clear(&err);
    CHECK(rw_outdir_open(AT_FDCWD, p, p, 0, &fd, &err) == RW_EIO && fd == -1);
    rw_error_clear(&err);
    CHECK(rw_outdir_open(AT_FDCWD, p, p, 1, &fd, &err) == RW_OK && fd >= 0);
    close(fd);
    /* Group-writable without the sticky bit: refused, with what to do. */
    CHECK(chmod(p, 0775) == 0);
    rw_error_clear(&err);
    CHECK(rw_outdir_open(AT_FDCWD, p, p, 1, &fd, &err) == RW_EINVAL && fd == -1);
    CHECK(strstr(err.text, "chmod go-w ") != NULL && strstr(err.text, p) != NULL);
    fprintf(stderr, "group-writable: %s\n", err.text);
    /* World-writable and sticky (like /tmp) and ours: accepted. */
    CHECK(chmod(p, 01777) == 0);
    rw_error_clear(&err);
    CHECK(rw_outdir_open(AT_FDCWD, p, p, 0, &fd, &err) == RW_OK);
    close(fd);
    CHECK(chmod(p, 0700) == 0);
    /* A symbolic link to a folder of ours is refused all the same. */
    snprintf(q, sizeof q, "%s/link", base);
    CHECK(symlink("new", q) == 0);
    rw_error_clear(&err);
    CHECK(rw_outdir_open(AT_FDCWD, q, q, 1, &fd, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "symbolic link") != NULL);
    /* A file is not a folder. */
    snprintf(q, sizeof q, "%s/file", base);
    FILE *f = fopen(q, "w");
    CHECK(f && fclose(f) == 0);
    rw_error_clear(&err);
    CHECK(rw_outdir_open(AT_FDCWD, q, q, 1, &fd, &err) == RW_EINVAL);
    /* Another user's folder (only root can make one here). */
    if (geteuid() == 0) {
        snprintf(q, sizeof q, "%s/theirs", base);
        CHECK(mkdir(q, 0755) == 0 && chown(q, 65534, 65534) == 0);
        rw_error_clear(&err);
        CHECK(rw_outdir_open(AT_FDCWD, q, q, 0, &fd, &err) == RW_EINVAL);
        CHECK(strstr(err.text, "another user") != NULL);
        rmdir(q);
    } else {
        fprintf(stderr, "skipped: a folder of another user needs root to make\n");
    }
}

static void test_tmp_commit(const char *base)
{
    rw_error err;
    int dfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    CHECK(dfd >= 0);
    char tmp[RW_OUTDIR_NAME_MAX], tmp2[RW_OUTDIR_NAME_MAX];
    FILE *f, *g;
    /* A victim and a link planted at the final name. */
    FILE *v = fopen("victim.txt", "w");
    CHECK(v && fputs("precious\n", v) >= 0 && fclose(v) == 0);
    char victim[600];
    CHECK(realpath("victim.txt", victim) != NULL);
    CHECK(symlinkat(victim, dfd, "out.json") == 0);
    rw_error_clear(&err);
    CHECK(rw_outdir_tmp(dfd, base, "out.json", 0666, tmp, &f, &err) == RW_OK);
    CHECK(tmp[0] == '.' && strstr(tmp, ".out.json.") == tmp && strstr(tmp, ".tmp") != NULL);
    CHECK(rw_outdir_tmp(dfd, base, "out.json", 0666, tmp2, &g, &err) == RW_OK);
    CHECK(strcmp(tmp, tmp2) != 0); /* fresh names */
    CHECK(rw_outdir_commit(dfd, base, tmp2, "out.json", g, 0, &err) == RW_OK); /* dropped */
    CHECK(faccessat(dfd, tmp2, F_OK, AT_SYMLINK_NOFOLLOW) != 0);
    fputs("{}\n", f);
    CHECK(rw_outdir_commit(dfd, base, tmp, "out.json", f, 1, &err) == RW_OK);
    struct stat st;
    CHECK(fstatat(dfd, "out.json", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
          st.st_uid == geteuid() && st.st_size == 3);
    CHECK(stat("victim.txt", &st) == 0 && st.st_size == 9); /* untouched */
    CHECK(faccessat(dfd, tmp, F_OK, AT_SYMLINK_NOFOLLOW) != 0);
    /* rw_outdir_create refuses an existing name and a link. */
    CHECK(symlinkat(victim, dfd, "data.tsv") == 0);
    errno = 0;
    CHECK(rw_outdir_create(dfd, "data.tsv") == NULL && errno == EEXIST);
    CHECK(rw_outdir_create(dfd, "out.json") == NULL && errno == EEXIST);
    f = rw_outdir_create(dfd, "fresh.tsv");
    CHECK(f != NULL);
    if (f) fclose(f);
    CHECK(fstatat(dfd, "fresh.tsv", &st, 0) == 0 && (st.st_mode & 077) == 0);
    CHECK(stat("victim.txt", &st) == 0 && st.st_size == 9);
    /* A failed rename (the target is a non-empty folder) drops the temporary. */
    CHECK(mkdirat(dfd, "busy", 0700) == 0);
    f = rw_outdir_create(dfd, "busy/x");
    if (f) fclose(f);
    CHECK(rw_outdir_tmp(dfd, base, "busy", 0666, tmp, &f, &err) == RW_OK);
    rw_error_clear(&err);
    CHECK(rw_outdir_commit(dfd, base, tmp, "busy", f, 1, &err) == RW_EIO);
    CHECK(strstr(err.text, "cannot write busy") != NULL);
    CHECK(faccessat(dfd, tmp, F_OK, AT_SYMLINK_NOFOLLOW) != 0);
    unlinkat(dfd, "busy/x", 0);
    unlinkat(dfd, "busy", AT_REMOVEDIR);
    unlinkat(dfd, "data.tsv", 0);
    unlinkat(dfd, "fresh.tsv", 0);
    unlinkat(dfd, "out.json", 0);
    close(dfd);
}

static void test_scratch(const char *base)
{
    rw_error err;
    int dfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int before = entries(dfd);
    rw_outdir_scratch sc;
    rw_error_clear(&err);
    CHECK(rw_outdir_scratch_make(dfd, base, ".rw-test-", &sc, &err) == RW_OK && sc.fd >= 0);
    CHECK(strncmp(sc.name, ".rw-test-", 9) == 0);
    struct stat st;
    CHECK(fstat(sc.fd, &st) == 0 && (st.st_mode & 0777) == 0700);
    FILE *f = rw_outdir_create(sc.fd, "a.tsv");
    CHECK(f && fclose(f) == 0);
    CHECK(mkdirat(sc.fd, "sub", 0700) == 0);
    f = rw_outdir_create(sc.fd, "sub/b");
    CHECK(f && fclose(f) == 0);
    rw_outdir_scratch_remove(dfd, &sc);
    CHECK(sc.fd == -1 && entries(dfd) == before);

    /* Its name swapped for a link to a decoy: the decoy's files survive,
     * the link is left alone, the moved folder is emptied through its fd. */
    CHECK(mkdirat(dfd, "decoy", 0700) == 0 && mkdirat(dfd, "moved-away", 0700) == 0);
    int decoy = openat(dfd, "decoy", O_RDONLY | O_DIRECTORY);
    f = rw_outdir_create(decoy, "precious");
    CHECK(f && fclose(f) == 0);
    CHECK(rw_outdir_scratch_make(dfd, base, ".rw-test-", &sc, &err) == RW_OK);
    f = rw_outdir_create(sc.fd, "chart.gp");
    CHECK(f && fclose(f) == 0);
    char moved[400];
    snprintf(moved, sizeof moved, "moved-away/%s", sc.name);
    CHECK(renameat(dfd, sc.name, dfd, moved) == 0 && symlinkat("decoy", dfd, sc.name) == 0);
    char name[RW_OUTDIR_NAME_MAX];
    memcpy(name, sc.name, sizeof name);
    rw_outdir_scratch_remove(dfd, &sc);
    CHECK(faccessat(decoy, "precious", F_OK, 0) == 0);
    CHECK(fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode));
    int mv = openat(dfd, moved, O_RDONLY | O_DIRECTORY);
    CHECK(mv >= 0 && entries(mv) == 0);
    close(mv);
    /* A name swapped for another real folder is not removed either. */
    CHECK(rw_outdir_scratch_make(dfd, base, ".rw-test-", &sc, &err) == RW_OK);
    char other[400];
    snprintf(other, sizeof other, "moved-away/b%s", sc.name);
    CHECK(renameat(dfd, sc.name, dfd, other) == 0 && mkdirat(dfd, sc.name, 0700) == 0);
    memcpy(name, sc.name, sizeof name);
    rw_outdir_scratch_remove(dfd, &sc);
    CHECK(fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode));
    unlinkat(dfd, name, AT_REMOVEDIR);
    unlinkat(dfd, other, AT_REMOVEDIR);
    unlinkat(dfd, moved, AT_REMOVEDIR);
    unlinkat(dfd, "moved-away", AT_REMOVEDIR);
    snprintf(moved, sizeof moved, "%s", name);
    unlinkat(decoy, "precious", 0);
    close(decoy);
    unlinkat(dfd, "decoy", AT_REMOVEDIR);
    close(dfd);
}

int main(void)
{
    char base[] = "outdir_test.XXXXXX";
    CHECK(mkdtemp(base) != NULL);
    test_refusal();
    test_open(base);
    test_tmp_commit(base);
    test_scratch(base);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s victim.txt", base);
    CHECK(system(cmd) == 0);
    CHECK_DONE();
}
