/* place.c - canonical building, unit and room; see place.h. */
#include <string.h>

#include "base/normalize.h"
#include "domain/place.h"

/* Cut SUFFIX off the end of S when S ends so and more is left; 1 if cut. */
static int strip_suffix(char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	if (n > k && !strcmp(s + n - k, suffix)) {
		s[n - k] = '\0';
		return 1;
	}
	return 0;
}

void place_strip(int kind, char *s)
{
	static const char *const building[] = {"号楼", "栋", "幢", "号", "楼", NULL};
	static const char *const unit[] = {"单元", NULL};
	static const char *const room[] = {"室", "号", NULL};
	static const char *const none[] = {NULL};
	const char *const *suf = kind == 'b'   ? building
				 : kind == 'u' ? unit
				 : kind == 'r' ? room
					       : none;
	size_t i;

	for (i = 0; suf[i]; i++)
		if (strip_suffix(s, suf[i]))
			break;
}

int place_norm(int kind, const char *in, char *out, size_t n)
{
	if (norm_text_to(in ? in : "", out, n))
		return -1;
	place_strip(kind, out);
	return 0;
}
