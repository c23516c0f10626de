/* datadir.c - locate configuration data; see datadir.h. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/datadir.h"

#ifndef SHEQU_DATADIR
#define SHEQU_DATADIR "/usr/local/share/shequ"
#endif

int datadir_path(const char *name, char *buf, size_t n, struct shequ_err *e)
{
	const char *dir = getenv("SHEQU_DATADIR");
	int len;

	if (!dir || !*dir)
		dir = SHEQU_DATADIR;
	len = snprintf(buf, n, "%s/%s", dir, name);
	if (len < 0 || (size_t)len >= n)
		return shequ_err_set(e, EX_CONFIG, "%s/%s: path too long", dir, name);
	if (access(buf, R_OK) != 0)
		return shequ_err_set(e, EX_CONFIG,
				     "%s: missing configuration (is shequ installed?)", buf);
	return 0;
}
