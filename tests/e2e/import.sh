#!/bin/bash
# shequ-import: every encoding, shape and value row of the bad inputs (tests/BAD-INPUTS-COVERAGE.md), the
# registers, upserts, --sync, --strict, --dry-run, --rejects, kill -9 and
# concurrent imports.
. "$srcdir/tests/lib.sh"
export SHEQU_TODAY=2026-07-08

# id17 PREFIX17 - the 18-character ID with its GB 11643 check character.
id() {
	local w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) c=10X98765432 s=0 i
	for i in $(seq 0 16); do s=$((s + ${1:i:1} * ${w[i]})); done
	echo "$1${c:$((s % 11)):1}"
}
A=$(id 11010519950908162)   # F, 1995-09-08
B=$(id 37020319911111513)   # M
C=$(id 33010620200117074)
H='小区,楼号,单元,房号,姓名,身份证号,与户主关系,联系电话,人员标签'

# ---- a clean roster, then the same again ----
printf '%s\n幸福里小区,3号楼,1单元,301室,张三,%s,本人,+86 138-0013-8000,党员、独居\n幸福里小区,3栋,１单元,301,李四,%s,配偶,,\n' \
	"$H" "$A" "$B" >r1.csv
run shequ-import r1.csv
is "$rc" 0 "a clean roster imports (0)"
is "$err" "shequ-import: r1.csv: residents: 2 rows read; 2 inserted, 0 updated, 0 unchanged, 0 moved out; 1 new households; 0 rejected" "summary"
is "$(sql "SELECT compound, building, unit, room, name, gender, birth_date, phone FROM resident WHERE id_number = '$A'")" \
	"幸福里小区|3|1|301|张三|F|1995-09-08|13800138000" "address normalised, gender and birth from the ID, phone normalised"
is "$(sql "SELECT group_concat(tag, ' ') FROM (SELECT tag FROM person_tag ORDER BY tag)")" "党员 独居" "tags split, one per row"
is "$(sql 'SELECT count(*) FROM household')" 1 "one household"
is "$(sql 'SELECT code FROM compound')" C1 "a compound without a code gets C1"
run shequ-import r1.csv
is "$rc" 0 "importing again exits 0"
contains "$err" "0 inserted, 0 updated, 2 unchanged" "importing the same file again changes nothing"
contains "$err" "nothing changed" "importing the same file again says nothing changed"
run shequ-import -q r1.csv
is "$err" "" "-q: no summary"

# ---- updates and moves ----
printf '%s\n幸福里小区,3,1,302,张三,%s,本人,13800138000,党员\n' "$H" "$A" >r2.csv
run shequ-import r2.csv
contains "$err" "0 inserted, 1 updated" "a known ID is updated in place"
is "$(sql "SELECT count(*) FROM person WHERE id_number = '$A'")" 1 "not duplicated"
is "$(sql "SELECT room FROM resident WHERE id_number = '$A'")" 302 "the person moved"
is "$(sql "SELECT count(*) FROM person_move WHERE to_dwelling IS NOT NULL")" 1 "the move is kept as history"
is "$(sql "SELECT group_concat(tag) FROM person_tag")" "党员" "tags replaced"

# ---- --sync ----
run shequ-import --sync r2.csv
contains "$err" "1 moved out" "--sync marks the missing resident moved out"
is "$(sql "SELECT count(*) FROM person WHERE moved_out IS NOT NULL")" 1 "kept, not deleted"
is "$(sql "SELECT count(*) FROM resident")" 1 "the resident view holds current residents only"

