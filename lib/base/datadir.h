/*
 * datadir.h - where configuration data lives: $SHEQU_DATADIR when set (the
 * tests point it at the source tree's share/); else share/shequ beside the
 * folder of the running tool (PREFIX/bin/../share/shequ) when the file is
 * there, so that a tree installed under any prefix or DESTDIR finds its own
 * data; else the pkgdatadir configured (/usr/local/share/shequ by default).
 */
#ifndef SHEQU_DATADIR_H
#define SHEQU_DATADIR_H

#include <stddef.h>

#include "base/error.h"

/* Write the path of data file NAME into BUF (N bytes); EX_CONFIG when it
 * does not exist or the path is too long. */
int datadir_path(const char *name, char *buf, size_t n, struct shequ_err *e);

#endif
