/* test-scoring-conf.c - unit tests for lib/domain/scoring_conf.c (TAP). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/scoring_conf.h"
#include "tap.h"

static char path[4096];

/* Write TEXT as the test file; its name is in PATH. */
static void put(const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

/* Whether A and B hold the same numbers. */
static int same(const struct scoring_conf *a, const struct scoring_conf *b)
{
	return a->weight_score == b->weight_score && a->weight_rectify == b->weight_rectify &&
	       a->weight_closure == b->weight_closure && a->weight_visit == b->weight_visit &&
	       a->weight_service == b->weight_service && a->grade_excellent == b->grade_excellent &&
	       a->grade_good == b->grade_good && a->grade_pass == b->grade_pass &&
	       a->min_inspections == b->min_inspections && a->rectify_days == b->rectify_days &&
	       a->case_repeat == b->case_repeat && a->severe_mark == b->severe_mark &&
	       a->case_deadline_days == b->case_deadline_days &&
	       a->escalate_head == b->escalate_head &&
	       a->escalate_secretary == b->escalate_secretary &&
	       a->escalate_office == b->escalate_office;
}

/* Load TEXT; returns the code, the message in E. */
static int load(const char *text, struct scoring_conf *c, struct shequ_err *e)
{
	put(text);
	memset(e, 0, sizeof *e);
	return scoring_conf_load_file(c, path, e);
}

/* The expected message: the test file's name, then REST. */
static const char *msg(const char *rest)
{
	static char buf[8192];

	snprintf(buf, sizeof buf, "%s%s", path, rest);
	return buf;
}

int main(void)
{
	struct scoring_conf c, d;
	struct shequ_err e;
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(path, sizeof path, "%s/test-scoring-conf.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0) {
		printf("Bail out! mkstemp\n");
		return 1;
	}
	close(fd);

	/* A good file: comments, blanks, spaces, keys in any order; keys left
	 * out keep their defaults. */
	is_int(load("# policy\n\n  weight_score=0.5   # half\nweight_rectify = 0.25\n"
		    "weight_closure\t=\t0.25\nmin_inspections = 12\n"
		    "escalate_office = 10\ngrade_good = 75.5\n",
		    &c, &e),
	       0, "a good file loads");
	ok(c.weight_score == 0.5 && c.weight_rectify == 0.25 && c.weight_closure == 0.25,
	   "weights read, with a trailing comment and tabs");
	is_int(c.min_inspections, 12, "a whole number read");
	ok(c.grade_good == 75.5, "a fraction read");
	is_int(c.escalate_office, 10, "escalate_office read");
	is_int(c.case_repeat, 3, "a key left out keeps its default");
	is_int(c.escalate_secretary, 4, "escalate_secretary keeps its default");
	ok(c.grade_excellent == 90, "grade_excellent keeps its default");

	/* An empty file is the defaults. */
	is_int(load("", &c, &e), 0, "an empty file loads");
	scoring_conf_defaults(&d);
	ok(same(&c, &d), "and gives the defaults");

	/* The shipped file says what the defaults say. */
	{
		const char *dir = getenv("SHEQU_DATADIR");
		char shipped[4096];

		if (dir && *dir) {
			snprintf(shipped, sizeof shipped, "%s/scoring.conf", dir);
			memset(&e, 0, sizeof e);
			is_int(scoring_conf_load_file(&c, shipped, &e), 0,
			       "share/scoring.conf loads");
			ok(same(&c, &d), "share/scoring.conf holds the defaults");
			memset(&e, 0, sizeof e);
			is_int(scoring_conf_load(&c, &e), 0,
			       "scoring_conf_load finds it in the data folder");
		} else {
			printf("ok %d - # SKIP no SHEQU_DATADIR\n", ++tap_n);
			printf("ok %d - # SKIP no SHEQU_DATADIR\n", ++tap_n);
			printf("ok %d - # SKIP no SHEQU_DATADIR\n", ++tap_n);
		}
	}

	/* Errors: 78 with file:line. */
	is_int(load("weight_score = 0.6\n# ok\nweigth_score = 0.6\n", &c, &e), 78,
	       "an unknown key: 78");
	is_str(e.msg, msg(":3: unknown key 'weigth_score'"), "names file, line and key");
	is_int(load("\nmin_inspections = 2.5\n", &c, &e), 78, "a fraction for a whole number: 78");
	is_str(e.msg, msg(":2: min_inspections: expected a whole number, got '2.5'"),
	       "names file, line, key and value");
	is_int(load("weight_score = lots\n", &c, &e), 78, "a word for a number: 78");
	is_str(e.msg, msg(":1: weight_score: expected a number, got 'lots'"), "and says so");
	is_int(load("severe_mark = -1\n", &c, &e), 78, "a negative number: 78");
	is_str(e.msg, msg(":1: severe_mark: expected a whole number, got '-1'"), "and says so");
	is_int(load("grade_pass =\n", &c, &e), 78, "an empty value: 78");
	is_str(e.msg, msg(":1: grade_pass: expected a number, got ''"), "and says so");
	is_int(load("case_repeat = 3x\n", &c, &e), 78, "trailing junk: 78");
	is_str(e.msg, msg(":1: case_repeat: expected a whole number, got '3x'"), "and says so");
	is_int(load("# a comment\ncase_repeat 3\n", &c, &e), 78, "a line without '=': 78");
	is_str(e.msg, msg(":2: expected key = value"), "names file and line");
	is_int(load("escalate_head = 5\n", &c, &e), 78, "escalation out of order: 78");
	is_str(e.msg, msg(": escalate_head <= escalate_secretary <= escalate_office needed"),
	       "names the file");
	is_int(load("weight_score = 0\nweight_rectify = 0\nweight_closure = 0\nweight_visit = 1\n",
		    &c, &e),
	       78, "inspection weights all 0: 78");
	is_str(e.msg, msg(": weight_score, weight_rectify and weight_closure are all 0"),
	       "and says so");
	is_int(load("case_repeat = 0\n", &c, &e), 78, "case_repeat 0: 78");
	is_str(e.msg, msg(": case_repeat must be at least 1"), "and says so");
	unlink(path);
	memset(&e, 0, sizeof e);
	is_int(scoring_conf_load_file(&c, path, &e), 78, "a missing file: 78");
	is_str(e.msg, msg(": No such file or directory"), "names the file");

	/* The new parts weigh nothing unless asked. */
	is_int(load("weight_visit = 0.1\nweight_service = 0.15\n", &c, &e), 0,
	       "weight_visit and weight_service load");
	ok(c.weight_visit == 0.1 && c.weight_service == 0.15, "and are read");
	scoring_conf_defaults(&c);
	ok(c.weight_visit == 0 && c.weight_service == 0, "both default to 0");

	/* The total: normalised by the weights of the parts a grid has. */
	{
		const double w[] = {0.6, 0.2, 0.2, 0.1, 0.1}, p[] = {80, 50, 100, 60, NAN};
		const double all[] = {80, 50, 100, 60, 90};

		ok(scoring_conf_total(w, p, 3) == 0.6 * 80 + 0.2 * 50 + 0.2 * 100,
		   "weights adding up to 1: the plain weighted sum");
		ok(fabs(scoring_conf_total(w, all, 5) - 93.0 / 1.2) < 1e-9,
		   "more weights: divided by their sum (93 / 1.2)");
		ok(fabs(scoring_conf_total(w, p, 5) - 84.0 / 1.1) < 1e-9,
		   "a part left out leaves its weight out too (84 / 1.1)");
		ok(isnan(scoring_conf_total(w, (const double[]){NAN, NAN}, 2)),
		   "nothing to weigh: NaN");
	}

	/* Grades: each band includes its lower bound. */
	scoring_conf_defaults(&c);
	is_str(scoring_conf_grade(&c, 100), "优秀", "100 is 优秀");
	is_str(scoring_conf_grade(&c, 90), "优秀", "90 is 优秀");
	is_str(scoring_conf_grade(&c, 89.99), "良好", "89.99 is 良好");
	is_str(scoring_conf_grade(&c, 80), "良好", "80 is 良好");
	is_str(scoring_conf_grade(&c, 79.99), "合格", "79.99 is 合格");
	is_str(scoring_conf_grade(&c, 60), "合格", "60 is 合格");
	is_str(scoring_conf_grade(&c, 59.99), "不合格", "59.99 is 不合格");
	is_str(scoring_conf_grade(&c, 0), "不合格", "0 is 不合格");
	c.grade_good = 70;
	is_str(scoring_conf_grade(&c, 75), "良好", "the bands come from the configuration");
	return tap_done();
}