# ---- values ----
sqlite3 shequ.db "DELETE FROM person_tag; DELETE FROM person_move; DELETE FROM person"
X=$(id 11010519950908161)
printf '%s\n' "$H" \
	"幸福里小区,1,1,101,王一,1.10105E+17,,," \
	"幸福里小区,1,1,101,王二,110105199509081000,,," \
	"幸福里小区,1,1,101,王三,${A%?}0,,," \
	"幸福里小区,1,1,101,王四,11010519950231162X,,," \
	"幸福里小区,1,1,101,王五,11010520300101162X,,," \
	"幸福里小区,1,1,101,王六,'${X,,},,," \
	"幸福里小区,1,1,101,王七,１１０１０５１９９５０９０８１６３７,,," \
	"幸福里小区,1,1,101,王八,110105 19950908 1645,,," \
	"幸福里小区,1,1,101,王九,110105950908165,,," \
	"幸福里小区,1,1,101,陈一,$(id 81000019900101001),,," \
	"幸福里小区,1,1,101,陈二,$(id 91000019900101001),,," \
	"幸福里小区,1,1,101,陈三,${X,,},,," \
	"幸福里小区,1,1,101,陈四,$C,,0086 138 0013 8000," \
	"幸福里小区,1,1,101,陈五,$(id 33010620200117075),,１３８００１３８０００," \
	"幸福里小区,1,1,101,陈六,$(id 33010620200117076),,010-12345678," \
	"幸福里小区,1,1,101,阿依古丽•买买提,$(id 33010620200117077),,," \
	"幸福里小区,1,1,101,玛丽・居里,$(id 33010620200117078),,," \
	"幸福里小区,1,1,101,约翰．史密斯,$(id 33010620200117079),,," \
	"幸福里小区,1,1,101,$(printf '\u3000\u00a0\u200b\ufeff赵钱孙\u3000'),$(id 33010620200117080),,," \
	"幸福里小区,1,1,101,$(printf '龘%.0s' $(seq 30)),$(id 33010620200117081),,," \
	"幸福里小区,1,1,101,=HYPERLINK(A),$(id 33010620200117082),,," \
	"幸福里小区,1,1,101,䶮㐀𠀀,$(id 33010620200117083),,," \
	>v.csv
run shequ-import --rejects rej.csv v.csv
is "$rc" 65 "rejected rows: exit 65"
contains "$err" "shequ-import: v.csv:2: 身份证号: looks like a number Excel rounded; format the column as text and export again" "1.10105E+17: hint to format as text"
contains "$err" "shequ-import: v.csv:3: 身份证号: looks like a number Excel rounded; format the column as text and export again" "ending in 000: the same hint"
contains "$err" "shequ-import: v.csv:4: 身份证号: check character should be ${A: -1}" "wrong check character: the expected one given"
contains "$err" "shequ-import: v.csv:5: 身份证号: the birth date in it is not a date" "birth date 0231 rejected"
contains "$err" "shequ-import: v.csv:6: 身份证号: the birth date in it is in the future" "birth date in the future rejected"
ok "no message shows a birth date the mask hides" test "$(grep -c -e 19950231 -e 20300101 err)" = 0
is "$(sql "SELECT count(*) FROM person WHERE id_number = '$X'")" 1 "lower-case x and a leading ' normalised"
contains "$err" "shequ-import: v.csv:13: 身份证号: duplicate of line 7" "the same ID twice: the later row is a duplicate of line N"
is "$(sql "SELECT count(*) FROM person WHERE id_number = '$(id 11010519950908163)'")" 1 "full-width digits in an ID"
is "$(sql "SELECT count(*) FROM person WHERE id_number = '$(id 11010519950908164)'")" 1 "spaces in an ID"
is "$(sql "SELECT count(*) FROM person WHERE id_number = '$(id 11010519950908165)'")" 1 "a 15-digit ID is upgraded to 18"
is "$(sql "SELECT id_kind FROM resident WHERE name = '陈一'")" hkmo_permit "81...: Hong Kong/Macao permit"
is "$(sql "SELECT id_kind FROM resident WHERE name = '陈二'")" foreigner "9...: foreigner permanent residence"
is "$(sql "SELECT phone FROM person WHERE name = '陈四'")" 13800138000 "0086 phone normalised"
is "$(sql "SELECT phone FROM person WHERE name = '陈五'")" 13800138000 "full-width phone normalised"
is "$(sql "SELECT phone FROM person WHERE name = '陈六'")" 010-12345678 "a landline is kept as written"
contains "$err" "shequ-import: v.csv:16: 联系电话: not a mainland mobile number (010*******78); kept as written" "a landline is warned about, masked"
is "$(sql "SELECT count(*) FROM person WHERE name IN ('阿依古丽·买买提', '玛丽·居里', '约翰·史密斯')")" 3 "name separators become U+00B7"
is "$(sql "SELECT count(*) FROM person WHERE name = '赵钱孙'")" 1 "U+3000, NBSP, zero-width space and BOM trimmed"
is "$(sql "SELECT length(name) FROM person WHERE id_number = '$(id 33010620200117081)'")" 30 "30 Han characters stored whole"
is "$(sql "SELECT name FROM person WHERE id_number = '$(id 33010620200117082)'")" "=HYPERLINK(A)" "a cell starting with = is text"
is "$(sql "SELECT name FROM person WHERE id_number = '$(id 33010620200117083)'")" "䶮㐀𠀀" "rare characters intact"
is "$(head -1 rej.csv | tr -d '\r' | sed '1s/^\xef\xbb\xbf//')" "$H,line,reason" "rejects: the header plus line and reason"
is "$(grep -c . rej.csv)" 7 "rejects: one row per rejected row"
contains "$(sed -n 2p rej.csv)" "王一,1.10105E+17,,,,2,身份证号: looks like" "rejects: original fields, line and reason"
is "$(stat -c %a rej.csv)" 600 "rejects file is private"
contains "$err" "22 rows read" "summary counts rows"
contains "$err" "6 rejected" "the summary counts rejected rows"
n=$(sql 'SELECT count(*) FROM person')
run shequ-import rej.csv
is "$rc" 65 "the rejects file imports again (still bad)"
is "$(sql 'SELECT count(*) FROM person')" "$n" "creating nothing"
contains "$err" "rej.csv:2: 身份证号: looks like" "the rejects file's messages give its own line numbers"

