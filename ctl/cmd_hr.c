/* The HR command group of attendctl: import, report, timesheet, today, access.  Joined to
 * attendctl through the weak ctl_commands_hr reference (ctl/ctl.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"

const struct ctl_command ctl_commands_hr[] = {
	{ "import", hr_import, N_("import org units or people from CSV (all or nothing)") },
	{ "report", hr_report_cmd, N_("punctuality report (table, CSV, JSON, XLSX)") },
	{ "timesheet", hr_timesheet, N_("the C01-HD timesheet (Bảng chấm công) of a unit and month") },
	{ "today", hr_today, N_("who is in, late, missing an OUT tap; silent readers") },
	{ "access", hr_access, N_("map HR database roles to the agencies they may see") },
	{ "edges", hr_edges, N_("edges and readers: state, journal backlog, clock drift, silent readers") },
	{ "login", ctl_login, N_("database logins of people and services (add, list, retire)") },
	{ "rejected", hr_rejected, N_("payloads the recorder kept aside, with their reasons (administrators)") },
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
	char f[CTL_DATE_LEN];
	if (!ctl_check_month("--month", s, f))
		return false;
	snprintf(first, len, "%s", f);
	return true;
}

