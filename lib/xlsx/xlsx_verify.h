/*
 * xlsx_verify.h - read a written .xlsx back before it is renamed into
 * place.
 *
 * libxlsxwriter 1.1.4 ignores write errors on its temporary files: with a
 * full temporary folder workbook_close() succeeds and leaves a zip whose
 * parts are empty or cut short.  So the file itself is checked:
 *  - the zip's end record and central directory are there and in bounds;
 *  - every part's local header agrees with the directory (name, method);
 *  - every part inflates (stored or deflated) to exactly the size and
 *    CRC-32 the directory records, and is not empty;
 *  - every XML part (.xml, .rels) ends with the closing tag of its root
 *    element, so that a part cut short before it was zipped shows;
 *  - the parts every workbook has are there: [Content_Types].xml,
 *    _rels/.rels, xl/workbook.xml and xl/worksheets/sheetN.xml for
 *    N = 1..SHEETS.
 * ZIP64 records are not read (libxlsxwriter writes them only when asked).
 *
 * Reads with pread(), so the descriptor's offset is left alone; nothing is
 * allocated for the caller.
 */
#ifndef SHEQU_XLSX_VERIFY_H
#define SHEQU_XLSX_VERIFY_H

#include <stddef.h>

/*
 * Check the workbook open for reading at FD, which should hold SHEETS
 * worksheets.  Returns 0, or -1 with the first problem found written into
 * WHY (N bytes), e.g. "part xl/worksheets/sheet1.xml is cut short".
 */
int xlsx_verify_fd(int fd, size_t sheets, char *why, size_t n);

#endif
