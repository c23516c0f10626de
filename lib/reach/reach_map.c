/* reach_map.c - the SVG map of one kind; see reach_map.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reach/reach_geo.h"
#include "reach/reach_map.h"

/* The page in tenths of a millimetre: A4 landscape, the map on the left,
 * the legend on the right. */
#define PAGE_W 2970
#define PAGE_H 2100
#define MAP_X 100
#define MAP_Y 230
#define MAP_W 2100
#define MAP_H 1770
#define LEGEND_X 2300

static const char *const colours[] = {"#1a9850", "#f39c12", "#d73027", "#9e9e9e"};
static const char *const colour_names[] = {
    "在步行圈内 inside the tier", "超出, 两倍以内 up to twice the tier",
    "超出两倍以上 beyond twice the tier", "无设施或无坐标 no facility or position"};

/* How the world is laid on the page. */
struct frame {
	double x0, y0, s; /* plane origin, page units per metre */
	double minx, maxy;
	int lonlat;
	double lon0, lat0;
};

/* Point (X, Y) on the local plane, in metres. */
static void plane(const struct frame *fr, double x, double y, double *px, double *py)
{
	if (!fr->lonlat) {
		*px = x;
		*py = y;
		return;
	}
	*px = REACH_EARTH_RADIUS * (x - fr->lon0) * (M_PI / 180) * cos(fr->lat0 * M_PI / 180);
	*py = REACH_EARTH_RADIUS * (y - fr->lat0) * (M_PI / 180);
}

/* Point (X, Y) on the page. */
static void page(const struct frame *fr, double x, double y, double *px, double *py)
{
	plane(fr, x, y, px, py);
	*px = MAP_X + (*px - fr->minx) * fr->s;
	*py = MAP_Y + (fr->maxy - *py) * fr->s;
}

/* Widen the extent E (min x, min y, max x, max y) by point (X, Y). */
static void extend(const struct frame *fr, double *e, double x, double y)
{
	double px, py;

	plane(fr, x, y, &px, &py);
	e[0] = fmin(e[0], px);
	e[1] = fmin(e[1], py);
	e[2] = fmax(e[2], px);
	e[3] = fmax(e[3], py);
}

/* Widen the extent E by facility F of kind K and its tier's circle. */
static void extend_tier(const struct reach_view *v, const struct frame *fr, double *e, size_t f)
{
	double r = reach_tier_metres(v->p, v->c->kind[v->w->f[f].kind].minutes), px, py;

	plane(fr, v->w->f[f].x, v->w->f[f].y, &px, &py);
	e[0] = fmin(e[0], px - r);
	e[1] = fmin(e[1], py - r);
	e[2] = fmax(e[2], px + r);
	e[3] = fmax(e[3], py + r);
}

/* Fit the buildings, the facilities of kind K and their tiers onto the
 * map area, in the middle of it. */
static void fit(const struct reach_view *v, size_t k, struct frame *fr)
{
	double e[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY}, w, h, pad;
	size_t i;
	int got = 0;

	memset(fr, 0, sizeof *fr);
	fr->lonlat = v->w->lonlat;
	for (i = 0; i < v->w->nf; i++)
		if (!got && (size_t)v->w->f[i].kind == k) {
			fr->lon0 = v->w->f[i].x;
			fr->lat0 = v->w->f[i].y;
			got = 1;
		}
	for (i = 0; i < v->w->nb; i++)
		if (v->w->b[i].has_xy)
			extend(fr, e, v->w->b[i].x, v->w->b[i].y);
	for (i = 0; i < v->w->nf; i++)
		if ((size_t)v->w->f[i].kind == k)
			extend_tier(v, fr, e, i);
	if (!isfinite(e[0]))
		e[0] = e[1] = e[2] = e[3] = 0;
	w = fmax(e[2] - e[0], 100);
	h = fmax(e[3] - e[1], 100);
	pad = 0.04 * fmax(w, h);
	fr->s = fmin(MAP_W / (w + 2 * pad), MAP_H / (h + 2 * pad));
	fr->minx = e[0] - pad - (MAP_W / fr->s - w - 2 * pad) / 2;
	fr->maxy = e[3] + pad + (MAP_H / fr->s - h - 2 * pad) / 2;
}

/* S with &, <, > and " escaped, into OUT. */
static void esc(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '"')
			fputs("&quot;", out);
		else
			fputc(*s, out);
	}
}

/* The colour class of building B for kind K: 0 inside .. 3 unknown. */
static int colour_of(const struct reach_view *v, size_t b, size_t k)
{
	size_t i = b * v->r->nk + k;
	double m;

	if (v->r->near[i] < 0)
		return 3;
	m = reach_minutes(v->p, v->r->metres[i]);
	if (m <= v->c->kind[k].minutes + 1e-9)
		return 0;
	return m <= 2.0 * v->c->kind[k].minutes ? 1 : 2;
}

/* The radius of a dot for H households, in page units. */
static double dot_radius(long h)
{
	return fmin(5.0 + 3.0 * sqrt((double)h), 30.0);
}

/* The buildings as dots, larger households drawn first so that small
 * dots stay visible on top; COUNT gets the buildings of each colour. */
static void draw_buildings(FILE *out, const struct reach_view *v, size_t k, const struct frame *fr,
			   long count[4])
{
	size_t b;
	int pass;

	fputs("<g id=\"buildings\" stroke=\"#ffffff\" stroke-width=\"3\">\n", out);
	for (pass = 0; pass < 2; pass++)
		for (b = 0; b < v->w->nb; b++) {
			const struct reach_building *bd = &v->w->b[b];
			double px, py;
			int c;

			if (!bd->has_xy || !bd->cnt[RG_RESIDENTS] ||
			    (bd->cnt[RG_HOUSEHOLDS] > 20) != !pass)
				continue;
			c = colour_of(v, b, k);
			count[c]++;
			page(fr, bd->x, bd->y, &px, &py);
			fprintf(out,
				"<circle class=\"building\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
				"fill=\"%s\"><title>",
				px, py, dot_radius(bd->cnt[RG_HOUSEHOLDS]), colours[c]);
			esc(out, bd->compound);
			fprintf(out, " %s: %ld</title></circle>\n", bd->name,
				bd->cnt[RG_HOUSEHOLDS]);
		}
	fputs("</g>\n", out);
}

/* The facilities of kind K: the tier's circle, then the symbol and name. */
static void draw_facilities(FILE *out, const struct reach_view *v, size_t k, const struct frame *fr)
{
	double r = reach_tier_metres(v->p, v->c->kind[k].minutes) * fr->s, px, py;
	size_t i;

	fputs("<g id=\"tiers\" fill=\"#2c7fb8\" fill-opacity=\"0.07\" stroke=\"#2c7fb8\" "
	      "stroke-width=\"4\" stroke-dasharray=\"18 10\">\n",
	      out);
	for (i = 0; i < v->w->nf; i++)
		if ((size_t)v->w->f[i].kind == k) {
			page(fr, v->w->f[i].x, v->w->f[i].y, &px, &py);
			fprintf(out,
				"<circle class=\"tier\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>\n", px,
				py, r);
		}
	fputs("</g>\n<g id=\"facilities\" font-size=\"30\" fill=\"#1f2d3d\">\n", out);
	for (i = 0; i < v->w->nf; i++)
		if ((size_t)v->w->f[i].kind == k) {
			page(fr, v->w->f[i].x, v->w->f[i].y, &px, &py);
			fprintf(out,
				"<rect class=\"facility\" x=\"%.1f\" y=\"%.1f\" width=\"36\" "
				"height=\"36\" stroke=\"#ffffff\" stroke-width=\"4\"/>\n"
				"<text class=\"name\" x=\"%.1f\" y=\"%.1f\" stroke=\"#ffffff\" "
				"stroke-width=\"6\" paint-order=\"stroke\">",
				px - 18, py - 18, px + 26, py - 22);
			esc(out, v->w->f[i].name);
			fputs("</text>\n", out);
		}
	fputs("</g>\n", out);
}

