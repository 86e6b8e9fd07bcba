/* The HR command group of attendctl: import, report, timesheet, today, access.  Joined to
 * attendctl through the weak ctl_commands_hr reference (ctl/ctl.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"

const struct ctl_command ctl_commands_hr[] = {
	{ "import", hr_import, "import org units or people from CSV (all or nothing)" },
	{ "report", hr_report_cmd, "punctuality report (table, CSV, JSON, XLSX)" },
	{ "timesheet", hr_timesheet, "the C01-HD timesheet (Bảng chấm công) of a unit and month" },
	{ "today", hr_today, "who is in, late, missing an OUT tap; silent readers" },
	{ "access", hr_access, "map HR database roles to the agencies they may see" },
	{ NULL, NULL, NULL },
};

bool hr_unit(struct ctl *c, const char *agency_id, const char *agency_code, const char *code,
             char *buf, size_t len)
{
	const char *p[2] = { agency_id, code };
	PGresult *r = ctl_exec(c, "unit", "SELECT id FROM attend.org_unit WHERE agency_id = $1 AND code = $2",
	                       2, p);
	if (!r)
		return false;
	bool ok = PQntuples(r) == 1;
	if (ok)
		snprintf(buf, len, "%s", PQgetvalue(r, 0, 0));
	else
		fprintf(stderr, _("attendctl: unit '%s' does not exist in agency %s\n"), code, agency_code);
	PQclear(r);
	return ok;
}

bool hr_month(const char *s, char *first, size_t len)
{
	int y, m, n = 0;
	if (s && strlen(s) == 7 && sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 && y >= 2000 &&
	    y <= 2999 && m >= 1 && m <= 12) {
		snprintf(first, len, "%04d-%02d-01", y, m);
		return true;
	}
	fprintf(stderr, _("attendctl: --month '%s' is not a month (YYYY-MM)\n"), s ? s : "");
	return false;
}

/* attendctl access grant|revoke ROLE AGENCY, access list: who may see which agency. */
int hr_access(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *lang = NULL;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'L': lang = optarg; break;
		case 'h':
		default:
			fprintf(ch == 'h' ? stdout : stderr,
			        "usage: attendctl access grant|revoke ROLE AGENCY\n"
			        "       attendctl access list\n");
			return ch == 'h' ? 0 : 2;
		}
	}
	if (!hr_lang_init(lang))
		return 2;
	int n = argc - optind;
	char **a = argv + optind;
	if (n == 1 && !strcmp(a[0], "list")) {
		PGresult *r = ctl_exec(c, "access list",
		        "SELECT h.role_name, g.code, g.name, h.granted_by, to_char(h.granted_at, 'YYYY-MM-DD')"
		        " FROM attend.hr_access h JOIN attend.agency g ON g.id = h.agency_id ORDER BY 1, 2", 0, NULL);
		if (!r)
			return 1;
		for (int i = 0; i < PQntuples(r); i++)
			printf("%-20s %-12s %s (%s, %s)\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
			       PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4));
		PQclear(r);
		return 0;
	}
	if (n == 3 && (!strcmp(a[0], "grant") || !strcmp(a[0], "revoke"))) {
		bool grant = !strcmp(a[0], "grant");
		const char *p1[1] = { a[1] };
		PGresult *r = ctl_exec(c, "access", "SELECT 1 FROM pg_roles WHERE rolname = $1", 1, p1);
		if (!r)
			return 1;
		int found = PQntuples(r);
		PQclear(r);
		if (!found) {
			fprintf(stderr, _("attendctl: database role '%s' does not exist\n"), a[1]);
			return 1;
		}
		char agency_id[32];
		if (!ctl_agency(c, a[2], agency_id, sizeof agency_id))
			return 1;
		const char *p[2] = { a[1], agency_id };
		r = ctl_exec(c, "access", grant
		        ? "INSERT INTO attend.hr_access (role_name, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
		        : "DELETE FROM attend.hr_access WHERE role_name = $1 AND agency_id = $2", 2, p);
		if (!r)
			return 1;
		PQclear(r);
		if (!c->quiet)
			printf(grant ? _("role %s may see agency %s\n") : _("role %s may no longer see agency %s\n"),
			       a[1], a[2]);
		return 0;
	}
	fprintf(stderr, "usage: attendctl access grant|revoke ROLE AGENCY\n"
	                "       attendctl access list\n");
	return 2;
}
