#!/bin/bash
# shequ-cycle: every due period once, in order; catch-up, reruns, stale
# periods, overlap, the host's time zone, and kill -9 in the middle.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fixture.sh"
PY=${SHEQU_TEST_PYTHON:-/usr/bin/python3}
# The imports of 2026 inspections are checked against a window around
# today: pinned, the test reads the same in any year.  The time zone part
# below runs on the real clock.
export SHEQU_TODAY=2026-07-20

# files - the reports folder's workbooks, one per line, sorted.
files() { (cd R 2>/dev/null && find . -name '*.xlsx' | sed 's|^\./||' | sort); }

fixture_places
inspections 2026-06-29 2026-07-08 >insp.csv
shequ-import -q -t inspections insp.csv

run shequ-cycle --date 2026-07-06 --out R
is "$rc" 0 "the first run succeeds"
is "$out$err" "" "the first run is silent"
is "$(files | tr '\n' ' ')" "daily/2026-06-29.xlsx daily/2026-06-30.xlsx daily/2026-07-01.xlsx \
daily/2026-07-02.xlsx daily/2026-07-03.xlsx daily/2026-07-04.xlsx daily/2026-07-05.xlsx \
monthly/2026-06.xlsx quarterly/2026-Q2.xlsx weekly/2026-W27.xlsx " \
	"every closed period from the first inspection has its workbook"
is "$(sql "SELECT count(*) FROM report")" 10 "the first run records each report once"
is "$(sql "SELECT count(*) FROM report WHERE revision = 1 AND reason = 'due'")" 10 \
	"each report of the first run is revision 1, made because it was due"
is "$(cd R && sha256sum daily/2026-07-01.xlsx | cut -d' ' -f1)" \
	"$(sql "SELECT sha256 FROM report WHERE period = '2026-07-01'")" "the checksum recorded of a workbook is the file's"
if "$PY" -c 'import openpyxl' 2>/dev/null; then
	is "$($PY -c 'import openpyxl,sys; wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.worksheets[0]
print(sum(1 for r in ws.iter_rows(min_row=2) if r[0].value), ws.cell(2, 1).value)' R/daily/2026-07-01.xlsx)" "3 2026-07-01" \
		"the daily workbook holds the day's rows, one per grid"
else
	skip "python3-openpyxl is not installed: the daily workbook is not read back"
fi

before=$(cd R && find . -type f -printf '%p %T@\n' | sort)
run shequ-cycle --date 2026-07-06 --out R
is "$rc" 0 "a rerun succeeds"
is "$out$err" "" "a rerun says nothing"
is "$(cd R && find . -type f -printf '%p %T@\n' | sort)" "$before" "a rerun writes nothing"
is "$(sql "SELECT count(*) FROM report")" 10 "a rerun records nothing"

# The office PC was off for three days.
run shequ-cycle --date 2026-07-09 --out R -v
is "$rc" 0 "the run after a three-day gap succeeds"
is "$(grep -c 'made (due)' err)" 3 "the run after a three-day gap makes the three missed days"
is "$(grep ': made' err | cut -d' ' -f2,3 | tr '\n' ' ')" \
	"daily 2026-07-06: daily 2026-07-07: daily 2026-07-08: " "the missed days are made in order"

# A late correction makes the day, its week and its month stale.
inspections 2026-07-02 2026-07-02 9 >late.csv
shequ-import -q -t inspections late.csv
run shequ-cycle --date 2026-07-09 --out R -v
is "$rc" 0 "the run after a late import succeeds"
is "$(grep ': made' err | cut -d' ' -f2,3,5 | tr '\n' ' ')" \
	"daily 2026-07-02: (stale) weekly 2026-W27: (stale) " \
	"a late import makes its stale day and week again (the month is still open)"
is "$(sql "SELECT revision FROM report_current WHERE period = '2026-07-02'")" 2 \
	"a day made again is its second revision"