/* Each grid's code at the middle of its buildings. */
static void draw_grids(FILE *out, const struct reach_view *v, const struct frame *fr)
{
	size_t i, j;

	fputs("<g id=\"grids\" font-size=\"40\" font-weight=\"bold\" fill=\"#37474f\" "
	      "text-anchor=\"middle\" stroke=\"#ffffff\" stroke-width=\"8\" "
	      "paint-order=\"stroke\">\n",
	      out);
	for (i = 0; i < v->w->np; i++) {
		double sx = 0, sy = 0, px, py;
		long n = 0;
		int first = 1;

		for (j = 0; j < v->w->np && *v->w->p[i].grid; j++) {
			const struct reach_building *bd = &v->w->b[v->w->p[j].building];

			if (strcmp(v->w->p[j].grid, v->w->p[i].grid) || !bd->has_xy)
				continue;
			first = first && j >= i;
			sx += bd->x;
			sy += bd->y;
			n++;
		}
		if (!n || !first)
			continue;
		page(fr, sx / (double)n, sy / (double)n, &px, &py);
		fprintf(out, "<text class=\"grid\" x=\"%.1f\" y=\"%.1f\">", px, py - 30);
		esc(out, v->w->p[i].grid);
		fputs("</text>\n", out);
	}
	fputs("</g>\n", out);
}

/* A scale bar of a round length near a fifth of the map's width. */
static void draw_scale(FILE *out, const struct frame *fr)
{
	static const double steps[] = {10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000};
	double want = MAP_W / 5.0 / fr->s, len = steps[0], w;
	size_t i;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (steps[i] <= want)
			len = steps[i];
	w = len * fr->s;
	fprintf(out,
		"<g id=\"scale\" font-size=\"32\" fill=\"#000000\">\n"
		"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\"/>\n"
		"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"#ffffff\" "
		"stroke=\"#000000\" stroke-width=\"2\"/>\n"
		"<text x=\"%d\" y=\"%d\">0</text><text x=\"%.1f\" y=\"%d\" "
		"text-anchor=\"end\">%.0f m</text>\n</g>\n",
		MAP_X + 20, MAP_Y + MAP_H + 20, w / 2, MAP_X + 20 + (int)(w / 2),
		MAP_Y + MAP_H + 20, w / 2, MAP_X + 20, MAP_Y + MAP_H + 64, MAP_X + 20 + w,
		MAP_Y + MAP_H + 64, len);
}

/* The legend: colours with their counts of buildings, symbols, dot sizes. */
static void draw_legend(FILE *out, const struct reach_view *v, size_t k, const long count[4])
{
	static const long sizes[] = {1, 10, 40};
	int i, y = MAP_Y + 40;

	fprintf(out,
		"<g id=\"legend\" font-size=\"32\" fill=\"#212121\">\n"
		"<text x=\"%d\" y=\"%d\" font-weight=\"bold\">图例 Legend</text>\n",
		LEGEND_X, y);
	for (i = 0; i < 4; i++) {
		y += 70;
		fprintf(out,
			"<circle cx=\"%d\" cy=\"%d\" r=\"20\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%d\">%s: %ld</text>\n",
			LEGEND_X + 20, y - 10, colours[i], LEGEND_X + 60, y, colour_names[i],
			count[i]);
	}
	y += 80;
	fprintf(out,
		"<rect x=\"%d\" y=\"%d\" width=\"36\" height=\"36\" fill=\"#1f2d3d\"/>"
		"<text x=\"%d\" y=\"%d\">",
		LEGEND_X + 2, y - 30, LEGEND_X + 60, y);
	esc(out, v->c->kind[k].name);
	fprintf(
	    out,
	    "</text>\n<circle cx=\"%d\" cy=\"%d\" r=\"20\" fill=\"#2c7fb8\" fill-opacity=\"0.07\" "
	    "stroke=\"#2c7fb8\" stroke-width=\"4\" stroke-dasharray=\"9 5\"/>"
	    "<text x=\"%d\" y=\"%d\">%d 分钟圈 %.0f m</text>\n",
	    LEGEND_X + 20, y + 60, LEGEND_X + 60, y + 70, v->c->kind[k].minutes,
	    reach_tier_metres(v->p, v->c->kind[k].minutes));
	y += 170;
	fprintf(out, "<text x=\"%d\" y=\"%d\">户数 households:</text>\n", LEGEND_X, y);
	for (i = 0; i < 3; i++)
		fprintf(out,
			"<circle cx=\"%d\" cy=\"%d\" r=\"%.1f\" fill=\"#bdbdbd\"/>"
			"<text x=\"%d\" y=\"%d\">%ld</text>\n",
			LEGEND_X + 40 + i * 150, y + 70, dot_radius(sizes[i]),
			LEGEND_X + 90 + i * 150, y + 80, sizes[i]);
	fprintf(out,
		"<text x=\"%d\" y=\"%d\" font-size=\"26\">步速 %.0f 米/分钟, 绕行系数 %.2f</text>\n"
		"<text x=\"%d\" y=\"%d\" font-size=\"26\">walking %.0f m/min, detour %.2f</text>\n"
		"</g>\n",
		LEGEND_X, y + 190, v->p->speed, v->p->detour, LEGEND_X, y + 230, v->p->speed,
		v->p->detour);
}

