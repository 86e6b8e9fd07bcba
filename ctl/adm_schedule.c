/* attendctl schedule | roster: working hours without SQL.  A schedule profile is a set of
 * sessions (morning 07:30-11:30, ...), with an optional grace and, for a roster (night duty),
 * the weekdays it runs on; an assignment gives a profile to an agency, a unit (and its
 * sub-units) or a person for a date range, with a summer profile between two month-days where
 * the province switches hours by season.  A roster file gives one person one shift on one date
 * (a single-day person assignment, which beats every longer one: sql/003). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"
#include "ctl/hr_csv.h"

#define MAX_SESSIONS 6

struct sopts {
	const char *agency, *unit, *person, *from, *to, *summer, *summer_from, *summer_to, *note,
	           *grace, *roster_days;
	const char *session[MAX_SESSIONS];
	int nsessions;
	bool dry_run;
};

static int parse(int argc, char **argv, struct sopts *o, const char *usage)
{
	static const struct option lo[] = {
		{ "agency", required_argument, NULL, 'a' },  { "unit", required_argument, NULL, 'u' },
		{ "person", required_argument, NULL, 'p' },  { "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },      { "summer", required_argument, NULL, 'S' },
		{ "summer-from", required_argument, NULL, 'F' }, { "summer-to", required_argument, NULL, 'T' },
		{ "note", required_argument, NULL, 'n' },    { "grace", required_argument, NULL, 'g' },
		{ "roster-days", required_argument, NULL, 'r' }, { "session", required_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'D' },       { 0 },
	};
	memset(o, 0, sizeof *o);
	optind = 0;
	int ch;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'a': o->agency = optarg; break;
		case 'u': o->unit = optarg; break;
		case 'p': o->person = optarg; break;
		case 'f': o->from = optarg; break;
		case 't': o->to = optarg; break;
		case 'S': o->summer = optarg; break;
		case 'F': o->summer_from = optarg; break;
		case 'T': o->summer_to = optarg; break;
		case 'n': o->note = optarg; break;
		case 'g': o->grace = optarg; break;
		case 'r': o->roster_days = optarg; break;
		case 'D': o->dry_run = true; break;
		case 's':
			if (o->nsessions == MAX_SESSIONS) {
				fprintf(stderr, _("attendctl: at most %d --session options\n"), MAX_SESSIONS);
				return 2;
			}
			o->session[o->nsessions++] = optarg;
			break;
		default: fprintf(stderr, _("usage: %s\n"), usage); return 2;
		}
	}
	return 0;
}

/* NAME=HH:MM-HH:MM into its parts; says which option is wrong. */
static bool split_session(const char *s, char *name, size_t nlen, char starts[16], char ends[16])
{
	const char *eq = strchr(s, '=');
	int h1, m1, h2, m2, used = 0;
	if (!eq || eq == s || (size_t)(eq - s) >= nlen ||
	    sscanf(eq + 1, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &used) != 4 || eq[1 + used] ||
	    h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59 || h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) {
		fprintf(stderr, _("attendctl: --session '%s' is not NAME=HH:MM-HH:MM (e.g. morning=07:30-11:30)\n"), s);
		return false;
	}
	memcpy(name, s, (size_t)(eq - s));
	name[eq - s] = '\0';
	snprintf(starts, 16, "%02d:%02d", h1, m1);
	snprintf(ends, 16, "%02d:%02d", h2, m2);
	return true;
}

static int schedule_add(struct ctl *c, const char *name, const struct sopts *o)
{
	if (!o->agency || o->nsessions == 0) {
		fprintf(stderr, _("attendctl: schedule add: --agency and at least one --session are required\n"));
		return 2;
	}
	char agency_id[32];
	if (!ctl_agency(c, o->agency, agency_id, sizeof agency_id))
		return 1;
	char names[MAX_SESSIONS][32], starts[MAX_SESSIONS][16], ends[MAX_SESSIONS][16];
	for (int i = 0; i < o->nsessions; i++)
		if (!split_session(o->session[i], names[i], sizeof names[i], starts[i], ends[i]))
			return 2;
	/* roster days "1,2,3,4,5,6,7" (ISO weekdays) as an int[] literal */
	char days[64] = "{}";
	if (o->roster_days) {
		if (strspn(o->roster_days, "1234567,") != strlen(o->roster_days) || strlen(o->roster_days) > 13) {
			fprintf(stderr, _("attendctl: --roster-days '%s' is not a list of weekdays 1-7 (1 = Monday)\n"), o->roster_days);
			return 2;
		}
		snprintf(days, sizeof days, "{%s}", o->roster_days);
	}
	if (!ctl_begin(c))
		return 1;
	const char *p[4] = { agency_id, name, days, o->grace };
	PGresult *r = ctl_exec(c, "schedule add", "INSERT INTO attend.schedule_profile (agency_id, name, follows_calendar,"
	        " roster_days, grace_min) VALUES ($1::bigint, $2, cardinality($3::int[]) = 0, $3::int[], $4::int) RETURNING id", 4, p);
	if (!r) {
		ctl_rollback(c);
		return 1;
	}
	char id[32];
	snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	for (int i = 0; i < o->nsessions; i++) {
		char idx[16];
		snprintf(idx, sizeof idx, "%d", i);
		const char *ps[6] = { id, idx, agency_id, names[i], starts[i], ends[i] };
		r = ctl_exec(c, "schedule add", "INSERT INTO attend.schedule_session (profile_id, idx, agency_id, name, starts, ends)"
		             " VALUES ($1, $2, $3, $4, $5::time, $6::time)", 6, ps);
		if (!r) {
			ctl_rollback(c);
			return 1;
		}
		PQclear(r);
	}
	if (!ctl_commit(c))
		return 1;
	if (!c->quiet)
		printf(_("schedule %s of agency %s added with %d session(s)\n"), name, o->agency, o->nsessions);
	return 0;
}

