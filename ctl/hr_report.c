/* attendctl report punctuality: per person, per unit and in total over a date range, from
 * the view attend.punctuality_day through attend.punctuality() (sql/011_hr_reports.sql, 022). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"

/* The person rows once, in a temporary table; the unit roll-ups and the total read it.  Every
 * on-time rate is attend.on_time_rate()'s (sql/023), never a formula of this file's. */
static const char people_sql[] =
	"CREATE TEMP TABLE hr_punctuality ON COMMIT DROP AS"
	" SELECT * FROM attend.punctuality($1, $2, $3, $4, $5)";

#define FIGURES(p) \
	"sum(" p "working_days)::int, sum(" p "days_present)::int, sum(" p "late_count)::int," \
	" sum(" p "late_minutes)::int, sum(" p "early_count)::int, sum(" p "early_minutes)::int," \
	" sum(" p "missing_taps)::int, sum(" p "excused_days), sum(" p "unexcused_days)," \
	" sum(" p "on_time_days)::int," \
	" attend.on_time_rate(sum(" p "on_time_days), sum(" p "working_days), sum(" p "excused_days))"

static const char rank_people_sql[] =
	"SELECT rank() OVER (ORDER BY on_time_rate DESC NULLS LAST, late_count + early_count + missing_taps,"
	"   late_minutes + early_minutes, unexcused_days),"
	" person_code, full_name, unit_code, working_days, days_present, late_count, late_minutes,"
	" early_count, early_minutes, missing_taps, excused_days, excused, unexcused_days, on_time_days,"
	" on_time_rate"
	" FROM hr_punctuality ORDER BY 1, unit_code, person_code";

static const char rank_units_sql[] =
	"WITH u AS (SELECT unit_code, unit_name, count(*)::int AS people,"
	"   sum(working_days)::int AS wd, sum(days_present)::int AS dp, sum(late_count)::int AS lc,"
	"   sum(late_minutes)::int AS lm, sum(early_count)::int AS ec, sum(early_minutes)::int AS em,"
	"   sum(missing_taps)::int AS mt, sum(excused_days) AS xd, sum(unexcused_days) AS ud,"
	"   sum(on_time_days)::int AS ot,"
	"   attend.on_time_rate(sum(on_time_days), sum(working_days), sum(excused_days)) AS rate"
	"   FROM hr_punctuality GROUP BY unit_code, unit_name),"
	" x AS (SELECT unit_code, jsonb_object_agg(k, v ORDER BY k) AS excused FROM"
	"   (SELECT unit_code, e.key AS k, sum(e.value::numeric) AS v FROM hr_punctuality,"
	"    jsonb_each_text(excused) e GROUP BY 1, 2) s GROUP BY 1)"
	" SELECT rank() OVER (ORDER BY u.rate DESC NULLS LAST, (u.lc + u.ec + u.mt)::numeric / u.people),"
	"  u.unit_code, u.unit_name, u.people, u.wd, u.dp, u.lc, u.lm, u.ec, u.em, u.mt, u.xd,"
	"  coalesce(x.excused, '{}'), u.ud, u.ot, u.rate"
	" FROM u LEFT JOIN x USING (unit_code) ORDER BY 1, u.unit_code";

static const char total_sql[] =
	"SELECT count(*)::int, " FIGURES("") ","
	" coalesce((SELECT jsonb_object_agg(k, v ORDER BY k) FROM (SELECT e.key AS k, sum(e.value::numeric) AS v"
	"   FROM hr_punctuality, jsonb_each_text(excused) e GROUP BY 1) s), '{}')"
	" FROM hr_punctuality";

static const struct hr_col people_cols[] = {
	{ "rank", N_("Rank"), HR_INT },
	{ "person", N_("Staff code"), HR_TEXT },
	{ "full_name", N_("Full name"), HR_TEXT },
	{ "unit", N_("Unit"), HR_TEXT },
	{ "working_days", N_("Working days"), HR_INT },
	{ "days_present", N_("Days present"), HR_INT },
	{ "late_count", N_("Late"), HR_INT },
	{ "late_minutes", N_("Late (min)"), HR_INT },
	{ "early_count", N_("Early leave"), HR_INT },
	{ "early_minutes", N_("Early (min)"), HR_INT },
	{ "missing_taps", N_("Missing taps"), HR_INT },
	{ "excused_days", N_("Excused days"), HR_NUM },
	{ "excused", N_("Excused by symbol"), HR_SYMBOLS },
	{ "unexcused_days", N_("Unexcused days"), HR_NUM },
	{ "on_time_days", N_("On-time days"), HR_INT },
	{ "on_time_rate", N_("On-time rate"), HR_RATE },
};

