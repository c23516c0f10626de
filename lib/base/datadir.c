/* datadir.c - locate configuration data; see datadir.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/datadir.h"

#ifndef SHEQU_DATADIR
#define SHEQU_DATADIR "/usr/local/share/shequ"
#endif

/* Where the data lies from the folder of the tools: the GNU layout,
 * PREFIX/bin beside PREFIX/share/shequ. */
#define DATADIR_FROM_BINDIR "../share/shequ"

/*
 * The data folder beside the running executable, into BUF (N bytes): 0, or
 * -1 when /proc/self/exe cannot be read or the path does not fit.  So an
 * installed tree finds its data wherever it was installed (make install
 * prefix=..., DESTDIR=..., a tree moved elsewhere), whatever the build was
 * configured with.
 */
static int datadir_beside_exe(char *buf, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;
	int k;

	if (len <= 0)
		return -1;
	exe[len] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return -1;
	*slash = '\0';
	k = snprintf(buf, n, "%s/%s", exe, DATADIR_FROM_BINDIR);
	return k < 0 || (size_t)k >= n ? -1 : 0;
}

int datadir_path(const char *name, char *buf, size_t n, struct shequ_err *e)
{
	const char *dir = getenv("SHEQU_DATADIR");
	char beside[PATH_MAX];
	int len;

	if (!dir || !*dir) {
		dir = SHEQU_DATADIR;
		/* Beside the executable first: the configured folder may hold
		 * an older install, or none when the tree was installed under
		 * another prefix than the build was configured with. */
		if (!datadir_beside_exe(beside, sizeof beside)) {
			len = snprintf(buf, n, "%s/%s", beside, name);
			if (len > 0 && (size_t)len < n && access(buf, R_OK) == 0)
				return 0;
		}
	}
	len = snprintf(buf, n, "%s/%s", dir, name);
	if (len < 0 || (size_t)len >= n)
		return shequ_err_set(e, EX_CONFIG, "%s/%s: path too long", dir, name);
	if (access(buf, R_OK) != 0)
		return shequ_err_set(e, EX_CONFIG,
				     "%s: missing configuration (is shequ installed?)", buf);
	return 0;
}
