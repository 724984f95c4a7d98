/* test_webhook.c: webhook specs, hosts and ids; the texts and payloads of
 * each kind byte for byte; DingTalk signing against a reference value;
 * response judgement (WeCom/DingTalk errcode in a 200); redaction; and a
 * delivery to a closed loopback port whose error reveals no secret. */
#include <stdlib.h>
#include <jansson.h>
#include "check.h"
#include "alert/message.h"

static rw_alert_msg sample(void)
{
    rw_alert_msg m;
    memset(&m, 0, sizeof m);
    m.rule = "threshold";
    m.rule_id = "threshold:team-a";
    m.account = "team-a";
    m.event = "change";
    m.state = "yellow";
    m.previous_state = "blue";
    m.level = "warning";
    m.title = "balance 250.00 CNY is below the yellow threshold 300.00: it may not last 3 days";
    m.balance = 250;
    m.currency = "CNY";
    m.as_of = "2024-07-30";
    m.balance_at = "2024-07-30 20:14 UTC+08:00";
    m.runout[0] = "2024-08-01";
    m.runout[1] = "2024-08-02";
    m.runout[2] = "2024-08-03";
    m.horizon_days = 30;
    m.data_deleted_from = "2024-08-18T00:00:00Z";
    m.policy = "generic";
    m.detail = "thresholds at 95% confidence: blue 700.00 (7 d), yellow 300.00 (3 d), red 100.00 (1 d)";
    m.action = "top up at least 450.00 CNY to reach the blue threshold (700.00: 7 days at 95%)";
    m.since = 1722340800; /* 2024-07-30T12:00:00Z */
    m.at = 1722340800;
    return m;
}

static char *payload(rw_webhook_kind k, const rw_alert_msg *m)
{
    char *out = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_webhook_payload(k, m, &out, &err) == RW_OK);
    return out;
}

static void test_parse(void)
{
    rw_webhook w;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_webhook_parse("wecom=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY1",
                           &w, &err) == RW_OK);
    CHECK(w.kind == RW_WEBHOOK_WECOM);
    CHECK_STR(w.target, "wecom qyapi.weixin.qq.com");
    CHECK(!strncmp(w.id, "wecom qyapi.weixin.qq.com #", 27) && strlen(w.id) == 27 + 12);
    CHECK(strstr(w.id, "SECRET") == NULL);
    CHECK_STR(w.url, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY1");
    CHECK(w.secret == NULL);
    rw_webhook w2;
    CHECK(rw_webhook_parse("WeCom=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=OTHER",
                           &w2, &err) == RW_OK);
    CHECK_STR(w2.target, w.target);
    CHECK(strcmp(w2.id, w.id) != 0); /* two robots on one host */
    rw_webhook_cleanup(&w2);
    rw_webhook_cleanup(&w);
    CHECK(w.url == NULL);
    rw_webhook_cleanup(NULL);

    CHECK(rw_webhook_parse("slack=https://hooks.slack.com:8443/services/T0/B0/XXXX#frag", &w,
                           &err) == RW_OK);
    CHECK_STR(w.target, "slack hooks.slack.com:8443");
    CHECK_STR(w.url ? w.url : "", "https://hooks.slack.com:8443/services/T0/B0/XXXX");
    rw_webhook_cleanup(&w);

    CHECK(rw_webhook_parse("dingtalk=https://oapi.dingtalk.com/robot/send?access_token=TOK#secret=SEC123",
                           &w, &err) == RW_OK);
    CHECK_STR(w.url, "https://oapi.dingtalk.com/robot/send?access_token=TOK");
    CHECK_STR(w.secret, "SEC123");
    rw_webhook_cleanup(&w);
    CHECK(rw_webhook_parse("json=http://127.0.0.1:9/hook", &w, &err) == RW_OK);
    CHECK_STR(w.target, "json 127.0.0.1:9");
    rw_webhook_cleanup(&w);

    /* Errors, none quoting the URL. */
    static const char *const bad[] = {
        "teams=https://x.example/abc", "=https://x", "slack", "slack=",
        "slack=http://hooks.example.com/services/SECRETPATH",
        "slack=https://hooks.slack.com/services/SECRETPATH#secret=SECRETPATH",
        "dingtalk=https://oapi.dingtalk.com/robot/send?access_token=SECRETPATH#secret=",
        "ftp=x", "wecom=ftp://qyapi.weixin.qq.com/SECRETPATH",
        "slack=https://user:SECRETPATH@hooks.slack.com/services/x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rw_error_clear(&err);
        CHECK(rw_webhook_parse(bad[i], &w, &err) == RW_EINVAL);
        CHECK(err.text[0] != '\0');
        CHECK(strstr(err.text, "SECRETPATH") == NULL);
        CHECK(w.url == NULL && w.secret == NULL);
    }
    rw_error_clear(&err);
    CHECK(rw_webhook_parse("teams=https://x.example/abc", &w, &err) == RW_EINVAL);
    CHECK(strstr(err.text, "unknown kind 'teams'") != NULL);
    rw_error_clear(&err);
    CHECK(rw_webhook_parse("slack=http://hooks.example.com/services/SECRETPATH", &w, &err) ==
          RW_EINVAL);
    CHECK(strstr(err.text, "host hooks.example.com") != NULL);

    char host[64];
    rw_webhook_host("https://user:pw@hooks.slack.com:8443/services/T0", host, sizeof host);
    CHECK_STR(host, "hooks.slack.com:8443");
    rw_webhook_host("https://[::1]:8080/x?y", host, sizeof host);
    CHECK_STR(host, "[::1]:8080");
    rw_webhook_host("https://h.example?key=1", host, sizeof host);
    CHECK_STR(host, "h.example");
    rw_webhook_host("https:///path", host, sizeof host);
    CHECK_STR(host, "?");
    rw_webhook_host("https://very-long-host.example.com/p", host, 10);
    CHECK_STR(host, "very-long");
}

static const char want_plain[] =
    "runway alert: balance 250.00 CNY is below the yellow threshold 300.00: it may not last 3 days\n"
    "Level: warning (yellow, was blue)\n"
    "Account: team-a\n"
    "Balance: 250.00 CNY at 2024-07-30 20:14 UTC+08:00\n"
    "Run-out: 2024-08-02 (P50), range 2024-08-01 .. 2024-08-03 (P10..P90)\n"
    "Data deleted from: 2024-08-18T00:00:00Z (P50, policy generic)\n"
    "Details: thresholds at 95% confidence: blue 700.00 (7 d), yellow 300.00 (3 d), red 100.00 (1 d)\n"
    "Action: top up at least 450.00 CNY to reach the blue threshold (700.00: 7 days at 95%)\n"
    "(rule threshold:team-a, evaluated at 2024-07-30T12:00:00Z)";

static void test_payloads(void)
{
    rw_alert_msg m = sample();
    char *text = NULL;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_alert_text(&m, RW_TEXT_PLAIN, &text, &err) == RW_OK);
    CHECK_STR(text, want_plain);
    free(text);

    char *p = payload(RW_WEBHOOK_WECOM, &m);
    CHECK_STR(p,
              "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"### runway alert: balance 250.00 "
              "CNY is below the yellow threshold 300.00: it may not last 3 days\\n**Level**: warning "
              "(yellow, was blue)\\n**Account**: team-a\\n**Balance**: 250.00 CNY at "
              "2024-07-30 20:14 UTC+08:00\\n**Run-out**: 2024-08-02 (P50), range 2024-08-01 .. 2024-08-03 "
              "(P10..P90)\\n**Data deleted from**: 2024-08-18T00:00:00Z (P50, policy "
              "generic)\\n**Details**: thresholds at 95% confidence: blue 700.00 (7 d), yellow "
              "300.00 (3 d), red 100.00 (1 d)\\n**Action**: top up at least 450.00 CNY to reach "
              "the blue threshold (700.00: 7 days at 95%)\\n(rule threshold:team-a, evaluated at "
              "2024-07-30T12:00:00Z)\"}}");
    free(p);

    p = payload(RW_WEBHOOK_DINGTALK, &m);
    json_t *o = json_loads(p, 0, NULL);
    CHECK_STR(json_string_value(json_object_get(o, "msgtype")), "markdown");
    json_t *md = json_object_get(o, "markdown");
    CHECK_STR(json_string_value(json_object_get(md, "title")),
              "runway: balance 250.00 CNY is below the yellow threshold 300.00: it may not last 3 days");
    const char *t = json_string_value(json_object_get(md, "text"));
    CHECK(t && !strncmp(t, "### runway alert: ", 18));
    CHECK(t && strstr(t, "\n\n**Balance**: 250.00 CNY at 2024-07-30 20:14 UTC+08:00\n\n**Run-out**"));
    json_decref(o);
    free(p);

    p = payload(RW_WEBHOOK_SLACK, &m);
    o = json_loads(p, 0, NULL);
    CHECK(json_object_size(o) == 1);
    t = json_string_value(json_object_get(o, "text"));
    CHECK(t && !strncmp(t, "*runway alert: balance 250.00 CNY", 33));
    CHECK(t && strstr(t, "3 days*\n*Level*: warning (yellow, was blue)\n*Account*: team-a\n"));
    json_decref(o);
    free(p);

    p = payload(RW_WEBHOOK_JSON, &m);
    CHECK_STR(p,
              "{\"rule\":\"threshold\",\"rule_id\":\"threshold:team-a\",\"account\":\"team-a\","
              "\"event\":\"change\",\"state\":\"yellow\",\"previous_state\":\"blue\",\"level\":"
              "\"warning\",\"title\":\"balance 250.00 CNY is below the yellow threshold 300.00: it "
              "may not last 3 days\",\"balance\":250.0,\"currency\":\"CNY\",\"as_of\":\"2024-07-30\","
              "\"balance_at\":\"2024-07-30 20:14 UTC+08:00\",\"runout\":{\"p10\":\"2024-08-01\",\"p50\":\"2024-08-02\",\"p90\":\"2024-08-03\"},"
              "\"horizon_days\":30,\"data_deleted_from\":\"2024-08-18T00:00:00Z\",\"policy\":"
              "\"generic\",\"detail\":\"thresholds at 95% confidence: blue 700.00 (7 d), yellow "
              "300.00 (3 d), red 100.00 (1 d)\",\"action\":\"top up at least 450.00 CNY to reach the "
              "blue threshold (700.00: 7 days at 95%)\",\"message\":\"runway alert: balance 250.00 "
              "CNY is below the yellow threshold 300.00: it may not last 3 days\\nLevel: warning "
              "(yellow, was blue)\\nAccount: team-a\\nBalance: 250.00 CNY at "
              "2024-07-30 20:14 UTC+08:00\\nRun-out: 2024-08-02 (P50), range 2024-08-01 .. 2024-08-03 "
              "(P10..P90)\\nData deleted from: 2024-08-18T00:00:00Z (P50, policy generic)\\n"
              "Details: thresholds at 95% confidence: blue 700.00 (7 d), yellow 300.00 (3 d), red "
              "100.00 (1 d)\\nAction: top up at least 450.00 CNY to reach the blue threshold "
              "(700.00: 7 days at 95%)\\n(rule threshold:team-a, evaluated at "
              "2024-07-30T12:00:00Z)\",\"since\":\"2024-07-30T12:00:00Z\",\"at\":"
              "\"2024-07-30T12:00:00Z\"}");
    free(p);

    /* Resolved, default account, no run-out within the horizon, no currency,
     * markup in data escaped. */
    m.event = "resolved";
    m.state = "ok";
    m.previous_state = "red";
    m.level = "ok";
    m.account = "";
    m.currency = "";
    m.runout[0] = m.runout[1] = m.runout[2] = NULL;
    m.data_deleted_from = NULL;
    m.detail = NULL;
    m.title = "a *bold* <b> title";
    m.action = "none needed";
    CHECK(rw_alert_text(&m, RW_TEXT_PLAIN, &text, &err) == RW_OK);
    CHECK(!strncmp(text, "runway resolved: a *bold* ＜b＞ title\nLevel: ok (ok, was red)\nBalance: "
                         "250.00 at 2024-07-30 20:14 UTC+08:00\nRun-out: not within 30 days\n"
                         "Action: none needed\n", 148));
    CHECK(strstr(text, "Account") == NULL && strstr(text, "Data deleted") == NULL);
    free(text);
    CHECK(rw_alert_text(&m, RW_TEXT_WECOM, &text, &err) == RW_OK);
    CHECK(strstr(text, "a ＊bold＊ ＜b＞ title") != NULL);
    free(text);
    CHECK(rw_alert_text(&m, RW_TEXT_SLACK, &text, &err) == RW_OK);
    CHECK(strstr(text, "a ＊bold＊ &lt;b&gt; title") != NULL);
    free(text);
    p = payload(RW_WEBHOOK_JSON, &m);
    o = json_loads(p, 0, NULL);
    CHECK(json_is_null(json_object_get(o, "currency")));
    CHECK(json_is_null(json_object_get(json_object_get(o, "runout"), "p50")));
    CHECK(json_is_null(json_object_get(o, "data_deleted_from")));
    CHECK_STR(json_string_value(json_object_get(o, "previous_state")), "red");
    json_decref(o);
    free(p);

    /* P50 beyond the horizon but P10 within; a reminder. */
    m.runout[0] = "2024-08-20";
    m.event = "repeat";
    m.state = "soon";
    CHECK(rw_alert_text(&m, RW_TEXT_PLAIN, &text, &err) == RW_OK);
    CHECK(strstr(text, "runway reminder: ") == text);
    CHECK(strstr(text, "Level: ok (soon since 2024-07-30T12:00:00Z)") != NULL);
    CHECK(strstr(text, "Run-out: not within 30 days at P50 (P10 2024-08-20), range 2024-08-20 .. "
                       "beyond 30 days (P10..P90)") != NULL);
    free(text);
}

