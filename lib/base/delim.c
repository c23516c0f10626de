/* delim.c - the field separator of -d; see delim.h. */
#include <string.h>

#include "base/delim.h"

int delim_parse(const char *arg, char *delim)
{
	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0) {
		*delim = '\t';
		return 0;
	}
	if (strlen(arg) != 1 || strchr("\"\r\n", arg[0]))
		return -1;
	*delim = arg[0];
	return 0;
}
