/* xlsx_sheet.c - one CSV to one worksheet; see xlsx_sheet.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "mask.h"
#include "normalize.h"
#include "xlsx_sheet.h"

/* One row of labels.csv, names already normalised for matching. */
struct label {
	char *column; /* csv_header_norm of the English name */
	char *zh;     /* csv_header_norm of the label */
	char *label;  /* the label as written */
	enum xlsx_type type;
};

struct xlsx_labels {
	size_t n;
	struct label *v;
};

/* Widest column, in Excel character units. */
#define WIDTH_MAX 60
#define WIDTH_MIN 6

void xlsx_labels_free(struct xlsx_labels *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].column);
		free(l->v[i].zh);
		free(l->v[i].label);
	}
	free(l->v);
	free(l);
}

/* The type named T in labels.csv, or -1. */
static int label_type(const char *t)
{
	static const char *const names[] = {"auto", "text",  "number", "score",
					    "id",   "phone", "name"};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(t, names[i]) == 0)
			return (int)i;
	return -1;
}

int xlsx_labels_load(struct xlsx_labels **out, struct shequ_err *e)
{
	char path[4096];
	struct xlsx_labels *l;
	struct csvin *r;
	struct csvin_row *row;
	int rc;

	*out = NULL;
	if ((rc = datadir_path("labels.csv", path, sizeof path, e)))
		return rc;
	if (!(r = csvin_open(path, NULL, e)))
		return e && e->code == EX_NOINPUT ? (e->code = EX_CONFIG) : EX_CONFIG;
	if (!(l = calloc(1, sizeof *l))) {
		csvin_close(r);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	while (!(rc = csvin_next(r, &row, e)) && row) {
		struct label *grown;
		int t;

		if (row->record == 1)
			continue; /* column,label,type */
		if (row->nfields != 3 || (t = label_type(row->fields[2])) < 0) {
			rc = shequ_err_set(e, EX_CONFIG, "%s:%ld: expected column,label,type", path,
					   row->line);
			break;
		}
		if (!(grown = realloc(l->v, (l->n + 1) * sizeof *l->v))) {
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
			break;
		}
		l->v = grown;
		grown[l->n].column = csv_header_norm(row->fields[0]);
		grown[l->n].zh = csv_header_norm(row->fields[1]);
		grown[l->n].label = strdup(row->fields[1]);
		grown[l->n].type = (enum xlsx_type)t;
		l->n++;
		if (!grown[l->n - 1].column || !grown[l->n - 1].zh || !grown[l->n - 1].label) {
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
			break;
		}
	}
	csvin_close(r);
	if (rc) {
		if (rc != EX_SOFTWARE && e)
			e->code = rc = EX_CONFIG;
		xlsx_labels_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

const char *xlsx_labels_find(const struct xlsx_labels *l, const char *column, enum xlsx_type *type)
{
	char *norm;
	size_t i;

	*type = XLSX_AUTO;
	if (!l || !(norm = csv_header_norm(column)))
		return NULL;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].column, norm) == 0 || strcmp(l->v[i].zh, norm) == 0)
			break;
	free(norm);
	if (i == l->n)
		return NULL;
	*type = l->v[i].type;
	return l->v[i].label;
}

int xlsx_is_number(const char *s)
{
	int digits = 0;

	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	if (*s == '0' && s[1] >= '0' && s[1] <= '9')
		return 0; /* a leading zero: a code, keep it as text */
	while (*s >= '0' && *s <= '9') {
		s++;
		digits++;
	}
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9') {
			s++;
			digits++;
		}
	}
	return *s == '\0' && digits <= 15;
}

/* A column of the CSV. */
struct col {
	char *header; /* what the header row shows (owned) */
	enum xlsx_type type;
	double pass; /* pass line of a score column, else 0 */
};

/* One worksheet being filled: a part of the CSV (a split value or a
 * continuation). */
struct part {
	lxw_worksheet *ws;
	char name[XLSX_SHEETNAME_SIZE]; /* the sheet's name */
	char *key;			/* split value, or NULL */
	int number;			/* 1, then 2 for "KEY (2)"... */
	long rows;			/* data rows written */
	unsigned *width;		/* widest cell per column */
};