# ---- repeats into an empty database ----
D=$(id 11010519491231002)
printf '%s\n新村,1,1,101,甲,%s,,,\n新村,1,1,101,乙,%s,,,\n新村,1,1,102,丙,%s,,,\n新村,1,1,101,丁,%s,,,\n' \
	"$H" "$D" "$D" "$D" "$A" >dup.csv
SHEQU_DB=dup.db run shequ-import dup.csv
contains "$rc:$err" "65:shequ-import: dup.csv:3: 身份证号: duplicate of line 2" "empty database: a repeat at the same address is a duplicate"
contains "$err" "shequ-import: dup.csv:4: 身份证号: duplicate of line 2" "empty database: a repeat at another address is a duplicate too"
contains "$err" "2 inserted, 0 updated, 0 unchanged, 0 moved out; 1 new households; 2 rejected" "the repeats make nothing"
is "$(sqlite3 dup.db "SELECT group_concat(room) FROM dwelling")" 101 "no household for the rejected row"
is "$(sqlite3 dup.db "SELECT group_concat(name) FROM person ORDER BY id")" "甲,丁" "the first row kept"

# ---- the bulk load of an empty person table: indexes dropped, then built ----
# idx DB - the indexes on person, as the schema has them.
idx() { sqlite3 "$1" "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'person' ORDER BY name" | tr '\n' ' '; }
IDX="person_dwelling person_id_number "
is "$(idx dup.db)" "$IDX" "after a bulk load with a repeat the indexes on person are there"
E=$(id 11010519491231003)
F=$(id 11010519491231004)
printf '%s\n新村,2,1,101,甲,%s,,,\n新村,2,1,102,乙,%s,,,\n新村,2,1,103,丙,%s,,,\n新村,2,1,103,丁,%s,,,\n新村,2,1,104,戊,%s,,,\n' \
	"$H" "$D" "$E" "$D" "$F" "$E" >bulkdup.csv