static const struct hr_col unit_cols[] = {
	{ "rank", N_("Rank"), HR_INT },
	{ "unit", N_("Unit"), HR_TEXT },
	{ "unit_name", N_("Unit name"), HR_TEXT },
	{ "people", N_("People"), HR_INT },
	{ "working_days", N_("Working days"), HR_INT },
	{ "days_present", N_("Days present"), HR_INT },
	{ "late_count", N_("Late"), HR_INT },
	{ "late_minutes", N_("Late (min)"), HR_INT },
	{ "early_count", N_("Early leave"), HR_INT },
	{ "early_minutes", N_("Early (min)"), HR_INT },
	{ "missing_taps", N_("Missing taps"), HR_INT },
	{ "excused_days", N_("Excused days"), HR_NUM },
	{ "excused", N_("Excused by symbol"), HR_SYMBOLS },
	{ "unexcused_days", N_("Unexcused days"), HR_NUM },
	{ "on_time_days", N_("On-time days"), HR_INT },
	{ "on_time_rate", N_("On-time rate"), HR_RATE },
};

static const struct hr_col total_cols[] = {
	{ "people", N_("People"), HR_INT },
	{ "working_days", N_("Working days"), HR_INT },
	{ "days_present", N_("Days present"), HR_INT },
	{ "late_count", N_("Late"), HR_INT },
	{ "late_minutes", N_("Late (min)"), HR_INT },
	{ "early_count", N_("Early leave"), HR_INT },
	{ "early_minutes", N_("Early (min)"), HR_INT },
	{ "missing_taps", N_("Missing taps"), HR_INT },
	{ "excused_days", N_("Excused days"), HR_NUM },
	{ "unexcused_days", N_("Unexcused days"), HR_NUM },
	{ "on_time_days", N_("On-time days"), HR_INT },
	{ "on_time_rate", N_("On-time rate"), HR_RATE },
	{ "excused", N_("Excused by symbol"), HR_SYMBOLS },
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
	PGresult *res[3] = { NULL, NULL, NULL };
	int rc = 1;
	if (!ctl_begin(c))
		goto out;
	PGresult *r = ctl_exec(c, "report punctuality", people_sql, 5, p);
	if (!r)
		goto out;
	PQclear(r);
	if (!(res[0] = ctl_exec(c, "report punctuality", rank_people_sql, 0, NULL)) ||
	    !(res[1] = ctl_exec(c, "report punctuality", rank_units_sql, 0, NULL)) ||
	    !(res[2] = ctl_exec(c, "report punctuality", total_sql, 0, NULL)))
		goto out;
	ctl_rollback(c);

	char subtitle[1024], d1[16], d2[16], meta[1024];
	const char *scope = unit ? PQgetvalue(name, 0, 1) : person ? person : "";
	snprintf(subtitle, sizeof subtitle, _("%s%s%s, from %s to %s"), PQgetvalue(name, 0, 0),
	         *scope ? " — " : "", scope, hr_date(d1, sizeof d1, from), hr_date(d2, sizeof d2, to));
	snprintf(meta, sizeof meta,
	         "{\"report\":\"punctuality\",\"agency\":\"%s\",\"unit\":%s%s%s,\"person\":%s%s%s,"
	         "\"from\":\"%s\",\"to\":\"%s\"}", agency, unit ? "\"" : "", unit ? unit : "null",
	         unit ? "\"" : "", person ? "\"" : "", person ? person : "null", person ? "\"" : "", from, to);
	struct hr_section sections[3] = {
		{ "people", N_("People"), people_cols, NCOLS(people_cols), res[0] },
		{ "units", N_("Units"), unit_cols, NCOLS(unit_cols), res[1] },
		{ "total", N_("Total"), total_cols, NCOLS(total_cols), res[2] },
	};
	struct hr_report rep = { _("Punctuality report"), subtitle, meta, sections, 3 };
	static const char *const signers[] = { N_("Prepared by") };
	rc = hr_write_signed_report(&rep, signers, 1, fmt, output);
out:
	ctl_rollback(c);
	for (int i = 0; i < 3; i++)
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