/* The same alert in Chinese (rw_alert_msg.lang): labels, level and fixed
 * words in Chinese in every style, money as ¥, Beijing time; JSON keys and
 * state names unchanged. */
static rw_alert_msg sample_zh(void)
{
    rw_alert_msg m = sample();
    m.lang = RW_LANG_ZH;
    m.title = "余额 ¥250.00 低于黄色告警阈值 300.00：可能撑不过 3 天";
    m.balance_at = "2024-07-30 20:14（北京时间）";
    m.detail =
        "95% 置信度下的告警阈值：蓝色 700.00（7 天），黄色 300.00（3 天），红色 100.00（1 天）";
    m.action = "请至少充值 ¥450.00，使余额回到蓝色告警阈值（700.00：7 天，95% 置信度）";
    return m;
}

static void test_payloads_zh(void)
{
    rw_alert_msg m = sample_zh();
    char *p = payload(RW_WEBHOOK_WECOM, &m);
    CHECK_STR(
        p,
        "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"### runway 告警：余额"
        " ¥250.00 低于黄色告警阈值 300.00：可能撑不过 3 天\\n**级别**：警告（yellow，之前为 "
        "blue）\\n**账户"
        "**：team-a\\n**余额**：¥250.00，截至 2024-07-30 20:14（北京时间）\\n**预计耗尽**：2024-0"
        "8-02（P50），范围 2024-08-01 .. 2024-08-03（P10..P90）\\n**数据删除时间**：2024-08-1"
        "8T00:00:00Z（P50，策略 generic）\\n**详情**：95% 置信度下的告警阈值：蓝色 700.00（7 "
        "天），黄色 3"
        "00.00（3 天），红色 100.00（1 天）\\n**处理建议**：请至少充值 "
        "¥450.00，使余额回到蓝色告警阈值（700.00："
        "7 天，95% 置信度）\\n（规则 threshold:team-a，评估时间 2024-07-30T12:00:00Z）\"}}");
    free(p);
    p = payload(RW_WEBHOOK_DINGTALK, &m);
    CHECK_STR(
        p, "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"runway：余额 ¥250.00 "
           "低于黄色告警阈值 300.00：可能撑不过 3 天\",\"text\":\"### runway 告警：余额 ¥250.00 "
           "低于黄色告警"
           "阈值 300.00：可能撑不过 3 天\\n\\n**级别**：警告（yellow，之前为 "
           "blue）\\n\\n**账户**：team-a"
           "\\n\\n**余额**：¥250.00，截至 2024-07-30 20:14（北京时间）\\n\\n**预计耗尽**：2024-08-0"
           "2（P50），范围 2024-08-01 .. 2024-08-03（P10..P90）\\n\\n**数据删除时间**：2024-08-1"
           "8T00:00:00Z（P50，策略 generic）\\n\\n**详情**：95% 置信度下的告警阈值：蓝色 700.00（7 "
           "天），黄"
           "色 300.00（3 天），红色 100.00（1 天）\\n\\n**处理建议**：请至少充值 "
           "¥450.00，使余额回到蓝色告警阈值（7"
           "00.00：7 天，95% 置信度）\\n\\n（规则 threshold:team-a，评估时间 2024-07-30T12:00:00Z"
           "）\"}}");
    free(p);
    p = payload(RW_WEBHOOK_SLACK, &m);
    CHECK_STR(
        p,
        "{\"text\":\"*runway 告警：余额 ¥250.00 低于黄色告警阈值 300.00：可能撑不过 3 "
        "天*\\n*级别*：警告"
        "（yellow，之前为 blue）\\n*账户*：team-a\\n*余额*：¥250.00，截至 2024-07-30 20:14（北京时"
        "间）\\n*预计耗尽*：2024-08-02（P50），范围 2024-08-01 .. 2024-08-03（P10..P90）\\n*数"
        "据删除时间*：2024-08-18T00:00:00Z（P50，策略 generic）\\n*详情*：95% "
        "置信度下的告警阈值：蓝色 70"
        "0.00（7 天），黄色 300.00（3 天），红色 100.00（1 天）\\n*处理建议*：请至少充值 "
        "¥450.00，使余额回到蓝色"
        "告警阈值（700.00：7 天，95% 置信度）\\n（规则 threshold:team-a，评估时间 2024-07-30T12:00:"
        "00Z）\"}");
    free(p);
    p = payload(RW_WEBHOOK_JSON, &m);
    CHECK_STR(
        p,
        "{\"rule\":\"threshold\",\"rule_id\":\"threshold:team-a\",\"account\":\""
        "team-a\",\"event\":\"change\",\"state\":\"yellow\",\"previous_state\":"
        "\"blue\",\"level\":\"warning\",\"title\":\"余额 ¥250.00 低于黄色告警阈值 300.00："
        "可能撑不过 3 天\",\"balance\":250.0,\"currency\":\"CNY\",\"as_of\":\"2024-07"
        "-30\",\"balance_at\":\"2024-07-30 20:14（北京时间）\",\"runout\":{\"p10\":\""
        "2024-08-01\",\"p50\":\"2024-08-02\",\"p90\":\"2024-08-03\"},\"horizon_"
        "days\":30,\"data_deleted_from\":\"2024-08-18T00:00:00Z\",\"policy\":\""
        "generic\",\"detail\":\"95% 置信度下的告警阈值：蓝色 700.00（7 天），黄色 300.00（3 "
        "天），红色 "
        "100.00（1 天）\",\"action\":\"请至少充值 ¥450.00，使余额回到蓝色告警阈值（700.00：7 "
        "天，95% 置信"
        "度）\",\"message\":\"runway 告警：余额 ¥250.00 低于黄色告警阈值 300.00：可能撑不过 3 "
        "天\\n级别"
        "：警告（yellow，之前为 blue）\\n账户：team-a\\n余额：¥250.00，截至 2024-07-30 "
        "20:14（北京时间"
        "）\\n预计耗尽：2024-08-02（P50），范围 2024-08-01 .. 2024-08-03（P10..P90）\\n数据删除时"
        "间：2024-08-18T00:00:00Z（P50，策略 generic）\\n详情：95% 置信度下的告警阈值：蓝色 "
        "700.00（7 "
        "天），黄色 300.00（3 天），红色 100.00（1 天）\\n处理建议：请至少充值 "
        "¥450.00，使余额回到蓝色告警阈值（700."
        "00：7 天，95% 置信度）\\n（规则 threshold:team-a，评估时间 2024-07-30T12:00:00Z）\",\""
        "since\":\"2024-07-30T12:00:00Z\",\"at\":\"2024-07-30T12:00:00Z\"}");
    free(p);
    /* Resolved, a reminder: the fixed words. */
    char *text = NULL;
    rw_error err;
    rw_error_clear(&err);
    m.event = "resolved";
    m.state = "ok";
    m.previous_state = "red";
    m.level = "ok";
    m.runout[0] = m.runout[1] = m.runout[2] = NULL;
    m.data_deleted_from = NULL;
    m.detail = NULL;
    m.action = rw_tr(RW_LANG_ZH, "none needed");
    CHECK(rw_alert_text(&m, RW_TEXT_PLAIN, &text, &err) == RW_OK);
    CHECK_STR(text, "runway 已恢复：余额 ¥250.00 低于黄色告警阈值 300.00：可能撑不过 3 "
                    "天\n级别：正常（ok，之前为 red）\n账户"
                    "：team-a\n余额：¥250.00，截至 2024-07-30 20:14（北京时间）\n预计耗尽：30 "
                    "天内不会耗尽\n处理建议：无需"
                    "处理\n（规则 threshold:team-a，评估时间 2024-07-30T12:00:00Z）");
    free(text);
}

