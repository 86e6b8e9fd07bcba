/* attendctl leave: annual leave (phép năm) balances and the agency's leave rule.  The figures
 * are attend.leave_balance()'s (sql/027_leave_balance.sql), read under the caller's own role,
 * so HR sees its agencies, a unit head its units, a staff member itself. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"
#include "doc/labels.h"
#include "doc/leave_balance.h"


/* A year 2000..2999, or NULL; prints why and returns false. */
static bool parse_year(const char *s, int *ret)
{
	char *end;
	long y = s ? strtol(s, &end, 10) : 0;
	if (!s || !*s || *end || y < 2000 || y > 2999) {
		fprintf(stderr, _("attendctl: --year '%s' is not a year (2000-2999)\n"), s ? s : "");
		return false;
	}
	*ret = (int)y;
	return true;
}

static int leave_balance(struct ctl *c, const char *agency, const char *unit, const char *person,
                         const char *year_s, const char *as_of, enum hr_format fmt, const char *output)
{
	if (!agency) {
		fprintf(stderr, _("attendctl: leave balance: --agency is required\n"));
		return 2;
	}
	if (unit && person) {
		fprintf(stderr, _("attendctl: leave balance: give --unit or --person, not both\n"));
		return 2;
	}
	int year = 0;
	if (year_s && !parse_year(year_s, &year))
		return 2;
	if (as_of && !ctl_check_date("--as-of", &as_of))
		return 2;
	if (year && as_of && atoi(as_of) != year) {
		fprintf(stderr, _("attendctl: leave balance: --as-of %s is not in --year %d\n"), as_of, year);
		return 2;
	}
	char agency_id[32], unit_id[32] = "", person_id[32] = "", pagency[32];
	if (!ctl_agency(c, agency, agency_id, sizeof agency_id))
		return 1;
	if (unit && !hr_unit(c, agency_id, agency, unit, unit_id, sizeof unit_id))
		return 1;
	if (person && !ctl_person(c, agency, person, person_id, pagency, sizeof person_id))
		return 1;
	/* The year and the date it is as of: given, or today by the agency's clock (in the year
	 * asked for: its last day for a past year, its first for a year ahead). */
	char ybuf[8];
	snprintf(ybuf, sizeof ybuf, "%d", year);
	PGresult *when = ctl_exec(c, "leave balance",
	        "WITH t AS (SELECT (attend.now() AT TIME ZONE a.tz)::date AS today, a.name"
	        "  FROM attend.agency a WHERE a.id = $1),"
	        " y AS (SELECT coalesce(nullif($2, '0')::int, extract(year FROM coalesce($3::date, t.today))::int) AS y,"
	        "  t.today, t.name FROM t)"
	        " SELECT y.y, coalesce($3::date, least(greatest(y.today, make_date(y.y, 1, 1)), make_date(y.y, 12, 31))),"
	        "  y.name, (SELECT u.name FROM attend.org_unit u WHERE u.id = $4::bigint) FROM y",
	        4, (const char *const[]){ agency_id, ybuf, as_of, *unit_id ? unit_id : NULL });
	if (!when)
		return 1;
	char year_v[8], as_of_v[16];
	snprintf(year_v, sizeof year_v, "%s", PQgetvalue(when, 0, 0));
	snprintf(as_of_v, sizeof as_of_v, "%s", PQgetvalue(when, 0, 1));

	const char *p[6] = { agency_id, year_v, as_of_v, *unit_id ? unit_id : NULL,
	                     *person_id ? person_id : NULL, hr_vi() ? "true" : "false" };
	const char *pj[1] = { fmt == HR_FMT_JSON ? "true" : "false" };
	struct doc_leave_balance d = { PQgetvalue(when, 0, 2), agency, unit, person,
	                               unit ? PQgetvalue(when, 0, 3) : NULL, year_v, as_of_v, { NULL, NULL, NULL } };
	int rc = 1;
	if (!ctl_begin(c))
		goto out;
	PGresult *r = ctl_exec(c, "leave balance", doc_leave_people_sql, 6, p);
	if (!r)
		goto out;
	PQclear(r);
	if (!(d.res[0] = ctl_exec(c, "leave balance", doc_leave_people_rows_sql, 1, pj)) ||
	    !(d.res[1] = ctl_exec(c, "leave balance", doc_leave_unit_rows_sql, 0, NULL)) ||
	    !(d.res[2] = ctl_exec(c, "leave balance", doc_leave_total_sql, 2,
	                          (const char *const[]){ agency_id, *unit_id ? unit_id : NULL })))
		goto out;
	ctl_rollback(c);
	rc = doc_leave_balance_write(&d, fmt, output);
out:
	ctl_rollback(c);
	for (int i = 0; i < 3; i++)
		PQclear(d.res[i]);
	PQclear(when);
	return rc;
}