is "$(sql "SELECT count(*) FROM report WHERE revision > 1")" 2 "a late import makes nothing else again"
run shequ-cycle --date 2026-07-09 --out R
is "$out$err" "" "the run after a late import is made up for is quiet again"
is "$(sql "SELECT count(*) FROM report")" 15 "the run after a late import is made up for makes nothing"

# A partial run does not hide a late import from the next full run.
inspections 2026-07-03 2026-07-03 10 >late2.csv
shequ-import -q -t inspections late2.csv
run shequ-cycle --date 2026-07-09 --out R --only daily -v
is "$(grep ': made' err | cut -d' ' -f2,3,5 | tr '\n' ' ')" "daily 2026-07-03: (stale) " \
	"a run of one kind remakes only its own stale report"
run shequ-cycle --date 2026-07-09 --out R -v
is "$(grep ': made' err | cut -d' ' -f2,3,5 | tr '\n' ' ')" "weekly 2026-W27: (stale) " \
	"the full run after a run of one kind still remakes the stale week"

# A late inspection of a day already scanned is scanned: a severe score is
# hung up on its day, once.
late() { printf '日期,小区,楼号,单元,项目,得分,检查人,备注\n2026-07-04,甲小区,1号楼,1单元,%s,%s,张三,\n' "$1" "$2"; }
late 净 5 >severe.csv
shequ-import -q -t inspections severe.csv
run shequ-cycle --date 2026-07-09 --out R -v
is "$rc:$(grep ': made' err | cut -d' ' -f2,3,5 | tr '\n' ' ')" \
	"0:daily 2026-07-04: (stale) weekly 2026-W27: (stale) " "a late severe score makes its day and week stale"
is "$(tail -1 err)" "shequ-cycle: 0 made, 2 made again, 0 failed, 1 days scanned" "a late severe score has its day scanned again"
is "$(sql "SELECT opened || ' ' || source || ' ' || item || ' ' || stairwell_id FROM supervision_case")" \
	"2026-07-04 severe 净 1" "the scan hangs a late severe score up on its own day"
late 美 15 >late3.csv
shequ-import -q -t inspections late3.csv
run shequ-cycle --date 2026-07-09 --out R -v
is "$rc:$(tail -1 err)" "0:shequ-cycle: 0 made, 2 made again, 0 failed, 1 days scanned" \
	"another late inspection of a scanned day has the day scanned again"
is "$(sql "SELECT count(*) FROM supervision_case")" 1 "a day scanned again opens no second case"

# The reports folder, not only the database, is the cycle's memory.
rm R/daily/2026-07-01.xlsx
echo >>R/daily/2026-07-02.xlsx
run shequ-cycle --date 2026-07-09 --out R -v
is "$rc:$(grep ': made' err | cut -d' ' -f2,3,5 | tr '\n' ' ')" \
	"0:daily 2026-07-01: (missing) daily 2026-07-02: (changed) " \
	"a deleted workbook and one changed by hand are made again"
is "$(sql "SELECT revision || ' ' || file FROM report_current WHERE period = '2026-07-01'")" \
	"2 $(realpath R)/daily/2026-07-01.xlsx" "a deleted workbook made again is a new revision, recorded by its absolute path"
is "$(sha256sum R/daily/2026-07-02.xlsx | cut -d' ' -f1)" \
	"$(sql "SELECT sha256 FROM report_current WHERE period = '2026-07-02'")" \
	"a workbook changed by hand and made again has the new file's checksum recorded"
run shequ-cycle --date 2026-07-09 --out R -v
is "$rc:$err" "0:shequ-cycle: 0 made, 0 made again, 0 failed, 0 days scanned" \
	"once the deleted and changed workbooks are made again nothing is left to make"
