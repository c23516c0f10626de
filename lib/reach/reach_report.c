/* reach_report.c - the CSV reports of shequ-reach; see reach_report.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/natural.h"
#include "reach/reach_geo.h"
#include "reach/reach_report.h"

int reach_view_has(const struct reach_view *v, size_t k)
{
	return v->kind >= 0 ? k == (size_t)v->kind : v->r->nfac[k] > 0;
}

/* Close W and turn a write error into EX_IOERR. */
static int finish(struct csvout *w, struct shequ_err *e)
{
	int err = csvout_errno(w);

	if (csvout_close(w) || err)
		return shequ_err_set(e, EX_IOERR, "writing the report: %s",
				     strerror(err ? err : EIO));
	return 0;
}

/* A header row of the comma-separated NAMES. */
static void header(struct csvout *w, const char *names)
{
	const char *s = names;
	size_t n;

	while (*s) {
		n = strcspn(s, ",");
		csvout_fieldn(w, s, n);
		s += n + (s[n] == ',');
	}
	csvout_end_row(w);
}

/* The period cell every report row begins with: the day the report is
 * about (ages are taken on it), so that a workbook can be titled by it. */
static void period_cell(struct csvout *w, const struct reach_view *v)
{
	int y = v->p->year, m = v->p->month, d = v->p->day;
	char day[10] = {(char)('0' + y / 1000 % 10),
			(char)('0' + y / 100 % 10),
			(char)('0' + y / 10 % 10),
			(char)('0' + y % 10),
			'-',
			(char)('0' + m / 10),
			(char)('0' + m % 10),
			'-',
			(char)('0' + d / 10),
			(char)('0' + d % 10)};

	/* Spelt out, not printed: it begins every one of a city's rows. */
	csvout_fieldn(w, day, sizeof day);
}

int reach_report_kinds(const struct reach_catalogue *c, FILE *out, struct shequ_err *e)
{
	struct csvout *w = csvout_new(out, 0);
	size_t k;

	if (!w)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	header(w, "code,name,minutes,serves");
	for (k = 0; k < c->n; k++) {
		csvout_field(w, c->kind[k].code);
		csvout_field(w, c->kind[k].name);
		csvout_int(w, c->kind[k].minutes);
		csvout_field(w, reach_group_names[c->kind[k].serves]);
		csvout_end_row(w);
	}
	return finish(w, e);
}

/* Write V with DECIMALS (0 or 1) decimals as csvout_num does: a city's
 * half a million rows are formatted here without printf, which would
 * cost more than finding the facilities.  V times ten is rounded to the
 * nearest, ties to even, like printf's rounding of V itself whenever the
 * product is not within a hair of a tie; then, and for anything unusual,
 * csvout_num decides. */
static void num_cell(struct csvout *w, double v, int decimals)
{
	char tmp[32], *p = tmp + sizeof tmp;
	double scaled = decimals ? v * 10 : v, t = nearbyint(scaled);
	unsigned long long u;

	if (!(v >= 0 && v < 1e12) || decimals < 0 || decimals > 1 ||
	    fabs(fabs(scaled - t) - 0.5) < 1e-6) {
		csvout_num(w, v, decimals);
		return;
	}
	u = (unsigned long long)t;
	if (decimals) {
		*--p = (char)('0' + u % 10);
		*--p = '.';
		u /= 10;
	}
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	csvout_fieldn(w, p, (size_t)(tmp + sizeof tmp - p));
}

/* The minutes and the tier of building B and kind K, or empty cells. */
static void minutes_cells(struct csvout *w, const struct reach_view *v, size_t b, size_t k)
{
	size_t i = b * v->r->nk + k;

	if (v->r->near[i] < 0)
		csvout_null(w);
	else
		num_cell(w, reach_minutes(v->p, v->r->metres[i]), 1);
	csvout_int(w, v->c->kind[k].minutes);
}

