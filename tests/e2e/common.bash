# common.bash: helpers for end-to-end tests. Each test script is run by CTest as
#   bash SCRIPT RUNWAY_BINARY SOURCE_DIR
# in a fresh temporary directory, and fails on the first broken expectation.
set -u
RUNWAY=$1
SRC=$2
WORK=$(mktemp -d /tmp/rw_e2e.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# RUNWAY_WRAPPER (e.g. "valgrind --error-exitcode=99 --leak-check=full -q",
# set by .ci/valgrind) runs every runway of the test under it, and only
# runway: the test servers, gnuplot and the browser are not ours. The
# wrapper execs, so the process id a test kills is the wrapped runway's.
if [ -n "${RUNWAY_WRAPPER:-}" ]; then
    printf '#!/bin/sh\nexec %s %q "$@"\n' "$RUNWAY_WRAPPER" "$RUNWAY" > "$WORK/.runway-wrapped"
    chmod +x "$WORK/.runway-wrapped"
    RUNWAY="$WORK/.runway-wrapped"
fi
export RUNWAY_DB="$WORK/store.db"
# The tests expect English text: a Chinese locale on the machine must not
# change it (lang_cli sets its own per command).
unset LC_ALL LC_MESSAGES RUNWAY_TZ
export LANG=C.UTF-8
CASES="$SRC/tests/cases"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# expect_rc CODE CMD...: runs CMD, output to out.txt/err.txt, checks exit code.
expect_rc() {
    local want=$1
    shift
    "$@" >out.txt 2>err.txt
    local got=$?
    if [ "$got" != "$want" ]; then
        echo "--- stdout" >&2; cat out.txt >&2
        echo "--- stderr" >&2; cat err.txt >&2
        fail "exit $got, want $want: $*"
    fi
}

# expect_eq WANT GOT WHAT
expect_eq() {
    [ "$1" = "$2" ] || fail "$3: got [$2], want [$1]"
}

# expect_grep PATTERN FILE
expect_grep() {
    grep -q -- "$1" "$2" || { head -c 4000 "$2" >&2; fail "no '$1' in $2"; }
}
