/*
 * natural.h - natural order of building and unit names: the one order in
 * which every tool lists places ("2" before "10", "A2" before "A10", "10"
 * before "10A").
 *
 * Runs of ASCII digits compare by their value (leading zeros aside), every
 * other byte by its value, so UTF-8 text keeps code point order.  Names
 * that differ only in leading zeros ("02" and "2") compare by their bytes
 * at the end, so that the order is total and a sort comes out the same
 * every time.
 *
 * The same comparison is SQLite's collation "natsort" (lib/db/db.c
 * registers natural_collation when it opens the database), so that C sorts
 * and `ORDER BY ... COLLATE natsort` cannot disagree.  The collation exists
 * only in connections the tools open: the views analysts read with the
 * sqlite3 shell do not use it.
 *
 * Usage:
 *	qsort(names, n, sizeof *names, by_name);  with  natural_strcmp(*a, *b)
 */
#ifndef SHEQU_NATURAL_H
#define SHEQU_NATURAL_H

#include <stddef.h>

/* The name of the SQLite collation that is natural_cmp. */
#define NATURAL_COLLATION "natsort"

/* Compare A of NA bytes with B of NB bytes (no NUL needed) in natural
 * order: negative, 0 (same bytes) or positive. */
int natural_cmp(const char *a, size_t na, const char *b, size_t nb);

/* natural_cmp of two NUL-terminated strings. */
int natural_strcmp(const char *a, const char *b);

/* natural_cmp in the shape sqlite3_create_collation() wants (ARG unused). */
int natural_collation(void *arg, int na, const void *a, int nb, const void *b);

#endif
