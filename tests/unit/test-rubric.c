/* test-rubric.c - unit tests for lib/domain/rubric.c (TAP): reading
 * rubric.csv, and the database's copy of it that the views read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/rubric.h"
#include "tap.h"

static char dir[] = "/tmp/test-rubric.XXXXXX";
static char csv[4096], dbfile[4096];

/* Write TEXT as the rubric file. */
static void put(const char *text)
{
	FILE *f = fopen(csv, "w");

	if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", csv);
		exit(1);
	}
}

/* Load TEXT as a rubric file into R; the status, with the message in E. */
static int load(const char *text, struct rubric *r, struct shequ_err *e)
{
	put(text);
	shequ_err_clear(e);
	return rubric_load_file(r, csv, e);
}

/* The rubric file's tests: what it accepts and what it refuses. */
static void file_tests(void)
{
	struct rubric r;
	struct shequ_err e = {0};
	char name[64];

	is_int(load("item,name,max,pass\n净,clean,20,12\n亮,lit,10,6\n", &r, &e), 0,
	       "a good file loads");
	ok(r.n == 2 && !strcmp(r.items[1].item, "亮") && !strcmp(r.items[1].name, "lit") &&
	       r.items[1].max == 10 && r.items[1].pass == 6 && r.total == 30,
	   "items, marks and the total read");
	is_int(rubric_find(&r, "lit"), 1, "an item found by its English name");
	is_int(rubric_find(&r, "净"), 0, "and by its mark");
	memset(name, 'x', 31);
	name[31] = '\0';
	{
		char text[256];

		snprintf(text, sizeof text, "item,name,max,pass\n净,%s,20,12\n", name);
		is_int(load(text, &r, &e), 0, "a name of 31 bytes fits");
		snprintf(text, sizeof text, "item,name,max,pass\n净,%sy,20,12\n", name);
		is_int(load(text, &r, &e), EX_CONFIG, "a name of 32 bytes does not");
		ok(strstr(e.msg, ":2: bad item name") != NULL, "and says which line: %s", e.msg);
	}
	is_int(load("item,name,max,pass\n,clean,20,12\n", &r, &e), EX_CONFIG, "an empty mark: 78");
	is_int(load("item,name,max,pass\n净,clean,20,21\n", &r, &e), EX_CONFIG,
	       "a pass mark above full marks: 78");
	is_int(load("item,name,max,pass\n净,clean,20\n", &r, &e), EX_CONFIG, "three fields: 78");
	is_int(load("item,name,max,pass\n", &r, &e), EX_CONFIG, "no items: 78");
}

/* The number of rows DB changed since the last call. */
static int changed(sqlite3 *db)
{
	static int before;
	int now = sqlite3_total_changes(db), d = now - before;

	before = now;
	return d;
}

/* The database's copy: the shipped rubric first, rubric_sync, rubric_load_db. */
static void db_tests(void)
{
	struct rubric r, got;
	struct shequ_err e = {0};
	sqlite3 *db = NULL;

	if (db_open(dbfile, DB_CREATE, &db, &e)) {
		printf("Bail out! %s\n", e.msg);
		exit(1);
	}
	is_int(rubric_load_db(db, &got, &e), 0, "a new database has a rubric");
	ok(got.n == 5 && !strcmp(got.items[4].name, "tidy") && got.items[4].pass == 12 &&
	       got.total == 100,
	   "the shipped one");
	changed(db);
	load("item,name,max,pass\n净,clean,20,12\n畅,unobstructed,20,12\n亮,lit,20,12\n"
	     "安,safe,20,12\n美,tidy,20,12\n",
	     &r, &e);
	is_int(rubric_sync(db, &r, &e), 0, "syncing the same rubric succeeds");
	is_int(changed(db), 0, "and writes nothing");
	load("item,name,max,pass\n亮,lit,10,7\n净,clean,30,15\n", &r, &e);
	is_int(rubric_sync(db, &r, &e), 0, "syncing another rubric succeeds");
	ok(changed(db) > 0, "and writes it");
	is_int(rubric_load_db(db, &got, &e), 0, "it reads back");
	ok(got.n == 2 && !strcmp(got.items[0].item, "亮") && got.items[0].pass == 7 &&
	       !strcmp(got.items[1].name, "clean") && got.total == 40,
	   "in the file's order, with its marks");
	ok(sqlite3_get_autocommit(db), "no transaction is left open");
	sqlite3_exec(db, "DELETE FROM rubric", NULL, NULL, NULL);
	is_int(rubric_load_db(db, &got, &e), EX_DATAERR, "an empty rubric table: 65");
	db_close(db);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot make %s\n", dir);
		return 1;
	}
	snprintf(csv, sizeof csv, "%s/rubric.csv", dir);
	snprintf(dbfile, sizeof dbfile, "%s/test.db", dir);
	file_tests();
	db_tests();
	unlink(csv);
	unlink(dbfile);
	{
		char side[4200];

		snprintf(side, sizeof side, "%s-wal", dbfile);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", dbfile);
		unlink(side);
	}
	rmdir(dir);
	return tap_done();
}