SHEQU_DB=bulk.db run shequ-import bulkdup.csv
is "$rc:$err" "65:shequ-import: bulkdup.csv:4: 身份证号: duplicate of line 2
shequ-import: bulkdup.csv:6: 身份证号: duplicate of line 3
shequ-import: bulkdup.csv: residents: 5 rows read; 3 inserted, 0 updated, 0 unchanged, 0 moved out; 3 new households; 2 rejected" \
	"bulk load: a repeat is a duplicate of line N, before and after the index is back (65)"
is "$(sqlite3 bulk.db "SELECT group_concat(name || room, ' ') FROM (SELECT name, room FROM resident ORDER BY id)")" "甲101 乙102 丁103" "the rest is imported"
is "$(idx bulk.db)" "$IDX" "after a bulk load with duplicates the indexes are there"
is "$(sqlite3 bulk.db "SELECT sql FROM sqlite_schema WHERE name = 'person_id_number'")" \
	"CREATE UNIQUE INDEX person_id_number ON person (id_number)" "as the schema made it"
is "$(sqlite3 bulk.db "INSERT INTO person (id_number, name, dwelling_id) SELECT id_number, name, dwelling_id FROM person LIMIT 1" 2>&1)" \
	"Error: stepping, UNIQUE constraint failed: person.id_number (19)" "the rebuilt person_id_number index is unique"
rm -f bulk.db*
SHEQU_DB=bulk.db run shequ-import --dry-run dup.csv
is "$(idx bulk.db)" "$IDX" "--dry-run into an empty database leaves the indexes"
SHEQU_DB=bulk.db run shequ-import --strict dup.csv
is "$rc:$(sqlite3 bulk.db 'SELECT count(*) FROM person')" "65:0" "--strict rolls the bulk load back"
is "$(idx bulk.db)" "$IDX" "--strict rolls the indexes back with the bulk load"

# ---- --strict and --dry-run ----
sqlite3 shequ.db "DELETE FROM person_tag; DELETE FROM person_move; DELETE FROM person"
run shequ-import --strict v.csv
is "$rc" 65 "--strict with bad rows exits 65"
is "$(sql 'SELECT count(*) FROM person')" 0 "--strict with bad rows commits nothing"
contains "$err" "(--strict: nothing committed)" "--strict says nothing was committed"
run shequ-import --dry-run r1.csv
is "$rc" 0 "--dry-run of a good file exits 0"
is "$(sql 'SELECT count(*) FROM person')" 0 "--dry-run commits nothing"
contains "$err" "2 inserted" "--dry-run reports what it would do"

