/*
 * names.h - enumerations named by words on the command line (report kinds,
 * score levels): the word at an index, and the index of a word.
 */
#ifndef SHEQU_NAMES_H
#define SHEQU_NAMES_H

#include <stddef.h>

#define NAMES_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The index of S among the N NAMES, or -1 when it is none of them. */
int names_index(const char *const *names, size_t n, const char *s);

/* NAMES[I] of N, or "?" when I is out of range (a static string). */
const char *names_at(const char *const *names, size_t n, unsigned i);

#endif