/* The whole job of one CSV. */
struct job {
	struct xlsx_book *b;
	const struct xlsx_formats *f;
	const struct xlsx_sheet_opts *o;
	const char *name;
	size_t ncols; /* columns of the CSV */
	size_t nout;  /* columns written (ncols, +1 with a grade) */
	struct col *cols;
	long split; /* index of the split column, or -1 */
	long score; /* index of the score column, or -1 */
	long cat;   /* column naming the chart's bars */
	struct part *parts;
	size_t nparts;
	size_t last;	 /* the part written last, a cache for split */
	char period[32]; /* first value of the period column */
	char *cell;	 /* scratch for a cut or masked cell */
	size_t cellsz;
};

/* Cut S in place to XLSX_MAX_STRING UTF-16 units; 1 when it was cut. */
static int cut_string(char *s, size_t len)
{
	size_t i = 0, units = 0;
	uint32_t cp;

	if (len <= XLSX_MAX_STRING)
		return 0; /* never more units than bytes */
	while (i < len) {
		size_t k = utf8_decode(s + i, len - i, &cp);
		unsigned u;

		if (!k)
			k = 1, cp = 0xFFFD;
		u = cp > 0xFFFF ? 2 : 1;
		if (units + u > XLSX_MAX_STRING) {
			s[i] = '\0';
			return 1;
		}
		units += u;
		i += k;
	}
	return 0;
}

/* Write the header row of P. */
static int part_header(struct job *j, struct part *p, struct shequ_err *e)
{
	size_t c;
	lxw_error err;

	for (c = 0; c < j->nout; c++) {
		const char *h = j->cols[c].header;

		err = worksheet_write_string(p->ws, 0, (lxw_col_t)c, h, j->f->header);
		if (err)
			return xlsx_lxw_fail(err, "header", e);
		p->width[c] = (unsigned)utf8_display_width(h) + 3; /* room for the filter button */
	}
	return xlsx_lxw_fail(worksheet_set_row(p->ws, 0, 30, NULL), "header", e);
}

/* Start a new sheet for KEY (NULL when not split), continuing part FROM
 * (or a fresh one when FROM is NULL).  Returns the index, or -1. */
static long part_new(struct job *j, const char *key, int number, struct shequ_err *e)
{
	struct part *grown, *p;
	char wanted[XLSX_SHEETNAME_SIZE + 32];
	const char *base = key ? key : j->name;
	const char *sfx = key && j->o->split_suffix ? j->o->split_suffix : "";

	if (number > 1)
		snprintf(wanted, sizeof wanted, "%s%s%s (%d)", base, *sfx ? " " : "", sfx, number);
	else
		snprintf(wanted, sizeof wanted, "%s%s%s", base, *sfx ? " " : "", sfx);
	if (!(grown = realloc(j->parts, (j->nparts + 1) * sizeof *j->parts))) {
		shequ_err_set(e, EX_SOFTWARE, "out of memory");
		return -1;
	}
	j->parts = grown;
	p = &grown[j->nparts];
	memset(p, 0, sizeof *p);
	p->number = number;
	if ((key && !(p->key = strdup(key))) || !(p->width = calloc(j->nout, sizeof *p->width))) {
		free(p->key);
		shequ_err_set(e, EX_SOFTWARE, "out of memory");
		return -1;
	}
	j->nparts++;
	if (!(p->ws = xlsx_book_add_sheet(j->b, wanted, p->name, sizeof p->name, e)))
		return -1;
	if (part_header(j, p, e))
		return -1;
	return (long)(j->nparts - 1);
}

/* The part the next row with split value KEY goes to, opening a new
 * sheet for a new key or when the current one is full. */