static void test_sign(void)
{
    rw_webhook w;
    rw_error err;
    rw_error_clear(&err);
    char *url = NULL;
    CHECK(rw_webhook_parse("dingtalk=https://oapi.dingtalk.com/robot/send?access_token=abc"
                           "#secret=SEC000000000000000000",
                           &w, &err) == RW_OK);
    /* Reference: python3 -c 'import hmac,hashlib,base64,urllib.parse;
     * s=b"SEC000000000000000000"; m=b"1700000000000\n"+s;
     * print(urllib.parse.quote_plus(base64.b64encode(hmac.new(s,m,hashlib.sha256).digest())))' */
    CHECK(rw_webhook_url(&w, 1700000000000LL, &url, &err) == RW_OK);
    CHECK_STR(url, "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000"
                   "&sign=l1HHxodrZBa09eXVyoY%2F3BnvrcqjRff4sGNSeAsKL9c%3D");
    free(url);
    rw_webhook_cleanup(&w);
    /* Unsigned webhooks post to their URL as given. */
    CHECK(rw_webhook_parse("dingtalk=https://oapi.dingtalk.com/robot/send?access_token=abc", &w,
                           &err) == RW_OK);
    CHECK(rw_webhook_url(&w, 1700000000000LL, &url, &err) == RW_OK);
    CHECK_STR(url, "https://oapi.dingtalk.com/robot/send?access_token=abc");
    free(url);
    rw_webhook_cleanup(&w);
}

