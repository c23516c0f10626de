#!/bin/sh
# update-po.sh [POT] - gather the messages of the sources into a template.
#
# With POT, write the template there and stop (tests/e2e/i18n.sh checks the
# catalogue against it).  Without, write po/shequ.pot and merge it into
# po/zh_CN.po (`make update-po`): new messages come in untranslated, changed
# ones fuzzy, for a person to translate.  Run from the top of the source tree.
#
# A message reaches the template through the function that takes it as its
# format; each such function is named below with the position of its format.
# Wrappers private to one file (csvin.c's fail, xlsx_verify.c's fail, the
# reach and care importers' reject) get their own run so that a common name
# does not catch the calls of an unrelated function elsewhere.
set -eu
pot=${1:-po/shequ.pot}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/shequ-pot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# x OUT KEYWORD... - xgettext over the files listed on stdin.
x() {
	out=$1
	shift
	flags=
	for k in "$@"; do
		case $k in
		--*) flags="$flags $k" ;;
		*) flags="$flags --keyword=$k --flag=$k:c-format" ;;
		esac
	done
	# shellcheck disable=SC2086
	LC_ALL=C.UTF-8 xgettext --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: \
		--no-wrap --sort-by-file --files-from=- \
		--keyword=_ --keyword=N_ $flags -o "$tmp/$out" 2>"$tmp/warnings" || {
		cat "$tmp/warnings" >&2
		exit 1
	}
	[ -f "$tmp/$out" ] || : >"$tmp/$out"
}

find lib cmd -name '*.c' ! -name migrations.c ! -path lib/base/csvin.c \
	! -path lib/xlsx/xlsx_verify.c ! -path lib/reach/reach_import.c \
	! -path lib/care/care_import.c | LC_ALL=C sort |
	x all.pot shequ_err_set:3 shequ_err_prefix:2 cli_error:1 cli_warn:1 cli_verbose:1 \
		argp_error:2 argp_failure:4 import_reject:3 import_warn:3 rq_reject:4 rq_warn:4 ai_reject:4
echo lib/base/csvin.c | x csvin.pot shequ_err_set:3 shequ_err_prefix:2 fail:4
echo lib/xlsx/xlsx_verify.c | x verify.pot shequ_err_set:3 shequ_err_prefix:2 fail:2
echo lib/reach/reach_import.c | x reach.pot shequ_err_set:3 shequ_err_prefix:2 reject:4
echo lib/care/care_import.c | x care.pot shequ_err_set:3 shequ_err_prefix:2 reject:3

# The --help texts, from the argp tables (see argp-doc.py).
python3 po/argp-doc.py $(find cmd -name '*.c' | LC_ALL=C sort) >"$tmp/argp-doc.c"
(cd "$tmp" && echo argp-doc.c | x help.pot --no-location)
# Messages handed to a format function through a variable or a ?: that
# xgettext cannot follow, listed by hand.
[ ! -f po/extra.c ] || echo po/extra.c | x extra.pot

# argp's doc strings hold \v (the break before the text after the options):
# msgcat's warning about it is expected.
msgcat --use-first --no-wrap --sort-by-file --to-code=UTF-8 "$tmp"/*.pot -o "$tmp/body.pot" 2>"$tmp/warnings" || {
	cat "$tmp/warnings" >&2
	exit 1
}
grep -v "escape sequence" "$tmp/warnings" >&2 || :
cat >"$tmp/head.pot" <<'HEAD'
# Messages of shequ, the tools of a residential community office.
# This file is made by po/update-po.sh (make update-po); do not edit it.
msgid ""
msgstr ""
"Project-Id-Version: shequ\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"

HEAD
# Our header in place of xgettext's placeholder one (the first entry).
awk 'body { print; next } /^$/ { body = 1 }' "$tmp/body.pot" | cat "$tmp/head.pot" - >"$pot"
if [ $# -eq 0 ]; then
	msgmerge --quiet --update --backup=none --no-wrap --sort-by-file po/zh_CN.po "$pot"
fi
