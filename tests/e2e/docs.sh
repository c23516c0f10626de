#!/bin/bash
# The options of every tool are written once, in its argp table, which --help
# prints.  This test holds the man page's OPTIONS and the bash and zsh
# completions to that table in both directions: each option --help lists is
# documented and completed, and each option they name is one the tool accepts,
# so an option removed from a tool fails here until its docs follow.  Value
# lists in the completions (report kinds, levels, rubric items, commands) are
# held to the tool's own list: the one its message names when it rejects a
# value, its usage line, or share/rubric.csv.  Lists are words separated by
# spaces and the checks are shell builtins: the test runs in a second or two.
. "$srcdir/tests/lib.sh"

tools=$(cd "$srcdir/cmd" && echo shequ-*.c)
tools=${tools//.c/}
common='--db --tz -q --quiet -v --verbose -h -? --help --usage -V --version'
bash_completion=${BASH_COMPLETION:-/usr/share/bash-completion/bash_completion}
set -f # option names such as -? must never be taken for file patterns

# minus A B - sets $minus to the words of A that are not words of B.
minus() {
	local -A in_b=() seen=()
	local w
	minus=
	for w in $2; do in_b[$w]=1; done
	for w in $1; do
		[ -n "${in_b[$w]-}${seen[$w]-}" ] || minus="$minus $w"
		seen[$w]=1
	done
	minus=${minus# }
}

# has LIST WORD - true when WORD is one of the words of LIST.
has() { [[ " "$1" " == *" $2 "* ]]; }

# none_but LIST KNOWN DESCRIPTION - passes when every word of LIST is in KNOWN.
none_but() { minus "$1" "$2"; is "$minus" "" "$3"; }

# same_set WANT GOT DESCRIPTION - passes when the two lists hold the same words.
same_set() {
	local extra
	minus "$2" "$1"
	extra=$minus
	minus "$1" "$2"
	if [ -z "$extra$minus" ]; then pass "$3"; else
		fail "$3"
		echo "#   missing: $minus"
		echo "#   not the tool's: $extra"
	fi
}

# help_opts TOOL - sets $opts to every option TOOL --help lists, short and
# long, $argopts to those that take an argument, and long_of[NAME] to the
# long name of each.  Option lines start at column 2 (a short name) or 6 (a
# long name only); descriptions start further right.
declare -A long_of
help_opts() {
	local o name
	opts= argopts=
	long_of=()
	for o in $("$1" --help | awk '/^(  -[^-]|      --)/ {
		s = $0; sub(/^ +/, "", s); sub(/  .*/, "", s)
		arg = (s ~ /=/) ? "=" : ""
		n = split(s, a, /, /)
		for (i = 1; i <= n; i++) sub(/\[?=.*/, "", a[i])
		for (i = 1; i <= n; i++) print a[i] "," a[n] arg
	}'); do
		name=${o%%,*}
		o=${o#*,}
		long_of[$name]=${o%=}
		opts="$opts $name"
		[[ $o == *= ]] && argopts="$argopts $name"
	done
}

# man_section MAN NAME - the lines of section NAME of a man page.
man_section() { awk -v s="$2" '/^\.SH /{p = ($2 == s); next} p' "$1"; }

# man_names - the option names in the roff text on stdin, one a line.
man_names() {
	sed 's/\\-/-/g; s/\\f[BIRP]//g' |
		grep -oE -- '(^|[^A-Za-z0-9_-])--?[A-Za-z?][A-Za-z0-9-]*' | sed -E 's/^[^-]+//' | sort -u
}

# man_tags MAN SECTION - the lines of the .TP tags of SECTION.
man_tags() { man_section "$1" "$2" | awk 'prev == ".TP" {print} {prev = $0}'; }

# zsh_parse FILE - reads the _arguments specs of a zsh completion into
# $zopts (options), $zargs (those with an argument), $zrefs (options named
# in exclusion groups), $zpos (the values of positional words), $zbad
# (specs this test cannot read) and zvals[OPTION] (an option's values).
zsh_parse() {
	local line names rest arg n v re_excl re_brace re_plain re_vals
	local -a words vals
	re_excl="^'\\(([^)]*)\\)'?"
	re_brace="^\\{([^}]*)\\}'?(.*)"
	re_plain='^(-[^=+[]*)[=+]?(\[.*)'
	re_vals=":\\(([^)]*)\\)'\$"
	zopts= zargs= zrefs= zpos= zbad=
	zvals=()
	while IFS= read -r line; do
		line=${line#"${line%%[![:space:]]*}"}
		[[ $line == \'* ]] || continue
		line=${line% \\}
		if [[ $line =~ ^\'(\*|[0-9]+): ]]; then
			[[ $line =~ $re_vals ]] && zpos="$zpos ${BASH_REMATCH[1]}"
			continue
		fi
		if [[ $line =~ $re_excl ]]; then
			read -ra words <<<"${BASH_REMATCH[1]}"
			for n in "${words[@]}"; do [[ $n == -?* ]] && zrefs="$zrefs $n"; done
			line=${line:${#BASH_REMATCH[0]}}
		fi
		line=${line#\'}
		line=${line#\*}
		if [[ $line =~ $re_brace ]]; then
			names=${BASH_REMATCH[1]//,/ }
			rest=${BASH_REMATCH[2]}
		elif [[ $line =~ $re_plain ]]; then
			names=${BASH_REMATCH[1]}
			rest=${BASH_REMATCH[2]}
		else
			zbad="$zbad [$line]"
			continue
		fi
		arg=0
		[[ $rest =~ \]: ]] && arg=1
		vals=()
		[[ $rest =~ $re_vals ]] && read -ra vals <<<"${BASH_REMATCH[1]}"
		read -ra words <<<"$names"
		for n in "${words[@]}"; do
			n=${n%[=+]}
			n=${n//\\/}
			zopts="$zopts $n"
			[ "$arg" = 1 ] && zargs="$zargs $n"
			[ ${#vals[@]} -gt 0 ] && zvals[$n]="${vals[*]}"
		done
	done <"$1"
}
declare -A zvals

# bash_complete FILE TOOL - reads command lines (words separated by spaces;
# a trailing space asks for a new word) and writes, one line each, what
# FILE's completion offers for the last word.  One bash per tool, run in an
# empty folder so that file names do not mix in.
bash_complete() {
	mkdir -p "$T/empty"
	(cd "$T/empty" && bash -c 'set -f; . "$1" >/dev/null 2>&1; . "$2"
		spec=$(complete -p "$3")
		fn=${spec#* -F }; fn=${fn%% *}
		while IFS= read -r line; do
			read -ra COMP_WORDS <<<"$line"
			[[ $line == *" " ]] && COMP_WORDS+=("")
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
			COMP_LINE=$line COMP_POINT=${#line} COMPREPLY=()
			"$fn" "$3" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
			echo "${COMPREPLY[*]}"
		done' _ "$bash_completion" "$1" "$2")
}

# bash_argopts FILE - the options after which the bash completion completes
# an argument (its "case $prev" patterns).
bash_argopts() {
	awk '/case \$prev in/ {p = 1; next} /esac/ {p = 0} p' "$1" | grep -E '^[[:space:]]*-' |
		sed -E 's/\).*//' | tr '|' ' '
}

# The tool's own list of values of each option or positional word that a
# completion offers values for.  Source "message": the words the tool's
# message names when PROBE (with @ for the value) rejects a made-up value;
# "usage": the a|b|c list of the usage line; "rubric": share/rubric.csv;
# "open": any value may do (the completion offers examples), so only the
# probe applies.  Every value a completion offers must pass its PROBE (the
# tool does not quote it back as unknown).  POS stands for the first word
# that is not an option; "*" for every tool (a common option).
values_table="
shequ-tally  --by       message shequ-tally --db none.db --by @ 2026-07
shequ-tally  --report   message shequ-tally --db none.db --report @ 2026-Q3
shequ-tally  --section  message shequ-tally --db none.db --report weekly --section @ 2026-W27
shequ-tally  POS        message shequ-tally --db none.db @
shequ-cycle  --only     message shequ-cycle --db none.db --only @
shequ-export --kind     message shequ-export --kind @ -o x.xlsx a.csv
shequ-export --lang     message shequ-export --lang @ -o x.xlsx a.csv
shequ-export --encoding message shequ-export --encoding @ -o x.xlsx a.csv
shequ-import --table    message shequ-import --db probe.db --dry-run --table @ a.csv
shequ-import --encoding message shequ-import --db probe.db --dry-run --encoding @ a.csv
shequ-import --delimiter open   shequ-import --db probe.db --dry-run --delimiter @ a.csv
shequ-case   --item     rubric  shequ-case --db probe.db open --compound 无 --building 1 --unit 1 --description x --item @
shequ-case   POS        usage   shequ-case --db none.db @
shequ-db     POS        usage   shequ-db --db none.db @
shequ-request POS       message shequ-request --db none.db @
shequ-request --by      message shequ-request --db none.db --by @ sla 2026-07
shequ-request --source  message shequ-request --db none.db --source @ import a.csv
shequ-request --satisfied message shequ-request --db none.db --satisfied @ callback SQ1
shequ-alert  POS        message shequ-alert --db none.db @
shequ-alert  --by       message shequ-alert --db none.db --by @ stats 2026-07
shequ-alert  --real     message shequ-alert --db none.db --real @ --finding x close AL1
shequ-reach  POS        message shequ-reach --db none.db @
shequ-care   POS        message shequ-care --db none.db @
shequ-care   --by       message shequ-care --db none.db --by @ services 2026-07
*            --tz       open    shequ-tally --db none.db --tz @ yesterday
"
printf 'a,b\n1,2\n' >a.csv
shequ-db --db probe.db init || fail "shequ-db init makes the probes' database"

# table_row TOOL WHAT - sets $src and $probe from the values table (empty
# when it has no row).
table_row() {
	local t w rest want_w=${long_of[$2]-$2}
	src= probe=
	while read -r t w src rest; do
		if [[ ($t == "$1" || $t == "*") && $w == "$want_w" ]]; then
			probe=$rest
			return
		fi
	done <<<"$values_table"
	src=
}

# run_probe PROBE VALUE - runs the probe with VALUE; sets $rc and $err.
declare -A probe_rc probe_err
run_probe() {
	local key="$1|$2"
	local -a cmd
	if [ -z "${probe_rc[$key]-}" ]; then
		read -ra cmd <<<"${1//@/$2}"
		"${cmd[@]}" >/dev/null 2>"$T/err"
		probe_rc[$key]=$?
		probe_err[$key]=$(<"$T/err")
	fi
	rc=${probe_rc[$key]} err=${probe_err[$key]}
}

# tool_values TOOL WHAT - sets $want to the tool's own list of values.
declare -A tool_values_of
tool_values() {
	local w
	table_row "$1" "$2"
	want=${tool_values_of[$1 $2]-}
	[ -n "$want" ] && return
	case $src in
	message)
		# The words after the quoted value, less the joining words and
		# forms such as 2026-W28 that are examples rather than words.
		run_probe "$probe" no-such-value
		w="'no-such-value'"
		for w in $(printf '%s\n' "${err#*"$w"}" | head -1 | grep -oE '(^|[ (])[a-z][a-z0-9_-]*'); do
			w=${w#(}
			case $w in expected | use | or) ;; *) want="$want $w" ;; esac
		done
		;;
	usage) want=$("$1" --help | sed -n '1s/.* \([a-z|]*|[a-z|]*\).*/\1/p' | tr '|' ' ') ;;
	rubric) want=$(tail -n +2 "$srcdir/share/rubric.csv" | cut -d, -f1,2 | tr ',\n' '  ') ;;
	esac
	want=${want# }
	tool_values_of[$1 $2]=$want
}

# check_values TOOL WHAT COMPLETION WORDS - the values a completion offers
# for WHAT (an option, or POS) against the tool's own.
check_values() {
	local tool=$1 what=$2 comp=$3 words=$4 v bad= n
	table_row "$tool" "$what"
	if [ -z "$src" ]; then
		fail "$tool: the values $comp offers for $what have a row in the values table"
		return
	fi
	if [ "$src" != open ]; then
		tool_values "$tool" "$what"
		set -- $want
		n=$#
		ok "$tool names at least two values for $what (it names $n)" test "$n" -ge 2
		if [ "$src" = message ]; then
			run_probe "$probe" no-such-value
			is "$rc" 64 "$tool: a made-up value for $what exits 64"
		fi
		minus "$want" "$words"
		is "$minus" "" "$tool: $comp offers every value the tool names for $what"
	fi
	for v in $words; do
		run_probe "$probe" "$v"
		case $err in *"'$v'"*) bad="$bad $v" ;; esac
	done
	is "${bad# }" "" "$tool accepts every value $comp offers for $what"
}

# check_man TOOL MAN - the man page's OPTIONS against --help.
check_man() {
	local tags o
	tags=$(man_tags "$2" OPTIONS | man_names | tr '\n' ' ')
	for o in $opts; do
		ok "$1: the man page's OPTIONS describe $o" has "$tags" "$o"
	done
	none_but "$({ man_section "$2" SYNOPSIS; man_section "$2" OPTIONS; } | man_names | tr '\n' ' ')" "$opts" \
		"$1: every option the man page's SYNOPSIS or OPTIONS name is one the tool accepts"
	table_row "$1" POS
	[ "$src" = usage ] || return 0
	# Each command of the usage line is described in the man page.
	local described
	described=$(man_tags "$2" DESCRIPTION | sed -E 's/^\.B[IR]? +//; s/ .*//' | tr '\n' ' ')
	tool_values "$1" POS
	for o in $want; do
		ok "$1: the man page describes the command $o" has "$described" "$o"
	done
}

# check_bash TOOL FILE - the bash completion, run as bash runs it.
check_bash() {
	local o i offered words
	local -a got
	ok "$1: the bash completion is valid bash" bash -n "$2"
	same_set "$argopts" "$(bash_argopts "$2")" \
		"$1: the bash completion completes an argument after exactly the options that take one"
	if [ ! -r "$bash_completion" ]; then
		skip "bash-completion is not installed ($bash_completion), so $1's bash completion is not run"
		return
	fi
	mapfile -t got < <({
		echo "$1 -"
		echo "$1 "
		for o in $argopts; do echo "$1 $o "; done
	} | bash_complete "$2" "$1")
	offered=${got[0]-}
	for o in $opts; do
		ok "$1: the bash completion offers $o" has "$offered" "$o"
	done
	none_but "$offered" "$opts" "$1: every option the bash completion offers is one the tool accepts"
	words=
	for o in ${got[1]-}; do [[ $o == -* ]] || words="$words $o"; done
	[ -z "$words" ] || check_values "$1" POS "the bash completion" "$words"
	i=2
	for o in $argopts; do
		[ -z "${got[i]-}" ] || check_values "$1" "$o" "the bash completion" "${got[i]}"
		i=$((i + 1))
	done
}

# check_zsh TOOL FILE - the zsh completion, read from its _arguments specs.
check_zsh() {
	local o
	zsh_parse "$2"
	is "$zbad" "" "$1: every zsh spec is one this test can read"
	for o in $opts; do
		ok "$1: the zsh completion offers $o" has "$zopts" "$o"
	done
	none_but "$zopts $zrefs" "$opts" "$1: every option the zsh completion names is one the tool accepts"
	same_set "$argopts" "$zargs" \
		"$1: the zsh completion completes an argument after exactly the options that take one"
	for o in "${!zvals[@]}"; do
		check_values "$1" "$o" "the zsh completion" "${zvals[$o]}"
	done
	[ -z "$zpos" ] || check_values "$1" POS "the zsh completion" "$zpos"
}

for tool in $tools; do
	man="$srcdir/share/man/$tool.1"
	bash="$srcdir/completions/$tool"
	zsh="$srcdir/completions/_$tool"

	run "$tool" --help
	is "$rc" 0 "$tool --help exits 0"
	run "$tool" --version
	is "$out" "$tool (shequ) $VERSION" "$tool --version names the tool and version"
	help_opts "$tool"
	set -- $opts
	ok "$tool --help lists at least 10 options (it lists $#)" test $# -ge 10
	none_but "$common" "$opts" "$tool --help lists every common option"
	for f in "$man" "$bash" "$zsh"; do
		ok "$tool: $(basename "$f") exists" test -f "$f"
	done

	check_man "$tool" "$man"
	check_bash "$tool" "$bash"
	check_zsh "$tool" "$zsh"
done

done_testing