static void test_response(void)
{
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_webhook_check_response(RW_WEBHOOK_WECOM, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}", 27,
                                    &err) == RW_OK);
    const char *bad = "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}";
    CHECK(rw_webhook_check_response(RW_WEBHOOK_WECOM, 200, bad, strlen(bad), &err) ==
          RW_EREJECTED);
    CHECK_STR(err.text, "errcode 93000: invalid webhook url");
    rw_error_clear(&err);
    CHECK(rw_webhook_check_response(RW_WEBHOOK_DINGTALK, 200, bad, strlen(bad), &err) ==
          RW_EREJECTED);
    rw_error_clear(&err);
    CHECK(rw_webhook_check_response(RW_WEBHOOK_SLACK, 200, bad, strlen(bad), &err) == RW_OK);
    CHECK(rw_webhook_check_response(RW_WEBHOOK_SLACK, 200, "ok", 2, &err) == RW_OK);
    CHECK(rw_webhook_check_response(RW_WEBHOOK_JSON, 204, NULL, 0, &err) == RW_OK);
    CHECK(rw_webhook_check_response(RW_WEBHOOK_WECOM, 200, "not json", 8, &err) == RW_OK);
    CHECK(rw_webhook_check_response(RW_WEBHOOK_SLACK, 404, "no_service", 10, &err) ==
          RW_EREJECTED);
    CHECK_STR(err.text, "HTTP 404");
}

