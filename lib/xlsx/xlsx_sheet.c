/* xlsx_sheet.c - one CSV to one worksheet; see xlsx_sheet.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/datadir.h"
#include "base/natural.h"
#include "base/normalize.h"
#include "domain/idcard.h"
#include "domain/mask.h"
#include "domain/period.h"
#include "domain/period_words.h"
#include "domain/phone.h"
#include "xlsx/xlsx_office.h"
#include "xlsx/xlsx_sheet.h"

/* One row of labels.csv, names already normalised for matching. */
struct label {
	char *column; /* csv_header_norm of the English name */
	char *zh;     /* csv_header_norm of the label */
	char *label;  /* the label as written */
	enum xlsx_type type;
};

/* One row of values.csv: a cell value and what a person reads instead.
 * A value with "{}" is a pattern: each "{}" stands for a non-empty run of
 * text that is carried over into the label's "{}" in the same order. */
struct value {
	char *value; /* as written (the cell must match it byte for byte) */
	char *label; /* the Chinese wording */
	int holes;   /* number of "{}" in value (and in label) */
};

/* The values of one column, exact ones sorted for bsearch, patterns after. */
struct xlsx_values {
	char *column; /* csv_header_norm of the English column name */
	size_t n;     /* exact values */
	size_t np;    /* patterns, at v[n..n+np) */
	struct value *v;
};

struct xlsx_labels {
	size_t n;
	struct label *v;
	size_t nvals; /* columns that have values */
	struct xlsx_values *vals;
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
	for (i = 0; i < l->nvals; i++) {
		struct xlsx_values *vs = &l->vals[i];
		size_t k;

		for (k = 0; k < vs->n + vs->np; k++) {
			free(vs->v[k].value);
			free(vs->v[k].label);
		}
		free(vs->v);
		free(vs->column);
	}
	free(l->vals);
	free(l);
}

/* Number of "{}" in S. */
static int holes(const char *s)
{
	int n = 0;

	while ((s = strstr(s, "{}"))) {
		n++;
		s += 2;
	}
	return n;
}

/* Exact values before patterns; exact ones by bytes (for bsearch). */
static int value_order(const void *a, const void *b)
{
	const struct value *x = a, *y = b;

	if (!x->holes != !y->holes)
		return x->holes ? 1 : -1;
	return x->holes ? 0 : strcmp(x->value, y->value);
}

/* The values table of the normalised column COL in L, added when new
 * (COL is then owned by L, else freed).  NULL when memory runs out. */
static struct xlsx_values *values_column(struct xlsx_labels *l, char *col)
{
	struct xlsx_values *more;
	size_t i;

	for (i = 0; i < l->nvals; i++)
		if (strcmp(l->vals[i].column, col) == 0) {
			free(col);
			return &l->vals[i];
		}
	if (!(more = realloc(l->vals, (l->nvals + 1) * sizeof *more))) {
		free(col);
		return NULL;
	}
	l->vals = more;
	memset(&more[l->nvals], 0, sizeof *more);
	more[l->nvals].column = col;
	return &more[l->nvals++];
}

/* Add VALUE and its LABEL to VS; EX_SOFTWARE when memory runs out. */
static int values_add(struct xlsx_values *vs, const char *value, const char *label,
		      struct shequ_err *e)
{
	struct value *grown = realloc(vs->v, (vs->n + 1) * sizeof *grown);

	if (!grown)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	vs->v = grown;
	grown[vs->n].value = strdup(value);
	grown[vs->n].label = strdup(label);
	grown[vs->n].holes = holes(value);
	vs->np += grown[vs->n].holes > 0;
	vs->n++;
	if (!grown[vs->n - 1].value || !grown[vs->n - 1].label)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/* Take one data ROW of values.csv (PATH) into L. */
static int values_row(struct xlsx_labels *l, const struct csvin_row *row, const char *path,
		      struct shequ_err *e)
{
	struct xlsx_values *vs;
	char *col;

