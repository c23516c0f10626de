/* cycle_folder.c - the reports folder as the cycle writes it; see cycle_folder.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/sha256.h"
#include "cycle/cycle_folder.h"

/* The number of random characters mkdtemp puts after the prefix. */
#define WORK_RANDOM 6

int cycle_folder_open(struct cycle_folder *f, const char *out, struct shequ_err *e)
{
	enum period_kind k;

	f->root = NULL;
	f->rootfd = -1;
	for (k = PERIOD_DAY; k <= PERIOD_QUARTER; k++)
		f->kindfd[k] = -1;
	if (mkdir(out, 0755) != 0 && errno != EEXIST)
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s: %s", out, strerror(errno));
	/* The resolved name is what the database records, so a report moved
	 * elsewhere by a changed --out is seen to be missing. */
	if (!(f->root = realpath(out, NULL)))
		return shequ_err_set(e, EX_CANTCREAT, "cannot use %s: %s", out, strerror(errno));
	f->rootfd = open(f->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f->rootfd < 0)
		return shequ_err_set(e, EX_CANTCREAT, "cannot use %s: %s", out, strerror(errno));
	return 0;
}

void cycle_folder_close(struct cycle_folder *f)
{
	enum period_kind k;

	for (k = PERIOD_DAY; k <= PERIOD_QUARTER; k++)
		if (f->kindfd[k] >= 0)
			close(f->kindfd[k]);
	if (f->rootfd >= 0)
		close(f->rootfd);
	free(f->root);
	f->root = NULL;
	f->rootfd = -1;
}

/* The descriptor of the kind folder of K, made first when CREATE; -1 when
 * it does not exist (and not CREATE), or with E set when it cannot be
 * opened, is not a folder or is a symbolic link. */
