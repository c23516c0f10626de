/*
 * normalize.h - UTF-8 helpers and the clean-up applied to text typed into
 * spreadsheets and forms: full-width ASCII, odd spaces, zero-width
 * characters, the many dots used between the parts of a minority name.
 *
 * All strings are UTF-8.  Functions returning `char *` return a string
 * allocated with malloc(); the caller frees it with free().  They return
 * NULL only when memory runs out.  Nothing here keeps state, prints or
 * exits.
 */
#ifndef SHEQU_NORMALIZE_H
#define SHEQU_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* Longest name name_check() accepts, in characters (code points). */
#define NAME_MAX_CHARS 64

/*
 * Decode the UTF-8 sequence at the start of S (at most N bytes are read).
 * Returns its length (1 to 4) and stores the code point in *CP; returns 0,
 * leaving *CP alone, when N is 0 or the bytes are not strict UTF-8
 * (overlong, surrogate, above U+10FFFF, truncated, stray continuation).
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* 1 when the N bytes at S are strict UTF-8 (see utf8_decode), else 0. */
int utf8_valid(const char *s, size_t n);

/*
 * Columns the NUL-terminated S takes in a terminal: East Asian Wide and
 * Fullwidth characters (Han, kana, Hangul, CJK punctuation, full-width
 * forms, common emoji) count 2, combining marks, zero-width and control
 * characters 0, everything else 1.  An invalid byte counts 1 (it shows as
 * U+FFFD).  NULL counts 0.
 */
size_t utf8_display_width(const char *s);

/* CP mapped from full-width ASCII (U+FF01..U+FF5E) to ASCII; others as is. */
uint32_t norm_halfwidth(uint32_t cp);

/*
 * 1 when CP is a space for our purposes: ASCII space and \t \n \v \f \r,
 * NEL U+0085, NBSP U+00A0, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and the
 * ideographic space U+3000.  Else 0.
 */
int norm_is_space(uint32_t cp);

/* 1 when CP is a zero-width character: U+200B..U+200D, U+2060, U+FEFF. */
int norm_is_zero_width(uint32_t cp);

/*
 * 1 when CP is a hyphen or dash typed between digit groups: '-', U+2010..
 * U+2015, U+2212 minus, U+FE58, U+FE63, U+FF0D.  Else 0.
 */
int norm_is_dash(uint32_t cp);

/*
 * A malloc'd, cleaned copy of IN (NULL is taken as ""): full-width ASCII
 * becomes ASCII, every space (see norm_is_space) becomes one ASCII space,
 * zero-width characters and other C0/C1 control characters and DEL are
 * removed, runs of spaces collapse to one, and both ends are trimmed.
 * Bytes that are not valid UTF-8 are copied unchanged (utf8_valid or
 * text_for_sheet deal with them).  NULL only when out of memory.
 */
char *norm_text(const char *in);

/*
 * norm_text(IN) into OUT, N bytes, without allocating; N > strlen(IN)
 * always suffices.  0, or -1 (OUT untouched) when N is smaller.
 */
int norm_text_to(const char *in, char *out, size_t n);

/*
 * norm_text(IN), then every separator between the parts of a name becomes
 * the middle dot U+00B7 with no space around it.  Separators: U+00B7,
 * U+0387, U+2022, U+2027, U+2219, U+22C5, U+30FB, U+FF65, and '.' (which
 * is also what U+FF0E becomes) when the nearest characters on both sides
 * are not ASCII.  Malloc'd; NULL only when out of memory.
 */
char *norm_name(const char *in);

/*
 * norm_name(IN) into OUT, N bytes; N > 2 * strlen(IN) always suffices.
 * Allocates only for names with separators.  0, or -1 when N is smaller
 * or out of memory.
 */
int norm_name_to(const char *in, char *out, size_t n);

/*
 * Check a (normalised) name: valid UTF-8, not empty, at most
 * NAME_MAX_CHARS characters, no ASCII digit.  Returns 0, or EX_DATAERR
 * with the reason in E.
 */
int name_check(const char *name, struct shequ_err *e);

/*
 * A malloc'd copy of IN (NULL is taken as "") that an xlsx cell can hold:
 * each byte that is not valid UTF-8 becomes U+FFFD, control characters
 * other than \t and \n (C0, DEL, C1) and the non-characters U+FFFE, U+FFFF
 * are dropped.  NULL only when out of memory.
 */
char *text_for_sheet(const char *in);

#endif
