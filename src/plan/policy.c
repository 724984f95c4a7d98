/* policy.c: reading arrears policies and their responses (policy.h); the
 * schema is checked field by field, duplicate keys included. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "plan/policy.h"
#include "util/strutil.h"

const char *const rw_response_level[RW_RESPONSE_LEVELS] = {"blue", "yellow", "red", "arrears"};

int rw_response_index(const char *name)
{
    for (int i = 0; i < RW_RESPONSE_LEVELS; i++)
        if (!strcmp(rw_response_level[i], name)) return i;
    return -1;
}

/* The longest within_hours a response may have: one year. */
#define RW_RESPONSE_MAX_HOURS 8760.0

/* Copies the optional string `key` of o into dst (size bytes): absent is
 * "", another type or a text too long for dst is an error about
 * `ctx`.`key`. */
static rw_status get_text(json_t *o, const char *ctx, const char *key, char *dst, size_t size,
                          const char *where, rw_error *err)
{
    json_t *v = json_object_get(o, key);
    dst[0] = '\0';
    if (!v) return RW_OK;
    if (!json_is_string(v))
        return rw_error_set(err, RW_EFORMAT, where, 0, "%s%s\"%s\" must be a string", ctx,
                            ctx[0] ? "." : "", key);
    if (!rw_str_copy(dst, size, json_string_value(v)))
        return rw_error_set(err, RW_EFORMAT, where, 0, "%s%s\"%s\" is longer than %zu bytes",
                            ctx, ctx[0] ? "." : "", key, size - 1);
    return RW_OK;
}

/* An error when o has a key not in known[] (NULL-ended); `ctx` names o. */
static rw_status only_known(json_t *o, const char *ctx, const char *const *known,
                            const char *where, rw_error *err)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        size_t i = 0;
        while (known[i] && strcmp(known[i], key)) i++;
        if (known[i]) continue;
        char list[256] = "";
        size_t used = 0;
        for (i = 0; known[i]; i++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", known[i]);
            if (w > 0 && (size_t)w < sizeof list - used) used += (size_t)w;
        }
        return rw_error_set(err, RW_EFORMAT, where, 0, "%s%sunknown field \"%s\" (known: %s)",
                            ctx, ctx[0] ? ": " : "", key, list);
    }
    return RW_OK;
}

/* Fills out->response from the "responses" object r. */
static rw_status responses_from_json(json_t *r, const char *where, rw_policy *out, rw_error *err)
{
    static const char *const fields[] = {"action", "action_zh", "notify", "within_hours", NULL};
    static const char *const levels[] = {"blue", "yellow", "red", "arrears", NULL};
    if (!json_is_object(r))
        return rw_error_set(err, RW_EFORMAT, where, 0,
                            "\"responses\" must be an object of levels (blue, yellow, red, arrears)");
    rw_status st = only_known(r, "responses", levels, where, err);
    for (int i = 0; st == RW_OK && i < RW_RESPONSE_LEVELS; i++) {
        json_t *l = json_object_get(r, rw_response_level[i]);
        rw_response *x = &out->response[i];
        char ctx[32];
        snprintf(ctx, sizeof ctx, "responses.%s", rw_response_level[i]);
        if (!l) continue;
        if (!json_is_object(l))
            return rw_error_set(err, RW_EFORMAT, where, 0, "%s must be an object", ctx);
        if ((st = only_known(l, ctx, fields, where, err)) != RW_OK) return st;
        json_t *h = json_object_get(l, "within_hours");
        if (!json_is_number(h) || !(json_number_value(h) > 0) ||
            !(json_number_value(h) <= RW_RESPONSE_MAX_HOURS))
            return rw_error_set(err, RW_EFORMAT, where, 0,
                                "%s.\"within_hours\" must be a number of hours in (0, %g]", ctx,
                                RW_RESPONSE_MAX_HOURS);
        x->within_hours = json_number_value(h);
        if ((st = get_text(l, ctx, "action", x->action, sizeof x->action, where, err)) != RW_OK ||
            (st = get_text(l, ctx, "action_zh", x->action_zh, sizeof x->action_zh, where, err)) !=
                RW_OK ||
            (st = get_text(l, ctx, "notify", x->notify, sizeof x->notify, where, err)) != RW_OK)
            return st;
        if (!x->action[0])
            return rw_error_set(err, RW_EFORMAT, where, 0, "%s needs an \"action\"", ctx);
        x->set = 1;
    }
    return st;
}

/* Fills *out from a parsed policy; `where` names it in errors. */
static rw_status from_json(json_t *o, const char *where, rw_policy *out, rw_error *err)
{
    static const char *const fields[] = {"name", "provider", "product", "grace_hours",
                                         "suspension", "retention_days", "deletion", "source",
                                         "responses", NULL};
    memset(out, 0, sizeof *out);
    if (!json_is_object(o))
        return rw_error_set(err, RW_EFORMAT, where, 0, "a policy is a JSON object");
    rw_status st = only_known(o, "", fields, where, err);
    if (st != RW_OK) return st;
    json_t *g = json_object_get(o, "grace_hours"), *r = json_object_get(o, "retention_days");
    if (!json_is_number(g) || !json_is_number(r) || !(json_number_value(g) >= 0) ||
        !(json_number_value(r) >= 0) || !isfinite(json_number_value(g) + json_number_value(r)))
        return rw_error_set(err, RW_EFORMAT, where, 0,
                            "grace_hours and retention_days must be numbers >= 0");
    if (!json_string_value(json_object_get(o, "name")))
        return rw_error_set(err, RW_EFORMAT, where, 0, "a policy needs a \"name\"");
    out->grace_hours = json_number_value(g);
    out->retention_days = json_number_value(r);
    static const struct {
        const char *key;
        size_t off, size;
    } text[] = {
        {"name", offsetof(rw_policy, name), sizeof out->name},
        {"provider", offsetof(rw_policy, provider), sizeof out->provider},
        {"product", offsetof(rw_policy, product), sizeof out->product},
        {"suspension", offsetof(rw_policy, suspension), sizeof out->suspension},
        {"deletion", offsetof(rw_policy, deletion), sizeof out->deletion},
        {"source", offsetof(rw_policy, source), sizeof out->source},
    };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if ((st = get_text(o, "", text[i].key, (char *)out + text[i].off, text[i].size, where,
                           err)) != RW_OK)
            return st;
    json_t *resp = json_object_get(o, "responses");
    return resp ? responses_from_json(resp, where, out, err) : RW_OK;
}

rw_status rw_policy_builtin(const char *name, rw_policy *out, rw_error *err)
{
    char names[512] = "";
    size_t used = 0;
    for (const rw_embedded_policy *p = rw_embedded_policies; p->name; p++) {
        if (!strcmp(p->name, name)) {
            json_error_t je;
            json_t *o = json_loads(p->json, JSON_REJECT_DUPLICATES, &je);
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
    json_t *o = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
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
