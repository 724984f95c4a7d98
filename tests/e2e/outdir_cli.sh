# outdir_cli.sh: the folders runway writes into (report --out and charts/,
# fetch --raw-dir): a folder others can write to, or of another user, is
# refused; symbolic links planted at any name runway writes are never
# followed; the charts' scratch folder swapped for a link while gnuplot
# runs neither runs a planted script nor empties another folder.
. "$(dirname "$0")/common.bash" "$@"
PY=/usr/bin/python3
A=(--account 100012345678)
expect_rc 0 "$RUNWAY" demo --data "$SRC/data/sample" --out demo

# --- (a) folders refused, with what to do -------------------------------
mkdir grp && chmod 775 grp
expect_rc 2 "$RUNWAY" report "${A[@]}" --out grp --no-charts
expect_grep "grp: refusing to write into this folder: other users can write to it" err.txt
expect_grep 'run `chmod go-w grp`, or choose a folder of your own' err.txt
[ -z "$(ls -A grp)" ] || fail "nothing is written into a refused folder"
mkdir wrl && chmod 757 wrl
expect_rc 2 "$RUNWAY" report "${A[@]}" --out wrl --no-charts
expect_grep "wrl: refusing to write" err.txt
# A report folder whose charts/ is group-writable: refused too.
mkdir -p cgrp/charts && chmod 775 cgrp/charts
expect_rc 2 "$RUNWAY" report "${A[@]}" --out cgrp
expect_grep "cgrp/charts: refusing to write" err.txt
# A symbolic link as the folder: refused (give the real folder).
mkdir real && ln -s real linked
expect_rc 2 "$RUNWAY" report "${A[@]}" --out linked --no-charts
expect_grep "linked: refusing to write into a symbolic link" err.txt
# Another user's folder: refused even as root (CI runs as root).
if [ "$(id -u)" = 0 ]; then
    mkdir theirs && chown nobody theirs && chmod 755 theirs
    expect_rc 2 "$RUNWAY" report "${A[@]}" --out theirs --no-charts
    expect_grep "theirs: refusing to write into this folder: it belongs to another user" err.txt
    [ -z "$(ls -A theirs)" ] || fail "nothing is written into another user's folder"
else
    echo "skipped: a folder of another user needs root to make (running as $(id -un))"
fi
# Sticky and world-writable (like /tmp) but ours: accepted; so is a new
# folder made inside a sticky world-writable one.
mkdir sticky && chmod 1777 sticky
expect_rc 0 "$RUNWAY" report "${A[@]}" --out sticky --no-charts
[ -f sticky/summary.json ] || fail "no report in a sticky folder of ours"
expect_rc 0 "$RUNWAY" report "${A[@]}" --out sticky/new --no-charts
[ -f sticky/new/summary.json ] || fail "no report in a new folder inside a sticky one"
[ "$(stat -c %a sticky/new)" = "$(printf '%o' $((0777 & ~$(umask))))" ] ||
    fail "a new folder gets 0777 & ~umask"

# --- (b) planted symbolic links are never followed ------------------------
echo precious > victim
mkdir -p planted/charts
for f in summary.json report.md report.html; do ln -s "$WORK/victim" "planted/$f"; done
for c in runout budget total stack; do
    ln -s "$WORK/victim" "planted/charts/$c.svg"
    ln -s "$WORK/victim" "planted/charts/$c.png"
done
# The old temporary names (.NAME.PID.tmp): the pid of the subshell is the
# pid of the runway it execs.
(
    for f in summary.json report.md report.html; do
        ln -s "$WORK/victim" "planted/.$f.$BASHPID.tmp"
    done
    exec "$RUNWAY" report "${A[@]}" --out planted >out.txt 2>err.txt
) || { cat err.txt >&2; fail "report into a folder with planted links"; }
expect_eq precious "$(cat victim)" "the victim file"
for f in summary.json report.md report.html; do
    [ -f "planted/$f" ] && [ ! -L "planted/$f" ] || fail "planted/$f is not a regular file"
    [ "$(stat -c %u "planted/$f")" = "$(id -u)" ] || fail "planted/$f is not ours"
