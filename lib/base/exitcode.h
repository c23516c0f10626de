/*
 * exitcode.h - exit codes are part of the interface (sysexits.h values).
 * BE CAREFUL: scripts and cron jobs test these numbers.
 */
#ifndef SHEQU_EXITCODE_H
#define SHEQU_EXITCODE_H

#define EX_OK 0		/* success */
#define EX_USAGE 64	/* bad command line */
#define EX_DATAERR 65	/* bad input data: some rows rejected, check failed */
#define EX_NOINPUT 66	/* input file or database missing */
#define EX_SOFTWARE 70	/* internal error (a bug) */
#define EX_CANTCREAT 73 /* cannot create an output file */
#define EX_IOERR 74	/* read or write error */
#define EX_TEMPFAIL 75	/* busy or locked: try again later */
#define EX_CONFIG 78	/* configuration: unknown schema, bad share/ data */

#endif
