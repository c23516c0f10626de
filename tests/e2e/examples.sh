#!/bin/bash
# Every command in the README's code blocks and in each man page's EXAMPLES
# runs against the sample community and succeeds.  The commands are read
# from the files now (tools/extract-examples.sh), so a new example is tested
# as soon as it is written.  The commands of one code block are a session:
# they run in order in one folder that starts as a copy of a fixture.
. "$srcdir/tests/lib.sh"

# Commands that are not run, and commands whose documented status is not 0:
# the command as extracted (a shell pattern), then "skip" with the reason or
# the status it must exit with.
exceptions='
sh tools/quickstart.sh|skip|installs packages and builds the tree
make check|skip|is what runs this test
autoreconf -fi && ./configure && make && make check|skip|builds the tree
./configure --enable-sanitizers|skip|builds the tree
make distcheck|skip|builds the tree
'

# The fixture of a session: the sample community, imported on 2026-10-01
# (the morning after the quarter it covers) and divided into grids, as it
# is on the morning of TODAY, after the supervision cycle made every report
# due by then (SHEQU_TODAY pins "today" for the commands too).  Sessions
# are told apart by their first command (a shell pattern).  The case
# examples close case 12, opened by the scan of 2026-07-09 and solved by the
# next day's inspection, so their morning is 2026-07-10; the import examples
# import the sample's inspections, which an import takes only up to today,
# so theirs is 2026-10-01, and no cycle is run for them (it would make 109
# workbooks); so is that of the request examples, which import the sample's
# service orders of the whole quarter, and of the care examples, which import
# its care visits and services; every other session's is 2026-08-01,
# when yesterday, last week and last month have inspections.
mornings='
shequ-case scan 2026-07-08*|2026-07-10|cycle
shequ-import buildings.csv residents.csv*|2026-10-01|no cycle
shequ-request import orders.csv*|2026-10-01|no cycle
shequ-care import care-visits.csv*|2026-10-01|no cycle
*|2026-08-01|cycle
'

# Places the examples name: a placeholder path is taken to a folder of the
# session, made as the example expects to find it.
#   /srv/shequ   the office's folder, holding the session's database
#   /mnt/usb     a mounted USB stick, empty
paths='/srv/shequ /mnt/usb'

# make_fixture DAY CYCLE - the folder $T/fixture-DAY: the database as shequ.db
# (and demo/shequ.db and srv/shequ/shequ.db, the same file), the sample's
# CSVs under the names the examples use, and the CSVs the scorecard example
# reads, made by the tools from the database.
make_fixture() {
	local day=$1 cycle=$2 f="$T/fixture-$1" s="$SAMPLE"
	mkdir -p "$f/demo" "$f/srv/shequ" "$f/mnt/usb" || return 1
	(
		set -e
		cd "$f"
		export SHEQU_DB="$f/shequ.db" SHEQU_TODAY=2026-10-01
		if [ -f "$T/base.db" ]; then cp "$T/base.db" shequ.db; else
			shequ-db -q init
			shequ-import -q "$s/buildings.csv" "$s/residents.csv" "$s/inspections.csv" "$s/staff.csv"
			shequ-grid -q >/dev/null
			cp shequ.db "$T/base.db"
		fi
		export SHEQU_TODAY=$day
		[ "$cycle" = "no cycle" ] || shequ-cycle --out reports
		ln -s ../shequ.db demo/shequ.db
		ln -s ../../shequ.db srv/shequ/shequ.db
		# The sample's CSVs are only read: one copy, linked into each session.
		mkdir -p "$T/sample"
		cp -n "$s/buildings.csv" "$s/residents.csv" "$s/inspections.csv" "$s/staff.csv" \
			"$s/facilities.csv" "$s/orders.csv" "$s/order-events.csv" "$s/care-visits.csv" \
			"$s/care-services.csv" "$T/sample"
		for c in buildings residents inspections staff facilities orders order-events care-visits \
			care-services; do ln -s "$T/sample/$c.csv" .; done
		ln -s "$T/sample/residents.csv" 人口信息表.csv
		ln -s "$T/sample/residents.csv" roster.csv
		iconv -f gb18030 -t utf-8 residents.csv | sed -n '2,6p' | cut -d, -f1-6 | tr ',' ';' >rows.txt
		shequ-tally --report quarterly 2026-Q3 >grids-Q3.csv
		shequ-tally --report quarterly-detail 2026-Q3 >stairwells-by-month.csv
		shequ-case list >cases.csv
	)
}

