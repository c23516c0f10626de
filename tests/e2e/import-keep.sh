#!/bin/bash
# shequ-import: a column the file lacks leaves the stored values alone; only
# an empty cell of a column the file has clears one.  In every register, in
# the bulk load into an empty database and in the look-up that finds a
# record unchanged.
. "$srcdir/tests/lib.sh"
export SHEQU_TODAY=2026-07-08

A=110105199509081629 # F, 1995-09-08
B=37020319911111513X # M, 1991-11-11
H='小区,楼号,单元,房号,姓名,身份证号,与户主关系,联系电话,人员标签'

# person ID - relation|phone|tags of the person with ID number ID.
person() {
	sql "SELECT p.relation, p.phone, (SELECT group_concat(tag, ' ') FROM (SELECT tag FROM person_tag
		WHERE person_id = p.id ORDER BY tag)) FROM person p WHERE p.id_number = '$1'"
}

# ---- residents ----
printf '%s\n幸福里小区,3,1,301,张三,%s,本人,13800138000,党员、独居\n幸福里小区,3,1,301,李四,%s,配偶,13900139000,党员\n' \
	"$H" "$A" "$B" >full.csv
run shequ-import full.csv
is "$rc:$(person "$A")" "0:本人|13800138000|党员 独居" "a full roster, loaded in bulk, keeps every column"
printf '小区,楼号,单元,房号,姓名,身份证号\n幸福里小区,3,1,301,张三,%s\n幸福里小区,3,1,301,李四,%s\n' "$A" "$B" >short.csv
run shequ-import short.csv
is "$rc:$(person "$A")" "0:本人|13800138000|党员 独居" "a roster without relation, phone and tags leaves them alone"
is "$(person "$B")" "配偶|13900139000|党员" "for every person in it"
contains "$err" "0 inserted, 0 updated, 2 unchanged" "and says nothing changed"
printf '幸福里小区,3,1,301,张三,%s\n' "$A" >rows.txt
run shequ-import -H --columns 小区,楼号,单元,房号,姓名,身份证号 rows.txt
is "$rc:$(person "$A")" "0:本人|13800138000|党员 独居" "the man page's -H --columns example leaves them alone"
printf '小区,楼号,单元,房号,姓名,身份证号\n幸福里小区,3,1,302,张三,%s\n' "$A" >moved.csv
run shequ-import moved.csv
is "$rc:$(sql "SELECT room FROM resident WHERE id_number = '$A'"):$(person "$A")" "0:302:本人|13800138000|党员 独居" \
	"a move read from a short roster keeps relation, phone and tags"
printf '小区,楼号,单元,房号,姓名,身份证号,联系电话\n幸福里小区,3,1,302,张三,%s,13700137000\n' "$A" >phone.csv
run shequ-import phone.csv
is "$rc:$(person "$A")" "0:本人|13700137000|党员 独居" "a roster with only the phone changes only the phone"
printf '%s\n幸福里小区,3,1,302,张三,%s,,,\n' "$H" "$A" >empty.csv
run shequ-import empty.csv
is "$rc:$(person "$A")" "0:||" "empty cells of columns the file has clear the values"
contains "$err" "0 inserted, 1 updated" "and count as an update"

# ---- buildings ----
printf '小区,小区编码,楼号,单元数,层数,x,y\n幸福里小区,XFL,3,2,6,100,200\n' >b1.csv
shequ-import -q b1.csv
printf '小区,楼号\n幸福里小区,3\n' >b2.csv
run shequ-import -t buildings b2.csv
is "$rc:$(sql "SELECT units, floors, x, y FROM building WHERE name = '3'")" "0:2|6|100.0|200.0" \
	"a buildings file of compound and building only leaves units, floors and place alone"
contains "$err" "0 inserted, 0 updated, 1 unchanged" "and changes nothing"
printf '小区,楼号,层数\n幸福里小区,3,7\n' >b3.csv
run shequ-import -t buildings b3.csv
is "$rc:$(sql "SELECT units, floors, x, y FROM building WHERE name = '3'")" "0:2|7|100.0|200.0" \
	"a buildings file with floors changes only the floors"
printf '小区,楼号,单元数,层数,x,y\n幸福里小区,3,,,,\n' >b4.csv
run shequ-import b4.csv
is "$rc:$(sql "SELECT quote(units), quote(floors), quote(x), quote(y) FROM building WHERE name = '3'")" \
	"0:NULL|NULL|NULL|NULL" "empty cells of the buildings register clear"

# ---- staff ----
printf '姓名,电话,角色,网格,小区,楼号,结对,党支部\n王网格,13800000001,网格员,XFL-01,幸福里小区,3,13800000002,第一支部\n' >s1.csv
shequ-import -q s1.csv
printf '姓名,电话,角色\n王网格,13800000001,网格员\n' >s2.csv
run shequ-import s2.csv
is "$rc:$(sql "SELECT grid, compound, building, pair_phone, branch FROM staff WHERE phone = '13800000001'")" \
	"0:XFL-01|幸福里小区|3|13800000002|第一支部" "a staff file of name, phone and role leaves the rest alone"
contains "$err" "0 inserted, 0 updated, 1 unchanged" "and changes nothing"
printf '姓名,电话,角色,网格,结对\n王网格,13800000001,网格员,XFL-02,\n' >s3.csv
run shequ-import s3.csv
is "$rc:$(sql "SELECT quote(grid), compound, building, quote(pair_phone), branch FROM staff WHERE phone = '13800000001'")" \
	"0:'XFL-02'|幸福里小区|3|NULL|第一支部" "a staff file changes and clears only the columns it has"

# ---- inspections ----
printf '日期,小区,楼号,单元,项目,得分,检查人,备注\n2026-07-06,幸福里小区,3,1,净,18,张军锋,楼道有杂物\n' >i1.csv
shequ-import -q i1.csv
printf '日期,小区,楼号,单元,项目,得分\n2026-07-06,幸福里小区,3,1,净,17\n' >i2.csv
run shequ-import i2.csv
is "$rc:$(sql "SELECT score, inspector, note FROM inspection")" "0:17|张军锋|楼道有杂物" \
	"an inspections file without inspector and note keeps them"
printf '日期,小区,楼号,单元,项目,得分,备注\n2026-07-06,幸福里小区,3,1,净,17,\n' >i3.csv
run shequ-import i3.csv
is "$rc:$(sql "SELECT score, inspector, quote(note) FROM inspection")" "0:17|张军锋|NULL" \
	"an empty note cell clears the note, the inspector stays"

done_testing
