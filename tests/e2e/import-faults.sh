#!/bin/bash
# shequ-import on a hostile morning: a corrupt database, a rejects path
# that is a symlink or an old file, dates from 1800 or 2099, a closed
# standard input, a header too wide, and messages that name the file.
. "$srcdir/tests/lib.sh"
export SHEQU_TODAY=2026-07-08

A=110105199509081629
B=37020319911111513X
H='小区,楼号,单元,房号,姓名,身份证号,与户主关系,联系电话,人员标签'
printf '%s\n幸福里小区,3,1,301,张三,%s,本人,13800138000,\n幸福里小区,3,1,302,李四,%s,,,\n' "$H" "$A" "$B" >r.csv

# ---- a corrupt page in the database ----
shequ-import -q r.csv
page=$(sql "PRAGMA page_size")
root=$(sql "SELECT rootpage FROM sqlite_schema WHERE name = 'person'")
cp shequ.db bad.db
dd if=/dev/zero of=bad.db bs="$page" seek=$((root - 1)) count=1 conv=notrunc 2>/dev/null
SHEQU_DB=bad.db run shequ-import --rejects bad-rej.csv r.csv
is "$rc:$err" "65:shequ-import: $T/bad.db: database disk image is malformed; run shequ-db check" \
	"a corrupt page: 65, the database named with what to do, no row rejected"
ok "and no row goes to the rejects file" test ! -s bad-rej.csv -o "$(grep -c . bad-rej.csv 2>/dev/null)" = 1

# ---- the rejects file: new, private, never through a symlink ----
printf '%s\n幸福里小区,3,1,303,王五,123,,,\n' "$H" >bad.csv
mkdir rej
echo old >rej/rej.csv
chmod 644 rej/rej.csv
run shequ-import --rejects rej/rej.csv bad.csv
is "$rc:$(stat -c %a rej/rej.csv):$(sed -n 2p rej/rej.csv | tr -d '\r')" "65:600:幸福里小区,3,1,303,王五,123,,,,2,\"身份证号: expected 18 characters (or 15), got 3\"" \
	"an old rejects file of mode 644 is replaced by a new one of mode 600"
echo secret >victim
chmod 644 victim
ln -s ../victim rej/link.csv
run shequ-import --rejects rej/link.csv bad.csv
is "$rc:$(cat victim):$(stat -c %a victim)" "73:secret:644" "a symlink at the rejects path is not followed (73)"
is "$err" "shequ-import: cannot create rej/link.csv: a symbolic link is there (not followed)" "and says so"
ok "nor replaced" test -L rej/link.csv
is "$(ls -A rej | tr '\n' ' ')" "link.csv rej.csv " "no temporary file is left in the folder"
printf '小区,楼号,单元,房号,姓名,身份证号\nA,1,1,1,\xff\xfe,x\n' >enc.csv
run shequ-import -e utf-8 --rejects rej/enc-rej.csv enc.csv
is "$rc:$(ls -A rej | tr '\n' ' ')" "65:link.csv rej.csv " "a file that fails as a whole leaves no rejects file, nor a temporary one"
run shequ-import -q --rejects /dev/stdout bad.csv
is "$rc:$(sed -n 2p out | tr -d '\r')" "65:幸福里小区,3,1,303,王五,123,,,,2,\"身份证号: expected 18 characters (or 15), got 3\"" \
	"--rejects /dev/stdout writes to standard output"
ok "and leaves /dev/stdout as it was" test -L /dev/stdout -o -c /dev/stdout

# ---- standard input closed, a header too wide ----
run shequ-import - <&-
is "$rc:$err" "74:shequ-import: -: read error: Bad file descriptor" "standard input closed: 74, not \"no header\""
awk 'BEGIN { for (i = 1; i <= 16385; i++) printf "c%d%s", i, i < 16385 ? "," : "\n" }' >wide.csv
run shequ-import wide.csv
is "$rc:$err" "65:shequ-import: wide.csv:1: header has 16385 columns, at most 256" \
	"a header of more than 16,384 columns: 65, with file and line"

# ---- messages name the file ----
: >empty.csv
run shequ-import empty.csv
is "$rc:$err" "65:shequ-import: empty.csv: no header: the file is empty (0 bytes)" "no header: the file named"
printf '\n  \n,,,\n' >blank.csv
run shequ-import - <blank.csv
is "$rc:$err" "65:shequ-import: -: no header" "no header on standard input: - named"
printf '小区,楼号,单元,房号,姓名,身份证号\nA,1,1,1,\xff\xfe,x\n' >enc.csv
run shequ-import enc.csv
is "$rc:$err" "65:shequ-import: enc.csv:2: invalid UTF-8 at byte offset 56, so the file was read as GB18030 (-e names the encoding); then: cannot tell the register from the header; use -t" \
	"a bad byte on line 2 that hides the register: file, line and byte named"
