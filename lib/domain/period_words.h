/*
 * period_words.h - a period as a Chinese report names it on paper:
 *	day      2026年7月8日
 *	week     2026年第31周（7月27日—8月2日）  (the ISO week-year and week,
 *	         with its Monday and Sunday; a week that spans two calendar
 *	         years writes the year on the day that lies in the other one:
 *	         2026年第1周（2025年12月29日—1月4日）)
 *	month    2026年8月
 *	quarter  2026年第三季度
 * File names and CSV keep the codes of period.h (2026-W31); these words are
 * for titles, sheet headers and document properties only.
 *
 * Memory: the result goes into the caller's buffer; nothing is allocated.
 */
#ifndef SHEQU_PERIOD_WORDS_H
#define SHEQU_PERIOD_WORDS_H

#include <stddef.h>

#include "domain/period.h"

/* Enough room for any period_words() result, with the NUL. */
#define PERIOD_WORDS_SIZE 96

/* Write P in words into BUF (N bytes, truncated as snprintf does). */
void period_words(const struct period *p, char *buf, size_t n);

/*
 * Parse the period code S (2026-W31 ...) and write it in words into BUF;
 * 0, or -1 (BUF then holds S as it is) when S is no period code.
 */
int period_words_of(const char *s, char *buf, size_t n);

#endif
