# lang_cli.sh: --lang zh-CN|en and the locale default on the real binary:
# the run-out headline, the arrears statement and a WeCom message in
# Chinese byte for byte (money as ¥, Beijing times), the report in Chinese
# from LANG=zh_CN.UTF-8 (<html lang="zh-CN">, summary.json keys unchanged
# plus "lang"), English unchanged byte for byte whatever the flag or a
# non-Chinese locale says, LC_ALL before LC_MESSAGES before LANG, and a
# bad --lang refused.
. "$(dirname "$0")/common.bash" "$@"
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8 # English, and UTF-8 for grep
export RUNWAY_TZ=Asia/Shanghai
ZH=(--lang zh-CN)

# 100 a day of Tencent COS (FOCUS) from 2024-06-01 to 2024-07-30, and a
# balance of 1234.50 seen at 2024-07-31 06:14 Beijing time.
awk 'BEGIN {
    print "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,ProviderName,BillingAccountId"
    for (d = 0; d < 60; d++) {
        t = 1717200000 + d * 86400
        printf "%s,%s,100,CNY,对象存储,Tencent Cloud,100012345678\n", strftime("%Y-%m-%dT%H:%M:%SZ", t, 1),
               strftime("%Y-%m-%dT%H:%M:%SZ", t + 86400, 1)
    }
}' > focus.csv
"$RUNWAY" --quiet ingest focus.csv || fail "ingest"
"$RUNWAY" --quiet balance set 1234.5 --at 2024-07-31T06:14:00+08:00 || fail "balance set"

# ---- run-out ---------------------------------------------------------------------
expect_rc 0 "$RUNWAY" runout --policy tencent-cos
cp out.txt runout_en.txt
expect_grep '^total: balance 1234.50 CNY at 2024-07-31 06:14 UTC+08:00 lasts about 12 days$' out.txt
expect_rc 0 "$RUNWAY" runout --policy tencent-cos --lang en
cmp -s out.txt runout_en.txt || fail "--lang en changed the English text"
expect_rc 0 env LANG=fr_FR.UTF-8 "$RUNWAY" runout --policy tencent-cos
cmp -s out.txt runout_en.txt || fail "a French locale changed the English text"
expect_rc 0 "$RUNWAY" runout --policy tencent-cos "${ZH[@]}"
expect_grep '^注：余额 1234.50 CNY 观测于 2024-07-31T06:14:00+08:00，结转到 2024-07-30 日终：' out.txt
expect_eq "total：余额 ¥1,234.50，截至 2024-07-31 06:14（北京时间），约可用 12 天" \
    "$(sed -n 2p out.txt)" "the Chinese run-out headline"
expect_eq "  日期        按北京时间（UTC+08:00）" "$(sed -n 3p out.txt)" "the zone line"
expect_grep '^  预计耗尽    2024-08-12（P50），范围 ' out.txt
expect_grep '^  随后        欠费 24 小时后停服' out.txt
expect_grep '\[策略 tencent-cos\]' out.txt
# The locale decides without the flag: LC_ALL, then LC_MESSAGES, then LANG.
expect_rc 0 env LANG=zh_CN.UTF-8 "$RUNWAY" runout --policy tencent-cos
expect_grep '约可用 12 天' out.txt
expect_rc 0 env LC_ALL=en_US.UTF-8 LANG=zh_CN.UTF-8 "$RUNWAY" runout --policy tencent-cos
cmp -s out.txt runout_en.txt || fail "LC_ALL=en_US did not win over LANG"
expect_rc 0 env LC_MESSAGES=zh_CN.UTF-8 LANG=C "$RUNWAY" runout --policy tencent-cos
expect_grep '约可用 12 天' out.txt
expect_rc 0 env LANG=zh_CN.UTF-8 "$RUNWAY" runout --policy tencent-cos --lang en
cmp -s out.txt runout_en.txt || fail "--lang en did not win over LANG"
# JSON is the same in every language.
expect_rc 0 "$RUNWAY" runout --policy tencent-cos --format json
cp out.txt runout_en.json
expect_rc 0 "$RUNWAY" runout --policy tencent-cos --format json "${ZH[@]}"
# (but for when the forecast was made, which may fall in another second)
expect_eq "$(jq -S 'del(.. | .generated_at?)' runout_en.json)" \
          "$(jq -S 'del(.. | .generated_at?)' out.txt)" "the JSON in Chinese"
expect_rc 2 "$RUNWAY" runout --lang fr
expect_grep "runway: --lang: 'fr' is not a language (en, zh-CN)" err.txt

# ---- thresholds ------------------------------------------------------------------
expect_rc 0 "$RUNWAY" thresholds --policy tencent-cos --no-backtest "${ZH[@]}"
expect_grep '^total：95% 置信度下的告警阈值，截至 2024-07-30，币种 CNY$' out.txt
expect_grep '^    黄色：充值 ' out.txt
expect_grep '请今天充值并跟进待付款项：余额约够三天。' out.txt  # the policy's action_zh

