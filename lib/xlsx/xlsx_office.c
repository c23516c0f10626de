/* xlsx_office.c - office.conf; see xlsx_office.h. */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/datadir.h"
#include "xlsx/xlsx_office.h"

/* The keys of office.conf and where each goes. */
static const struct {
	const char *name;
	size_t off;
} keys[] = {
    {"community", offsetof(struct xlsx_office, community)},
    {"street", offsetof(struct xlsx_office, street)},
    {"office", offsetof(struct xlsx_office, office)},
    {"preparer", offsetof(struct xlsx_office, preparer)},
    {"reviewer", offsetof(struct xlsx_office, reviewer)},
};

/* Strip blanks at both ends of S in place; returns the start. */
static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Take line LINE of PATH, BUF, into O. */
static int office_line(struct xlsx_office *o, char *buf, const char *path, long line,
		       struct shequ_err *e)
{
	char *hash = strchr(buf, '#'), *eq, *name, *val;
	size_t i;

	if (hash)
		*hash = '\0';
	name = trim(buf);
	if (!*name)
		return 0;
	if (!(eq = strchr(name, '=')))
		return shequ_err_set(e, EX_CONFIG, "%s:%ld: expected key = value", path, line);
	*eq = '\0';
	val = trim(eq + 1);
	name = trim(name);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].name, name) == 0)
			break;
	if (i == sizeof keys / sizeof keys[0])
		return shequ_err_set(e, EX_CONFIG, "%s:%ld: unknown key '%s'", path, line, name);
	if (strlen(val) >= XLSX_OFFICE_FIELD)
		return shequ_err_set(e, EX_CONFIG, "%s:%ld: %s: longer than %d bytes", path, line,
				     name, XLSX_OFFICE_FIELD - 1);
	snprintf((char *)o + keys[i].off, XLSX_OFFICE_FIELD, "%s", val);
	return 0;
}

int xlsx_office_load_file(struct xlsx_office *o, const char *path, struct shequ_err *e)
{
	FILE *f = fopen(path, "r");
	char buf[1024];
	long line = 0;
	int rc = 0;

	memset(o, 0, sizeof *o);
	if (!f)
		return shequ_err_set(e, EX_CONFIG, "%s: %s", path, strerror(errno));
	while (!rc && fgets(buf, sizeof buf, f))
		rc = office_line(o, buf, path, ++line, e);
	fclose(f);
	if (!rc && !*o->office)
		snprintf(o->office, sizeof o->office, "%s", XLSX_OFFICE_DEFAULT);
	return rc;
}

int xlsx_office_load(struct xlsx_office *o, struct shequ_err *e)
{
	char path[4096];

	memset(o, 0, sizeof *o);
	snprintf(o->office, sizeof o->office, "%s", XLSX_OFFICE_DEFAULT);
	/* datadir_path says EX_CONFIG for a missing file: that is the
	 * defaults here, not an error. */
	if (datadir_path("office.conf", path, sizeof path, NULL))
		return 0;
	return xlsx_office_load_file(o, path, e);
}
