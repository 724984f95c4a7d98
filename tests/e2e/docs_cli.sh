# docs_cli.sh: the man page (docs/man/runway.1) and the bash completion
# (completions/runway.bash) against the program's own --help texts:
# - every long flag `runway CMD --help` prints is described in CMD's
#   subsection of the man page (in an item of its own or shared, .TP) and
#   offered by the completion (a flag added
#   to a --help and not documented fails here; checked below on a fake
#   runway whose ingest --help has one flag more);
# - the fixed values the completion offers (--format per command, --by,
#   --metric, --policy, ...) are those the --help texts list;
# - the man page renders with groff without warnings, for UTF-8 and ASCII
#   terminals (skipped, with a message, when groff is not installed);
# - a few completions a user types: `runway ru`, `runway forecast --for`,
#   `runway forecast --format `, `runway ingest `.
. "$(dirname "$0")/common.bash" "$@"

MAN="$SRC/docs/man/runway.1"
COMPLETION="$SRC/completions/runway.bash"
[ -f "$MAN" ] || fail "no man page at $MAN"
[ -f "$COMPLETION" ] || fail "no completion script at $COMPLETION"

# ---- the program's help texts ------------------------------------------------

mkdir help
expect_rc 0 "$RUNWAY" --help
cp out.txt help/_global.txt
COMMANDS=$(awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }' help/_global.txt)
[ "$(echo "$COMMANDS" | wc -l)" -ge 17 ] || fail "fewer than 17 commands in runway --help: $COMMANDS"
for cmd in $COMMANDS; do
    expect_rc 0 "$RUNWAY" "$cmd" --help
    expect_grep "usage: runway $cmd" out.txt
    cp out.txt "help/$cmd.txt"
done

# help_flags FILE: the long flags a help text mentions, one a line.
help_flags() {
    grep -oE -- '--[a-z][a-z0-9-]*' "$1" | sort -u
}

# ---- the man page --------------------------------------------------------------

# man_text: the roff source as plain text: font, hyphen, space and
# zero-width escapes removed, so that flags read as they are typed.
man_text() {
    sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\~/ /g' -e 's/\\&//g' -e 's/\\://g' \
        -e 's/\\(aq/'"'"'/g' -e 's/\\(dq/"/g' "$1"
}
man_text "$MAN" > man.txt

