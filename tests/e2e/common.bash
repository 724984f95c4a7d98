# common.bash: helpers for end-to-end tests. Each test script is run by CTest as
#   bash SCRIPT RUNWAY_BINARY SOURCE_DIR
# in a fresh temporary directory, and fails on the first broken expectation.
set -u
RUNWAY=$1
SRC=$2
WORK=$(mktemp -d /tmp/rw_e2e.XXXXXX)
# The loopback test servers (start_server) are stopped on exit.
SERVER_PIDS=""
trap 'for p in $SERVER_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT
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

# start_server NAME SCRIPT ARGS...: starts the loopback fake
# tests/e2e/SCRIPT (fake_tencent.py, fake_webhook.py) with ARGS; its port
# goes to NAME.port (server_url NAME prints its base URL), its stderr to
# NAME.err. It is stopped when the test exits.
start_server() {
    local name=$1 script=$2 py=/usr/bin/python3
    shift 2
    [ -x "$py" ] || py=python3
    "$py" "$SRC/tests/e2e/$script" "$@" > "$name.port" 2> "$name.err" &
    SERVER_PIDS="$SERVER_PIDS $!"
    for _ in $(seq 50); do [ -s "$name.port" ] && break; sleep 0.1; done
    [ -s "$name.port" ] || { cat "$name.err" >&2; fail "$name did not start"; }
}
server_url() { echo "http://127.0.0.1:$(head -1 "$1.port")"; }
