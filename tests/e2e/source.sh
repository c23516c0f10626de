#!/bin/bash
# The sources keep the house rules a machine can check: lib/ includes only
# its own layer and those below, no unbounded or unchecked C library calls,
# no function over 100 lines and at most five over 60.  Each checker is
# first shown to catch a planted fault, so a checker that finds nothing
# cannot pass by accident.
. "$srcdir/tests/lib.sh"
tools=$srcdir/tools

# A small tree with one fault of each kind.
mkdir -p bad/lib/base bad/lib/db bad/lib/tally bad/lib/grid
printf '#include "db/db.h"\n' >bad/lib/base/error.c
printf '#include "base/error.h"\n' >bad/lib/db/db.c
printf '#include "grid/grid_store.h"\n' >bad/lib/tally/score.c
printf '#include "error.h"\n' >bad/lib/grid/grid_check.c
printf 'int f(const char *s)\n{\n\tchar b[8];\n\tstrcpy(b, s);\n\treturn atoi(s);\n}\n' >bad/f.c
{
	printf 'int long_one(void)\n{\n'
	for i in $(seq 101); do printf '\tx();\n'; done
	printf '}\n'
} >bad/long.c

run sh "$tools/check-layers.sh" bad
is "$rc" 1 "check-layers fails on a tree with wrong includes"
contains "$out" "lib/base/error.c:1: includes db/db.h" "check-layers names a base file that includes db"
contains "$out" "lib/tally/score.c:1: includes grid/grid_store.h" "check-layers names a feature that includes another feature"
contains "$out" "lib/grid/grid_check.c:1: includes error.h without its folder" "check-layers names an include without its folder"
case $out in *lib/db/db.c*) fail "check-layers lets db include base" ;; *) pass "check-layers lets db include base" ;; esac

run sh "$tools/check-banned.sh" bad/f.c
is "$rc" 1 "check-banned fails on strcpy and atoi"
contains "$out" "bad/f.c:4: strcpy" "check-banned names the strcpy line"
contains "$out" "bad/f.c:5: atoi" "check-banned names the atoi line"

run sh "$tools/top-length.sh" --check bad/long.c
is "$rc" 1 "top-length --check fails on a function of 101 lines"
contains "$out" "101 bad/long.c:2 long_one" "top-length names the long function"

# The real tree.
cd "$srcdir" || exit 1
run sh tools/check-layers.sh
is "$rc" 0 "lib/ includes only its own layer and those below"
[ -z "$out" ] || echo "$out" | sed 's/^/# /'
run sh tools/check-banned.sh
is "$rc" 0 "cmd/ and lib/ call no banned C library function"
[ -z "$out" ] || echo "$out" | sed 's/^/# /'
run sh tools/top-length.sh --check
is "$rc" 0 "no function is over 100 lines and at most five are over 60"
[ -z "$out" ] || echo "$out" | sed 's/^/# /'
n=$(sh tools/top-length.sh -n 1000 | wc -l)
ok "top-length finds the functions of the tree ($n)" test "$n" -gt 300
done_testing
