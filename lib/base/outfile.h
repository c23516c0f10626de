/*
 * outfile.h - an output file that appears whole or not at all, and never
 * writes through a symbolic link somebody planted.
 *
 * The file is written under a temporary name in the target's folder,
 * ".NAME.shequ-XXXXXX" (one pattern, used by nothing else, so that a
 * sweep can recognise what a killed run left: see outfile_is_temp()),
 * created with O_CREAT|O_EXCL|O_NOFOLLOW relative to the folder held open,
 * and renamed over the target by outfile_commit() once it is on disk.
 *
 *   struct outfile of;
 *   if ((rc = outfile_open(&of, "reports/x.xlsx", OUTFILE_PRIVATE, &e)))
 *           return rc;                       // 73, message in e
 *   ... write to outfile_fd(&of), or let a library open outfile_name(&of)
 *   rc = ok ? outfile_commit(&of, &e) : (outfile_abort(&of), rc);
 *
 * What it guarantees:
 *  - a symlink at the temporary name is never followed: the name is made
 *    with O_EXCL|O_NOFOLLOW, and outfile_name() reaches the file through
 *    its descriptor (/proc/self/fd/N) so that a library opening "by name"
 *    writes into this very file even if the name is swapped meanwhile;
 *  - a symlink at the target is replaced, never written through (rename);
 *  - with OUTFILE_NOFOLLOW_DIR the target's folder must not itself be a
 *    symbolic link (a folder others can write to, like the cycle's kind
 *    folders): 73 "... is a symbolic link";
 *  - the temporary name is renamed only when it still names the file that
 *    was written (same device and inode); the file and the folder are
 *    synced first, so a full disk shows as 74 before the rename.
 *
 * Ownership: outfile_open() fills a caller-owned struct; exactly one of
 * outfile_commit() or outfile_abort() releases it (both close every
 * descriptor).  outfile_abort() of a struct whose open failed, or twice,
 * is harmless.
 */
#ifndef SHEQU_OUTFILE_H
#define SHEQU_OUTFILE_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/error.h"

/* Flags of outfile_open(). */
#define OUTFILE_PRIVATE 1      /* mode 0600 (personal data), else 0666 less the umask */
#define OUTFILE_NOFOLLOW_DIR 2 /* refuse a target folder that is a symbolic link */

/* What every temporary name holds after ".NAME": ".shequ-" and six letters
 * or digits. */
#define OUTFILE_MARK ".shequ-"

/* A file being written; members are read through the functions below. */
struct outfile {
	int dirfd; /* the target's folder, or -1 */
	int fd;	   /* the temporary file, open read-write, or -1 */
	dev_t dev; /* device and inode of the temporary file */
	ino_t ino;
	char *path;		/* the target as given (owned) */
	char *dir;		/* its folder as given, "." for none (owned) */
	char *base;		/* its name within the folder (owned) */
	char tmp[NAME_MAX + 1]; /* the temporary name within the folder */
	char byname[PATH_MAX];	/* what outfile_name() returns */
};

/*
 * Create the temporary file for the target PATH with FLAGS (OUTFILE_*).
 * Returns 0, or EX_CANTCREAT ("cannot create PATH: reason") and
 * EX_SOFTWARE (out of memory) with OF safe to abort.
 */
int outfile_open(struct outfile *of, const char *path, int flags, struct shequ_err *e);

/* The descriptor of the temporary file (read-write). */
int outfile_fd(const struct outfile *of);

/*
 * A path that opens the temporary file itself, for libraries that take a
 * file name: /proc/self/fd/N when /proc shows this file there, else the
 * temporary name in its folder (which a swapped name could redirect; the
 * commit then refuses to rename it).
 */
const char *outfile_name(const struct outfile *of);

/* The temporary file's path for messages: FOLDER/.NAME.shequ-XXXXXX. */
void outfile_tmp_path(const struct outfile *of, char *buf, size_t n);

/*
 * Sync the temporary file, rename it over the target and sync the folder.
 * Returns 0, EX_IOERR when the data cannot be written, EX_CANTCREAT when
 * the rename fails or the temporary name no longer names the file written
 * (it is then left alone, and the target is unchanged).  OF is released.
 */
int outfile_commit(struct outfile *of, struct shequ_err *e);

/* Remove the temporary file (when its name is still its own) and release
 * OF. */
void outfile_abort(struct outfile *of);

/* 1 when the base name NAME is one outfile_open() makes:
 * ".NAME.shequ-" and six letters or digits. */
int outfile_is_temp(const char *name);

#endif
