#!/bin/bash
# How the tools open the database: only shequ-db init and shequ-import make
# or migrate one; every tool refuses a file that is not a shequ database and
# leaves it as it was; a database the user may only read can be read.
. "$srcdir/tests/lib.sh"

# stamp FILE - its bytes and its modification time to the nanosecond.
stamp() { echo "$(sha256sum <"$1") $(stat -c %y "$1")"; }

printf 'name\n张三\n' >p.csv
# The newest schema: the number of the last migration.
latest=$(ls "$srcdir"/share/migrations/ | sed -n 's/^0*\([0-9][0-9]*\)-.*\.sql$/\1/p' | sort -n | tail -1)
# The commands that only read, and those that write; each is given --db.
readers=("shequ-db info" "shequ-db check" "shequ-db backup $T/copy.db" "shequ-tally --by compound 2026-07"
	"shequ-tally --report daily 2026-07-01" "shequ-case list" "shequ-case history" "shequ-grid --check")
writers=("shequ-grid -q" "shequ-case scan 2026-07-06" "shequ-cycle --date 2026-07-03 --out $T/R"
	"shequ-export --unmask --reason 核查 -o $T/u.xlsx p.csv")

# refused CODE MESSAGE FILE WHAT COMMAND... - each COMMAND run with --db FILE
# exits CODE with "tool: MESSAGE", prints nothing and leaves FILE as it was,
# with no journal beside it.
refused() {
	local code=$1 msg=$2 f=$3 what=$4 before cmd
	shift 4
	before=$(stamp "$f")
	for cmd in "$@"; do
		# shellcheck disable=SC2086
		run $cmd --db "$f"
		is "$rc:$err:$out" "$code:${cmd%% *}: $f: $msg:" "$what: ${cmd%% -*}: $code, said once"
	done
	is "$(stamp "$f")" "$before" "$what: its bytes and time are as they were"
	ok "$what: no journal beside it" test ! -e "$f-wal" -a ! -e "$f-journal" -a ! -e "$f-shm"
	ok "$what: nothing written elsewhere" test ! -e copy.db -a ! -e u.xlsx -a ! -e R
}

# ---- another program's SQLite database ----
sqlite3 other.db "CREATE TABLE note (t TEXT); INSERT INTO note VALUES ('mine');"
refused 66 "not a shequ database (create one with shequ-db init or shequ-import)" "$T/other.db" \
	"another program's database" "${readers[@]}" "${writers[@]}"
refused 66 "not a shequ database (it holds another program's tables; shequ adds none of its own)" \
	"$T/other.db" "another program's database" "shequ-import -q p.csv" "shequ-db init"
is "$(sqlite3 other.db .tables)" note "another program's database holds its own table only"

# ---- an empty file: only init and import make it a database ----
: >empty.db
refused 66 "not a shequ database (create one with shequ-db init or shequ-import)" "$T/empty.db" \
	"an empty file" "${readers[@]}" "${writers[@]}"
is "$(stat -c %s empty.db)" 0 "an empty file stays empty"
run shequ-db --db "$T/empty.db" init
is "$rc:$(sqlite3 empty.db 'PRAGMA user_version')" "0:$latest" \
	"shequ-db init makes an empty file a database of the newest schema"

# ---- a file that is not SQLite at all ----
echo "not a database at all" >junk.db
refused 66 "not a shequ database (not an SQLite file at all)" "$T/junk.db" "a text file" \
	"${readers[@]}" "${writers[@]}" "shequ-import -q p.csv" "shequ-db init"

# ---- a newer schema, in rollback-journal mode so that a switch to WAL shows ----
shequ-db init
sqlite3 shequ.db "PRAGMA journal_mode = DELETE; PRAGMA user_version = 999" >/dev/null
refused 78 "schema version 999 is newer than this shequ knows ($latest); upgrade shequ" "$T/shequ.db" \
	"a newer schema" "${readers[@]}" "${writers[@]}" "shequ-import -q p.csv" "shequ-db init"
is "$(sqlite3 shequ.db 'PRAGMA journal_mode')" delete "a newer schema: the journal mode is as it was"

# ---- an older schema: the readers refuse it, shequ-db looks, a writer migrates ----
for f in "$srcdir"/share/migrations/00[1-5]-*.sql; do cat "$f"; done | sqlite3 old.db
sqlite3 old.db "PRAGMA user_version = 5; INSERT INTO compound (name) VALUES ('甲小区')"
refused 78 "schema version 5 is older than this shequ's ($latest); bring it up to date with shequ-db init" \
	"$T/old.db" "an older schema" "shequ-tally --by compound 2026-07" "shequ-case list" "shequ-grid --check"
before=$(stamp old.db)
run shequ-db --db "$T/old.db" info
is "$rc:$(grep schema_version out)" "0:meta,schema_version,5" "shequ-db info shows an older schema as it is"
run shequ-db --db "$T/old.db" check
is "$rc" 0 "shequ-db check checks an older schema"
run shequ-db --db "$T/old.db" backup "$T/old-copy.db"
is "$rc:$(sqlite3 old-copy.db 'PRAGMA user_version')" "0:5" "shequ-db backup copies an older schema as it is"
is "$(stamp old.db)" "$before" "info, check and backup leave an older schema as it was"
run shequ-case -q --db "$T/old.db" scan 2026-07-06
is "$rc:$(sqlite3 old.db 'PRAGMA user_version')" "0:$latest" "a writing command brings an older schema up to date"