static long part_for(struct job *j, const char *key, struct shequ_err *e)
{
	long max = j->o->max_rows > 0 ? j->o->max_rows : XLSX_MAX_ROWS;
	size_t i = j->last;
	struct part *p;

	if (j->nparts == 0)
		return part_new(j, key, 1, e);
	p = &j->parts[i];
	if (key && (!p->key || strcmp(p->key, key) != 0)) {
		/* Find the newest part of this key. */
		long found = -1;

		for (i = 0; i < j->nparts; i++)
			if (j->parts[i].key && strcmp(j->parts[i].key, key) == 0)
				found = (long)i;
		if (found < 0)
			return part_new(j, key, 1, e);
		i = (size_t)found;
		p = &j->parts[i];
	}
	if (p->rows >= max)
		return part_new(j, key, p->number + 1, e);
	return (long)i;
}

/* The grade of a total SCORE, its sign and format. */
static const char *grade_of(const struct job *j, double score, lxw_format **fmt)
{
	int en = j->o->english;

	if (score >= 90) {
		*fmt = j->f->green;
		return en ? "● excellent" : "● 优秀";
	}
	if (score >= 80) {
		*fmt = j->f->green;
		return en ? "● good" : "● 良好";
	}
	if (score >= XLSX_SCORE_PASS) {
		*fmt = j->f->amber;
		return en ? "● pass" : "● 合格";
	}
	*fmt = j->f->bad;
	return en ? "● fail" : "● 不合格";
}

/* Write one data row. */
static int row_write(struct job *j, struct csvin_row *row, struct xlsx_sheet_result *res,
		     struct shequ_err *e)
{
	long pi;
	struct part *p;
	lxw_row_t r;
	size_t c;
	lxw_error err = LXW_NO_ERROR;

	if (row->nfields != j->ncols)
		return shequ_err_set(e, EX_DATAERR, "line %ld: expected %zu fields, got %zu",
				     row->line, j->ncols, row->nfields);
	pi = part_for(j, j->split >= 0 ? row->fields[j->split] : NULL, e);
	if (pi < 0)
		return e && e->code ? e->code : EX_SOFTWARE;
	j->last = (size_t)pi;
	p = &j->parts[pi];
	r = (lxw_row_t)(p->rows + 1);
	for (c = 0; c < j->ncols; c++) {
		const struct col *col = &j->cols[c];
		char *v = row->fields[c];
		size_t len = row->lens[c];
		char *clean = NULL;
		unsigned w;

		if (len == 0)
			continue;
		if ((col->type == XLSX_AUTO || col->type == XLSX_NUMBER ||
		     col->type == XLSX_SCORE) &&
		    xlsx_is_number(v)) {
			err = worksheet_write_number(p->ws, r, (lxw_col_t)c, strtod(v, NULL),
						     col->type == XLSX_SCORE ? j->f->score : NULL);
			if (err)
				return xlsx_lxw_fail(err, "cell", e);
			if (len + 2 > p->width[c])
				p->width[c] = (unsigned)len + 2;
			continue;
		}
		if (!utf8_valid(v, len) || memchr(v, 0x7f, len) ||
		    strpbrk(v, "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0d\x0e\x0f\x10\x11"
			       "\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f") ||
		    strstr(v, "\xc2\x80") || strstr(v, "\xef\xbf\xbe") ||
		    strstr(v, "\xef\xbf\xbf")) {
			if (!(clean = text_for_sheet(v)))
				return shequ_err_set(e, EX_SOFTWARE, "out of memory");
			v = clean;
			len = strlen(v);
		}
		if (!j->o->unmask &&
		    (col->type == XLSX_ID || col->type == XLSX_PHONE || col->type == XLSX_NAME)) {
			if (j->cellsz < len * 3 + MASK_SIZE) {
				char *grown = realloc(j->cell, len * 3 + MASK_SIZE);

				if (!grown) {
					free(clean);
					return shequ_err_set(e, EX_SOFTWARE, "out of memory");
				}
				j->cell = grown;
				j->cellsz = len * 3 + MASK_SIZE;
			}
			if (col->type == XLSX_ID)
				mask_id(v, j->cell, j->cellsz);
			else if (col->type == XLSX_PHONE)
				mask_phone(v, j->cell, j->cellsz);
			else
				mask_name(v, j->cell, j->cellsz);
			v = j->cell;
			len = strlen(v);
		} else if (len > XLSX_MAX_STRING) {
			if (!clean) {
				if (!(clean = strdup(v)))
					return shequ_err_set(e, EX_SOFTWARE, "out of memory");
				v = clean;
			}
			if (cut_string(v, len)) {
				len = strlen(v);
				if (res && res->cut++ == 0) {
					res->cut_line = row->line;
					snprintf(res->cut_column, sizeof res->cut_column, "%s",
						 j->cols[c].header);
				}
			}
		}
		err = worksheet_write_string(p->ws, r, (lxw_col_t)c, v,
					     col->type == XLSX_AUTO ? NULL : j->f->text);
		if (len >= p->width[c] && p->width[c] < WIDTH_MAX) {
			w = (unsigned)utf8_display_width(v) + 2;
			if (w > p->width[c])
				p->width[c] = w;
		}
		free(clean);
		if (err)
			return xlsx_lxw_fail(err, "cell", e);
	}
	if (j->o->grade) {
		const char *s = row->fields[j->score];
		lxw_format *fmt;

		if (xlsx_is_number(s)) {
			const char *g = grade_of(j, strtod(s, NULL), &fmt);

			err = worksheet_write_string(p->ws, r, (lxw_col_t)j->ncols, g, fmt);
			if (err)
				return xlsx_lxw_fail(err, "grade", e);
		}
	}
	p->rows++;
	if (res)
		res->rows++;
	return 0;
}