/* The households inside the tier of kind K, and all of them. */
static void households(const struct reach_view *v, size_t k, long *in, long *all)
{
	size_t b;

	*in = *all = 0;
	for (b = 0; b < v->w->nb; b++) {
		*all += v->w->b[b].cnt[RG_HOUSEHOLDS];
		if (reach_inside(v->w, v->c, v->p, v->r, b, k))
			*in += v->w->b[b].cnt[RG_HOUSEHOLDS];
	}
}

/* The title: the kind, its tier, the day, the share of households inside. */
static void draw_title(FILE *out, const struct reach_view *v, size_t k)
{
	long in, all;

	households(v, k, &in, &all);
	fprintf(out, "<text x=\"%d\" y=\"110\" font-size=\"64\" font-weight=\"bold\">", MAP_X);
	esc(out, v->c->kind[k].name);
	fprintf(out,
		" · %d 分钟步行圈</text>\n"
		"<text x=\"%d\" y=\"180\" font-size=\"36\" fill=\"#424242\">%04d-%02d-%02d · "
		"圈内住户 households inside: %ld / %ld (%.1f%%)</text>\n",
		v->c->kind[k].minutes, MAP_X, v->p->year, v->p->month, v->p->day, in, all,
		all ? 100.0 * (double)in / (double)all : 0.0);
}

int reach_map_svg(const struct reach_view *v, size_t k, FILE *out, struct shequ_err *e)
{
	struct frame fr;
	long count[4] = {0};

	fit(v, k, &fr);
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"297mm\" height=\"210mm\" "
		"viewBox=\"0 0 %d %d\" font-family=\"Noto Sans CJK SC, Source Han Sans SC, "
		"WenQuanYi Micro Hei, Microsoft YaHei, SimHei, sans-serif\">\n"
		"<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
		"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f7f7f2\" "
		"stroke=\"#bdbdbd\" stroke-width=\"3\"/>\n",
		PAGE_W, PAGE_H, PAGE_W, PAGE_H, MAP_X, MAP_Y, MAP_W, MAP_H);
	draw_title(out, v, k);
	/* Tiers reaching past the map area are cut at its edge. */
	fprintf(out,
		"<clipPath id=\"map\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
		"</clipPath>\n<g clip-path=\"url(#map)\">\n",
		MAP_X, MAP_Y, MAP_W, MAP_H);
	draw_buildings(out, v, k, &fr, count);
	draw_facilities(out, v, k, &fr);
	draw_grids(out, v, &fr);
	fputs("</g>\n", out);
	draw_scale(out, &fr);
	draw_legend(out, v, k, count);
	fputs("</svg>\n", out);
	if (fflush(out) || ferror(out))
		return shequ_err_set(e, EX_IOERR, "writing the map: %s", strerror(errno));
	return 0;
}