static void test_redact_and_send(void)
{
    rw_webhook w;
    rw_error err;
    rw_error_clear(&err);
    CHECK(rw_webhook_parse("slack=http://127.0.0.1:1/services/T0AAAA/B0BBBB/SECRETTOKENXYZ", &w,
                           &err) == RW_OK);
    char out[256];
    rw_webhook_redact(&w, "POST http://127.0.0.1:1/services/T0AAAA/B0BBBB/SECRETTOKENXYZ: refused;"
                          " SECRETTOKENXYZ again", out, sizeof out);
    CHECK_STR(out, "POST http://127.0.0.1:1***: refused; *** again");
    rw_webhook_redact(&w, "abc", out, 3);
    CHECK_STR(out, "ab");
    /* Port 1 on loopback is closed: a network error, no secret in it. */
    rw_http_opts o;
    rw_http_opts_default(&o);
    o.max_retries = 0;
    o.timeout_s = 5;
    long status = -1;
    int attempts = -1;
    CHECK(rw_webhook_send(&w, "{}", 0, &o, &status, &attempts, &err) == RW_ENET);
    CHECK(status == 0);
    CHECK(strstr(err.text, "webhook slack 127.0.0.1:1: network error") == err.text);
    CHECK(strstr(err.text, "SECRET") == NULL && strstr(err.text, "services") == NULL);
    CHECK(strstr(err.text, "http://") == NULL); /* the target names the host once */
    CHECK(strstr(err.text, "attempt") != NULL);
    rw_webhook_cleanup(&w);

    rw_error_clear(&err);
    CHECK(rw_webhook_parse("dingtalk=http://127.0.0.1:1/robot/send?access_token=TOKEN0123#secret"
                           "=SIGNSECRET99",
                           &w, &err) == RW_OK);
    CHECK(rw_webhook_send(&w, "{}", 1700000000000LL, &o, &status, &attempts, &err) == RW_ENET);
    CHECK(strstr(err.text, "TOKEN0123") == NULL && strstr(err.text, "SIGNSECRET99") == NULL);
    CHECK(strstr(err.text, "sign=") == NULL && strstr(err.text, "access_token") == NULL);
    rw_webhook_cleanup(&w);
}

