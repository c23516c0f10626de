#!/bin/bash
# An installed tool finds its data wherever the tree was installed: under a
# prefix other than the one configured, or staged with DESTDIR.  A tree laid
# out as make install lays it out (PREFIX/bin, PREFIX/share/shequ) is made
# here by hand from the build, then, when the build folder's make can run,
# by make install DESTDIR itself.
. "$srcdir/tests/lib.sh"

bin=$(dirname "$(command -v shequ-export)")
mkdir -p elsewhere/bin elsewhere/share/shequ
cp "$bin/shequ-export" "$bin/shequ-db" elsewhere/bin/
cp -R "$srcdir"/share/*.csv "$srcdir"/share/*.conf elsewhere/share/shequ/

# ---- the data beside the tool's own folder ----
run env -u SHEQU_DATADIR elsewhere/bin/shequ-export -o x.xlsx "$SAMPLE/staff.csv"
is "$rc:$err" "0:" "a tool moved to PREFIX/bin reads PREFIX/share/shequ"
ok "and writes the workbook" test -s x.xlsx
mv elsewhere/share/shequ/labels.csv elsewhere/labels.csv
run env -u SHEQU_DATADIR elsewhere/bin/shequ-export -o y.xlsx "$SAMPLE/staff.csv"
is "$rc" 78 "a data file missing there is still missing configuration (78)"
mv elsewhere/labels.csv elsewhere/share/shequ/labels.csv
mkdir other
cp "$srcdir"/share/*.csv "$srcdir"/share/*.conf other/
run env SHEQU_DATADIR="$T/other" elsewhere/bin/shequ-export -o z.xlsx "$SAMPLE/staff.csv"
is "$rc" 0 "\$SHEQU_DATADIR still comes first"

# ---- make install DESTDIR, from the build folder, when make can run there ----
builddir=$bin
if [ -f "$builddir/Makefile" ] && command -v make >/dev/null; then
	run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$builddir" install DESTDIR="$T/stage"
	is "$rc" 0 "make install DESTDIR succeeds"
	tool=$(find "$T/stage" -path '*/bin/shequ-export' | head -1)
	ok "shequ-export is installed" test -x "$tool"
	run env -u SHEQU_DATADIR "$tool" -o staged.xlsx "$SAMPLE/staff.csv"
	is "$rc:$err" "0:" "the staged tool reads the staged data, not the configured folder"
	prefix=${tool%/bin/shequ-export}
	ok "man shequ is installed" test -f "$prefix/share/man/man7/shequ.7"
	ok "the schema is installed for readers" test -f "$prefix/share/shequ/schema/001-registry.sql"
	unit=$(find "$T/stage" -name shequ-cycle.service | head -1)
	is "$(sed -n 's/^ExecStart=//p' "$unit")" "${prefix#"$T/stage"}/bin/shequ-cycle --syslog --csv" \
		"the systemd unit names the installed shequ-cycle"
	ok "bash completions go where bash-completion looks under the prefix" \
		test -f "$prefix/share/bash-completion/completions/shequ-db"
	ok "zsh completions go where zsh looks" \
		test -n "$(find "$prefix/share/zsh" -name _shequ-db)"
else
	skip "make install: no Makefile in $builddir"
fi

done_testing
