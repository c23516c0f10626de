#!/bin/bash
# The C sources follow .clang-format (make check-style does the same check).
. "$srcdir/tests/lib.sh"

if ! command -v clang-format >/dev/null 2>&1; then
	echo "1..0 # SKIP clang-format is not installed"
	exit 0
fi
cd "$srcdir" || exit 1
for f in $(find cmd lib -name "*.[ch]" | sort); do
	[ "${f##*/}" = migrations.c ] && continue
	ok "$f follows .clang-format" clang-format --dry-run --Werror "$f" 2>/dev/null
done
done_testing