run shequ-cycle --date 2026-07-09 --out N -v
is "$rc:$(grep -c ': made (missing)' err)" "0:13" "a new reports folder gets every report (10 days, W27, June, Q2)"
is "$(sql "SELECT count(*) FROM report_current WHERE file LIKE '$(realpath N)/%'")" 13 \
	"the database says where the reports of a new folder are"

before=$(sql "SELECT revision FROM report_current WHERE period = '2026-06'")
run shequ-cycle --date 2026-07-09 --out R --redo 2026-06
is "$rc" 0 "--redo succeeds"
is "$(sql "SELECT revision || ' ' || reason FROM report_current WHERE period = '2026-06'")" \
	"$((before + 1)) redo" "--redo records a new revision of its period"

run shequ-cycle --date 2026-07-13 --out R2 --only weekly --csv
is "$rc" 0 "--only weekly --csv succeeds"
is "$(cd R2 && find . -type f | sort | tr '\n' ' ')" \
	"./weekly/2026-W27.csv ./weekly/2026-W27.xlsx ./weekly/2026-W28.csv ./weekly/2026-W28.xlsx " \
	"--only weekly --csv writes just the weeks the folder lacks, each with its CSV beside"
is "$(head -1 R2/weekly/2026-W28.csv | cut -d, -f1,2)" "period,grid" "the CSV beside a weekly workbook is the weekly report"

# Two cycles at once: the second leaves at once with 75.  hold LOCK DB runs
# a stand-in in the background: it takes the cycle's lock on DB (the byte
# CYCLE_LOCK_BYTE of the file) or, with LOCK=sqlite, SQLite's write lock, says
# so on the fifo "ready" and lets go when a line is written to the fifo "go".
mkfifo ready go
hold() {
	$PY -c 'import fcntl, os, sqlite3, sys
if sys.argv[1] == "cycle":
    fd = os.open(sys.argv[2], os.O_RDWR)
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 0x40001000)
else:
    db = sqlite3.connect(sys.argv[2], isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
open("ready", "w").write("held\n")
open("go").read()' "$@" &
	read -r _ <ready
}
# cycle_locked DB - whether someone holds the cycle's lock on DB now, read
# from /proc/locks: trying the lock to see would take it for a moment, and a
# cycle starting in that moment would leave with 75.
cycle_locked() {
	grep -Eq " OFDLCK +ADVISORY +WRITE +-?[0-9]+ [0-9a-f:]+:$(stat -L -c %i "$1") $((0x40001000)) $((0x40001000))\$" /proc/locks
}
mkdir lock && sqlite3 "$SHEQU_DB" ".backup lock/shequ.db"
LOCKDB=$T/lock/shequ.db
ln -s lock/shequ.db link.db
ln -s lock via
hold cycle "$LOCKDB"
holder=$!
run shequ-cycle --db "$LOCKDB" --date 2026-07-20 --out L
is "$rc" 75 "a cycle while another runs exits 75"
is "$err" "shequ-cycle: another shequ-cycle is running on $LOCKDB; try again later" \
	"a cycle while another runs says why"
is "$(sqlite3 "$LOCKDB" "SELECT count(*) FROM report")" "$(sql "SELECT count(*) FROM report")" \
	"a cycle while another runs records nothing"
ok "a cycle while another runs writes no report" test ! -e L
run shequ-cycle --db link.db --date 2026-07-20 --out L
is "$rc" 75 "a cycle through a symlink to the database meets the same lock"
run shequ-cycle --db via/shequ.db --date 2026-07-20 --out L
is "$rc" 75 "a cycle through a symlinked folder meets the same lock"
echo >go
wait $holder

