#!/bin/bash
# Every tool's man page and bash and zsh completions know every option its
# --help lists, and every tool answers --help and --version.
. "$srcdir/tests/lib.sh"

for c in "$srcdir"/cmd/*.c; do
	tool=$(basename "$c" .c)
	run "$tool" --help
	is "$rc" 0 "$tool --help exits 0"
	run "$tool" --version
	is "$out" "$tool (shequ) $VERSION" "$tool --version"
	opts=$("$tool" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
	man="$srcdir/share/man/$tool.1"
	bash="$srcdir/completions/$tool"
	zsh="$srcdir/completions/_$tool"
	for f in "$man" "$bash" "$zsh"; do
		ok "$tool: $(basename "$f") exists" test -f "$f"
	done
	for o in $opts; do
		esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
		if grep -q -- "$esc" "$man" 2>/dev/null || grep -q -- "$o" "$man" 2>/dev/null; then
			pass "$tool: man page documents $o"
		else
			fail "$tool: man page documents $o"
		fi
		ok "$tool: bash completion knows $o" grep -q -- "$o" "$bash"
		ok "$tool: zsh completion knows $o" grep -q -- "$o" "$zsh"
	done
done

done_testing