/* ---- the agency's rule ---------------------------------------------------------------- */

struct leave_rule {
	const char *default_class, *seniority_years, *seniority_days, *rounding, *carry_over,
	           *carry_max, *carry_until, *tracked_from, *over_balance;
};

static bool rule_given(const struct leave_rule *u)
{
	return u->default_class || u->seniority_years || u->seniority_days || u->rounding ||
	       u->carry_over || u->carry_max || u->carry_until || u->tracked_from || u->over_balance;
}

/* Checks the values a person typed, naming the option; *carry_until becomes MM-DD. */
static bool rule_check(struct leave_rule *u, char *until, size_t n)
{
	char *end;
	if (u->seniority_years && (strtol(u->seniority_years, &end, 10) < 1 || *end || strtol(u->seniority_years, NULL, 10) > 50)) {
		fprintf(stderr, _("attendctl: leave settings: --seniority-years '%s' is not a number of years (1-50)\n"),
		        u->seniority_years);
		return false;
	}
	if (u->seniority_days && (strtod(u->seniority_days, &end) < 0 || *end || end == u->seniority_days ||
	                          strtod(u->seniority_days, NULL) > 10)) {
		fprintf(stderr, _("attendctl: leave settings: --seniority-days '%s' is not a number of days (0-10)\n"),
		        u->seniority_days);
		return false;
	}
	if (u->rounding && strcmp(u->rounding, "whole") && strcmp(u->rounding, "half") && strcmp(u->rounding, "none")) {
		fprintf(stderr, _("attendctl: leave settings: --rounding '%s' is not whole, half or none\n"), u->rounding);
		return false;
	}
	if (u->carry_over && strcmp(u->carry_over, "yes") && strcmp(u->carry_over, "no")) {
		fprintf(stderr, _("attendctl: leave settings: --carry-over '%s' is not yes or no\n"), u->carry_over);
		return false;
	}
	if (u->carry_max && strcmp(u->carry_max, "none") &&
	    (strtod(u->carry_max, &end) < 0 || *end || end == u->carry_max || strtod(u->carry_max, NULL) > 366)) {
		fprintf(stderr, _("attendctl: leave settings: --carry-max '%s' is not a number of days or none\n"),
		        u->carry_max);
		return false;
	}
	if (u->carry_until) {
		/* a day of the year: dd/mm as people write it, or MM-DD; one every year has */
		int d = 0, m = 0, k = 0;
		static const int mdays[13] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		bool ok = (sscanf(u->carry_until, "%2d/%2d%n", &d, &m, &k) == 2 && !u->carry_until[k]) ||
		          (k = 0, sscanf(u->carry_until, "%2d-%2d%n", &m, &d, &k) == 2 && !u->carry_until[k] &&
		           strlen(u->carry_until) == 5);
		if (!ok || m < 1 || m > 12 || d < 1 || d > mdays[m]) {
			fprintf(stderr, _("attendctl: leave settings: --carry-until '%s' is not a day of the year "
			                  "(dd/mm or MM-DD, not 29/02)\n"), u->carry_until);
			return false;
		}
		snprintf(until, n, "%02d-%02d", m % 100, d % 100);
		u->carry_until = until;
	}
	if (u->tracked_from && strcmp(u->tracked_from, "none") &&
	    (strtol(u->tracked_from, &end, 10) < 2000 || *end || strtol(u->tracked_from, NULL, 10) > 2999)) {
		fprintf(stderr, _("attendctl: leave settings: --tracked-from '%s' is not a year (2000-2999) or none\n"),
		        u->tracked_from);
		return false;
	}
	if (u->over_balance && strcmp(u->over_balance, "warn") && strcmp(u->over_balance, "refuse")) {
		fprintf(stderr, _("attendctl: leave settings: --over-balance '%s' is not warn or refuse\n"),
		        u->over_balance);
		return false;
	}
	return true;
}