done
if command -v gnuplot >/dev/null; then
    for c in runout budget total stack; do
        for e in svg png; do
            [ -f "planted/charts/$c.$e" ] && [ ! -L "planted/charts/$c.$e" ] ||
                fail "planted/charts/$c.$e is not a regular file"
        done
    done
fi
for f in planted/.*.tmp; do
    [ -L "$f" ] || [ ! -e "$f" ] || fail "a temporary file of ours was left: $f"
done

# --- (c) the charts' scratch folder swapped while gnuplot runs --------------
if command -v gnuplot >/dev/null; then
    REAL_GP=$(command -v gnuplot)
    mkdir -p fakebin decoy moved race
    echo precious > decoy/precious
    printf 'system "touch %s/pwned"\n' "$WORK" > decoy/chart.gp
    cp decoy/chart.gp decoy/chart.gp.orig
    # Runs in its scratch folder: moves it away and leaves a link to the
    # decoy at its name, then runs the real gnuplot (in the moved folder).
    cat > fakebin/gnuplot <<FAKE
#!/bin/bash
here=\$(pwd -P)
name=\$(basename "\$here")
mv "\$here" "$WORK/moved/\$name" && ln -s "$WORK/decoy" "\$(dirname "\$here")/\$name"
exec "$REAL_GP" "\$@"
FAKE
    chmod +x fakebin/gnuplot
    PATH="$WORK/fakebin:$PATH" expect_rc 0 "$RUNWAY" report "${A[@]}" --out race
    [ -n "$(ls -A moved)" ] || fail "the fake gnuplot did not run"
    expect_eq precious "$(cat decoy/precious 2>/dev/null)" "the decoy's file"
    cmp -s decoy/chart.gp decoy/chart.gp.orig || fail "the decoy's chart.gp was touched"
    [ ! -e pwned ] || fail "the planted chart.gp was run"
    [ "$(ls -A decoy | wc -l)" = 3 ] || fail "files appeared in the decoy: $(ls -A decoy)"
    [ -z "$(find race/charts -name '.rw-chart-*' -type d)" ] || fail "a scratch folder was left"
    for d in moved/.rw-chart-*; do
        [ -d "$d" ] || fail "the fake gnuplot moved no scratch folder"
        [ -z "$(ls -A "$d")" ] || fail "the moved scratch folder $d was not emptied: $(ls -A "$d")"
    done
    for c in runout budget total stack; do
        [ -f "race/charts/$c.svg" ] && [ ! -L "race/charts/$c.svg" ] || fail "chart $c missing"
    done
else
    echo "skipped: the scratch race needs gnuplot"
fi

# --- (d) fetch's raw folder ---------------------------------------------------
if [ -x "$PY" ]; then
    export TENCENTCLOUD_SECRET_ID=AKIDrunwayFAKE0000000000000000000000
    export TENCENTCLOUD_SECRET_KEY=runwayFAKEsecretKEY0000000000000
    start_server fake fake_tencent.py --log fake.log --idle-timeout 60 --items 30 --month 2024-09
    URL=$(server_url fake)
    mkdir rawgrp && chmod 770 rawgrp
    expect_rc 2 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$URL" --raw-dir rawgrp
    expect_grep "rawgrp: refusing to write into this folder" err.txt
    [ -z "$(ls -A rawgrp)" ] || fail "fetch wrote into a refused folder"
    # Links planted at the partial files' names are not followed.
    mkdir raw && chmod 700 raw
    ln -s "$WORK/victim" raw/bills-2024-09.jsonl.part
    ln -s "$WORK/victim" raw/ledger-2024-09.jsonl.part
    expect_rc 0 "$RUNWAY" fetch tencent --month 2024-09 --endpoint "$URL" --raw-dir raw
    expect_eq precious "$(cat victim)" "the victim file after fetch"
    ls raw/bills-2024-09-*.jsonl >/dev/null 2>&1 || fail "no raw bill kept"
    for f in raw/*; do
        [ -L "$f" ] && fail "a link was left or made: $f"
        [ -f "$f" ] || fail "not a regular file: $f"
    done
    ls -A raw | grep -q '\.tmp$' && fail "temporary files left in raw"
fi
echo "outdir_cli: ok"
