# bench/lib.sh - what the benches share.  Sourced after DIR is set (the
# bench's scratch folder).

# rss_time CMD... - runs CMD; prints "SECONDS MAXRSS_KIB" (GNU time).
rss_time() {
	/usr/bin/time -f '%e %M' -o "$DIR/time.out" "$@" >/dev/null
	cat "$DIR/time.out"
}

# median - the median of the numbers on standard input, one a line (the
# mean of the middle two when there is an even count).
median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
