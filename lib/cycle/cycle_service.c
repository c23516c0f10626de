/* cycle_service.c - the orders and alerts in the cycle's workbooks; see
 * cycle_service.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert_conf.h"
#include "alert/alert_report.h"
#include "base/csvin.h"
#include "base/csvout.h"
#include "cycle/cycle_service.h"
#include "request/request_catalogue.h"
#include "request/request_list.h"
#include "request/request_sla.h"

/* English words of the CSV API and their Chinese, ending with {NULL}. */
struct word {
	const char *en, *zh;
};

static const struct word source_words[] = {{"hotline", "热线"},	      {"app", "小程序"},
					   {"platform", "12345平台"}, {"walk_in", "来访"},
					   {"alert", "设备告警"},     {NULL, NULL}};
static const struct word status_words[] = {{"open", "处理中"},	    {"paused", "挂起"},
					   {"resolved", "已办结"},  {"closed", "已关闭"},
					   {"cancelled", "已撤单"}, {NULL, NULL}};
static const struct word stage_words[] = {{"accept", "接单"},
					  {"on_site", "到场"},
					  {"resolve", "办结"},
					  {"call_back", "回访"},
					  {NULL, NULL}};
/* An alert's order goes to the rung of its ladder, not to a person. */
static const struct word rung_words[] = {
    {"family", "家属"}, {"grid_worker", "网格员"}, {"community", "社区"}, {NULL, NULL}};
static const struct word severity_words[] = {
    {"urgent", "紧急"}, {"high", "高"}, {"medium", "中"}, {"low", "低"}, {NULL, NULL}};
static const struct word alert_status_words[] = {
    {"open", "待处置"}, {"cleared", "已解除"}, {"closed", "已关闭"}, {NULL, NULL}};
static const struct word real_words[] = {{"1", "属实"}, {"0", "误报"}, {NULL, NULL}};

/* How a cell is put in words. */
enum conv {
	AS_IS,
	WORDS,	  /* by the column's table */
	STAGES,	  /* stage names separated by blanks, joined by 、 */
	SCENARIO, /* a scenario or category code: its name */
	RULE,	  /* an alert rule's code: its name */
	KIND,	  /* a device kind's code: its name */
	PLACE,	  /* compound, building, unit and room as one: 甲小区 1-1-101 */
	MINUTE,	  /* a moment to the minute: 2026-07-08 09:05 */
	CLOCK,	  /* a moment of the report's own day: 09:05 */
};

/* One column of a sheet: the CSV's FROM, headed TO; EMPTY stands in for
 * an empty cell (a group of orders without a grid, say). */
struct column {
	const char *from, *to;
	enum conv conv;
	const struct word *words;
	const char *empty;
};

/* A column copied as it is, and the end of a sheet's columns. */
/* clang-format off */
#define PLAIN(from, to) {from, to, AS_IS, NULL, NULL}
#define END_COLS {NULL, NULL, AS_IS, NULL, NULL}
/* clang-format on */

/* What an order or alert without a grid (its address not in the
 * registry) is listed under. */
#define NO_GRID "未划入网格"

/* The columns fit across A4 landscape (xlsx_sheet.h): one address column,
 * times to the minute, units in ASCII brackets.  A scenario or an alert's
 * rule is headed 类别, the word by which the sheet writer knows a list
 * that is no table of places: no 合计 row under it. */
static const struct column late_cols[] = {PLAIN("number", "工单编号"),
					  {"source", "来源", WORDS, source_words, NULL},
					  {"scenario", "类别", SCENARIO, NULL, NULL},
					  {"compound", "地址", PLACE, NULL, NULL},
					  PLAIN("grid", "网格"),
					  PLAIN("requester", "联系人"),
					  PLAIN("phone", "联系电话"),
					  {"assignee", "处理人", WORDS, rung_words, NULL},
					  {"received", "受理时间", MINUTE, NULL, NULL},
					  {"status", "工单状态", WORDS, status_words, NULL},
					  {"late", "超时环节", STAGES, NULL, NULL},
					  {"next_stage", "待办环节", WORDS, stage_words, NULL},
					  {"due", "办理时限", MINUTE, NULL, NULL},
					  PLAIN("overdue_minutes", "逾期(分钟)"),
					  END_COLS};

