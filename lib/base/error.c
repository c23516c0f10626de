/* error.c - see error.h.  The format is looked up in the message catalogue
 * (i18n.h) here, so that the callers need not. */
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "base/i18n.h"

int shequ_err_set(struct shequ_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, i18n_format(fmt), ap);
	va_end(ap);
	return code;
}

void shequ_err_prefix(struct shequ_err *e, const char *fmt, ...)
{
	char old[sizeof e->msg];
	va_list ap;
	int n;

	if (!e)
		return;
	memcpy(old, e->msg, sizeof old);
	va_start(ap, fmt);
	n = vsnprintf(e->msg, sizeof e->msg, i18n_format(fmt), ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof e->msg)
		memcpy(e->msg + n, old, sizeof e->msg - (size_t)n - 1);
	e->msg[sizeof e->msg - 1] = '\0';
}

void shequ_err_clear(struct shequ_err *e)
{
	if (!e)
		return;
	e->code = 0;
	e->msg[0] = '\0';
}