# ---- $SHEQU_BUSY_TIMEOUT is whole milliseconds or refused ----
for v in abc 10ms -5 99999999999; do
	SHEQU_BUSY_TIMEOUT=$v run shequ-db info
	is "$rc:$err" "78:shequ-db: SHEQU_BUSY_TIMEOUT: '$v' is not a number of milliseconds (0 to 86400000)" \
		"SHEQU_BUSY_TIMEOUT=$v is refused (78), not taken as 0"
done
SHEQU_BUSY_TIMEOUT=0 run shequ-db --db "$T/empty.db" info
is "$rc" 0 "SHEQU_BUSY_TIMEOUT=0 is a number"

# ---- permissions: as another user (root is not stopped by file modes) ----
if [ "$(id -u)" != 0 ]; then
	other=()
elif command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	other=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups)
else
	other=(none)
fi
chmod 711 "$T"
if [ "${other[0]-}" = none ]; then
	why="running as root without setpriv or the user nobody"
elif ! "${other[@]}" env PATH="$PATH" shequ-db --version >/dev/null 2>&1; then
	why="the user nobody cannot run the tools of this build folder"
else
	why=""
fi
# as_other COMMAND... - run it as the other user, like run.
as_other() { run "${other[@]}" env PATH="$PATH" SHEQU_DATADIR="$SHEQU_DATADIR" SHEQU_DB= "$@"; }
perm_tests=13
if [ -n "$why" ]; then
	for i in $(seq $perm_tests); do pass "# SKIP $why"; done
	done_testing
	exit
fi

# A database the user may only read, in a folder the user may not write,
# that nobody has open (WAL, no -wal file beside it).
mkdir ro
shequ-db --db "$T/ro/s.db" init
sqlite3 ro/s.db "INSERT INTO compound (name) VALUES ('甲小区')"
chmod 644 ro/s.db
chmod 555 ro
before=$(stamp ro/s.db)
as_other shequ-db --db "$T/ro/s.db" info
is "$rc:$(grep compound out)" "0:table,compound,1" "read-only folder: shequ-db info reads"
as_other shequ-tally --db "$T/ro/s.db" --by compound 2026-07
is "$rc:$err" "0:" "read-only folder: shequ-tally reads"
as_other shequ-case --db "$T/ro/s.db" list
is "$rc:$err" "0:" "read-only folder: shequ-case list reads"
is "$(stamp ro/s.db):$(ls ro)" "$before:s.db" "read-only folder: nothing changed, nothing beside it"

# A writer has it open (the -wal holds a row not yet in the file).
chmod 755 ro
sqlite3 ro/s.db "INSERT INTO compound (name) VALUES ('乙小区');" ".shell touch $T/held" \
	".shell while [ ! -e $T/release ]; do sleep 0.05; done" >/dev/null 2>&1 &
holder=$!
for i in $(seq 200); do [ -e held ] && break; sleep 0.05; done
as_other shequ-db --db "$T/ro/s.db" info
is "$rc:$(grep compound out)" "0:table,compound,2" "read-only folder, a writer busy: the reader sees its commit"
touch release
wait $holder

# A database the user may only read, in a folder the user may write.
mkdir rw
shequ-db --db "$T/rw/s.db" init
chmod 644 rw/s.db
chmod 1777 rw
before=$(stamp rw/s.db)
as_other shequ-db --db "$T/rw/s.db" check
is "$rc:$err" "0:" "read-only file: shequ-db check reads"
as_other shequ-grid --db "$T/rw/s.db" --check
is "$err" "" "read-only file: shequ-grid --check reads"
is "$(stamp rw/s.db):$(ls rw)" "$before:s.db" \
	"read-only file: nothing changed, no -wal or -shm of the reader's left to lock the owner out"
as_other shequ-grid --db "$T/rw/s.db" -q
is "$rc:$err" "73:shequ-grid: $T/rw/s.db: permission denied: cannot write the database (commands that only read still work)" \
	"read-only file: a writing command says permission denied (73)"

# A database the user may not read, and one in a folder the user may not enter.
chmod 600 rw/s.db
as_other shequ-db --db "$T/rw/s.db" info
is "$rc:$err" "66:shequ-db: $T/rw/s.db: permission denied: cannot read the database" \
	"unreadable file: 66, permission denied"
mkdir -p closed && shequ-db --db "$T/closed/s.db" init && chmod 700 closed
as_other shequ-tally --db "$T/closed/s.db" 2026-07
is "$rc:$err" "66:shequ-tally: $T/closed/s.db: permission denied: cannot reach the database" \
	"a folder the user may not enter: 66, permission denied"
as_other shequ-import --db "$T/closed/s.db" -q p.csv
is "$rc" 66 "shequ-import into a folder the user may not enter: 66"
ok "shequ-import creates nothing in a folder the user may not enter" test "$(ls closed)" = s.db
chmod 755 ro rw closed

done_testing
