#!/bin/bash
# The bad inputs (tests/BAD-INPUTS-COVERAGE.md) that the per-tool tests leave open, across all
# tools: output cut short by `| head -1`, a full disk on stdout, another
# writer holding the database, a database from a newer shequ, dates in the
# inspections register, ISO weeks around the new year, '=' and control
# characters on their way into a workbook.  tests/BAD-INPUTS-COVERAGE.md maps
# every row to its tests.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fixture.sh"
export SHEQU_TODAY=2026-07-20
PY=${SHEQU_TEST_PYTHON:-/usr/bin/python3}
# cells FILE.xlsx PYTHON-EXPR - print what EXPR gives for workbook `wb`.
cells() { "$PY" -c "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); print($2)" "$1"; }
# cells_is FILE.xlsx PYTHON-EXPR WANT DESCRIPTION - a test of what EXPR gives
# for workbook `wb`, skipped with the reason when openpyxl is missing.
cells_is() {
	if "$PY" -c 'import openpyxl' 2>/dev/null; then is "$(cells "$1" "$2")" "$3" "$4"; else
		skip "python3-openpyxl is not installed, so not read back: $4"; fi
}
# closed ign|dfl COMMAND... - run COMMAND with stdout a pipe nobody reads any
# more (the reader is gone before the first write), SIGPIPE ignored or
# default as inherited; stderr in $err, the status in $rc as a shell gives
# it (128 + signal).
closed() {
	local mode=$1
	shift
	rc=$("$PY" -c '
import os, signal, subprocess, sys
r, w = os.pipe()
os.close(r)
pre = (lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)) if sys.argv[1] == "ign" else None
with open(sys.argv[2], "wb") as err:
    p = subprocess.run(sys.argv[3:], stdout=w, stderr=err, preexec_fn=pre)
print(p.returncode if p.returncode >= 0 else 128 - p.returncode)' "$mode" "$T/err" "$@")
	err=$(cat "$T/err")
}

# A small community with grids, staff, inspections and cases.
fixture_places
for d in 01 02 03 06; do
	insp 1 2026-07-$d 20 18 10 20 20
	insp 2 2026-07-$d 16 16 16 16 16
	insp 3 2026-07-$d 11 14 14 14 14
done
ok "shequ-case scans 2026-07-03 to open the fixture's cases" shequ-case -q scan 2026-07-03

# ---- output piped into head -1: quiet, nothing corrupted ----
# A real pipe into head first: the sample roster gives shequ-grid --members
# far more than a pipe holds, so the writer meets the closed pipe.
mkdir big
BIG=$T/big/shequ.db
shequ-import -q --db "$BIG" "$SAMPLE/buildings.csv" "$SAMPLE/residents.csv" "$SAMPLE/staff.csv"
cp "$BIG" "$T/big/ref.db"
shequ-grid -q --db "$T/big/ref.db" --members >ref-members.csv
first=$(shequ-grid -q --db "$BIG" --members 2>"$T/err" | head -1; echo "${PIPESTATUS[0]}")
ok "shequ-grid --members is far longer than a pipe holds" test "$(wc -c <ref-members.csv)" -gt 100000
is "$first" "compound,building,unit,room,grid
141" "shequ-grid --members | head -1: the header, then SIGPIPE"
is "$(cat "$T/err")" "" "shequ-grid --members | head -1: not a word on stderr"
is "$(sqlite3 "$BIG" 'PRAGMA integrity_check')" ok "the database is sound"
shequ-grid -q --db "$BIG" --members >members.csv
ok "the grids stored are those of an uninterrupted run" cmp -s ref-members.csv members.csv
first=$( (trap '' PIPE; shequ-grid -q --db "$BIG" --members 2>"$T/err" | head -1; echo "${PIPESTATUS[0]}"))
is "$first" "compound,building,unit,room,grid
141" "shequ-grid --members | head -1 with SIGPIPE inherited ignored: the same quiet end"
is "$(cat "$T/err")" "" "shequ-grid --members | head -1 with SIGPIPE ignored: not a word on stderr"

# Then every CSV-writing command against a reader that is already gone, so
# the first write fails whatever the size of the output.
sql 'PRAGMA integrity_check' >/dev/null
before=$(sqlite3 "$SHEQU_DB" .dump | sha256sum)
for cmd in "shequ-db info" "shequ-db check" "shequ-grid --dry-run" "shequ-grid --check" \
	"shequ-grid --dry-run --members" "shequ-tally 2026-07" "shequ-tally --by stairwell 2026-07" \
	"shequ-tally --report daily 2026-07-01" "shequ-tally --report quarterly 2026-Q3" \
	"shequ-case list" "shequ-case history"; do
	for mode in dfl ign; do
		# shellcheck disable=SC2086
		closed $mode $cmd
		is "$rc:$err" "141:" "$cmd into a closed pipe (SIGPIPE $mode): quiet end"
	done
done
is "$(sqlite3 "$SHEQU_DB" .dump | sha256sum)" "$before" "the database is unchanged by the commands into a closed pipe"
is "$(sql 'PRAGMA integrity_check')" ok "the database is sound after the commands into a closed pipe"

# ---- writing to /dev/full: 74 and one line saying why ----
for cmd in "shequ-db info" "shequ-db check" "shequ-grid --dry-run" "shequ-grid --check" \
	"shequ-grid --dry-run --members" "shequ-tally 2026-07" "shequ-tally --report weekly 2026-W27" \
	"shequ-case list" "shequ-case history"; do
	# shellcheck disable=SC2086
	run sh -c "$cmd >/dev/full"
	is "$rc:$err" "74:${cmd%% *}: write error: No space left on device" "$cmd >/dev/full: 74, said once"
done
run sh -c 'shequ-case -q open --compound 甲小区 --building 2 --unit 1 --item 美 --description 堆物 --deadline 2026-07-25 --by 王网格 --date 2026-07-06 >/dev/full'
is "$rc:$err" "74:shequ-case: write error: No space left on device" "shequ-case open >/dev/full: 74"
printf '日期,小区,楼号,单元,项目,得分\n7/6/2026,甲小区,1,1,净,14\n' >rej.csv
run shequ-import -q --rejects /dev/full rej.csv
is "$rc" 74 "shequ-import --rejects /dev/full: 74"
contains "$err" "shequ-import: /dev/full: write error: No space left on device" \
	"shequ-import --rejects /dev/full names the file and the reason"

# ---- another writer holds the database: wait the busy timeout, then 75 ----
mkdir busy
cp "$SHEQU_DB" busy/shequ.db
BUSY=$T/busy/shequ.db
sqlite3 "$BUSY" 'BEGIN IMMEDIATE;' 'INSERT INTO compound (name) VALUES ('"'"'丙小区'"'"');' \
	".shell touch $T/busy/held" ".shell while [ ! -e $T/busy/release ]; do sleep 0.05; done" 'COMMIT;' \
	>/dev/null 2>&1 &
holder=$!
for i in $(seq 200); do [ -e busy/held ] && break; sleep 0.05; done
ok "a writer holds the database" test -e busy/held
printf 'name\n张三\n' >p.csv
busy_run() {
	local s
	s=$(date +%s%N)
	SHEQU_BUSY_TIMEOUT=200 run timeout 30 "$@"
	ms=$((($(date +%s%N) - s) / 1000000))
}
for cmd in "shequ-grid -q --reset" "shequ-case scan 2026-07-06" \
	"shequ-case close 1 --reason 已整改 --by 王网格 --date 2026-07-06" \
	"shequ-case open --compound 甲小区 --building 2 --unit 1 --item 净 --description 堆物 --by 王网格 --date 2026-07-06" \
	"shequ-export --unmask --reason 核查 -o $T/busy/u.xlsx p.csv" \
	"shequ-import -q -t inspections $T/rej.csv"; do
	# shellcheck disable=SC2086
	busy_run $cmd --db "$BUSY"
	is "$rc:$err" "75:${cmd%% *}: $BUSY: database is busy (another program is writing); try again later" "${cmd%% -*}: 75 while another writer holds the database"
	ok "${cmd%% -*}: after waiting the busy timeout (${ms} ms)" test "$ms" -ge 190
