/* credentials.h: named profiles of the private credentials file
 * (credentials.c, the file's one reader; docs/fetch.md "Credentials"):
 * {"profiles": {"NAME": {"secret_id", "secret_key", "token", "webhook"}}}.
 * A profile's Tencent Cloud keys are read by rw_tc_creds_load_profile
 * (tencent.h); its webhook URL, which an account's `profile:NAME` alert
 * route refers to, by rw_cred_profile_webhook. No error names a secret or
 * quotes the file. */
#ifndef RW_CREDENTIALS_H
#define RW_CREDENTIALS_H

#include <stddef.h>
#include "util/error.h"

#define RW_CRED_PROFILE_MAX 128 /* bytes of a profile name */

/* The default credentials file, $HOME/.config/runway/tencent.json, into
 * buf; 0 (buf "") when HOME is unset or the path does not fit. */
int rw_cred_default_path(char *buf, size_t size);

/* 1 when `name` can name a profile: 1..128 of [A-Za-z0-9_.-]. */
int rw_cred_profile_name_ok(const char *name);

/* The "webhook" URL of profile `profile` of the file `path` into url
 * (size bytes; the caller wipes it after use: it holds the webhook's key).
 * RW_ENOTFOUND when there is no file, no such profile or no URL;
 * RW_EINVAL when the file is not private (as rw_tc_creds_load) or path is
 * NULL; RW_EFORMAT when it is not JSON of this shape. */
rw_status rw_cred_profile_webhook(const char *path, const char *profile, char *url, size_t size,
                                  rw_error *err);

#endif
