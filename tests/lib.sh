# tests/lib.sh - TAP helpers for the end-to-end tests, sourced by each
# tests/e2e/*.sh.  Each test runs the built tools on real files and a real
# SQLite database in a fresh temporary folder $T, removed at exit.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/shequ-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export SHEQU_DB="$T/shequ.db"
tap_n=0
tap_failed=0

# pass/fail DESCRIPTION
pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $1"; }

# skip REASON - a test that cannot run here, and why (a missing optional program).
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $1"; }

# ok DESCRIPTION COMMAND... - passes when COMMAND succeeds.
ok() { local d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then pass "$3"; else
		fail "$3"; printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | sed '3,$s/^/#   /'; fi
}

# contains HAYSTACK NEEDLE DESCRIPTION
contains() {
	case $1 in *"$2"*) pass "$3" ;; *) fail "$3"; printf '#   %s\n#   does not contain: %s\n' "$1" "$2" ;; esac
}

# run COMMAND... - run it, keeping stdout in $T/out, stderr in $T/err, the
# status in $rc (never aborts the test).
run() { "$@" >"$T/out" 2>"$T/err"; rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err"); }

# sql QUERY - one query on the test database through the sqlite3 shell.
sql() { sqlite3 -batch -noheader -cmd ".timeout 10000" "$SHEQU_DB" "$1"; }

# done_testing - print the plan; exit non-zero when something failed.
done_testing() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }
