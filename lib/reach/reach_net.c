/* reach_net.c - the walking network; see reach_net.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvin.h"
#include "reach/reach_geo.h"
#include "reach/reach_net.h"

struct reach_net {
	int lonlat;
	size_t nn;
	char **id; /* node ids */
	double *x, *y;
	size_t *sorted; /* node indexes in id order */
	size_t ne;
	size_t *from, *to;
	double *len;
	size_t *adj_start, *adj_to; /* both directions, CSR */
	double *adj_len;
	struct reach_index *ix;
};

/* Reading one of the two files. */
struct netfile {
	struct reach_net *n;
	const char *path;
	reach_report_fn *report;
	long bad;
	char **head; /* the header's cells */
	size_t nhead;
};

static void bad_cell(struct netfile *f, long line, long col, const char *fmt, const char *v)
{
	char reason[512];

	snprintf(reason, sizeof reason, fmt, v);
	f->bad++;
	if (f->report)
		f->report(NULL, f->path, line, col >= 0 ? f->head[col] : NULL, reason);
}

static const struct reach_net *sort_net;

static int id_cmp(const void *a, const void *b)
{
	return strcmp(sort_net->id[*(const size_t *)a], sort_net->id[*(const size_t *)b]);
}

/* The node with id S, or -1. */
static long node_at(const struct reach_net *n, const char *s)
{
	size_t lo = 0, hi = n->nn;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(n->id[n->sorted[mid]], s);

		if (!c)
			return (long)n->sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* A number from S: 1 when given, 0 when empty, -1 when bad. */
static int num(const char *s, double *v)
{
	char *end;

	if (!*s)
		return 0;
	errno = 0;
	*v = strtod(s, &end);
	return (*end || errno || !isfinite(*v)) ? -1 : 1;
}

/* Grow three parallel arrays to hold N + 1 entries. */
static int grow3(void **a, void **b, void **c, size_t sa, size_t sb, size_t sc, size_t n)
{
	void *p;

	if (n & (n + 1) && n) /* grow only at 0, 1, 3, 7, ...: doubling */
		return 0;
	if (!(p = realloc(*a, (2 * n + 2) * sa)))
		return -1;
	*a = p;
	if (!(p = realloc(*b, (2 * n + 2) * sb)))
		return -1;
	*b = p;
	if (!(p = realloc(*c, (2 * n + 2) * sc)))
		return -1;
	*c = p;
	return 0;
}

/* The columns NAMES (2 or 3 alternatives joined by '|' each) of the
 * header ROW into COL; -1 for a missing one. */
static void find_cols(const struct csvin_row *row, const char *const *names, size_t n, long *col)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char alt[64];
		const char *s = names[i];

		col[i] = -1;
		while (*s && col[i] < 0) {
			size_t l = strcspn(s, "|");

			snprintf(alt, sizeof alt, "%.*s", (int)l, s);
			col[i] = csv_header_find(row->fields, row->nfields, alt);
			s += l + (s[l] == '|');
		}
	}
}

/* Field COL of ROW, "" when missing. */
static const char *field(const struct csvin_row *row, long col)
{
	return col >= 0 && (size_t)col < row->nfields ? row->fields[col] : "";
}

/* One node row. */
static int node_row(struct netfile *f, const struct csvin_row *row, const long *col)
{
	struct reach_net *n = f->n;
	double x = 0, y = 0;
	int gx = num(field(row, col[1]), &x), gy = num(field(row, col[2]), &y);

	if (!*field(row, col[0]))
		return bad_cell(f, row->line, col[0], "empty%s", ""), 0;
	if (gx <= 0 || gy <= 0)
		return bad_cell(f, row->line, gx <= 0 ? col[1] : col[2], "'%s' is not a number",
				field(row, gx <= 0 ? col[1] : col[2])),
		       0;
	if (grow3((void **)&n->id, (void **)&n->x, (void **)&n->y, sizeof *n->id, sizeof *n->x,
		  sizeof *n->y, n->nn) ||
	    !(n->id[n->nn] = strdup(field(row, col[0]))))
		return -1;
	n->x[n->nn] = x;
	n->y[n->nn++] = y;
	return 0;
}

/* One edge row. */
static int edge_row(struct netfile *f, const struct csvin_row *row, const long *col)
{
	struct reach_net *n = f->n;
	long a = node_at(n, field(row, col[0])), b = node_at(n, field(row, col[1]));
	double len;
	int g = num(field(row, col[2]), &len);

	if (a < 0 || b < 0)
		return bad_cell(f, row->line, a < 0 ? col[0] : col[1], "unknown node '%s'",
				field(row, a < 0 ? col[0] : col[1])),
		       0;
	if (g < 0)
		return bad_cell(f, row->line, col[2], "'%s' is not a number", field(row, col[2])),
		       0;
	if (g && len < 0)
		return bad_cell(f, row->line, col[2], "negative: %s", field(row, col[2])), 0;
	if (!g)
		len = reach_distance(n->lonlat, n->x[a], n->y[a], n->x[b], n->y[b]);
	if (grow3((void **)&n->from, (void **)&n->to, (void **)&n->len, sizeof *n->from,
		  sizeof *n->to, sizeof *n->len, n->ne))
		return -1;
	n->from[n->ne] = (size_t)a;
	n->to[n->ne] = (size_t)b;
	n->len[n->ne++] = len;
	return 0;
}

/* Copy the header ROW into F, for the column names of messages. */
static int keep_head(struct netfile *f, const struct csvin_row *row)
{
	size_t i;

	if (!(f->head = calloc(row->nfields + 1, sizeof *f->head)))
		return -1;
	f->nhead = row->nfields;
	for (i = 0; i < row->nfields; i++)
		if (!(f->head[i] = strdup(row->fields[i])))
			return -1;
	return 0;
}

/* Read PATH row by row through ROWFN, columns NAMES. */
static int read_file(struct netfile *f, const char *const *names,
		     int (*rowfn)(struct netfile *, const struct csvin_row *, const long *),
		     struct shequ_err *e)
{
	struct csvin *r = csvin_open(f->path, NULL, e);
	struct csvin_row *row;
	long col[3];
	size_t i;
	int rc;

	if (!r)
		return e->code;
	if (!(rc = csvin_next(r, &row, e)) && !row)
		rc = shequ_err_set(e, EX_DATAERR, "%s: empty file: a header is needed", f->path);
	if (!rc) {
		find_cols(row, names, 3, col);
		if (col[0] < 0 || col[1] < 0 || (col[2] < 0 && rowfn == node_row))
			rc = shequ_err_set(e, EX_DATAERR, "%s:1: the header needs %s, %s and %s",
					   f->path, names[0], names[1], names[2]);
		else if (keep_head(f, row))
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	while (!rc && !(rc = csvin_next(r, &row, e)) && row)
		if (rowfn(f, row, col))
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	csvin_close(r);
	for (i = 0; f->head && i < f->nhead; i++)
		free(f->head[i]);
	free(f->head);
	f->head = NULL;
	return rc;
}

/* Both directions of every edge, node by node (CSR), and the index of
 * the nodes for snapping. */
static int build(struct reach_net *n)
{
	size_t i, *pos;

	n->adj_start = calloc(n->nn + 1, sizeof *n->adj_start);
	n->adj_to = malloc((2 * n->ne + 1) * sizeof *n->adj_to);
	n->adj_len = malloc((2 * n->ne + 1) * sizeof *n->adj_len);
	pos = calloc(n->nn + 1, sizeof *pos);
	if (!n->adj_start || !n->adj_to || !n->adj_len || !pos)
		return free(pos), -1;
	for (i = 0; i < n->ne; i++) {
		n->adj_start[n->from[i] + 1]++;
		n->adj_start[n->to[i] + 1]++;
	}
	for (i = 0; i < n->nn; i++)
		pos[i + 1] = n->adj_start[i + 1] += n->adj_start[i];
	for (i = 0; i < n->ne; i++) {
		size_t a = n->from[i], b = n->to[i];

		n->adj_to[pos[a]] = b;
		n->adj_len[pos[a]++] = n->len[i];
		n->adj_to[pos[b]] = a;
		n->adj_len[pos[b]++] = n->len[i];
	}
	free(pos);
	n->ix = reach_index_new(n->lonlat, n->x, n->y, n->nn, n->x[0], n->y[0]);
	return n->ix ? 0 : -1;
}

/* Sort the node ids for node_at(). */
static int sort_ids(struct reach_net *n)
{
	size_t i;

	if (!(n->sorted = malloc((n->nn + 1) * sizeof *n->sorted)))
		return -1;
	for (i = 0; i < n->nn; i++)
		n->sorted[i] = i;
	sort_net = n;
	qsort(n->sorted, n->nn, sizeof *n->sorted, id_cmp);
	return 0;
}

int reach_net_load(const char *nodes, const char *edges, int lonlat, reach_report_fn *report,
		   struct reach_net **out, struct shequ_err *e)
{
	static const char *const node_cols[] = {"id", "x|lon|longitude|经度",
						"y|lat|latitude|纬度"};
	static const char *const edge_cols[] = {"from", "to", "length|长度"};
	struct reach_net *n = calloc(1, sizeof *n);
	struct netfile f = {.n = n, .path = nodes, .report = report};
	int rc;

	*out = NULL;
	if (!n)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	n->lonlat = lonlat;
	rc = read_file(&f, node_cols, node_row, e);
	if (!rc && !n->nn)
		rc = shequ_err_set(e, EX_DATAERR, "%s: no nodes", nodes);
	if (!rc && sort_ids(n))
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	f.path = edges;
	if (!rc)
		rc = read_file(&f, edge_cols, edge_row, e);
	if (!rc && f.bad)
		rc = EX_DATAERR;
	if (!rc && build(n))
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (rc)
		reach_net_free(n);
	else
		*out = n;
	return rc;
}

void reach_net_free(struct reach_net *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nn; i++)
		free(n->id[i]);
	free(n->id);
	free(n->x);
	free(n->y);
	free(n->sorted);
	free(n->from);
	free(n->to);
	free(n->len);
	free(n->adj_start);
	free(n->adj_to);
	free(n->adj_len);
	reach_index_free(n->ix);
	free(n);
}

/* A binary heap of (distance, node), entries may be stale. */
struct heap {
	double *d;
	size_t *v;
	size_t n;
};

static void heap_push(struct heap *h, double d, size_t v)
{
	size_t i = h->n++;

	while (i && h->d[(i - 1) / 2] > d) {
		h->d[i] = h->d[(i - 1) / 2];
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->d[i] = d;
	h->v[i] = v;
}

static void heap_pop(struct heap *h, double *d, size_t *v)
{
	double last = h->d[--h->n];
	size_t lv = h->v[h->n], i = 0, c;

	*d = h->d[0];
	*v = h->v[0];
	while ((c = 2 * i + 1) < h->n) {
		if (c + 1 < h->n && h->d[c + 1] < h->d[c])
			c++;
		if (h->d[c] >= last)
			break;
		h->d[i] = h->d[c];
		h->v[i] = h->v[c];
		i = c;
	}
	h->d[i] = last;
	h->v[i] = lv;
}

/* Dijkstra from every node in H at once: DIST and SRC (the facility the
 * shortest walk starts at) for every node. */
static void dijkstra(const struct reach_net *n, struct heap *h, double *dist, long *src)
{
	double d;
	size_t v, k;

	while (h->n) {
		heap_pop(h, &d, &v);
		if (d > dist[v])
			continue;
		for (k = n->adj_start[v]; k < n->adj_start[v + 1]; k++) {
			size_t u = n->adj_to[k];
			double nd = d + n->adj_len[k];

			if (nd < dist[u]) {
				dist[u] = nd;
				src[u] = src[v];
				heap_push(h, nd, u);
			}
		}
	}
}

/* The work space of one kind. */
struct walk {
	double *dist, *fsnap, *bsnap;
	long *src;
	size_t *fnode, *bnode;
	struct heap h;
};

/* Column K of R: every facility of kind K a source, then each building's
 * walk from its node. */
static void walk_kind(const struct reach_net *n, const struct reach_world *w, size_t k,
		      struct walk *s, struct reach_result *r, long *unreachable)
{
	size_t i;

	for (i = 0; i < n->nn; i++) {
		s->dist[i] = INFINITY;
		s->src[i] = -1;
	}
	s->h.n = 0;
	r->nfac[k] = 0;
	for (i = 0; i < w->nf; i++) {
		if ((size_t)w->f[i].kind != k)
			continue;
		r->nfac[k]++;
		if (s->fsnap[i] < s->dist[s->fnode[i]]) {
			s->dist[s->fnode[i]] = s->fsnap[i];
			s->src[s->fnode[i]] = (long)i;
			heap_push(&s->h, s->fsnap[i], s->fnode[i]);
		}
	}
	dijkstra(n, &s->h, s->dist, s->src);
	for (i = 0; i < w->nb; i++) {
		size_t c = i * r->nk + k;

		if (!w->b[i].has_xy || !isfinite(s->dist[s->bnode[i]]))
			continue;
		r->near[c] = s->src[s->bnode[i]];
		r->metres[c] = s->dist[s->bnode[i]] + s->bsnap[i];
	}
	for (i = 0; r->nfac[k] && i < w->nb; i++)
		unreachable[k] +=
		    w->b[i].has_xy && w->b[i].cnt[RG_RESIDENTS] && r->near[i * r->nk + k] < 0;
}

/* Snap the N points (XS, YS) to their nearest nodes. */
static void snap(const struct reach_net *n, size_t count, const double *xs, const double *ys,
		 size_t *node, double *metres)
{
	size_t i;

	for (i = 0; i < count; i++) {
		long v = reach_index_nearest(n->ix, xs[i], ys[i], &metres[i]);

		node[i] = v < 0 ? 0 : (size_t)v;
	}
}

/* Snap every facility and every building with coordinates. */
static void snap_all(const struct reach_net *n, const struct reach_world *w, struct walk *s)
{
	size_t i;

	for (i = 0; i < w->nf; i++) {
		snap(n, 1, &w->f[i].x, &w->f[i].y, &s->fnode[i], &s->fsnap[i]);
	}
	for (i = 0; i < w->nb; i++) {
		s->bnode[i] = 0;
		s->bsnap[i] = INFINITY;
		if (w->b[i].has_xy)
			snap(n, 1, &w->b[i].x, &w->b[i].y, &s->bnode[i], &s->bsnap[i]);
	}
}

static void walk_free(struct walk *s)
{
	free(s->dist);
	free(s->fsnap);
	free(s->bsnap);
	free(s->src);
	free(s->fnode);
	free(s->bnode);
	free(s->h.d);
	free(s->h.v);
}

int reach_net_compute(const struct reach_net *n, const struct reach_world *w, size_t nkinds,
		      struct reach_result *r, long *unreachable, struct shequ_err *e)
{
	size_t i, cells = w->nb * nkinds, hcap = 2 * n->ne + w->nf + 1;
	struct walk s = {0};

	memset(r, 0, sizeof *r);
	r->nk = nkinds;
	r->near = malloc((cells + 1) * sizeof *r->near);
	r->metres = malloc((cells + 1) * sizeof *r->metres);
	r->nfac = calloc(nkinds + 1, sizeof *r->nfac);
	s.dist = malloc((n->nn + 1) * sizeof *s.dist);
	s.src = malloc((n->nn + 1) * sizeof *s.src);
	s.fsnap = malloc((w->nf + 1) * sizeof *s.fsnap);
	s.fnode = malloc((w->nf + 1) * sizeof *s.fnode);
	s.bsnap = malloc((w->nb + 1) * sizeof *s.bsnap);
	s.bnode = malloc((w->nb + 1) * sizeof *s.bnode);
	s.h.d = malloc(hcap * sizeof *s.h.d);
	s.h.v = malloc(hcap * sizeof *s.h.v);
	if (!r->near || !r->metres || !r->nfac || !s.dist || !s.src || !s.fsnap || !s.fnode ||
	    !s.bsnap || !s.bnode || !s.h.d || !s.h.v) {
		walk_free(&s);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	for (i = 0; i < cells; i++) {
		r->near[i] = -1;
		r->metres[i] = INFINITY;
	}
	snap_all(n, w, &s);
	for (i = 0; i < nkinds; i++)
		walk_kind(n, w, i, &s, r, unreachable);
	walk_free(&s);
	return 0;
}
