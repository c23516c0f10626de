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

done_testing
