#!/bin/sh
# check-layers.sh [TOP] - check that every file in TOP/lib (default .)
# includes only its own folder and the folders below it:
#   base <- db <- domain <- the features (import, grid, tally, xlsx,
#   request, reach) <- alert, care <- cycle
# and nothing of cmd/.  Prints one line per include that goes the wrong
# way, "FILE:LINE: includes FOLDER/NAME.h from a higher layer"; exits 1
# when there is one, 0 when there is none.  alert and care stand above the
# other features because they open orders through lib/request: one
# definition of an order, not two.
top=${1:-.}
cd "$top" || exit 2
rank() {
	case $1 in
	base) echo 0 ;;
	db) echo 1 ;;
	domain) echo 2 ;;
	import | grid | tally | xlsx | request | reach) echo 3 ;;
	alert | care) echo 4 ;;
	cycle) echo 5 ;;
	*) echo 9 ;;
	esac
}
bad=0
for f in $(find lib -name '*.[ch]' | sort); do
	own=$(echo "$f" | cut -d/ -f2)
	r=$(rank "$own")
	if [ "$r" = 9 ]; then
		echo "$f: is in no layer (base, db, domain, a feature, cycle)"
		bad=1
		continue
	fi
	lines=$(grep -n '^#include "' "$f" | sed 's/^\([0-9]*\):#include "\([^"]*\)".*/\1 \2/')
	while read -r n inc; do
		[ -n "$inc" ] || continue
		case $inc in
		config.h) continue ;;
		*/*) ;;
		*)
			echo "$f:$n: includes $inc without its folder"
			bad=1
			continue
			;;
		esac
		dir=${inc%%/*}
		[ "$dir" = "$own" ] && continue
		ir=$(rank "$dir")
		if [ "$ir" -ge "$r" ]; then
			echo "$f:$n: includes $inc from a layer not below $own"
			bad=1
		fi
	done <<LINES
$lines
LINES
done
exit $bad