printf '小区,楼号,单元,房号,姓名,身份证号\r\n\xff\n' >enc2.csv
run shequ-import -t residents enc2.csv
contains "$rc:$err" "65:shequ-import: enc2.csv:2: invalid UTF-8 at byte offset 49, so the file was read as GB18030" \
	"with -t too, when the header then lacks columns"
printf 'A,1\n' >cols.txt
run shequ-import -H --columns 小区,楼号 cols.txt
is "$rc:$err" "65:shequ-import: cols.txt: --columns: residents: missing columns: unit, room, name, id_number" \
	"-H: missing columns are --columns', not a line 0's"

# ---- inspection dates outside a sane window ----
# Today is pinned after the clock, so that it decides what tomorrow is; the
# first import is made to be of 2026.
export SHEQU_DB=$T/dates.db SHEQU_TODAY=2099-06-30
printf '小区,楼号,单元数\n幸福里小区,3,1\n' >b.csv
shequ-import -q b.csv
sqlite3 "$SHEQU_DB" "UPDATE import_log SET started = '2026-03-01 08:00:00'"
printf '日期,小区,楼号,单元,项目,得分\n' >d.csv
for d in 1800-01-01 2024-12-31 2025-01-01 2099-07-01 2099-07-02 2100-01-01; do
	echo "$d,幸福里小区,3,1,净,18"
done >>d.csv
run shequ-import d.csv
is "$rc:$err" "65:shequ-import: d.csv:2: 日期: 1800-01-01 is before 2025-01-01, the oldest date accepted (--not-before)
shequ-import: d.csv:3: 日期: 2024-12-31 is before 2025-01-01, the oldest date accepted (--not-before)
shequ-import: d.csv:6: 日期: 2099-07-02 is after 2099-07-01, the newest date accepted (--not-after)
shequ-import: d.csv:7: 日期: 2100-01-01 is after 2099-07-01, the newest date accepted (--not-after)
shequ-import: d.csv: inspections: 6 rows read; 2 inserted, 0 updated, 0 unchanged; 4 rejected" \
	"dates from 1800, before the year before the first import or after tomorrow are rejected"
is "$(sql 'SELECT group_concat(day, " ") FROM (SELECT day FROM inspection ORDER BY day)')" "2025-01-01 2099-07-01" \
	"from January 1 of the year before to tomorrow they are imported"
run shequ-import --not-before 2024-12-01 --not-after 2099-07-02 d.csv
is "$rc:$(sql 'SELECT count(*) FROM inspection')" "65:4" "--not-before and --not-after move the window"
sqlite3 "$SHEQU_DB" "UPDATE import_log SET started = '2023-03-01 08:00:00' WHERE id = 1"
run shequ-import -q d.csv
is "$(sql "SELECT count(*) FROM inspection WHERE day = '2024-12-31'")" 1 \
	"the first import of the database sets the oldest year: 2023 accepts 2022 on"
printf '日期,小区,楼号,单元,项目,得分\n2099-01-01,幸福里小区,3,1,畅,18\n2026-09-30,幸福里小区,3,1,畅,18\n' >d2.csv
SHEQU_TODAY= run shequ-import d2.csv
contains "$rc:$err" "65:shequ-import: d2.csv:2: 日期: 2099-01-01 is after " "by the clock, 2099 is in the future"
SHEQU_TODAY=2026-07-08 run shequ-import -q d2.csv
is "$(sql "SELECT count(*) FROM inspection WHERE day = '2026-09-30'")" 1 \
	"a pinned past morning still imports what the clock says was inspected since"
run shequ-import --not-before 2026-13-01 d.csv
is "$rc:$err" "64:shequ-import: --not-before: bad date '2026-13-01': there is no month 13" "a bad --not-before: 64"
run shequ-import --not-before 2026-07-02 --not-after 2026-07-01 d.csv
contains "$rc:$err" "64:shequ-import: --not-before is after --not-after" "a window the wrong way round: 64"
export SHEQU_TODAY=2026-07-08
export SHEQU_DB=$T/shequ.db

done_testing
