#!/bin/bash
# shequ-tally and shequ-case on a small hand-computed community
# (tests/fixture.sh): scores, incomplete days, problems, rectification,
# cases, closure rates, grades, ranks and changes.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fixture.sh"

# Configuration: the shipped files, with a minimum a small test can reach.
mkdir share
cp "$SHEQU_DATADIR"/rubric.csv share/
sed 's/^min_inspections = .*/min_inspections = 3/' "$SHEQU_DATADIR"/scoring.conf >share/scoring.conf
export SHEQU_DATADIR="$T/share"

fixture_places
fixture_inspections

H=period,grid,compound,inspections,incomplete,score,clean,unobstructed,lit,safe,tidy,problems,rectified,rank,change
run shequ-tally --by grid 2026-07
is "$rc" 0 "tally by grid exits 0"
is "$out" "$H
2026-07,JA-01,甲小区,4,1,91.25,19.00,19.00,19.00,19.00,15.25,1,1,2,1.25
2026-07,JA-02,甲小区,4,0,67.75,11.75,14.00,14.00,14.00,14.00,3,3,3,
2026-07,YB-01,乙小区,2,0,93.50,13.50,20.00,20.00,20.00,20.00,1,1,1," "grid scores, item means, problems, ranks, change"
is "$err" "" "silent on success"

run shequ-tally 2026-07
is "$(sed -n 2p "$T/out")" "2026-07,JA-01,甲小区,4,1,91.25,19.00,19.00,19.00,19.00,15.25,1,1,2,1.25" "grid is the default level"

run shequ-tally --by stairwell 2026-07
is "$(sed -n '1p;4p' "$T/out")" "period,compound,building,unit,grid,inspections,incomplete,score,clean,unobstructed,lit,safe,tidy,problems,rectified,rank,change
2026-07,甲小区,1,2,JA-01,1,1,80.00,16.00,16.00,16.00,16.00,16.00,0,0,3," "stairwell level: keys, incomplete day"

run shequ-tally --by building 2026-07
is "$out" "period,compound,building,inspections,incomplete,score,clean,unobstructed,lit,safe,tidy,problems,rectified,rank,change
2026-07,乙小区,1,2,0,93.50,13.50,20.00,20.00,20.00,20.00,1,1,1,
2026-07,甲小区,1,4,1,91.25,19.00,19.00,19.00,19.00,15.25,1,1,2,1.25
2026-07,甲小区,2,4,0,67.75,11.75,14.00,14.00,14.00,14.00,3,3,3," "building level"

run shequ-tally --by compound 2026-07
is "$(sed -n 3p "$T/out")" "2026-07,甲小区,8,1,79.50,15.38,16.50,16.50,16.50,14.63,4,4,2,-10.50" "compound level: mean of stairwell-days, change"

run shequ-tally --by community 2026-Q3
is "$out" "period,inspections,incomplete,score,clean,unobstructed,lit,safe,tidy,problems,rectified,rank,change
2026-Q3,10,1,82.30,15.00,17.20,17.20,17.20,15.70,5,5,1,-7.70" "community level over the quarter, change against Q2"

run shequ-tally --by grid 2026-07-02
is "$(sed -n 2p "$T/out")" "2026-07-02,JA-01,甲小区,1,1,90.00,20.00,20.00,20.00,20.00,10.00,1,1,1,0.00" "a day (the incomplete day does not count), change against the day before"

SHEQU_TODAY=2026-08-03 run shequ-tally --by grid last-month
is "$(sed -n 2p "$T/out" | cut -d, -f1-6)" "2026-07,JA-01,甲小区,4,1,91.25" "last-month is relative to today"

# Cases: scan every day of July up to 07-10, a manual case, a hand close.
ok "shequ-case scans 2026-07-01 to 2026-07-03" \
	sh -c 'for d in 01 02 03; do shequ-case -q scan 2026-07-$d || exit; done'
