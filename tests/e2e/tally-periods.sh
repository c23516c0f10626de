#!/bin/bash
# shequ-tally at the edges of the calendar: ISO week 53, quarter ends, and
# relative periods on a host whose clock is not in the community's zone.
# The numbers are computed by hand in the comments.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fixture.sh"

fixture_places
# 2026 has 53 ISO weeks: 2026-W53 is Monday 2026-12-28 .. Sunday 2027-01-03.
# 甲 1-1 (JA-01): W52 90; W53 100 and 90 (美 10 fails on 01-03, the last
# day of the week, and passes on 01-04, the first day of 2027-W01).
insp 1 2026-12-27 18 18 18 18 18
insp 1 2026-12-28 20 20 20 20 20
insp 1 2027-01-03 20 20 20 20 10
insp 1 2027-01-04 20 20 20 20 20
# 甲 2-1 (JA-02): W52 80; W53 66 (净 10 fails and never passes again).
insp 3 2026-12-21 16 16 16 16 16
insp 3 2026-12-31 10 14 14 14 14
# 乙 1-1 (YB-01): W53 one incomplete day (no 美), in calendar 2027.
insp 4 2027-01-01 15 15 15 15 -
# Quarter ends: 甲 1-2 (JA-01) 80 on 2026-09-30 (Q3), 60 on 2026-10-01
# (Q4; 12 is the pass mark itself, so no problem).
insp 2 2026-09-30 16 16 16 16 16
insp 2 2026-10-01 12 12 12 12 12

H=period,grid,compound,inspections,incomplete,score,clean,unobstructed,lit,safe,tidy,problems,rectified,rank,change
# JA-01 (100 + 90) / 2 = 95, change 95 - 90; JA-02 66, change 66 - 80.
run shequ-tally --by grid 2026-W53
is "$rc:$out" "0:$H
2026-W53,JA-01,甲小区,2,0,95.00,20.00,20.00,20.00,20.00,15.00,1,1,1,5.00
2026-W53,JA-02,甲小区,1,0,66.00,10.00,14.00,14.00,14.00,14.00,1,0,2,-14.00
2026-W53,YB-01,乙小区,0,1,,,,,,,0,0,," "2026-W53: days of both years, change against 2026-W52"
run shequ-tally --by grid 2026-W52
is "$(sed -n '2,3p' "$T/out")" "2026-W52,JA-01,甲小区,1,0,90.00,18.00,18.00,18.00,18.00,18.00,0,0,1,
2026-W52,JA-02,甲小区,1,0,80.00,16.00,16.00,16.00,16.00,16.00,0,0,2," "2026-W52 ends on 2026-12-27"
run shequ-tally --by grid 2027-W01
is "$(sed -n 2p "$T/out")" "2027-W01,JA-01,甲小区,1,0,100.00,20.00,20.00,20.00,20.00,20.00,0,0,1,5.00" \
	"2027-W01's previous week is 2026-W53 (100 - 95)"
run shequ-tally --by grid 2025-W53
is "$rc:$err" "64:shequ-tally: bad period '2025-W53': 2025 has only 52 ISO weeks" "2025 has no week 53"
SHEQU_TODAY=2027-01-04 run shequ-tally --by community last-week
is "$rc:$out" "0:period,inspections,incomplete,score,clean,unobstructed,lit,safe,tidy,problems,rectified,rank,change
2026-W53,3,1,85.33,16.67,18.00,18.00,18.00,14.67,2,1,1,0.33" \
	"last-week on 2027-01-04 is 2026-W53: (100 + 90 + 66) / 3, change against (90 + 80) / 2"
SHEQU_TODAY=2027-01-03 run shequ-tally --by community last-week
is "$(sed -n 2p "$T/out" | cut -d, -f1)" "2026-W52" "last-week on 2027-01-03 (still in W53) is 2026-W52"

# Quarter ends.
run shequ-tally --by community 2026-Q3
is "$(sed -n 2p "$T/out")" "2026-Q3,1,0,80.00,16.00,16.00,16.00,16.00,16.00,0,0,1," \
	"2026-09-30 belongs to Q3 (and nothing in Q2: no change)"
# Q4: 60, 90, 100, 80, 66 -> 396 / 5 = 79.20; clean (12+18+20+16+10)/5.
run shequ-tally --by community 2026-Q4
is "$(sed -n 2p "$T/out")" "2026-Q4,5,0,79.20,15.20,16.00,16.00,16.00,16.00,1,0,1,-0.80" \
	"2026-10-01 belongs to Q4; 2027-01-01 does not; change against Q3"
# Stairwells in Q4: 甲 1-1 95, 甲 2-1 73, 甲 1-2 60; 乙 1-1 none.
run shequ-tally --by stairwell 2026-Q4
is "$(sed -n 4p "$T/out")" "2026-Q4,甲小区,1,2,JA-01,1,0,60.00,12.00,12.00,12.00,12.00,12.00,0,0,3,-20.00" \
	"a stairwell's quarter change across the quarter end"
