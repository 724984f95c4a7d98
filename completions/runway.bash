# bash completion for runway(1)                          -*- shell-script -*-
#
# Install as /usr/share/bash-completion/completions/runway (loaded on
# demand by bash-completion), or source it from ~/.bashrc. It needs only
# bash >= 4.2, not the bash-completion package.
#
# Where the lists come from:
#
# - Command names and each command's long flags are asked of the program
#   itself, at completion time: the commands from `runway --help` (the
#   "Commands:" block), the flags of a command from the --NAME words that
#   `runway COMMAND --help` prints. Each answer is cached for the shell
#   session, per binary and command, so a completion costs one run of
#   `runway CMD --help` the first time and nothing after. The flag lists
#   therefore cannot drift from the program, including a runway built or
#   upgraded after this script was installed. The binary asked is the one
#   being completed (COMP_WORDS[0], e.g. build/runway), else `runway` on
#   PATH. To forget the cache after rebuilding: unset _runway_cache.
#
# - The fixed values of some flags (--format per command, --by, --metric,
#   --granularity, --policy, --model, ...), the verbs of balance, topup and
#   fetch, and which flags take no argument are kept below: the help texts
#   give most of them in prose, not in a form that can be parsed reliably.
#   tests/e2e/docs_cli.sh proves they match what `runway CMD --help` lists.

# Flags that take no argument (every other flag takes one).
_runway_bool_flags=" --amortize --strict --no-supersede --saved --no-backtest --no-charts --no-balance --no-bills --no-ledger --organization \
--dry-run --no-fetch --wait --quiet --verbose --help --version --all-accounts --self-paid --no-routes --digest-always "

# The values of --format, per command (what each command's --help lists).
declare -gA _runway_formats=(
    [ingest]="auto focus tencent-bill tencent-api aws-cur cos-log s3-log series azure oci"
    [series]="csv json"
    [balance]="text json"
    [topup]="text json"
    [sources]="text json"
    [rejects]="text csv json"
    [forecast]="csv json"
    [backtest]="text json"
    [accounts]="text json csv"
    [runout]="text json csv"
    [arrears]="text json csv"
    [reconcile]="text json"
    [thresholds]="text json prometheus csv"
    [budget]="text json csv"
    [anomalies]="text json csv"
    [fetch]="text json"
    [notify]="text json"
)

# The fixed values of other flags, whatever the command.
declare -gA _runway_values=(
    [--summary]="text json"
    [--by]="service account billing-account region provider category bucket tag:"
    [--attribute]="service account billing-account region provider category tag: none"
    [--granularity]="hour day week month"
    [--metric]="cost effective-cost drawn requests egress-bytes storage-bytes points usage:"
    [--policy]="generic tencent-cos tencent-cls alibaba-oss"
    [--model]="auto snaive ets theta mstl trend"
    [--every]="week month"
    [--webhook]="wecom= dingtalk= slack= json="
    [--lang]="zh-CN en"
    [--date-order]="mdy dmy"
)

# The verbs (first argument) of the commands that have them.
declare -gA _runway_verbs=(
    [balance]="set show"
    [topup]="list remove"
    [accounts]="list show set import"
    [fetch]="tencent"
)

# Flags whose argument is a file, and flags whose argument is a directory.
_runway_file_flags=" --input --db --config --path "
_runway_dir_flags=" --out --raw-dir --data --report "

# The options every command accepts besides its own (RW_CLI_COMMON_OPTIONS).
_runway_common_flags="--db --quiet --verbose --help"

# The cache: key "BINARY<TAB>COMMAND" (COMMAND "" for the global help).
declare -gA _runway_cache 2>/dev/null || true

