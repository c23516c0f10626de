/*
 * place.h - building, unit and room as clerks write them (3号楼, 2单元,
 * 301室), made canonical so that the same place compares equal however it
 * was written: norm_text() (normalize.h), then the suffix 号楼/栋/幢/号/楼
 * (building), 单元 (unit) or 室/号 (room) taken off the end.
 *
 * Ownership: nothing is allocated; the caller owns every buffer.
 * Errors: place_norm() returns -1 when OUT is too small; nothing else fails.
 */
#ifndef SHEQU_PLACE_H
#define SHEQU_PLACE_H

#include <stddef.h>

/* Take the suffix of KIND ('b' building, 'u' unit, 'r' room; any other
 * kind, none) off the end of the normalised S, in place, when more is
 * left. */
void place_strip(int kind, char *s);

/* norm_text() of IN (NULL: "") into OUT (N bytes), then place_strip()
 * of KIND.  0, or -1 when it does not fit. */
int place_norm(int kind, const char *in, char *out, size_t n);

#endif