/* The agency's row is the rule in force with the given values changed: made from the shipped
 * row the first time, so an agency's row is always whole. */
static const char settings_sql[] =
	"INSERT INTO attend.leave_setting AS t (agency_id, default_class, seniority_years, seniority_days,"
	"  pro_rata_rounding, carry_over, carry_max_days, carry_until, tracked_from, over_balance)"
	" SELECT $1::bigint, coalesce($2, s.default_class), coalesce($3::int, s.seniority_years),"
	"  coalesce($4::numeric, s.seniority_days), coalesce($5, s.pro_rata_rounding),"
	"  coalesce($6::boolean, s.carry_over),"
	"  CASE WHEN $7::text IS NULL THEN s.carry_max_days WHEN $7 = 'none' THEN NULL ELSE $7::numeric END,"
	"  coalesce($8, s.carry_until),"
	"  CASE WHEN $9::text IS NULL THEN s.tracked_from WHEN $9 = 'none' THEN NULL ELSE $9::int END,"
	"  coalesce($10, s.over_balance)"
	" FROM attend.leave_setting_of($1::bigint) s"
	" ON CONFLICT ((coalesce(agency_id, 0))) DO UPDATE SET default_class = EXCLUDED.default_class,"
	"  seniority_years = EXCLUDED.seniority_years, seniority_days = EXCLUDED.seniority_days,"
	"  pro_rata_rounding = EXCLUDED.pro_rata_rounding, carry_over = EXCLUDED.carry_over,"
	"  carry_max_days = EXCLUDED.carry_max_days, carry_until = EXCLUDED.carry_until,"
	"  tracked_from = EXCLUDED.tracked_from, over_balance = EXCLUDED.over_balance";

static const char show_sql[] =
	"SELECT s.agency_id IS NOT NULL, s.default_class,"
	" (SELECT CASE WHEN $2 THEN c.name_vi ELSE c.name_en END || ' (' || trim_scale(c.days) || ')' FROM attend.leave_class c"
	"   WHERE c.code = s.default_class AND (c.agency_id IS NULL OR c.agency_id = $1)"
	"   ORDER BY c.agency_id NULLS LAST LIMIT 1),"
	" s.seniority_years, s.seniority_days::text, s.pro_rata_rounding, s.carry_over,"
	" s.carry_max_days::text, s.carry_until, s.tracked_from, attend.leave_first_year($1), s.over_balance,"
	" s.updated_by, to_char(s.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI')"
	" FROM attend.leave_setting_of($1) s";

