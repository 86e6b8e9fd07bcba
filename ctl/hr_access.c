/* attendctl access: who sees what (docs/roles.md).  A role is mapped to an agency (HR, or an
 * administrator kept to some agencies), to a unit of an agency (a unit head: the unit and
 * its sub-units), or to one person (a staff member's own login).  Row-level security reads
 * these mappings; this command only writes them, as an administrator. */
#include <getopt.h>
#include <string.h>

#include "ctl/hr.h"

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl access grant|revoke ROLE AGENCY [--unit CODE | --person CODE]\n"
	                   "       attendctl access list\n"));
}

static int list(struct ctl *c)
{
	PGresult *r = ctl_exec(c, "access list",
	        "SELECT h.role_name, g.code, '', g.name, h.granted_by, to_char(h.granted_at, 'YYYY-MM-DD')"
	        " FROM attend.hr_access h JOIN attend.agency g ON g.id = h.agency_id"
	        " UNION ALL SELECT x.role_name, g.code, 'u' || u.code, u.name, x.granted_by, to_char(x.granted_at, 'YYYY-MM-DD')"
	        " FROM attend.unit_access x JOIN attend.org_unit u ON u.id = x.unit_id JOIN attend.agency g ON g.id = u.agency_id"
	        " UNION ALL SELECT l.role_name, g.code, 'p' || p.code, p.full_name, l.granted_by, to_char(l.granted_at, 'YYYY-MM-DD')"
	        " FROM attend.person_login l JOIN attend.person p ON p.id = l.person_id JOIN attend.agency g ON g.id = p.agency_id"
	        " ORDER BY 1, 2, 3", 0, NULL);
	if (!r)
		return 1;
	for (int i = 0; i < PQntuples(r); i++) {
		/* the scope: '' (the agency), 'u' + a unit code or 'p' + a person code */
		const char *scope = PQgetvalue(r, i, 2);
		char what[96] = "", day[16];
		if (*scope)
			snprintf(what, sizeof what, *scope == 'u' ? _("unit %s") : _("person %s"), scope + 1);
		printf("%-20s %-12s %-16s %s (%s, %s)\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), what,
		       PQgetvalue(r, i, 3), PQgetvalue(r, i, 4), hr_date(day, sizeof day, PQgetvalue(r, i, 5)));
	}
	PQclear(r);
	return 0;
}

int hr_access(struct ctl *c, int argc, char **argv)
{
	const char *unit = NULL, *person = NULL;
	int done = hr_lang_args(argc, argv, (const struct hr_opt[]){ { "unit", &unit }, { "person", &person },
	        { NULL } }, usage);
	if (done >= 0)
		return done;
	int n = argc - optind;
	char **a = argv + optind;
	if (n == 1 && !strcmp(a[0], "list"))
		return list(c);
	if (n != 3 || (strcmp(a[0], "grant") && strcmp(a[0], "revoke")) || (unit && person)) {
		usage(stderr);
		return 2;
	}
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
	char agency_id[32], id[32] = "", pa[32];
	if (!ctl_agency(c, a[2], agency_id, sizeof agency_id) ||
	    (unit && !hr_unit(c, agency_id, a[2], unit, id, sizeof id)) ||
	    (person && !ctl_person(c, a[2], person, id, pa, sizeof id)))
		return 1;
	const char *p[2] = { a[1], unit || person ? id : agency_id };
	const char *sql = unit ? (grant ? "INSERT INTO attend.unit_access (role_name, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
	                                : "DELETE FROM attend.unit_access WHERE role_name = $1 AND unit_id = $2")
	                : person ? (grant ? "INSERT INTO attend.person_login (role_name, person_id) VALUES ($1, $2)"
	                                    " ON CONFLICT (role_name) DO UPDATE SET person_id = EXCLUDED.person_id"
	                                  : "DELETE FROM attend.person_login WHERE role_name = $1 AND person_id = $2")
	                : (grant ? "INSERT INTO attend.hr_access (role_name, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
	                         : "DELETE FROM attend.hr_access WHERE role_name = $1 AND agency_id = $2");
	r = ctl_exec(c, "access", sql, 2, p);
	if (!r)
		return 1;
	PQclear(r);
	if (c->quiet)
		return 0;
	if (unit)
		printf(grant ? _("role %s may see unit %s of agency %s and the units under it\n")
		             : _("role %s may no longer see unit %s of agency %s\n"), a[1], unit, a[2]);
	else if (person)
		printf(grant ? _("login %s is %s of agency %s (their own record)\n")
		             : _("login %s is no longer %s of agency %s\n"), a[1], person, a[2]);
	else
		printf(grant ? _("role %s may see agency %s\n") : _("role %s may no longer see agency %s\n"),
		       a[1], a[2]);
	return 0;
}
