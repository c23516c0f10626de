/* i18n.c - messages in the user's language; see i18n.h. */
#include <stdlib.h>

#include "base/i18n.h"

#ifndef SHEQU_LOCALEDIR
#define SHEQU_LOCALEDIR "/usr/local/share/locale"
#endif

void i18n_init(void)
{
	const char *dir = getenv("SHEQU_LOCALEDIR");

	bindtextdomain(I18N_DOMAIN, dir && *dir ? dir : SHEQU_LOCALEDIR);
	/* Messages are UTF-8 whatever the locale's charset, as the CSV is. */
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	textdomain(I18N_DOMAIN);
}

const char *i18n_format(const char *fmt)
{
	return fmt && *fmt ? gettext(fmt) : fmt;
}
