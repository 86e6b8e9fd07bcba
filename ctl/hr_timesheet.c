/* attendctl timesheet: the Bảng chấm công, form C01-HD, of a unit (and its sub-units) for a
 * month.  The statements are lib/timesheet_sql.c's and the files doc/timesheet.c's, shared with
 * attend-web; this file is the command: its options, its checks, its messages.  It is an
 * official form: Vietnamese unless --lang en is asked for explicitly. */
#include <string.h>

#include "ctl/hr.h"
#include "doc/timesheet.h"
#include "lib/timesheet_sql.h"

static int timesheet(struct ctl *c, const char *agency, const char *unit, const char *month,
                     const char *format, const char *output)
{
	if (!agency || !unit || !month || !output) {
		fprintf(stderr, _("attendctl: timesheet: --agency, --unit, --month and --output are required\n"));
		return 2;
	}
	if (!doc_timesheet_format_ok(format)) {
		fprintf(stderr, _("attendctl: timesheet: --format '%s': choose xlsx, csv or pdf\n"), format);
		return 2;
	}
	char first[16];
	if (!hr_month(month, first, sizeof first))
		return 2;
	char agency_id[32], unit_id[32];
	if (!ctl_agency(c, agency, agency_id, sizeof agency_id) ||
	    !hr_unit(c, agency_id, agency, unit, unit_id, sizeof unit_id))
		return 1;
	const char *p[3] = { agency_id, unit_id, first };
	PGresult *head = ctl_exec(c, "timesheet", timesheet_head_sql, 3, p);
	PGresult *rows = head ? ctl_exec(c, "timesheet", timesheet_rows_sql, 3, p) : NULL;
	PGresult *legend = rows ? ctl_exec(c, "timesheet", timesheet_legend_sql, 2,
	        (const char *const[]){ agency_id, doc_timesheet_legend_lang() }) : NULL;
	PGresult *adjust = legend ? ctl_exec(c, "timesheet", timesheet_adjust_sql, 3,
	        (const char *const[]){ agency_id, first, unit_id }) : NULL;
	if (!adjust) {
		PQclear(head);
		PQclear(rows);
		PQclear(legend);
		return 1;
	}
	struct doc_timesheet s;
	doc_timesheet_form(&s, head, rows, legend, adjust, first);
	int rc = doc_timesheet_write(&s, format, output);
	if (rc == 0 && !c->quiet)
		fprintf(stderr, _("%s: timesheet of %s, %02d/%04d, %d person(s)\n"), output, s.unit_name,
		        s.month, s.year, PQntuples(rows));
	doc_timesheet_free(&s);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl timesheet --agency CODE --unit CODE --month YYYY-MM\n"
	                   "                 [--format xlsx|csv|pdf] --output FILE [--lang vi|en]\n"));
	fprintf(f, "%s", HR_CSV_STYLE_USAGE);
}

int hr_timesheet(struct ctl *c, int argc, char **argv)
{
	const char *agency = NULL, *unit = NULL, *month = NULL;
	struct hr_out out = { .format = "xlsx", .lang = "vi" };
	int done = hr_report_args(argc, argv, (const struct hr_opt[]){ { "agency", &agency }, { "unit", &unit },
	        { "month", &month }, { NULL } }, &out, usage);
	if (done >= 0)
		return done;
	return timesheet(c, agency, unit, month, out.format, out.output);
}