# ---- encodings and CSV shape ----
iconv -f utf-8 -t gb18030 v.csv >gb.csv
rm -f shequ.db*
run shequ-import -q gb.csv
is "$rc" 65 "GB18030 without BOM is detected"
is "$(sql "SELECT name FROM person WHERE id_number = '$(id 33010620200117083)'")" "䶮㐀𠀀" "GB18030: rare characters intact"
rm -f shequ.db*
run shequ-import -q -e gbk gb.csv
is "$(sql "SELECT name FROM person WHERE id_number = '$(id 33010620200117083)'")" "䶮㐀𠀀" "-e gbk means GB18030"
rm -f shequ.db*
{ printf '\xef\xbb\xbf"小区",楼号,单元,房号,姓名,身份证号\r\n'; printf 'A,1,1,1,张三,%s\r' "$A"; printf 'A,1,1,2,李四,%s\n' "$B"; printf 'A,1,1,3,"王\n五",%s\r\n' "$C"; printf 'A,1,1,3,王六,x\r\n'; } >shape.csv
run shequ-import shape.csv
is "$rc" 65 "BOM, quoted first header, CRLF/CR/LF mix"
is "$(sql 'SELECT count(*) FROM person')" 3 "all three good rows read"
is "$(sql "SELECT room FROM resident WHERE id_number = '$C'")" 3 "no CR left in the last field"
is "$(sql "SELECT name FROM person WHERE id_number = '$C'")" "王 五" "embedded newline kept (normalised to a space in a name)"
contains "$err" "shape.csv:6: 身份证号:" "a later message gives the physical line"
{ printf '\xff\xfe'; printf '小区\t楼号\t单元\t房号\t姓名\t身份证号\r\nA\t1\t1\t1\t张三\t%s\r\n' "$A" | iconv -f utf-8 -t utf-16le; } >u16.txt
rm -f shequ.db*
run shequ-import -d '\t' u16.txt
is "$rc" 0 "UTF-16LE with FF FE, tab-separated"
is "$(sql 'SELECT name FROM person')" "张三" "decoded"
{ echo "$H"; for i in $(seq 1 4998); do echo "A,1,1,$i,张三,$A,,,"; done; printf 'A,1,1,1,\xff\xfe,x,,,\n'; } >badbyte.csv
rm -f shequ.db*
run shequ-import -q badbyte.csv
is "$rc" 65 "an invalid byte on line 5000: 65"
contains "$err" "badbyte.csv:5000: invalid UTF-8 at byte offset" "an invalid byte is reported with its line and byte offset"
is "$(sql 'SELECT count(*) FROM person')" 0 "nothing half-imported"
printf '%s\nA,1,1,1,"张三,%s,,,\n' "$H" "$A" >unterm.csv
run shequ-import unterm.csv
is "$rc" 65 "unterminated quote: 65"
contains "$err" "unterm.csv:2: unterminated quoted field" "names the line"
printf '%s\nA,1,1,1,张三,%s,,\nA,1,1,1,张三,%s,,,,\n' "$H" "$A" "$A" >width.csv
run shequ-import width.csv
is "$rc" 65 "short and long rows: 65"
contains "$err" "shequ-import: width.csv:2: expected 9 fields, got 8" "short row"
contains "$err" "shequ-import: width.csv:3: expected 9 fields, got 10" "long row"
: >empty.csv
run shequ-import empty.csv
is "$rc:$err" "65:shequ-import: empty.csv: no header: the file is empty (0 bytes)" "empty file: no header (65)"
echo "$H" >header.csv
run shequ-import header.csv
is "$rc" 0 "header only: 0"
contains "$err" "0 rows read" "0 rows"
printf '%s\n\n  \n,,,,,,,,\nA,1,1,1,张三,%s,,,\n' "$H" "$A" >blank.csv
run shequ-import blank.csv
is "$rc" 0 "blank lines and rows of only commas skipped"
contains "$err" "1 rows read" "blank lines are not counted as rows"
is "$err" "shequ-import: blank.csv: residents: 1 rows read; 1 inserted, 0 updated, 0 unchanged, 0 moved out; 1 new households; 0 rejected; 3 blank rows skipped" \
	"the summary counts the blank rows skipped"
printf '小区,楼号,单元,房号,姓名,姓名,身份证号\n' >duph.csv
run shequ-import duph.csv
is "$rc:$err" "65:shequ-import: duph.csv:1: duplicate columns: 姓名" "duplicate header names: 65"
printf '小区,楼号,,房号,姓名,身份证号\n' >emptyh.csv
run shequ-import emptyh.csv
is "$rc:$err" "65:shequ-import: emptyh.csv:1: column 3 has no name" "empty header name: 65"
printf '小区,楼号,单元,房号,姓名　,身份证号 ,备注\nA,1,1,1,张三,%s,x\n' "$A" >fw.csv
run shequ-import fw.csv
is "$rc" 0 "header cells with full-width spaces match"
contains "$err" "shequ-import: fw.csv: unknown columns ignored: 备注" "unknown columns: one warning"
printf '小区;楼号;单元;房号;姓名;身份证号\nA;1;1;1;张三;%s\n' "$A" >semi.csv
run shequ-import semi.csv
is "$rc:$err" "65:shequ-import: semi.csv:1: header has 1 column; try -d ';'" "; file read with ,: a hint"
run shequ-import -d ';' semi.csv
is "$rc" 0 "-d ';' reads a ';' file"
printf '%s\nA,1,1,1,张\0三,%s,,,\n' "$H" "$A" >nul.csv
run shequ-import nul.csv
is "$rc" 65 "a NUL byte: 65"
contains "$err" "nul.csv:2: NUL byte" "a NUL byte is reported with its line"
{ echo "$H"; printf 'A,1,1,1,'; head -c 10000000 /dev/zero | tr '\0' 'a'; printf ',%s,,,\n' "$A"; } >big.csv
run /usr/bin/time -f '%M' shequ-import big.csv
is "$rc" 65 "a 10 MB field: 65"
ok "with bounded memory" test "$(tail -1 err)" -lt 60000
printf 'A,1,1,1,张三,%s\n' "$A" | shequ-import -q -H --columns 小区,building,单元,room,姓名,id_number -
is "$?:$(sql "SELECT name FROM person")" "0:张三" "-H --columns on stdin"
run shequ-import -H x.csv
is "$rc" 64 "-H without --columns: usage error"

