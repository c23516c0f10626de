/*
 * mask.h - hide most of an ID number, phone number or name before it is
 * shown on screen or printed.
 *
 * All functions write a NUL-terminated UTF-8 string into the caller's OUT
 * of N bytes (nothing is allocated).  If OUT is too small the result is cut
 * at a character boundary; with N == 0 (or OUT NULL) nothing is written.
 * A NULL input is taken as "".  Lengths are counted in characters, so text
 * that is not what was expected (letters, Han, invalid bytes - each
 * counted as one character) is masked without splitting a character.
 * Text that already holds a '*' is taken as masked and copied as it is,
 * so masking twice changes nothing.
 */
#ifndef SHEQU_MASK_H
#define SHEQU_MASK_H

#include <stddef.h>

/* Bytes enough for any mask of an 18-character ID or an 11-digit phone. */
#define MASK_SIZE 32

/*
 * 18 characters: the first 6, eight '*', the last 4 (370281********123X).
 * Otherwise the first 3 and the last 2 with one '*' for each character
 * between them; 5 characters or fewer: one '*' each.
 */
void mask_id(const char *id, char *out, size_t n);

/*
 * 11 digits: the first 3, four '*', the last 4 (139****5678).  Otherwise
 * as mask_id does for lengths other than 18.
 */
void mask_phone(const char *p, char *out, size_t n);

/*
 * The first character, then one '*' for each other character (张三 ->
 * 张*, 欧阳娜娜 -> 欧***); a one-character name gets one '*' (王 -> 王*)
 * so its length does not show.  "" stays "".
 */
void mask_name(const char *name, char *out, size_t n);

#endif
