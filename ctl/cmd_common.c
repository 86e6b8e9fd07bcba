/* Helpers shared by the day commands: dates, agencies, people, transactions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"   /* _() */
#include "rules/date.h"

bool ctl_check_date(const char *what, const char **s)
{
	/* Vietnamese users write 16/11/2026 (d/m/yyyy); the database and the file names take the
	 * ISO form, so a d/m/yyyy date is rewritten to it (a small ring: a command checks a few). */
	static char iso[8][16];
	static unsigned next;
	const char *v = *s;
	int y, m, d, n = 0;
	if (v && strlen(v) == 10 && sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10 &&
	    rules_ymd_valid(y, m, d))
		return true;
	n = 0;
	if (v && sscanf(v, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && !v[n] && y >= 1000 && rules_ymd_valid(y, m, d)) {
		char *out = iso[next++ % 8];
		snprintf(out, sizeof iso[0], "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
		*s = out;
		return true;
	}
	fprintf(stderr, _("attendctl: %s: '%s' is not a date (dd/mm/yyyy or yyyy-mm-dd)\n"), what, v ? v : "");
	return false;
}

bool ctl_agency(struct ctl *c, const char *code, char *buf, size_t len)
{
	const char *p[1] = { code };
	PGresult *r = ctl_exec(c, "agency", "SELECT id FROM attend.agency WHERE code = $1", 1, p);
	if (!r)
		return false;
	bool ok = PQntuples(r) == 1;
	if (ok)
		snprintf(buf, len, "%s", PQgetvalue(r, 0, 0));
	else
		fprintf(stderr, "attendctl: agency '%s' does not exist\n", code);
	PQclear(r);
	return ok;
}

bool ctl_person(struct ctl *c, const char *agency_code, const char *code, char *person_id,
                char *agency_id, size_t len)
{
	const char *p[2] = { code, agency_code };
	PGresult *r = ctl_exec(c, "person",
	        "SELECT p.id, p.agency_id, a.code FROM attend.person p JOIN attend.agency a ON a.id = p.agency_id"
	        " WHERE p.code = $1 AND ($2::text IS NULL OR a.code = $2) ORDER BY a.code", 2, p);
	if (!r)
		return false;
	int n = PQntuples(r);
	if (n == 1) {
		snprintf(person_id, len, "%s", PQgetvalue(r, 0, 0));
		snprintf(agency_id, len, "%s", PQgetvalue(r, 0, 1));
	} else if (n == 0) {
		/* row-level security hides the people a role may not see: say so */
		fprintf(stderr, "attendctl: person '%s' does not exist%s%s or is not visible to the database role '%s'\n",
		        code, agency_code ? " in agency " : "", agency_code ? agency_code : "", PQuser(c->db));
	} else {
		fprintf(stderr, "attendctl: person code '%s' is used in %d agencies (", code, n);
		for (int i = 0; i < n; i++)
			fprintf(stderr, "%s%s", i ? ", " : "", PQgetvalue(r, i, 2));
		fprintf(stderr, "): name one with --agency\n");
	}
	PQclear(r);
	return n == 1;
}

bool ctl_begin(struct ctl *c)
{
	PGresult *r = ctl_exec(c, "BEGIN", "BEGIN", 0, NULL);
	PQclear(r);
	return r != NULL;
}

bool ctl_commit(struct ctl *c)
{
	PGresult *r = ctl_exec(c, "COMMIT", "COMMIT", 0, NULL);
	PQclear(r);
	return r != NULL;
}

void ctl_rollback(struct ctl *c)
{
	if (c->db && PQtransactionStatus(c->db) != PQTRANS_IDLE) {
		PGresult *r = PQexec(c->db, "ROLLBACK");
		PQclear(r);
	}
}

/* Approving or rejecting a request or a correction is the same act: once, by someone, at a
 * time.  kind is "request" or "correction" (our literals: it names the table). */
int ctl_decide(struct ctl *c, const char *kind, const char *id, const char *status, const char *by)
{
	char *end;
	if (strtol(id, &end, 10) <= 0 || *end) {
		fprintf(stderr, "attendctl: %s: '%s' is not a %s number\n", kind, id, kind);
		return 2;
	}
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE attend.%s SET status = $2, decided_by = coalesce($3, current_user),"
	         " decided_at = now() WHERE id = $1::bigint AND status = 'requested' RETURNING id", kind);
	const char *p[3] = { id, status, by };
	PGresult *r = ctl_exec(c, kind, sql, 3, p);
	if (!r)
		return 1;
	int n = PQntuples(r);
	PQclear(r);
	if (n != 1) {
		fprintf(stderr, "attendctl: %s %s does not exist, is already decided, or is not for the database "
		        "role '%s' to decide\n", kind, id, PQuser(c->db));
		return 1;
	}
	if (!c->quiet)
		printf("%s %s %s\n", kind, id, status);
	return 0;
}
