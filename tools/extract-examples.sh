#!/bin/sh
# extract-examples.sh FILE... - the example commands of a README (its fenced
# code blocks) or a man page (its EXAMPLES section, between .nf and .fi), one
# a line as
#	FILE:LINE:BLOCK<TAB>COMMAND
# where LINE is the command's first line and BLOCK numbers the code blocks of
# FILE (the commands of one block are a session: they run in order, in one
# folder).  Lines continued with a backslash are joined, comments (a "#" at
# the start or after a blank) are dropped, and roff escapes become the
# characters they stand for.  tests/e2e/examples.sh runs what this prints.
for f in "$@"; do
	case $f in
	*.md)
		awk -v f="$f" '
		/^```/ { if (inb) { inb = 0 } else { inb = 1; blk++ }; next }
		inb { print f "\t" NR "\t" blk "\t" $0 }' "$f"
		;;
	*.[1-8])
		awk -v f="$f" '
		/^\.SH / { ex = ($2 == "EXAMPLES"); next }
		ex && /^\.nf/ { inb = 1; blk++; next }
		ex && /^\.fi/ { inb = 0; next }
		inb && /^\.[A-Za-z]/ { next }    # a roff request, such as .br
		inb { gsub(/\\-/, "-"); gsub(/\\&/, ""); gsub(/\\e/, "\\"); gsub(/\\\\/, "\\"); print f "\t" NR "\t" blk "\t" $0 }' "$f"
		;;
	*)
		echo "extract-examples.sh: $f: neither a README (.md) nor a man page" >&2
		exit 64
		;;
	esac
done | awk -F '\t' '
	function flush() { if (cmd != "") print file ":" line ":" blk "\t" cmd; cmd = "" }
	{
		text = $4
		sub(/(^|[ \t])#.*$/, "", text)    # a comment, whole line or trailing
		sub(/[ \t]+$/, "", text)
		if (cmd != "" && ($1 != file || $3 != blk)) flush()
		if (cmd == "") { if (text == "") next; file = $1; line = $2; blk = $3 }
		cont = sub(/\\$/, "", text)
		sub(/[ \t]+$/, "", text)
		sub(/^[ \t]+/, cmd == "" ? "" : " ", text)
		cmd = cmd text
		if (!cont) flush()
	}
	END { flush() }'
