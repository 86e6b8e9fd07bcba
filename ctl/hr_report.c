/* attendctl report punctuality: per person, per unit and in total over a date range, from
 * the view attend.punctuality_day through attend.punctuality() (sql/011_hr_reports.sql, 023, 026). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"

/* The person rows once, in a temporary table; the unit roll-ups and the total read it.  Every
 * on-time rate is attend.on_time_rate()'s (sql/023, 026), never a formula of this file's. */
static const char people_sql[] =
	"CREATE TEMP TABLE hr_punctuality ON COMMIT DROP AS"
	" SELECT * FROM attend.punctuality($1, $2, $3, $4, $5)";

/* Every section has the same columns in the same order, so the blocks of the CSV line up:
 * four that say who (rank and names, or rank, unit, unit name and people), then the figures
 * below.  A roll-up's figures are the sums of its people's, `excused` summed by symbol. */
#define FIGURES(p) \
	"sum(" p "working_days)::int, sum(" p "days_present)::int, sum(" p "late_count)::int AS lc," \
	" sum(" p "late_minutes)::int, sum(" p "early_count)::int AS ec, sum(" p "early_minutes)::int," \
	" sum(" p "missing_taps)::int AS mt, sum(" p "excused_days)," \
	" coalesce((SELECT jsonb_object_agg(k, v ORDER BY k) FROM (SELECT e.key AS k, sum(e.value::numeric) AS v" \
	"   FROM jsonb_array_elements(jsonb_agg(" p "excused)) x, jsonb_each_text(x) e GROUP BY 1) s), '{}')," \
	" sum(" p "unexcused_days), sum(" p "on_time_days)," \
	" attend.on_time_rate(sum(" p "on_time_days), sum(" p "working_days), sum(" p "excused_days)) AS rate"

static const char rank_people_sql[] =
	"SELECT rank() OVER (ORDER BY on_time_rate DESC NULLS LAST, late_count + early_count + missing_taps,"
	"   late_minutes + early_minutes, unexcused_days),"
	" person_code, full_name, unit_code, working_days, days_present, late_count, late_minutes,"
	" early_count, early_minutes, missing_taps, excused_days, excused, unexcused_days, on_time_days,"
	" on_time_rate"
	" FROM hr_punctuality ORDER BY 1, unit_code, person_code";

/* A unit ranked against the others: by its rate, then its exceptions per person. */
#define RANK_UNITS(sql) \
	"SELECT rank() OVER (ORDER BY rate DESC NULLS LAST, (lc + ec + mt)::numeric / people), *" \
	" FROM (" sql ") u ORDER BY 1, 2"
#define UNIT_ROW(p) "u.code, u.name, count(*)::int AS people, " FIGURES(p)

/* The unit itself: its own people (each person once, so these rows add up to the total). */
static const char rank_units_sql[] =
	RANK_UNITS("SELECT " UNIT_ROW("h.") " FROM hr_punctuality h JOIN attend.org_unit u ON u.id = h.unit_id"
	           " GROUP BY u.id, u.code, u.name");

/* The unit with everything under it, for each unit of the report's scope ($2: the unit asked
 * for, or the whole agency; none for one person) that has people of the report in a sub-unit.
 * A leaf unit's row would repeat its row above, so it has none. */
static const char rank_trees_sql[] =
	RANK_UNITS("WITH RECURSIVE t(top, id) AS ("
	           "  SELECT u.id, u.id FROM attend.org_unit u WHERE u.agency_id = $1 AND $3::bigint IS NULL"
	           "    AND ($2::bigint IS NULL OR u.id = ANY (attend.unit_subtree($2)))"
	           "  UNION SELECT t.top, c.id FROM attend.org_unit c JOIN t ON c.parent_id = t.id)"
	           " SELECT " UNIT_ROW("h.") " FROM t JOIN hr_punctuality h ON h.unit_id = t.id"
	           " JOIN attend.org_unit u ON u.id = t.top GROUP BY u.id, u.code, u.name"
	           " HAVING count(*) FILTER (WHERE h.unit_id <> t.top) > 0");

/* The total, named by what the report covers: the unit asked for, or the agency. */
static const char total_sql[] =
	"SELECT NULL::int, (SELECT code FROM attend.org_unit WHERE id = $2::bigint),"
	" coalesce((SELECT name FROM attend.org_unit WHERE id = $2::bigint),"
	"          (SELECT name FROM attend.agency WHERE id = $1::bigint)),"
	" count(*)::int, " FIGURES("")
	" FROM hr_punctuality";

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
	PGresult *r = ctl_exec(c, "report punctuality", people_sql, 5, p);
	if (!r)
		goto out;
	PQclear(r);
	const char *scope[3] = { agency_id, *unit_id ? unit_id : NULL, *person_id ? person_id : NULL };
	if (!(res[0] = ctl_exec(c, "report punctuality", rank_people_sql, 0, NULL)) ||
	    !(res[1] = ctl_exec(c, "report punctuality", rank_units_sql, 0, NULL)) ||
	    !(res[2] = ctl_exec(c, "report punctuality", rank_trees_sql, 3, scope)) ||
	    !(res[3] = ctl_exec(c, "report punctuality", total_sql, 2, scope)))
		goto out;
	ctl_rollback(c);

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
