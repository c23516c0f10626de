/* test-outfile.c - output files that appear whole and never write through
 * a planted symbolic link. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/outfile.h"
#include "tap.h"

/* The content of the file at PATH (up to 63 bytes), "" when unreadable. */
static const char *content(const char *path)
{
	static char buf[64];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Write S into the file at PATH (truncating it). */
static void put(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(s, f);
		fclose(f);
	}
}

/* 1 when the folder DIR holds a file outfile_is_temp() recognises. */
static int temp_left(const char *dir)
{
	char cmd[512], line[256];
	FILE *p;
	int found = 0;

	snprintf(cmd, sizeof cmd, "ls -A '%s'", dir);
	if (!(p = popen(cmd, "r")))
		return -1;
	while (fgets(line, sizeof line, p)) {
		line[strcspn(line, "\n")] = '\0';
		found |= outfile_is_temp(line);
	}
	pclose(p);
	return found;
}

/* An ordinary file: written, committed, private. */
static void test_commit(const char *dir)
{
	struct shequ_err e = {0};
	struct outfile of;
	char path[256], tmp[512];
	struct stat st;
	const char *slash;

	snprintf(path, sizeof path, "%s/a.txt", dir);
	is_int(outfile_open(&of, path, OUTFILE_PRIVATE, &e), 0, "a file is opened in a folder");
	outfile_tmp_path(&of, tmp, sizeof tmp);
	slash = strrchr(tmp, '/');
	ok(slash && outfile_is_temp(slash + 1), "its temporary name is one outfile makes (%s)",
	   slash ? slash + 1 : tmp);
	ok(strncmp(slash + 1, ".a.txt.shequ-", 13) == 0, "and starts with the target's name");
	is_int(write(outfile_fd(&of), "hello", 5), 5, "it is written through its descriptor");
	ok(access(path, F_OK) != 0, "the target does not exist before the commit");
	is_int(outfile_commit(&of, &e), 0, "the commit succeeds");
	is_str(content(path), "hello", "the target holds what was written");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "a private file is 0600");
	is_int(temp_left(dir), 0, "no temporary file is left");
}

/* A library that opens by name writes into the file even when a symlink
 * is planted at the temporary name meanwhile. */
static void test_planted_link(const char *dir)
{
	struct shequ_err e = {0};
	struct outfile of;
	char path[256], tmp[512], victim[256], want[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/b.txt", dir);
	snprintf(victim, sizeof victim, "%s/victim", dir);
	put(victim, "precious");
	is_int(outfile_open(&of, path, 0, &e), 0, "a second file is opened");
	outfile_tmp_path(&of, tmp, sizeof tmp);
	ok(unlink(tmp) == 0 && symlink(victim, tmp) == 0,
	   "a symlink is planted at its temporary name");
	f = fopen(outfile_name(&of), "wb");
	ok(f && fputs("data", f) >= 0 && fclose(f) == 0, "a write by name succeeds");
	is_str(content(victim), "precious", "and never reaches the symlink's target");
	is_int(outfile_commit(&of, &e), EX_CANTCREAT,
	       "the commit refuses a replaced temporary name");
	snprintf(want, sizeof want, "cannot create %s: its temporary file was replaced meanwhile",
		 path);
	is_str(e.msg, want, "and says so");
	ok(access(path, F_OK) != 0, "nothing is made at the target");
	is_str(content(victim), "precious", "the symlink's target is unchanged");
	unlink(tmp);
}

/* A symlink at the target is replaced, never written through. */
static void test_link_at_target(const char *dir)
{
	struct shequ_err e = {0};
	struct outfile of;
	char path[256], victim[256];
	struct stat st;

	snprintf(path, sizeof path, "%s/c.txt", dir);
	snprintf(victim, sizeof victim, "%s/victim", dir);
	ok(symlink(victim, path) == 0, "a symlink stands at the target");
	ok(outfile_open(&of, path, 0, &e) == 0 && write(outfile_fd(&of), "new", 3) == 3 &&
	       outfile_commit(&of, &e) == 0,
	   "a file is written over it");
	ok(lstat(path, &st) == 0 && S_ISREG(st.st_mode), "the target is now a plain file");
	is_str(content(victim), "precious", "and the symlink's target is unchanged");
}

/* OUTFILE_NOFOLLOW_DIR refuses a symlinked folder; a file that is
 * aborted leaves nothing. */
static void test_folder(const char *dir)
{
	struct shequ_err e = {0};
	struct outfile of;
	char real[256], link[256], path[300];

	snprintf(real, sizeof real, "%s/real", dir);
	snprintf(link, sizeof link, "%s/link", dir);
	ok(mkdir(real, 0700) == 0 && symlink(real, link) == 0, "a folder and a symlink to it");
	snprintf(path, sizeof path, "%s/d.txt", link);
	is_int(outfile_open(&of, path, OUTFILE_NOFOLLOW_DIR, &e), EX_CANTCREAT,
	       "a symlinked folder is refused with OUTFILE_NOFOLLOW_DIR");
	ok(strstr(e.msg, "is a symbolic link") != NULL, "and says why: %s", e.msg);
	outfile_abort(&of);
	is_int(temp_left(real), 0, "nothing is created in the folder it points to");
	is_int(outfile_open(&of, path, 0, &e), 0, "without the flag the symlink is followed");
	outfile_abort(&of);
	is_int(temp_left(real), 0, "an aborted file leaves nothing");
	snprintf(path, sizeof path, "%s/missing/e.txt", dir);
	is_int(outfile_open(&of, path, 0, &e), EX_CANTCREAT, "a missing folder is 73");
	outfile_abort(&of);
	outfile_abort(&of);
	ok(1, "aborting twice is harmless");
}

/* Only the names outfile makes are recognised as its temporary files. */
static void test_names(void)
{
	ok(outfile_is_temp(".x.xlsx.shequ-Ab12Cd"), "a temporary name is recognised");
	ok(!outfile_is_temp(".htaccess"), ".htaccess is not a temporary file");
	ok(!outfile_is_temp(".gitkeep"), ".gitkeep is not one");
	ok(!outfile_is_temp(".x.xlsx.XXXXXX"), "a mkstemp name of another program is not one");
	ok(!outfile_is_temp(".x.shequ-Ab1"), "a name with too short a tail is not one");
	ok(!outfile_is_temp("x.shequ-Ab12Cd"), "a name without the leading dot is not one");
	ok(!outfile_is_temp(".shequ-Ab12Cd"), "a name without a target's name is not one");
	ok(!outfile_is_temp(".x.shequ-Ab-2Cd"), "a tail with other characters is not one");
}

int main(void)
{
	char dir[] = "/tmp/shequ-outfile-XXXXXX", cmd[64];

	if (!mkdtemp(dir) || chdir(dir) != 0)
		return 1;
	test_commit(dir);
	test_planted_link(dir);
	test_link_at_target(dir);
	test_folder(dir);
	test_names();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
