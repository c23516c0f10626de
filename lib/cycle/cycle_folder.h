/*
 * cycle_folder.h - the reports folder as the cycle writes it (no SQL here).
 *
 * OUT/daily, OUT/weekly, OUT/monthly and OUT/quarterly are the kind folders.
 * A kind folder that is a symbolic link is never followed: nothing is
 * written, checked or removed through it.  Each report is written in a
 * private temporary folder inside its kind folder, named CYCLE_WORK_PREFIX
 * and six random characters (mkdtemp), and its files are renamed from there
 * into the kind folder: a symlink at the final name is replaced, never
 * written through.  Those temporary folders are the only thing the cycle
 * ever removes, so other files in the reports folder (.htaccess, .gitkeep)
 * are left alone.
 *
 * Usage:
 *	struct cycle_folder f;
 *	struct cycle_work w;
 *	if (cycle_folder_open(&f, "reports", &e) == 0) {
 *		cycle_folder_sweep(&f);
 *		if (cycle_work_begin(&f, PERIOD_DAY, "2026-07-08", &w, &e) == 0) {
 *			... write cycle_work_path(&w, "xlsx", ...) ...
 *			cycle_work_place(&w, "xlsx", &e);
 *			cycle_work_end(&w);
 *		}
 *		cycle_folder_close(&f);
 *	}
 */
#ifndef SHEQU_CYCLE_FOLDER_H
#define SHEQU_CYCLE_FOLDER_H

#include <limits.h>
#include <stddef.h>

#include "base/error.h"
#include "domain/period.h"

/* The name every temporary folder of the cycle starts with. */
#define CYCLE_WORK_PREFIX ".shequ-cycle."

/* The reports folder of one run. */
struct cycle_folder {
	char *root;			/* OUT, absolute, symlinks resolved; owned */
	int rootfd;			/* descriptor of ROOT */
	int kindfd[PERIOD_QUARTER + 1]; /* of each kind folder; -1 until needed */
};

/* Create OUT when missing (one level, 0755) and open it into *F.
 * EX_CANTCREAT when that fails.  Close it with cycle_folder_close. */
int cycle_folder_open(struct cycle_folder *f, const char *out, struct shequ_err *e);

/* Free what F holds; F may be one that failed to open. */
void cycle_folder_close(struct cycle_folder *f);

/* Remove what runs killed midway left behind: the temporary folders of
 * the cycle in the kind folders, with the files in them.  Call it only
 * under the cycle's lock, when no other run can be writing there. */
void cycle_folder_sweep(struct cycle_folder *f);

/* Write ROOT/KIND/NAME.EXT into BUF of N bytes: where the report of kind K
 * called NAME goes.  EX_CANTCREAT when it does not fit. */
int cycle_folder_path(const struct cycle_folder *f, enum period_kind k, const char *name,
		      const char *ext, char *buf, size_t n, struct shequ_err *e);

/* What the reports folder holds at a report's name. */
enum cycle_held {
	CYCLE_HELD_SAME,    /* a regular file with the checksum asked for */
	CYCLE_HELD_MISSING, /* nothing, a symlink, or not a regular file */
	CYCLE_HELD_CHANGED, /* a regular file with another checksum */
};

/* Room for what cycle_folder_holds says of a file: "inode size mtime ctime". */
#define CYCLE_STAT_BUFSZ 96

/* Say in *HELD what ROOT/KIND/NAME.xlsx is, against the SHA-256 SUM (64
 * hex digits).  KEY holds, on entry, what this function last said of the
 * file when it was the same ("" when nothing is known): while the file
 * still matches it, it is taken as the same without being read.  On return
 * KEY says what the file is now ("" when there is none), for the caller to
 * keep when *HELD is CYCLE_HELD_SAME.  Fails only on a read error
 * (EX_IOERR). */
int cycle_folder_holds(struct cycle_folder *f, enum period_kind k, const char *name,
		       const char *sum, char key[CYCLE_STAT_BUFSZ], enum cycle_held *held,
		       struct shequ_err *e);

/* A temporary folder where one report is written. */
struct cycle_work {
	struct cycle_folder *f;	 /* the reports folder it belongs to */
	enum period_kind kind;	 /* which kind folder it is in */
	char name[PERIOD_BUFSZ]; /* the report's name without extension */
	char dir[PATH_MAX];	 /* its path: ROOT/KIND/.shequ-cycle.XXXXXX */
	int fd;			 /* its descriptor, -1 when there is none */
};

/* Create the kind folder of K when missing and a temporary folder in it
 * for the report NAME.  EX_CANTCREAT when either cannot be made, or the
 * kind folder is a symbolic link. */
int cycle_work_begin(struct cycle_folder *f, enum period_kind k, const char *name,
		     struct cycle_work *w, struct shequ_err *e);

/* Write the path of NAME.EXT in the temporary folder into BUF of N bytes. */
int cycle_work_path(const struct cycle_work *w, const char *ext, char *buf, size_t n,
		    struct shequ_err *e);

/* Rename NAME.EXT from the temporary folder into the kind folder, replacing
 * whatever has that name there.  EX_CANTCREAT on failure. */
int cycle_work_place(struct cycle_work *w, const char *ext, struct shequ_err *e);

/* Remove the temporary folder and whatever is still in it. */
void cycle_work_end(struct cycle_work *w);

#endif
