/* Today.  Without a unit: how many people of each unit are due, in, late, absent, missing
 * their OUT tap or on leave (one aggregate over the day results), the agency's total and the
 * silent readers.  With ?unit=CODE: who, by name, in that unit and its sub-units — the SQL of
 * attendctl today (lib/today_sql.h) narrowed to the unit; each person listed is logged as
 * viewed.  A unit head's Today opens on their unit.  As the user's role sees it (row-level
 * security); refreshes itself. */
#include <stdbool.h>
#include <stdio.h>

#include "lib/today_sql.h"
#include "web/input.h"
#include "web/page.h"
#include "web/page_scores.h"

/* The query string that keeps the agency and the day chosen (for links; starts with &amp;). */
static void keep_query(struct dbuf *b, const char *code, const char *date)
{
	if (code) {
		dbuf_puts(b, "&amp;agency=");
		scores_url_part(b, code);
	}
	if (date) {
		dbuf_puts(b, "&amp;date=");
		scores_url_part(b, date);
	}
}

/* A list of the unit: like page_table, the person's name linked to their month. */
static void person_table(struct page *pg, const char *id, const PGresult *r, const char *const *labels, int ncols,
                         const char *month, const char *empty_message)
{
	struct dbuf *b = &pg->rs->body;
	if (PQntuples(r) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", empty_message);
		return;
	}
	html_raw(b, "<div class=\"scroll\"><table id=\"%s\"><thead><tr>", id);
	for (int c = 0; c < ncols; c++)
		html_raw(b, "<th scope=\"col\">%s</th>", T(pg, labels[c]));
	dbuf_puts(b, "</tr></thead><tbody>");
	for (int i = 0; i < PQntuples(r); i++) {
		dbuf_puts(b, "<tr>");
		for (int c = 0; c < ncols; c++) {
			dbuf_puts(b, "<td>");
			if (c == 1) {   /* every row is someone the role sees, so their month opens for it */
				html_raw(b, "<a href=\"/me?month=%s&amp;person=", month);
				scores_url_part(b, PQgetvalue(r, i, 0));
				dbuf_puts(b, "\">");
			}
			html_text(b, PQgetvalue(r, i, c));
			dbuf_puts(b, c == 1 ? "</a></td>" : "</td>");
		}
		dbuf_puts(b, "</tr>");
	}
	dbuf_puts(b, "</tbody></table></div>");
}

/* The people of the three lists (the id in each row's last column) as an array literal. */
static void people_ids(struct dbuf *ids, PGresult *const *r, int n)
{
	dbuf_puts(ids, "{");
	for (int k = 0; k < n; k++)
		for (int i = 0; i < PQntuples(r[k]); i++)
			dbuf_printf(ids, "%s%s", ids->len > 1 ? "," : "", PQgetvalue(r[k], i, PQnfields(r[k]) - 1));
	dbuf_puts(ids, "}");
}

static bool unit_lists(struct page *pg, const char *agency, const char *date, const char *unit_id,
                       const char *month, bool today)
{
	struct dbuf *b = &pg->rs->body, ids = { 0 };
	bool ok = false;
	const char *p[3] = { agency, date, unit_id };
	PGresult *r[3] = { page_query(pg, today_unit_in_sql, 3, p), NULL, NULL }, *logged = NULL;
	if (r[0])
		r[1] = page_query(pg, today_unit_late_sql, 3, p);
	if (r[1])
		r[2] = page_query(pg, today_unit_missing_out_sql, 3, p);
	if (r[2]) {
		/* Each person listed is a view of their data by someone else (sql/029): logged under
		 * the month page's kind, the day as detail; the function leaves out the viewer. */
		people_ids(&ids, r, 3);
		logged = ids.oom ? NULL : page_query(pg, "SELECT attend.log_data_access($1::bigint[], 'month', $2)", 2,
		                                     (const char *const[]){ ids.p, date });
	}
	if (!logged) {
		page_query_failed(pg);
		goto out;
	}
	dbuf_puts(b, "<div class=\"figures\">");
	html_raw(b, "<div><b>%d</b>%s</div>", PQntuples(r[0]), T(pg, "Came in"));
	html_raw(b, "<div><b>%d</b>%s</div>", PQntuples(r[1]), T(pg, "Late"));
	html_raw(b, "<div><b>%d</b>%s</div>", PQntuples(r[2]), T(pg, "OUT tap missing"));
	dbuf_puts(b, "</div>");
	static const char *const in_cols[] = { N_("Staff code"), N_("Full name"), N_("Unit"), N_("First tap"),
	                                       N_("Last tap"), N_("Taps") };
	static const char *const late_cols[] = { N_("Staff code"), N_("Full name"), N_("Unit"), N_("Session"),
	                                         N_("Starts"), N_("In"), N_("Late (min)") };
	static const char *const out_cols[] = { N_("Staff code"), N_("Full name"), N_("Unit"), N_("Session"),
	                                        N_("In"), N_("Ends") };
	html_raw(b, "<h2 id=\"late\">%s</h2>", T(pg, "Late"));
	person_table(pg, "list-late", r[1], late_cols, 7, month, T(pg, "Nobody late so far."));
	html_raw(b, "<h2 id=\"missing-out\">%s</h2>", T(pg, "OUT tap missing"));
	person_table(pg, "list-missing-out", r[2], out_cols, 6, month, T(pg, "No OUT tap missing."));
	html_raw(b, "<h2 id=\"in\">%s</h2>", T(pg, today ? "In today" : "Came in"));
	person_table(pg, "list-in", r[0], in_cols, 6, month, T(pg, "Nobody has tapped in yet."));
	ok = true;
out:
	dbuf_free(&ids);
	PQclear(logged);
	for (int i = 0; i < 3; i++)
		PQclear(r[i]);
	return ok;
}