# Two real cycles: the first takes the cycle's lock before it opens the
# database, then waits for SQLite's write lock, held here; the second,
# through a symlink, leaves at once while the first waits.
hold sqlite "$LOCKDB"
holder=$!
SHEQU_BUSY_TIMEOUT=120000 shequ-cycle --db "$LOCKDB" --date 2026-07-20 --out L 2>first.err &
first=$!
for _ in $(seq 600); do cycle_locked "$LOCKDB" && break; sleep 0.05; done
ok "a cycle waiting for the database holds the cycle's lock" cycle_locked "$LOCKDB"
run shequ-cycle --db link.db --date 2026-07-20 --out L
is "$rc:$err" "75:shequ-cycle: another shequ-cycle is running on link.db; try again later" \
	"a second cycle through a symlink exits 75 while the first waits for the database"
ok "the first cycle was still running when the second left" kill -0 $first
ok "the first cycle had made no report when the second left" test ! -e L/daily/2026-07-19.xlsx
echo >go
wait $holder
wait $first
is "$?:$(cat first.err)" "0:" "the first cycle finishes its run once the database is free"
ok "the first cycle made the reports once the database was free" test -e L/daily/2026-07-19.xlsx

# The host's time zone does not matter: today is Asia/Shanghai's.
unset SHEQU_TODAY
mkdir tz && cd tz
SHEQU_DB=$PWD/shequ.db
fixture_places
yesterday=$(TZ=Asia/Shanghai date -d yesterday +%F)
inspections "$(TZ=Asia/Shanghai date -d '3 days ago' +%F)" "$yesterday" >insp.csv
shequ-import -q -t inspections insp.csv
TZ=UTC shequ-cycle --out utc --only daily
is "$(cd utc && find . -name '*.xlsx' | sort | tail -1)" "./daily/$yesterday.xlsx" \
	"with the host in UTC the last daily report is Shanghai's yesterday"
TZ=Pacific/Kiritimati run shequ-cycle --db "$SHEQU_DB" --out utc --only daily -v
is "$rc:$(echo "$err" | grep -c ': made')" "0:0" "a second run from a host at UTC+14 finds nothing more due"
cd "$T"
SHEQU_DB=$T/shequ.db
export SHEQU_TODAY=2026-07-20

# kill -9 in the middle, then a rerun: every period once, none missing.
# It is killed once ten workbooks are there, while it writes the rest.
shequ-cycle --date 2026-09-01 --since 2026-07-10 --out K &
victim=$!
for _ in $(seq 500); do
	[ "$(find K -name '*.xlsx' 2>/dev/null | wc -l)" -ge 10 ] && break
	sleep 0.02
done
kill -9 $victim
wait $victim 2>/dev/null
made=$(find K -name '*.xlsx' | wc -l)
ok "kill -9 came in the middle of the run ($made of 63 made)" test "$made" -ge 10 -a "$made" -lt 63
run shequ-cycle --date 2026-09-01 --since 2026-07-10 --out K
is "$rc" 0 "the rerun after kill -9 succeeds"
K=$(realpath K)
is "$(sql "SELECT count(*) FROM (SELECT kind, period FROM report WHERE file LIKE '$K/%' GROUP BY 1, 2 HAVING count(*) > 1)")" 0 \
	"after kill -9 and its rerun no period was made twice"
is "$(cd K && find . -name '*.xlsx' | wc -l)" "$(sql "SELECT count(*) FROM report WHERE file LIKE '$K/%'")" \
	"after kill -9 and its rerun every workbook is recorded"
is "$(cd K && find . -name "*.xlsx" | wc -l)" 63 \
	"after kill -9 and its rerun no workbook is missing (53 days, 8 weeks, July and August)"
ok "after kill -9 and its rerun no temporary file is left" test -z "$(find K -name '.*')"
bad=0
while IFS='|' read -r f sum; do
	[ "$(sha256sum "$f" | cut -d' ' -f1)" = "$sum" ] || bad=$((bad + 1))
done < <(sql "SELECT file, sha256 FROM report_current WHERE file LIKE '$K/%'")
is "$bad" 0 "after kill -9 and its rerun every workbook matches its recorded checksum"
is "$(sql 'PRAGMA integrity_check')" ok "after kill -9 and its rerun the database is sound"