static int leave_settings(struct ctl *c, const char *agency, struct leave_rule *u)
{
	if (!agency) {
		fprintf(stderr, _("attendctl: leave settings: --agency is required\n"));
		return 2;
	}
	char until[16];
	if (!rule_check(u, until, sizeof until))
		return 2;
	char agency_id[32];
	if (!ctl_agency(c, agency, agency_id, sizeof agency_id))
		return 1;
	if (rule_given(u)) {
		const char *carry = u->carry_over ? (!strcmp(u->carry_over, "yes") ? "true" : "false") : NULL;
		const char *p[10] = { agency_id, u->default_class, u->seniority_years, u->seniority_days,
		                      u->rounding, carry, u->carry_max, u->carry_until, u->tracked_from,
		                      u->over_balance };
		PGresult *r = ctl_exec(c, "leave settings", settings_sql, 10, p);
		if (!r)
			return 1;
		PQclear(r);
		if (c->quiet)
			return 0;
	}
	PGresult *r = ctl_exec(c, "leave settings", show_sql, 2,
	                       (const char *const[]){ agency_id, hr_vi() ? "true" : "false" });
	if (!r)
		return 1;
	char num[32], d[16];
	printf(_("Annual leave rule of %s%s\n"), agency,
	       PQgetvalue(r, 0, 0)[0] == 't' ? "" : _(" (the shipped defaults)"));
	printf("  %-38s %s\n", _("default leave class"), PQgetvalue(r, 0, 2));
	printf("  %-38s %s\n", _("seniority: every N years of service"), PQgetvalue(r, 0, 3));
	printf("  %-38s %s\n", _("seniority: days added"), hr_num(num, sizeof num, atof(PQgetvalue(r, 0, 4)), 1));
	const char *rounding = PQgetvalue(r, 0, 5);
	printf("  %-38s %s\n", _("pro rata rounding"), !strcmp(rounding, "whole") ? _("to whole days, a half up") :
	       !strcmp(rounding, "half") ? _("to half days") : _("not rounded (2 decimals)"));
	printf("  %-38s %s\n", _("carry-over allowed"), label_yes_no(PQgetvalue(r, 0, 6)[0] == 't'));
	printf("  %-38s %s\n", _("carry-over: at most (days)"),
	       PQgetisnull(r, 0, 7) ? _("no limit") : hr_num(num, sizeof num, atof(PQgetvalue(r, 0, 7)), 1));
	int m = 0, dd = 0;
	sscanf(PQgetvalue(r, 0, 8), "%d-%d", &m, &dd);
	if (hr_vi())
		snprintf(d, sizeof d, "%02d/%02d", dd, m);
	else
		snprintf(d, sizeof d, "%s", PQgetvalue(r, 0, 8));
	printf("  %-38s %s\n", _("carry-over: usable until (next year)"), d);
	printf("  %-38s %s%s\n", _("leave tracked in attendd from"), PQgetisnull(r, 0, 10) ? "-" : PQgetvalue(r, 0, 10),
	       PQgetisnull(r, 0, 9) ? _(" (from the first day results)") : "");
	printf("  %-38s %s\n", _("a P request over the balance"),
	       !strcmp(PQgetvalue(r, 0, 11), "refuse") ? _("refused") : _("warned about"));
	if (PQgetvalue(r, 0, 0)[0] == 't')
		printf("  %-38s %s, %s\n", _("last changed by"), PQgetvalue(r, 0, 12), PQgetvalue(r, 0, 13));
	PQclear(r);
	return 0;
}

/* ---- a person's leave facts (HR) ------------------------------------------------------ */

