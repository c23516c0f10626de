#!/bin/bash
# bench/request.sh - shequ-request on city-size service orders, pair by
# pair in one run:
#   import  shequ-request import of one row per order, against sqlite3
#           .import of the same file into a plain table (issue 16: at most
#           1.5x), and against the floor the data model sets: the
#           same file loaded into shequ's own tables by the SQL a user
#           would write in the sqlite3 shell (sql_import below);
#   sla     sla for one month by assignee, against the SQL a user would
#           write for the same figures of each stage (median, 90th
#           percentile, share within the limit), at most 1.5x;
#   RSS     the peak resident memory of each (at most 128 MiB).
#
#   bench/request.sh [DIR]   (default /tmp/bench-request)
# HOUSEHOLDS (default 1000000) sets the community
# (share/sample/gen-community.py) and ORDERS (default 1000000) the orders
# of 2026-Q3 (share/sample/gen-orders.py).  ROUNDS (default 3) repeats
# each pair; the medians are the figures.  PAIRS (default "import sla")
# picks the pairs to run (sla reads the database the import made).  Needs the built tools on PATH
# (or run from the build tree), python3 and GNU time.
#
# The SQL reads the same event logs, but as a user would write it by
# hand: every stage timed from the receiving on the 24-hour clock, without
# shequ's working days and paused time; so its numbers are close to
# shequ's, not the same.
set -eu
DIR=${1:-/tmp/bench-request}
HOUSEHOLDS=${HOUSEHOLDS:-1000000}
PAIRS=${PAIRS:-import sla}
ORDERS=${ORDERS:-1000000}
ROUNDS=${ROUNDS:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$PWD:$top:$PATH"
export SHEQU_DATADIR=${SHEQU_DATADIR:-$top/share} SHEQU_TODAY=2026-12-31 LC_ALL=C.UTF-8
mkdir -p "$DIR"
cd "$DIR"
DB=$DIR/request.db
export SHEQU_DB=$DB

. "$top/bench/lib.sh"

# cpu_time CMD... - runs CMD; prints "SECONDS MAXRSS_KIB CPU_SECONDS"
# (user + system), for a machine whose other load makes wall time noisy.
cpu_time() {
	/usr/bin/time -f '%e %M %U %S' -o "$DIR/time.out" "$@" >/dev/null
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$DIR/time.out"
}

if [ ! -s orders.csv ]; then
	python3 "$top/share/sample/gen-community.py" -q --households "$HOUSEHOLDS" \
		--only buildings,residents,staff --out "$DIR"
	python3 "$top/share/sample/gen-orders.py" --dir "$DIR" --orders "$ORDERS" >/dev/null
fi
rows=$(($(wc -l <orders.csv) - 1))
echo "orders.csv: $rows orders, $(du -m orders.csv | cut -f1) MB"

# The SQL a user would write to load the file into shequ's tables: the
# file as it is into a raw table, then the order rows and one statement
# per stage of the log, in one transaction, into a database as shequ-db
# init makes it (its indexes, checks, foreign keys and the change
# counters' trigger).  No registry is imported here, so no order has a
# dwelling; the cells are stored as written, not normalised.
sql_import() {
	local now="strftime('%Y-%m-%d %H:%M:%S', 'now')" stage
	cat <<SQL
.mode csv
CREATE TEMP TABLE cat (code, name, kind, clock, accept, on_site, resolve, call_back);
.import --skip 1 $SHEQU_DATADIR/request/catalogue.csv cat
BEGIN;
.import orders.csv raw
INSERT INTO request_order (number, source, platform_number, scenario, compound, building,
	unit, room, requester, phone, content, assignee, changed)
SELECT r."工单编号",
       CASE r."来源" WHEN '热线' THEN 'hotline' WHEN '小程序' THEN 'app'
            WHEN '12345' THEN 'platform' WHEN '来访' THEN 'walk_in' END,
       nullif(r."平台工单号", ''), c.code, r."小区", r."楼号", r."单元", r."房号",
       r."联系人", r."电话", r."内容", nullif(r."处理人", ''), $now
FROM raw r JOIN cat c ON c.name = r."场景/类别";
SQL
	# stage: event, its time column, actor, satisfied, rating
	for stage in "received|受理时间|NULL|NULL|NULL" \
		"assigned|派单时间|nullif(r.\"处理人\", '')|NULL|NULL" \
		"accepted|接单时间|NULL|NULL|NULL" "on_site|到场时间|NULL|NULL|NULL" \
		"resolved|办结时间|NULL|NULL|NULL" \
		"called_back|回访时间|NULL|CASE r.\"满意度\" WHEN '满意' THEN 1 WHEN '不满意' THEN 0 END|NULL" \
		"rated|回访时间|NULL|NULL|CAST(nullif(r.\"评分\", '') AS INTEGER)"; do
		IFS='|' read -r ev col actor sat rating <<<"$stage"
		cat <<SQL
INSERT INTO request_event (order_id, at, event, actor, satisfied, rating, line, recorded)
SELECT o.id, r."$col", '$ev', $actor, $sat, $rating, r.rowid + 1, $now
FROM raw r JOIN request_order o ON o.number = r."工单编号"
WHERE r."$col" != ''$([ "$ev" = rated ] && echo " AND r.\"评分\" != ''");
SQL
	done
	echo 'COMMIT;'
}

: >pairs.out
if [[ " $PAIRS " == *" import "* ]]; then
	sql_import >import.sql
	echo "pair 1: import ($ROUNDS rounds)"
	for r in $(seq "$ROUNDS"); do
		rm -f "$DB" "$DB"-* sqlite.db floor.db floor.db-*
		shequ-db -q init
		SHEQU_DB=$DIR/floor.db shequ-db -q init
		read -r s_ours rss_ours c_ours < <(cpu_time shequ-request -q import orders.csv)
		read -r s_sql rss_sql c_sql < <(cpu_time sqlite3 sqlite.db -cmd '.mode csv' ".import orders.csv raw")
		read -r s_fl rss_fl c_fl < <(cpu_time sqlite3 -bail -init import.sql floor.db .quit)
		ratio=$(awk -v a="$s_ours" -v b="$s_sql" 'BEGIN { printf "%.2f", a / b }')
		cratio=$(awk -v a="$c_ours" -v b="$c_sql" 'BEGIN { printf "%.2f", a / b }')
		fratio=$(awk -v a="$s_ours" -v b="$s_fl" 'BEGIN { printf "%.2f", a / b }')
		fcratio=$(awk -v a="$c_ours" -v b="$c_fl" 'BEGIN { printf "%.2f", a / b }')
		echo "import $s_ours $s_sql $ratio $rss_ours $c_ours $c_sql $cratio $s_fl $c_fl $fratio $fcratio" >>pairs.out
		echo "  round $r: shequ-request import ${s_ours} s, CPU ${c_ours} s (peak RSS ${rss_ours} KiB)  sqlite3 .import ${s_sql} s, CPU ${c_sql} s (peak RSS ${rss_sql} KiB)  ratio ${ratio}, CPU ${cratio}"
		echo "           the user's SQL into shequ's tables ${s_fl} s, CPU ${c_fl} s (peak RSS ${rss_fl} KiB)  ratio ${fratio}, CPU ${fcratio}"
	done
	# the median of column N of the import rows
	im() { awk -v n="$1" '$1 == "import" { print $n }' pairs.out | median; }
	echo "  median: shequ-request $(im 2) s, sqlite3 $(im 3) s, ratio $(im 4) (at most 1.5), peak RSS $(im 5) KiB;" \
		"CPU $(im 6) s and $(im 7) s, ratio $(im 8)"
	echo "  median against the user's SQL into shequ's tables: $(im 9) s, ratio $(im 11); CPU $(im 10) s, ratio $(im 12)"
	# what each wrote: orders and events
	rows() { sqlite3 -separator ' orders, ' "$1" 'SELECT (SELECT count(*) FROM request_order), (SELECT count(*) FROM request_event)'; }
	echo "  rows: $(rows "$DB") events by shequ-request, $(rows floor.db) events by the SQL"
fi
[[ " $PAIRS " == *" sla "* ]] || exit 0

# The SQL a user would write: each order's stage times from its log, the
# minutes from the receiving, per assignee and stage the count, median,
# nearest-rank 90th percentile and share within the catalogue's limit.
sql_sla() {
	cat <<'SQL'
.mode csv
CREATE TEMP TABLE lim (code, name, kind, clock, accept, on_site, resolve, call_back);
.import --skip 1 SHARE/request/catalogue.csv lim
WITH t AS (
	SELECT order_id,
	       min(CASE WHEN event = 'received' THEN at END) AS r,
	       min(CASE WHEN event = 'accepted' THEN at END) AS a,
	       min(CASE WHEN event = 'on_site' THEN at END) AS s,
	       min(CASE WHEN event = 'resolved' THEN at END) AS d
	FROM request_event GROUP BY order_id),
m AS (
	SELECT o.assignee, 'accept' AS stage, (julianday(a) - julianday(r)) * 1440 AS v, l.accept AS lim
	FROM t JOIN request_order o ON o.id = t.order_id JOIN lim l ON l.code = o.scenario
	WHERE r >= '2026-07-01' AND r < '2026-08-01'
	UNION ALL
	SELECT o.assignee, 'on_site', (julianday(s) - julianday(r)) * 1440, l.on_site
	FROM t JOIN request_order o ON o.id = t.order_id JOIN lim l ON l.code = o.scenario
	WHERE r >= '2026-07-01' AND r < '2026-08-01'
	UNION ALL
	SELECT o.assignee, 'resolve', (julianday(d) - julianday(r)) * 1440, l.resolve
	FROM t JOIN request_order o ON o.id = t.order_id JOIN lim l ON l.code = o.scenario
	WHERE r >= '2026-07-01' AND r < '2026-08-01'),
k AS (
	SELECT assignee, stage, v, lim, row_number() OVER w AS rn,
	       count(*) OVER (PARTITION BY assignee, stage) AS n
	FROM m WHERE v IS NOT NULL WINDOW w AS (PARTITION BY assignee, stage ORDER BY v))
SELECT assignee, stage, n,
       round(avg(v) FILTER (WHERE rn IN ((n + 1) / 2, (n + 2) / 2)), 2),
       round(max(v) FILTER (WHERE rn = (9 * n + 9) / 10), 2),
       round(100.0 * sum(lim != '' AND v <= lim) / n, 2)
FROM k GROUP BY assignee, stage ORDER BY assignee, stage;
SQL
}

# The orders whose log a row cannot hold come one row per event.
shequ-request -q import order-events.csv
echo "pair 2: sla 2026-07 --by assignee ($ROUNDS rounds)"
sql_sla | sed "s|SHARE|$SHEQU_DATADIR|" >sla.sql
for r in $(seq "$ROUNDS"); do
	read -r s_ours rss_ours c_ours < <(cpu_time shequ-request sla 2026-07 --by assignee)
	read -r s_sql rss_sql c_sql < <(cpu_time sqlite3 -init sla.sql "$DB" .quit)
	ratio=$(awk -v a="$s_ours" -v b="$s_sql" 'BEGIN { printf "%.2f", a / b }')
	cratio=$(awk -v a="$c_ours" -v b="$c_sql" 'BEGIN { printf "%.2f", a / b }')
	echo "sla $s_ours $s_sql $ratio $rss_ours $c_ours $c_sql $cratio" >>pairs.out
	echo "  round $r: shequ-request sla ${s_ours} s, CPU ${c_ours} s (peak RSS ${rss_ours} KiB)  sqlite3 ${s_sql} s, CPU ${c_sql} s (peak RSS ${rss_sql} KiB)  ratio ${ratio}, CPU ${cratio}"
done
echo "  median: shequ-request $(awk '$1 == "sla" { print $2 }' pairs.out | median) s, sqlite3 $(awk '$1 == "sla" { print $3 }' pairs.out | median) s," \
	"ratio $(awk '$1 == "sla" { print $4 }' pairs.out | median) (at most 1.5), peak RSS $(awk '$1 == "sla" { print $5 }' pairs.out | median) KiB;" \
	"CPU $(awk '$1 == "sla" { print $6 }' pairs.out | median) s and $(awk '$1 == "sla" { print $7 }' pairs.out | median) s, ratio $(awk '$1 == "sla" { print $8 }' pairs.out | median)"
