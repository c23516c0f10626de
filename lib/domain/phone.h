/*
 * phone.h - mainland China mobile numbers.
 *
 * Works on caller-owned memory; nothing is allocated for the caller to
 * free; no state, so it is thread-safe.
 */
#ifndef SHEQU_PHONE_H
#define SHEQU_PHONE_H

#include <stddef.h>

#include "base/error.h"

/* Bytes a normalised mobile number needs: 11 digits and the NUL. */
#define PHONE_SIZE 12

/*
 * Clean RAW and check that it is a mainland mobile number.
 *
 * Full-width characters become ASCII; spaces, zero-width characters,
 * hyphens and dashes, dots and parentheses are removed; then a leading
 * "+86" or "0086" is stripped, and a leading "86" when 13 digits remain.
 * What is left must be 11 digits matching 1[3-9]\d{9}.
 *
 * On success OUT (N bytes, at least PHONE_SIZE) holds the 11 digits and 0
 * is returned.  Otherwise OUT holds RAW with spaces and zero-width
 * characters trimmed from both ends (cut at a character boundary if N is
 * too small), so the caller can keep the value as written, and EX_DATAERR
 * is returned with "not a mainland mobile number" in E.  EX_SOFTWARE when
 * OUT is NULL, N is 0 or N is below PHONE_SIZE for a good number.
 * A NULL RAW is taken as "".
 */
int phone_normalize(const char *raw, char *out, size_t n, struct shequ_err *e);

#endif