static bool unit_counts(struct page *pg, const char *agency, const char *date, const char *code, const char *shown)
{
	struct dbuf *b = &pg->rs->body;
	bool ok = false;
	char silent[16];
	snprintf(silent, sizeof silent, "%ld", pg->w->cfg->silent_after);
	PGresult *u = page_query(pg, today_units_sql, 2, (const char *const[]){ agency, date });
	PGresult *s = u ? page_query(pg, today_silent_sql, 2, (const char *const[]){ agency, silent }) : NULL;
	if (!s) {
		page_query_failed(pg);
		goto out;
	}
	/* the ROLLUP row (the agency) comes first; none when nobody has a result that day */
	bool total = PQntuples(u) > 0 && PQgetisnull(u, 0, 0);
	/* "came in", not "in today": the counts of another day say the same */
	static const char *const heads[] = { N_("Due"), N_("Came in"), N_("Late"), N_("Absent"), N_("OUT tap missing"),
	                                     N_("On leave") };
	dbuf_puts(b, "<div class=\"figures\" id=\"totals\">");
	for (int c = 0; c < 6; c++)
		html_raw(b, "<div><b>%s</b>%s</div>", total ? PQgetvalue(u, 0, c + 2) : "0", T(pg, heads[c]));
	html_raw(b, "<div><b>%d</b>%s</div>", PQntuples(s), T(pg, "Silent readers"));
	dbuf_puts(b, "</div>");
	html_raw(b, "<h2 id=\"units\">%s</h2>", T(pg, "Units"));
	if (PQntuples(u) <= (total ? 1 : 0)) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "No day results for this day yet."));
	} else {
		html_raw(b, "<p class=\"note\">%s</p>", T(pg, "People of each unit; a unit's name opens its lists."));
		html_raw(b, "<div class=\"scroll\"><table id=\"unit-counts\"><thead><tr><th scope=\"col\">%s</th>", T(pg, "Unit"));
		for (int c = 0; c < 6; c++)
			html_raw(b, "<th scope=\"col\">%s</th>", T(pg, heads[c]));
		dbuf_puts(b, "</tr></thead><tbody>");
		for (int i = total ? 1 : 0; i < PQntuples(u); i++) {
			dbuf_puts(b, "<tr><th scope=\"row\"><a href=\"/today?unit=");
			scores_url_part(b, PQgetvalue(u, i, 0));
			keep_query(b, code, shown);
			dbuf_puts(b, "\">");
			html_text(b, PQgetvalue(u, i, 0));
			dbuf_puts(b, " — ");
			html_text(b, PQgetvalue(u, i, 1));
			dbuf_puts(b, "</a></th>");
			for (int c = 2; c < 8; c++)
				html_raw(b, "<td>%s</td>", PQgetvalue(u, i, c));
			dbuf_puts(b, "</tr>");
		}
		dbuf_puts(b, "</tbody></table></div>");
	}
	static const char *const silent_cols[] = { N_("Site"), N_("Edge"), N_("Reader"), N_("Name"),
	                                           N_("Last tap received"), N_("Silent (min)") };
	html_raw(b, "<h2 id=\"silent\">%s</h2>", T(pg, "Silent readers"));
	page_table(pg, s, silent_cols, 6, T(pg, "Every reader has been heard from."));
	ok = true;
out:
	PQclear(u);
	PQclear(s);
	return ok;
}

/* A unit head's own unit: the one unit whose sub-tree holds every person the role sees (but
 * the login's own person); NULL when there is none (units apart: the counts then). */
static const char head_unit_sql[] =
	"WITH v AS (SELECT p.unit_id FROM attend.person p WHERE p.agency_id = $1 AND p.id IS DISTINCT FROM"
	"   (SELECT l.person_id FROM attend.person_login l WHERE l.role_name = current_user) OFFSET 0),"
	" n AS (SELECT count(*) AS n FROM v)"
	" SELECT u.code FROM (SELECT DISTINCT unit_id FROM v) c JOIN attend.org_unit u ON u.id = c.unit_id, n"
	" WHERE n.n > 0 AND (SELECT count(*) FROM v WHERE v.unit_id = ANY (attend.unit_subtree(u.id))) = n.n"
	" ORDER BY u.code LIMIT 1";

