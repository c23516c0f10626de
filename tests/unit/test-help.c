/* test-help.c - the refilling of --help texts (cli_help_filter): no line
 * argp would break again, breaks only between words or between Chinese
 * characters, nothing lost. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "tap.h"

/* The longest line of S in bytes. */
static size_t widest(const char *s)
{
	size_t w = 0, n;

	while (*s) {
		n = strcspn(s, "\n");
		if (n > w)
			w = n;
		s += n + (s[n] == '\n');
	}
	return w;
}

/* S without newlines and spaces, in BUF: the characters a refill keeps. */
static const char *letters(const char *s, char *buf)
{
	char *o = buf;

	for (; *s; s++)
		if (*s != '\n' && *s != ' ')
			*o++ = *s;
	*o = '\0';
	return buf;
}

/* Whether a line of S starts with a UTF-8 continuation byte (a character
 * cut in two) or with a closing mark. */
static int bad_line_start(const char *s)
{
	const char *p = s;

	for (;;) {
		if (((unsigned char)*p & 0xC0) == 0x80 || !strncmp(p, "，", 3) ||
		    !strncmp(p, "。", 3))
			return 1;
		if (!(p = strchr(p, '\n')))
			return 0;
		p++;
	}
}

int main(void)
{
	static char a[4096], b[4096];
	const char *zh = "每个网格三百到五百户，全覆盖无死角；网格员与物业服务管家一一结对，"
			 "楼道革命要求净、畅、亮、安、美，日督查、周抄报、月通报、季考核，"
			 "重要问题挂牌督办并限期整改。";
	const char *en =
	    "Kinds: plain (default), daily (日督查), weekly (周抄报), monthly (月通报),\n"
	    "scorecard (季度考核: summary=CSV required; detail=CSV and cases=CSV are "
	    "split\ninto a sheet per grid).";
	const char *table =
	    "Commands:\n"
	    "  scan [DATE]   daily pass: solve cases a later inspection passed, open "
	    "cases for\n"
	    "                items failing case_repeat times in a row\n"
	    "  list          CSV of cases";
	const char *narrow = "Short lines\nstay as they are.";
	char *got;

	got = cli_help_filter(ARGP_KEY_HELP_POST_DOC, zh, NULL);
	ok(widest(got) <= 78, "Chinese without spaces: no line over 78 bytes (%zu)", widest(got));
	ok(strchr(got, '\n') != NULL, "Chinese without spaces is broken into lines");
	ok(!bad_line_start(got), "never inside a character, never before a closing mark");
	is_str(letters(got, a), letters(zh, b), "nothing lost, no space put between characters");
	if (got != zh)
		free(got);

	got = cli_help_filter(ARGP_KEY_HELP_POST_DOC, en, NULL);
	ok(widest(got) <= 78, "English with Chinese terms: no line over 78 bytes");
	ok(strstr(got, "(月通报),") != NULL, "a Chinese term in English text stays whole");
	is_str(letters(got, a), letters(en, b), "nothing lost");
	if (got != en)
		free(got);

	got = cli_help_filter(ARGP_KEY_HELP_POST_DOC, table, NULL);
	ok(strstr(got, "open cases\n                for items failing") != NULL,
	   "a table row goes on under its text column");
	ok(strstr(got, "\n  list          CSV of cases") != NULL, "the next row is left alone");
	if (got != table)
		free(got);

	got = cli_help_filter(ARGP_KEY_HELP_PRE_DOC, narrow, NULL);
	is_str(got, narrow, "lines that fit keep their breaks");
	if (got != narrow)
		free(got);

	got = cli_help_filter('x', "the database (default: $SHEQU_DB, else ./shequ.db)", NULL);
	ok(widest(got) < 50, "an option's text stops short of argp's margin (%zu)", widest(got));
	if (strcmp(got, "the database (default: $SHEQU_DB, else ./shequ.db)"))
		free(got);
	return tap_done();
}