int reach_report_buildings(const struct reach_view *v, FILE *out, struct shequ_err *e)
{
	struct csvout *w = csvout_new(out, 0);
	size_t b, k;

	if (!w)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	header(w, "period,compound,building,grid,households,residents,kind,facility,metres,minutes,"
		  "tier,inside");
	for (b = 0; b < v->w->nb; b++) {
		const struct reach_building *bd = &v->w->b[b];

		for (k = 0; k < v->c->n && bd->cnt[RG_RESIDENTS]; k++) {
			long f = v->r->near[b * v->r->nk + k];

			if (!reach_view_has(v, k))
				continue;
			period_cell(w, v);
			csvout_field(w, bd->compound);
			csvout_field(w, bd->name);
			csvout_field(w, bd->grid);
			csvout_int(w, bd->cnt[RG_HOUSEHOLDS]);
			csvout_int(w, bd->cnt[RG_RESIDENTS]);
			csvout_field(w, v->c->kind[k].code);
			csvout_field(w, f < 0 ? "" : v->w->f[f].name);
			if (f < 0)
				csvout_null(w);
			else
				num_cell(w, v->r->metres[b * v->r->nk + k] * v->p->detour, 0);
			minutes_cells(w, v, b, k);
			csvout_field(w, reach_inside(v->w, v->c, v->p, v->r, b, k) ? "yes" : "no");
			csvout_end_row(w);
		}
	}
	return finish(w, e);
}

static int grid_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	/* People in no grid come last. */
	if (!*x || !*y)
		return !*x - !*y;
	return natural_strcmp(x, y);
}

/* The distinct grid codes of the parts, sorted; *N of them.  NULL when
 * out of memory. */
static const char **grid_list(const struct reach_world *w, size_t *n)
{
	const char **g = malloc((w->np + 1) * sizeof *g);
	size_t i, j;

	*n = 0;
	for (i = 0; g && i < w->np; i++)
		g[(*n)++] = w->p[i].grid;
	if (!g)
		return NULL;
	qsort(g, *n, sizeof *g, grid_cmp);
	for (i = j = 0; i < *n; i++)
		if (!j || strcmp(g[j - 1], g[i]))
			g[j++] = g[i];
	*n = j;
	return g;
}

/* The rows of kind K for grid G (NULL: the whole community, "all"). */
static void coverage_rows(struct csvout *w, const struct reach_view *v, size_t k, const char *g)
{
	long in[RG_N] = {0}, total[RG_N] = {0};
	size_t i, q;

	for (i = 0; i < v->w->np; i++) {
		const struct reach_part *p = &v->w->p[i];
		int inside = reach_inside(v->w, v->c, v->p, v->r, p->building, k);

		if (g && strcmp(p->grid, g))
			continue;
		for (q = 0; q < RG_N; q++) {
			total[q] += p->cnt[q];
			in[q] += inside ? p->cnt[q] : 0;
		}
	}
	for (q = 0; q < RG_N; q++) {
		period_cell(w, v);
		csvout_field(w, v->c->kind[k].code);
		csvout_field(w, g ? g : "all");
		csvout_field(w, reach_group_names[q]);
		csvout_int(w, in[q]);
		csvout_int(w, total[q]);
		if (total[q])
			csvout_num(w, 100.0 * (double)in[q] / (double)total[q], 1);
		else
			csvout_null(w);
		csvout_end_row(w);
	}
}

