/* outfile.c - a file renamed into place when whole; see outfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/outfile.h"

/* Letters of the random part of a temporary name. */
static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
#define RANDOM_LEN 6

/* Most bytes of the target's name kept in the temporary name, so that
 * ".NAME.shequ-XXXXXX" stays within NAME_MAX. */
#define BASE_KEEP (NAME_MAX - 1 - (sizeof OUTFILE_MARK - 1) - RANDOM_LEN)

/* Tries at a free temporary name before giving up. */
#define NAME_TRIES 100

/* Split PATH into OF's folder and base name; EX_CANTCREAT for a path that
 * names a folder. */
static int outfile_split(struct outfile *of, const char *path, struct shequ_err *e)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;

	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", path,
				     strerror(EISDIR));
	if (!(of->path = strdup(path)) || !(of->base = strdup(base)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!slash)
		of->dir = strdup(".");
	else if (slash == path)
		of->dir = strdup("/");
	else
		of->dir = strndup(path, (size_t)(slash - path));
	if (!of->dir)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/* Open the target's folder, refusing a symbolic link when FLAGS say so. */
static int outfile_open_dir(struct outfile *of, int flags, struct shequ_err *e)
{
	int oflags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
	struct stat st;

	if (flags & OUTFILE_NOFOLLOW_DIR) {
		/* O_NOFOLLOW alone reports a link as ELOOP or ENOTDIR; lstat
		 * gives the clearer message. */
		if (lstat(of->dir, &st) == 0 && S_ISLNK(st.st_mode))
			return shequ_err_set(e, EX_CANTCREAT,
					     "cannot create %s: %s is a symbolic link", of->path,
					     of->dir);
		oflags |= O_NOFOLLOW;
	}
	if ((of->dirfd = open(of->dir, oflags)) < 0)
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", of->path,
				     strerror(errno == ELOOP ? ENOTDIR : errno));
	return 0;
}

/* Fill the six random letters at P. */
static void random_letters(char *p)
{
	unsigned char r[RANDOM_LEN];
	size_t i;

	if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
		/* Unpredictable names are not needed for safety (O_EXCL is):
		 * any spread of values will do. */
		unsigned long x = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16) ^
				  (unsigned long)clock();

		for (i = 0; i < sizeof r; i++, x = x * 1103515245UL + 12345UL)
			r[i] = (unsigned char)(x >> 16);
	}
	for (i = 0; i < RANDOM_LEN; i++)
		p[i] = letters[r[i] % (sizeof letters - 1)];
}

/* Cut of the base name that fits a temporary name: at most BASE_KEEP
 * bytes, never inside a UTF-8 character. */
