/* Annual leave balances as files (/leave?year=YYYY&unit=CODE&format=csv|xlsx|pdf): written by
 * doc/leave_balance.c, the writer of `attendctl leave balance --format`, so the bytes are
 * attendctl's.  HR (and unit heads) get the agency's year or a unit's; staff their own row.
 * Read as the user's login (row-level security decides); the people in the file are logged
 * as viewed (attend.log_data_access, a download of their leave balance). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/leave_balance.h"
#include "web/input.h"
#include "web/page.h"
#include "web/page_doc.h"

/* The agency the login sees, the year (asked, else this year by its clock) and the date the
 * balance is as of: today within the year, else the year's last (past) or first (ahead) day,
 * as attendctl leave balance takes it. */
static const char when_sql[] =
	"WITH t AS (SELECT a.id, a.name, (attend.now() AT TIME ZONE a.tz)::date AS today FROM attend.agency a"
	"  ORDER BY a.code LIMIT 1),"
	" y AS (SELECT t.*, coalesce($1::int, extract(year FROM t.today)::int) AS y FROM t)"
	" SELECT y.id, y.name, y.y, least(greatest(y.today, make_date(y.y, 1, 1)), make_date(y.y, 12, 31))::text FROM y";

struct download { const struct doc_leave_balance *d; enum hr_format fmt; };

static int write_doc(const void *arg, const char *path)
{
	const struct download *a = arg;
	return doc_leave_balance_write(a->d, a->fmt, path);
}

static void form(struct page *pg, PGresult *units, const char *year)
{
	struct dbuf *b = &pg->rs->body;
	html_begin(b, pg->lang, pg->s, T(pg, "Annual leave balances"), 0);
	html_raw(b, "<form class=\"inline\" method=\"get\" action=\"/leave\"><div><label for=\"year\">%s</label>"
	         "<input id=\"year\" name=\"year\" value=\"%s\" inputmode=\"numeric\" size=\"5\" required></div>",
	         T(pg, "Year"), year);
	if (units) {
		html_raw(b, "<div><label for=\"unit\">%s</label><select id=\"unit\" name=\"unit\"><option value=\"\">%s</option>",
		         T(pg, "Unit"), T(pg, "The whole agency"));
		for (int i = 0; i < PQntuples(units); i++) {
			dbuf_puts(b, "<option value=\"");
			html_text(b, PQgetvalue(units, i, 0));
			dbuf_puts(b, "\">");
			html_text(b, PQgetvalue(units, i, 1));
			dbuf_puts(b, "</option>");
		}
		dbuf_puts(b, "</select></div>");
	}
	html_raw(b, "<button type=\"submit\" name=\"format\" value=\"csv\" id=\"download-csv\">%s</button>"
	         "<button type=\"submit\" name=\"format\" value=\"xlsx\" id=\"download-xlsx\">%s</button>"
	         "<button type=\"submit\" name=\"format\" value=\"pdf\" id=\"download-pdf\">%s</button></form>",
	         T(pg, "Download CSV"), T(pg, "Download XLSX"), T(pg, "Download PDF"));
	html_end(b, pg->lang);
}

