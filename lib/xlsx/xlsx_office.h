/*
 * xlsx_office.h - who makes the reports and where, from office.conf in the
 * data folder (see base/datadir.h): the community's name, its street
 * office, the office that writes the workbooks, and the names printed
 * after 制表人 and 审核人.  The file is `key = value` lines with `#`
 * comments; an unknown key or a line without '=' is a configuration error
 * (EX_CONFIG) naming the file and line.  Without the file every field is
 * empty except the office, XLSX_OFFICE_DEFAULT: a data folder of an older
 * install still exports.
 *
 * Memory: everything lives in the caller's struct.
 */
#ifndef SHEQU_XLSX_OFFICE_H
#define SHEQU_XLSX_OFFICE_H

#include "base/error.h"

/* The author when office.conf names none. */
#define XLSX_OFFICE_DEFAULT "社区居委会"

/* Bytes of one field, with the NUL; longer values are a configuration
 * error rather than cut in the middle of a character. */
#define XLSX_OFFICE_FIELD 192

struct xlsx_office {
	char community[XLSX_OFFICE_FIELD]; /* 湖滨社区: heads every title */
	char street[XLSX_OFFICE_FIELD];	   /* the street office: document company */
	char office[XLSX_OFFICE_FIELD];	   /* who writes the reports: document author */
	char preparer[XLSX_OFFICE_FIELD];  /* 制表人, or "" for a line to sign on */
	char reviewer[XLSX_OFFICE_FIELD];  /* 审核人, likewise */
};

/* Fill O from office.conf in the data folder (defaults without it). */
int xlsx_office_load(struct xlsx_office *o, struct shequ_err *e);

/* Fill O from the file PATH; EX_CONFIG when it cannot be read or is bad. */
int xlsx_office_load_file(struct xlsx_office *o, const char *path, struct shequ_err *e);

#endif