# ---- buildings, inspections, staff: the sample community ----
rm -f shequ.db*
run shequ-import "$SAMPLE/buildings.csv" "$SAMPLE/residents.csv" "$SAMPLE/inspections.csv" "$SAMPLE/staff.csv"
is "$rc" 0 "the sample community imports"
is "$(sql "SELECT code FROM compound WHERE name = '幸福里小区'")" XFL "compound codes from the buildings file"
is "$(sql 'SELECT count(*) FROM stairwell') $(sql 'SELECT sum(units) FROM building')" \
	"$(sql 'SELECT sum(units) FROM building') $(sql 'SELECT count(*) FROM stairwell')" "stairwells 1..units"
is "$(sql 'SELECT count(*) FROM resident')" "$(($(wc -l <"$SAMPLE/residents.csv") - 1))" "every sample resident"
is "$(sql 'SELECT count(*) FROM inspection')" "$(($(wc -l <"$SAMPLE/inspections.csv") - 1))" "every sample inspection"
is "$(sql "SELECT role FROM staff WHERE phone = '13070757236'")" secretary "staff roles mapped"
is "$(sql "SELECT pair_phone FROM staff WHERE phone = '13033737554'")" 13381560830 "butler paired"
printf '日期,小区,楼号,单元,项目,得分,检查人,备注\n' >i.csv
printf '%s\n' "2026/10/5,幸福里小区,1号楼,1单元,净,18,张军锋," "2026年10月5日,幸福里小区,1,1,净,17,张军锋," \
	"2026.10.5,幸福里小区,1,1,畅,20,张军锋," "10/5/2026,幸福里小区,1,1,亮,20,张军锋," \
	"2026-10-05,幸福里小区,99,1,亮,20,张军锋," "2026-10-05,幸福里小区,1,9,亮,20,张军锋," \
	"2026-10-05,幸福里小区,1,1,脏,20,张军锋," "2026-10-05,幸福里小区,1,1,亮,21,张军锋," >>i.csv
run shequ-import i.csv
is "$rc" 65 "inspections with bad rows: 65"
is "$(sql "SELECT score FROM inspection WHERE day = '2026-10-05' AND item = '净'")" 17 "2026/10/5 and 2026年10月5日 parsed; the later score replaces"
is "$(sql "SELECT count(*) FROM inspection WHERE day = '2026-10-05'")" 2 "2026.10.5 parsed"
contains "$err" "i.csv:5: 日期: bad date '10/5/2026'" "10/5/2026 rejected, not guessed"
contains "$err" "i.csv:6: 楼号: unknown building" "unknown building rejected"
contains "$err" "i.csv:7: 单元: unknown stairwell" "unknown stairwell rejected"
contains "$err" "i.csv:8: 项目: unknown item '脏'" "unknown item rejected"
contains "$err" "i.csv:9: 得分: score '21' is not a whole number from 0 to 20" "score outside the rubric rejected"
printf '%s\n幸福里小区,99号楼,1,101,张三,%s,,,\n' "$H" "$A" >ub.csv
run shequ-import ub.csv
contains "$rc:$err" "65:shequ-import: ub.csv:2: 楼号: unknown building" "after a buildings file, the roster invents no building"