void page_leave(struct page *pg)
{
	const struct kvlist *q = &pg->rq->query;
	const char *ys = kv_get(q, "year"), *unit = kv_get(q, "unit"), *fmt = kv_get(q, "format");
	bool staff = pg->s->kind == USER_STAFF;
	if (unit && !*unit)
		unit = NULL;
	if (ys && !*ys)
		ys = NULL;
	char *end = NULL;
	long y = ys ? strtol(ys, &end, 10) : 0;
	if ((ys && (*end || y < 2000 || y > 2999)) || (unit && (staff || !input_code(unit))) ||
	    (fmt && strcmp(fmt, "csv") && strcmp(fmt, "xlsx") && strcmp(fmt, "pdf"))) {
		page_error(pg, 400, T(pg, "The year (2000-2999), the unit or the format is not valid."));
		return;
	}
	if (staff && !*pg->s->person) {
		page_error(pg, 404, T(pg, "Your login is not the login of a person on the staff list."));
		return;
	}
	PGresult *w = page_query(pg, when_sql, 1, (const char *const[]){ ys });
	PGresult *units = w && !staff ? page_query(pg, "SELECT u.code, u.name, u.id::text FROM attend.org_unit u"
	                                           " WHERE EXISTS (SELECT FROM attend.person p WHERE p.unit_id = u.id)"
	                                           " ORDER BY u.code", 0, NULL) : NULL;
	PGresult *who = w && staff ? page_query(pg, "SELECT p.id::text FROM attend.person p WHERE p.code = $1 AND p.agency_id = $2",
	                                        2, (const char *const[]){ pg->s->person, PQntuples(w) ? PQgetvalue(w, 0, 0) : "0" })
	                           : NULL;
	struct doc_leave_balance d = { 0 };
	bool begun = false;
	if (!w || (staff ? !who : !units)) {
		page_query_failed(pg);
		goto out;
	}
	if (PQntuples(w) == 0 || (staff && PQntuples(who) == 0)) {
		page_error(pg, 404, T(pg, "No such agency for your login."));
		goto out;
	}
	const char *agency = PQgetvalue(w, 0, 0), *unit_id = NULL;
	char year[8];
	snprintf(year, sizeof year, "%s", PQgetvalue(w, 0, 2));
	for (int i = 0; unit && i < PQntuples(units); i++)
		if (!strcmp(PQgetvalue(units, i, 0), unit)) {
			unit_id = PQgetvalue(units, i, 2);
			d.unit_name = PQgetvalue(units, i, 1);
		}
	if (unit && !unit_id) {
		page_error(pg, 404, T(pg, "No such unit for your login."));
		goto out;
	}
	if (!fmt) {
		form(pg, units, year);
		goto out;
	}
	page_doc_lang(pg);
	const char *person_id = staff ? PQgetvalue(who, 0, 0) : NULL;
	const char *p[6] = { agency, year, PQgetvalue(w, 0, 3), unit_id, person_id, hr_vi() ? "true" : "false" };
	char what[32];
	snprintf(what, sizeof what, "leave_balance_%s", fmt);
	PGresult *x = page_query(pg, "BEGIN", 0, NULL);
	begun = x != NULL;
	PQclear(x);
	x = begun ? page_query(pg, doc_leave_people_sql, 6, p) : NULL;
	bool ok = x != NULL;
	PQclear(x);
	ok = ok && (d.res[0] = page_query(pg, doc_leave_people_rows_sql, 1, (const char *const[]){ "false" })) &&
	     (d.res[1] = page_query(pg, doc_leave_unit_rows_sql, 0, NULL)) &&
	     (d.res[2] = page_query(pg, doc_leave_total_sql, 2, (const char *const[]){ agency, unit_id }));
	x = ok ? page_query(pg, "SELECT attend.log_data_access(array_agg(person_id), $1, $2) FROM hr_leave", 2,
	                    (const char *const[]){ what, year }) : NULL;
	PQclear(x);
	if (!x) {
		page_query_failed(pg);
		goto out;
	}
	x = page_query(pg, "COMMIT", 0, NULL);   /* the log of who was viewed stays; the temporary table goes */
	begun = false;
	PQclear(x);
	if (!x) {
		page_query_failed(pg);
		goto out;
	}
	d.agency_name = PQgetvalue(w, 0, 1);
	d.agency = "";   /* the codes are only in JSON's meta, which the web does not give */
	d.unit = unit;
	d.person = staff ? pg->s->person : NULL;
	d.year = year;
	d.as_of = PQgetvalue(w, 0, 3);
	char name[96];
	if (unit)
		snprintf(name, sizeof name, "so-du-phep-nam-%s-%s.%s", unit, year, fmt);
	else if (staff)
		snprintf(name, sizeof name, "so-du-phep-nam-%s-%s.%s", pg->s->person, year, fmt);
	else
		snprintf(name, sizeof name, "so-du-phep-nam-%s.%s", year, fmt);
	enum hr_format f = !strcmp(fmt, "csv") ? HR_FMT_CSV : !strcmp(fmt, "xlsx") ? HR_FMT_XLSX : HR_FMT_PDF;
	struct download a = { &d, f };
	page_doc_send(pg, name, page_doc_type(fmt), write_doc, &a);
out:
	if (begun)
		PQclear(page_query(pg, "ROLLBACK", 0, NULL));
	for (int i = 0; i < 3; i++)
		PQclear(d.res[i]);
	PQclear(who);
	PQclear(units);
	PQclear(w);
}
