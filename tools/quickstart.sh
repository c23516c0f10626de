#!/bin/sh
# quickstart.sh - install what is missing, build shequ, and run it on the
# sample community in share/sample.  The demo database is ./demo/shequ.db.
set -e
cd "$(dirname "$0")/.."
sh tools/deps.sh
[ -x configure ] || autoreconf -fi >/dev/null
[ -f Makefile ] || ./configure -q
make -s -j"$(nproc)" >/dev/null
sh tools/demo.sh
