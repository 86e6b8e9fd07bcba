/* Helpers shared by the day commands: dates, agencies, people, transactions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"   /* _() */
#include "rules/date.h"

/* Digits only (no sign, no blank: sscanf's %d would take " 1" and "+1"), 1..max of them. */
static bool digits(const char *s, size_t n, size_t min, size_t max, int *ret)
{
	if (n < min || n > max)
		return false;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*ret = v;
	return true;
}

/* Splits s at `sep` into exactly `n` parts of the given digit counts (min[i]..max[i]). */
static bool split(const char *s, char sep, int n, const size_t *min, const size_t *max, int *out)
{
	for (int i = 0; i < n; i++) {
		const char *e = i < n - 1 ? strchr(s, sep) : s + strlen(s);
		if (!e || !digits(s, (size_t)(e - s), min[i], max[i], &out[i]))
			return false;
		s = e + 1;
	}
	return true;
}

/* One range of years for every date and month a person types: wide enough for hire dates and
 * plans, narrow enough that a slip (20266) is caught. */
static bool year_ok(int y)
{
	return y >= 1900 && y <= 2200;
}

bool ctl_parse_date(const char *s, char *iso)
{
	static const size_t iso_min[3] = { 4, 2, 2 }, iso_max[3] = { 4, 2, 2 };
	static const size_t vn_min[3] = { 1, 1, 4 }, vn_max[3] = { 2, 2, 4 };
	int v[3], y, m, d;
	if (!s)
		return false;
	if (split(s, '-', 3, iso_min, iso_max, v))
		y = v[0], m = v[1], d = v[2];
	else if (split(s, '/', 3, vn_min, vn_max, v))
		d = v[0], m = v[1], y = v[2];
	else
		return false;
	if (!year_ok(y) || !rules_ymd_valid(y, m, d))
		return false;
	snprintf(iso, CTL_DATE_LEN, "%04d-%02d-%02d", y, m, d);
	return true;
}

bool ctl_parse_month(const char *s, char *first)
{
	static const size_t iso_min[2] = { 4, 2 }, iso_max[2] = { 4, 2 };
	static const size_t vn_min[2] = { 1, 4 }, vn_max[2] = { 2, 4 };
	int v[2], y, m;
	if (!s)
		return false;
	if (split(s, '-', 2, iso_min, iso_max, v))
		y = v[0], m = v[1];
	else if (split(s, '/', 2, vn_min, vn_max, v))
		m = v[0], y = v[1];
	else
		return false;
	if (!year_ok(y) || m < 1 || m > 12)
		return false;
	snprintf(first, CTL_DATE_LEN, "%04d-%02d-01", y, m);
	return true;
}

bool ctl_parse_month_day(const char *s, char *mmdd)
{
	static const size_t iso_min[2] = { 2, 2 }, iso_max[2] = { 2, 2 };
	static const size_t vn_min[2] = { 1, 1 }, vn_max[2] = { 2, 2 };
	int v[2], m, d;
	if (!s)
		return false;
	if (split(s, '-', 2, iso_min, iso_max, v))
		m = v[0], d = v[1];
	else if (split(s, '/', 2, vn_min, vn_max, v))
		d = v[0], m = v[1];
	else
		return false;
	if (!rules_ymd_valid(2000, m, d))   /* a leap year: 29/02 recurs */
		return false;
	snprintf(mmdd, CTL_DATE_LEN, "%02d-%02d", m, d);
	return true;
}

bool ctl_check_month_day(const char *what, const char **s)
{
	static char out[4][CTL_DATE_LEN];
	static unsigned next;
	char *o = out[next++ % 4];
	if (ctl_parse_month_day(*s, o)) {
		*s = o;
		return true;
	}
	fprintf(stderr, _("attendctl: %s '%s' is not a day of the year (dd/mm or mm-dd)\n"), what, *s ? *s : "");
	return false;
}

bool ctl_check_date(const char *what, const char **s)
{
	/* The database and the file names take the ISO form, so the date is rewritten to it (a
	 * small ring: a command checks a few). */
	static char iso[8][CTL_DATE_LEN];
	static unsigned next;
	char *out = iso[next++ % 8];
	if (ctl_parse_date(*s, out)) {
		*s = out;
		return true;
	}
	fprintf(stderr, _("attendctl: %s '%s' is not a date (dd/mm/yyyy or yyyy-mm-dd)\n"), what, *s ? *s : "");
	return false;
}

bool ctl_check_month(const char *what, const char *s, char *first)
{
	if (ctl_parse_month(s, first))
		return true;
	fprintf(stderr, _("attendctl: %s '%s' is not a month (mm/yyyy or yyyy-mm)\n"), what, s ? s : "");
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
		fprintf(stderr, _("attendctl: agency '%s' does not exist\n"), code);
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
		if (agency_code)
			fprintf(stderr, _("attendctl: person '%s' does not exist in agency %s or is not visible to "
			                  "the database role '%s'\n"), code, agency_code, PQuser(c->db));
		else
			fprintf(stderr, _("attendctl: person '%s' does not exist or is not visible to the database "
			                  "role '%s'\n"), code, PQuser(c->db));
	} else {
		char list[256] = "";
		for (int i = 0, o = 0; i < n && o < (int)sizeof list; i++)
			o += snprintf(list + o, sizeof list - (size_t)o, "%s%s", i ? ", " : "", PQgetvalue(r, i, 2));
		fprintf(stderr, _("attendctl: person code '%s' is used in %d agencies (%s): name one with --agency\n"),
		        code, n, list);
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
 * time.  kind is "request" or "correction" (our literals: it names the table); the messages
 * name it in the session's language. */
int ctl_decide(struct ctl *c, const char *kind, const char *id, const char *status, const char *by)
{
	bool req = !strcmp(kind, "request");
	char *end;
	if (strtol(id, &end, 10) <= 0 || *end) {
		fprintf(stderr, req ? _("attendctl: '%s' is not a request number\n")
		                    : _("attendctl: '%s' is not a correction number\n"), id);
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
		fprintf(stderr, req ? _("attendctl: request %s does not exist, is already decided, or is not for "
		                        "the database role '%s' to decide\n")
		                    : _("attendctl: correction %s does not exist, is already decided, or is not "
		                        "for the database role '%s' to decide\n"), id, PQuser(c->db));
		return 1;
	}
	bool ok = !strcmp(status, "approved");
	if (!c->quiet)
		printf(req ? (ok ? _("request %s approved\n") : _("request %s rejected\n"))
		           : (ok ? _("correction %s approved\n") : _("correction %s rejected\n")), id);
	return 0;
}
