# cli_basics.sh: help, version, usage errors and exit codes of every command.
. "$(dirname "$0")/common.bash" "$@"

expect_rc 0 "$RUNWAY" --help
expect_grep "Commands:" out.txt
expect_rc 0 "$RUNWAY" --version
expect_grep "^runway [0-9]" out.txt
for cmd in ingest series balance topup sources rejects forecast backtest; do
    expect_rc 0 "$RUNWAY" "$cmd" --help
    expect_grep "usage: runway $cmd" out.txt
done
expect_rc 2 "$RUNWAY"
expect_rc 2 "$RUNWAY" frobnicate
expect_grep "unknown command 'frobnicate'" err.txt
expect_rc 2 "$RUNWAY" --bogus
expect_rc 2 "$RUNWAY" ingest
expect_rc 2 "$RUNWAY" ingest --format nosuch x.csv
expect_rc 2 "$RUNWAY" series --granularity fortnight
expect_rc 2 "$RUNWAY" series --by colour
expect_rc 2 "$RUNWAY" series --metric money
expect_rc 2 "$RUNWAY" series --from yesterday
expect_rc 2 "$RUNWAY" balance set lots
expect_rc 2 "$RUNWAY" topup 100
expect_grep "\-\-at DATE is required" err.txt
expect_rc 2 "$RUNWAY" topup -5 --at 2024-01-01
expect_rc 2 "$RUNWAY" ingest --tz +99:00 x.csv

# Global options after the command work too, and --db wins over RUNWAY_DB.
expect_rc 0 "$RUNWAY" sources --db other.db
[ -f other.db ] || fail "--db after the command was ignored"
expect_rc 0 "$RUNWAY" --db third.db sources
[ -f third.db ] || fail "--db before the command was ignored"
# A store that cannot be opened is a runtime error (exit 1).
mkdir notadb.db
expect_rc 1 "$RUNWAY" --db notadb.db sources
expect_grep "runway: " err.txt
echo ok
