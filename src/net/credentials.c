/* credentials.c: secrets from the environment or the private credentials
 * file: Tencent Cloud API keys (rw_tc_creds_load, rw_tc_creds_load_profile,
 * rw_tc_creds_wipe in tencent.h) and the webhook URLs of named profiles
 * (rw_cred_profile_webhook in credentials.h). This is the one reader of
 * that file.
 *
 * Order for the default keys: TENCENTCLOUD_SECRET_ID +
 * TENCENTCLOUD_SECRET_KEY (+ optional TENCENTCLOUD_SESSION_TOKEN) when both
 * are set and non-empty; else the file's top level, {"secret_id": ...,
 * "secret_key": ..., "token": ...}. Named profiles are only in the file:
 * {"profiles": {"NAME": {"secret_id": ..., "secret_key": ..., "token": ...,
 * "webhook": "https://..."}}}; an organisation's members each have one.
 *
 * Invariants:
 * - The file is opened once and its permissions are checked on that open
 *   descriptor (fstat), so the file judged is the file read. It is refused
 *   when it is not a regular file or when group or others may read or
 *   write it.
 * - No error text ever quotes a secret or the file's content (not even
 *   jansson's parse message, which quotes the text near the error): only
 *   names, lengths, line and column.
 * - Every copy of the file's text made here is wiped before it is freed,
 *   and so are jansson's copies of the three values; *out is wiped on
 *   every failure. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include "net/credentials.h"
#include "net/tencent.h"

#define RW_TC_ENV_ID "TENCENTCLOUD_SECRET_ID"
#define RW_TC_ENV_KEY "TENCENTCLOUD_SECRET_KEY"
#define RW_TC_ENV_TOKEN "TENCENTCLOUD_SESSION_TOKEN"
#define RW_TC_CREDS_MAX_FILE (64u << 10) /* a credentials file is small */

void rw_tc_creds_wipe(rw_tc_creds *c)
{
    if (c) OPENSSL_cleanse(c, sizeof *c);
}

/* 1 when s can go into an HTTP header and the Credential= field: printable
 * ASCII without blanks (a token may not hold control characters either). */
static int secret_chars_ok(const char *s, int allow_separators)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= ' ' || *p >= 0x7f) return 0;
        if (!allow_separators && (*p == ',' || *p == '/' || *p == ';')) return 0;
    }
    return 1;
}

/* Copies one secret into dst (size bytes), checking length and characters.
 * `what` names it in errors (a variable or field name, never the value). */
static rw_status put_secret(char *dst, size_t size, const char *value, const char *what,
                            const char *file, int allow_separators, rw_error *err)
{
    size_t n = strlen(value);
    if (n >= size)
        return rw_error_set(err, RW_EINVAL, file, 0, "%s is %zu bytes long (at most %zu)", what, n,
                            size - 1);
    if (!secret_chars_ok(value, allow_separators))
        return rw_error_set(err, RW_EINVAL, file, 0,
                            "%s has blanks, control or non-ASCII characters%s", what,
                            allow_separators ? "" : ", ',' ';' or '/'");
    memcpy(dst, value, n + 1);
    return RW_OK;
}

static rw_status from_env(rw_tc_creds *out, int *found, rw_error *err)
{
    const char *id = getenv(RW_TC_ENV_ID), *key = getenv(RW_TC_ENV_KEY);
    const char *token = getenv(RW_TC_ENV_TOKEN);
    int has_id = id && *id, has_key = key && *key;
    rw_status st;

    *found = 0;
    if (!has_id && !has_key) return RW_OK;
    if (!has_id || !has_key)
        return rw_error_set(err, RW_EINVAL, NULL, 0, "%s is set but %s is not: set both",
                            has_id ? RW_TC_ENV_ID : RW_TC_ENV_KEY,
                            has_id ? RW_TC_ENV_KEY : RW_TC_ENV_ID);
    st = put_secret(out->secret_id, sizeof out->secret_id, id, RW_TC_ENV_ID, NULL, 0, err);
    if (st == RW_OK)
        st = put_secret(out->secret_key, sizeof out->secret_key, key, RW_TC_ENV_KEY, NULL, 1, err);
    if (st == RW_OK && token && *token)
        st = put_secret(out->token, sizeof out->token, token, RW_TC_ENV_TOKEN, NULL, 1, err);
    if (st == RW_OK) *found = 1;
    return st;
}

/* A string member of a credentials object, or NULL when absent; RW_EINVAL
 * when present but not a string. `where` names the object in errors. */
static rw_status member(json_t *obj, const char *name, const char *path, const char *where,
                        const char **out, rw_error *err)
{
    json_t *v = json_object_get(obj, name);
    *out = NULL;
    if (!v || json_is_null(v)) return RW_OK;
    if (!json_is_string(v))
        return rw_error_set(err, RW_EINVAL, path, 0, "%s\"%s\" is not a JSON string", where, name);
    *out = json_string_value(v);
    return RW_OK;
}