/* Data in every field of a message (issue 14): the hostile account id
 * reaches each payload neutralised for its markup (data_text.h) and exact
 * in the json kind's data fields; a malformed UTF-8 byte no longer makes
 * the json payload fail. */
#define FFFD "\xEF\xBF\xBD"
static const char hostile[] = "<!channel> <@all> [Pay](https://evil.example/p)\n# H";

static const char *text_of(const char *body, json_t **o)
{
    *o = json_loads(body, 0, NULL);
    CHECK(*o != NULL);
    json_t *md = json_object_get(*o, "markdown");
    const char *t = json_string_value(json_object_get(*o, "text"));
    if (!t) t = json_string_value(json_object_get(md, "content"));
    if (!t) t = json_string_value(json_object_get(md, "text"));
    if (!t) t = json_string_value(json_object_get(*o, "message"));
    return t ? t : "";
}

static void test_hostile_data(void)
{
    rw_alert_msg m = sample();
    m.account = hostile;
    m.rule_id = "threshold:<!channel> <@all> [Pay](https://evil.example/p)\n# H";
    m.title = "title <!here> @所有人";
    m.policy = "pol\n# @13800000000";
    m.currency = "<@U";
    m.balance_at = "2024-07-30 *20:14*";
    m.detail = "see www.evil.example\x1b[2J";
    m.action = "pay [here](https://evil.example) \xE2\x80\xAEnow";
    m.state = "yellow\n- x";
    static const rw_webhook_kind kinds[] = {RW_WEBHOOK_WECOM, RW_WEBHOOK_DINGTALK,
                                            RW_WEBHOOK_SLACK, RW_WEBHOOK_JSON};
    for (size_t k = 0; k < 4; k++) {
        char *p = payload(kinds[k], &m);
        json_t *o = NULL;
        const char *t = text_of(p, &o);
        /* No mention, link, markup or line from data in the text. */
        CHECK(strstr(t, "<!") == NULL && strstr(t, "<@") == NULL && strstr(t, "@all") == NULL);
        CHECK(strstr(t, "@所有人") == NULL && strstr(t, "@138") == NULL);
        CHECK(strstr(t, "https://") == NULL && strstr(t, "www.evil") == NULL);
        CHECK(strstr(t, "\n#") == NULL && strstr(t, "\n- ") == NULL);
        CHECK(strstr(t, "](") == NULL);
        CHECK(strstr(t, "\x1b") == NULL && strstr(t, "\xE2\x80\xAE") == NULL);
        /* The template's line breaks only: 9 lines (DingTalk: blank lines between). */
        size_t lines = 0;
        for (const char *c = t; *c; c++) lines += *c == '\n';
        CHECK(lines == (kinds[k] == RW_WEBHOOK_DINGTALK ? 16u : 8u));
        if (kinds[k] == RW_WEBHOOK_SLACK)
            CHECK(strstr(t, "\n*Account*: &lt;!channel&gt; &lt;＠all&gt; ［Pay］(https[:]//evil[.]"
                            "example/p)" FFFD "＃ H\n") != NULL);
        if (kinds[k] == RW_WEBHOOK_WECOM) {
            CHECK(strstr(t, "\n**Account**: ＜!channel＞ ＜＠all＞ ［Pay］(https[:]//evil[.]"
                            "example/p)" FFFD "＃ H\n") != NULL);
            CHECK(strstr(t, "\n(rule threshold:＜!channel＞ ＜＠all＞ ［Pay］(https[:]//evil[.]"
                            "example/p)" FFFD "＃ H, evaluated at ") != NULL);
            CHECK(strstr(t, "(P50, policy pol" FFFD "＃ ＠13800000000)") != NULL);
            CHECK(strstr(t, "**Level**: warning (yellow" FFFD "－ x, was blue)") == NULL);
            CHECK(strstr(t, "**Level**: warning (yellow" FFFD "- x, was blue)") != NULL);
            CHECK(strstr(t, "250.00 ＜＠U at 2024-07-30 ＊20:14＊") != NULL);
        }
        if (kinds[k] == RW_WEBHOOK_DINGTALK) {
            const char *title =
                json_string_value(json_object_get(json_object_get(o, "markdown"), "title"));
            CHECK_STR(title, "runway: title ＜!here＞ ＠所有人");
        }
        if (kinds[k] == RW_WEBHOOK_JSON) { /* data fields exact */
            CHECK_STR(json_string_value(json_object_get(o, "account")), hostile);
            CHECK_STR(json_string_value(json_object_get(o, "policy")), m.policy);
            CHECK_STR(json_string_value(json_object_get(o, "action")), m.action);
            CHECK(strstr(t, "\nAccount: ＜!channel＞ ＜＠all＞ ［Pay］(https[:]//evil[.]example/p)"
                            FFFD "# H\n") != NULL);
        }
        json_decref(o);
        free(p);
    }
    /* Malformed UTF-8 in data: every payload builds, the json one with U+FFFD. */
    m = sample();
    m.account = "acct\xFF\xC3";
    for (size_t k = 0; k < 4; k++) {
        char *p = payload(kinds[k], &m);
        json_t *o = NULL;
        const char *t = text_of(p, &o);
        CHECK(strstr(t, "acct" FFFD FFFD) != NULL);
        if (kinds[k] == RW_WEBHOOK_JSON)
            CHECK_STR(json_string_value(json_object_get(o, "account")), "acct" FFFD FFFD);
        json_decref(o);
        free(p);
    }
}

int main(void)
{
    CHECK(rw_http_global_init() == RW_OK);
    CHECK_STR(rw_webhook_kind_name(RW_WEBHOOK_DINGTALK), "dingtalk");
    test_parse();
    test_payloads();
    test_payloads_zh();
    test_hostile_data();
    test_sign();
    test_response();
    test_redact_and_send();
    CHECK_DONE();
}