# ---- kill -9 and concurrency ----
rm -f shequ.db*
shequ-import -q "$SAMPLE/buildings.csv"
before=$(sql 'SELECT count(*) FROM person')
{ echo "$H"; for i in $(seq 1 60); do sed 1d "$SAMPLE/residents.csv" | iconv -f gb18030 -t utf-8; done; } >many.csv
shequ-import -q many.csv 2>/dev/null &
pid=$!
sleep 0.5
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
is "$(sql 'PRAGMA integrity_check')" ok "kill -9 mid import: integrity ok"
is "$(sql 'SELECT count(*) FROM person')" "$before" "kill -9 mid import: the database is as it was"
is "$(idx shequ.db)" "$IDX" "kill -9 mid import: the indexes are as they were"
# Distinct IDs only: the whole file goes in by the bulk load.
awk -v H="$H" 'BEGIN {
	print H; split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); c = "10X98765432"
	for (i = 0; i < 400000; i++) {
		d = int(i / 1000); n = i % 1000
		s = sprintf("110105%04d%02d%02d%03d", 1950 + int(d / 336), 1 + int(d / 28) % 12, 1 + d % 28, n)
		t = 0; for (k = 1; k <= 17; k++) t += substr(s, k, 1) * w[k]
		printf "幸福里小区,%d,1,%d,张三,%s%s,,,\n", 1 + int(i / 2000), int(i / 3) % 1000, s, substr(c, t % 11 + 1, 1)
	} }' >distinct.csv
rm -f bulk.db*
SHEQU_DB=bulk.db shequ-import -q distinct.csv 2>/dev/null &
pid=$!
# The kill lands once the import has made its database, however slowly the
# tool starts (a sanitizer build takes most of a second), and before the
# 400,000 rows are in: the count below proves which.
for i in $(seq 1 200); do
	[ -s bulk.db ] && break
	sleep 0.05
done
sleep 0.3
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
is "$(sqlite3 bulk.db 'PRAGMA integrity_check; SELECT count(*) FROM person')" "ok
0" "kill -9 during a bulk load: integrity ok, nobody imported"
is "$(idx bulk.db)" "$IDX" "kill -9 during a bulk load: the indexes are there"
SHEQU_DB=bulk.db run shequ-import -q distinct.csv
is "$rc:$(sqlite3 bulk.db 'SELECT count(*) FROM person')" "0:400000" "the rerun imports all"
is "$(idx bulk.db)" "$IDX" "the rerun of a bulk load builds the indexes"
iconv -f gb18030 -t utf-8 "$SAMPLE/residents.csv" >res.csv
run shequ-import -q res.csv
is "$rc" 0 "the rerun succeeds"
is "$(idx shequ.db)" "$IDX" "the rerun of the sample roster keeps the indexes on person"
# Another writer holds the database, and says so before the import starts.
sqlite3 shequ.db 'BEGIN IMMEDIATE;' '.shell touch held' \
	'.shell while [ ! -e release ]; do sleep 0.05; done' 'COMMIT;' >/dev/null 2>&1 &
holder=$!
for _ in $(seq 200); do [ -e held ] && break; sleep 0.05; done
ok "a writer holds the database" test -e held
SHEQU_BUSY_TIMEOUT=200 run shequ-import -q res.csv
is "$rc" 75 "another writer holds the database: 75 after the busy timeout"
contains "$err" "database is busy" "an import that meets a busy database says it is busy"
touch release
wait $holder
run shequ-import res.csv
is "$rc" 0 "an import works once the other writer is gone"
# Two imports at once: the first reads its roster from a FIFO, so it cannot
# end before the second has started.
mkfifo roster.fifo
shequ-import -q -t residents - <roster.fifo 2>p1.err & p1=$!
exec 4>roster.fifo
head -n 2000 res.csv >&4
SHEQU_BUSY_TIMEOUT=2000 shequ-import -q res.csv 2>p2.err & p2=$!
ok "the first import is still running when the second starts" kill -0 $p1
tail -n +2001 res.csv >&4
exec 4>&-
wait $p1; r1=$?
wait $p2; r2=$?
ok "two imports at once: each waits or exits 75" test "$r1" -eq 0 -a \( "$r2" -eq 0 -o "$r2" -eq 75 \)
is "$(sql 'PRAGMA integrity_check')" ok "never corrupt"
# Imports do not check references row by row: what they wrote must hold.
is "$(sql 'PRAGMA foreign_key_check')" "" "every reference an import wrote holds"

