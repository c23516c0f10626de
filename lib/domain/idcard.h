/*
 * idcard.h - citizen identity numbers (GB 11643-1999) and the permits that
 * share their shape: Hong Kong/Macao and Taiwan residence permits, and the
 * foreigner permanent residence ID card (2023 format).
 *
 * Everything here works on caller-owned memory; nothing is allocated for
 * the caller to free.  The first call compiles a pattern into a static
 * cache that lives until exit; that first call is not thread-safe.
 */
#ifndef SHEQU_IDCARD_H
#define SHEQU_IDCARD_H

#include "base/error.h"

enum id_kind {
	ID_RESIDENT,	/* resident identity card */
	ID_HKMO_PERMIT, /* starts 81 (Hong Kong) or 82 (Macao) */
	ID_TW_PERMIT,	/* starts 83 (Taiwan) */
	ID_FOREIGNER,	/* starts 9: foreigner permanent residence ID, 2023 format */
};

/* A checked ID number and what it tells. */
struct idcard {
	char id[19]; /* the 18 characters, ASCII, upper-case X */
	enum id_kind kind;
	int birth_year, birth_month, birth_day;
	char gender;  /* 'M' or 'F', from the parity of the 17th digit */
	int upgraded; /* 1 when RAW had the legacy 15 digits */
};

/*
 * Clean up RAW as typed or exported from Excel, then check it.
 *
 * Clean-up: every kind of space, zero-width character and hyphen is
 * removed (so both ends are trimmed), full-width characters become ASCII,
 * x becomes X, then a leading apostrophe (Excel's text marker) and a
 * leading = with the quotes of ="..." are stripped.
 *
 * Checks, in order, with the reason left in E:
 *   - scientific notation such as 1.10105E+17: "looks like a number Excel
 *     rounded; format the column as text and export again";
 *   - length not 18 or 15: "expected 18 characters (or 15), got N";
 *   - 18: the first 17 not digits, or the last not a digit or X: "must be
 *     17 digits and a check character"; 15: not all digits: "a 15-character
 *     ID must be all digits";
 *   - the birth date (YYYYMMDD at characters 7 to 14; 19YYMMDD at 7 to 12
 *     for 15 digits): "the birth date in it is not a date" (also before
 *     1900), "the birth date in it is in the future" (after TODAY_Y-M-D,
 *     the caller's current date).  No reason shows the digits a masked
 *     ID hides (see mask_id());
 *   - 18 characters ending in 000 with a wrong check character: the Excel
 *     message above;
 *   - wrong check character: "check character should be C".
 * A 15-digit legacy number is upgraded: "19" goes after the 6-digit area
 * code and the check character is appended.
 *
 * Returns 0 and fills *OUT (if not NULL), or EX_DATAERR with the reason in
 * E and *OUT zeroed; EX_SOFTWARE if the pattern cannot be compiled or
 * memory runs out.
 */
int idcard_parse(const char *raw, int today_y, int today_m, int today_d, struct idcard *out,
		 struct shequ_err *e);

/*
 * The GB 11643 check character ('0'..'9' or 'X') for the 17 digits at
 * FIRST17 (only 17 bytes are read), or '\0' if any of them is not a digit.
 */
char idcard_check_char(const char *first17);

#endif
