#!/bin/bash
# shequ-cycle: a report is made again exactly when an inspection of its
# period was imported, replaced or removed since it was made, and no other
# report is; the summary of each day's inspections that tells it so is kept
# by every writer, and is filled in for a database made before it existed.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fixture.sh"
# The imports of 2026 inspections are checked against a window around today.
export SHEQU_TODAY=2026-07-20

# one DAY SCORE [INSPECTOR] - a CSV of the mark 净 of 甲小区 1号楼 1单元 on DAY.
one() {
	printf '日期,小区,楼号,单元,项目,得分,检查人,备注\n%s,甲小区,1号楼,1单元,净,%s,%s,\n' \
		"$1" "$2" "${3:-张三}"
}

# remade - the reports the last run made, "kind period (why)" each, or "none".
remade() {
	local r
	r=$(grep ': made' "$T/err" | cut -d' ' -f2,3,5 | tr -d ':' | tr '\n' ' ')
	echo "${r:-none}"
}

# cycle - the next morning's run, saying what it made.
cycle() { run shequ-cycle --date 2026-07-20 --out R -v; }

# summary_agrees - whether the summary of every day equals what the
# inspections of that day are.
summary_agrees() {
	[ "$(sql "SELECT count(*) FROM (SELECT day, count(*) AS n, sum(score) AS s
		FROM inspection GROUP BY day) g FULL JOIN inspection_summary m USING (day)
		WHERE m.rows IS NOT coalesce(g.n, 0) OR m.score_sum IS NOT coalesce(g.s, 0)")" = 0 ]
}

fixture_places
inspections 2026-05-25 2026-07-19 >insp.csv
shequ-import -q -t inspections insp.csv
cycle
is "$rc:$(grep -c ': made (due)' err)" "0:67" \
	"the first run makes every report due (56 days, 8 weeks, May, June, Q2)"
ok "the summary of each day agrees with its inspections after an import" summary_agrees

# ---- a changed inspection in an old month ----
one 2026-06-10 9 >changed.csv
shequ-import -q -t inspections changed.csv
cycle
is "$rc:$(remade)" \
	"0:daily 2026-06-10 (stale) weekly 2026-W24 (stale) monthly 2026-06 (stale) quarterly 2026-Q2 (stale) " \
	"a changed inspection in an old month makes its day, week, month and quarter stale, and nothing else"
is "$(sql "SELECT revision FROM report_current WHERE period = '2026-Q2'")" 2 \
	"the quarter of a changed inspection is made again as its second revision"
cycle
is "$rc:$(remade)" "0:none" "the run after the remake finds nothing stale"

# ---- the same file again ----
sed 's/^2026-06-10,甲小区,1号楼,1单元,净,18,/2026-06-10,甲小区,1号楼,1单元,净,9,/' insp.csv >now.csv
shequ-import -q -t inspections now.csv
cycle
is "$rc:$(remade)" "0:none" "a re-import of every inspection as it stands makes nothing stale"
one 2026-06-10 9 王五 >inspector.csv
shequ-import -q -t inspections inspector.csv
cycle
is "$rc:$(remade)" "0:none" \
	"a re-import that changes only the inspector, which no report shows, makes nothing stale"

# ---- a score put back as it was ----
one 2026-06-10 18 >back.csv
shequ-import -q -t inspections back.csv
cycle
is "$rc:$(remade)" \
	"0:daily 2026-06-10 (stale) weekly 2026-W24 (stale) monthly 2026-06 (stale) quarterly 2026-Q2 (stale) " \
	"a score put back as it was makes its periods stale again"

# ---- a removed inspection ----
sql "DELETE FROM inspection WHERE stairwell_id = 4 AND day = '2026-05-31' AND item = '美'"
cycle
is "$rc:$(remade)" \
	"0:daily 2026-05-31 (stale) weekly 2026-W22 (stale) monthly 2026-05 (stale) quarterly 2026-Q2 (stale) " \
	"an inspection removed in the sqlite3 shell makes its day, week, month and quarter stale"
ok "the summary of a day agrees with its inspections after a removal" summary_agrees