# A stand-in for mail(1) that keeps what it was asked to send.
mkdir -p "$T/bin"
printf '#!/bin/sh\n{ echo "mail $*"; cat; } >>"$PWD/mail.sent"\n' >"$T/bin/mail"
chmod +x "$T/bin/mail"

# morning_of COMMAND - sets $day and $cycle for the session COMMAND starts.
morning_of() {
	local pattern
	while IFS='|' read -r pattern day cycle; do
		# shellcheck disable=SC2053
		[ -n "$pattern" ] && [[ $1 == $pattern ]] && return
	done <<<"$mornings"
}

# exception_of COMMAND - "skip|reason", "STATUS|reason" or nothing.
exception_of() {
	local line
	while IFS= read -r line; do
		# shellcheck disable=SC2053
		[ -n "$line" ] && [[ $1 == ${line%%|*} ]] && { echo "${line#*|}"; return; }
	done <<<"$exceptions"
}

# as_run COMMAND - the command as the session runs it: a crontab line without
# its schedule, a crontab variable exported, placeholder paths in the session.
as_run() {
	local c=$1 p
	if [[ $c =~ ^([0-9*/,-]+[[:space:]]+){5}(.*) ]]; then c=${BASH_REMATCH[2]}; fi
	[[ $c =~ ^[A-Z_]+=[^[:space:]]*$ ]] && c="export $c"
	for p in $paths; do c=${c//"$p"/"\$PWD$p"}; done
	printf '%s\n' "$c"
}

# outside_paths COMMAND - prints the absolute paths COMMAND names that are
# neither placeholders nor system files, and succeeds when there are any: such
# a command could write outside the test's folder, so it is not run.
outside_paths() {
	local w p bad=
	for w in $(printf '%s\n' "$1" | grep -oE '(^|[[:space:]=<>|(])/[^[:space:]);|]*' | sed -E 's/^[^/]+//'); do
		case $w in /dev/null | /dev/stdin | /dev/stdout | /usr/* | /bin/* | /etc/*) continue ;; esac
		for p in $paths; do [[ $w == "$p" || $w == "$p"/* ]] && continue 2; done
		bad="$bad $w"
	done
	[ -n "$bad" ] && echo "${bad# }"
}

examples=$(cd "$srcdir" && sh tools/extract-examples.sh README.md share/man/*.1)
n=$(printf '%s\n' "$examples" | grep -c .)
ok "the README and man pages hold at least 40 example commands ($n)" test "$n" -ge 40

# Run each command with pipefail in its session's folder, with its own
# output files; what a command exports holds for the rest of its session.
session= i=0
while IFS=$'\t' read -r where cmd; do
	this=${where%:*:*}:${where##*:}
	if [ "$this" != "$session" ]; then
		session=$this
		morning_of "$cmd"
		[ -d "$T/fixture-$day" ] || make_fixture "$day" "$cycle" ||
			fail "the fixture of $day is made"
		dir="$T/session-$((i + 1))"
		cp -R "$T/fixture-$day" "$dir"
	fi
	i=$((i + 1))
	ex=$(exception_of "$cmd")
	if [ "${ex%%|*}" = skip ]; then
		skip "$where: $cmd (${ex#*|})"
		continue
	fi
	want=0
	[ -n "$ex" ] && want=${ex%%|*}
	if stray=$(outside_paths "$cmd"); then
		fail "$where: $cmd names only places the test has a fixture for (not $stray)"
		continue
	fi
	printf '%s\n' "$(as_run "$cmd")" >"$dir/cmd.$i"
	(cd "$dir" && SHEQU_TODAY=$day PATH="$T/bin:$PATH" env -u SHEQU_DB bash -o pipefail -c '
		[ ! -f .env ] || . ./.env
		eval "$(cat "$1")"
		s=$?
		export -p >.env
		exit $s' _ "cmd.$i" >"$dir/out.$i" 2>"$dir/err.$i" </dev/null)
	got=$?
	is "$got" "$want" "$where: $cmd exits $want"
	[ "$got" = "$want" ] || sed 's/^/#   /' "$dir/err.$i" | head -5
done <<<"$examples"

done_testing
