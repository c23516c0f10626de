/* pattern.c - compiled-once PCRE2 patterns; see pattern.h. */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>

#include "base/pattern.h"

/*
 * The match data is made once per pattern and reused: creating it per call
 * cost a malloc and free for every row of a large import.
 */
int pattern_match(struct pattern *p, const char *s, size_t len)
{
	PCRE2_SIZE off;
	int rc;

	if (!p->code) {
		p->code = pcre2_compile((PCRE2_SPTR)p->source, PCRE2_ZERO_TERMINATED,
					PCRE2_DOLLAR_ENDONLY, &rc, &off, NULL);
		if (!p->code)
			return -1;
	}
	if (!p->match && !(p->match = pcre2_match_data_create_from_pattern(p->code, NULL)))
		return -1;
	rc = pcre2_match(p->code, (PCRE2_SPTR)s, len, 0, 0, p->match, NULL);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return rc >= 0 ? 1 : -1;
}