run shequ-tally --by community 2026-10-01
is "$(sed -n 2p "$T/out")" "2026-10-01,1,0,60.00,12.00,12.00,12.00,12.00,12.00,0,0,1,-20.00" \
	"the day after a quarter end compares with 2026-09-30"
SHEQU_TODAY=2026-10-01 run shequ-tally --by community last-quarter
is "$(sed -n 2p "$T/out" | cut -d, -f1-4)" "2026-Q3,1,0,80.00" "last-quarter on the first day of Q4"
SHEQU_TODAY=2026-09-30 run shequ-tally --by community last-quarter
is "$(sed -n 2p "$T/out" | cut -d, -f1)" "2026-Q2" "last-quarter on the last day of Q3"
SHEQU_TODAY=2027-01-01 run shequ-tally --by community last-month
is "$(sed -n 2p "$T/out" | cut -d, -f1)" "2026-12" "last-month on New Year's Day"

# Relative periods are days of the community's calendar (Asia/Shanghai by
# default), whatever zone the host runs in.
for tz in UTC America/New_York; do
	SHEQU_TODAY=2027-01-01 TZ=$tz run shequ-tally --by community yesterday
	is "$(sed -n 2p "$T/out" | cut -d, -f1)" "2026-12-31" "yesterday with SHEQU_TODAY, host in $tz"
done
# The real clock: the host's zone must not matter.  Kiritimati (+14) and
# Pago Pago (-11) are 25 hours apart, so at any moment one of them is on
# another date than Shanghai.  The expected date is taken before and after
# the run, in case midnight passes in between.
for tz in UTC America/New_York Pacific/Kiritimati Pacific/Pago_Pago; do
	want1=$(TZ=Asia/Shanghai date -d yesterday +%F)
	TZ=$tz run shequ-tally --by community yesterday
	want2=$(TZ=Asia/Shanghai date -d yesterday +%F)
	got=$(sed -n 2p "$T/out" | cut -d, -f1)
	ok "yesterday by the clock, host in $tz: $got is yesterday in Shanghai" \
		test "$rc" = 0 -a \( "$got" = "$want1" -o "$got" = "$want2" \)
done
want1=$(TZ=America/New_York date -d yesterday +%F)
TZ=Asia/Shanghai run shequ-tally --tz America/New_York --by community yesterday
want2=$(TZ=America/New_York date -d yesterday +%F)
got=$(sed -n 2p "$T/out" | cut -d, -f1)
ok "--tz America/New_York on a host in Shanghai: $got" test "$got" = "$want1" -o "$got" = "$want2"
run shequ-tally --tz Mars/Olympus --by community yesterday
is "$rc:$err" "64:shequ-tally: unknown time zone 'Mars/Olympus'" "an unknown --tz"

# Marks outside the rubric count for nothing: not as an item, not as a day.
sql "INSERT INTO inspection (stairwell_id, day, item, score, imported) VALUES
	(4, '2027-01-01', '乱', 1, '2026-01-01 00:00:00'), (4, '2027-01-02', '乱', 1, '2026-01-01 00:00:00');"
run shequ-tally --by community 2026-W53
is "$(sed -n 2p "$T/out")" "2026-W53,3,1,85.33,16.67,18.00,18.00,18.00,14.67,2,1,1,0.33" "items outside the rubric are ignored"
# A retired grid is not listed, and its stairwells count in no grid.
sql "UPDATE grid SET retired = '2026-12-01 00:00:00' WHERE code = 'YB-01';"
run shequ-tally --by grid 2026-W53
is "$(cut -d, -f2,4,5 "$T/out" | tr '\n' ' ')" "grid,inspections,incomplete JA-01,2,0 JA-02,1,0 " "a retired grid is left out"

# A bad scoring.conf stops the reports that use it, naming file and line.
mkdir share
cp "$SHEQU_DATADIR"/rubric.csv share/
printf '# policy\nweight_score = 0.6\ngrade_pass = sixty\n' >share/scoring.conf
SHEQU_DATADIR="$T/share" run shequ-tally --report quarterly 2026-Q4
is "$rc:$out:$err" "78::shequ-tally: $T/share/scoring.conf:3: grade_pass: expected a number, got 'sixty'" \
	"a bad value in scoring.conf: 78 with file:line"
printf 'weight_score = 0.6\nbogus = 1\n' >share/scoring.conf
SHEQU_DATADIR="$T/share" run shequ-tally --report quarterly 2026-Q4
is "$rc:$err" "78:shequ-tally: $T/share/scoring.conf:2: unknown key 'bogus'" "an unknown key: 78 with file:line"

done_testing
