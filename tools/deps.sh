#!/bin/sh
# deps.sh - install, as root on Debian 12, what building and testing shequ
# needs and is missing.  Prints nothing when all is there.
set -e
pkgs="build-essential autoconf automake pkgconf libsqlite3-dev sqlite3 libcsv-dev
libxlsxwriter-dev libpcre2-dev python3 python3-openpyxl python3-xlsxwriter
libreoffice-calc-nogui bash-completion librsvg2-bin gettext locales libc-l10n"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing:$missing; run as root (or: sudo apt-get install$missing)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