# man_part KIND NAME: the text of section (KIND SH) or subsection (KIND SS)
# NAME, up to the next heading of the same or a higher level.
man_part() {
    awk -v kind="$1" -v name="$2" '
        function title(line) { sub(/^\.S[HS][ \t]+/, "", line); gsub(/"/, "", line); return line }
        /^\.SH/ || (kind == "SS" && /^\.SS/) { on = ($0 ~ "^\\." kind) && title($0) == name; next }
        on' man.txt
}

# has_word WORD FILE: WORD (a flag or value) occurs in FILE as a whole word.
has_word() {
    local w
    w=$(printf '%s' "$1" | sed 's/[.[\*^$+?(){}|]/\\&/g')
    grep -qE -- "(^|[^a-zA-Z0-9_-])$w([^a-zA-Z0-9_-]|\$)" "$2"
}

# tp_tags: the tags of the .TP items (the line after each .TP) of the text
# on stdin: where a flag is described, not just named.
tp_tags() {
    awk 'tag { print; tag = 0 } /^\.TP/ { tag = 1 }'
}

# man_missing BIN: "COMMAND FLAG" for every flag that `BIN [COMMAND] --help`
# prints and the man page does not describe where it should (an item of
# GLOBAL OPTIONS, or of the command's subsection); nothing when all are.
man_missing() {
    local bin=$1 cmd flag
    "$bin" --help > check_help.txt 2>/dev/null
    man_part SH "GLOBAL OPTIONS" | tp_tags > tags.txt
    for flag in $(help_flags check_help.txt); do
        has_word "$flag" tags.txt || echo "(global) $flag"
    done
    for cmd in $COMMANDS; do
        "$bin" "$cmd" --help > check_help.txt 2>/dev/null
        man_part SS "$cmd" | tp_tags > tags.txt
        for flag in $(help_flags check_help.txt); do
            has_word "$flag" tags.txt || echo "$cmd $flag"
        done
    done
}

for section in NAME SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS ENVIRONMENT FILES \
    "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    grep -qE "^\.SH \"?$section\"?\$" man.txt || fail "man page: no section $section"
done
# One subsection per command, and none for a command that does not exist.
for cmd in $COMMANDS; do
    grep -qE "^\.SS \"?$cmd\"?\$" man.txt || fail "man page: no subsection for '$cmd'"
    man_part SS "$cmd" > part.txt
    has_word "runway $cmd" part.txt || fail "man page: the $cmd subsection has no synopsis"
done
for ss in $(sed -n 's/^\.SS "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' man.txt); do
    echo "$COMMANDS" | grep -qx -- "$ss" || fail "man page: subsection '$ss' is no runway command"
done

missing=$(man_missing "$RUNWAY")
[ -z "$missing" ] || fail "flags printed by --help but not in the man page:
$missing"

man_part SH ENVIRONMENT > part.txt
for var in RUNWAY_DB RUNWAY_NOW TENCENTCLOUD_SECRET_ID TENCENTCLOUD_SECRET_KEY HOME; do
    has_word "$var" part.txt || fail "man page: ENVIRONMENT does not name $var"
done
man_part SH FILES > part.txt
for f in runway.db .lock tencent.json runway-raw; do
    grep -qF -- "$f" part.txt || fail "man page: FILES does not name $f"
done
man_part SH "EXIT STATUS" > part.txt
for code in 0 1 2 3 65; do
    grep -qx -- "\.B $code" part.txt || fail "man page: EXIT STATUS does not explain $code"
done
# The exit codes the program states are those documented.
expect_grep "Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 discrepancies (reconcile), 65 input data rejected" \
    help/_global.txt

# The check itself: a runway whose ingest --help gains a flag must fail it.
cat > fake-runway <<EOF
#!/bin/sh
if [ "\$1" = ingest ] && [ "\$2" = --help ]; then
    "$RUNWAY" ingest --help
    echo "  --frobnicate N  a flag nobody documented"
    exit 0
fi
exec "$RUNWAY" "\$@"
EOF
chmod +x fake-runway
expect_eq "ingest --frobnicate" "$(man_missing ./fake-runway)" \
    "the man page check on a runway with an undocumented flag"

# ---- rendering ---------------------------------------------------------------

if command -v groff >/dev/null 2>&1; then
    groff -man -Tutf8 -ww "$MAN" > rendered.txt 2> groff.err
    [ -s groff.err ] && { cat groff.err >&2; fail "groff warns about $MAN"; }
    # Overstrike (bold X is X backspace X) removed before looking at the text.
    sed 's/.\x08//g' rendered.txt > rendered-plain.txt
    grep -q "^GLOBAL OPTIONS" rendered-plain.txt || fail "groff rendered no GLOBAL OPTIONS"
    grep -qF "WeCom (企业微信)" rendered-plain.txt || fail "groff did not render the Chinese names"
    # man in the C locale renders for ASCII: the Chinese names become pinyin.
    groff -man -Tascii -ww "$MAN" > rendered.txt 2> groff.err
    [ -s groff.err ] && { cat groff.err >&2; fail "groff -Tascii warns about $MAN"; }
else
    echo "SKIP: groff is not installed: the man page rendering check is skipped" >&2
fi

# ---- the completion ------------------------------------------------------------

# shellcheck source=/dev/null
. "$COMPLETION"
declare -F _runway >/dev/null || fail "the completion script defines no _runway"
complete -p runway 2>/dev/null | grep -q -- "-F _runway" || fail "_runway is not registered for runway"

# complete_line LINE [BINARY]: runs the completion as bash does for LINE
# (the cursor at its end; a trailing space starts a new word); the offers,
# sorted, one a line, in offers.txt.
complete_line() {
    local line=$1
    read -ra COMP_WORDS <<< "$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_WORDS[0]=${2:-$RUNWAY}
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMPREPLY=()
    _runway
    printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort > offers.txt
}
# offers: what the last complete_line offered, on one line.
offers() {
    paste -sd' ' offers.txt
}
# expect_offer WORD LINE: WORD is among the offers for LINE.
expect_offer() {
    grep -qx -- "$1" offers.txt || fail "completing '$2' does not offer '$1' (offers: $(offers))"
}

# Every flag of every command's --help, and the global options.
complete_line "runway --"
for flag in $(help_flags help/_global.txt); do expect_offer "$flag" "runway --"; done
for cmd in $COMMANDS; do
    line="runway $cmd --"
    [ "$cmd" = fetch ] && line="runway fetch tencent --"
    complete_line "$line"
    for flag in $(help_flags "help/$cmd.txt"); do expect_offer "$flag" "$line"; done
    # The options every command accepts besides its own.
    for flag in --db --quiet --verbose --help; do expect_offer "$flag" "$line"; done
done

# Flags come from the program: one more flag in a --help is offered at once.
complete_line "runway ingest --fro" ./fake-runway
expect_eq "--frobnicate" "$(offers)" "completing 'runway ingest --fro' with a new flag"

# What a user types.
complete_line "runway ru"
expect_eq "run runout" "$(offers)" "completing 'runway ru'"
complete_line "runway "
expect_eq "$(echo "$COMMANDS" | sort | paste -sd' ')" "$(offers)" "completing 'runway '"
complete_line "runway forecast --for"
expect_eq "--format" "$(offers)" "completing 'runway forecast --for'"
complete_line "runway forecast --format "
expect_eq "csv json" "$(offers)" "completing 'runway forecast --format '"
complete_line "runway forecast --format = j"
expect_eq "json" "$(offers)" "completing 'runway forecast --format=j'"
touch bill-2024-09.csv focus.csv.gz
mkdir exports
complete_line "runway ingest "
for f in bill-2024-09.csv focus.csv.gz exports; do expect_offer "$f" "runway ingest "; done
complete_line "runway ingest --strict b"
expect_eq "bill-2024-09.csv" "$(offers)" "completing 'runway ingest --strict b'"
complete_line "runway --db "
expect_offer bill-2024-09.csv "runway --db "
complete_line "runway --db store.db --quiet fore"
expect_eq "forecast" "$(offers)" "completing a command after global options"
for flag in --input --config --path; do
    complete_line "runway forecast $flag f"
    expect_offer focus.csv.gz "runway forecast $flag f"
done
for flag in --out --raw-dir --data --report; do
    complete_line "runway report $flag e"
    expect_eq "exports" "$(offers)" "completing the directory of $flag"
done
complete_line "runway ingest --account "
expect_eq "" "$(offers)" "completing the value of --account"
complete_line "runway frobnicate --"
expect_eq "" "$(offers)" "completing after a word that is no command"

# The values of --format, per command: those the command's --help lists.
for cmd in $COMMANDS; do
    if [ "$cmd" = ingest ]; then
        # "--format FMT    auto (default), focus, tencent-bill, ..." up to the next flag.
        want=$(awk '/^  --format / { on = 1; sub(/^  --format [A-Z]+ +/, ""); print; next }
                    on && /^  --/ { exit } on { print }' help/ingest.txt |
            sed 's/([^)]*)//g' | tr ',' ' ' | tr -s ' ' '\n' | grep -E '^[a-z][a-z0-9-]*$' | sort -u | paste -sd' ')
    else
        want=$(grep -oE -- '--format [a-z]+(\|[a-z]+)+' "help/$cmd.txt" | sed 's/^--format //' |
            tr '|' '\n' | sort -u | paste -sd' ')
    fi
    line="runway $cmd --format "
    [ "$cmd" = fetch ] && line="runway fetch tencent --format "
    complete_line "$line"
    expect_eq "$want" "$(offers)" "completing '$line'"
done

# help_choices CMD FLAG: the values listed in the paragraph of FLAG in CMD's
# --help ("--by DIM  service, account, ..."): parentheses dropped, split at
# commas, semicolons and "or", "usage:UNIT" kept as "usage:".
help_choices() {
    awk -v flag="$2" '
        index($0, "  " flag " ") == 1 { on = 1; sub("^  " flag " [^ ]+ +", ""); print; next }
        on && /^  (--|$)/ { exit }
        on && /^$/ { exit }
        on { print }' "help/$1.txt" | tr '\n' ' ' | sed -e 's/([^)]*)//g' -e 's/^[^,:]*: //' |
        sed -e 's/[,;]/\n/g' -e 's/ or /\n/g' | sed -e 's/^ *//' -e 's/ *$//' |
        grep -E '^[a-z][a-z0-9-]*(:[A-Z]+)?$' | sed 's/:[A-Z]*$/:/' | sort -u
}

# check_values LINE CMD [FLAG]: every value offered for LINE is a word of
# CMD's --help; with FLAG, every value FLAG's paragraph lists is offered.
check_values() {
    local line=$1 cmd=$2 flag=${3:-} v
    complete_line "$line"
    [ -s offers.txt ] || fail "completing '$line' offers nothing"
    while read -r v; do
        has_word "${v%[:=]}" "help/$cmd.txt" || fail "completing '$line' offers '$v', not in runway $cmd --help"
    done < offers.txt
    if [ -n "$flag" ]; then
        help_choices "$cmd" "$flag" > choices.txt
        [ -s choices.txt ] || fail "no values found for $flag in runway $cmd --help"
        while read -r v; do
            grep -qx -- "$v" offers.txt || fail "completing '$line' does not offer '$v' (runway $cmd --help lists it)"
        done < choices.txt
    fi
}
check_values "runway series --by " series --by
check_values "runway forecast --by " series --by
check_values "runway series --granularity " series --granularity
check_values "runway series --metric " series --metric
check_values "runway anomalies --metric " series --metric
check_values "runway forecast --model " forecast --model
check_values "runway anomalies --attribute " anomalies
check_values "runway ingest --format " ingest --format
check_values "runway ingest --summary " ingest
check_values "runway topup 100 --every " topup
check_values "runway notify --webhook " notify
check_values "runway runout --lang " runout
check_values "runway report --lang " report
complete_line "runway runout --policy "
for p in $(help_choices runout --policy); do expect_offer "$p" "runway runout --policy "; done
grep -qx generic offers.txt || fail "no policy names found in runway runout --help"
complete_line "runway runout --policy tencent-c"
expect_eq "tencent-cls tencent-cos" "$(offers)" "completing 'runway runout --policy tencent-c'"
complete_line "runway series --by ta"
expect_eq "tag:" "$(offers)" "completing 'runway series --by ta'"
complete_line "runway series --by tag : "
expect_eq "" "$(offers)" "completing a tag key"

# The verbs of balance, topup and fetch, as their --help shows them.
for verb in "balance set" "balance show" "topup list" "topup remove" "fetch tencent"; do
    cmd=${verb% *}
    expect_grep "runway $verb" "help/$cmd.txt"
    complete_line "runway $cmd "
    expect_offer "${verb#* }" "runway $cmd "
done
complete_line "runway balance set "
expect_eq "" "$(offers)" "completing the AMOUNT of balance set"
complete_line "runway topup list "
expect_offer --format "runway topup list "

# A flag shown without an argument ([--flag]) takes none: the word after it
# is completed afresh, not as its value.
for cmd in _global $COMMANDS; do
    for flag in $(grep -oE -- '\[--[a-z][a-z0-9-]*\]' "help/$cmd.txt" | tr -d '[]' | sort -u); do
        case $cmd in
        _global) line="runway $flag " ;;
        fetch) line="runway fetch tencent $flag " ;;
        *) line="runway $cmd $flag " ;;
        esac
        complete_line "$line"
        [ -s offers.txt ] || fail "completing '$line' offers nothing: is $flag taken for a flag with an argument?"
    done
done
echo ok
