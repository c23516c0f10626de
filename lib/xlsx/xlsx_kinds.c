/* xlsx_kinds.c - the workbooks of the cycle; see xlsx_kinds.h. */
#include <stdio.h>
#include <string.h>

#include "domain/aliases.h"
#include "domain/period.h"
#include "domain/rubric.h"
#include "domain/scoring_conf.h"
#include "xlsx/xlsx_book.h"
#include "xlsx/xlsx_kinds.h"
#include "xlsx/xlsx_office.h"
#include "xlsx/xlsx_sheet.h"

/* Per kind: name, Chinese title, English title, the period it is about. */
static const struct {
	const char *name;
	const char *zh;
	const char *en;
	int period; /* enum period_kind, or -1 for any */
} kinds[] = {
    [XLSX_PLAIN] = {"plain", NULL, NULL, -1},
    [XLSX_DAILY] = {"daily", "日督查", "Daily supervision", PERIOD_DAY},
    [XLSX_WEEKLY] = {"weekly", "周抄报", "Weekly report", PERIOD_WEEK},
    [XLSX_MONTHLY] = {"monthly", "月通报", "Monthly bulletin", PERIOD_MONTH},
    [XLSX_SCORECARD] = {"scorecard", "季度考核", "Quarterly assessment", PERIOD_QUARTER},
    [XLSX_REACH_BUILDINGS] = {"reach-buildings", "十五分钟生活圈步行可达", "Walking reach",
			      PERIOD_DAY},
    [XLSX_REACH_COVERAGE] = {"reach-coverage", "十五分钟生活圈覆盖", "Life circle coverage",
			     PERIOD_DAY},
    [XLSX_REACH_GAPS] = {"reach-gaps", "十五分钟生活圈服务盲区", "Life circle gaps", PERIOD_DAY},
    [XLSX_REACH_SITE] = {"reach-site", "新设施选址建议", "Sites for new facilities", PERIOD_DAY},
    [XLSX_REACH_LOAD] = {"reach-load", "设施服务负荷", "Facility load", PERIOD_DAY},
};

/* 1 when K is one of the reports of shequ-reach. */
static int is_reach(enum xlsx_kind k)
{
	return k >= XLSX_REACH_BUILDINGS && k <= XLSX_REACH_LOAD;
}

int xlsx_kind_parse(const char *s, enum xlsx_kind *k, struct shequ_err *e)
{
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(s, kinds[i].name) == 0) {
			*k = (enum xlsx_kind)i;
			return 0;
		}
	return shequ_err_set(
	    e, EX_USAGE,
	    "unknown kind '%s': plain, daily, weekly, monthly, scorecard, "
	    "reach-buildings, reach-coverage, reach-gaps, reach-site or reach-load",
	    s);
}

const char *xlsx_kind_name(enum xlsx_kind k)
{
	return kinds[k].name;
}

/* The sheet name of an input: NAME=, else the file's base name without
 * .csv, else "data" for standard input. */
static void input_name(const struct xlsx_input *in, char *out, size_t n)
{
	const char *p = in->path, *slash, *dot;
	size_t len;

	if (in->name && *in->name) {
		snprintf(out, n, "%s", in->name);
		return;
	}
	if (strcmp(p, "-") == 0) {
		snprintf(out, n, "data");
		return;
	}
	slash = strrchr(p, '/');
	p = slash ? slash + 1 : p;
	dot = strrchr(p, '.');
	len = dot && dot != p ? (size_t)(dot - p) : strlen(p);
	snprintf(out, n, "%.*s", (int)len, p);
}

/* Check that PERIOD, of a first sheet of ROWS rows, is of the kind JOB's
 * reports are about. */
static int check_period(const struct xlsx_job *job, const char *period, long rows,
			struct shequ_err *e)
{
	struct period p;
	static const char *const what[] = {"a day", "an ISO week", "a month", "a quarter"};

	if (kinds[job->kind].period < 0)
		return 0;
	/* A report of no rows (shequ-reach with an empty register) has no
	 * period to be titled with, whatever its header says. */
	if (!*period && !rows)
		return shequ_err_set(e, EX_DATAERR,
				     "%s: no rows: nothing to title the %s report with",
				     job->inputs[0].path, kinds[job->kind].name);
	if (!*period)
		return shequ_err_set(e, EX_DATAERR, "%s: no period column to title the %s report",
				     job->inputs[0].path, kinds[job->kind].name);
	if (period_parse(period, 0, &p, NULL) || (int)p.kind != kinds[job->kind].period ||
	    strchr(period, '-') == NULL)
		return shequ_err_set(e, EX_DATAERR, "%s: period '%s' is not %s (--kind %s)",
				     job->inputs[0].path, period, what[kinds[job->kind].period],
				     kinds[job->kind].name);
	return 0;
}

