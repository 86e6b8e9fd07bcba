/* attendctl report punctuality: per person, per unit and in total over a date range, from
 * the view attend.punctuality_day through attend.punctuality() (sql/011_hr_reports.sql, 023, 026). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"
#include "doc/punctuality.h"
#include "lib/punctuality_sql.h"

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

	struct doc_punctuality doc = {
		.agency_name = PQgetvalue(name, 0, 0), .agency = agency, .unit = unit, .person = person,
		.unit_name = PQgetvalue(name, 0, 1), .from = from, .to = to,
		.res = { res[0], res[1], res[2], res[3] },
	};
	rc = doc_punctuality_write(&doc, fmt, output);
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
	const char *agency = NULL, *unit = NULL, *person = NULL, *from = NULL, *to = NULL;
	struct hr_out out = { .format = "table", .operands = true };
	int done = hr_report_args(argc, argv, (const struct hr_opt[]){ { "agency", &agency }, { "unit", &unit },
	        { "person", &person }, { "from", &from }, { "to", &to }, { NULL } }, &out, usage);
	if (done >= 0)
		return done;
	enum hr_format fmt;
	if (!hr_parse_format(out.format, &fmt))
		return 2;
	if (argc - optind == 1 && !strcmp(argv[optind], "punctuality"))
		return punctuality(c, agency, unit, person, from, to, fmt, out.output);
	usage(stderr);
	return 2;
}