/* A profile by name: the agency's own, else a shipped one. */
static bool profile(struct ctl *c, const char *agency_id, const char *name, char *id, size_t len)
{
	const char *p[2] = { agency_id, name };
	PGresult *r = ctl_exec(c, "schedule", "SELECT id FROM attend.schedule_profile WHERE name = $2"
	                       " AND (agency_id = $1::bigint OR agency_id IS NULL) ORDER BY agency_id NULLS LAST LIMIT 1", 2, p);
	if (!r)
		return false;
	bool ok = PQntuples(r) == 1;
	if (ok)
		snprintf(id, len, "%s", PQgetvalue(r, 0, 0));
	else
		fprintf(stderr, _("attendctl: schedule '%s' does not exist (attendctl schedule list)\n"), name);
	PQclear(r);
	return ok;
}

static int schedule_assign(struct ctl *c, const char *name, struct sopts *o)
{
	if (!o->agency || !o->from) {
		fprintf(stderr, _("attendctl: schedule assign: --agency and --from are required\n"));
		return 2;
	}
	if ((o->unit && o->person) || (!o->summer != !o->summer_from) || (!o->summer != !o->summer_to)) {
		fprintf(stderr, _("attendctl: schedule assign: give --unit or --person (not both), and --summer with "
		                  "--summer-from MM-DD and --summer-to MM-DD\n"));
		return 2;
	}
	if (!ctl_check_date("--from", &o->from) || (o->to && !ctl_check_date("--to", &o->to)) ||
	    (o->summer_from && !ctl_check_month_day("--summer-from", &o->summer_from)) ||
	    (o->summer_to && !ctl_check_month_day("--summer-to", &o->summer_to)))
		return 2;
	char agency_id[32], unit_id[32] = "", person_id[32] = "", pa[32], prof[32], summer[32] = "";
	if (!ctl_agency(c, o->agency, agency_id, sizeof agency_id) ||
	    (o->unit && !hr_unit(c, agency_id, o->agency, o->unit, unit_id, sizeof unit_id)) ||
	    (o->person && !ctl_person(c, o->agency, o->person, person_id, pa, sizeof person_id)) ||
	    !profile(c, agency_id, name, prof, sizeof prof) ||
	    (o->summer && !profile(c, agency_id, o->summer, summer, sizeof summer)))
		return 1;
	const char *p[9] = { agency_id, unit_id[0] ? unit_id : NULL, person_id[0] ? person_id : NULL, prof,
	                     summer[0] ? summer : NULL, o->summer_from, o->summer_to, o->from, o->to };
	const char *pn[10] = { p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], o->note };
	PGresult *r = ctl_exec(c, "schedule assign", "INSERT INTO attend.schedule_assignment (agency_id, unit_id, person_id,"
	        " profile_id, summer_profile_id, summer_from, summer_to, valid_from, valid_to, note)"
	        " VALUES ($1::bigint, $2::bigint, $3::bigint, $4::bigint, $5::bigint, $6, $7, $8::date, $9::date, $10) RETURNING id", 10, pn);
	if (!r)
		return 1;
	PQclear(r);
	if (!c->quiet)
		printf(_("schedule %s applies to %s %s from %s%s%s\n"), name, o->person ? _("person") : o->unit ? _("unit") : _("agency"),
		       o->person ? o->person : o->unit ? o->unit : o->agency, o->from, o->to ? _(" to ") : "", o->to ? o->to : "");
	return 0;
}