static int folder_kind(struct cycle_folder *f, enum period_kind k, int create, struct shequ_err *e)
{
	const char *kind = period_kind_name(k);
	struct stat st;

	if (f->kindfd[k] >= 0)
		return f->kindfd[k];
	if (create && mkdirat(f->rootfd, kind, 0755) != 0 && errno != EEXIST) {
		shequ_err_set(e, EX_CANTCREAT, "cannot create %s/%s: %s", f->root, kind,
			      strerror(errno));
		return -1;
	}
	f->kindfd[k] = openat(f->rootfd, kind, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (f->kindfd[k] >= 0 || (!create && errno == ENOENT))
		return f->kindfd[k];
	/* O_NOFOLLOW with O_DIRECTORY says ENOTDIR, not ELOOP, on a symlink. */
	if (errno == ELOOP ||
	    (fstatat(f->rootfd, kind, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)))
		shequ_err_set(e, EX_CANTCREAT,
			      "%s/%s is a symbolic link; reports are never written through one",
			      f->root, kind);
	else
		shequ_err_set(e, EX_CANTCREAT, "cannot use %s/%s: %s", f->root, kind,
			      strerror(errno));
	return -1;
}

/* Whether NAME is one of the cycle's temporary folders. */
static int is_work(const char *name)
{
	size_t n = strlen(CYCLE_WORK_PREFIX);

	return strncmp(name, CYCLE_WORK_PREFIX, n) == 0 && strlen(name + n) == WORK_RANDOM;
}

/* Remove the temporary folder NAME in the folder DIRFD with the files in
 * it.  Not a folder, or a symlink: left alone. */
static void work_remove(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct dirent *d;
	DIR *dp;

	if (fd < 0)
		return;
	if (!(dp = fdopendir(fd))) {
		close(fd);
		return;
	}
	while ((d = readdir(dp)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			unlinkat(fd, d->d_name, 0);
	closedir(dp);
	unlinkat(dirfd, name, AT_REMOVEDIR);
}

void cycle_folder_sweep(struct cycle_folder *f)
{
	enum period_kind k;
	struct shequ_err e = {0};

	for (k = PERIOD_DAY; k <= PERIOD_QUARTER; k++) {
		int fd = folder_kind(f, k, 0, &e), dup_fd;
		struct dirent *d;
		DIR *dp;

		if (fd < 0 || (dup_fd = dup(fd)) < 0)
			continue;
		if (!(dp = fdopendir(dup_fd))) {
			close(dup_fd);
			continue;
		}
		while ((d = readdir(dp)))
			if (is_work(d->d_name))
				work_remove(fd, d->d_name);
		closedir(dp);
	}
}

int cycle_folder_path(const struct cycle_folder *f, enum period_kind k, const char *name,
		      const char *ext, char *buf, size_t n, struct shequ_err *e)
{
	if ((size_t)snprintf(buf, n, "%s/%s/%s.%s", f->root, period_kind_name(k), name, ext) >= n)
		return shequ_err_set(e, EX_CANTCREAT, "%s: path too long", f->root);
	return 0;
}

/* Hash what is left to read of FD into SUM. */
static int hash_fd(int fd, char sum[65])
{
	struct sha256 s;
	char buf[65536];
	ssize_t got;

	sha256_init(&s);
	while ((got = read(fd, buf, sizeof buf)) > 0)
		sha256_update(&s, buf, (size_t)got);
	sha256_hex(&s, sum);
	return got < 0 ? -1 : 0;
}

/* Write into KEY what says whether the file ST describes was written
 * since: its inode, size, and modification and change times to the
 * nanosecond.  Any write to the file, or a file put in its place, changes
 * the change time, which no user can set back. */
static void stat_key(const struct stat *st, char key[CYCLE_STAT_BUFSZ])
{
	snprintf(key, CYCLE_STAT_BUFSZ, "%llu %lld %lld.%09ld %lld.%09ld",
		 (unsigned long long)st->st_ino, (long long)st->st_size,
		 (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec, (long long)st->st_ctim.tv_sec,
		 st->st_ctim.tv_nsec);
}

int cycle_folder_holds(struct cycle_folder *f, enum period_kind k, const char *name,
		       const char *sum, char key[CYCLE_STAT_BUFSZ], enum cycle_held *held,
		       struct shequ_err *e)
{
	struct shequ_err why = {0};
	char file[PERIOD_BUFSZ + 8], now[65], was[CYCLE_STAT_BUFSZ];
	struct stat st;
	int dirfd, fd, rc = 0;

	*held = CYCLE_HELD_MISSING;
	snprintf(was, sizeof was, "%s", key);
	key[0] = '\0';
	if ((dirfd = folder_kind(f, k, 0, &why)) < 0)
		return 0; /* no kind folder, or one never followed: the file is missing */
	snprintf(file, sizeof file, "%s.xlsx", name);
	fd = openat(dirfd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		stat_key(&st, key);
		/* The file as it was when its checksum was last found right is
		 * not read again: a year of workbooks is not hashed every run. */
		if (was[0] && strcmp(was, key) == 0)
			*held = CYCLE_HELD_SAME;
		else if (hash_fd(fd, now) != 0)
			rc = shequ_err_set(e, EX_IOERR, "cannot read %s/%s/%s: %s", f->root,
					   period_kind_name(k), file, strerror(errno));
		else
			*held = strcmp(now, sum) == 0 ? CYCLE_HELD_SAME : CYCLE_HELD_CHANGED;
	}
	close(fd);
	return rc;
}

/* Check that the folder made at W->dir is the entry BASE of the kind
 * folder DIRFD, and keep its descriptor: a kind folder swapped for a
 * symlink in between would have put it elsewhere. */
static int work_check(struct cycle_work *w, int dirfd, const char *base, struct shequ_err *e)
{
	struct stat made, there;

	w->fd = open(w->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (w->fd < 0 || fstat(w->fd, &made) != 0 ||
	    fstatat(dirfd, base, &there, AT_SYMLINK_NOFOLLOW) != 0 || made.st_dev != there.st_dev ||
	    made.st_ino != there.st_ino)
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s: the folder changed",
				     w->dir);
	return 0;
}

int cycle_work_begin(struct cycle_folder *f, enum period_kind k, const char *name,
		     struct cycle_work *w, struct shequ_err *e)
{
	int dirfd, rc;

	w->f = f;
	w->kind = k;
	w->fd = -1;
	w->dir[0] = '\0';
	snprintf(w->name, sizeof w->name, "%s", name);
	if ((dirfd = folder_kind(f, k, 1, e)) < 0)
		return e->code;
	if ((size_t)snprintf(w->dir, sizeof w->dir, "%s/%s/%sXXXXXX", f->root, period_kind_name(k),
			     CYCLE_WORK_PREFIX) >= sizeof w->dir) {
		w->dir[0] = '\0';
		return shequ_err_set(e, EX_CANTCREAT, "%s: path too long", f->root);
	}
	if (!mkdtemp(w->dir)) {
		rc = shequ_err_set(e, EX_CANTCREAT, "cannot create a folder in %s/%s: %s", f->root,
				   period_kind_name(k), strerror(errno));
		w->dir[0] = '\0';
		return rc;
	}
	if ((rc = work_check(w, dirfd, strrchr(w->dir, '/') + 1, e)))
		cycle_work_end(w);
	return rc;
}

int cycle_work_path(const struct cycle_work *w, const char *ext, char *buf, size_t n,
		    struct shequ_err *e)
{
	if ((size_t)snprintf(buf, n, "%s/%s.%s", w->dir, w->name, ext) >= n)
		return shequ_err_set(e, EX_CANTCREAT, "%s: path too long", w->dir);
	return 0;
}

int cycle_work_place(struct cycle_work *w, const char *ext, struct shequ_err *e)
{
	char file[PERIOD_BUFSZ + 8];

	snprintf(file, sizeof file, "%s.%s", w->name, ext);
	if (renameat(w->fd, file, w->f->kindfd[w->kind], file) != 0)
		return shequ_err_set(e, EX_CANTCREAT, "cannot create %s/%s/%s: %s", w->f->root,
				     period_kind_name(w->kind), file, strerror(errno));
	return 0;
}

void cycle_work_end(struct cycle_work *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	if (w->dir[0])
		work_remove(w->f->kindfd[w->kind], strrchr(w->dir, '/') + 1);
	w->dir[0] = '\0';
}