# ---- an inspection moved to another day, by hand ----
sql "DELETE FROM inspection WHERE stairwell_id = 4 AND day = '2026-07-01' AND item = '美'"
cycle
sql "UPDATE inspection SET day = '2026-07-01' WHERE stairwell_id = 4 AND day = '2026-06-30' AND item = '美'"
cycle
is "$rc:$(remade)" \
	"0:daily 2026-06-30 (stale) monthly 2026-06 (stale) quarterly 2026-Q2 (stale) daily 2026-07-01 (stale) weekly 2026-W27 (stale) " \
	"an inspection moved by hand from June 30 to July 1 makes the periods of both days stale"
sql "UPDATE inspection SET note = '复查' WHERE day = '2026-07-02'"
cycle
is "$rc:$(remade)" "0:none" "a note written in the sqlite3 shell makes nothing stale"

# ---- an inspection of a day before the first ----
one 2026-05-24 18 >early.csv
shequ-import -q -t inspections early.csv
cycle
is "$rc:$(remade)" "0:daily 2026-05-24 (due) weekly 2026-W21 (due) monthly 2026-05 (stale) quarterly 2026-Q2 (stale) " \
	"an inspection of a day before the first makes that day and week due and its month and quarter stale"
ok "the summary of each day agrees with its inspections after the changes" summary_agrees

# ---- a workbook changed in place, its size and modification time put back ----
f=R/daily/2026-07-10.xlsx
cp -p "$f" kept.xlsx
printf 'ZZZZ' | dd of="$f" bs=1 seek=30 conv=notrunc status=none
touch -r kept.xlsx "$f"
cycle
is "$rc:$(remade)" "0:daily 2026-07-10 (changed) " \
	"a workbook changed in place, its size and modification time put back, is made again"

# ---- care visits and services ----
# 甲 (86, lives alone) in 甲 1-1.  A visit counts in the overdue lists of
# the weeks that end on or after it (until the quarter after its own: the
# longest cadence) and in the visit rates of the month it is in; a
# service, in its month alone.
sql "INSERT INTO dwelling (id, stairwell_id, room) VALUES (1, 1, '101');
INSERT INTO person (id, id_number, name, phone, dwelling_id, moved_out) VALUES
	(1, '110105194001010018', '甲一', NULL, 1, NULL);
INSERT INTO person_tag VALUES (1, '独居老人');"
printf '日期,身份证号,探访人,探访方式\n2026-06-10,110105194001010018,李四,上门探访\n' >visits.csv
shequ-care import -q visits.csv
cycle
is "$rc:$(remade)" \
	"0:weekly 2026-W24 (stale) weekly 2026-W25 (stale) weekly 2026-W26 (stale) monthly 2026-06 (stale) weekly 2026-W27 (stale) weekly 2026-W28 (stale) weekly 2026-W29 (stale) " \
	"a visit imported late makes its month and the weeks from its own on stale, no day, no quarter"
shequ-care import -q visits.csv
cycle
is "$rc:$(remade)" "0:none" "the same visits imported again make nothing stale"
printf '服务日期,身份证号,服务项目,次数\n2026-05-12,110105194001010018,助餐,2\n' >services.csv
shequ-care import -q services.csv
cycle
is "$rc:$(remade)" "0:monthly 2026-05 (stale) " "a service makes its month stale, and nothing else"

# ---- the scorecard's visit rate and service score ----
cp -r "$SHEQU_DATADIR" share
sed -i -e 's/^weight_visit = .*/weight_visit = 0.1/' -e 's/^weight_service = .*/weight_service = 0.1/' \
	share/scoring.conf
SHEQU_DATADIR=$T/share cycle
is "$rc:$(remade)" "0:quarterly 2026-Q2 (stale) " \
	"weighing the visits: the quarter that has visits shows them, so it is made again"
printf '日期,身份证号,探访人,探访方式\n2026-04-20,110105194001010018,李四,上门探访\n' >april.csv
shequ-care import -q april.csv
SHEQU_DATADIR=$T/share cycle
is "$rc:$(remade)" \
	"0:weekly 2026-W21 (stale) weekly 2026-W22 (stale) weekly 2026-W23 (stale) weekly 2026-W24 (stale) weekly 2026-W25 (stale) weekly 2026-W26 (stale) monthly 2026-06 (stale) quarterly 2026-Q2 (stale) weekly 2026-W27 (stale) weekly 2026-W28 (stale) weekly 2026-W29 (stale) " \
	"with weight_visit, an April visit makes its quarter stale too, June (whose quarterly window holds it) and every week made since"