/* Overwrites the text of every string in the tree in jansson's memory
 * before it is freed: profiles hold secrets at any depth. */
static void wipe_tree(json_t *v)
{
    const char *k;
    json_t *c;
    size_t i;
    if (json_is_string(v)) OPENSSL_cleanse((char *)json_string_value(v), json_string_length(v));
    else if (json_is_object(v)) json_object_foreach (v, k, c) wipe_tree(c);
    else if (json_is_array(v)) json_array_foreach (v, i, c) wipe_tree(c);
}

static void drop_tree(json_t *root)
{
    wipe_tree(root);
    json_decref(root);
}

/* Reads the private JSON object at path into *root (the caller wipes it
 * with drop_tree); *root stays NULL, with RW_OK, when there is no file. */
static rw_status load_file(const char *path, json_t **root, rw_error *err)
{
    rw_status st = RW_OK;
    int fd = -1;
    char *buf = NULL;
    size_t len = 0;
    struct stat sb;

    *root = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT) return RW_OK; /* not there: the caller says where to put them */
        return rw_error_set(err, RW_EIO, path, 0, "cannot open: %s", strerror(errno));
    }
    if (fstat(fd, &sb) != 0) {
        st = rw_error_set(err, RW_EIO, path, 0, "cannot stat: %s", strerror(errno));
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        st = rw_error_set(err, RW_EINVAL, path, 0, "not a regular file");
        goto out;
    }
    if (sb.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)) {
        st = rw_error_set(err, RW_EINVAL, path, 0,
                          "refused: group or others may read or write it (mode %04o); "
                          "run chmod 600 on it",
                          (unsigned)(sb.st_mode & 07777));
        goto out;
    }
    buf = malloc(RW_TC_CREDS_MAX_FILE + 1);
    if (!buf) {
        st = rw_error_set(err, RW_ENOMEM, path, 0, "out of memory");
        goto out;
    }
    for (;;) {
        ssize_t n = read(fd, buf + len, RW_TC_CREDS_MAX_FILE + 1 - len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            st = rw_error_set(err, RW_EIO, path, 0, "cannot read: %s", strerror(errno));
            goto out;
        }
        if (n == 0) break;
        len += (size_t)n;
        if (len > RW_TC_CREDS_MAX_FILE) {
            st = rw_error_set(err, RW_EINVAL, path, 0,
                              "larger than %u bytes: not a credentials file", RW_TC_CREDS_MAX_FILE);
            goto out;
        }
    }
    json_error_t jerr;
    *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!*root) {
        /* jerr.text quotes the text near the error: never shown. */
        st = rw_error_set(err, RW_EFORMAT, path, jerr.line > 0 ? jerr.line : 0,
                          "not valid JSON (column %d)", jerr.column);
        goto out;
    }
    if (!json_is_object(*root)) {
        drop_tree(*root);
        *root = NULL;
        st = rw_error_set(err, RW_EFORMAT, path, 0,
                          "not a JSON object {\"secret_id\": ..., \"secret_key\": ...}");
    }
out:
    if (buf) {
        OPENSSL_cleanse(buf, RW_TC_CREDS_MAX_FILE + 1);
        free(buf);
    }
    if (fd >= 0) close(fd);
    return st;
}

/* The keys of `obj` (the file's top level, or a profile named in `where`). */
static rw_status creds_from(json_t *obj, const char *path, const char *where, rw_tc_creds *out,
                            rw_error *err)
{
    const char *id = NULL, *key = NULL, *token = NULL;
    rw_status st;
    if ((st = member(obj, "secret_id", path, where, &id, err)) != RW_OK ||
        (st = member(obj, "secret_key", path, where, &key, err)) != RW_OK ||
        (st = member(obj, "token", path, where, &token, err)) != RW_OK)
        return st;
    if (!id || !*id || !key || !*key)
        return rw_error_set(err, RW_EINVAL, path, 0, "%s\"%s\" is missing or empty", where,
                            !id || !*id ? "secret_id" : "secret_key");
    st = put_secret(out->secret_id, sizeof out->secret_id, id, "secret_id", path, 0, err);
    if (st == RW_OK)
        st = put_secret(out->secret_key, sizeof out->secret_key, key, "secret_key", path, 1, err);
    if (st == RW_OK && token && *token)
        st = put_secret(out->token, sizeof out->token, token, "token", path, 1, err);
    return st;
}

/* The profile `name` of the file's "profiles" object; `where` gets the
 * phrase errors name it by. RW_ENOTFOUND when there is no such profile. */