/* Column letters and rows to an A1 range, for conditional formats. */
static int part_cond(struct job *j, struct part *p, size_t c, struct shequ_err *e)
{
	lxw_conditional_format cf;
	lxw_row_t last = (lxw_row_t)p->rows;
	lxw_error err;

	if (p->rows == 0)
		return 0;
	memset(&cf, 0, sizeof cf);
	cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
	err = worksheet_conditional_format_range(p->ws, 1, (lxw_col_t)c, last, (lxw_col_t)c, &cf);
	if (err)
		return xlsx_lxw_fail(err, "colour scale", e);
	memset(&cf, 0, sizeof cf);
	cf.type = LXW_CONDITIONAL_TYPE_CELL;
	cf.criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN;
	cf.value = j->cols[c].pass;
	cf.format = j->f->red;
	err = worksheet_conditional_format_range(p->ws, 1, (lxw_col_t)c, last, (lxw_col_t)c, &cf);
	if (err)
		return xlsx_lxw_fail(err, "pass line", e);
	if (j->o->grade && (long)c == j->score) {
		memset(&cf, 0, sizeof cf);
		cf.type = LXW_CONDITIONAL_TYPE_ICON_SETS;
		cf.icon_style = LXW_CONDITIONAL_ICONS_3_TRAFFIC_LIGHTS_UNRIMMED;
		err = worksheet_conditional_format_range(p->ws, 1, (lxw_col_t)c, last, (lxw_col_t)c,
							 &cf);
		if (err)
			return xlsx_lxw_fail(err, "icons", e);
	}
	return 0;
}

/* The page header: the title with '&' doubled, cut at a character
 * boundary to stay well inside Excel's 255 characters. */
static void page_header(const char *title, char *out, size_t n)
{
	size_t o, len = strlen(title);
	uint32_t cp;

	o = (size_t)snprintf(out, n, "&C&\"-,Bold\"");
	while (*title) {
		size_t k = utf8_decode(title, len, &cp);

		if (!k || o + k + 2 >= n || o + k > 200)
			break;
		if (*title == '&')
			out[o++] = '&';
		memcpy(out + o, title, k);
		o += k;
		title += k;
		len -= k;
	}
	out[o] = '\0';
}