done
busy_run shequ-cycle --db "$BUSY" --date 2026-07-03 --only daily --out "$T/busy/R"
is "$rc" 75 "shequ-cycle: 75 while another writer holds the database"
is "$err" "shequ-cycle: daily 2026-07-01: $BUSY: database is busy (another program is writing); try again later
shequ-cycle: daily 2026-07-02: $BUSY: database is busy (another program is writing); try again later" "one line per report it could not make"
ok "shequ-cycle: after waiting the busy timeout (${ms} ms)" test "$ms" -ge 380
ok "no workbook and no temporary file written" test -z "$(find busy/R -type f 2>/dev/null)"
ok "no unmasked workbook written" test ! -e busy/u.xlsx
touch busy/release
wait $holder
is "$(sqlite3 "$BUSY" "SELECT (SELECT count(*) FROM compound WHERE name = '丙小区'),
	(SELECT count(*) FROM grid_run), (SELECT count(*) FROM supervision_case),
	(SELECT count(*) FROM case_event), (SELECT count(*) FROM export_log), (SELECT count(*) FROM report)")" \
	"1|$(sql "SELECT (SELECT count(*) FROM grid_run), (SELECT count(*) FROM supervision_case),
	(SELECT count(*) FROM case_event), (SELECT count(*) FROM export_log), (SELECT count(*) FROM report)")" \
	"the holder committed; the waiting tools wrote nothing"
run shequ-case -q --db "$BUSY" scan 2026-07-06
is "$rc" 0 "once the writer is gone the same command works"

# ---- a database written by a newer shequ: 78, nothing written ----
mkdir newer
cp "$SHEQU_DB" newer/shequ.db
NEW=$T/newer/shequ.db
sqlite3 "$NEW" 'PRAGMA user_version = 999'
sum=$(sha256sum <"$NEW")
# The newest schema this shequ knows: a new database's.
shequ-db -q --db "$T/newest.db" init
newest=$(sqlite3 "$T/newest.db" 'PRAGMA user_version')
for cmd in "shequ-db check" "shequ-import -q $T/rej.csv" "shequ-grid -q" "shequ-grid --check" \
	"shequ-tally 2026-07" "shequ-case scan 2026-07-06" "shequ-case list" \
	"shequ-export --unmask --reason 核查 -o $T/newer/u.xlsx p.csv" \
	"shequ-cycle --date 2026-07-03 --out $T/newer/R"; do
	# shellcheck disable=SC2086
	run $cmd --db "$NEW"
	is "$rc:$err" "78:${cmd%% *}: $NEW: schema version 999 is newer than this shequ knows ($newest); upgrade shequ" \
		"${cmd%% -*}: a newer schema exits 78"
	is "$out" "" "${cmd%% -*}: a newer schema: nothing on stdout"
done
is "$(sha256sum <"$NEW")" "$sum" "the database is untouched"
ok "no journal left beside it" test ! -e "$NEW-wal" -a ! -e "$NEW-journal"
ok "no workbook written" test ! -e newer/u.xlsx -a -z "$(find newer/R -type f 2>/dev/null)"

# ---- dates in the inspections register ----
printf '日期,小区,楼号,单元,项目,得分\n' >dates.csv
printf '%s\n' 2026/7/5,甲小区,2,1,净,11 2026年7月5日,甲小区,2,1,畅,12 2026.7.5,甲小区,2,1,亮,13 \
	7/5/2026,甲小区,2,1,安,14 2026/7/32,甲小区,2,1,美,15 26.7.5,甲小区,2,1,美,16 >>dates.csv
