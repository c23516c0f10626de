/* mask.c - see mask.h. */
#include <stdio.h>
#include <string.h>

#include "base/normalize.h"
#include "domain/mask.h"

/* Length in bytes of the character at S (LEN bytes left); 1 for a bad byte. */
static size_t char_len(const char *s, size_t len)
{
	uint32_t cp;
	size_t k = utf8_decode(s, len, &cp);

	return k ? k : 1;
}

/* The number of characters in S, a bad byte counting one. */
static size_t char_count(const char *s)
{
	size_t len = strlen(s), i = 0, c = 0;

	while (i < len) {
		i += char_len(s + i, len - i);
		c++;
	}
	return c;
}

/*
 * Write S into OUT (N > 0 bytes) keeping its first HEAD and last TAIL
 * characters and putting one '*' in place of each other character, plus
 * EXTRA more '*' at the end.  Stops, NUL-terminated, when OUT is full.
 */
static void mask_keep(const char *s, size_t head, size_t tail, size_t extra, char *out, size_t n)
{
	size_t len = strlen(s), chars = char_count(s), i = 0, c, k, o = 0;

	for (c = 0; i < len; c++, i += k) {
		k = char_len(s + i, len - i);
		if (c < head || c + tail >= chars) {
			if (o + k > n - 1)
				break;
			memcpy(out + o, s + i, k);
			o += k;
		} else {
			if (o + 1 > n - 1)
				break;
			out[o++] = '*';
		}
	}
	while (i >= len && extra-- && o + 1 <= n - 1)
		out[o++] = '*';
	out[o] = '\0';
}

/* Copy S into OUT (N bytes) when it is already masked (holds a '*'), so
 * that masking twice changes nothing; returns 1 when it did. */
static int already_masked(const char *s, char *out, size_t n)
{
	if (!strchr(s, '*'))
		return 0;
	snprintf(out, n, "%s", s);
	return 1;
}

/* 1 when S is exactly 11 ASCII digits. */
static int eleven_digits(const char *s)
{
	int i;

	for (i = 0; i < 11; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[11] == '\0';
}

void mask_id(const char *id, char *out, size_t n)
{
	size_t chars;

	if (!out || !n)
		return;
	if (!id)
		id = "";
	if (already_masked(id, out, n))
		return;
	chars = char_count(id);
	if (chars == 18)
		mask_keep(id, 6, 4, 0, out, n);
	else if (chars <= 5)
		mask_keep(id, 0, 0, 0, out, n);
	else
		mask_keep(id, 3, 2, 0, out, n);
}

void mask_phone(const char *p, char *out, size_t n)
{
	size_t chars;

	if (!out || !n)
		return;
	if (!p)
		p = "";
	if (already_masked(p, out, n))
		return;
	chars = char_count(p);
	if (eleven_digits(p))
		mask_keep(p, 3, 4, 0, out, n);
	else if (chars <= 5)
		mask_keep(p, 0, 0, 0, out, n);
	else
		mask_keep(p, 3, 2, 0, out, n);
}

void mask_name(const char *name, char *out, size_t n)
{
	if (!out || !n)
		return;
	if (!name)
		name = "";
	if (already_masked(name, out, n))
		return;
	mask_keep(name, 1, 0, char_count(name) == 1, out, n);
}
