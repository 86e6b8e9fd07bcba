/* attendctl report punctuality: per person, per unit and in total over a date range, from
 * the view attend.punctuality_day through attend.punctuality() (sql/011_hr_reports.sql, 023, 026). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"
#include "lib/punctuality_sql.h"

#define FIGURE_COLS \
	{ "working_days", N_("Working days"), HR_INT }, \
	{ "days_present", N_("Days present"), HR_INT }, \
	{ "late_count", N_("Late"), HR_INT }, \
	{ "late_minutes", N_("Late (min)"), HR_INT }, \
	{ "early_count", N_("Early leave"), HR_INT }, \
	{ "early_minutes", N_("Early (min)"), HR_INT }, \
	{ "missing_taps", N_("Missing taps"), HR_INT }, \
	{ "excused_days", N_("Excused days"), HR_NUM }, \
	{ "excused", N_("Excused by symbol"), HR_SYMBOLS }, \
	{ "unexcused_days", N_("Unexcused days"), HR_NUM }, \
	{ "on_time_days", N_("On-time days"), HR_NUM }, \
	{ "on_time_rate", N_("On-time rate"), HR_RATE }

static const struct hr_col people_cols[] = {
	{ "rank", N_("Rank"), HR_INT },
	{ "person", N_("Staff code"), HR_TEXT },
	{ "full_name", N_("Full name"), HR_TEXT },
	{ "unit", N_("Unit"), HR_TEXT },
	FIGURE_COLS,
};

static const struct hr_col unit_cols[] = {
	{ "rank", N_("Rank"), HR_INT },
	{ "unit", N_("Unit"), HR_TEXT },
	{ "unit_name", N_("Unit name"), HR_TEXT },
	{ "people", N_("Number of people"), HR_INT },
	FIGURE_COLS,
};

#define NCOLS(a) ((int)(sizeof a / sizeof a[0]))

static int punctuality(struct ctl *c, const char *agency, const char *unit, const char *person,
                       const char *from, const char *to, enum hr_format fmt, const char *output)
{
	if (!agency || !from || !to) {
		fprintf(stderr, _("attendctl: report punctuality: --agency, --from and --to are required\n"));
		return 2;
	}
	if (unit && person) {
		fprintf(stderr, _("attendctl: report punctuality: give --unit or --person, not both\n"));
		return 2;
	}
	if (!ctl_check_date("--from", &from) || !ctl_check_date("--to", &to))
		return 2;
	if (strcmp(from, to) > 0) {
		fprintf(stderr, _("attendctl: report punctuality: --from %s is after --to %s\n"), from, to);
		return 2;
	}
	char agency_id[32], unit_id[32] = "", person_id[32] = "", pagency[32];
	if (!ctl_agency(c, agency, agency_id, sizeof agency_id))
		return 1;
	if (unit && !hr_unit(c, agency_id, agency, unit, unit_id, sizeof unit_id))
		return 1;
	if (person && !ctl_person(c, agency, person, person_id, pagency, sizeof person_id))
		return 1;
	PGresult *name = ctl_exec(c, "report", "SELECT a.name, (SELECT u.name FROM attend.org_unit u"
	                          " WHERE u.id = $2::bigint) FROM attend.agency a WHERE a.id = $1", 2,
	                          (const char *const[]){ agency_id, *unit_id ? unit_id : NULL });
	if (!name)
		return 1;
	const char *p[5] = { agency_id, from, to, *unit_id ? unit_id : NULL, *person_id ? person_id : NULL };
	PGresult *res[4] = { NULL, NULL, NULL, NULL };
	int rc = 1;
	if (!ctl_begin(c))
		goto out;
	PGresult *r = ctl_exec(c, "report punctuality", punctuality_people_sql, 5, p);
	if (!r)
		goto out;
	PQclear(r);
	const char *scope[3] = { agency_id, *unit_id ? unit_id : NULL, *person_id ? person_id : NULL };
	if (!(res[0] = ctl_exec(c, "report punctuality", punctuality_rank_people_sql, 0, NULL)) ||
	    !(res[1] = ctl_exec(c, "report punctuality", punctuality_rank_units_sql, 0, NULL)) ||
	    !(res[2] = ctl_exec(c, "report punctuality", punctuality_rank_trees_sql, 3, scope)) ||
	    !(res[3] = ctl_exec(c, "report punctuality", punctuality_total_sql, 2, scope)))
		goto out;
	/* The people the report names were viewed: logged for them to read (sql/029), in the
	 * report's transaction, as attend-web's report page does (the same words). */
	char period[64];
	snprintf(period, sizeof period, "%s..%s", from, to);
	r = ctl_exec(c, "report punctuality", "SELECT attend.log_data_access(array_agg(person_id), $1, $2) FROM hr_punctuality",
	             2, (const char *const[]){ fmt == HR_FMT_CSV ? "punctuality_csv" : "punctuality", period });
	if (!r)
		goto out;
	PQclear(r);
	if (!ctl_commit(c))   /* the log stays; the temporary table goes */
		goto out;

	char subtitle[1024], d1[16], d2[16], meta[1024];
	const char *covers = unit ? PQgetvalue(name, 0, 1) : person ? person : "";
	snprintf(subtitle, sizeof subtitle, _("%s%s%s, from %s to %s"), PQgetvalue(name, 0, 0),
	         *covers ? " — " : "", covers, hr_date(d1, sizeof d1, from), hr_date(d2, sizeof d2, to));
	snprintf(meta, sizeof meta,
	         "{\"report\":\"punctuality\",\"agency\":\"%s\",\"unit\":%s%s%s,\"person\":%s%s%s,"
	         "\"from\":\"%s\",\"to\":\"%s\"}", agency, unit ? "\"" : "", unit ? unit : "null",
	         unit ? "\"" : "", person ? "\"" : "", person ? person : "null", person ? "\"" : "", from, to);
	/* Units with their sub-units after the units themselves; left out of the documents for
	 * people when no unit has one (a flat agency), kept (empty) in JSON for programs. */
	struct hr_section sections[4] = {
		{ "people", N_("People"), people_cols, NCOLS(people_cols), res[0] },
		{ "units", N_("Units (own staff)"), unit_cols, NCOLS(unit_cols), res[1] },
		{ "unit_trees", N_("Units with their sub-units"), unit_cols, NCOLS(unit_cols), res[2] },
		{ "total", N_("Total"), unit_cols, NCOLS(unit_cols), res[3] },
	};
	int nsections = 4;
	if (fmt != HR_FMT_JSON && PQntuples(res[2]) == 0) {
		sections[2] = sections[3];
		nsections = 3;
	}
	struct hr_report rep = { _("Punctuality report"), subtitle, meta, sections, nsections };
	static const char *const signers[] = { N_("Prepared by"), N_("Head of agency") };
	rc = hr_write_signed_report(&rep, signers, 2, fmt, output);
