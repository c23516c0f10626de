#!/bin/bash
# The command line every tool shares (cmd/common/cli.c): output that cannot
# be written is an error even on the ways out argp takes by itself, and the
# options and arguments several tools take are read one way by all.
. "$srcdir/tests/lib.sh"

# Every tool in cmd/.
tools=$(cd "$srcdir/cmd" && ls shequ-*.c | sed 's/\.c$//')

# ---- --help, --usage and --version into a full or closed stdout: 74 ----
for t in $tools; do
	for opt in --help --version; do
		run sh -c "$t $opt >/dev/full"
		is "$rc:$err" "74:$t: write error: No space left on device" "$t $opt >/dev/full: 74, said once"
		run sh -c "$t $opt >&-"
		is "$rc:$err" "74:$t: write error: Bad file descriptor" "$t $opt with stdout closed: 74"
	done
done
run sh -c 'shequ-db --usage >/dev/full'
is "$rc" 74 "shequ-db --usage >/dev/full: 74"
run shequ-db --help
is "$rc:$(head -1 out)" "0:Usage: shequ-db [OPTION...] init|check|info|backup [FILE]" "--help to a good stdout still succeeds"
run sh -c 'shequ-db --version | head -c 0'
is "$rc:$err" "0:" "a reader that leaves early is no error"

# ---- a closed stdout never becomes a file the tool opens ----
shequ-db init
run sh -c 'shequ-db info >&-'
is "$rc:$err" "74:shequ-db: write error: Bad file descriptor" "shequ-db info with stdout closed: 74"
run sh -c 'shequ-db backup "$0" >&-' "$T/copy.db"
is "$rc:$err" "0:" "a command that writes nothing to a closed stdout succeeds"
is "$(sqlite3 copy.db 'PRAGMA integrity_check')" ok "a backup with stdout closed is whole, not written through fd 1"

# ---- -d/--delimiter, read one way by shequ-import and shequ-export ----
for t in "shequ-import -q" "shequ-export -o $T/d.xlsx"; do
	for d in '::' '"' ''; do
		# shellcheck disable=SC2086
		run $t -d "$d" -
		is "$rc:$(head -1 err)" "64:${t%% *}: the delimiter must be one character, not '$d'" \
			"${t%% *} -d '$d': 64"
	done
done
printf '名称\tNAME\n甲\tA\n' >tab.csv
for d in tab '\t'; do
	run shequ-export -o "$T/t.xlsx" -d "$d" tab.csv
	is "$rc" 0 "shequ-export -d '$d' reads a tab file"
done

# ---- a DAY argument: parsed once, 64 with the reason ----
run shequ-case list --date 2026-02-30
is "$rc:$err" "64:shequ-case: bad date '2026-02-30': 2026-02 has only 28 days" "shequ-case --date 2026-02-30: 64"
run shequ-cycle --date 2026-13-01
is "$rc:$err" "64:shequ-cycle: --date: bad date '2026-13-01': there is no month 13" "shequ-cycle --date 2026-13-01: 64, naming the option"
run shequ-tally 2026-W54
is "$rc:$err" "64:shequ-tally: bad period '2026-W54': expected 2026-07-08, 2026-W28, 2026-07, 2026-Q3, 2026/7/8, 2026年7月8日, 2026年7月, 2026年第28周, 2026年第三季度, today, yesterday, this-week, last-week, this-month, last-month, this-quarter or last-quarter" \
	"shequ-tally 2026-W54: 64"

done_testing