static const struct column alert_cols[] = {{"grid", "网格", AS_IS, NULL, NO_GRID},
					   {"raised", "预警时间", CLOCK, NULL, NULL},
					   {"rule", "类别", RULE, NULL, NULL},
					   {"severity", "级别", WORDS, severity_words, NULL},
					   {"kind", "设备类型", KIND, NULL, NULL},
					   PLAIN("device", "设备编号"),
					   PLAIN("place", "位置"),
					   PLAIN("person", "被看护人"),
					   PLAIN("contact", "家属电话"),
					   PLAIN("order", "工单编号"),
					   {"told", "已通知", WORDS, rung_words, NULL},
					   {"status", "处置状态", WORDS, alert_status_words, NULL},
					   {"closed", "关闭时间", CLOCK, NULL, NULL},
					   {"real", "核实结果", WORDS, real_words, NULL},
					   PLAIN("finding", "处置情况"),
					   END_COLS};

/* The SLA figures a week reports per grid or assignee: the counts, then
 * the rates of issue 16 (the minutes are in shequ-request sla). */
#define SLA_FIGURES                                                                                \
	PLAIN("orders", "工单数"), PLAIN("open", "未办结"), PLAIN("resolved", "已办结"),           \
	    PLAIN("closed", "已关闭"), PLAIN("accept_in_sla", "响应率(%)"),                        \
	    PLAIN("on_site_in_sla", "按时到场率(%)"), PLAIN("resolve_in_sla", "按时办结率(%)"),    \
	    PLAIN("resolution_rate", "解决率(%)"), PLAIN("call_back_rate", "回访率(%)"),           \
	    PLAIN("satisfaction_rate", "满意率(%)"), PLAIN("reopen_rate", "重办率(%)"),            \
	    PLAIN("rating", "平均评分")

/* The figures a month ranks by (in the order they rank), then the rest. */
#define RANK_FIGURES                                                                               \
	PLAIN("orders", "工单数"), PLAIN("resolve_in_sla", "按时办结率(%)"),                       \
	    PLAIN("satisfaction_rate", "满意率(%)"), PLAIN("accept_in_sla", "响应率(%)"),          \
	    PLAIN("on_site_in_sla", "按时到场率(%)"), PLAIN("resolution_rate", "解决率(%)"),       \
	    PLAIN("reopen_rate", "重办率(%)"), PLAIN("rating", "平均评分")

static const struct column grid_cols[] = {
    PLAIN("period", "周期"), {"grid", "网格", AS_IS, NULL, NO_GRID}, SLA_FIGURES, END_COLS};
static const struct column assignee_cols[] = {PLAIN("period", "周期"),
					      {"assignee", "处理人", WORDS, rung_words, "未派单"},
					      SLA_FIGURES,
					      END_COLS};
static const struct column alert_grid_cols[] = {
    PLAIN("period", "周期"),
    {"grid", "网格", AS_IS, NULL, NO_GRID},
    PLAIN("alerts", "预警数"),
    PLAIN("real", "属实"),
    PLAIN("false", "误报"),
    PLAIN("open", "未关闭"),
    PLAIN("first_contact_median", "首次联系中位数(分钟)"),
    PLAIN("on_site_median", "到场中位数(分钟)"),
    END_COLS};
static const struct column scenario_rank_cols[] = {PLAIN("period", "周期"),
						   PLAIN("rank", "排名"),
						   {"scenario", "类别", SCENARIO, NULL, NULL},
						   RANK_FIGURES,
						   END_COLS};
static const struct column assignee_rank_cols[] = {
    PLAIN("period", "周期"),
    PLAIN("rank", "排名"),
    {"assignee", "处理人", WORDS, rung_words, "未派单"},
    RANK_FIGURES,
    END_COLS};

/* What a sheet needs in the database to be there at all. */
enum need { ORDERS, ALERTS };

/* The sheets: CSV suffix, name, the period kind whose workbook has it,
 * what it needs, and its columns (a sheet with a column `rank` goes by
 * rank). */