# ---- budget ----------------------------------------------------------------------
expect_rc 0 "$RUNWAY" budget --amount 5000 "${ZH[@]}"
expect_grep '^total：预算 ¥5,000.00（2024-07-01 .. 2024-07-31），截至 2024-07-30$' out.txt
expect_grep '^  已花费          3000.00（30/31 天）$' out.txt

# ---- arrears -----------------------------------------------------------------------
"$RUNWAY" --quiet balance set -120 --at 2024-07-31T06:14:00+08:00 || fail "balance set -120"
export RUNWAY_NOW=1722470400 # 2024-08-01T00:00:00Z
expect_rc 0 "$RUNWAY" arrears --policy tencent-cos "${ZH[@]}"
cat > want.txt <<'TXT'
该账户 自 2024-07-30 01:26（北京时间） 起欠费，欠款 ¥120.00（余额 -¥120.00，截至 2024-07-31 06:14（北京时间））
  已欠费      2.3 天（起点根据账单费用估算）
  已停服      自 2024-07-31 01:26（北京时间） 起（欠费 24 小时后）  [策略 tencent-cos]：存储桶停止服务：读写请求返回 HTTP 451（account is arrears）
  数据删除    2024-11-28 01:26（北京时间） 起，距今 118.7 天：账户下存储桶中的对象被销毁，无法恢复
  应付        充值 ¥120.00 可结清欠款；充值 ¥820.00 可使余额回到蓝色告警阈值（95% 把握可用 7 天）
TXT
head -5 out.txt > got.txt
diff want.txt got.txt >&2 || fail "the Chinese arrears statement"
expect_grep '^  账期     产品               金额$' out.txt
expect_grep '^  合计  ' out.txt
expect_rc 0 "$RUNWAY" arrears --policy tencent-cos
expect_grep '^the account is in arrears since 2024-07-30 01:26 UTC+08:00: owes 120.00 CNY' out.txt
expect_rc 0 "$RUNWAY" arrears --policy tencent-cos --format csv "${ZH[@]}"
expect_eq "period,service,amount" "$(head -1 out.txt)" "the CSV header in Chinese"

# ---- a WeCom message (dry run) ------------------------------------------------------
expect_rc 0 "$RUNWAY" notify --policy tencent-cos --dry-run \
    --webhook "wecom=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K" "${ZH[@]}"
expect_grep '"content":"### runway 告警：自 2024-07-30 01:26（北京时间） 起欠费：欠款 ¥120.00；服务已暂停' out.txt
expect_grep '\*\*余额\*\*：-¥120.00，截至 2024-07-31 06:14（北京时间）' out.txt
expect_grep '\*\*处理建议\*\*：请至少充值 ¥120.00 以结清欠款' out.txt
expect_grep '账户已欠费：请在 24 小时内补足欠款' out.txt
expect_rc 0 "$RUNWAY" notify --policy tencent-cos --dry-run \
    --webhook "json=http://127.0.0.1:9/hook" "${ZH[@]}"
expect_grep '"rule":"arrears","rule_id":"arrears","account":"","event":"change","state":"suspended"' out.txt
expect_grep '"state":"suspended"' out.txt
unset RUNWAY_NOW

# ---- the report from the locale ---------------------------------------------------------
"$RUNWAY" --quiet balance set 1234.5 --at 2024-07-31T06:14:00+08:00 || fail "balance set"
expect_rc 0 env LANG=zh_CN.UTF-8 "$RUNWAY" report --out zh --no-charts --policy tencent-cos
expect_grep '^报告：zh/report.html（以及 report.md、summary.json）$' out.txt
expect_grep '^  余额 ¥1,234.50 约可用 12 天：预计 2024-08-12 耗尽' out.txt
expect_grep '<html lang="zh-CN">' zh/report.html
expect_grep '<h2>概览</h2>' zh/report.html
expect_grep '余额与预计耗尽' zh/report.html
expect_grep '^# runway 报告，截至 2024-07-30$' zh/report.md
expect_eq zh-CN "$(jq -r .lang zh/summary.json)" "summary.json lang"
expect_rc 0 "$RUNWAY" report --out en --no-charts --policy tencent-cos
expect_grep '<html lang="en">' en/report.html
expect_eq en "$(jq -r .lang en/summary.json)" "summary.json lang (en)"
# The keys (and every figure but the summary lines) are the same.
expect_eq "$(jq -S 'del(.generated_at, .summary, .lang) | paths | map(tostring) | join(".")' en/summary.json | sort | md5sum)" \
          "$(jq -S 'del(.generated_at, .summary, .lang) | paths | map(tostring) | join(".")' zh/summary.json | sort | md5sum)" \
          "summary.json's keys"
expect_eq "$(jq -S 'del(.generated_at, .summary, .lang, .data_quality.notes, .forecast.method)' en/summary.json)" \
          "$(jq -S 'del(.generated_at, .summary, .lang, .data_quality.notes, .forecast.method)' zh/summary.json)" \
          "summary.json's values"
echo "lang_cli: ok"