static int cmd_schedule(struct ctl *c, int argc, char **argv)
{
	static const char *u = "attendctl schedule add NAME --agency A --session NAME=HH:MM-HH:MM ... [--grace MIN] [--roster-days 1,...,7]\n"
	                       "       attendctl schedule assign NAME --agency A [--unit U | --person P] --from DATE [--to DATE]\n"
	                       "                 [--summer NAME --summer-from DD/MM --summer-to DD/MM] [--note TEXT]\n"
	                       "       attendctl schedule list [--agency A]";
	struct sopts o;
	if (parse(argc, argv, &o, u))
		return 2;
	int n = argc - optind;
	char **a = argv + optind;
	if (n == 2 && !strcmp(a[0], "add"))
		return schedule_add(c, a[1], &o);
	if (n == 2 && !strcmp(a[0], "assign"))
		return schedule_assign(c, a[1], &o);
	if (n == 1 && !strcmp(a[0], "list")) {
		PGresult *r = ctl_exec(c, "schedule list",
		        "SELECT coalesce(g.code, ''), p.name, coalesce((SELECT string_agg(s.name || ' ' || to_char(s.starts, 'HH24:MI')"
		        "  || '-' || to_char(s.ends, 'HH24:MI'), ', ' ORDER BY s.idx) FROM attend.schedule_session s WHERE s.profile_id = p.id), ''),"
		        " CASE WHEN p.follows_calendar THEN '' ELSE array_to_string(p.roster_days, ',') END"
		        " FROM attend.schedule_profile p LEFT JOIN attend.agency g ON g.id = p.agency_id"
		        " WHERE $1::text IS NULL OR g.code = $1 OR p.agency_id IS NULL ORDER BY 1, 2", 1, (const char *const[]){ o.agency });
		if (!r)
			return 1;
		for (int i = 0; i < PQntuples(r); i++) {
			char roster[64] = "";
			if (*PQgetvalue(r, i, 3))   /* the ISO weekdays a roster runs on */
				snprintf(roster, sizeof roster, _("roster %s"), PQgetvalue(r, i, 3));
			printf("%-12s %-16s %s %s\n", *PQgetvalue(r, i, 0) ? PQgetvalue(r, i, 0) : _("(shipped)"),
			       PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), roster);
		}
		PQclear(r);
		return 0;
	}
	fprintf(stderr, _("usage: %s\n"), u);
	return 2;
}

/* attendctl roster import FILE --agency A [--dry-run]: columns "code" (mã cán bộ), "date" (ngày,
 * dd/mm/yyyy as Excel writes it in Vietnam, or yyyy-mm-dd) and "shift" (ca: a schedule's
 * name).  Every line is checked; any error names its line and nothing is written. */
