/* pattern.c - compiled-once PCRE2 patterns; see pattern.h. */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>

#include "pattern.h"

int pattern_match(struct pattern *p, const char *s, size_t len)
{
	pcre2_match_data *md;
	PCRE2_SIZE off;
	int rc;

	if (!p->code) {
		p->code = pcre2_compile((PCRE2_SPTR)p->source, PCRE2_ZERO_TERMINATED,
					PCRE2_DOLLAR_ENDONLY, &rc, &off, NULL);
		if (!p->code)
			return -1;
	}
	md = pcre2_match_data_create_from_pattern(p->code, NULL);
	if (!md)
		return -1;
	rc = pcre2_match(p->code, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return rc >= 0 ? 1 : -1;
}