static int leave_person(struct ctl *c, const char *agency, const char *person, const char *cls,
                        const char *start, const char *opening_year, const char *opening_days)
{
	if (!person) {
		fprintf(stderr, _("attendctl: leave person: --person is required\n"));
		return 2;
	}
	if (start && strcmp(start, "none") && !ctl_check_date("--service-start", &start))
		return 2;
	int y = 0;
	if (!opening_year != !opening_days) {
		fprintf(stderr, _("attendctl: leave person: --opening-year and --opening-days go together\n"));
		return 2;
	}
	char *end;
	if (opening_days && (strtod(opening_days, &end) < 0 || *end || end == opening_days ||
	                     strtod(opening_days, NULL) > 366)) {
		fprintf(stderr, _("attendctl: leave person: --opening-days '%s' is not a number of days\n"), opening_days);
		return 2;
	}
	if (opening_year && !parse_year(opening_year, &y))
		return 2;
	char person_id[32], agency_id[32];
	if (!ctl_person(c, agency, person, person_id, agency_id, sizeof person_id))
		return 1;
	if (!ctl_begin(c))
		return 1;
	if (cls || start) {
		const char *p[4] = { person_id, agency_id, cls, start };
		PGresult *r = ctl_exec(c, "leave person",
		        "INSERT INTO attend.leave_person AS t (person_id, agency_id, leave_class, service_start)"
		        " VALUES ($1, $2, CASE WHEN $3 = 'default' THEN NULL ELSE $3 END,"
		        "  CASE WHEN $4 = 'none' THEN NULL ELSE $4::date END)"
		        " ON CONFLICT (person_id) DO UPDATE SET"
		        "  leave_class = CASE WHEN $3::text IS NULL THEN t.leave_class ELSE EXCLUDED.leave_class END,"
		        "  service_start = CASE WHEN $4::text IS NULL THEN t.service_start ELSE EXCLUDED.service_start END,"
		        "  updated_by = current_user, updated_at = now()", 4, p);
		if (!r) {
			ctl_rollback(c);
			return 1;
		}
		PQclear(r);
	}
	if (opening_year) {
		const char *p[4] = { person_id, agency_id, opening_year, opening_days };
		PGresult *r = ctl_exec(c, "leave person",
		        "INSERT INTO attend.leave_opening (person_id, agency_id, year, days) VALUES ($1, $2, $3, $4)"
		        " ON CONFLICT (person_id, year) DO UPDATE SET days = EXCLUDED.days, updated_by = current_user,"
		        "  updated_at = now()", 4, p);
		if (!r) {
			ctl_rollback(c);
			return 1;
		}
		PQclear(r);
	}
	if (!ctl_commit(c))
		return 1;
	PGresult *r = ctl_exec(c, "leave person",
	        "SELECT (SELECT CASE WHEN $2 THEN c.name_vi ELSE c.name_en END FROM attend.leave_class c"
	        "  WHERE c.code = coalesce(lp.leave_class, (attend.leave_setting_of(p.agency_id)).default_class)"
	        "  AND (c.agency_id IS NULL OR c.agency_id = p.agency_id) ORDER BY c.agency_id NULLS LAST LIMIT 1),"
	        " coalesce(lp.service_start, p.hired_on)::text,"
	        " (SELECT string_agg(o.year || ': ' || o.days, ', ' ORDER BY o.year) FROM attend.leave_opening o"
	        "  WHERE o.person_id = p.id)"
	        " FROM attend.person p LEFT JOIN attend.leave_person lp ON lp.person_id = p.id WHERE p.id = $1",
	        2, (const char *const[]){ person_id, hr_vi() ? "true" : "false" });
	if (!r)
		return 1;
	char d[16];
	printf(_("%s: leave class: %s; service from %s; carried into the first tracked year: %s\n"), person,
	       PQgetvalue(r, 0, 0), PQgetisnull(r, 0, 1) ? "-" : hr_date(d, sizeof d, PQgetvalue(r, 0, 1)),
	       PQgetisnull(r, 0, 2) ? "-" : PQgetvalue(r, 0, 2));
	PQclear(r);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl leave balance --agency CODE [--unit CODE | --person CODE] [--year YYYY]\n"
	                   "                 [--as-of DATE] [--format table|csv|json|xlsx] [--output FILE] [--lang vi|en]\n"
	                   "       attendctl leave settings --agency CODE [--default-class CLASS]\n"
	                   "                 [--seniority-years N] [--seniority-days N] [--rounding whole|half|none]\n"
	                   "                 [--carry-over yes|no] [--carry-max DAYS|none] [--carry-until DD/MM]\n"
	                   "                 [--tracked-from YYYY|none] [--over-balance warn|refuse]\n"
	                   "       attendctl leave person --person CODE [--agency CODE] [--class CLASS|default]\n"
	                   "                 [--service-start DATE|none] [--opening-year YYYY --opening-days N]\n"));
}