int reach_report_coverage(const struct reach_view *v, FILE *out, struct shequ_err *e)
{
	struct csvout *w = csvout_new(out, 0);
	size_t n, i, k;
	const char **grids = grid_list(v->w, &n);

	if (!w || !grids) {
		free(grids);
		csvout_close(w);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	header(w, "period,kind,grid,group,inside,counted,percent");
	for (k = 0; k < v->c->n; k++) {
		if (!reach_view_has(v, k))
			continue;
		for (i = 0; i < n; i++)
			coverage_rows(w, v, k, grids[i]);
		coverage_rows(w, v, k, NULL);
	}
	free(grids);
	return finish(w, e);
}

/* Sorting the gaps of one kind: most people of its group first. */
struct gap_order {
	const struct reach_world *w;
	int serves;
};
static struct gap_order gap_order;

static int gap_cmp(const void *a, const void *b)
{
	const struct reach_building *x = &gap_order.w->b[*(const size_t *)a];
	const struct reach_building *y = &gap_order.w->b[*(const size_t *)b];
	long dx = x->cnt[gap_order.serves], dy = y->cnt[gap_order.serves];

	if (dx != dy)
		return dx < dy ? 1 : -1;
	if (x->cnt[RG_RESIDENTS] != y->cnt[RG_RESIDENTS])
		return x->cnt[RG_RESIDENTS] < y->cnt[RG_RESIDENTS] ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* One gap row: building B, outside kind K's tier. */
static void gap_row(struct csvout *w, const struct reach_view *v, size_t b, size_t k)
{
	const struct reach_building *bd = &v->w->b[b];
	size_t q;

	period_cell(w, v);
	csvout_field(w, v->c->kind[k].code);
	csvout_field(w, reach_group_names[v->c->kind[k].serves]);
	csvout_field(w, bd->compound);
	csvout_field(w, bd->name);
	csvout_field(w, bd->grid);
	minutes_cells(w, v, b, k);
	csvout_int(w, bd->cnt[v->c->kind[k].serves]);
	for (q = 0; q < RG_N; q++)
		csvout_int(w, bd->cnt[q]);
	csvout_end_row(w);
}

int reach_report_gaps(const struct reach_view *v, FILE *out, struct shequ_err *e)
{
	struct csvout *w = csvout_new(out, 0);
	size_t *order = malloc((v->w->nb + 1) * sizeof *order), n, b, k, i;

	if (!w || !order) {
		free(order);
		csvout_close(w);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	header(w, "period,kind,serves,compound,building,grid,minutes,tier,affected,households,"
		  "residents,age60,age80,alone,under3,age3_6");
	for (k = 0; k < v->c->n; k++) {
		if (!reach_view_has(v, k))
			continue;
		for (b = n = 0; b < v->w->nb; b++)
			if (v->w->b[b].cnt[RG_RESIDENTS] &&
			    !reach_inside(v->w, v->c, v->p, v->r, b, k))
				order[n++] = b;
		gap_order = (struct gap_order){v->w, v->c->kind[k].serves};
		qsort(order, n, sizeof *order, gap_cmp);
		for (i = 0; i < n; i++)
			gap_row(w, v, order[i], k);
	}
	free(order);
	return finish(w, e);
}

/* A candidate site and what it would bring inside the tier. */
struct site {
	size_t b;
	long people, buildings, households;
};

/* The uncovered buildings of one kind, indexed. */
struct uncovered {
	const struct reach_world *w;
	size_t *b; /* building of each point */
	double *x, *y;
	size_t n;
	int serves;
	struct site *acc; /* the site being summed */
};

/* Add uncovered point I to the site being summed (reach_index_within). */
static void add_uncovered(void *ctx, size_t i, double metres)
{
	struct uncovered *u = ctx;
	const struct reach_building *bd = &u->w->b[u->b[i]];

	(void)metres;
	u->acc->people += bd->cnt[u->serves];
	u->acc->households += bd->cnt[RG_HOUSEHOLDS];
	u->acc->buildings++;
}

static int site_cmp(const void *a, const void *b)
{
	const struct site *x = a, *y = b;

	if (x->people != y->people)
		return x->people < y->people ? 1 : -1;
	if (x->households != y->households)
		return x->households < y->households ? 1 : -1;
	return x->b < y->b ? -1 : x->b > y->b;
}

/* Sum, for every building with coordinates as a site of kind K, the
 * uncovered people it would bring inside; the sites in *SITES, best first. */
static size_t rank_sites(const struct reach_view *v, size_t k, struct uncovered *u,
			 struct site *sites)
{
	double radius = reach_tier_metres(v->p, v->c->kind[k].minutes) + 1e-9;
	struct reach_index *ix;
	size_t b, n = 0;

	for (b = u->n = 0; b < v->w->nb; b++)
		if (v->w->b[b].has_xy && v->w->b[b].cnt[RG_RESIDENTS] &&
		    !reach_inside(v->w, v->c, v->p, v->r, b, k)) {
			u->b[u->n] = b;
			u->x[u->n] = v->w->b[b].x;
			u->y[u->n++] = v->w->b[b].y;
		}
	ix =
	    reach_index_new(v->w->lonlat, u->x, u->y, u->n, u->n ? u->x[0] : 0, u->n ? u->y[0] : 0);
	for (b = 0; ix && b < v->w->nb; b++) {
		if (!v->w->b[b].has_xy)
			continue;
		sites[n] = (struct site){.b = b};
		u->acc = &sites[n];
		reach_index_within(ix, v->w->b[b].x, v->w->b[b].y, radius, add_uncovered, u);
		n += sites[n].people > 0;
	}
	reach_index_free(ix);
	qsort(sites, n, sizeof *sites, site_cmp);
	return n;
}

/* The TOP sites of kind K. */
static void site_rows(struct csvout *w, const struct reach_view *v, size_t k, int top,
		      struct uncovered *u, struct site *sites)
{
	size_t n, i;

	u->serves = v->c->kind[k].serves;
	n = rank_sites(v, k, u, sites);
	for (i = 0; i < n && i < (size_t)top; i++) {
		const struct reach_building *bd = &v->w->b[sites[i].b];

		period_cell(w, v);
		csvout_field(w, v->c->kind[k].code);
		csvout_int(w, (long long)i + 1);
		csvout_field(w, bd->compound);
		csvout_field(w, bd->name);
		csvout_field(w, bd->grid);
		csvout_int(w, sites[i].people);
		csvout_int(w, sites[i].buildings);
		csvout_int(w, sites[i].households);
		csvout_end_row(w);
	}
}

int reach_report_site(const struct reach_view *v, int top, FILE *out, struct shequ_err *e)
{
	size_t nb = v->w->nb + 1, k;
	struct uncovered u = {.w = v->w};
	struct site *sites = malloc(nb * sizeof *sites);
	struct csvout *w = csvout_new(out, 0);
	int rc = 0;

	u.b = malloc(nb * sizeof *u.b);
	u.x = malloc(nb * sizeof *u.x);
	u.y = malloc(nb * sizeof *u.y);
	if (!w || !sites || !u.b || !u.x || !u.y)
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc) {
		header(w,
		       "period,kind,rank,compound,building,grid,gained,building_count,households");
		for (k = 0; k < v->c->n; k++)
			if (reach_view_has(v, k))
				site_rows(w, v, k, top, &u, sites);
	}
	free(sites);
	free(u.b);
	free(u.x);
	free(u.y);
	if (rc) {
		csvout_close(w);
		return rc;
	}
	return finish(w, e);
}

/* What one facility's catchment holds. */
struct catchment {
	long buildings, households, residents, served, inside;
};

/* Sum every building with residents into the catchment of the nearest
 * facility of each kind the view covers: one pass, not one per facility. */
static void sum_catchments(const struct reach_view *v, struct catchment *c)
{
	size_t b, k;

	for (b = 0; b < v->w->nb; b++) {
		const struct reach_building *bd = &v->w->b[b];

		for (k = 0; k < v->c->n && bd->cnt[RG_RESIDENTS]; k++) {
			long f = v->r->near[b * v->r->nk + k];
			int serves = v->c->kind[k].serves;

			if (f < 0 || !reach_view_has(v, k))
				continue;
			c[f].buildings++;
			c[f].households += bd->cnt[RG_HOUSEHOLDS];
			c[f].residents += bd->cnt[RG_RESIDENTS];
			c[f].served += bd->cnt[serves];
			if (reach_inside(v->w, v->c, v->p, v->r, b, k))
				c[f].inside += bd->cnt[serves];
		}
	}
}

/* One load row: facility F and its catchment C. */
static void load_row(struct csvout *w, const struct reach_view *v, size_t f,
		     const struct catchment *c)
{
	const struct reach_facility *fa = &v->w->f[f];

	period_cell(w, v);
	csvout_field(w, v->c->kind[fa->kind].code);
	csvout_field(w, fa->name);
	if (fa->capacity >= 0)
		csvout_int(w, fa->capacity);
	else
		csvout_null(w);
	csvout_int(w, c->buildings);
	csvout_int(w, c->households);
	csvout_int(w, c->residents);
	csvout_int(w, c->served);
	csvout_int(w, c->inside);
	if (fa->capacity > 0)
		csvout_num(w, 100.0 * (double)c->served / (double)fa->capacity, 1);
	else
		csvout_null(w);
	csvout_end_row(w);
}

int reach_report_load(const struct reach_view *v, FILE *out, struct shequ_err *e)
{
	struct csvout *w = csvout_new(out, 0);
	struct catchment *c = calloc(v->w->nf + 1, sizeof *c);
	size_t k, f;

	if (!w || !c) {
		free(c);
		csvout_close(w);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	sum_catchments(v, c);
	header(w, "period,kind,facility,capacity,building_count,households,residents,"
		  "catchment_people,catchment_inside,load_percent");
	for (k = 0; k < v->c->n; k++)
		for (f = 0; f < v->w->nf && reach_view_has(v, k); f++)
			if ((size_t)v->w->f[f].kind == k)
				load_row(w, v, f, &c[f]);
	free(c);
	return finish(w, e);
}
