/*
 * i18n.h - messages in the user's language.
 *
 * Every message meant for a person is written in English in the source and
 * looked up in the catalogue of the text domain "shequ" (po/zh_CN.po,
 * installed as LOCALEDIR/zh_CN/LC_MESSAGES/shequ.mo) for the language that
 * LC_ALL, LC_MESSAGES or LANG names; the C locale keeps the English.  The
 * functions that take a message format (shequ_err_set, shequ_err_prefix,
 * cli_error, argp_error ...) look their format up themselves, so most code
 * never calls _().  Column names and values of CSV output are an interface,
 * not messages: they are never looked up.
 *
 *     i18n_init();                           once, after setlocale()
 *     puts(_("no grids yet"));               a message printed directly
 *     static const char *const w[] = {N_("clean"), N_("lit")};
 *     puts(_(w[i]));                         marked where it is written,
 *                                            looked up where it is used
 */
#ifndef SHEQU_I18N_H
#define SHEQU_I18N_H

#include <libintl.h>

/* The text domain of every shequ message. */
#define I18N_DOMAIN "shequ"

/* The message S in the user's language (S itself when not translated). */
#define _(s) gettext(s)

/* Mark S for the catalogue without looking it up (for tables). */
#define N_(s) (s)

/*
 * Bind the text domain to its catalogues and make it the default one, so
 * that argp looks up the --help texts there too.  The folder is
 * $SHEQU_LOCALEDIR when set (tests run the tools from the build tree), else
 * the one configured (--localedir).  Call after setlocale().
 */
void i18n_init(void);

/* The message FMT in the user's language; the empty string stays empty
 * (gettext("") would be the catalogue's header). */
const char *i18n_format(const char *fmt) __attribute__((format_arg(1)));

#endif
