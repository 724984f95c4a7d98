/* providers.h: where the stored charges come from, for defaults that
 * depend on it (the reporting time zone of Tencent Cloud bills). */
#ifndef RW_STORE_PROVIDERS_H
#define RW_STORE_PROVIDERS_H

#include "store/store.h"

/* The provider name Tencent Cloud bills and API responses are stored
 * under, and its Chinese name, which exports of the Chinese site may
 * carry. */
#define RW_PROVIDER_TENCENT "Tencent Cloud"
#define RW_PROVIDER_TENCENT_ZH "腾讯云"

/* *only = 1 when the store holds charges (of `account`, billing or sub
 * account; NULL: of any) and every one of them came from
 * Tencent Cloud's own bill formats (sources of format tencent-bill or
 * tencent-api, whose times are Beijing time) with a Tencent Cloud provider
 * (either name); else 0. A FOCUS export is never "only Tencent", whatever
 * its ProviderName: FOCUS times are UTC and so are its days. */
rw_status rw_store_only_tencent(rw_store *s, const char *account, int *only, rw_error *err);

#endif