# The reports folder holds files of others: the cycle removes only its own
# temporary folders, and never works through a symlinked kind folder.
mkdir -p F/daily F/weekly F/monthly elsewhere
echo 'Require all denied' >F/daily/.htaccess
touch F/weekly/.gitkeep F/daily/.notes.swp F/daily/.2026-07-01.xlsx.keep
mkdir F/daily/.shequ-cycle.Ab3dE9 F/daily/.shequ-cycle.mine
touch F/daily/.shequ-cycle.Ab3dE9/2026-07-01.xlsx F/daily/.shequ-cycle.mine/x
echo 'theirs' >elsewhere/.htaccess
echo 'theirs' >elsewhere/2026-Q2.xlsx
rmdir F/monthly && ln -s ../elsewhere F/quarterly && ln -s ../elsewhere F/monthly
run shequ-cycle --date 2026-07-06 --out F --redo 2026-07-01
is "$rc" 0 "a run in a folder of others succeeds"
ok "a run in a folder of others makes its report there" test -e F/daily/2026-07-01.xlsx
is "$(cat F/daily/.htaccess)" "Require all denied" "a .htaccess in a kind folder is left alone"
ok ".gitkeep and other dot-files in a kind folder are left alone" \
	test -e F/weekly/.gitkeep -a -e F/daily/.notes.swp -a -e F/daily/.2026-07-01.xlsx.keep
ok "a temporary folder of a killed run is removed" test ! -e F/daily/.shequ-cycle.Ab3dE9
ok "a folder that only looks like a temporary one is not removed" test -e F/daily/.shequ-cycle.mine/x
run shequ-cycle --date 2026-07-06 --out F --redo 2026-06
is "$rc:$err" "73:shequ-cycle: monthly 2026-06: $(realpath F)/monthly is a symbolic link; reports are never written through one" \
	"a report into a symlinked kind folder fails (73) and says why"
run shequ-cycle --date 2026-07-06 --out F --redo 2026-Q2
is "$rc" 73 "a report into another symlinked kind folder fails (73)"
is "$(cat elsewhere/.htaccess elsewhere/2026-Q2.xlsx)" "theirs
theirs" "no file behind the symlinks changes"
is "$(ls -A elsewhere | tr '\n' ' ')" ".htaccess 2026-Q2.xlsx " "no file is added behind the symlinks"

# One mistyped date does not run the cycle away.
mkdir away && sqlite3 "$SHEQU_DB" ".backup away/shequ.db"
AWAY=$T/away/shequ.db
sqlite3 "$AWAY" "INSERT INTO inspection (stairwell_id, day, item, score, imported)
	VALUES (1, '1800-01-01', '净', 18, '2026-07-09 00:00:00')"
before=$(sqlite3 "$AWAY" "SELECT count(*) FROM report")
run shequ-cycle --db "$AWAY" --date 2026-07-20 --out A
is "$rc:$err" "65:shequ-cycle: more than 500 reports are due, from daily 1800-01-01 on; check the inspection dates, or catch up on purpose with --catch-up-from DAY" \
	"an inspection dated 1800 makes the cycle refuse the run (65)"
ok "a run refused for its 1800 inspection makes nothing" test -z "$(find A -type f)"
is "$(sqlite3 "$AWAY" "SELECT count(*) FROM report")" "$before" "a run refused for its 1800 inspection records nothing"
run shequ-cycle --db "$AWAY" --date 2026-07-20 --out A --catch-up-from 2026-07-09 -v
is "$rc:$(tail -1 err)" "0:shequ-cycle: 1 made, 12 made again, 0 failed, 1 days scanned" \
	"--catch-up-from DAY makes what is due from DAY on"