out:
	ctl_rollback(c);
	for (int i = 0; i < 4; i++)
		PQclear(res[i]);
	PQclear(name);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl report punctuality --agency CODE [--unit CODE | --person CODE]\n"
	                   "                 --from YYYY-MM-DD --to YYYY-MM-DD [--format table|csv|json|xlsx]\n"
	                   "                 [--output FILE] [--lang vi|en]\n"));
	fprintf(f, "%s", HR_CSV_STYLE_USAGE);
}

int hr_report_cmd(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "agency", required_argument, NULL, 'a' },
		{ "unit", required_argument, NULL, 'u' },
		{ "person", required_argument, NULL, 'p' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'L' },
		{ "csv-style", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *agency = NULL, *unit = NULL, *person = NULL, *from = NULL, *to = NULL,
	           *format = "table", *output = NULL, *lang = NULL, *csv_style = NULL;
	bool help = false;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'a': agency = optarg; break;
		case 'u': unit = optarg; break;
		case 'p': person = optarg; break;
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'F': format = optarg; break;
		case 'o': output = optarg; break;
		case 'L': lang = optarg; break;
		case 'C': csv_style = optarg; break;
		case 'h': help = true; break;
		default: hr_lang_init(lang); usage(stderr); return 2;
		}
	}
	if (!hr_lang_init(lang) || !hr_csv_style_set(csv_style))
		return 2;
	if (help) {
		usage(stdout);
		return 0;
	}
	enum hr_format fmt;
	if (!hr_parse_format(format, &fmt))
		return 2;
	if (argc - optind == 1 && !strcmp(argv[optind], "punctuality"))
		return punctuality(c, agency, unit, person, from, to, fmt, output);
	usage(stderr);
	return 2;
}
