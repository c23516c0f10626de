/* extra.c - messages that reach a format function in a way xgettext cannot
 * follow (the second branch of a ?:, a macro), listed so that they are in
 * the catalogue too.  Read by po/update-po.sh only; never compiled. */

/* lib/domain/idcard.c: EXCEL_ROUNDED */
N_("looks like a number Excel rounded; format the column as text and export again");
/* lib/import/import_inspections.c: the second branch of the date check */
/* xgettext:c-format */
N_("%s is after %s, the newest date accepted (--not-after)");
/* lib/reach/reach_import.c: an empty kind */
/* xgettext:c-format */
N_("empty%s");

/* glibc's argp looks its own words up in the tool's text domain (argp_domain
 * is NULL), not in libc's: the usage line and the hint after an error. */
N_("Usage:");
N_("  or: ");
N_(" [OPTION...]");
/* xgettext:c-format */
N_("Try `%s --help' or `%s --usage' for more information.\n");
/* xgettext:c-format */
N_("Report bugs to %s.\n");
N_("Mandatory or optional arguments to long options are also mandatory or optional for any corresponding short options.");
/* argp's own options: their docs too are looked up in the tool's domain
 * (the root argp's), not in libc's. */
N_("Give this help list");
N_("Give a short usage message");
N_("Print program version");

/* cmd/common/cli.c: argp_program_bug_address, looked up in cli_init. */
N_("the community office's shequ maintainers");