	if (row->nfields != 3 || !*row->fields[0] || !*row->fields[1] || !*row->fields[2] ||
	    holes(row->fields[1]) != holes(row->fields[2]) || strstr(row->fields[1], "{}{}"))
		return shequ_err_set(e, EX_CONFIG,
				     "%s:%ld: expected column,value,label (the same "
				     "number of {} in value and label, never two together)",
				     path, row->line);
	if (!(col = csv_header_norm(row->fields[0])) || !(vs = values_column(l, col)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return values_add(vs, row->fields[1], row->fields[2], e);
}

/*
 * Read values.csv (column,value,label) from the data folder into L, one
 * table per column.  A pattern whose label has a different number of "{}"
 * is a configuration error, as is a bad row.
 */
static int values_load(struct xlsx_labels *l, struct shequ_err *e)
{
	char path[4096];
	struct csvin *r;
	struct csvin_row *row;
	size_t i;
	int rc;

	if ((rc = datadir_path("values.csv", path, sizeof path, e)))
		return rc;
	if (!(r = csvin_open(path, NULL, e)))
		return e && e->code == EX_NOINPUT ? (e->code = EX_CONFIG) : EX_CONFIG;
	while (!(rc = csvin_next(r, &row, e)) && row)
		if (row->record > 1 && (rc = values_row(l, row, path, e)))
			break; /* record 1 is the header column,value,label */
	csvin_close(r);
	for (i = 0; !rc && i < l->nvals; i++) {
		/* Patterns keep their order in the file: the first that fits wins. */
		qsort(l->vals[i].v, l->vals[i].n, sizeof *l->vals[i].v, value_order);
		l->vals[i].n -= l->vals[i].np;
	}
	if (rc && rc != EX_SOFTWARE && e)
		e->code = rc = EX_CONFIG;
	return rc;
}

/* The type named T in labels.csv, or -1. */
static int label_type(const char *t)
{
	static const char *const names[] = {"auto",  "text", "number", "score",	 "id",
					    "phone", "name", "rate",   "change", "count"};
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
	if ((rc = values_load(l, e))) {
		xlsx_labels_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

/* The entry of L for the normalised header NORM (by English name or by
 * label), or -1. */
static long label_index(const struct xlsx_labels *l, const char *norm)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].column, norm) == 0 || strcmp(l->v[i].zh, norm) == 0)
			return (long)i;
	return -1;
}

const struct xlsx_values *xlsx_values_find(const struct xlsx_labels *l, const char *column)
{
	char *norm;
	const char *want;
	long k;
	size_t i;

	if (!l || !l->nvals || !(norm = csv_header_norm(column)))
		return NULL;
	/* A header already in Chinese (状态) finds the values of its column. */
	k = label_index(l, norm);
	want = k >= 0 ? l->v[k].column : norm;
	for (i = 0; i < l->nvals; i++)
		if (strcmp(l->vals[i].column, want) == 0)
			break;
	free(norm);
	return i < l->nvals ? &l->vals[i] : NULL;
}

/* bsearch's comparison of a cell KEY with a value. */
static int value_cmp(const void *key, const void *v)
{
	return strcmp(key, ((const struct value *)v)->value);
}

/* Most "{}" a pattern may hold. */
#define MAX_HOLES 8

/*
 * Where the hole that starts at C ends: at the literal part V of LIT bytes
 * that follows it, at least one byte on.  After the last hole (!MORE) the
 * literal part must end the cell.  NULL when the literal is not there.
 */
static const char *hole_end(const char *c, const char *v, size_t lit, int more)
{
	char litbuf[256];
	size_t cl;

	if (!more) {
		cl = strlen(c);
		if (cl <= lit || strcmp(c + cl - lit, v) != 0)
			return NULL;
		return c + cl - lit;
	}
	if (lit == 0 || lit >= sizeof litbuf)
		return NULL;
	memcpy(litbuf, v, lit);
	litbuf[lit] = '\0';
	return *c ? strstr(c + 1, litbuf) : NULL;
}

/*
 * Match CELL against pattern P: 1 when it fits, with hole k of the
 * pattern at HOLE[k]..END[k] of the cell.  Each hole takes the shortest
 * non-empty run before the next literal part.
 */
static int pattern_match(const struct value *p, const char *cell, const char **hole,
			 const char **end)
{
	const char *v = p->value, *c = cell;
	int k = 0;

	for (;;) {
		const char *next = strstr(v, "{}");
		size_t lit = next ? (size_t)(next - v) : strlen(v);

		if (k > 0) {
			if (!(c = hole_end(c, v, lit, next != NULL)))
				return 0;
			end[k - 1] = c;
		} else if (strncmp(c, v, lit) != 0) {
			return 0;
		}
		c += lit;
		if (!next)
			return *c == '\0';
		v = next + 2;
		hole[k++] = c;
	}
}

/* Write P's label into OUT (N bytes) with its k-th "{}" replaced by the
 * cell's text at HOLE[k]..END[k]; 0 when it does not fit. */
static int label_fill(const struct value *p, const char *const *hole, const char *const *end,
		      char *out, size_t n)
{
	const char *lab = p->label;
	size_t o = 0;
	int k = 0;

	while (*lab) {
		if (o + 1 >= n)
			return 0;
		if (lab[0] == '{' && lab[1] == '}') {
			size_t w = (size_t)(end[k] - hole[k]);

			if (o + w >= n)
				return 0;
			memcpy(out + o, hole[k], w);
			o += w;
			k++;
			lab += 2;
		} else {
			out[o++] = *lab++;
		}
	}
	out[o] = '\0';
	return 1;
}

/*
 * Match CELL against pattern P; on a match write the label with the holes
 * filled into OUT (N bytes, at least strlen(CELL) + strlen(label) + 1) and
 * return 1.
 */
static int pattern_fill(const struct value *p, const char *cell, char *out, size_t n)
{
	const char *hole[MAX_HOLES], *end[MAX_HOLES];

	if (p->holes > MAX_HOLES)
		return 0;
	return pattern_match(p, cell, hole, end) && label_fill(p, hole, end, out, n);
}

const char *xlsx_values_label(const struct xlsx_values *vs, const char *cell, char *buf, size_t n)
{
	const struct value *hit;
	size_t i;

	if (!vs)
		return NULL;
	hit = vs->n ? bsearch(cell, vs->v, vs->n, sizeof *vs->v, value_cmp) : NULL;
	if (hit)
		return hit->label;
	for (i = vs->n; i < vs->n + vs->np; i++)
		if (pattern_fill(&vs->v[i], cell, buf, n))
			return buf;
	return NULL;
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

/*
 * The number xlsx_is_number() accepts, parsed in the same pass into *D;
 * 0 when S is not one.  The value is what strtod gives: at most 15 digits
 * make an integer below 2^53 and 10^15 is exact too, so their IEEE
 * quotient is the correctly rounded decimal.
 */
static int parse_number(const char *s, double *d)
{
	static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,	 1e6,  1e7,
				       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	uint64_t m = 0;
	int neg = 0, digits = 0, frac = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s < '0' || *s > '9')
		return 0;
	if (*s == '0' && s[1] >= '0' && s[1] <= '9')
		return 0; /* a leading zero: a code, keep it as text */
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 15)
			return 0;
		m = m * 10 + (uint64_t)(*s - '0');
	}
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return 0;
		for (; *s >= '0' && *s <= '9'; s++, frac++) {
			if (++digits > 15)
				return 0;
			m = m * 10 + (uint64_t)(*s - '0');
		}
	}
	if (*s)
		return 0;
	*d = (double)m / pow10[frac];
	if (neg)
		*d = -*d;
	return 1;
}

void xlsx_period_title(const char *who, const char *title, const char *period, int english,
		       char *out, size_t n)
{
	char words[PERIOD_WORDS_SIZE];

	if (english || !who)
		who = "";
	if (!*period)
		snprintf(out, n, "%s%s", who, title);
	else if (!english && period_words_of(period, words, sizeof words) == 0)
		snprintf(out, n, "%s%s%s", who, words, title);
	else
		snprintf(out, n, "%s%s %s", who, title, period);
}

int xlsx_is_number(const char *s)
{
	double d;

	return parse_number(s, &d);
}

/*
 * 1 when the LEN bytes at S need text_for_sheet() (invalid UTF-8, control
 * characters other than tab and newline, U+FFFE, U+FFFF).  *ASCII is set
 * when S is all ASCII (its display width is then LEN).  Plain ASCII, the
 * common case, is one tight loop.
 */
static int needs_cleaning(const char *s, size_t len, int *ascii)
{
	size_t i, k;
	uint32_t cp;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 0x80)
			break;
		if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7f)
			return 1;
	}
	*ascii = i == len;
	for (; i < len; i += k) {
		if (!(k = utf8_decode(s + i, len - i, &cp)))
			return 1;
		if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7f && cp <= 0x9f) ||
		    cp == 0xFFFE || cp == 0xFFFF)
			return 1;
	}
	return 0;
}

