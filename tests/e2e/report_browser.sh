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
