/* error.c - see error.h. */
#include <stdio.h>
#include <string.h>

#include "error.h"

int shequ_err_set(struct shequ_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

void shequ_err_prefix(struct shequ_err *e, const char *fmt, ...)
{
	char pre[512], old[sizeof e->msg];
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	snprintf(e->msg, sizeof e->msg, "%s%s", pre, old);
}

void shequ_err_clear(struct shequ_err *e)
{
	if (!e)
		return;
	e->code = 0;
	e->msg[0] = '\0';
}