void page_today(struct page *pg)
{
	const char *code = kv_get(&pg->rq->query, "agency"), *day = kv_get(&pg->rq->query, "date");
	const char *unit = kv_get(&pg->rq->query, "unit"), *all = kv_get(&pg->rq->query, "all");
	char date[INPUT_DATE_LEN];
	if (day && !*day)
		day = NULL;
	if (unit && !*unit)
		unit = NULL;
	if ((code && !input_code(code)) || (day && !input_date(day, date)) || (unit && !input_code(unit))) {
		page_error(pg, 400, T(pg, "The agency code, the unit or the date (dd/mm/yyyy) is not valid."));
		return;
	}
	/* The agencies the role sees (row-level security): the one asked for, else the first. */
	/* Another day (?date=) shows that day as it ended, and does not reload itself. */
	PGresult *a = page_query(pg, "SELECT a.id, a.code, a.name, coalesce($2::date, (attend.now() AT TIME ZONE a.tz)::date)::text,"
	                         " to_char(attend.now() AT TIME ZONE a.tz, 'HH24:MI'),"
	                         " coalesce($2::date = (attend.now() AT TIME ZONE a.tz)::date, true)"
	                         " FROM attend.agency a WHERE $1::text IS NULL OR a.code = $1 ORDER BY a.code LIMIT 1",
	                         2, (const char *const[]){ code, day ? date : NULL });
	PGresult *h = NULL, *u = NULL;
	if (!a) {
		page_query_failed(pg);
		return;
	}
	if (PQntuples(a) == 0) {
		page_error(pg, 404, T(pg, "No such agency for your login."));
		goto out;
	}
	const char *agency = PQgetvalue(a, 0, 0), *the_date = PQgetvalue(a, 0, 3);
	if (!unit && !all && pg->s->kind == USER_UNIT_HEAD) {
		if (!(h = page_query(pg, head_unit_sql, 1, &agency))) {
			page_query_failed(pg);
			goto out;
		}
		if (PQntuples(h) == 1)
			unit = PQgetvalue(h, 0, 0);
	}
	/* The unit asked for, if it holds someone the role sees (itself or a sub-unit). */
	if (unit) {
		u = page_query(pg, "SELECT u.id, u.code, u.name FROM attend.org_unit u WHERE u.agency_id = $1 AND u.code = $2"
		               " AND EXISTS (SELECT FROM attend.person p WHERE p.unit_id = ANY (attend.unit_subtree(u.id)))",
		               2, (const char *const[]){ agency, unit });
		if (!u) {
			page_query_failed(pg);
			goto out;
		}
		if (PQntuples(u) == 0) {
			page_error(pg, 404, T(pg, "No such unit for your login."));
			goto out;
		}
	}
	struct dbuf *b = &pg->rs->body;
	bool today = PQgetvalue(a, 0, 5)[0] == 't';
	char d[32], month[8];
	i18n_date(d, sizeof d, the_date);
	snprintf(month, sizeof month, "%.7s", the_date);
	html_begin(b, pg->lang, pg->s, today ? T(pg, "Today") : d, today ? (int)pg->w->cfg->refresh : 0);
	dbuf_puts(b, "<p class=\"sub\">");
	html_text(b, PQgetvalue(a, 0, 2));
	if (u) {
		dbuf_puts(b, " · ");
		html_text(b, PQgetvalue(u, 0, 2));
	}
	html_raw(b, " · %s", d);
	if (today) {
		dbuf_puts(b, " · ");
		html_raw(b, T(pg, "as of %s"), PQgetvalue(a, 0, 4));
	}
	dbuf_puts(b, "</p>");
	if (u) {
		dbuf_puts(b, "<p><a id=\"all-units\" href=\"/today?all=1");
		keep_query(b, code, today ? NULL : d);
		html_raw(b, "\">← %s</a></p>", T(pg, "All units"));
	}
	dbuf_puts(b, "<form class=\"inline\" method=\"get\" action=\"/today\">");
	if (code) {
		dbuf_puts(b, "<input type=\"hidden\" name=\"agency\" value=\"");
		html_text(b, code);
		dbuf_puts(b, "\">");
	}
	if (u) {
		dbuf_puts(b, "<input type=\"hidden\" name=\"unit\" value=\"");
		html_text(b, PQgetvalue(u, 0, 1));
		dbuf_puts(b, "\">");
	}
	html_raw(b, "<div><label for=\"date\">%s</label><input id=\"date\" name=\"date\" placeholder=\"dd/mm/yyyy\" "
	         "inputmode=\"numeric\" value=\"%s\"></div><button type=\"submit\">%s</button></form>",
	         T(pg, "Another day (dd/mm/yyyy)"), today ? "" : d, T(pg, "Show"));
	if (u ? unit_lists(pg, agency, the_date, PQgetvalue(u, 0, 0), month, today)
	      : unit_counts(pg, agency, the_date, code, today ? NULL : d))
		html_end(b, pg->lang);
out:
	PQclear(u);
	PQclear(h);
	PQclear(a);
}
