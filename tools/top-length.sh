#!/bin/sh
# top-length.sh [-n N] [FILE...] - list the N longest functions (default 10)
# of the C files given (default: cmd/ and lib/), longest first, as
# "LINES FILE:LINE FUNCTION".  A function is counted from its opening brace
# to its closing brace, both alone at the start of a line (.clang-format
# puts them there).
#
# With --check it lists every function over the limits instead and exits 1
# when there is one: none longer than 100 lines, at most 5 longer than 60.
n=10
check=0
while [ $# -gt 0 ]; do
	case $1 in
	-n) n=$2; shift 2 ;;
	--check) check=1; shift ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- $(find cmd lib -name '*.c' ! -name migrations.c | sort)
all=$(awk '
FNR == 1 { sig = ""; start = 0 }
/^\{/ { start = FNR; name = sig; next }
/^\}/ && start { printf "%d %s:%d %s\n", FNR - start - 1, FILENAME, start, name; start = 0; next }
!start && /^[A-Za-z_].*\(/ { s = $0; sub(/\(.*/, "", s); sub(/.*[ *]/, "", s); sig = s }
' "$@" | sort -rn)
if [ "$check" = 0 ]; then
	echo "$all" | head -n "$n"
	exit 0
fi
over100=$(echo "$all" | awk '$1 > 100')
over60=$(echo "$all" | awk '$1 > 60' | wc -l)
status=0
if [ -n "$over100" ]; then
	echo "$over100" | sed 's/^/longer than 100 lines: /'
	status=1
fi
if [ "$over60" -gt 5 ]; then
	echo "$all" | awk '$1 > 60' | sed 's/^/longer than 60 lines: /'
	echo "$over60 functions are longer than 60 lines; at most 5 may be"
	status=1
fi
exit $status