static int roster_import(struct ctl *c, const char *path, const struct sopts *o)
{
	static const char *const heads[3][6] = {
		{ "code", "person", "mã cán bộ", "mã", NULL },
		{ "date", "ngày", "ngày trực", NULL },
		{ "shift", "profile", "ca", "ca trực", "lịch", NULL },
	};
	if (!o->agency) {
		fprintf(stderr, _("attendctl: roster import: --agency is required\n"));
		return 2;
	}
	char agency_id[32];
	if (!ctl_agency(c, o->agency, agency_id, sizeof agency_id))
		return 1;
	struct hr_csv csv;
	char err[1024];
	if (hr_csv_read(path, &csv, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: %s\n", err);
		return 1;
	}
	int col[3] = { -1, -1, -1 }, rc = 0;
	for (size_t i = 0; csv.nrows > 0 && i < csv.rows[0].nfields; i++)
		for (int k = 0; k < 3; k++)
			for (const char *const *h = heads[k]; *h; h++)
				if (hr_csv_same_heading(csv.rows[0].fields[i], *h))
					col[k] = (int)i;
	for (int k = 0; k < 3; k++)
		if (col[k] < 0) {
			fprintf(stderr, _("%s:1: no column '%s' (%s)\n"), path, heads[k][0], heads[k][2]);
			rc = 2;
		}
	if (rc || csv.nrows < 2) {
		if (!rc)
			fprintf(stderr, _("%s: no rows under the header\n"), path);
		hr_csv_free(&csv);
		return 2;
	}
	if (!ctl_begin(c)) {
		hr_csv_free(&csv);
		return 1;
	}
	PGresult *r = ctl_exec(c, "roster import", "CREATE TEMP TABLE roster_in (line int, code text, day text, shift text, on_day date) ON COMMIT DROP", 0, NULL);
	rc = r ? 0 : 1;
	PQclear(r);
	for (size_t i = 1; rc == 0 && i < csv.nrows; i++) {
		const struct hr_csv_row *row = &csv.rows[i];
		char line[24], iso[CTL_DATE_LEN];
		snprintf(line, sizeof line, "%ld", row->line);
		const char *day = (size_t)col[1] < row->nfields ? row->fields[col[1]] : "";
		const char *p[5] = { line, (size_t)col[0] < row->nfields ? row->fields[col[0]] : "", day,
		                     (size_t)col[2] < row->nfields ? row->fields[col[2]] : "",
		                     ctl_parse_date(day, iso) ? iso : NULL };
		r = ctl_exec(c, "roster import", "INSERT INTO roster_in VALUES ($1::int, $2, $3, $4, $5::date)", 5, p);
		rc = r ? 0 : 1;
		PQclear(r);
	}
	/* Each line's problem, in line order; none means every line is good. */
	const char *pa[1] = { agency_id };
	r = rc ? NULL : ctl_exec(c, "roster import",
	        "WITH d AS (SELECT i.*,"
	        "   (SELECT id FROM attend.person p WHERE p.agency_id = $1::bigint AND p.code = i.code) AS person_id,"
	        "   (SELECT id FROM attend.schedule_profile s WHERE s.name = i.shift AND (s.agency_id = $1::bigint OR s.agency_id IS NULL)"
	        "    ORDER BY s.agency_id NULLS LAST LIMIT 1) AS profile_id FROM roster_in i)"
	        " SELECT line, CASE WHEN on_day IS NULL THEN 'date' WHEN person_id IS NULL THEN 'person'"
	        "  ELSE 'shift' END, CASE WHEN on_day IS NULL THEN day WHEN person_id IS NULL THEN code ELSE shift END"
	        " FROM d WHERE on_day IS NULL OR person_id IS NULL OR profile_id IS NULL"
	        " ORDER BY line", 1, pa);
	if (!r)
		rc = 1;
	else if (PQntuples(r) > 0) {
		for (int i = 0; i < PQntuples(r); i++) {
			const char *what = PQgetvalue(r, i, 1), *v = PQgetvalue(r, i, 2);
			fprintf(stderr, "%s:%s: ", path, PQgetvalue(r, i, 0));
			if (!strcmp(what, "date"))
				fprintf(stderr, _("date '%s' is not a date (dd/mm/yyyy or yyyy-mm-dd)\n"), v);
			else if (!strcmp(what, "person"))
				fprintf(stderr, _("person '%s' does not exist in agency %s\n"), v, o->agency);
			else
				fprintf(stderr, _("shift '%s' is not a schedule (attendctl schedule list)\n"), v);
		}
		fprintf(stderr, _("attendctl: roster import: nothing imported (%d line(s) to correct)\n"), PQntuples(r));
		rc = 1;
	}
	PQclear(r);
	long n = 0;
	if (rc == 0) {
		r = ctl_exec(c, "roster import",
		        "INSERT INTO attend.schedule_assignment (agency_id, person_id, profile_id, valid_from, valid_to, note)"
		        " SELECT $1::bigint, p.id, s.id, d.on_day, d.on_day, 'roster ' || $2"
		        " FROM roster_in d"
		        " JOIN attend.person p ON p.agency_id = $1::bigint AND p.code = d.code"
		        " CROSS JOIN LATERAL (SELECT id FROM attend.schedule_profile s WHERE s.name = d.shift"
		        "   AND (s.agency_id = $1::bigint OR s.agency_id IS NULL) ORDER BY s.agency_id NULLS LAST LIMIT 1) s",
		        2, (const char *const[]){ agency_id, path });
		if (r)
			n = atol(PQcmdTuples(r));
		rc = r ? 0 : 1;
		PQclear(r);
	}
	hr_csv_free(&csv);
	if (rc || o->dry_run) {
		ctl_rollback(c);
		if (rc == 0 && !c->quiet)
			printf(_("%s: %ld roster day(s) are good; nothing written (--dry-run)\n"), path, n);
		return rc;
	}
	if (!ctl_commit(c))
		return 1;
	if (!c->quiet)
		printf(_("%s: %ld roster day(s) imported for agency %s\n"), path, n, o->agency);
	return 0;
}

static int cmd_roster(struct ctl *c, int argc, char **argv)
{
	static const char *u = "attendctl roster import FILE --agency A [--dry-run]";
	struct sopts o;
	if (parse(argc, argv, &o, u))
		return 2;
	if (argc - optind == 2 && !strcmp(argv[optind], "import"))
		return roster_import(c, argv[optind + 1], &o);
	fprintf(stderr, _("usage: %s\n"), u);
	return 2;
}

const struct ctl_command ctl_commands_schedule[] = {
	{ "schedule", cmd_schedule, N_("working hours: profiles with sessions, seasons, assignments") },
	{ "roster", cmd_roster, N_("shifts per person per date from a CSV (night duty): import") },
	{ NULL, NULL, NULL },
};