static const struct {
	const char *file, *name;
	enum period_kind kind;
	enum need need;
	const struct column *cols;
} sheets[CYCLE_SERVICE_SHEETS] = {
    [CYCLE_SERVICE_LATE] = {"late", "超时工单", PERIOD_DAY, ORDERS, late_cols},
    [CYCLE_SERVICE_ALERTS] = {"alerts", "预警处置", PERIOD_DAY, ALERTS, alert_cols},
    [CYCLE_SERVICE_GRID] = {"service-grid", "网格工单", PERIOD_WEEK, ORDERS, grid_cols},
    [CYCLE_SERVICE_ASSIGNEE] = {"service-assignee", "处理人工单", PERIOD_WEEK, ORDERS,
				assignee_cols},
    [CYCLE_SERVICE_ALERT_GRID] = {"alert-grid", "网格预警", PERIOD_WEEK, ALERTS, alert_grid_cols},
    [CYCLE_SERVICE_SCENARIO_RANK] = {"scenario-rank", "场景排名", PERIOD_MONTH, ORDERS,
				     scenario_rank_cols},
    [CYCLE_SERVICE_ASSIGNEE_RANK] = {"assignee-rank", "处理人排名", PERIOD_MONTH, ORDERS,
				     assignee_rank_cols},
};

const char *cycle_service_file(int s)
{
	return sheets[s].file;
}

const char *cycle_service_name(int s)
{
	return sheets[s].name;
}

/* Whether the database holds any order, and any alert, into HAVE. */
static int service_data(sqlite3 *db, int have[2], struct shequ_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db,
				    "SELECT EXISTS (SELECT 1 FROM request_order), "
				    "EXISTS (SELECT 1 FROM alert)",
				    -1, &st, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		have[ORDERS] = sqlite3_column_int(st, 0);
		have[ALERTS] = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return shequ_err_set(e, EX_SOFTWARE, "orders and alerts: %s", sqlite3_errmsg(db));
	return 0;
}

int cycle_service_sheets(sqlite3 *db, const struct period *p, int *list, int *n,
			 struct shequ_err *e)
{
	int have[2] = {0, 0}, s, rc;

	*n = 0;
	if (p->kind == PERIOD_QUARTER)
		return 0;
	if ((rc = service_data(db, have, e)))
		return rc;
	for (s = 0; s < CYCLE_SERVICE_SHEETS; s++)
		if (sheets[s].kind == p->kind && have[sheets[s].need])
			list[(*n)++] = s;
	return 0;
}

/* The configuration the sheets read: the catalogue (scenario names, time
 * limits, min_orders) and, for the alert sheets, the rules and kinds. */
struct service_conf {
	struct request_catalogue cat;
	struct alert_conf *alerts; /* NULL when not loaded */
};

/* Load what sheet S needs into CF (freed with conf_free, also on failure). */
static int conf_load(int s, struct service_conf *cf, struct shequ_err *e)
{
	int rc;

	if ((rc = request_catalogue_load(&cf->cat, e)))
		return rc;
	if (sheets[s].need != ALERTS)
		return 0;
	if (!(cf->alerts = calloc(1, sizeof *cf->alerts)))
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	return alert_conf_load(cf->alerts, &cf->cat, e);
}

static void conf_free(struct service_conf *cf)
{
	request_catalogue_free(&cf->cat);
	free(cf->alerts);
}

/* Write the CSV sheet S of P is made from on F: the request or alert
 * module's own report, the orders as they stood at the period's end. */
static int source_write(sqlite3 *db, int s, const struct period *p, const struct service_conf *cf,
			FILE *f, struct shequ_err *e)
{
	const struct request_catalogue *c = &cf->cat;
	int first, last;

	period_bounds(p, &first, &last);
	switch (s) {
	case CYCLE_SERVICE_LATE:
		return request_late(db, c, first * 86400LL, (last + 1LL) * 86400 - 1, f, e);
	case CYCLE_SERVICE_ALERTS:
		return alert_list_period(db, p, f, e);
	case CYCLE_SERVICE_GRID:
		return request_sla_at_end(db, c, p, REQUEST_BY_GRID, c->min_orders, f, e);
	case CYCLE_SERVICE_ALERT_GRID:
		return alert_stats(db, p, 1, f, e);
	case CYCLE_SERVICE_SCENARIO_RANK:
		return request_sla_at_end(db, c, p, REQUEST_BY_SCENARIO, c->min_orders, f, e);
	default:
		return request_sla_at_end(db, c, p, REQUEST_BY_ASSIGNEE, c->min_orders, f, e);
	}
}

