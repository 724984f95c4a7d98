/* alerts.h (app): the alerting run of one account, shared by `notify`
 * (rw_alerts_run) and `notify --all-accounts` (rw_notify_all), which
 * paces every account's deliveries with one pacer. */
#ifndef RW_APP_ALERTS_H
#define RW_APP_ALERTS_H

#include "alert/pace.h"
#include "app/app.h"

/* rw_alerts_run with the webhooks' rate limits counted in `pacer` (NULL:
 * none), which may be shared by threads. */
rw_status rw_app_alerts_run(rw_session *s, const rw_alert_options *o, rw_pacer *pacer,
                            rw_alert_run **out, rw_error *err);

#endif
