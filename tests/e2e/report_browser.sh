# report_browser.sh: the HTML report in a real browser. Renders the report
# of `runway demo` (or, while that command does not exist, the sample the
# unit test test_report_write writes) in headless Debian Chromium with no
# network, and checks that it renders offline without errors:
#   - no console message at all (the page has no script; a blocked external
#     load or inline script shows up as a Content-Security-Policy message);
#   - the DOM holds the summary box with its five lines and every section;
#   - every embedded chart decodes (a copy of the page without its CSP gets a
#     tiny script that marks each <img> decoded or broken);
#   - nothing is wider than a 1280-pixel laptop window;
#   - Chinese text (the sample's 云数据库Redis) is in the page, a family of
#     the page's CSS font stack that covers Chinese is installed, and two
#     Chinese words drawn with the page's CSS differ on screen (as missing-
#     glyph boxes they are identical: checked too, with a fontconfig setup
#     of DejaVu fonts only, so the check is known to catch it);
#   - printing gives A4 pages.
# Artifacts, copied to the directory CTest runs in (the build's tests/):
# report_screenshot.png (1280x3000 window) and report_print.pdf.
# Skips (exit 0, "SKIP: ...") only when Chromium is not installed.
OUT=$PWD # CTest's working directory: common.bash moves to a temporary one
. "$(dirname "$0")/common.bash" "$@"

