/* test-natural.c - unit tests for lib/base/natural.c (TAP): the order of
 * building and unit names, in C and as the SQLite collation. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/natural.h"
#include "tap.h"

/* The sign of X: -1, 0 or 1. */
static int sign(int x)
{
	return (x > 0) - (x < 0);
}

/* Names in the order they must come, each strictly before the next. */
static const char *const ordered[] = {
    "",	    "0",   "1",	 "01A", "1A",  "1B",  "2",    "02-1",  "2-1",	 "2-2",	  "2-10",
    "9",    "010", "10", "10A", "11",  "99",  "100",  "A",     "A1",	 "A2",	  "A10",
    "A10B", "B1",  "b1", "一",	"一1", "一2", "一10", "东区2", "东区10", "西区1",
};

#define N (sizeof ordered / sizeof ordered[0])

/* qsort comparison of two names. */
static int by_name(const void *a, const void *b)
{
	return natural_strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether every pair of the ordered list compares as its positions do. */
static int all_pairs_agree(void)
{
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < N; j++) {
			int want = (i > j) - (i < j);

			if (sign(natural_strcmp(ordered[i], ordered[j])) != want) {
				printf("#   %s <=> %s: got %d, want %d\n", ordered[i], ordered[j],
				       natural_strcmp(ordered[i], ordered[j]), want);
				return 0;
			}
		}
	return 1;
}

/* Whether a reversed copy of the list sorts back into order. */
static int sorts_back(void)
{
	const char *v[N];

	for (size_t i = 0; i < N; i++)
		v[i] = ordered[N - 1 - i];
	qsort(v, N, sizeof *v, by_name);
	for (size_t i = 0; i < N; i++)
		if (strcmp(v[i], ordered[i]) != 0)
			return 0;
	return 1;
}

/* Whether SQLite, with the collation registered, orders the list the same. */
static int sqlite_agrees(void)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	size_t k = 0;
	int good = 1;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_create_collation(db, NATURAL_COLLATION, SQLITE_UTF8, NULL, natural_collation) !=
		SQLITE_OK ||
	    sqlite3_exec(db, "CREATE TABLE t (name TEXT)", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?1)", -1, &st, NULL) != SQLITE_OK)
		good = 0;
	for (size_t i = 0; good && i < N; i++) {
		sqlite3_bind_text(st, 1, ordered[N - 1 - i], -1, SQLITE_STATIC);
		good = sqlite3_step(st) == SQLITE_DONE && sqlite3_reset(st) == SQLITE_OK;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (good && sqlite3_prepare_v2(db, "SELECT name FROM t ORDER BY name COLLATE natsort", -1,
				       &st, NULL) != SQLITE_OK)
		good = 0;
	while (good && sqlite3_step(st) == SQLITE_ROW)
		good = k < N && strcmp((const char *)sqlite3_column_text(st, 0), ordered[k++]) == 0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return good && k == N;
}

int main(void)
{
	ok(natural_strcmp("2", "10") < 0, "2 before 10");
	ok(natural_strcmp("A2", "A10") < 0, "A2 before A10");
	ok(natural_strcmp("10", "10A") < 0, "10 before 10A");
	ok(natural_strcmp("9", "10") < 0, "a shorter number is smaller");
	ok(natural_strcmp("02", "2") < 0 && natural_strcmp("2", "02") > 0,
	   "leading zeros decide only between names otherwise equal");
	ok(natural_strcmp("12", "12") == 0, "a name equals itself");
	ok(natural_cmp("10", 1, "10", 2) < 0, "lengths are honoured: 1 before 10");
	ok(natural_cmp("12345678901234567890123", 23, "12345678901234567890124", 23) < 0,
	   "numbers longer than any integer type compare by value");
	ok(all_pairs_agree(), "every pair of %zu names compares as listed", N);
	ok(sorts_back(), "qsort puts the reversed list back in order");
	ok(sqlite_agrees(), "ORDER BY ... COLLATE natsort gives the same order");
	return tap_done();
}
