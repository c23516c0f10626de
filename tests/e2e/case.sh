#!/bin/bash
# shequ-case on the hand-computed fixture: what a clerk asks of a case that
# does not exist or has ended, and a scan of a past day run again.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/fixture.sh"

fixture_places
fixture_inspections
# 甲 2-1 净 fails severely on 07-06 while its case of 07-03 is open.
insp 3 2026-07-06 5 14 14 14 14
for d in 01 02 03 04 05 06 07 08 09 10; do
	shequ-case -q scan 2026-07-$d || fail "the scan of 2026-07-$d succeeds"
done
is "$(sql "SELECT id || ' ' || outcome || ' ' || closed FROM supervision_case WHERE id = 1")" \
	"1 solved 2026-07-05" "case 1 was solved by the inspection of 2026-07-05"

# A case that does not exist, or an id no case can have.
run shequ-case history 999
is "$rc:$err" "65:shequ-case: no case 999" "the history of a case that does not exist is 65"
is "$out" "" "and writes no CSV"
run shequ-case history 99999999999999999999
is "$rc:$err" "64:shequ-case: bad case id '99999999999999999999': too large" \
	"an id too large for any case is a usage error"
run shequ-case close 99999999999999999999 --reason x
is "$rc" 64 "and is never clamped to another case by close"
run shequ-case history ' 1'
is "$rc" 64 "an id with a space is a usage error"
run shequ-case history 1
is "$rc:$(echo "$out" | wc -l)" "0:3" "the history of an existing case is its events"

# A past day scanned again, after the case open on it was solved.
is "$(sql "SELECT closed FROM supervision_case WHERE id = 2")" 2026-07-10 \
	"case 2, open on 2026-07-06, was solved on 2026-07-10"
before=$(sql "SELECT count(*) FROM supervision_case")
run shequ-case scan 2026-07-06
is "$rc:$err" "0:shequ-case: 2026-07-06: 0 opened, 0 solved, 0 escalated" \
	"scanning a past day again opens nothing"
is "$(sql "SELECT count(*) FROM supervision_case")" "$before" "and no case is doubled"
for d in 01 02 03 04 05 06 07 08 09 10; do shequ-case -q scan 2026-07-$d; done
is "$(sql "SELECT count(*) FROM supervision_case")" "$before" "nor by scanning every day again"

# Solved and closed are different outcomes.
run shequ-case close 1 --reason 已整改 --date 2026-07-12
is "$rc:$err" "65:shequ-case: case 1 is solved already (on 2026-07-05)" \
	"closing a solved case says it was solved"
is "$(sql "SELECT outcome FROM supervision_case WHERE id = 1")" solved "and leaves it solved"

done_testing