sql "INSERT INTO request_order (id, number, source, scenario, dwelling_id, changed) VALUES
	(1, 'GD1', 'hotline', 'parcel_delivery', 1, '2026-07-01 00:00:00');
INSERT INTO request_event (order_id, at, event, recorded) VALUES
	(1, '2026-06-02 09:00:00', 'received', '2026-07-01 00:00:00')"
SHEQU_DATADIR=$T/share cycle
is "$rc:$(remade)" "0:weekly 2026-W23 (stale) monthly 2026-06 (stale) quarterly 2026-Q2 (stale) " \
	"an order makes its week and month (their order sheets) and, with weight_service, its quarter stale"
SHEQU_DATADIR=$T/share cycle
is "$rc:$(remade)" "0:none" "and the run after finds nothing stale"
sql "UPDATE request_order SET requester = '张三' WHERE id = 1"
SHEQU_DATADIR=$T/share cycle
is "$rc:$(remade)" "0:none" "an order's requester, in no figure, makes nothing stale"

# ---- a database made before the summaries existed ----
# Its schema is that of migration 10; a report recorded then is judged once
# by the inspections themselves: made again only when they changed.
mkdir old && cd old
SHEQU_DB=$PWD/old.db
latest=$(ls "$srcdir"/share/migrations/ | sed -n 's/^0*\([0-9][0-9]*\)-.*\.sql$/\1/p' | sort -n | tail -1)
for f in "$srcdir"/share/migrations/0{0[1-9],10}-*.sql; do cat "$f"; done | sqlite3 old.db
sqlite3 old.db "PRAGMA user_version = 10"
sql "INSERT INTO compound (id, name, code) VALUES (1, '甲小区', 'JA');
	INSERT INTO building (id, compound_id, name) VALUES (1, 1, '1');
	INSERT INTO stairwell (id, building_id, unit) VALUES (1, 1, '1');
	INSERT INTO grid (id, code, compound_id, created) VALUES (1, 'JA-01', 1, '2026-01-01 00:00:00');
	INSERT INTO grid_stairwell VALUES (1, 1);
	INSERT INTO inspection (stairwell_id, day, item, score, imported) VALUES
		(1, '2026-07-01', '净', 18, '2026-07-02 01:00:00'),
		(1, '2026-07-02', '净', 15, '2026-07-03 01:00:00'),
		(1, '2026-07-02', '畅', 9, '2026-07-04 01:00:00')"
mkdir -p R/daily
for d in 2026-07-01 2026-07-02; do
	echo "$d" >"R/daily/$d.xlsx"
	sql "INSERT INTO report (kind, period, revision, made, file, sha256, inspections, score_sum,
		last_import, reason) VALUES ('daily', '$d', 1, '2026-07-05 00:00:00',
		'$PWD/R/daily/$d.xlsx', '$(sha256sum <"R/daily/$d.xlsx" | cut -d' ' -f1)',
		1, $([ "$d" = 2026-07-01 ] && echo 18 || echo 15),
		'$([ "$d" = 2026-07-01 ] && echo 2026-07-02 || echo 2026-07-03) 01:00:00', 'due')"
done
run shequ-cycle --date 2026-07-03 --out R --only daily -v
is "$rc:$(sql 'PRAGMA user_version')" "0:$latest" "the cycle brings a database made before the summaries up to date"
ok "the summary of each day is filled in from the inspections there" summary_agrees
is "$(remade)" "daily 2026-07-02 (stale) " \
	"of its old reports, only the one whose inspections changed since it was made is made again"
is "$(sql "SELECT count(*) FROM report WHERE period = '2026-07-01' AND changes IS NOT NULL")" 1 \
	"an old report found fresh is sealed with its summaries' count"
run shequ-cycle --date 2026-07-03 --out R --only daily -v
is "$rc:$(remade)" "0:none" "the next run finds nothing stale there"

done_testing
