/* cycle_scorecard.c - the scorecard's parts from care and orders; see
 * cycle_scorecard.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "care/care_report.h"
#include "cycle/cycle_scorecard.h"
#include "domain/scoring_conf.h"
#include "request/request_catalogue.h"
#include "request/request_sla.h"
#include "tally/report.h"

/* The rates of one part per grid, as they are gathered. */
struct rates {
	char **grid;  /* owned codes */
	double *rate; /* in [0, 1], or NaN */
	size_t n, cap;
};

/* Add GRID's RATE to R. */
static int rates_add(struct rates *r, const char *grid, double rate, struct shequ_err *e)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		char **g = realloc(r->grid, cap * sizeof *g);
		double *v = g ? realloc(r->rate, cap * sizeof *v) : NULL;

		if (g)
			r->grid = g;
		if (!v)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		r->rate = v;
		r->cap = cap;
	}
	if (!(r->grid[r->n] = strdup(grid)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	r->rate[r->n++] = rate;
	return 0;
}

static void rates_free(struct rates *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->grid[i]);
	free(r->grid);
	free(r->rate);
}

/* A grid's visit rate (care_grid_rate_fn). */
static int visit_rate(void *ctx, const char *grid, long people, long visited, struct shequ_err *e)
{
	return rates_add(ctx, grid, (double)visited / (double)people, e);
}

/* A grid's service score (request_grid_fn): the mean of its on-time and
 * satisfaction rates, or the one of them that has anything to count. */
static int service_score(void *ctx, const char *grid, long in_time, long late, long satisfied,
			 long verdicts, struct shequ_err *e)
{
	double sum = 0;
	int n = 0;

	if (in_time + late)
		sum += (double)in_time / (double)(in_time + late), n++;
	if (verdicts)
		sum += (double)satisfied / (double)verdicts, n++;
	return n ? rates_add(ctx, grid, sum / n, e) : 0;
}

/* The visit rates of quarter P per grid into R. */
static int visit_rates(sqlite3 *db, const struct period *p, struct rates *r, struct shequ_err *e)
{
	struct care_conf c = {0};
	int rc = care_conf_load(&c, e);

	if (!rc)
		rc = care_visit_grid_rates(db, &c, p, visit_rate, r, e);
	care_conf_free(&c);
	return rc;
}

/* The service scores of quarter P per grid into R. */
static int service_scores(sqlite3 *db, const struct period *p, struct rates *r, struct shequ_err *e)
{
	struct request_catalogue c;
	int rc = request_catalogue_load(&c, e);

	if (rc)
		return rc;
	rc = request_sla_grids(db, &c, p, service_score, r, e);
	request_catalogue_free(&c);
	return rc;
}

/* Point part PT at the rates R. */
static void part_of(struct report_part *pt, const struct rates *r)
{
	pt->grid = (const char *const *)r->grid;
	pt->rate = r->rate;
	pt->n = r->n;
}

int cycle_scorecard_write(sqlite3 *db, const struct period *p, FILE *out, struct shequ_err *e)
{
	struct scoring_conf conf;
	struct rates visits = {0}, service = {0};
	struct report_part parts[] = {{.column = "visit_rate"}, {.column = "service_score"}};
	int rc = scoring_conf_load(&conf, e);

	/* Each part is worked out only when it weighs: with both weights 0
	 * the scorecard is the tally's alone, as it always was. */
	parts[0].weight = conf.weight_visit;
	parts[1].weight = conf.weight_service;
	if (!rc && conf.weight_visit > 0 && !(rc = visit_rates(db, p, &visits, e)))
		part_of(&parts[0], &visits);
	if (!rc && conf.weight_service > 0 && !(rc = service_scores(db, p, &service, e)))
		part_of(&parts[1], &service);
	if (!rc)
		rc = report_write_quarterly(db, p, parts, 2, out, e);
	rates_free(&visits);
	rates_free(&service);
	return rc;
}