/* A column of the CSV, with every per-cell decision taken once. */
struct col {
	char *header; /* what the header row shows (owned) */
	enum xlsx_type type;
	double pass;			  /* pass line of a score column, else 0 */
	int numeric;			  /* numbers are written as numbers */
	int mask;			  /* XLSX_ID, XLSX_PHONE, XLSX_NAME when masked, else 0 */
	int month;			  /* N of score_mN (the Nth month of a quarter), else 0 */
	int off_paper;			  /* 1.. the order it leaves a page too wide, else 0 */
	int mean;			  /* a mean over complete stairwell-days */
	lxw_format *num_fmt;		  /* format of a number */
	lxw_format *str_fmt;		  /* format of a string */
	const struct xlsx_values *values; /* Chinese wording of its values, or NULL */
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
	double *sum;			/* per column: the sum of its numbers */
	double *wsum;			/* ...of its numbers times the row's inspections */
	double *weight;			/* ...of the inspections beside a number */
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
	long split;	       /* index of the split column, or -1 */
	long graded;	       /* column graded, iconed and charted (total, else score) */
	long grade_col;	       /* the CSV's own grade column, or -1 */
	long cat;	       /* column naming the chart's bars */
	long score, total;     /* the score and total columns, or -1 */
	long period_col;       /* the period column, or -1 */
	int period_varies;     /* its value is not the same on every row */
	long inspections;      /* the complete stairwell-days column, or -1 */
	int per_place;	       /* one row per place: no section, building... */
	const char *grades[4]; /* scoring.conf's grade names, best first */
	struct part *parts;
	size_t nparts;
	size_t last;	 /* the part written last, a cache for split */
	char period[32]; /* first value of the period column */
	char *cell;	 /* scratch for a masked cell */
	size_t cellsz;
	char *names; /* scratch: a list of names being masked */
	size_t namessz;
	char *said; /* scratch: a value in words (xlsx_values_label) */
	size_t saidsz;
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

static int scratch(char **buf, size_t *sz, size_t want);

/* Start a new sheet for KEY (NULL when not split), continuing part FROM
 * (or a fresh one when FROM is NULL).  Returns the index, or -1. */
static long part_new(struct job *j, const char *key, int number, struct shequ_err *e)
{
	struct part *grown, *p;
	char wanted[XLSX_SHEETNAME_SIZE + 32];
	const char *base = key ? key : j->name;
	const char *sfx = key && j->o->split_suffix ? j->o->split_suffix : "";
	const char *words;

	/* A section's sheet is named as a person reads it: 最佳楼道, not best. */
	if (key && j->o->split_sections && j->split >= 0 &&
	    !scratch(&j->said, &j->saidsz, strlen(key) + 1024) &&
	    (words = xlsx_values_label(j->cols[j->split].values, key, j->said, j->saidsz)))
		base = words;

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
	if ((key && !(p->key = strdup(key))) || !(p->width = calloc(j->nout, sizeof *p->width)) ||
	    !(p->sum = calloc(j->nout * 3, sizeof *p->sum))) {
		free(p->key);
		free(p->width);
		shequ_err_set(e, EX_SOFTWARE, "out of memory");
		return -1;
	}
	p->wsum = p->sum + j->nout;
	p->weight = p->wsum + j->nout;
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

/* The traffic-light format of grade G (one of J's grade names), or NULL
 * for a value that is no grade. */
static lxw_format *grade_format(const struct job *j, const char *g)
{
	if (strcmp(g, j->grades[0]) == 0 || strcmp(g, j->grades[1]) == 0)
		return j->f->green;
	if (strcmp(g, j->grades[2]) == 0)
		return j->f->amber;
	if (strcmp(g, j->grades[3]) == 0)
		return j->f->bad;
	return NULL;
}

/* Mask V, a name or a list of names separated by 、 or ';', name by name
 * into J's scratch cell (large enough: see row_write).  Returns 0 or -1. */
static int mask_names(struct job *j, const char *v, size_t len)
{
	char *p, *o = j->cell;
	size_t left = j->cellsz;

	if (j->namessz < len + 1) {
		char *grown = realloc(j->names, len + 1);

		if (!grown)
			return -1;
		j->names = grown;
		j->namessz = len + 1;
	}
	memcpy(j->names, v, len + 1);
	p = j->names;
	for (;;) {
		char *semi = strchr(p, ';'), *dun = strstr(p, "、"), *end = semi;
		size_t seplen = 1, w;

		if (dun && (!end || dun < end))
			end = dun, seplen = strlen("、");
		if (end)
			*end = '\0';
		mask_name(p, o, left);
		w = strlen(o);
		o += w;
		left -= w;
		if (!end)
			return 0;
		memcpy(o, end == semi ? ";" : "、", seplen);
		o += seplen;
		left -= seplen;
		*o = '\0';
		p = end + seplen;
	}
}

/* Grow the scratch buffer *BUF of *SZ bytes to at least WANT; 0, or -1
 * when memory runs out. */
static int scratch(char **buf, size_t *sz, size_t want)
{
	char *grown;

	if (*sz >= want)
		return 0;
	if (!(grown = realloc(*buf, want)))
		return -1;
	*buf = grown;
	*sz = want;
	return 0;
}

/* Cells longer than this are never taken for an ID number or a phone
 * (18 full-width characters with a few spaces fit). */
#define CONTENT_MAX 64

/* Fewest digits of a mobile number. */
#define PHONE_DIGITS 11

/* Digits (ASCII or full-width) among the LEN bytes at V. */
static size_t digits(const char *v, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c >= '0' && c <= '9')
			n++;
		else if (c == 0xEF && i + 2 < len && (unsigned char)v[i + 1] == 0xBC &&
			 (unsigned char)v[i + 2] >= 0x90 && (unsigned char)v[i + 2] <= 0x99)
			n++, i += 2; /* U+FF10..U+FF19 */
	}
	return n;
}

/*
 * Mask V (LEN bytes) into J's scratch cell when it is personal data by its
 * content, whatever its column: an 18-character ID number whose check
 * character is right, or a mainland mobile number.  Returns 1 when it was
 * masked, -1 when memory runs out.  Most cells are ruled out by their
 * length or digit count before anything is parsed.
 */
static int mask_by_content(struct job *j, const char *v, size_t len)
{
	char phone[PHONE_SIZE + CONTENT_MAX];
	struct idcard id;
	size_t n;

	if (len < PHONE_DIGITS || len > CONTENT_MAX || (n = digits(v, len)) < PHONE_DIGITS)
		return 0;
	if (scratch(&j->cell, &j->cellsz, MASK_SIZE))
		return -1;
	if (phone_normalize(v, phone, sizeof phone, NULL) == 0) {
		mask_phone(phone, j->cell, j->cellsz);
		return 1;
	}
	/* Any birth date up to the far future: the mask errs on the safe side.
	 * A 15-digit number has no check character and is too often
	 * something else. */
	if (n >= 17 && idcard_parse(v, 9999, 12, 31, &id, NULL) == 0 && !id.upgraded) {
		mask_id(id.id, j->cell, j->cellsz);
		return 1;
	}
	return 0;
}

/* A cell's text on its way to the sheet. */
struct cell {
	const char *v; /* the text as it stands now */
	size_t len;    /* its length in bytes */
	char *own;     /* a copy made for cleaning or cutting, or NULL */
	int ascii;     /* V is all ASCII (its display width is LEN) */
};

