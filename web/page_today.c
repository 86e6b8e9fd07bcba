/* Today: who is in, who was late, whose OUT tap is missing, which readers are silent — the
 * SQL of attendctl today (lib/today_sql.h), as the user's role sees it.  Refreshes itself. */
#include <stdio.h>

#include "lib/today_sql.h"
#include "web/input.h"
#include "web/page.h"

void page_today(struct page *pg)
{
	const char *code = kv_get(&pg->rq->query, "agency"), *day = kv_get(&pg->rq->query, "date");
	char date[INPUT_DATE_LEN];
	if (day && !*day)
		day = NULL;
	if ((code && !input_code(code)) || (day && !input_date(day, date))) {
		page_error(pg, 400, T(pg, "The agency code or the date (dd/mm/yyyy) is not valid."));
		return;
	}
	/* The agencies the role sees (row-level security): the one asked for, else the first. */
	/* Another day (?date=) shows that day as it ended, and does not reload itself. */
	PGresult *a = page_query(pg, "SELECT a.id, a.code, a.name, coalesce($2::date, (attend.now() AT TIME ZONE a.tz)::date)::text,"
	                         " to_char(attend.now() AT TIME ZONE a.tz, 'HH24:MI'),"
	                         " coalesce($2::date = (attend.now() AT TIME ZONE a.tz)::date, true)"
	                         " FROM attend.agency a WHERE $1::text IS NULL OR a.code = $1 ORDER BY a.code LIMIT 1",
	                         2, (const char *const[]){ code, day ? date : NULL });
	if (!a) {
		page_query_failed(pg);
		return;
	}
	if (PQntuples(a) == 0) {
		PQclear(a);
		page_error(pg, 404, T(pg, "No such agency for your login."));
		return;
	}
	char silent[16];
	snprintf(silent, sizeof silent, "%ld", pg->w->cfg->silent_after);
	const char *p[2] = { PQgetvalue(a, 0, 0), PQgetvalue(a, 0, 3) };
	const char *ps[2] = { PQgetvalue(a, 0, 0), silent };
	PGresult *r[4] = { page_query(pg, today_in_sql, 2, p), page_query(pg, today_late_sql, 2, p),
	                   page_query(pg, today_missing_out_sql, 2, p), page_query(pg, today_silent_sql, 2, ps) };
	if (!r[0] || !r[1] || !r[2] || !r[3]) {
		page_query_failed(pg);
		goto out;
	}
	struct dbuf *b = &pg->rs->body;
	bool today = PQgetvalue(a, 0, 5)[0] == 't';
	char d[32];
	i18n_date(d, sizeof d, PQgetvalue(a, 0, 3));
	html_begin(b, pg->lang, pg->s, today ? T(pg, "Today") : d, today ? (int)pg->w->cfg->refresh : 0);
	dbuf_puts(b, "<p class=\"sub\">");
	html_text(b, PQgetvalue(a, 0, 2));
	html_raw(b, " · %s", i18n_date(d, sizeof d, PQgetvalue(a, 0, 3)));
	if (today) {
		dbuf_puts(b, " · ");
		html_raw(b, T(pg, "as of %s"), PQgetvalue(a, 0, 4));
	}
	dbuf_puts(b, "</p><form class=\"inline\" method=\"get\" action=\"/today\">");
	if (code) {
		dbuf_puts(b, "<input type=\"hidden\" name=\"agency\" value=\"");
		html_text(b, code);
		dbuf_puts(b, "\">");
	}
	html_raw(b, "<div><label for=\"date\">%s</label><input id=\"date\" name=\"date\" placeholder=\"dd/mm/yyyy\" "
	         "inputmode=\"numeric\" value=\"%s\"></div><button type=\"submit\">%s</button></form>",
	         T(pg, "Another day (dd/mm/yyyy)"), today ? "" : d, T(pg, "Show"));
	dbuf_puts(b, "<div class=\"figures\">");
	html_raw(b, "<div><b>%d</b>%s</div>", PQntuples(r[0]), T(pg, "In today"));
	html_raw(b, "<div><b>%d</b>%s</div>", PQntuples(r[1]), T(pg, "Late"));
	html_raw(b, "<div><b>%d</b>%s</div>", PQntuples(r[2]), T(pg, "OUT tap missing"));
	html_raw(b, "<div><b>%d</b>%s</div>", PQntuples(r[3]), T(pg, "Silent readers"));
	dbuf_puts(b, "</div>");

	static const char *const in_cols[] = { N_("Staff code"), N_("Full name"), N_("Unit"), N_("First tap"),
	                                       N_("Last tap"), N_("Taps") };
	static const char *const late_cols[] = { N_("Staff code"), N_("Full name"), N_("Unit"), N_("Session"),
	                                         N_("Starts"), N_("In"), N_("Late (min)") };
	static const char *const out_cols[] = { N_("Staff code"), N_("Full name"), N_("Unit"), N_("Session"),
	                                        N_("In"), N_("Ends") };
	static const char *const silent_cols[] = { N_("Site"), N_("Edge"), N_("Reader"), N_("Name"),
	                                           N_("Last tap received"), N_("Silent (min)") };
	html_raw(b, "<h2 id=\"late\">%s</h2>", T(pg, "Late"));
	page_table(pg, r[1], late_cols, 7, T(pg, "Nobody late so far."));
	html_raw(b, "<h2 id=\"missing-out\">%s</h2>", T(pg, "OUT tap missing"));
	page_table(pg, r[2], out_cols, 6, T(pg, "No OUT tap missing."));
	html_raw(b, "<h2 id=\"silent\">%s</h2>", T(pg, "Silent readers"));
	page_table(pg, r[3], silent_cols, 6, T(pg, "Every reader has been heard from."));
	html_raw(b, "<h2 id=\"in\">%s</h2>", T(pg, "In today"));
	page_table(pg, r[0], in_cols, 6, T(pg, "Nobody has tapped in yet."));
	html_end(b, pg->lang);
out:
	for (int i = 0; i < 4; i++)
		PQclear(r[i]);
	PQclear(a);
}