CHROMIUM=${RUNWAY_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    echo "SKIP: $CHROMIUM is not installed (apt-get install chromium, or set RUNWAY_CHROMIUM)"
    exit 0
fi

# ---- the report under test ------------------------------------------------------
"$RUNWAY" demo --out "$WORK/demo" --data "$SRC/data/sample" >demo.out 2>demo.err
rc=$?
if [ "$rc" = 0 ]; then
    HTML=$WORK/demo/report.html
    echo "report: runway demo ($HTML)"
elif [ "$rc" = 2 ] && grep -q "unknown command 'demo'" demo.err; then
    # Until `runway demo` exists: the unit test's sample (hand-filled report).
    [ -x "$OUT/test_report_write" ] || fail "no runway demo and no $OUT/test_report_write"
    "$OUT/test_report_write" >sample.out 2>&1 || { cat sample.out >&2; fail "test_report_write failed"; }
    HTML=$WORK/report_sample.html
    echo "report: runway demo not available yet; using the unit test's sample"
else
    cat demo.out demo.err >&2
    fail "runway demo exited $rc"
fi
[ -s "$HTML" ] || fail "no report at $HTML"

# ---- Chromium, headless and offline -----------------------------------------------
# chrome NAME ARGS...: one run with its own fresh profile; log in NAME.log.
chrome() {
    local name=$1
    shift
    timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --proxy-server=127.0.0.1:9 --host-resolver-rules='MAP * ~NOTFOUND' \
        --user-data-dir="$WORK/profile-$name" --no-first-run --no-default-browser-check \
        --disable-extensions --disable-sync --disable-background-networking \
        --disable-component-update --hide-scrollbars \
        --enable-logging=stderr --v=0 "$@" 2>"$name.log"
}
# no_console NAME: the run logged no console message and no uncaught error.
no_console() {
    if grep -E 'CONSOLE|Uncaught' "$1.log" >console.txt; then
        cat console.txt >&2
        fail "console messages while rendering ($1)"
    fi
}

URL="file://$HTML"

chrome shot --screenshot="$WORK/shot.png" --window-size=1280,3000 "$URL" >/dev/null ||
    { tail -20 shot.log >&2; fail "chromium --screenshot failed"; }
no_console shot
[ -s shot.png ] || fail "no screenshot"
[ "$(head -c 8 shot.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "screenshot is not a PNG"
[ "$(wc -c <shot.png)" -gt 20000 ] || fail "screenshot suspiciously small (blank page?)"
cp shot.png "$OUT/report_screenshot.png" || fail "cannot copy the screenshot to $OUT"
echo "screenshot: $OUT/report_screenshot.png"

# The page as rendered, with its Content-Security-Policy in force.
chrome dom --dump-dom --window-size=1280,3000 "$URL" >dom.html ||
    { tail -20 dom.log >&2; fail "chromium --dump-dom failed"; }
no_console dom
expect_grep 'Content-Security-Policy' "$HTML"
expect_grep '<section id="summary" class="summary">' dom.html
[ "$(grep -c '<li data-line="[0-4]">' dom.html)" = 5 ] || fail "summary box without its five lines"
for h in 'At a glance' 'Balance and run-out' 'Alert thresholds' 'Monthly budget' \
         'Weekly capacity planning' 'Anomalies' 'How the forecast was made' 'Data quality'; do
    expect_grep "<h2>$h" dom.html
done
for id in balance thresholds budget weekly anomalies method quality; do
    expect_grep "<section id=\"$id\">" dom.html
done
if grep -q '<script' dom.html; then fail "a script element in the report"; fi

# Images: a copy without the CSP, plus a check script run after load.
charts=$(grep -o 'data-chart="' "$HTML" | wc -l)
sed -e '/http-equiv="Content-Security-Policy"/d' \
    -e 's#</body>#<script>window.addEventListener("load",function(){var im=document.images,ok=0,bad=0;for(var i=0;i<im.length;i++){if(im[i].complete\&\&im[i].naturalWidth>0){im[i].setAttribute("data-decoded","1");ok++}else{im[i].setAttribute("data-broken","1");bad++}}var b=document.body;b.setAttribute("data-images-ok",ok);b.setAttribute("data-images-broken",bad);b.setAttribute("data-overflow",document.documentElement.scrollWidth>window.innerWidth?"1":"0")});</script></body>#' \
    "$HTML" >probe.html
grep -q 'data-images-ok' probe.html || fail "could not add the probe script"
chrome probe --dump-dom --window-size=1280,3000 "file://$WORK/probe.html" >probe-dom.html ||
    { tail -20 probe.log >&2; fail "chromium --dump-dom (probe) failed"; }
no_console probe
expect_grep "data-images-ok=\"$charts\"" probe-dom.html
expect_grep 'data-images-broken="0"' probe-dom.html
expect_grep 'data-overflow="0"' probe-dom.html
if [ "$charts" = 0 ]; then
    expect_grep 'id="charts-note"' dom.html
    echo "note: the report has no charts (see its charts note)"
fi
echo "charts: $charts embedded, all decoded"

# ---- Chinese text --------------------------------------------------------------------
command -v python3 >/dev/null || fail "python3 is needed to read screenshots (bash .ci/deps python3)"
expect_grep '云数据库Redis' dom.html
# The CJK families the page asks for, in order, and the first installed.
stack=$(grep -o 'body{[^}]*}' "$HTML" | head -1 | grep -o '"[^"]*"' | tr -d '"')
resolved=""
while IFS= read -r fam; do
    if [ -n "$fam" ] && [ -n "$(fc-list ":family=$fam:lang=zh-cn" family)" ]; then
        resolved=$fam
        break
    fi
done <<<"$stack"
[ -n "$resolved" ] || fail "no family of the report's font stack covers Chinese (stack: $(echo $stack | tr '\n' ' ')); install fonts-wqy-microhei"
echo "Chinese: the font stack resolves to $resolved; sans-serif for zh-cn is $(fc-match -f '%{family[0]}' 'sans-serif:lang=zh-cn')"
# Two Chinese words, large, in the page's own CSS: glyphs differ, tofu
# boxes do not (png_crops.py compares the two boxes pixel by pixel).
{
    printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
    sed -n '/^<style>$/,/^<\/style>$/p' "$HTML"
    printf '<style>.t{position:absolute;left:20px;margin:0;font-size:64px;line-height:80px;'
    printf 'white-space:nowrap}#a{top:20px}#b{top:120px}</style>\n</head><body>'
    printf '<p class="t" id="a">云数据库</p><p class="t" id="b">对象存储</p></body></html>\n'
} >cjk.html
grep -q 'font:14px' cjk.html || fail "could not copy the report's CSS"
# cjk_words NAME: screenshot of cjk.html as NAME.png; prints "ink_a ink_b differ".
cjk_words() {
    chrome "$1" --screenshot="$WORK/$1.png" --window-size=600,240 "file://$WORK/cjk.html" \
        >/dev/null || { tail -20 "$1.log" >&2; fail "chromium --screenshot failed ($1)"; }
    no_console "$1"
    python3 "$SRC/tests/e2e/png_crops.py" "$1.png" 20 20 300 100 20 120 300 200 ||
        fail "cannot read $1.png"
}
read -r ink_a ink_b differ <<<"$(cjk_words cjk)"
echo "Chinese words: inked $ink_a and $ink_b of their boxes, $differ of the pixels differ"
cp cjk.png "$OUT/report_cjk.png" || fail "cannot copy the Chinese screenshot to $OUT"
awk -v a="$ink_a" -v b="$ink_b" 'BEGIN { exit !(a > 0.05 && b > 0.05) }' ||
    fail "Chinese words not drawn (inked $ink_a, $ink_b)"
awk -v d="$differ" 'BEGIN { exit !(d > 0.05) }' ||
    fail "Chinese text shows as boxes (two words differ in $differ of the pixels): no font covers it"
# The same page where no font covers Chinese: the boxes must be identical.
dejavu=/usr/share/fonts/truetype/dejavu
if [ -d "$dejavu" ]; then
    printf '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
        "$dejavu" "$WORK/fc-cache" >nocjk.conf
    read -r _ _ tofu <<<"$(FONTCONFIG_FILE=$WORK/nocjk.conf cjk_words cjk-none)"
    echo "Chinese words without a font for them: $tofu of the pixels differ"
    awk -v d="$tofu" 'BEGIN { exit !(d < 0.01) }' ||
        fail "the tofu check cannot tell boxes from glyphs (boxes differ in $tofu)"
fi

# Print: A4 pages (595 x 842 points).
chrome print --no-pdf-header-footer --print-to-pdf="$WORK/print.pdf" "$URL" >/dev/null ||
    { tail -20 print.log >&2; fail "chromium --print-to-pdf failed"; }
no_console print
[ -s print.pdf ] || fail "no PDF"
grep -aq 'MediaBox \[0 0 59[45][.0-9]* 84[12][.0-9]*\]' print.pdf || fail "printed pages are not A4"
pages=$(grep -ac '/Type /Page$\|/Type /Page[^s]' print.pdf)
cp print.pdf "$OUT/report_print.pdf" || fail "cannot copy the PDF to $OUT"
echo "print: $pages A4 page(s), $OUT/report_print.pdf"
echo "ok"