static int cmd_leave(struct ctl *c, int argc, char **argv)
{
	enum { O_AGENCY = 256, O_UNIT, O_PERSON, O_YEAR, O_AS_OF, O_FORMAT, O_OUTPUT, O_LANG,
	       O_DEFCLASS, O_SYEARS, O_SDAYS, O_ROUND, O_CARRY, O_CMAX, O_CUNTIL, O_TRACKED, O_OVER,
	       O_CLASS, O_START, O_OYEAR, O_ODAYS };
	static const struct option opts[] = {
		{ "agency", required_argument, NULL, O_AGENCY },
		{ "unit", required_argument, NULL, O_UNIT },
		{ "person", required_argument, NULL, O_PERSON },
		{ "year", required_argument, NULL, O_YEAR },
		{ "as-of", required_argument, NULL, O_AS_OF },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "output", required_argument, NULL, O_OUTPUT },
		{ "lang", required_argument, NULL, O_LANG },
		{ "default-class", required_argument, NULL, O_DEFCLASS },
		{ "seniority-years", required_argument, NULL, O_SYEARS },
		{ "seniority-days", required_argument, NULL, O_SDAYS },
		{ "rounding", required_argument, NULL, O_ROUND },
		{ "carry-over", required_argument, NULL, O_CARRY },
		{ "carry-max", required_argument, NULL, O_CMAX },
		{ "carry-until", required_argument, NULL, O_CUNTIL },
		{ "tracked-from", required_argument, NULL, O_TRACKED },
		{ "over-balance", required_argument, NULL, O_OVER },
		{ "class", required_argument, NULL, O_CLASS },
		{ "service-start", required_argument, NULL, O_START },
		{ "opening-year", required_argument, NULL, O_OYEAR },
		{ "opening-days", required_argument, NULL, O_ODAYS },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *agency = NULL, *unit = NULL, *person = NULL, *year = NULL, *as_of = NULL,
	           *format = "table", *output = NULL, *lang = NULL, *cls = NULL, *start = NULL,
	           *oyear = NULL, *odays = NULL;
	struct leave_rule rule = { 0 };
	bool help = false;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case O_AGENCY: agency = optarg; break;
		case O_UNIT: unit = optarg; break;
		case O_PERSON: person = optarg; break;
		case O_YEAR: year = optarg; break;
		case O_AS_OF: as_of = optarg; break;
		case O_FORMAT: format = optarg; break;
		case 'o':
		case O_OUTPUT: output = optarg; break;
		case O_LANG: lang = optarg; break;
		case O_DEFCLASS: rule.default_class = optarg; break;
		case O_SYEARS: rule.seniority_years = optarg; break;
		case O_SDAYS: rule.seniority_days = optarg; break;
		case O_ROUND: rule.rounding = optarg; break;
		case O_CARRY: rule.carry_over = optarg; break;
		case O_CMAX: rule.carry_max = optarg; break;
		case O_CUNTIL: rule.carry_until = optarg; break;
		case O_TRACKED: rule.tracked_from = optarg; break;
		case O_OVER: rule.over_balance = optarg; break;
		case O_CLASS: cls = optarg; break;
		case O_START: start = optarg; break;
		case O_OYEAR: oyear = optarg; break;
		case O_ODAYS: odays = optarg; break;
		case 'h': help = true; break;
		default: hr_lang_init(lang); usage(stderr); return 2;
		}
	}
	if (!hr_lang_init(lang))
		return 2;
	if (help) {
		usage(stdout);
		return 0;
	}
	const char *what = argc - optind == 1 ? argv[optind] : "";
	if (!strcmp(what, "balance")) {
		enum hr_format fmt;
		if (!hr_parse_format(format, &fmt))
			return 2;
		return leave_balance(c, agency, unit, person, year, as_of, fmt, output);
	}
	if (!strcmp(what, "settings"))
		return leave_settings(c, agency, &rule);
	if (!strcmp(what, "person"))
		return leave_person(c, agency, person, cls, start, oyear, odays);
	usage(stderr);
	return 2;
}

const struct ctl_command ctl_commands_leave[] = {
	{ "leave", cmd_leave, "annual leave (phép năm): balances, the agency's rule, a person's class" },
	{ NULL, NULL, NULL },
};