/* Fold one sheet's result into the report. */
static void report_add(struct xlsx_report *rep, const struct xlsx_input *in,
		       const struct xlsx_sheet_result *res)
{
	rep->rows += res->rows;
	rep->sheets += res->sheets;
	if (res->cut && rep->cut == 0)
		snprintf(rep->cut_where, sizeof rep->cut_where, "%s:%ld: %s",
			 strcmp(in->path, "-") == 0 ? "stdin" : in->path, res->cut_line,
			 res->cut_column);
	rep->cut += res->cut;
	if (!rep->period[0])
		snprintf(rep->period, sizeof rep->period, "%s", res->period);
}

/* The order inputs are written in: for a scorecard the summary first, then
 * the detail and the cases, then the rest as given. */
static int input_rank(const struct xlsx_job *job, const struct xlsx_input *in)
{
	if (job->kind != XLSX_SCORECARD || !in->name)
		return 3;
	if (strcmp(in->name, "summary") == 0)
		return 0;
	if (strcmp(in->name, "detail") == 0)
		return 1;
	if (strcmp(in->name, "cases") == 0)
		return 2;
	return 3;
}

/* Check that the inputs fit the kind. */
static int check_inputs(const struct xlsx_job *job, struct shequ_err *e)
{
	size_t i, summary = 0, stdin_used = 0;

	if (job->ninputs == 0)
		return shequ_err_set(e, EX_USAGE, "nothing to export");
	for (i = 0; i < job->ninputs; i++) {
		if (strcmp(job->inputs[i].path, "-") == 0 && stdin_used++)
			return shequ_err_set(e, EX_USAGE, "standard input can be read only once");
		if (job->inputs[i].name && strcmp(job->inputs[i].name, "summary") == 0)
			summary++;
	}
	if (job->kind == XLSX_SCORECARD && summary != 1)
		return shequ_err_set(
		    e, EX_USAGE, "a scorecard needs exactly one summary=CSV (the grid ranking)");
	return 0;
}

/* The configuration every sheet of an export reads (share/). */
struct export_conf {
	struct xlsx_labels *labels;	/* labels.csv and values.csv */
	struct header_aliases *aliases; /* headers.csv: the import's headers */
	struct rubric rubric;		/* rubric.csv, when it is there */
	int have_rubric;
	struct scoring_conf conf;  /* grade bands and the pass line of 0-100 scores */
	struct xlsx_office office; /* office.conf: the community, who signs */
};

/* Free what CF holds. */
static void export_conf_free(struct export_conf *cf)
{
	xlsx_labels_free(cf->labels);
	aliases_free(cf->aliases);
}

/* Load the configuration into CF (freed with export_conf_free, also on
 * failure). */
static int export_conf_load(struct export_conf *cf, struct shequ_err *e)
{
	int rc;

	/* The labels give the columns' types, so they are read for English
	 * headers too: personal data is masked in either language. */
	if ((rc = xlsx_labels_load(&cf->labels, e)) || (rc = aliases_load(&cf->aliases, e)))
		return rc;
	cf->have_rubric = rubric_load(&cf->rubric, NULL) == 0;
	if ((rc = xlsx_office_load(&cf->office, e)))
		return rc;
	return scoring_conf_load(&cf->conf, e);
}

/* Open JOB's workbook: streamed, private when unmasked. */
static struct xlsx_book *export_open(const struct xlsx_job *job, const struct export_conf *cf,
				     struct shequ_err *e)
{
	struct xlsx_book_opts bo = {0};

	bo.author = cf->office.office;
	bo.company = *cf->office.street ? cf->office.street : cf->office.office;
	bo.created = job->created;
	bo.constant_memory = 1;
	bo.private_file = job->unmask;
	bo.title = job->title;
	bo.nofollow_dir = job->nofollow_dir;
	return xlsx_book_open(job->output, &bo, e);
}

/* The title of JOB's kind in its language, or NULL for a plain export. */
static const char *kind_title(const struct xlsx_job *job)
{
	return job->english ? kinds[job->kind].en : kinds[job->kind].zh;
}

/* What sets one sheet apart: its place in a scorecard (by RANK), its
 * name, and its page title once the first sheet has told the period. */
static void sheet_role(const struct xlsx_job *job, const struct xlsx_input *in, int rank, int first,
		       struct xlsx_sheet_opts *so, char *name, size_t n)
{
	const char *kt = kind_title(job);