run shequ-case scan 2026-07-03
is "$rc:$err" "0:shequ-case: 2026-07-03: 0 opened, 0 solved, 0 escalated" "scanning a day again opens nothing"
run shequ-case open --compound 甲小区 --building 1 --unit 2 --item lit --description '灯坏了' --deadline 2026-07-06 --by 王网格 --date 2026-07-04
is "$rc:$out" "0:3" "open by hand prints the id"
run shequ-case open --compound 甲小区 --building 1 --unit 2 --item 亮 --description x --date 2026-07-04
is "$rc:$err" "65:shequ-case: case 3 is already open for 甲小区 1-2 亮" "one open case per stairwell item"
run shequ-case open --compound 甲小区 --building 9 --unit 2 --item 亮 --description x
is "$rc:$err" "65:shequ-case: no stairwell 甲小区 9-2" "unknown place"
ok "shequ-case scans 2026-07-04 to 2026-07-10" \
	sh -c 'for d in 04 05 06 07 08 09 10; do shequ-case -q scan 2026-07-$d || exit; done'
run shequ-case close 3 --reason '已报修' --by 王网格 --date 2026-07-12
is "$rc" 0 "close by hand"
run shequ-case close 3 --reason again
is "$rc:$err" "65:shequ-case: case 3 is closed already" "closing twice"
run shequ-case close 3
is "$rc" 64 "close needs a reason"

run shequ-case list --date 2026-07-12
is "$out" "id,compound,building,unit,grid,item,source,description,opened,deadline,status,days_overdue,escalated,closed,outcome,close_reason
1,乙小区,1,1,YB-01,净,severe,净 scored 7 (severe: 8 or less),2026-07-01,2026-07-08,solved,0,,2026-07-05,solved,inspection of 2026-07-05 passed: 20
2,甲小区,2,1,JA-02,净,repeated,净 failed 3 inspections in a row,2026-07-03,2026-07-10,solved,0,,2026-07-10,solved,inspection of 2026-07-10 passed: 15
3,甲小区,1,2,JA-01,亮,manual,灯坏了,2026-07-04,2026-07-06,closed,6,secretary,2026-07-12,closed,已报修" "case list: solved and closed apart"
run shequ-case history 3
is "$out" "case,day,event,actor,reason
3,2026-07-04,opened,王网格,灯坏了
3,2026-07-07,escalated,shequ-case scan,1 day overdue: to the grid head
3,2026-07-10,escalated,shequ-case scan,4 days overdue: to the grid party secretary
3,2026-07-12,closed,王网格,已报修" "history: opened, escalated, closed, by whom, why"

# Quarterly assessment: JA-01 0.6*91.25 + 0.2*100 + 0.2*0 = 74.75;
# JA-02 0.6*67.75 + 0.2*33.33 + 0.2*100 = 67.32; YB-01 has 2 < 3 inspections.
# Only JA-01 was inspected in Q2 (90 on 06-30): its score changed by 1.25.
run shequ-tally --report quarterly 2026-Q3
is "$out" "period,grid,compound,inspections,score,change,problems,rectified_on_time,rectification_rate,cases_due,cases_on_time,closure_rate,total,grade,rank
2026-Q3,JA-01,甲小区,4,91.25,1.25,1,1,100.00,1,0,0.00,74.75,合格,1
2026-Q3,JA-02,甲小区,4,67.75,,3,1,33.33,1,1,100.00,67.32,合格,2
2026-Q3,YB-01,乙小区,2,93.50,,1,1,100.00,1,1,100.00,96.10,优秀," "quarterly: rates, total, grade, minimum"

run shequ-tally --report daily 2026-07-01
is "$out" "period,grid,compound,inspections,incomplete,score,problems,cases_opened,cases_solved,cases_closed,cases_overdue
2026-07-01,JA-01,甲小区,2,0,90.00,0,0,0,0,0
2026-07-01,JA-02,甲小区,1,0,66.00,1,0,0,0,0
2026-07-01,YB-01,乙小区,1,0,87.00,1,1,0,0,0" "daily report"

run shequ-tally --report weekly 2026-W27
is "$out" "period,grid,compound,score,change,open_cases,overdue_cases,grid_head,butler,building,unit,item,first_seen,days_open
2026-W27,JA-01,甲小区,91.00,,1,0,王网格,李管家、赵管家,,,,,
2026-W27,JA-02,甲小区,66.67,,1,0,,,2,1,净,2026-07-01,4
2026-W27,YB-01,乙小区,93.50,,0,0,,,,,,," "weekly copy report"

