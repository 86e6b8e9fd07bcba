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
	{ "edges", hr_edges, "edges and readers: state, journal backlog, clock drift, silent readers" },
	{ "login", ctl_login, "database logins of people and services (add, list, retire)" },
	{ "rejected", hr_rejected, "payloads the recorder kept aside, with their reasons (administrators)" },
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

