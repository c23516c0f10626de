#!/bin/bash
# Messages and --help in Chinese under LANG=zh_CN.UTF-8, in English in the C
# locale, and CSV output (header and values) the same in both: the CSV is an
# interface, the messages are for people.  Every message of the sources has
# its zh_CN translation, so a new one cannot come in untranslated; each
# Chinese man page lists the options of its English one.
. "$srcdir/tests/lib.sh"
set -f

# The catalogue compiled in the build tree, next to the tools.
bindir=$(dirname "$(command -v shequ-db)")
SHEQU_LOCALEDIR=$bindir/po/locale
export SHEQU_LOCALEDIR
unset LC_ALL LANGUAGE LC_MESSAGES

# Every message has a translation: the sources' messages gathered afresh and
# merged with po/zh_CN.po leave nothing untranslated or fuzzy.
if command -v xgettext >/dev/null && command -v msgmerge >/dev/null; then
	(cd "$srcdir" && sh po/update-po.sh "$T/shequ.pot") || fail "po/update-po.sh runs"
	msgmerge --quiet --no-wrap "$srcdir/po/zh_CN.po" "$T/shequ.pot" -o "$T/merged.po" 2>/dev/null
	msgattrib --no-wrap --no-obsolete --untranslated "$T/merged.po" >"$T/untranslated.po"
	msgattrib --no-wrap --no-obsolete --only-fuzzy "$T/merged.po" >"$T/fuzzy.po"
	missing=$(cat "$T/untranslated.po" "$T/fuzzy.po" | grep -c '^msgid "..*"\|^msgid ""$' || :)
	# Each file's header is one `msgid ""`; a multi-line msgid starts so too.
	missing=$(cat "$T/untranslated.po" "$T/fuzzy.po" | awk '/^msgid /{n++} END {print n+0}')
	headers=$( (grep -l . "$T/untranslated.po" "$T/fuzzy.po" || :) | wc -l)
	is "$((missing - headers))" 0 "every message of the sources has a zh_CN translation (make update-po, then translate)"
	grep -A1 '^msgid ' "$T/untranslated.po" "$T/fuzzy.po" | sed 's/^/#   /' | head -20
else
	skip "xgettext and msgmerge (apt-get install gettext) are needed to gather the messages"
fi
ok "msgfmt --check passes (printf conversions kept)" \
	msgfmt --check --output-file=/dev/null "$srcdir/po/zh_CN.po"

# A Chinese locale made without root, as the system may have none.
mkdir -p "$T/loc"
if ! command -v localedef >/dev/null || [ ! -f /usr/share/i18n/locales/zh_CN ]; then
	skip "localedef and /usr/share/i18n/locales/zh_CN (apt-get install locales) are needed"
	done_testing
	exit
fi
localedef -i zh_CN -f UTF-8 "$T/loc/zh_CN.UTF-8" 2>/dev/null
LOCPATH=$T/loc
export LOCPATH

zh() { LANG=zh_CN.UTF-8 "$@"; }
en() { LANG=C "$@"; }

# A usage error from argp_error, in both languages.
run zh shequ-tally 2026-Q3 extra
is "$rc" 64 "zh: a usage error still exits 64"
contains "$err" "shequ-tally: 多余的参数 'extra'" "zh: argp_error's message is translated"
contains "$err" "shequ-tally --help" "zh: the hint names --help"
run en shequ-tally 2026-Q3 extra
contains "$err" "shequ-tally: unexpected argument 'extra'" "C: the same message in English"

# --help: the usage line, the tool's doc, the common options.
run zh shequ-tally --help
contains "$out" "用法：" "zh: --help starts with 用法："
contains "$out" "巡查" "zh: the tool's doc is translated"
contains "$out" "--db=FILE" "zh: option names and their argument names stay"
contains "$out" "数据库" "zh: the common options' docs are translated"
run en shequ-tally --help
contains "$out" "Usage: shequ-tally" "C: --help in English"
contains "$out" "stairwell, building, grid (default)" "C: option docs in English"

# A message from lib/ (shequ_err_set) and one from the command layer.
run zh shequ-tally 2026-13
is "$rc" 64 "zh: a bad period exits 64"
run en shequ-tally 2026-13
en_msg=$err
run zh shequ-tally 2026-13
[ "$err" != "$en_msg" ] && pass "zh: a period error from lib/ is translated" ||
	fail "zh: a period error from lib/ is translated: $err"

# CSV output is the same in both languages, header and values.
shequ-db init
cat >"$T/in.csv" <<'CSV'
小区,楼栋,单元,日期,净,畅,亮,安,美
甲小区,1,1,2026-07-08,18,17,20,9,16
甲小区,1,2,2026-07-08,20,20,20,20,20
CSV
run zh shequ-import -q -t buildings /dev/null
for t in "shequ-tally --by stairwell 2026-07-08" "shequ-db info"; do
	zh $t >"$T/zh.csv" 2>"$T/zh.err"
	en $t >"$T/en.csv" 2>"$T/en.err"
	is "$(cat "$T/zh.csv")" "$(cat "$T/en.csv")" "the CSV of '$t' is the same in both languages"
done

# A rejected row: the message and the rejects file's reason column are in the
# message language; the header and the other columns are not.
printf '姓名,身份证号,小区,楼栋,单元,房号\n张三,37028119900101123X,甲小区,1,1,101\n' >"$T/res.csv"
run zh shequ-import -t residents --rejects "$T/zh-rej.csv" "$T/res.csv"
zh_err=$err
run en shequ-import -t residents --rejects "$T/en-rej.csv" "$T/res.csv"
is "$rc" 65 "C: a bad ID number is rejected (65)"
contains "$err" "res.csv:2: 身份证号: " "C: the message names file, line and column"
[ "$zh_err" != "$err" ] && pass "zh: the rejected row's reason is translated" ||
	fail "zh: the rejected row's reason is translated: $zh_err"
is "$(head -1 "$T/zh-rej.csv")" "$(head -1 "$T/en-rej.csv")" "the rejects file's header is the same in both"

# Chinese man pages: each lists the options its English page lists.
man_opts() {
	sed 's/\\-/-/g; s/\\f[BIRP]//g' "$1" |
		grep -oE -- '(^|[^A-Za-z0-9_-])--?[A-Za-z?][A-Za-z0-9-]*' | sed -E 's/^[^-]+//' | sort -u | tr '\n' ' '
}
set +f
zhmans=$(echo "$srcdir"/share/man/zh_CN/*.1)
set -f
for zhman in $zhmans; do
	[ -f "$zhman" ] || continue
	name=$(basename "$zhman")
	is "$(man_opts "$zhman")" "$(man_opts "$srcdir/share/man/$name")" "man/zh_CN/$name names the options of man/$name"
	ok "man/zh_CN/$name is Chinese" grep -q '名称' "$zhman"
done

done_testing