/* The Chinese of V in table W, or V. */
static const char *word_of(const struct word *w, const char *v)
{
	for (; w->en; w++)
		if (!strcmp(w->en, v))
			return w->zh;
	return v;
}

/* The stages V ("accept on_site") in words, joined by 、, into OUT (N). */
static void stages_words(const char *v, char *out, size_t n)
{
	char stage[32];
	size_t len;

	out[0] = '\0';
	while (*v) {
		len = strcspn(v, " ");
		snprintf(stage, sizeof stage, "%.*s", (int)len, v);
		if (len)
			snprintf(out + strlen(out), n - strlen(out), "%s%s", *out ? "、" : "",
				 word_of(stage_words, stage));
		v += len + (v[len] == ' ');
	}
}

/* Cell V of column C in words, into OUT (N bytes). */
static void cell_words(const struct column *c, const char *v, const struct service_conf *cf,
		       char *out, size_t n)
{
	const struct request_kind *k;
	const struct alert_rule *r;
	const struct alert_kind *dk;

	if (!*v && c->empty)
		v = c->empty;
	else if (c->conv == WORDS)
		v = word_of(c->words, v);
	else if (c->conv == SCENARIO && (k = request_kind_find(&cf->cat, v)))
		v = k->name;
	else if (c->conv == RULE && cf->alerts && (r = alert_rule_find(cf->alerts, v)))
		v = r->name;
	else if (c->conv == KIND && cf->alerts && (dk = alert_kind_find(cf->alerts, v)))
		v = dk->name;
	if (c->conv == STAGES)
		stages_words(v, out, n);
	else if (c->conv == MINUTE && strlen(v) >= 16)
		snprintf(out, n, "%.16s", v);
	else if (c->conv == CLOCK && strlen(v) >= 16)
		snprintf(out, n, "%.5s", v + 11);
	else
		snprintf(out, n, "%s", v);
}

/* Most columns a sheet has. */
#define MAX_COLS 32

/* The rows of a sheet as they are read, in words. */
struct rows {
	char **cell; /* NCOLS strings a row, row after row */
	size_t ncols, n, cap;
	long idx[MAX_COLS]; /* the CSV's field of each column, or -1 */
	long place[3];	    /* the CSV's building, unit and room, or -1 */
};

/* Field K of ROW (N fields), or "" when there is none. */
static const char *field(char **row, size_t n, long k)
{
	return k >= 0 && (size_t)k < n ? row[k] : "";
}

/* The source of column I of R from ROW (N fields) into BUF (LEN bytes):
 * its field, or for PLACE the address made of four. */
static const char *cell_source(const struct rows *r, const struct column *cols, size_t i,
			       char **row, size_t n, char *buf, size_t len)
{
	const char *compound = field(row, n, r->idx[i]);

	if (cols[i].conv != PLACE || !*compound)
		return compound;
	snprintf(buf, len, "%s %s-%s-%s", compound, field(row, n, r->place[0]),
		 field(row, n, r->place[1]), field(row, n, r->place[2]));
	return buf;
}

/* Add the row FIELDS (N of them) to R, its columns COLS in words. */
static int rows_add(struct rows *r, const struct column *cols, char **fields, size_t nfields,
		    const struct service_conf *cf)
{
	char buf[1024], place[1024];
	size_t i;

	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 32;
		char **more = realloc(r->cell, cap * r->ncols * sizeof *more);

		if (!more)
			return -1;
		r->cell = more;
		r->cap = cap;
	}
	for (i = 0; i < r->ncols; i++) {
		const char *v = cell_source(r, cols, i, fields, nfields, place, sizeof place);

		cell_words(&cols[i], v, cf, buf, sizeof buf);
		if (!(r->cell[r->n * r->ncols + i] = strdup(buf))) {
			while (i-- > 0)
				free(r->cell[r->n * r->ncols + i]);
			return -1;
		}
	}
	r->n++;
	return 0;
}

