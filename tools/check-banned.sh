#!/bin/sh
# check-banned.sh [FILE...] - list calls of functions the C sources of
# cmd/ and lib/ (default) must not use, as "FILE:LINE: NAME: reason".
# Exits 1 when there is one, 0 when there is none.
#   strcpy strcat sprintf vsprintf gets   no bound on what they write
#   atoi atol atof                        garbage silently becomes 0
#   strtok                                hidden state, not reentrant
[ $# -gt 0 ] || set -- $(find cmd lib -name '*.[ch]' ! -name migrations.c | sort)
awk '
BEGIN {
	why["strcpy"] = why["strcat"] = why["sprintf"] = why["vsprintf"] = why["gets"] = "no bound on what it writes; use snprintf or memcpy with a known length"
	why["atoi"] = why["atol"] = why["atof"] = "garbage silently becomes 0; use strtol or strtod and check the end"
	why["strtok"] = "hidden state, not reentrant; use strtok_r or strcspn"
	bad = 0
}
{
	line = $0
	sub(/\/\/.*/, "", line)
	gsub(/"([^"\\]|\\.)*"/, "\"\"", line)
	for (f in why) {
		if (match(line, "(^|[^A-Za-z0-9_])" f "[ \t]*\\(")) {
			printf "%s:%d: %s: %s\n", FILENAME, FNR, f, why[f]
			bad = 1
		}
	}
}
END { exit bad }
' "$@"
