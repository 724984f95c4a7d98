/* policy.c: reading arrears policies (policy.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "plan/policy.h"
#include "util/strutil.h"

static void copy_text(json_t *o, const char *key, char *dst, size_t size)
{
    const char *s = json_string_value(json_object_get(o, key));
    rw_str_copy(dst, size, s ? s : "");
}

/* Fills *out from a parsed policy; `where` names it in errors. */
static rw_status from_json(json_t *o, const char *where, rw_policy *out, rw_error *err)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(o))
        return rw_error_set(err, RW_EFORMAT, where, 0, "a policy is a JSON object");
    json_t *g = json_object_get(o, "grace_hours"), *r = json_object_get(o, "retention_days");
    if (!json_is_number(g) || !json_is_number(r) || !(json_number_value(g) >= 0) ||
        !(json_number_value(r) >= 0) || !isfinite(json_number_value(g) + json_number_value(r)))
        return rw_error_set(err, RW_EFORMAT, where, 0,
                            "grace_hours and retention_days must be numbers >= 0");
    if (!json_string_value(json_object_get(o, "name")))
        return rw_error_set(err, RW_EFORMAT, where, 0, "a policy needs a \"name\"");
    out->grace_hours = json_number_value(g);
    out->retention_days = json_number_value(r);
    copy_text(o, "name", out->name, sizeof out->name);
    copy_text(o, "provider", out->provider, sizeof out->provider);
    copy_text(o, "product", out->product, sizeof out->product);
    copy_text(o, "suspension", out->suspension, sizeof out->suspension);
    copy_text(o, "deletion", out->deletion, sizeof out->deletion);
    copy_text(o, "source", out->source, sizeof out->source);
    return RW_OK;
}

rw_status rw_policy_builtin(const char *name, rw_policy *out, rw_error *err)
{
    char names[512] = "";
    size_t used = 0;
    for (const rw_embedded_policy *p = rw_embedded_policies; p->name; p++) {
        if (!strcmp(p->name, name)) {
            json_error_t je;
            json_t *o = json_loads(p->json, 0, &je);
            rw_status st = o ? from_json(o, p->name, out, err)
                             : rw_error_set(err, RW_EFORMAT, p->name, je.line, "%s", je.text);
            json_decref(o);
            return st;
        }
        int w = snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", p->name);
        if (w > 0 && (size_t)w < sizeof names - used) used += (size_t)w;
    }
    return rw_error_set(err, RW_ENOTFOUND, NULL, 0, "no policy named '%s' (known: %s)", name,
                        names);
}

rw_status rw_policy_load(const char *path, rw_policy *out, rw_error *err)
{
    json_error_t je;
    json_t *o = json_load_file(path, 0, &je);
    if (!o)
        return rw_error_set(err, je.line > 0 ? RW_EFORMAT : RW_EIO, path, je.line > 0 ? je.line : 0,
                            "%s", je.text);
    rw_status st = from_json(o, path, out, err);
    json_decref(o);
    return st;
}

rw_arrears_times rw_arrears_timeline(const rw_policy *p, int64_t runout_day)
{
    rw_arrears_times a;
    a.negative = runout_day;
    a.suspended = runout_day + (int64_t)llround(p->grace_hours * 3600);
    a.deleted = a.suspended + (int64_t)llround(p->retention_days * 86400);
    return a;
}
