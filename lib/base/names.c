/* names.c - words for enumerations; see names.h. */
#include <string.h>

#include "base/names.h"

int names_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

const char *names_at(const char *const *names, size_t n, unsigned i)
{
	return i < n ? names[i] : "?";
}
