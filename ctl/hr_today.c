/* attendctl today: the agency's day so far — who tapped in (raw taps through the badge valid
 * at the time), who was late (today's day results, pending sessions included: the minutes
 * late are known as soon as the IN is), whose OUT tap is missing (settled sessions), and
 * which readers have been silent (no tap for --silent-after minutes before now on the business clock,
 * lib/clock.h: tap recency,
 * so a reader nobody used is listed too — read it as "check it"). */
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"
#include "lib/today_sql.h"

static const struct hr_col in_cols[] = {
	{ "person", N_("Staff code"), HR_TEXT }, { "full_name", N_("Full name"), HR_TEXT },
	{ "unit", N_("Unit"), HR_TEXT }, { "first_tap", N_("First tap"), HR_TEXT },
	{ "last_tap", N_("Last tap"), HR_TEXT }, { "taps", N_("Taps"), HR_INT },
};
static const struct hr_col late_cols[] = {
	{ "person", N_("Staff code"), HR_TEXT }, { "full_name", N_("Full name"), HR_TEXT },
	{ "unit", N_("Unit"), HR_TEXT }, { "session", N_("Session"), HR_TEXT },
	{ "starts", N_("Starts"), HR_TEXT }, { "in", N_("In"), HR_TEXT },
	{ "late_minutes", N_("Late (min)"), HR_INT },
};
static const struct hr_col missing_cols[] = {
	{ "person", N_("Staff code"), HR_TEXT }, { "full_name", N_("Full name"), HR_TEXT },
	{ "unit", N_("Unit"), HR_TEXT }, { "session", N_("Session"), HR_TEXT },
	{ "in", N_("In"), HR_TEXT }, { "ends", N_("Ends"), HR_TEXT },
};
static const struct hr_col silent_cols[] = {
	{ "site", N_("Site"), HR_TEXT }, { "edge", N_("Edge"), HR_TEXT },
	{ "reader", N_("Reader"), HR_TEXT }, { "name", N_("Name"), HR_TEXT },
	{ "last_tap", N_("Last tap received"), HR_TEXT }, { "silent_minutes", N_("Silent (min)"), HR_INT },
};

#define NCOLS(a) ((int)(sizeof a / sizeof a[0]))

static int today(struct ctl *c, const char *agency, const char *date, const char *silent,
                 enum hr_format fmt, const char *output)
{
	if (!agency) {
		fprintf(stderr, _("attendctl: today: --agency CODE is required\n"));
		return 2;
	}
	if (date && !ctl_check_date("--date", &date))
		return 2;
	char *end;
	long mins = strtol(silent, &end, 10);
	if (*end || mins < 1 || mins > 10080) {
		fprintf(stderr, _("attendctl: today: --silent-after '%s' is not a number of minutes 1..10080\n"),
		        silent);
		return 2;
	}
	char agency_id[32];
	if (!ctl_agency(c, agency, agency_id, sizeof agency_id))
		return 1;
	PGresult *h = ctl_exec(c, "today", "SELECT a.name, coalesce($2::date, (attend.now() AT TIME ZONE a.tz)::date)::text"
	                       " FROM attend.agency a WHERE a.id = $1", 2,
	                       (const char *const[]){ agency_id, date });
	if (!h)
		return 1;
	const char *day = PQgetvalue(h, 0, 1);
	const char *p[2] = { agency_id, day };
	const char *ps[2] = { agency_id, silent };
	PGresult *res[4] = {
		ctl_exec(c, "today", today_in_sql, 2, p), ctl_exec(c, "today", today_late_sql, 2, p),
		ctl_exec(c, "today", today_missing_out_sql, 2, p), ctl_exec(c, "today", today_silent_sql, 2, ps),
	};
	int rc = 1;
	if (res[0] && res[1] && res[2] && res[3]) {
		char subtitle[512], d[16], meta[256];
		snprintf(subtitle, sizeof subtitle, "%s, %s", PQgetvalue(h, 0, 0), hr_date(d, sizeof d, day));
		snprintf(meta, sizeof meta, "{\"report\":\"today\",\"agency\":\"%s\",\"date\":\"%s\","
		         "\"silent_after_minutes\":%ld}", agency, day, mins);
		struct hr_section sections[4] = {
			{ "in", N_("In today"), in_cols, NCOLS(in_cols), res[0] },
			{ "late", N_("Late"), late_cols, NCOLS(late_cols), res[1] },
			{ "missing_out", N_("OUT tap missing"), missing_cols, NCOLS(missing_cols), res[2] },
			{ "silent_readers", N_("Silent readers"), silent_cols, NCOLS(silent_cols), res[3] },
		};
		struct hr_report rep = { _("Today"), subtitle, meta, sections, 4 };
		rc = hr_write_report(&rep, fmt, output);
	}
	for (int i = 0; i < 4; i++)
		PQclear(res[i]);
	PQclear(h);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl today --agency CODE [--date YYYY-MM-DD] [--silent-after MINUTES]\n"
	                   "                 [--format table|csv|json|xlsx] [--output FILE] [--lang vi|en]\n"));
	fprintf(f, "%s", HR_CSV_STYLE_USAGE);
}

int hr_today(struct ctl *c, int argc, char **argv)
{
	const char *agency = NULL, *date = NULL, *silent = "30";
	struct hr_out out = { .format = "table" };
	int done = hr_report_args(argc, argv, (const struct hr_opt[]){ { "agency", &agency }, { "date", &date },
	        { "silent-after", &silent }, { NULL } }, &out, usage);
	if (done >= 0)
		return done;
	enum hr_format fmt;
	if (!hr_parse_format(out.format, &fmt))
		return 2;
	return today(c, agency, date, silent, fmt, out.output);
}