ok "--catch-up-from DAY makes nothing before DAY" test ! -e A/daily/1800-01-01.xlsx -a -e A/daily/2026-07-09.xlsx
run shequ-cycle --db "$AWAY" --date 2026-07-20 --out A --since 2026-07-01 --max-reports 5
is "$rc" 65 "--max-reports N sets the limit"
contains "$err" "more than 5 reports are due, from daily 2026-07-01 on" \
	"a run refused by --max-reports says the limit"
run shequ-cycle --db "$AWAY" --date 2026-07-20 --out A --since 2026-07-01 --max-reports 9
is "$rc:$(find A/daily -name '2026-07-0*' | wc -l)" "0:9" "a run within --max-reports makes every report due"

# Errors.
run shequ-cycle --date 2026-13-01
is "$rc" 64 "a bad --date exits 64"
is "$err" "shequ-cycle: --date: bad date '2026-13-01': there is no month 13" "a bad --date says why"
run shequ-cycle --only yearly
is "$rc" 64 "a bad --only exits 64"
run shequ-cycle --date 2026-07-20 --redo 2026-07
is "$rc:$err" "64:shequ-cycle: --redo: 2026-07 has not closed yet: its last day is 2026-07-31" \
	"--redo of a month that has not closed is refused (64)"
run shequ-cycle --date 2026-07-20 --redo 2026-07-20
is "$rc" 64 "--redo of today is refused (64)"
for bad in "--max-reports 0" "--max-reports -3" "--max-reports 5x" "--max-reports 99999999999" \
	"--catch-up-from 2026-07-01 --since 2026-07-01" "--catch-up-from 2026-07-01 --max-reports 9"; do
	# shellcheck disable=SC2086
	run shequ-cycle --date 2026-07-20 $bad
	is "$rc" 64 "$bad is a usage error"
done
run shequ-cycle --db "$T/nowhere.db"
is "$rc" 66 "a missing database exits 66"
ok "a missing database is not created" test ! -e "$T/nowhere.db"
run shequ-cycle --date 2026-07-20 --out /proc/shequ
is "$rc" 73 "an unwritable reports folder exits 73"
is "$err" "shequ-cycle: cannot create /proc/shequ: No such file or directory" \
	"an unwritable reports folder is named in one line"
is "$(sql "SELECT count(*) FROM report WHERE file LIKE '/proc/%'")" 0 "an unwritable reports folder gets no report recorded"

# The week's sheets 网格 and 问题 are written in the same pass as its
# report: each is the tally's section of that week, row for row.
sheet_rows() {
	"$PY" -c 'import openpyxl,sys
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
for r in ws.iter_rows(min_row=2, values_only=True):
    if r[0]:
        v = [x.strftime("%Y-%m-%d") if hasattr(x, "strftime") else "" if x is None else str(x) for x in r]
        print(",".join(v[1:2] + v[8:9] if sys.argv[2] == "网格" else v[1:2] + v[3:8]))' "$@"
}
insp 3 2026-07-12 10 14 14 14 14
insp 4 2026-07-12 14 14 14 14 9
shequ-cycle -q --date 2026-07-13 --out W --only weekly
if "$PY" -c 'import openpyxl' 2>/dev/null; then
	is "$(shequ-tally --report weekly --section problems 2026-W28 | sed 1d | wc -l)" 2 \
		"two problems open at the end of 2026-W28"
	for w in 2026-W27 2026-W28; do
		is "$(sheet_rows W/weekly/$w.xlsx 网格)" \
			"$(shequ-tally --report weekly --section grid $w | sed 1d | cut -d, -f2,9)" \
			"$w: the sheet 网格 is the tally's section grid"
		is "$(sheet_rows W/weekly/$w.xlsx 问题)" \
			"$(shequ-tally --report weekly --section problems $w | sed 1d | cut -d, -f2,4-8)" \
			"$w: the sheet 问题 is the tally's section problems"
	done
else
	skip "python3-openpyxl is not installed: the weekly sheets are not read back"
fi

done_testing