/* A bar chart of the scores by the category column, right of the table. */
static int part_chart(struct job *j, struct part *p, struct shequ_err *e)
{
	lxw_workbook *wb = xlsx_book_workbook(j->b);
	lxw_chart *ch;
	lxw_chart_series *s;
	lxw_row_t last = (lxw_row_t)p->rows;

	if (p->rows == 0)
		return 0;
	if (!(ch = workbook_add_chart(wb, LXW_CHART_BAR)))
		return shequ_err_set(e, EX_SOFTWARE, "cannot add a chart");
	if (!(s = chart_add_series(ch, NULL, NULL)))
		return shequ_err_set(e, EX_SOFTWARE, "cannot add a chart series");
	chart_series_set_categories(s, p->name, 1, (lxw_col_t)j->cat, last, (lxw_col_t)j->cat);
	chart_series_set_values(s, p->name, 1, (lxw_col_t)j->score, last, (lxw_col_t)j->score);
	chart_series_set_name(s, j->cols[j->score].header);
	chart_title_set_name(ch, j->o->english ? "Scores" : "网格得分");
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	chart_axis_set_reverse(ch->y_axis); /* rank 1 at the top */
	chart_axis_set_min(ch->x_axis, 0);
	chart_axis_set_max(ch->x_axis, 100);
	{
		lxw_chart_options co = {0};

		co.x_scale = 1.5;
		co.y_scale = 1 + (double)(p->rows > 12 ? (p->rows - 12) : 0) / 15.0;
		return xlsx_lxw_fail(
		    worksheet_insert_chart_opt(p->ws, 1, (lxw_col_t)(j->nout + 1), ch, &co),
		    "chart", e);
	}
}