static void rows_free(struct rows *r)
{
	size_t i;

	for (i = 0; i < r->n * r->ncols; i++)
		free(r->cell[i]);
	free(r->cell);
}

/* Read the CSV of BUF (LEN bytes, our own UTF-8) into R, the columns COLS
 * in words. */
static int rows_read(char *buf, size_t len, const struct column *cols,
		     const struct service_conf *cf, struct rows *r, struct shequ_err *e)
{
	static const struct csvin_opts utf8 = {.encoding = "utf-8"};
	FILE *f = fmemopen(buf, len, "r");
	struct csvin *in;
	struct csvin_row *row;
	size_t i;
	int rc;

	if (!f)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!(in = csvin_fopen(f, &utf8, e))) {
		fclose(f);
		return e ? e->code : EX_SOFTWARE;
	}
	while (!(rc = csvin_next(in, &row, e)) && row) {
		if (row->record == 1) {
			for (i = 0; i < r->ncols; i++)
				r->idx[i] =
				    csv_header_find(row->fields, row->nfields, cols[i].from);
			r->place[0] = csv_header_find(row->fields, row->nfields, "building");
			r->place[1] = csv_header_find(row->fields, row->nfields, "unit");
			r->place[2] = csv_header_find(row->fields, row->nfields, "room");
		} else if (rows_add(r, cols, row->fields, row->nfields, cf)) {
			rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
			break;
		}
	}
	csvin_close(in);
	fclose(f);
	return rc;
}

/* A row's place in the output: its rank (LONG_MAX unranked) and where it
 * was read, so that equal ranks keep the key's order. */
struct place {
	long rank;
	size_t row;
};

static int place_cmp(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

/* The order R's rows are written in, into PL: by the column `rank` of
 * COLS when there is one, else as read. */
static void rows_order(const struct rows *r, const struct column *cols, struct place *pl)
{
	size_t i, k = r->ncols;

	for (i = 0; i < r->ncols; i++)
		if (!strcmp(cols[i].from, "rank"))
			k = i;
	for (i = 0; i < r->n; i++) {
		const char *v = k < r->ncols ? r->cell[i * r->ncols + k] : "";
		char *end;
		long rank = strtol(v, &end, 10);

		/* request_sla() writes a rank as a whole number, or nothing. */
		pl[i].rank = *v && !*end ? rank : LONG_MAX;
		pl[i].row = i;
	}
	if (k < r->ncols && r->n > 1)
		qsort(pl, r->n, sizeof *pl, place_cmp);
}

/* Write R (COLS) on F with the Chinese headers, by rank when COLS have one. */
static int rows_write(const struct rows *r, const struct column *cols, FILE *f, struct shequ_err *e)
{
	struct csvout *w = csvout_new(f, 0);
	struct place *pl = malloc((r->n ? r->n : 1) * sizeof *pl);
	size_t i, j;

	if (!w || !pl) {
		csvout_close(w);
		free(pl);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	for (i = 0; i < r->ncols; i++)
		csvout_field(w, cols[i].to);
	csvout_end_row(w);
	rows_order(r, cols, pl);
	for (i = 0; i < r->n; i++) {
		for (j = 0; j < r->ncols; j++)
			csvout_field(w, r->cell[pl[i].row * r->ncols + j]);
		csvout_end_row(w);
	}
	free(pl);
	return csvout_close(w) ? shequ_err_set(e, EX_IOERR, "write error") : 0;
}

int cycle_service_write(sqlite3 *db, int s, const struct period *p, FILE *f, struct shequ_err *e)
{
	struct service_conf cf = {0};
	struct rows r = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int rc;

	if (!m)
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	for (r.ncols = 0; sheets[s].cols[r.ncols].from && r.ncols < MAX_COLS; r.ncols++)
		;
	if (!(rc = conf_load(s, &cf, e)))
		rc = source_write(db, s, p, &cf, m, e);
	if (fclose(m) != 0 && !rc)
		rc = shequ_err_set(e, EX_SOFTWARE, "out of memory");
	if (!rc)
		rc = rows_read(buf, len, sheets[s].cols, &cf, &r, e);
	if (!rc)
		rc = rows_write(&r, sheets[s].cols, f, e);
	rows_free(&r);
	conf_free(&cf);
	free(buf);
	return rc;
}
