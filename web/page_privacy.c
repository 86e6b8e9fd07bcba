/* A person's rights over their data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): who has viewed
 * it (attend.data_access_log, sql/029: written by the pages that show a person's data to
 * someone else, readable by the person), and all of it as one JSON file.  Both for the person
 * the login is mapped to, read as that login: row-level security keeps anyone else's out. */
#include <stdio.h>
#include <string.h>

#include "web/page.h"

static const char log_sql[] =
	"SELECT to_char(l.viewed_at AT TIME ZONE a.tz, 'YYYY-MM-DD HH24:MI'), l.viewer, l.what,"
	" CASE WHEN l.what IN ('month', 'scores') OR l.what LIKE 'timesheet%' THEN to_char(l.detail::date, 'MM/YYYY')"
	"  WHEN l.what LIKE 'punctuality%' THEN to_char(split_part(l.detail, '..', 1)::date, 'DD/MM/YYYY') || ' – '"
	"   || to_char(split_part(l.detail, '..', 2)::date, 'DD/MM/YYYY') ELSE l.detail END"
	" FROM attend.data_access_log l JOIN attend.agency a ON a.id = l.agency_id"
	" WHERE l.person_id = (SELECT x.person_id FROM attend.person_login x WHERE x.role_name = current_user)"
	" ORDER BY l.viewed_at DESC, l.id DESC LIMIT 1000";

void page_access_log(struct page *pg)
{
	struct dbuf *b = &pg->rs->body;
	if (!*pg->s->person) {
		page_error(pg, 404, T(pg, "Your login is not the login of a person on the staff list."));
		return;
	}
	PGresult *r = page_query(pg, log_sql, 0, NULL);
	if (!r) {
		page_query_failed(pg);
		return;
	}
	html_begin(b, pg->lang, pg->s, T(pg, "Who has viewed my data"), 0);
	html_raw(b, "<p class=\"note\">%s</p>", T(pg, "Every time someone else (HR, your unit head) opens your month or a "
	                                             "report naming you, it is written here: who, when and what."));
	html_raw(b, "<p><a id=\"my-data\" href=\"/me/data.json\">%s</a></p>", T(pg, "Download all my data (JSON)"));
	if (PQntuples(r) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "Nobody else has viewed your data."));
	} else {
		html_raw(b, "<div class=\"scroll\"><table id=\"access-log\"><thead><tr><th scope=\"col\">%s</th>"
		         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		         T(pg, "When"), T(pg, "Who"), T(pg, "What"));
		for (int i = 0; i < PQntuples(r); i++) {
			char d[64];
			const char *what = PQgetvalue(r, i, 2);
			html_raw(b, "<tr><td>%s</td><td>", i18n_date(d, sizeof d, PQgetvalue(r, i, 0)));
			html_text(b, PQgetvalue(r, i, 1));
			dbuf_puts(b, "</td><td>");
			html_text(b, !strcmp(what, "month") ? T(pg, "your month")
			             : !strcmp(what, "scores") ? T(pg, "your scores (criteria, scorecard, monthly summary)")
			             : !strncmp(what, "leave_balance_", 14) ? T(pg, "your annual leave balance, downloaded as a file")
			             : !strcmp(what, "punctuality") ? T(pg, "the punctuality report")
			             : !strcmp(what, "punctuality_csv") ? T(pg, "the punctuality report, downloaded as CSV")
			             : !strncmp(what, "punctuality_", 12) ? T(pg, "the punctuality report, downloaded as a file")
			             : !strcmp(what, "timesheet") ? T(pg, "the timesheet (C01-HD) of your unit")
			             : !strncmp(what, "timesheet_", 10) ? T(pg, "the timesheet (C01-HD) of your unit, downloaded as a file")
			             : what);
			dbuf_puts(b, " ");
			html_text(b, PQgetvalue(r, i, 3));
			dbuf_puts(b, "</td></tr>");
		}
		dbuf_puts(b, "</tbody></table></div>");
	}
	html_end(b, pg->lang);
	PQclear(r);
}