static rw_status profile_of(json_t *root, const char *path, const char *name, json_t **out,
                            char *where, size_t size, rw_error *err)
{
    json_t *all = json_object_get(root, "profiles");
    *out = NULL;
    if (!rw_cred_profile_name_ok(name))
        return rw_error_set(err, RW_EINVAL, NULL, 0,
                            "a profile name is 1 to 128 letters, digits, '_', '.' or '-'");
    snprintf(where, size, "profile \"%s\": ", name);
    if (all && !json_is_object(all))
        return rw_error_set(err, RW_EFORMAT, path, 0,
                            "\"profiles\" is not a JSON object of named profiles");
    *out = all ? json_object_get(all, name) : NULL;
    if (!*out)
        return rw_error_set(err, RW_ENOTFOUND, path, 0, "no profile \"%s\" in \"profiles\"", name);
    if (!json_is_object(*out))
        return rw_error_set(err, RW_EFORMAT, path, 0, "%snot a JSON object", where);
    return RW_OK;
}

int rw_cred_profile_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n < 1 || n > RW_CRED_PROFILE_MAX) return 0;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' && *p != '-') return 0;
    return 1;
}

rw_status rw_tc_creds_load_profile(const char *path, const char *profile, rw_tc_creds *out,
                                   rw_error *err)
{
    json_t *root = NULL, *obj;
    char where[RW_CRED_PROFILE_MAX + 16];
    memset(out, 0, sizeof *out);
    rw_status st = load_file(path, &root, err);
    if (st == RW_OK && !root)
        st = rw_error_set(err, RW_ENOTFOUND, path, 0,
                          "no credentials file: profile \"%s\" is looked up there",
                          rw_cred_profile_name_ok(profile) ? profile : "?");
    if (st == RW_OK) st = profile_of(root, path, profile, &obj, where, sizeof where, err);
    if (st == RW_OK) st = creds_from(obj, path, where, out, err);
    if (root) drop_tree(root);
    if (st != RW_OK) rw_tc_creds_wipe(out);
    return st;
}

int rw_cred_default_path(char *buf, size_t size)
{
    const char *home = getenv("HOME");
    int n = home ? snprintf(buf, size, "%s/.config/runway/tencent.json", home) : -1;
    if (n >= 0 && (size_t)n < size) return 1;
    if (size) buf[0] = '\0';
    return 0;
}

rw_status rw_cred_profile_webhook(const char *path, const char *profile, char *url, size_t size,
                                  rw_error *err)
{
    json_t *root = NULL, *obj;
    char where[RW_CRED_PROFILE_MAX + 16];
    const char *v = NULL;
    if (size) url[0] = '\0';
    rw_status st = path ? load_file(path, &root, err)
                        : rw_error_set(err, RW_EINVAL, NULL, 0,
                                       "a profile: route needs the credentials file (--config)");
    if (st == RW_OK && !root)
        st = rw_error_set(err, RW_ENOTFOUND, path, 0, "no credentials file to look profile \"%s\""
                          " up in", rw_cred_profile_name_ok(profile) ? profile : "?");
    if (st == RW_OK) st = profile_of(root, path, profile, &obj, where, sizeof where, err);
    if (st == RW_OK) st = member(obj, "webhook", path, where, &v, err);
    if (st == RW_OK && (!v || !*v))
        st = rw_error_set(err, RW_ENOTFOUND, path, 0, "%sno \"webhook\" URL", where);
    if (st == RW_OK && strlen(v) >= size)
        st = rw_error_set(err, RW_EINVAL, path, 0, "%sthe webhook URL is longer than %zu bytes",
                          where, size - 1);
    if (st == RW_OK) memcpy(url, v, strlen(v) + 1);
    if (root) drop_tree(root);
    return st;
}

static rw_status from_file(const char *path, rw_tc_creds *out, int *found, rw_error *err)
{
    json_t *root = NULL;
    rw_status st = load_file(path, &root, err);
    *found = 0;
    if (st != RW_OK || !root) return st;
    st = creds_from(root, path, "", out, err);
    if (st == RW_OK) *found = 1;
    drop_tree(root);
    return st;
}

rw_status rw_tc_creds_load(const char *path, rw_tc_creds *out, rw_error *err)
{
    rw_status st;
    int found = 0;

    memset(out, 0, sizeof *out);
    st = from_env(out, &found, err);
    if (st == RW_OK && !found && path) st = from_file(path, out, &found, err);
    if (st == RW_OK && !found) {
        if (path)
            st = rw_error_set(err, RW_ENOTFOUND, NULL, 0,
                              "no Tencent Cloud credentials: set %s and %s (and %s for temporary "
                              "keys), or write {\"secret_id\": ..., \"secret_key\": ...} to %s "
                              "with mode 600",
                              RW_TC_ENV_ID, RW_TC_ENV_KEY, RW_TC_ENV_TOKEN, path);
        else
            st = rw_error_set(err, RW_ENOTFOUND, NULL, 0,
                              "no Tencent Cloud credentials: set %s and %s (and %s for temporary "
                              "keys)",
                              RW_TC_ENV_ID, RW_TC_ENV_KEY, RW_TC_ENV_TOKEN);
    }
    if (st != RW_OK) rw_tc_creds_wipe(out);
    return st;
}