/* Clean X of what xlsx cannot hold (invalid UTF-8, control characters). */
static int cell_clean(struct cell *x, struct shequ_err *e)
{
	if (!needs_cleaning(x->v, x->len, &x->ascii))
		return 0;
	if (!(x->own = text_for_sheet(x->v)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	x->v = x->own;
	x->len = strlen(x->v);
	x->ascii = 0;
	return 0;
}

/* Put an English word of the CSV API in Chinese words (values.csv); a
 * pattern's label holds the cell's parts and its own text. */
static int cell_words(struct job *j, const struct col *col, struct cell *x, struct shequ_err *e)
{
	const char *said;

	if (!col->values)
		return 0;
	if (scratch(&j->said, &j->saidsz, x->len + 1024))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if ((said = xlsx_values_label(col->values, x->v, j->said, j->saidsz))) {
		x->v = said;
		x->len = strlen(said);
		x->ascii = 0;
	}
	return 0;
}

/* Mask X as its column's kind of personal data, into J's scratch cell. */
static int cell_mask(struct job *j, const struct col *col, struct cell *x, struct shequ_err *e)
{
	if (scratch(&j->cell, &j->cellsz, x->len * 3 + MASK_SIZE))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (col->mask == XLSX_ID)
		mask_id(x->v, j->cell, j->cellsz);
	else if (col->mask == XLSX_PHONE)
		mask_phone(x->v, j->cell, j->cellsz);
	else if (mask_names(j, x->v, x->len))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	x->v = j->cell;
	x->len = strlen(j->cell);
	x->ascii = 0;
	return 0;
}

/* Cut X to the characters a cell holds, counting the first cut (LINE,
 * column HEADER) in RES. */
static int cell_cut(struct cell *x, long line, const char *header, struct xlsx_sheet_result *res,
		    struct shequ_err *e)
{
	if (x->len <= XLSX_MAX_STRING)
		return 0;
	if (x->v != x->own) {
		char *copy = strdup(x->v);

		if (!copy)
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		free(x->own);
		x->v = x->own = copy;
	}
	if (!cut_string(x->own, x->len))
		return 0;
	x->len = strlen(x->v);
	if (res && res->cut++ == 0) {
		res->cut_line = line;
		snprintf(res->cut_column, sizeof res->cut_column, "%s", header);
	}
	return 0;
}

/* Widen column C of P for the text X; a grade shows a dot before it.  The
 * display width is at most the byte length: skip the count when even that
 * would not widen the column. */
static void cell_width(const struct job *j, struct part *p, size_t c, const struct cell *x)
{
	unsigned w;

	if (x->len + 4 <= p->width[c] || p->width[c] >= WIDTH_MAX)
		return;
	w = (unsigned)(x->ascii ? x->len : utf8_display_width(x->v)) + 2;
	if ((long)c == j->grade_col)
		w += 2;
	if (w > p->width[c])
		p->width[c] = w;
}

/* Write cell C of ROW as text into row R of P: cleaned, in words, masked
 * or cut, styled as a grade in the grade column. */
static int cell_text(struct job *j, struct part *p, lxw_row_t r, size_t c,
		     const struct csvin_row *row, struct xlsx_sheet_result *res,
		     struct shequ_err *e)
{
	const struct col *col = &j->cols[c];
	struct cell x = {row->fields[c], row->lens[c], NULL, 0};
	lxw_format *fmt = col->str_fmt;
	lxw_error err;
	int rc;

	if (!(rc = cell_clean(&x, e)) && !(rc = cell_words(j, col, &x, e)))
		rc = col->mask ? cell_mask(j, col, &x, e)
			       : cell_cut(&x, row->line, col->header, res, e);
	if (!rc) {
		if ((long)c == j->grade_col)
			fmt = grade_format(j, x.v);
		err = worksheet_write_string(p->ws, r, (lxw_col_t)c, x.v, fmt);
		cell_width(j, p, c, &x);
		rc = err ? xlsx_lxw_fail(err, "cell", e) : 0;
	}
	free(x.own);
	return rc;
}

/* Count the number D of cell C of ROW into P's sums; a mean is weighted by
 * the row's complete stairwell-days. */
static void part_add(const struct job *j, struct part *p, size_t c, double d,
		     const struct csvin_row *row)
{
	double n;

	p->sum[c] += d;
	if (j->cols[c].mean && j->inspections >= 0 &&
	    parse_number(row->fields[j->inspections], &n)) {
		p->wsum[c] += d * n;
		p->weight[c] += n;
	}
}

/* Write the string V (already safe) with FMT into row R, column C of P. */
static int cell_string(struct part *p, lxw_row_t r, size_t c, const char *v, lxw_format *fmt,
		       struct shequ_err *e)
{
	lxw_error err = worksheet_write_string(p->ws, r, (lxw_col_t)c, v, fmt);

	if (err)
		return xlsx_lxw_fail(err, "cell", e);
	if (strlen(v) + 2 > p->width[c])
		p->width[c] = (unsigned)strlen(v) + 2;
	return 0;
}

/* Write cell C of ROW into row R of P: masked by its content, a number,
 * or text; an empty cell stays empty. */
static int cell_write(struct job *j, struct part *p, lxw_row_t r, size_t c,
		      const struct csvin_row *row, struct xlsx_sheet_result *res,
		      struct shequ_err *e)
{
	const struct col *col = &j->cols[c];
	const char *v = row->fields[c];
	size_t len = row->lens[c];
	lxw_error err;
	double d;
	int masked;

	if (len == 0)
		return 0;
	masked = !col->mask && !j->o->unmask ? mask_by_content(j, v, len) : 0;
	if (masked < 0)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (masked)
		return cell_string(p, r, c, j->cell, j->f->text, e);
	if (!col->numeric || !parse_number(v, &d))
		return cell_text(j, p, r, c, row, res, e);
	if ((err = worksheet_write_number(p->ws, r, (lxw_col_t)c, d, col->num_fmt)))
		return xlsx_lxw_fail(err, "cell", e);
	part_add(j, p, c, d, row);
	if (len + 2 > p->width[c])
		p->width[c] = (unsigned)len + 2;
	return 0;
}

/* The pass line beside a graded row, in the column after the CSV's: the
 * values the chart draws its pass line through. */
static int row_pass_line(struct job *j, struct part *p, lxw_row_t r, struct shequ_err *e)
{
	if (!j->o->grade)
		return 0;
	return xlsx_lxw_fail(worksheet_write_number(p->ws, r, (lxw_col_t)j->ncols,
						    j->o->conf->grade_pass, j->f->score),
			     "pass line", e);
}

/* Write one data row, on the sheet its split value and the row limit
 * choose; stop at the first failed write to the sheet's temporary file. */
static int row_write(struct job *j, struct csvin_row *row, struct xlsx_sheet_result *res,
		     struct shequ_err *e)
{
	struct part *p;
	lxw_row_t r;
	size_t c;
	long pi;
	int rc;

	if (row->nfields != j->ncols)
		return shequ_err_set(e, EX_DATAERR, "line %ld: expected %zu fields, got %zu",
				     row->line, j->ncols, row->nfields);
	if (j->period_col >= 0 && strcmp(row->fields[j->period_col], j->period) != 0)
		j->period_varies = 1;
	errno = 0; /* what a failed write to the temporary file leaves */
	pi = part_for(j, j->split >= 0 ? row->fields[j->split] : NULL, e);
	if (pi < 0)
		return e && e->code ? e->code : EX_SOFTWARE;
	j->last = (size_t)pi;
	p = &j->parts[pi];
	r = (lxw_row_t)(p->rows + 1);
	for (c = 0; c < j->ncols; c++)
		if ((rc = cell_write(j, p, r, c, row, res, e)))
			return rc;
	if ((rc = row_pass_line(j, p, r, e)))
		return rc;
	p->rows++;
	if (res)
		res->rows++;
	return xlsx_book_check_temp(j->b, p->ws, e);
}

/* Add a rule to column C of P, rows 1..LAST: FMT where the formula
 * "the cell is a number and OP LIMIT" holds, so that a blank score (no
 * complete inspection) is never coloured: Excel takes a blank for 0. */
static int cond_rule(struct part *p, size_t c, lxw_row_t last, const char *op, double limit,
		     lxw_format *fmt, struct shequ_err *e)
{
	lxw_conditional_format cf;
	char cell[16], formula[96];

	lxw_rowcol_to_cell(cell, 1, (lxw_col_t)c);
	snprintf(formula, sizeof formula, "=AND(ISNUMBER(%s),%s%s%g)", cell, cell, op, limit);
	memset(&cf, 0, sizeof cf);
	cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
	cf.value_string = formula;
	cf.format = fmt;
	cf.stop_if_true = LXW_TRUE;
	return xlsx_lxw_fail(
	    worksheet_conditional_format_range(p->ws, 1, (lxw_col_t)c, last, (lxw_col_t)c, &cf),
	    "conditional format", e);
}

/*
 * The colours of score column C of P.  A 0-100 score is filled by the
 * grade bands of scoring.conf, the same bands and colours as the grade's
 * traffic light (green from good, amber from pass, red below), so a fill
 * never says other than the grade beside it.  A rubric item gets a colour
 * scale and its marks below the item's pass mark in red.
 */
static int part_cond(struct job *j, struct part *p, size_t c, struct shequ_err *e)
{
	const struct scoring_conf *conf = j->o->conf;
	lxw_conditional_format cf;
	lxw_row_t last = (lxw_row_t)p->rows;
	int rc;

	if (p->rows == 0)
		return 0;
	if (conf && j->cols[c].pass == conf->grade_pass) {
		if ((rc = cond_rule(p, c, last, ">=", conf->grade_good, j->f->fill_good, e)) ||
		    (rc = cond_rule(p, c, last, ">=", conf->grade_pass, j->f->fill_pass, e)))
			return rc;
		return cond_rule(p, c, last, "<", conf->grade_pass, j->f->red, e);
	}
	memset(&cf, 0, sizeof cf);
	cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
	rc = xlsx_lxw_fail(
	    worksheet_conditional_format_range(p->ws, 1, (lxw_col_t)c, last, (lxw_col_t)c, &cf),
	    "colour scale", e);
	return rc ? rc : cond_rule(p, c, last, "<", j->cols[c].pass, j->f->red, e);
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

/*
 * The pass line of chart CH on P: a second series through the hidden
 * column after the CSV's (scoring.conf's grade_pass on every row), its
 * bars invisible and drawn as a dashed level trendline across the whole
 * plot.  libxlsxwriter 1.1.4 cannot combine a line chart with a column
 * chart, and a trendline of a constant is that line.
 */
static int chart_pass_line(struct job *j, struct part *p, lxw_chart *ch, struct shequ_err *e)
{
	lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
	lxw_chart_line dash = {0}, none = {0};
	lxw_chart_fill clear = {0};
	int16_t legend_off[] = {1, -1};
	lxw_col_t c = (lxw_col_t)j->ncols;

	if (!s)
		return shequ_err_set(e, EX_SOFTWARE, "cannot add the pass line");
	chart_series_set_categories(s, p->name, 1, (lxw_col_t)j->cat, (lxw_row_t)p->rows,
				    (lxw_col_t)j->cat);
	chart_series_set_values(s, p->name, 1, c, (lxw_row_t)p->rows, c);
	chart_series_set_name(s, j->cols[c].header);
	clear.none = 1;
	none.none = 1;
	chart_series_set_fill(s, &clear);
	chart_series_set_line(s, &none);
	chart_series_set_trendline(s, LXW_CHART_TRENDLINE_TYPE_LINEAR, 0);
	chart_series_set_trendline_forecast(s, 0.5, 0.5);
	chart_series_set_trendline_name(s, j->cols[c].header);
	dash.color = 0xC00000;
	dash.dash_type = LXW_CHART_LINE_DASH_DASH;
	dash.width = 1.5;
	chart_series_set_trendline_line(s, &dash);
	/* Both series in the same slot, and the invisible bars out of the
	 * legend: the legend names the bars and the line. */
	chart_set_series_overlap(ch, 100);
	return xlsx_lxw_fail(chart_legend_delete_series(ch, legend_off), "chart legend", e);
}

/* A column chart of the graded column by the category column, with the
 * pass line across, below the table, its total and the signatures (so
 * that the table prints at a readable size and the chart hides nothing). */
static int part_chart(struct job *j, struct part *p, struct shequ_err *e)
{
	lxw_workbook *wb = xlsx_book_workbook(j->b);
	lxw_chart_options co = {0};
	lxw_chart *ch;
	lxw_chart_series *s;
	lxw_row_t last = (lxw_row_t)p->rows;
	int rc;

	if (p->rows == 0)
		return 0;
	if (!(ch = workbook_add_chart(wb, LXW_CHART_COLUMN)))
		return shequ_err_set(e, EX_SOFTWARE, "cannot add a chart");
	if (!(s = chart_add_series(ch, NULL, NULL)))
		return shequ_err_set(e, EX_SOFTWARE, "cannot add a chart series");
	chart_series_set_categories(s, p->name, 1, (lxw_col_t)j->cat, last, (lxw_col_t)j->cat);
	chart_series_set_values(s, p->name, 1, (lxw_col_t)j->graded, last, (lxw_col_t)j->graded);
	chart_series_set_name(s, j->cols[j->graded].header);
	chart_title_set_name(ch, j->cols[j->graded].header);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
	chart_axis_set_min(ch->y_axis, 0);
	chart_axis_set_max(ch->y_axis, 100);
	/* The pass line's values are in a hidden column. */
	chart_show_hidden_data(ch);
	if ((rc = chart_pass_line(j, p, ch, e)))
		return rc;
	co.x_scale = 1.5 + (double)(p->rows > 12 ? (p->rows - 12) : 0) / 15.0;
	co.y_scale = 1.2;
	return xlsx_lxw_fail(worksheet_insert_chart_opt(p->ws, last + 5, 1, ch, &co), "chart", e);
}

/* 1 when column C of a report is hidden: a period that is the same on
 * every row is in the title instead. */
static int col_hidden(const struct job *j, size_t c)
{
	if (j->o->grade && c == j->ncols)
		return 1; /* the chart's pass line */
	if (j->o->split_sections && (long)c == j->split)
		return 1; /* the section, which names the sheet */
	return j->o->report && (long)c == j->period_col && !j->period_varies && j->period[0];
}

/* The column the total row's label goes in: the grid, else the first
 * column that is not the period nor the hidden section. */
static lxw_col_t foot_label_col(const struct job *j)
{
	size_t c;

	if (j->cat != j->period_col || j->period_col != 0)
		c = (size_t)(j->cat == j->period_col ? 0 : j->cat);
	else
		c = j->ncols > 1 ? 1 : 0;
	while (j->o->split_sections && (long)c == j->split && c + 1 < j->ncols)
		c++;
	return (lxw_col_t)c;
}

/* Write the total of column C into row R of P: the sum of a count, the
 * mean over the complete stairwell-days of a score (SUMPRODUCT by the
 * inspections); nothing for any other column. */
static int foot_total_cell(struct job *j, struct part *p, lxw_row_t r, size_t c,
			   struct shequ_err *e)
{
	char range[32], weights[32], f[160];
	const struct col *col = &j->cols[c];
	double v;

	lxw_rowcol_to_range(range, 1, (lxw_col_t)c, (lxw_row_t)p->rows, (lxw_col_t)c);
	if (col->type == XLSX_COUNT) {
		snprintf(f, sizeof f, "=SUM(%s)", range);
		v = p->sum[c];
	} else if (col->mean && j->inspections >= 0 && p->weight[c] > 0) {
		lxw_rowcol_to_range(weights, 1, (lxw_col_t)j->inspections, (lxw_row_t)p->rows,
				    (lxw_col_t)j->inspections);
		snprintf(f, sizeof f, "=ROUND(SUMPRODUCT(%s,%s)/SUM(%s),2)", range, weights,
			 weights);
		v = (double)(long long)(p->wsum[c] / p->weight[c] * 100 + 0.5) / 100;
	} else {
		return 0;
	}
	return xlsx_lxw_fail(worksheet_write_formula_num(
				 p->ws, r, (lxw_col_t)c, f,
				 col->type == XLSX_COUNT ? j->f->total : j->f->total_score, v),
			     "total", e);
}

/* The total row 合计 of P, right below its rows (see xlsx_sheet.h). */
static int foot_total(struct job *j, struct part *p, struct shequ_err *e)
{
	lxw_row_t r = (lxw_row_t)p->rows + 1;
	size_t c;
	int rc;

	for (c = 0; c < j->ncols; c++)
		if ((rc = foot_total_cell(j, p, r, c, e)))
			return rc;
	return xlsx_lxw_fail(worksheet_write_string(p->ws, r, foot_label_col(j),
						    j->o->english ? "Total" : "合计", j->f->total),
			     "total", e);
}

/* The day workbook B was made, in words, on Beijing time (UTC+8 all year,
 * so no zone database is needed). */
static void foot_date(struct xlsx_book *b, char *out, size_t n)
{
	struct period d = {PERIOD_DAY, 0, 0};
	time_t t = xlsx_book_created(b);
	long long secs = (long long)t + 8 * 3600;

	d.num = (int)(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400);
	period_words(&d, out, n);
}

/* 制表人 / 审核人 / 日期 two rows below the table (and the total). */
static int foot_sign(struct job *j, struct part *p, struct shequ_err *e)
{
	static const char blank[] = "__________";
	const struct xlsx_office *of = j->o->office;
	lxw_row_t r = (lxw_row_t)p->rows + 3;
	lxw_col_t step = (lxw_col_t)(j->nout > 3 ? j->nout / 3 : 1), c0 = foot_label_col(j);
	char who[3][XLSX_OFFICE_FIELD + 64], day[PERIOD_WORDS_SIZE];
	int k;

	/* The date stays inside the table's columns, so that it prints on
	 * the table's page and not on one of its own. */
	if ((size_t)c0 + 2 * (size_t)step >= j->nout)
		c0 = j->nout > 2 * (size_t)step ? (lxw_col_t)(j->nout - 1 - 2 * (size_t)step) : 0;
	foot_date(j->b, day, sizeof day);
	snprintf(who[0], sizeof who[0], "%s%s", j->o->english ? "Prepared by: " : "制表人：",
		 of && *of->preparer ? of->preparer : blank);
	snprintf(who[1], sizeof who[1], "%s%s", j->o->english ? "Reviewed by: " : "审核人：",
		 of && *of->reviewer ? of->reviewer : blank);
	snprintf(who[2], sizeof who[2], "%s%s", j->o->english ? "Date: " : "日期：", day);
	for (k = 0; k < 3; k++) {
		lxw_error err =
		    worksheet_write_string(p->ws, r, (lxw_col_t)(c0 + k * step), who[k], NULL);
		if (err)
			return xlsx_lxw_fail(err, "signatures", e);
	}
	return 0;
}

/* What a printed report has below its rows: the total, the signatures. */
static int part_foot(struct job *j, struct part *p, struct shequ_err *e)
{
	int rc;

	if (j->per_place && p->rows > 0 && (rc = foot_total(j, p, e)))
		return rc;
	return foot_sign(j, p, e);
}

/* Character widths that fit across A4 landscape at 100% (about 257 mm
 * between the margins at some 1.9 mm a character), and the smallest
 * print scale that stays legible (9 pt of the 11-pt default, as near). */
#define PAPER_WIDTH 135
#define PRINT_SCALE_MIN 75

/*
 * A4 landscape with the header row on every page.  A sheet WIDE
 * characters wide is fitted to one page across when that keeps the print
 * at PRINT_SCALE_MIN% or more; a wider one prints at that scale over
 * several pages across, its first two columns (the place) repeated,
 * rather than shrunk to a size nobody reads.
 */
static int part_paper(struct part *p, unsigned wide, struct shequ_err *e)
{
	lxw_error err;

	worksheet_set_paper(p->ws, 9); /* A4 */
	worksheet_set_landscape(p->ws);
	if (wide * PRINT_SCALE_MIN <= PAPER_WIDTH * 100) {
		worksheet_fit_to_pages(p->ws, 1, 0);
	} else {
		worksheet_set_print_scale(p->ws, PRINT_SCALE_MIN);
		if ((err = worksheet_repeat_columns(p->ws, 0, 1)))
			return xlsx_lxw_fail(err, "print titles", e);
	}
	return xlsx_lxw_fail(worksheet_repeat_rows(p->ws, 0, 0), "print titles", e);
}

/*
 * The columns a printed page can do without, in the order they leave a
 * sheet too wide for A4: each repeats what a printed column says (a count
 * beside its rate, the previous score beside the change, the day a case
 * was first seen beside the days it is open) or is bookkeeping of the
 * office's own (how a case came, why it was closed).  The split column
 * (the grid of a sheet per grid) is named in the page header and goes
 * first.
 */
static const char *const off_paper_names[] = {
    "prev_score", "rectified_on_time", "cases_on_time", "cases_due",	"incomplete",
    "first_seen", "days_overdue",      "source",	"close_reason", "escalated",
};

/* Set which columns of J may leave the page: the split column, then the
 * ones named in off_paper_names, in that order (column C headed NORM). */
static void col_paper(struct job *j, size_t c, const char *norm)
{
	size_t k;

	for (k = 0; k < sizeof off_paper_names / sizeof *off_paper_names; k++)
		if (strcmp(norm, off_paper_names[k]) == 0)
			j->cols[c].off_paper = (int)k + 2;
}

/* The width of column C of P, within WIDTH_MIN..WIDTH_MAX. */
static unsigned col_width(const struct part *p, size_t c)
{
	unsigned w = p->width[c];

	return w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
}

/*
 * Mark in OFF the columns of P that leave the printed page: while the
 * printed columns are too wide for A4 at PRINT_SCALE_MIN%, the next in
 * the off-paper order.  Returns the width left on paper.
 */
static unsigned part_off_paper(const struct job *j, const struct part *p, unsigned char *off)
{
	unsigned wide = 0;
	size_t c;
	int rank;

	for (c = 0; c < j->nout; c++)
		wide += col_hidden(j, c) ? 0 : col_width(p, c);
	for (rank = 1; wide * PRINT_SCALE_MIN > PAPER_WIDTH * 100 && rank <= 12; rank++)
		for (c = 0; c < j->ncols; c++) {
			int r = (long)c == j->split && p->key ? 1 : j->cols[c].off_paper;

			if (r == rank && !col_hidden(j, c) && j->o->report) {
				off[c] = 1;
				wide -= col_width(p, c);
			}
		}
	return wide;
}

/*
 * Widths and colours of P's columns; hidden the period that is in the
 * title, the chart's pass line, and the columns the printed page does
 * without (part_off_paper): those are folded into an outline group, one
 * click on its + shows them on screen.  *WIDE: the width on paper.
 */
static int part_columns(struct job *j, struct part *p, unsigned *wide, struct shequ_err *e)
{
	lxw_row_col_options hidden = {1, 0, 0}, folded = {1, 1, 1};
	unsigned char *off = calloc(j->nout + 1, 1);
	lxw_error err = LXW_NO_ERROR;
	size_t c;
	int rc = 0;

	if (!off)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	*wide = part_off_paper(j, p, off);
	for (c = 0; !rc && c < j->nout; c++) {
		err = worksheet_set_column_opt(p->ws, (lxw_col_t)c, (lxw_col_t)c, col_width(p, c),
					       NULL,
					       col_hidden(j, c) ? &hidden
					       : off[c]		? &folded
								: NULL);
		if (err)
			rc = xlsx_lxw_fail(err, "column width", e);
		else if (c < j->ncols && j->cols[c].type == XLSX_SCORE)
			rc = part_cond(j, p, c, e);
	}
	free(off);
	return rc;
}

/* The page header of P: the report's title and period, a grid's sheet
 * its grid too; else the sheet's name. */
static int part_page_header(struct job *j, struct part *p, struct shequ_err *e)
{
	char header[256], t[256];

	if (!j->o->title) {
		page_header(p->name, header, sizeof header);
		return xlsx_lxw_fail(worksheet_set_header(p->ws, header), "page header", e);
	}
	if (j->o->title_is_full)
		snprintf(t, sizeof t, "%s", j->o->title);
	else
		xlsx_period_title(j->o->office ? j->o->office->community : NULL, j->o->title,
				  j->period, j->o->english, t, sizeof t);
	/* A sheet per grid names its grid on every printed page, a section's
	 * sheet its section. */
	if (p->key)
		snprintf(t + strlen(t), sizeof t - strlen(t), " %s",
			 j->o->split_sections ? p->name : p->key);
	page_header(t, header, sizeof header);
	return xlsx_lxw_fail(worksheet_set_header(p->ws, header), "page header", e);
}

/* Widths, filter, panes, formats and print setup of P, once its rows are in. */
static int part_finish(struct job *j, struct part *p, struct shequ_err *e)
{
	lxw_error err;
	unsigned wide = 0;
	int rc;

	if ((rc = part_columns(j, p, &wide, e)))
		return rc;
	worksheet_freeze_panes(p->ws, 1, 0);
	err = worksheet_autofilter(p->ws, 0, 0, (lxw_row_t)p->rows, (lxw_col_t)(j->ncols - 1));
	if (err)
		return xlsx_lxw_fail(err, "autofilter", e);
	if ((rc = part_paper(p, wide, e)) || (rc = part_page_header(j, p, e)))
		return rc;
	err =
	    worksheet_set_footer(p->ws, j->o->english ? "&CPage &P of &N" : "&C第 &P 页，共 &N 页");
	if (err)
		return xlsx_lxw_fail(err, "page footer", e);
	if (j->o->grade && (rc = part_chart(j, p, e)))
		return rc;
	return j->o->report ? part_foot(j, p, e) : 0;
}

/* 1 when type T is personal data, masked unless asked otherwise. */
static int is_personal(enum xlsx_type t)
{
	return t == XLSX_ID || t == XLSX_PHONE || t == XLSX_NAME;
}

/*
 * The type of the column headed H that labels.csv gives as OWN, unless
 * that is not personal and the import's alias table says H names a column
 * that is (身份证号码 names id_number): then that column's type, so that
 * the column is masked as the import's own header would be.
 */
static enum xlsx_type column_type(const struct job *j, const char *h, enum xlsx_type own)
{
	enum xlsx_type t = XLSX_AUTO;
	const char *canon;

	if (is_personal(own) || !j->o->aliases || !(canon = aliases_column(j->o->aliases, NULL, h)))
		return own;
	xlsx_labels_find(j->o->labels, canon, &t);
	return is_personal(t) ? t : own;
}

/* 1 when the header H is the English NAME or the label ZH. */
static int is_column_h(const char *h, const char *name, const char *zh)
{
	char *norm = csv_header_norm(h);
	int yes = norm && (strcmp(norm, name) == 0 || strcmp(norm, zh) == 0);

	free(norm);
	return yes;
}

/* 1 when the normalised header NORM is the English NAME or the label ZH. */
static int is_column(const char *norm, const char *name, const char *zh)
{
	return strcmp(norm, name) == 0 || strcmp(norm, zh) == 0;
}

/* Type, pass line, formats, mask and value wording of column COL headed
 * H, whose labels.csv type COL->type already holds. */
static void col_type(struct job *j, struct col *col, const char *h)
{
	double pass = j->o->conf ? j->o->conf->grade_pass : XLSX_SCORE_PASS;
	int item = j->o->rubric ? rubric_find(j->o->rubric, h) : -1;

	col->type = column_type(j, h, col->type);
	if (item >= 0) {
		col->type = XLSX_SCORE;
		col->pass = j->o->rubric->items[item].pass;
	} else if (col->type == XLSX_SCORE) {
		col->pass = pass;
	}
	col->numeric = col->type == XLSX_AUTO || col->type == XLSX_NUMBER ||
		       col->type == XLSX_SCORE || col->type == XLSX_RATE ||
		       col->type == XLSX_CHANGE || col->type == XLSX_COUNT;
	/* The score and the items are means over complete stairwell-days;
	 * a weighted total or a month's score is not. */
	col->mean = item >= 0 || is_column_h(h, "score", "得分");
	col->num_fmt = col->type == XLSX_SCORE	  ? j->f->score
		       : col->type == XLSX_RATE	  ? j->f->rate
		       : col->type == XLSX_CHANGE ? j->f->change
						  : NULL;
	col->str_fmt = col->type == XLSX_AUTO ? NULL : j->f->text;
	if (!j->o->unmask && is_personal(col->type))
		col->mask = (int)col->type;
	if (!j->o->english)
		col->values = xlsx_values_find(j->o->labels, h);
}

/* Note whether column C, headed NORM (normalised), is one the sheet
 * treats apart: a month of a quarter, the score, the total, the grade,
 * the grid (the chart's bars) or the column to split by. */
static void col_special(struct job *j, size_t c, const char *norm)
{
	col_paper(j, c, norm);
	if (strncmp(norm, "score_m", 7) == 0 && norm[7] >= '1' && norm[7] <= '3' && !norm[8])
		j->cols[c].month = norm[7] - '0';
	if (is_column(norm, "score", "得分"))
		j->score = (long)c;
	if (is_column(norm, "total", "综合得分"))
		j->total = (long)c;
	if (is_column(norm, "grade", "等级"))
		j->grade_col = (long)c;
	if (is_column(norm, "grid", "网格"))
		j->cat = (long)c;
	if (is_column(norm, "inspections", "检查次数"))
		j->inspections = (long)c;
	/* Rows of several groups of people (shequ-reach coverage) or of
	 * services (shequ-care services, with a total row of its own) count
	 * the same people more than once: no sum across them. */
	if (is_column(norm, "section", "类别") || is_column(norm, "building", "楼号") ||
	    is_column(norm, "unit", "单元") || is_column(norm, "stairwell", "楼道") ||
	    is_column(norm, "group", "人群") || is_column(norm, "service", "服务代码"))
		j->per_place = 0;
	if (j->o->split_by) {
		char *want = csv_header_norm(j->o->split_by);

		if (want && strcmp(norm, want) == 0)
			j->split = (long)c;
		free(want);
	}
}

/* Settle column C headed H: its label, type, formats, mask and role. */
static int col_settle(struct job *j, size_t c, const char *h, struct shequ_err *e)
{
	struct col *col = &j->cols[c];
	const char *label = xlsx_labels_find(j->o->labels, h, &col->type);
	char *norm = csv_header_norm(h);

	if (!norm)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	col_type(j, col, h);
	col_special(j, c, norm);
	free(norm);
	col->header = text_for_sheet(j->o->english || !label ? h : label);
	if (!col->header)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/*
 * A graded sheet (LINE is the header's): the grade names, the column
 * graded (the total, else the score), the CSV's grade column, and a
 * column after the CSV's for the chart's pass line.  The grades are the
 * tally's (shequ-tally --report quarterly grades the weighted total): a
 * summary without a grade column is refused rather than graded here, for
 * a grade of the score alone would contradict the assessment's.
 */
static int job_grades(struct job *j, long line, struct shequ_err *e)
{
	const struct scoring_conf *conf = j->o->conf;
	char label[64];

	if (!conf)
		return shequ_err_set(e, EX_SOFTWARE, "grades need scoring.conf");
	j->grades[0] = scoring_conf_grade(conf, conf->grade_excellent);
	j->grades[1] = scoring_conf_grade(conf, conf->grade_good);
	j->grades[2] = scoring_conf_grade(conf, conf->grade_pass);
	j->grades[3] = scoring_conf_grade(conf, conf->grade_pass - 1);
	j->graded = j->total >= 0 ? j->total : j->score;
	if (j->graded < 0)
		return shequ_err_set(e, EX_DATAERR, "line %ld: no score column to grade", line);
	if (j->grade_col < 0)
		return shequ_err_set(e, EX_DATAERR,
				     "line %ld: no grade column: the grades are the assessment's, "
				     "made by shequ-tally --report quarterly",
				     line);
	j->cols[j->grade_col].mask = 0;
	snprintf(label, sizeof label, "%s %g", j->o->english ? "pass line" : "合格线",
		 conf->grade_pass);
	j->nout = j->ncols + 1;
	j->cols[j->ncols].type = XLSX_SCORE;
	j->cols[j->ncols].header = strdup(label);
	if (!j->cols[j->ncols].header)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return 0;
}

/* Settle the columns of the header ROW: labels, types, formats, masks and
 * the special columns, once for the whole file. */
static int job_columns(struct job *j, struct csvin_row *row, struct shequ_err *e)
{
	size_t c;
	int rc;

	j->ncols = row->nfields;
	j->split = j->graded = j->grade_col = j->score = j->total = -1;
	j->inspections = -1;
	j->per_place = 1;
	j->cat = 0;
	if (!(j->cols = calloc(j->ncols + 1, sizeof *j->cols)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	for (c = 0; c < j->ncols; c++)
		if ((rc = col_settle(j, c, row->fields[c], e)))
			return rc;
	j->nout = j->ncols;
	if (j->o->grade)
		return job_grades(j, row->line, e);
	j->grade_col = -1;
	if (j->o->split_by && j->split < 0 && !j->o->split_sections)
		return shequ_err_set(e, EX_DATAERR, "line %ld: no %s column", row->line,
				     j->o->split_by);
	return 0;
}

/* Label the monthly scores of a quarter by their month ("7月得分") once
 * PERIOD, the first row's, is known to be a quarter. */
static int month_headers(struct job *j, const char *period, struct shequ_err *e)
{
	struct period q;
	size_t c;

	if (j->o->english || period_parse(period, 0, &q, NULL) || q.kind != PERIOD_QUARTER)
		return 0;
	for (c = 0; c < j->ncols; c++) {
		char label[32], *h;

		if (!j->cols[c].month)
			continue;
		snprintf(label, sizeof label, "%d月得分", (q.num - 1) * 3 + j->cols[c].month);
		if (!(h = strdup(label)))
			return shequ_err_set(e, EX_SOFTWARE, "out of memory");
		free(j->cols[c].header);
		j->cols[c].header = h;
	}
	return 0;
}

/* The period column of the header ROW, or -1. */
static long job_period_col(const struct job *j, const struct csvin_row *row)
{
	long period = -1;
	size_t i;

	for (i = 0; i < j->ncols; i++) {
		char *n = csv_header_norm(row->fields[i]);

		if (n && (strcmp(n, "period") == 0 || strcmp(n, "周期") == 0))
			period = (long)i;
		free(n);
	}
	return period;
}

/* qsort's natural order of two keys (XFL-2 before XFL-10). */
static int key_cmp(const void *a, const void *b)
{
	return natural_strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add KEY to the N keys of *KEYS unless it is there; 0, or -1 when memory
 * runs out. */
static int key_add(char ***keys, size_t *n, const char *key)
{
	char **grown;
	size_t i;

	for (i = *n; i-- > 0;)
		if (strcmp((*keys)[i], key) == 0)
			return 0;
	if (!(grown = realloc(*keys, (*n + 1) * sizeof *grown)))
		return -1;
	*keys = grown;
	if (!(grown[*n] = strdup(key)))
		return -1;
	(*n)++;
	return 0;
}

/*
 * Open the sheets of a split CSV at PATH in the natural order of their
 * keys (grid codes), whatever order the rows come in: a first pass reads
 * the keys only.  Standard input cannot be read twice: its sheets come
 * in the order their keys first appear.
 */
static int split_prescan(struct job *j, const char *path, struct shequ_err *e)
{
	struct csvin *r;
	struct csvin_row *row;
	char **keys = NULL;
	size_t n = 0, i;
	int rc;

	if (strcmp(path, "-") == 0 || !(r = csvin_open(path, j->o->csv, e)))
		return strcmp(path, "-") == 0 ? 0 : (e ? e->code : EX_NOINPUT);
	while (!(rc = csvin_next(r, &row, e)) && row)
		if (row->record > 1 && (size_t)j->split < row->nfields &&
		    key_add(&keys, &n, row->fields[j->split])) {
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
			break;
		}
	csvin_close(r);
	/* Grids in code order; a report's sections in the report's order. */
	if (!rc && n && !j->o->split_sections)
		qsort(keys, n, sizeof *keys, key_cmp);
	for (i = 0; !rc && i < n; i++)
		if (part_new(j, keys[i], 1, e) < 0)
			rc = e && e->code ? e->code : EX_SOFTWARE;
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

/* Free what J holds (the sheets belong to the book). */
static void job_free(struct job *j)
{
	size_t i;

	for (i = 0; i <= j->ncols && j->cols; i++)
		free(j->cols[i].header);
	free(j->cols);
	for (i = 0; i < j->nparts; i++) {
		free(j->parts[i].key);
		free(j->parts[i].width);
		free(j->parts[i].sum);
	}
	free(j->parts);
	free(j->cell);
	free(j->names);
	free(j->said);
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
	if (!(r = csvin_open(path, j.o->csv, e))) {
		/* "cannot open PATH" names the file; "this is an Excel workbook" does not. */
		if (e && (e->code == EX_DATAERR || e->code == EX_IOERR))
			shequ_err_prefix(e, "%s: ", strcmp(path, "-") == 0 ? "stdin" : path);
		return e ? e->code : EX_NOINPUT;
	}
	rc = csvin_next(r, &row, e);
	if (!rc && !row)
		rc = shequ_err_set(e, EX_DATAERR, "no header");
	if (!rc)
		rc = job_columns(&j, row, e);
	if (!rc)
		j.period_col = period = job_period_col(&j, row);
	/* The first row before the header is written: its period names the
	 * months of a quarter. */
	if (!rc && !(rc = csvin_next(r, &row, e)) && row) {
		if (period >= 0 && (size_t)period < row->nfields)
			snprintf(j.period, sizeof j.period, "%s", row->fields[period]);
		rc = month_headers(&j, j.period, e);
	}
	if (!rc && j.split >= 0)
		rc = split_prescan(&j, path, e);
	/* A sheet even when there are no rows, unless it is split. */
	if (!rc && j.split < 0 && part_new(&j, NULL, 1, e) < 0)
		rc = e && e->code ? e->code : EX_SOFTWARE;
	while (!rc && row) {
		if ((rc = row_write(&j, row, res, e)))
			break;
		rc = csvin_next(r, &row, e);
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