# ---- nobody in the database, but the dwellings are there ----
printf '%s\nA,1,1,101,张三,%s,,,\nA,1,1,102,李四,%s,,,\n' "$H" "$A" "$(id 11010519900101002)" >dw.csv
SHEQU_DB=dw.db run shequ-import -q dw.csv
sqlite3 dw.db 'DELETE FROM person_tag; DELETE FROM person_move; DELETE FROM person'
SHEQU_DB=dw.db run shequ-import dw.csv
is "$rc:$err" "0:shequ-import: dw.csv: residents: 2 rows read; 2 inserted, 0 updated, 0 unchanged, 0 moved out; 0 new households; 0 rejected" \
	"into an empty person table the dwellings already there are found, not made again"
is "$(sqlite3 dw.db 'SELECT count(*) FROM dwelling; SELECT count(*) FROM person p JOIN dwelling d ON d.id = p.dwelling_id')" \
	"$(printf '2\n2')" "the people live in the dwellings found"

# ---- a bulk load of more people than go in at once ----
long=$(printf '长%.0s' $(seq 1 60))   # 180 bytes: too long to wait in the queue
{
	echo "$H"
	for i in $(seq 1 70); do
		n=人$(printf '%02d' "$i" | sed 'y/0123456789/零一二三四五六七八九/'); [ "$i" -eq 40 ] && n=$long
		printf 'B,1,1,%d,%s,%s,本人,1390000%04d,\n' $((100 + (i + 1) / 2)) "$n" "$(id 11010519900101$(printf '%03d' "$i"))" "$i"
	done
} >many.csv
SHEQU_DB=many.db run shequ-import -q many.csv
is "$rc:$(sqlite3 many.db 'SELECT count(*), count(DISTINCT id), min(id), max(id), count(DISTINCT dwelling_id) FROM person')" \
	"0:70|70|1|70|35" "a bulk load of 70: every person in, once, with ids 1 to 70"
is "$(sqlite3 many.db "SELECT group_concat(p.last_line || ':' || p.name || ':' || p.phone || ':' || d.room, ' ') FROM person p JOIN dwelling d ON d.id = p.dwelling_id WHERE p.last_line IN (2, 34, 35, 71) OR length(p.name) > 20" | sed "s/$long/LONG/")" \
	"2:人零一:13900000001:101 34:人三三:13900000033:117 35:人三四:13900000034:117 41:LONG:13900000040:120 71:人七零:13900000070:135" \
	"each with its own line, name, phone and household, the long name too"
is "$(sqlite3 many.db "SELECT count(*) FROM person p JOIN resident r USING (id) WHERE r.id_number = p.id_number AND r.room = (SELECT room FROM dwelling WHERE id = p.dwelling_id)")" \
	70 "the resident view agrees with the person table"

# ---- a bulk load where a household comes back after another ----
printf '%s\nB,1,1,101,甲,%s,,,\nB,1,1,102,乙,%s,,,\nB,1,1,101,丙,%s,,,\n' "$H" \
	"$(id 11010519900101101)" "$(id 11010519900101102)" "$(id 11010519900101103)" >back.csv
SHEQU_DB=back.db run shequ-import back.csv
contains "$rc:$err" "0:" "a household that comes back imports"
contains "$err" "3 inserted, 0 updated, 0 unchanged, 0 moved out; 2 new households" "as the one it was"
is "$(sqlite3 back.db "SELECT group_concat(name || room, ' ') FROM (SELECT name, room FROM resident ORDER BY id)")" \
	"甲101 乙102 丙101" "each in their own household"
is "$(sqlite3 back.db "SELECT count(*) FROM dwelling")" 2 "no dwelling twice"

done_testing