static size_t base_keep(const char *base)
{
	size_t n = strlen(base);

	if (n <= BASE_KEEP)
		return n;
	n = BASE_KEEP;
	while (n && ((unsigned char)base[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* Create the temporary file with a fresh name in the folder. */
static int outfile_create(struct outfile *of, int flags, struct shequ_err *e)
{
	int keep = (int)base_keep(of->base), tries;
	mode_t mode = 0600;
	struct stat st;

	if (!(flags & OUTFILE_PRIVATE)) {
		mode_t mask = umask(0);

		umask(mask);
		mode = 0666 & ~mask;
	}
	for (tries = 0; tries < NAME_TRIES; tries++) {
		size_t len = (size_t)snprintf(of->tmp, sizeof of->tmp, ".%.*s%sXXXXXX", keep,
					      of->base, OUTFILE_MARK);

		random_letters(of->tmp + len - RANDOM_LEN);
		of->fd = openat(of->dirfd, of->tmp,
				O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (of->fd >= 0 || errno != EEXIST)
			break;
	}
	if (of->fd < 0) {
		of->tmp[0] = '\0';
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", of->path,
				     strerror(errno));
	}
	/* The mode is set on the descriptor, so the umask cannot widen a
	 * private file between the create and the chmod. */
	if (fchmod(of->fd, mode) != 0 || fstat(of->fd, &st) != 0) {
		int err = errno;

		unlinkat(of->dirfd, of->tmp, 0);
		of->tmp[0] = '\0';
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", of->path,
				     strerror(err));
	}
	of->dev = st.st_dev;
	of->ino = st.st_ino;
	return 0;
}

/* Choose what outfile_name() returns: the descriptor's /proc entry when it
 * leads to this file, else the temporary name. */
static void outfile_byname(struct outfile *of)
{
	struct stat st;

	snprintf(of->byname, sizeof of->byname, "/proc/self/fd/%d", of->fd);
	if (stat(of->byname, &st) == 0 && st.st_dev == of->dev && st.st_ino == of->ino)
		return;
	outfile_tmp_path(of, of->byname, sizeof of->byname);
}

int outfile_open(struct outfile *of, const char *path, int flags, struct shequ_err *e)
{
	int rc;

	memset(of, 0, sizeof *of);
	of->dirfd = of->fd = -1;
	if ((rc = outfile_split(of, path, e)) || (rc = outfile_open_dir(of, flags, e)) ||
	    (rc = outfile_create(of, flags, e)))
		return rc;
	outfile_byname(of);
	return 0;
}

int outfile_fd(const struct outfile *of)
{
	return of->fd;
}

const char *outfile_name(const struct outfile *of)
{
	return of->byname;
}

void outfile_tmp_path(const struct outfile *of, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", of->dir ? of->dir : ".", of->tmp);
}

/* 1 when the temporary name still names the file written. */
static int outfile_still_ours(const struct outfile *of)
{
	struct stat st;

	return of->tmp[0] && of->dirfd >= 0 &&
	       fstatat(of->dirfd, of->tmp, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
	       st.st_dev == of->dev && st.st_ino == of->ino;
}

/* Close the descriptors and free the strings of OF. */
static void outfile_release(struct outfile *of)
{
	if (of->fd >= 0)
		close(of->fd);
	if (of->dirfd >= 0)
		close(of->dirfd);
	free(of->path);
	free(of->dir);
	free(of->base);
	memset(of, 0, sizeof *of);
	of->dirfd = of->fd = -1;
}

/* Put the data and then the folder's new entry on disk. */
static int outfile_sync(const struct outfile *of, int fd, struct shequ_err *e)
{
	/* A folder or file system that cannot sync (EINVAL, EROFS) has
	 * nothing to lose by it. */
	if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
		return shequ_err_set(e, EX_IOERR, "cannot write %s: %s", of->path, strerror(errno));
	return 0;
}

int outfile_commit(struct outfile *of, struct shequ_err *e)
{
	int rc;

	if ((rc = outfile_sync(of, of->fd, e))) {
		outfile_abort(of);
		return rc;
	}
	if (!outfile_still_ours(of)) {
		rc = shequ_err_set(e, EX_CANTCREAT,
				   "cannot create %s: its temporary file was replaced meanwhile",
				   of->path);
		outfile_release(of);
		return rc;
	}
	if (renameat(of->dirfd, of->tmp, of->dirfd, of->base) != 0) {
		rc = shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", of->path,
				   strerror(errno));
		outfile_abort(of);
		return rc;
	}
	rc = outfile_sync(of, of->dirfd, e);
	outfile_release(of);
	return rc;
}

void outfile_abort(struct outfile *of)
{
	if (outfile_still_ours(of))
		unlinkat(of->dirfd, of->tmp, 0);
	outfile_release(of);
}

int outfile_is_temp(const char *name)
{
	size_t len = strlen(name), mark = sizeof OUTFILE_MARK - 1;
	const char *m;

	if (name[0] != '.' || len < 1 + mark + RANDOM_LEN)
		return 0;
	m = name + len - RANDOM_LEN - mark;
	return m > name && strncmp(m, OUTFILE_MARK, mark) == 0 &&
	       strspn(m + mark, letters) == RANDOM_LEN;
}