	input_name(in, name, n);
	if (job->kind == XLSX_SCORECARD && rank == 0) {
		so->grade = 1;
		snprintf(name, n, "%s", job->english ? "Summary" : "考核汇总");
	} else if (job->kind == XLSX_SCORECARD && rank == 1) {
		so->split_by = "grid";
	} else if (job->kind == XLSX_SCORECARD && rank == 2) {
		so->split_by = "grid";
		so->split_suffix = job->english ? "cases" : "案件";
	} else if (first && !in->name && kt) {
		snprintf(name, n, "%s", kt);
	} else if (job->kind == XLSX_SCORECARD && strcmp(name, "data") == 0 && !job->english) {
		snprintf(name, n, "数据");
	}
	/* A report that mixes row types (the monthly bulletin's sections)
	 * gets a sheet per row type, so that no sum counts a row twice; a
	 * report of shequ-reach a sheet per kind of facility, for the same
	 * reason and because each kind has its own tier. */
	if (job->kind != XLSX_SCORECARD && kt) {
		so->split_by = is_reach(job->kind) ? "kind" : "section";
		so->split_sections = 1;
	}
}

/* Write input IN of JOB (of scorecard rank RANK) as its sheet(s). */
static int export_input(const struct xlsx_job *job, struct xlsx_book *b,
			const struct export_conf *cf, const struct xlsx_input *in, int rank,
			struct xlsx_report *rep, struct shequ_err *e)
{
	struct xlsx_sheet_opts so = {0};
	struct xlsx_sheet_result res;
	char name[XLSX_SHEETNAME_SIZE], full[256];
	const char *kt = kind_title(job);
	int first = rep->sheets == 0, rc;

	so.labels = cf->labels;
	so.aliases = cf->aliases;
	so.rubric = cf->have_rubric ? &cf->rubric : NULL;
	so.conf = &cf->conf;
	so.csv = job->csv;
	so.title = job->title ? job->title : kt;
	if (!first && kt && !job->title) {
		xlsx_period_title(cf->office.community, kt, rep->period, job->english, full,
				  sizeof full);
		so.title = full;
		so.title_is_full = 1;
	}
	so.english = job->english;
	so.report = kt != NULL;
	so.office = &cf->office;
	so.unmask = job->unmask;
	so.max_rows = job->max_rows;
	sheet_role(job, in, rank, first, &so, name, sizeof name);
	if ((rc = xlsx_sheet_write(b, name, in->path, &so, &res, e)))
		return rc;
	report_add(rep, in, &res);
	return first ? check_period(job, res.period, res.rows, e) : 0;
}

/* The document title: the period in words and the kind, else the first
 * input's name; the subject: the kind. */
static int export_title(const struct xlsx_job *job, const struct export_conf *cf,
			struct xlsx_book *b, const struct xlsx_report *rep, struct shequ_err *e)
{
	const char *kt = kind_title(job);
	char title[256];
	int rc;

	if (kt && (rc = xlsx_book_set_subject(b, kt, e)))
		return rc;
	if (job->title)
		return 0;
	if (kt)
		xlsx_period_title(cf->office.community, kt, rep->period, job->english, title,
				  sizeof title);
	else
		input_name(&job->inputs[0], title, sizeof title);
	return xlsx_book_set_title(b, title, e);
}

int xlsx_export(const struct xlsx_job *job, struct xlsx_report *rep, struct shequ_err *e)
{
	struct xlsx_report none;
	struct export_conf cf = {0};
	struct xlsx_book *b = NULL;
	int rank, rc;
	size_t i;

	if (!rep)
		rep = &none;
	memset(rep, 0, sizeof *rep);
	if ((rc = check_inputs(job, e)) || (rc = export_conf_load(&cf, e))) {
		export_conf_free(&cf);
		return rc;
	}
	if (!(b = export_open(job, &cf, e))) {
		export_conf_free(&cf);
		return e ? e->code : EX_CANTCREAT;
	}
	/* A scorecard's summary first, then its detail and cases, then the
	 * rest in the order given. */
	for (rank = 0; !rc && rank <= 3; rank++)
		for (i = 0; !rc && i < job->ninputs; i++)
			if (input_rank(job, &job->inputs[i]) == rank)
				rc = export_input(job, b, &cf, &job->inputs[i], rank, rep, e);
	if (!rc)
		rc = export_title(job, &cf, b, rep, e);
	export_conf_free(&cf);
	if (rc) {
		xlsx_book_abort(b);
		return rc;
	}
	return xlsx_book_close(b, e);
}