run shequ-import -t inspections dates.csv
is "$rc" 65 "dates: bad rows make it 65"
is "$(sql "SELECT group_concat(item || score, ' ') FROM (SELECT item, score FROM inspection
	WHERE stairwell_id = 3 AND day = '2026-07-05' ORDER BY score)")" "净11 畅12 亮13" \
	"2026/7/5, 2026年7月5日 and 2026.7.5 are each 2026-07-05"
is "$(sql "SELECT count(*) FROM inspection WHERE stairwell_id = 3 AND day <> '2026-07-05' AND day NOT LIKE '2026-07-0_'")" 0 \
	"the bad dates stored nothing else"
is "$err" "shequ-import: dates.csv:5: 日期: bad date '7/5/2026': the year must come first, as in 2026-07-05
shequ-import: dates.csv:6: 日期: bad date '2026/7/32': 2026-07 has only 31 days
shequ-import: dates.csv:7: 日期: bad date '26.7.5': the year must have 4 digits, as in 2026-07-05
shequ-import: dates.csv: inspections: 6 rows read; 3 inserted, 0 updated, 0 unchanged; 3 rejected" \
	"7/5/2026, 2026/7/32 and 26.7.5 rejected with a reason, not guessed"

# ---- ISO weeks around the new year, host in UTC ----
mkdir weeks
cd weeks
export SHEQU_DB=$T/weeks/shequ.db
fixture_places
printf '日期,小区,楼号,单元,项目,得分\n' >w.csv
for d in 2024-12-30:20 2026-12-31:20 2027-01-03:10 2027-01-04:16; do
	for item in 净 畅 亮 安 美; do echo "${d%:*},乙小区,1,1,$item,${d#*:}"; done
done >>w.csv
shequ-import -q --not-before 2024-12-01 --not-after 2027-01-31 w.csv
is "$(TZ=UTC shequ-tally --by community 2025-W01 | cut -d, -f1,2,4)" "period,inspections,score
2025-W01,1,100.00" "2024-12-30 counts in 2025-W01"
is "$(TZ=UTC shequ-tally --by community 2026-W53 | cut -d, -f1,2,4)" "period,inspections,score
2026-W53,2,75.00" "2026-12-31 and 2027-01-03 count in 2026-W53"
is "$(TZ=UTC shequ-tally --by community 2027-W01 | cut -d, -f1,2,4)" "period,inspections,score
2027-W01,1,80.00" "2027-01-04 starts 2027-W01"
TZ=UTC shequ-cycle -q --date 2027-01-05 --since 2026-12-28 --only weekly --out R --csv
is "$(cd R && find . -name '*.xlsx' | sort | tr '\n' ' ')" "./weekly/2026-W53.xlsx " \
	"the cycle in UTC on 2027-01-05 makes the weekly report of 2026-W53"
cd "$T"
export SHEQU_DB=$T/shequ.db

# ---- '=' and control characters on their way into a workbook ----
A=110105199509081629
printf '小区,楼号,单元,房号,姓名,身份证号\n甲小区,1,1,101,"=HYPERLINK(""http://e.invalid"",""x"")",%s\n' "$A" >eq.csv
run shequ-import eq.csv
is "$rc" 0 "a name starting with '=' imports"
printf 'name,id_number,score,note,x\001y\n' >ctl.csv
sqlite3 -csv -noheader "$SHEQU_DB" "SELECT name, id_number, '=2+2', '=SUM(A1:A2)',
	'a' || char(2, 8, 11, 12, 27, 31, 127) || 'b' FROM person" >>ctl.csv