# _runway_bin: the runway to ask, in REPLY.
_runway_bin()
{
    local bin=${COMP_WORDS[0]}
    [[ $bin == "~"* ]] && bin=${HOME}${bin:1}
    if [[ $bin == */* ]]; then
        [[ -x $bin ]] || bin=runway
    fi
    REPLY=$bin
}

# _runway_help_words CMD: the commands (CMD empty) or the long flags of CMD,
# one a line, in REPLY; from the cache or the program.
_runway_help_words()
{
    local cmd=$1 bin key text
    _runway_bin
    bin=$REPLY
    key="$bin"$'\t'"$cmd"
    if [[ -z ${_runway_cache[$key]+set} ]]; then
        if [[ -z $cmd ]]; then
            text=$(LC_ALL=C "$bin" --help 2>/dev/null </dev/null |
                awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
        else
            text=$(LC_ALL=C "$bin" "$cmd" --help 2>/dev/null </dev/null |
                grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
        fi
        # An empty answer (no runway there, yet) is not kept.
        [[ -n $text ]] && _runway_cache[$key]=$text
    fi
    REPLY=${_runway_cache[$key]-}
}

# _runway_is_command WORD: WORD is one of the program's commands.
_runway_is_command()
{
    _runway_help_words ""
    [[ $'\n'$REPLY$'\n' == *$'\n'"$1"$'\n'* ]]
}

# _runway_compgen WORDS CUR: COMPREPLY from a word list, without duplicates;
# values ending in ':' or '=' (tag:, usage:, wecom=) get no space after.
_runway_compgen()
{
    local w
    local -A seen=()
    COMPREPLY=()
    while IFS= read -r w; do
        [[ -n $w && -z ${seen[$w]+set} ]] || continue
        seen[$w]=1
        COMPREPLY+=("$w")
    done < <(compgen -W "$1" -- "$2")
    if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *[:=] ]]; then
        compopt -o nospace 2>/dev/null
    fi
}

# _runway_files CUR [-d]: COMPREPLY from file (or, with -d, directory) names.
_runway_files()
{
    local w
    COMPREPLY=()
    while IFS= read -r w; do
        COMPREPLY+=("$w")
    done < <(compgen "${2:--f}" -- "$1")
    compopt -o filenames 2>/dev/null
}

# _runway_flags CMD CUR: COMPREPLY from the flags of CMD.
_runway_flags()
{
    _runway_help_words "$1"
    _runway_compgen "$REPLY $_runway_common_flags" "$2"
}

_runway()
{
    local cword=$COMP_CWORD
    local -a words=("${COMP_WORDS[@]}")
    local cur=${words[cword]} pi=$((cword - 1))
    COMPREPLY=()
    # bash splits words at ':' and '=' (COMP_WORDBREAKS): inside tag:KEY,
    # usage:UNIT or a URL there is nothing to offer; --flag=value completes
    # the value of --flag.
    if [[ $cur == ":" || ${words[pi]} == ":" ]]; then
        return
    elif [[ $cur == "=" ]]; then
        cur=""
        [[ ${words[pi]} == --* ]] || return
    elif [[ ${words[pi]} == "=" ]] && ((pi >= 1)); then
        ((pi--))
        [[ ${words[pi]} == --* ]] || return
    fi
    local prev=${words[pi]}

    # The command: the first word that is neither a global option nor the
    # argument of --db.
    local i=1 cmd="" cmd_at=0 w
    while ((i < cword)); do
        w=${words[i]}
        if [[ $w == --db ]]; then
            ((i += 2))
            [[ ${words[i - 1]} == "=" ]] && ((i++))
            continue
        elif [[ $w == -* || $w == "=" ]]; then
            ((i++))
            continue
        fi
        cmd=$w
        cmd_at=$i
        break
    done

    if [[ -n $cmd ]] && ! _runway_is_command "$cmd"; then
        return # not a command: nothing to ask the program about
    fi
    if [[ -z $cmd ]]; then
        if [[ $prev == --db ]]; then
            _runway_files "$cur"
        elif [[ $cur == -* ]]; then
            _runway_compgen "--db --quiet --verbose --help --version" "$cur"
        else
            _runway_help_words ""
            _runway_compgen "$REPLY" "$cur"
        fi
        return
    fi

    # The argument of a flag of the command.
    if ((pi > cmd_at)) && [[ $prev == --* && $_runway_bool_flags != *" $prev "* ]]; then
        if [[ $prev == --format ]]; then
            _runway_compgen "${_runway_formats[$cmd]-}" "$cur"
        elif [[ $prev == --policy ]]; then # NAME|FILE
            _runway_compgen "${_runway_values[--policy]}" "$cur"
            local -a names=("${COMPREPLY[@]}")
            _runway_files "$cur"
            COMPREPLY=("${names[@]}" "${COMPREPLY[@]}")
        elif [[ -n ${_runway_values[$prev]+set} ]]; then
            _runway_compgen "${_runway_values[$prev]}" "$cur"
        elif [[ $_runway_file_flags == *" $prev "* ]]; then
            _runway_files "$cur"
        elif [[ $_runway_dir_flags == *" $prev "* ]]; then
            _runway_files "$cur" -d
        fi # else a number, an amount, an ID, a date: nothing to offer
        return
    fi

    if [[ $cur == -* && $cur != - ]]; then
        _runway_flags "$cmd" "$cur"
        return
    fi

    # The arguments already given after the command (words that are not
    # flags or flag arguments); the first is the verb, if any.
    local -a args=()
    for ((i = cmd_at + 1; i < cword; i++)); do
        w=${words[i]}
        if [[ $w == "=" ]]; then
            ((i++))
        elif [[ $w == --* ]]; then
            if [[ $_runway_bool_flags != *" $w "* && ${words[i + 1]} != "=" ]]; then
                ((i++))
            fi
        else
            args+=("$w")
        fi
    done

    if [[ -n ${_runway_verbs[$cmd]+set} ]] && ((${#args[@]} == 0)); then
        _runway_compgen "${_runway_verbs[$cmd]}" "$cur"
        return
    fi
    case $cmd:${#args[@]}:${args[0]-} in
    ingest:* | accounts:1:import)
        _runway_files "$cur" # FILE...
        ;;
    balance:1:set | topup:1:remove | accounts:1:show | accounts:1:set)
        ;; # AMOUNT or ID: nothing to offer
    *)
        _runway_flags "$cmd" "$cur" # no (more) arguments: the flags
        ;;
    esac
}

complete -F _runway runway