/* Widths, filter, panes, formats and print setup of P, once its rows are in. */
static int part_finish(struct job *j, struct part *p, struct shequ_err *e)
{
	char header[256];
	size_t c;
	lxw_error err;
	int rc;

	for (c = 0; c < j->nout; c++) {
		unsigned w = p->width[c];

		w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
		err = worksheet_set_column(p->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
		if (err)
			return xlsx_lxw_fail(err, "column width", e);
		if (c < j->ncols && j->cols[c].type == XLSX_SCORE && (rc = part_cond(j, p, c, e)))
			return rc;
	}
	worksheet_freeze_panes(p->ws, 1, 0);
	err = worksheet_autofilter(p->ws, 0, 0, (lxw_row_t)p->rows, (lxw_col_t)(j->nout - 1));
	if (err)
		return xlsx_lxw_fail(err, "autofilter", e);
	worksheet_set_paper(p->ws, 9); /* A4 */
	worksheet_set_landscape(p->ws);
	worksheet_fit_to_pages(p->ws, 1, 0);
	if ((err = worksheet_repeat_rows(p->ws, 0, 0)))
		return xlsx_lxw_fail(err, "print titles", e);
	if (j->o->title) {
		char t[160];

		if (j->o->title_is_full)
			snprintf(t, sizeof t, "%s", j->o->title);
		else
			snprintf(t, sizeof t, "%s%s%s", j->o->title, j->period[0] ? " " : "",
				 j->period);
		page_header(t, header, sizeof header);
	} else {
		page_header(p->name, header, sizeof header);
	}
	if ((err = worksheet_set_header(p->ws, header)))
		return xlsx_lxw_fail(err, "page header", e);
	err =
	    worksheet_set_footer(p->ws, j->o->english ? "&CPage &P of &N" : "&C第 &P 页，共 &N 页");
	if (err)
		return xlsx_lxw_fail(err, "page footer", e);
	if (j->o->grade && (rc = part_chart(j, p, e)))
		return rc;
	return 0;
}

/* Settle the columns of the header ROW. */
static int job_columns(struct job *j, struct csvin_row *row, struct shequ_err *e)
{
	size_t c;

	j->ncols = row->nfields;
	j->nout = j->ncols + (j->o->grade ? 1 : 0);
	if (!(j->cols = calloc(j->nout, sizeof *j->cols)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	j->split = j->score = -1;
	j->cat = 0;
	for (c = 0; c < j->ncols; c++) {
		struct col *col = &j->cols[c];
		const char *h = row->fields[c];
		const char *label = xlsx_labels_find(j->o->labels, h, &col->type);
		char *norm = csv_header_norm(h);
		int item = -1;

		if (!norm)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		if (j->o->rubric)
			item = rubric_find(j->o->rubric, h);
		if (item >= 0) {
			col->type = XLSX_SCORE;
			col->pass = j->o->rubric->items[item].pass;
		} else if (col->type == XLSX_SCORE) {
			col->pass = XLSX_SCORE_PASS;
		}
		if (strcmp(norm, "score") == 0 || strcmp(norm, "得分") == 0)
			j->score = (long)c;
		if (strcmp(norm, "grid") == 0 || strcmp(norm, "网格") == 0)
			j->cat = (long)c;
		if (j->o->split_by) {
			char *want = csv_header_norm(j->o->split_by);

			if (want && strcmp(norm, want) == 0)
				j->split = (long)c;
			free(want);
		}
		free(norm);
		col->header = text_for_sheet(j->o->english || !label ? h : label);
		if (!col->header)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	if (j->o->grade) {
		if (j->score < 0)
			return shequ_err_set(e, EX_DATAERR, "line %ld: no score column to grade",
					     row->line);
		j->cols[j->ncols].type = XLSX_TEXT;
		j->cols[j->ncols].header = strdup(j->o->english ? "grade" : "等级");
		if (!j->cols[j->ncols].header)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	if (j->o->split_by && j->split < 0)
		return shequ_err_set(e, EX_DATAERR, "line %ld: no %s column", row->line,
				     j->o->split_by);
	return 0;
}

/* Free what J holds (the sheets belong to the book). */
static void job_free(struct job *j)
{
	size_t i;

	for (i = 0; i < j->nout && j->cols; i++)
		free(j->cols[i].header);
	free(j->cols);
	for (i = 0; i < j->nparts; i++) {
		free(j->parts[i].key);
		free(j->parts[i].width);
	}
	free(j->parts);
	free(j->cell);
}

int xlsx_sheet_write(struct xlsx_book *b, const char *name, const char *path,
		     const struct xlsx_sheet_opts *o, struct xlsx_sheet_result *res,
		     struct shequ_err *e)
{
	static const struct xlsx_sheet_opts none;
	struct job j = {0};
	struct csvin *r;
	struct csvin_row *row;
	long period = -1;
	size_t i;
	int rc;

	if (res)
		memset(res, 0, sizeof *res);
	j.b = b;
	j.f = xlsx_book_formats(b);
	j.o = o ? o : &none;
	j.name = name && *name ? name : "Sheet";
	if (!(r = csvin_open(path, j.o->csv, e)))
		return e ? e->code : EX_NOINPUT;
	rc = csvin_next(r, &row, e);
	if (!rc && !row)
		rc = shequ_err_set(e, EX_DATAERR, "no header");
	if (!rc)
		rc = job_columns(&j, row, e);
	if (!rc) {
		for (i = 0; i < j.ncols; i++) {
			char *n = csv_header_norm(row->fields[i]);

			if (n && (strcmp(n, "period") == 0 || strcmp(n, "周期") == 0))
				period = (long)i;
			free(n);
		}
	}
	/* A sheet even when there are no rows, unless it is split. */
	if (!rc && j.split < 0 && part_new(&j, NULL, 1, e) < 0)
		rc = e && e->code ? e->code : EX_SOFTWARE;
	while (!rc && !(rc = csvin_next(r, &row, e)) && row) {
		if (period >= 0 && !j.period[0])
			snprintf(j.period, sizeof j.period, "%s", row->fields[period]);
		rc = row_write(&j, row, res, e);
	}
	for (i = 0; !rc && i < j.nparts; i++)
		rc = part_finish(&j, &j.parts[i], e);
	if (res) {
		res->sheets = (int)j.nparts;
		snprintf(res->period, sizeof res->period, "%s", j.period);
		if (j.nparts)
			snprintf(res->first_sheet, sizeof res->first_sheet, "%s", j.parts[0].name);
	}
	csvin_close(r);
	job_free(&j);
	if (rc && e && strncmp(e->msg, "line ", 5) == 0)
		shequ_err_prefix(e, "%s: ", strcmp(path, "-") == 0 ? "stdin" : path);
	return rc;
}