printf '"=1+1",1,-1,"@SUM(A1)","c\xc2\x85\xc2\x9fd"\n' >>ctl.csv
run shequ-export --unmask --reason 核查 -o eq.xlsx "表$(printf '\001')=ctl.csv"
is "$rc:$err" "0:" "a CSV with '=' cells and control characters exports"
cells_is eq.xlsx "[(c.value, c.data_type) for c in wb.active[2]][:4]" \
	"[('=HYPERLINK(\"http://e.invalid\",\"x\")', 's'), ('$A', 's'), ('=2+2', 's'), ('=SUM(A1:A2)', 's')]" \
	"the imported '=' name and other '=' cells are strings, not formulas"
is "$(unzip -p eq.xlsx xl/worksheets/sheet1.xml | grep -c '<f>')" 0 "no formula anywhere in the sheet"
shequ-export -o eqm.xlsx ctl.csv
cells_is eqm.xlsx "wb.active['A2'].value, wb.active['A2'].data_type" "=$(printf '*%.0s' $(seq 33)) s" \
	"masked, the '=' name is still a string"
cells_is eq.xlsx "wb.sheetnames, wb.active['E1'].value, wb.active['E2'].value, wb.active['E3'].value" \
	"['表'] xy ab cd" "C0, DEL and C1 controls removed from sheet name, header and cells"
is "$(unzip -p eq.xlsx | tr -d '\t\n\r' | LC_ALL=C grep -c '[[:cntrl:]]')" 0 "no control character in any part"

# ---- a tab file read with the default ',' ----
printf '小区\t楼号\t单元\t房号\t姓名\t身份证号\nA\t1\t1\t1\t张三\t110105199509081629\n' >tab.csv
run shequ-import tab.csv
is "$rc:$err" "65:shequ-import: tab.csv:1: header has 1 column; try -d '\\t'" \
	"a tab file read with ',': a hint to use -d '\\t'"
printf '小区;楼号;单元;房号;姓名;身份证号\nA;1;1;1;张三;110105199509081629\n' >semi.csv
run shequ-import semi.csv
is "$rc:$err" "65:shequ-import: semi.csv:1: header has 1 column; try -d ';'" \
	"a ';' file read with ',': a hint to use -d ';'"

# ---- residence permits 82 and 83 end to end ----
id18() {
	local w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) c=10X98765432 s=0 i
	for i in $(seq 0 16); do s=$((s + ${1:i:1} * ${w[i]})); done
	echo "$1${c:$((s % 11)):1}"
}
printf '小区,楼号,单元,房号,姓名,身份证号\n甲小区,1,1,102,何一,%s\n甲小区,1,1,102,何二,%s\n' \
	"$(id18 82000019900101001)" "$(id18 83000019900101001)" >permits.csv
run shequ-import -q permits.csv
is "$rc:$(sql "SELECT group_concat(id_kind, ' ') FROM (SELECT id_kind FROM resident WHERE name IN ('何一', '何二') ORDER BY name)")" \
	"0:hkmo_permit tw_permit" "82...: Hong Kong/Macao, 83...: Taiwan residence permits"

# ---- invalid UTF-8 in the database never reaches a workbook ----
mkdir bad8
cp "$SHEQU_DB" bad8/shequ.db
sqlite3 bad8/shequ.db "UPDATE compound SET name = CAST(X'E794B2FF' AS TEXT) WHERE id = 1"
run shequ-cycle --db "$T/bad8/shequ.db" --date 2026-07-02 --only daily --out "$T/bad8/R"
is "$rc" 65 "invalid UTF-8 in the database: the cycle exits 65"
contains "$err" "shequ-cycle: daily 2026-07-01: " "invalid UTF-8 in the database: the message names the report"
ok "invalid UTF-8 in the database: no workbook, no temporary file" test -z "$(find bad8/R -type f)"
is "$(sqlite3 bad8/shequ.db 'SELECT count(*) FROM report')" 0 "invalid UTF-8 in the database: no report recorded"

done_testing