/* Everything about the login's person, as the login sees it, each part ordered in time: the
 * person, badges, taps (through the badges, each within its validity), day results and their
 * exceptions, requests, corrections, score entries, scorecards, and who viewed the data. */
static const char data_sql[] =
	"WITH me AS (SELECT p.id, p.agency_id FROM attend.person p"
	"  JOIN attend.person_login l ON l.person_id = p.id WHERE l.role_name = current_user)"
	" SELECT jsonb_pretty(jsonb_build_object("
	"  'exported_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	"  'law', 'Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15',"
	"  'person', (SELECT to_jsonb(p) FROM attend.person p, me WHERE p.id = me.id),"
	"  'badges', (SELECT coalesce(jsonb_agg(to_jsonb(b) ORDER BY b.valid_from), '[]') FROM attend.badge b, me"
	"   WHERE b.person_id = me.id),"
	"  'taps', (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.tapped_at), '[]') FROM me, attend.tap t"
	"   JOIN attend.badge b ON b.uid = t.uid AND b.agency_id = t.agency_id AND t.tapped_at >= b.valid_from"
	"    AND (b.valid_to IS NULL OR t.tapped_at < b.valid_to)"
	"   WHERE b.person_id = me.id AND t.agency_id = me.agency_id),"
	"  'days', (SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.work_date), '[]') FROM attend.day_result r, me"
	"   WHERE r.person_id = me.id),"
	"  'day_exceptions', (SELECT coalesce(jsonb_agg(to_jsonb(e) ORDER BY e.work_date, e.seq), '[]')"
	"   FROM attend.day_exception e, me WHERE e.person_id = me.id),"
	"  'requests', (SELECT coalesce(jsonb_agg(to_jsonb(q) ORDER BY q.id), '[]') FROM attend.request q, me"
	"   WHERE q.person_id = me.id),"
	"  'corrections', (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.id), '[]') FROM attend.correction c, me"
	"   WHERE c.person_id = me.id),"
	"  'score_entries', (SELECT coalesce(jsonb_agg(to_jsonb(s)), '[]') FROM attend.score_entry s, me"
	"   WHERE s.person_id = me.id),"
	"  'scorecards', (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.month), '[]') FROM attend.scorecard s, me"
	"   WHERE s.person_id = me.id),"
	"  'viewed_by', (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.viewed_at), '[]')"
	"   FROM attend.data_access_log v, me WHERE v.person_id = me.id))),"
	" (SELECT p.code FROM attend.person p, me WHERE p.id = me.id)"
	" FROM me";

void page_my_data(struct page *pg)
{
	if (!*pg->s->person) {
		page_error(pg, 404, T(pg, "Your login is not the login of a person on the staff list."));
		return;
	}
	PGresult *r = page_query(pg, data_sql, 0, NULL);
	if (!r) {
		page_query_failed(pg);
		return;
	}
	if (PQntuples(r) == 0) {
		PQclear(r);
		page_error(pg, 404, T(pg, "Your login is not the login of a person on the staff list."));
		return;
	}
	dbuf_puts(&pg->rs->body, PQgetvalue(r, 0, 0));
	dbuf_puts(&pg->rs->body, "\n");
	pg->rs->content_type = "application/json; charset=utf-8";
	/* the code is ours (input_code at mapping time) but goes into a header: letters, digits, - _ only */
	char code[64], disp[160];
	size_t o = 0;
	for (const char *c = PQgetvalue(r, 0, 1); *c && o + 1 < sizeof code; c++)
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_')
			code[o++] = *c;
	code[o] = '\0';
	snprintf(disp, sizeof disp, "attachment; filename=\"du-lieu-cua-toi-%s.json\"", code);
	pg->rs->disposition = strdup(disp);
	PQclear(r);
}