run shequ-tally --report monthly 2026-07
is "$out" "period,section,rank,grid,compound,building,unit,inspections,score,change
2026-07,grid,1,YB-01,乙小区,,,2,93.50,
2026-07,grid,2,JA-01,甲小区,,,4,91.25,1.25
2026-07,grid,3,JA-02,甲小区,,,4,67.75,
2026-07,compound,1,,乙小区,,,2,93.50,
2026-07,compound,2,,甲小区,,,8,79.50,-10.50
2026-07,best,1,JA-01,甲小区,1,1,3,95.00,5.00
2026-07,best,2,YB-01,乙小区,1,1,2,93.50,
2026-07,best,3,JA-01,甲小区,1,2,1,80.00,
2026-07,worst,2,YB-01,乙小区,1,1,2,93.50,
2026-07,worst,3,JA-01,甲小区,1,2,1,80.00,
2026-07,worst,4,JA-02,甲小区,2,1,4,67.75," "monthly bulletin, every section in rank order"

# One row type per CSV: every section of a report on its own, with the
# previous period's score beside the change.
run shequ-tally --report weekly --section grid 2026-W27
is "$out" "period,grid,compound,score,prev_score,change,open_cases,overdue_cases,open_problems,grid_head,butler
2026-W27,JA-01,甲小区,91.00,,,1,0,0,王网格,李管家、赵管家
2026-W27,JA-02,甲小区,66.67,,,1,0,1,,
2026-W27,YB-01,乙小区,93.50,,,0,0,0,," "weekly section grid: a row per grid, its open problems counted"
run shequ-tally --report weekly --section problems 2026-W27
is "$out" "period,grid,compound,building,unit,item,first_seen,days_open
2026-W27,JA-02,甲小区,2,1,净,2026-07-01,4" "weekly section problems: a row per open problem"
run shequ-tally --report weekly --section grid 2026-W28
is "$(sed -n 3p "$T/out" | cut -d, -f2,4-6)" "JA-02,71.00,66.67,4.33" \
	"weekly section grid: the week before's score beside the change"
run shequ-tally --report monthly --section compound 2026-07
is "$out" "period,rank,compound,inspections,score,prev_score,change
2026-07,1,乙小区,2,93.50,,
2026-07,2,甲小区,8,79.50,90.00,-10.50" "monthly section compound: the compounds alone, last month's score beside the change"
shequ-tally --report monthly 2026-07 >whole.csv
run shequ-tally --report monthly --section grid 2026-07
is "$(sed 1d "$T/out" | cut -d, -f1-6,8)" "$(grep '^[^,]*,grid,' whole.csv | cut -d, -f1,3,4,5,8,9,10)" \
	"monthly section grid: the whole bulletin's grid rows"
for sec in best worst; do
	run shequ-tally --report monthly --section $sec 2026-07
	is "$(sed 1d "$T/out" | cut -d, -f1-8,10)" "$(grep "^[^,]*,$sec," whole.csv | cut -d, -f1,3-10)" \
		"monthly section $sec: the whole bulletin's $sec rows"
done
run shequ-tally --report daily --section grid 2026-07-01
is "$rc:$err" "64:shequ-tally: the daily report has no sections" "a report without sections refuses --section"
run shequ-tally --report weekly --section best 2026-W27
is "$rc:$err" "64:shequ-tally: the weekly report has no section best: its sections are grid, problems" \
	"a section of another report is refused with the report's own"
run shequ-tally --section grid 2026-07
is "$rc:$(head -1 "$T/err")" "64:shequ-tally: --section goes with --report" "--section without --report is a usage error"

run shequ-tally --report quarterly-detail 2026-Q3
is "$(sed -n '1,2p' "$T/out")" "period,grid,compound,building,unit,score_m1,score_m2,score_m3,score,problems,rectified,cases_opened,cases_open
2026-Q3,JA-01,甲小区,1,1,95.00,,,95.00,1,1,0,0" "quarterly detail per stairwell"

# Error paths.
run shequ-tally --report weekly 2026-07
is "$rc:$err" "64:shequ-tally: the weekly report needs a week (2026-W28), not 2026-07" "report of the wrong period kind"
run shequ-tally --by floor 2026-07
is "$rc" 64 "unknown level"
run shequ-tally 2026-13
is "$rc" 64 "bad period"
sql "DELETE FROM grid_stairwell; DELETE FROM grid;"
run shequ-tally 2026-07
is "$rc:$err" "66:shequ-tally: no grids yet: run 'shequ-grid' to partition the community first" "grid level without grids names shequ-grid"
run shequ-tally --by building 2026-07
is "$rc" 0 "other levels work without grids"
run shequ-tally --db "$T/none.db" --by building 2026-07
is "$rc" 66 "no such database"

done_testing
