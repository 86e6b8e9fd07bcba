/* The month's stored summary (/scores/summary?month=mm/yyyy[&agency=CODE]): what `attendctl
 * summary show` prints — per comparable group (staff kind) each person's discipline figures,
 * points and band — with the Hoàn thành xuất sắc cap (the rule set's share, how many were
 * excellent by score, how many got it, held back, tied), the collectives and the award
 * candidates.  For HR, unit heads and administrators: row-level security gives a unit head the
 * people of their units; the people named are logged for them to read (sql/029). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/input.h"
#include "web/page_scores.h"

static const char agency_sql[] =
	"SELECT a.id, a.code, a.name,"
	" to_char(coalesce($2::date, date_trunc('month', attend.now() AT TIME ZONE a.tz)::date), 'YYYY-MM-DD')"
	" FROM attend.agency a WHERE $1::text IS NULL OR a.code = $1 ORDER BY a.code LIMIT 1";

static const char state_sql[] =
	"SELECT s.as_of::text, v.label, v.excellent_cap_pct, v.excellent_cap_pct_unit_excellent, v.excellent_cap_base"
	" FROM attend.summary_state s JOIN attend.score_rule_set v ON v.id = s.score_rule_set_id"
	" WHERE s.agency_id = $1 AND s.month = $2::date";

/* summary show's rows and order, with what the page needs beside them. */
static const char people_sql[] =
	"SELECT p.code, p.full_name, d.late_count, d.late_minutes, d.early_count, d.early_minutes,"
	" d.unexcused_half_days, d.unexcused_days, d.missing_taps, d.missing_taps_open,"
	" d.badge_not_worn, d.deducted, d.sub_score, s.total, s.band, s.rank,"
	" s.comparable_group, s.band_by_score, s.capped, s.tie_at_cap, s.disciplined, s.missing_criteria,"
	" coalesce((SELECT string_agg(e.key || ' ' || e.value, ', ' ORDER BY e.key) FROM jsonb_each_text(d.excused) e), '')"
	" FROM attend.discipline_summary d JOIN attend.person p ON p.id = d.person_id"
	" JOIN attend.scorecard s ON s.agency_id = d.agency_id AND s.month = d.month AND s.person_id = d.person_id"
	" WHERE d.agency_id = $1 AND d.month = $2::date"
	" ORDER BY s.comparable_group, s.rank, p.code";

static const char collectives_sql[] =
	"SELECT u.code, u.name, c.members, c.score, c.band, c.rank FROM attend.collective_score c"
	" JOIN attend.org_unit u ON u.id = c.unit_id WHERE c.agency_id = $1 AND c.month = $2::date"
	" ORDER BY c.rank, u.code";

static const char awards_sql[] =
	"SELECT w.kind, w.position, coalesce(p.code, u.code, ''), coalesce(p.full_name, u.name, ''), w.points, w.line"
	" FROM attend.award_candidate w LEFT JOIN attend.person p ON p.id = w.person_id"
	" LEFT JOIN attend.org_unit u ON u.id = w.unit_id"
	" WHERE w.agency_id = $1 AND w.month = $2::date ORDER BY w.kind DESC, w.position";

/* The people a unit head or HR sees in the summary: logged as views of their month. */
static const char log_sql[] =
	"SELECT attend.log_data_access(ARRAY(SELECT person_id FROM attend.scorecard"
	" WHERE agency_id = $1 AND month = $2::date), 'scores', to_char($2::date, 'YYYY-MM-DD'))";

enum { C_CODE, C_NAME, C_FIRST_FIG = 2, C_DEDUCTED = 11, C_SUB, C_TOTAL, C_BAND, C_RANK, C_GROUP, C_BY_SCORE,
       C_CAPPED, C_TIE, C_DISC, C_MISSING, C_EXCUSED };

static void th(struct page *pg, const char *label)
{
	dbuf_puts(&pg->rs->body, "<th scope=\"col\">");
	html_text(&pg->rs->body, T(pg, label));
	dbuf_puts(&pg->rs->body, "</th>");
}

static void td_num(struct page *pg, const char *v)
{
	dbuf_puts(&pg->rs->body, "<td class=\"n\">");
	scores_number(pg, &pg->rs->body, v);
	dbuf_puts(&pg->rs->body, "</td>");
}

static bool yes(const PGresult *r, int i, int c)
{
	return PQgetvalue(r, i, c)[0] == 't';
}

/* The cap as the rule set words it, and what it did in this group (rows i0..i1-1). */
static void cap_line(struct page *pg, const PGresult *st, const PGresult *r, int i0, int i1)
{
	struct dbuf *b = &pg->rs->body;
	static const char excellent[] = "hoan_thanh_xuat_sac";
	int by_score = 0, got = 0, capped = 0, tied = 0;
	for (int i = i0; i < i1; i++) {
		by_score += !strcmp(PQgetvalue(r, i, C_BY_SCORE), excellent);
		got += !strcmp(PQgetvalue(r, i, C_BAND), excellent);
		capped += yes(r, i, C_CAPPED);
		tied += yes(r, i, C_TIE);
	}
	html_raw(b, "<p class=\"cap\">");
	html_raw(b, T(pg, "%s: at most %s%% of those rated %s (%s%% when the agency itself is excellent)."),
	         T(pg, "Completed duties excellently"), PQgetvalue(st, 0, 2),
	         !strcmp(PQgetvalue(st, 0, 4), "good") ? T(pg, "Completed duties well")
	                                               : T(pg, "Completed duties well or above"),
	         PQgetvalue(st, 0, 3));
	dbuf_puts(b, " ");
	html_raw(b, T(pg, "Excellent by score: %d; rated excellent: %d; held back by the cap: %d; tied at the cap: %d."),
	         by_score, got, capped, tied);
	dbuf_puts(b, "</p>");
}

static void group_table(struct page *pg, const PGresult *r, int i0, int i1, const char *month)
{
	struct dbuf *b = &pg->rs->body;
	html_raw(b, "<div class=\"scroll\"><table class=\"wide\" id=\"people-%s\"><thead><tr>", PQgetvalue(r, i0, C_GROUP));
	static const char *const heads[] = {
		N_("Rank"), N_("Staff code"), N_("Full name"), N_("Late"), N_("Late (min)"), N_("Early leave"),
		N_("Early (min)"), N_("Unexcused half-days"), N_("Unexcused days"), N_("Missing taps"),
		N_("Missing taps still within the days to justify them"), N_("Badge not worn"),
		N_("Points deducted"), N_("Discipline sub-score"), N_("Total points"), N_("Rating"),
		N_("Excused by symbol"), N_("Notes"),
	};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		th(pg, heads[i]);
	dbuf_puts(b, "</tr></thead><tbody>");
	for (int i = i0; i < i1; i++) {
		const char *code = PQgetvalue(r, i, C_CODE);
		html_raw(b, "<tr><td class=\"n\">%s</td><td><a href=\"/scores/card?month=%.7s&amp;person=",
		         PQgetvalue(r, i, C_RANK), month);
		scores_url_part(b, code);
		dbuf_puts(b, "\">");
		html_text(b, code);
		dbuf_puts(b, "</a></td><td>");
		html_text(b, PQgetvalue(r, i, C_NAME));
		dbuf_puts(b, "</td>");
		for (int c = C_FIRST_FIG; c <= C_TOTAL; c++)
			td_num(pg, PQgetvalue(r, i, c));
		dbuf_puts(b, "<td>");
		html_text(b, label_of(LABEL_BAND, PQgetvalue(r, i, C_BAND)));
		dbuf_puts(b, "</td><td>");
		html_text(b, PQgetvalue(r, i, C_EXCUSED));
		dbuf_puts(b, "</td><td>");
		const char *sep = "";
		if (yes(r, i, C_DISC))
			html_raw(b, "%s%s", sep, T(pg, "disciplined this year")), sep = "; ";
		if (yes(r, i, C_CAPPED))
			html_raw(b, "%s%s", sep, T(pg, "moved to Completed duties well by the cap on excellent ratings")), sep = "; ";
		if (yes(r, i, C_TIE))
			html_raw(b, "%s%s", sep, T(pg, "tied at the cap: the emulation council decides")), sep = "; ";
		if (atoi(PQgetvalue(r, i, C_MISSING)) > 0)
			html_raw(b, "%s%s %s", sep, T(pg, "Criteria not entered:"), PQgetvalue(r, i, C_MISSING));
		dbuf_puts(b, "</td></tr>");
	}
	dbuf_puts(b, "</tbody></table></div>");
}

static void collectives(struct page *pg, const PGresult *c)
{
	struct dbuf *b = &pg->rs->body;
	html_raw(b, "<h2>%s</h2>", T(pg, "Collectives"));
	if (PQntuples(c) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "None."));
		return;
	}
	dbuf_puts(b, "<div class=\"scroll\"><table id=\"collectives\"><thead><tr>");
	static const char *const heads[] = { N_("Rank"), N_("Unit"), N_("Members"), N_("Score"), N_("Rating") };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		th(pg, heads[i]);
	dbuf_puts(b, "</tr></thead><tbody>");
	for (int i = 0; i < PQntuples(c); i++) {
		html_raw(b, "<tr><td class=\"n\">%s</td><td>", PQgetvalue(c, i, 5));
		html_text(b, PQgetvalue(c, i, 1));
		dbuf_puts(b, "</td>");
		td_num(pg, PQgetvalue(c, i, 2));
		td_num(pg, PQgetvalue(c, i, 3));
		dbuf_puts(b, "<td>");
		html_text(b, label_of(LABEL_BAND, PQgetvalue(c, i, 4)));
		dbuf_puts(b, "</td></tr>");
	}
	dbuf_puts(b, "</tbody></table></div>");
}

static void awards(struct page *pg, const PGresult *w)
{
	struct dbuf *b = &pg->rs->body;
	html_raw(b, "<h2>%s</h2>", T(pg, "Award candidates"));
	if (PQntuples(w) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "None."));
		return;
	}
	dbuf_puts(b, "<div class=\"scroll\"><table id=\"awards\"><thead><tr>");
	static const char *const heads[] = { N_("No."), N_("Who"), N_("Points"), N_("Achievement") };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		th(pg, heads[i]);
	dbuf_puts(b, "</tr></thead><tbody>");
	for (int i = 0; i < PQntuples(w); i++) {
		html_raw(b, "<tr><td class=\"n\">%s</td><td>", PQgetvalue(w, i, 1));
		html_text(b, PQgetvalue(w, i, 3));
		dbuf_puts(b, " <small>");
		html_text(b, !strcmp(PQgetvalue(w, i, 0), "individual") ? PQgetvalue(w, i, 2) : T(pg, "collective"));
		dbuf_puts(b, "</small></td>");
		td_num(pg, PQgetvalue(w, i, 4));
		dbuf_puts(b, "<td>");
		html_text(b, PQgetvalue(w, i, 5));
		dbuf_puts(b, "</td></tr>");
	}
	dbuf_puts(b, "</tbody></table></div>");
}

void page_scores_summary(struct page *pg)
{
	if (pg->s->kind == USER_STAFF) {
		page_error(pg, 403, T(pg, "The monthly summary ranks people against each other: it is for HR, unit heads "
		                          "and administrators. Your own scorecard is on your month."));
		return;
	}
	const char *ag = kv_get(&pg->rq->query, "agency"), *m = kv_get(&pg->rq->query, "month");
	char month[INPUT_DATE_LEN];
	if ((ag && !input_code(ag)) || (m && !input_month(m, month))) {
		page_error(pg, 400, T(pg, "The agency or the month is not valid (month: mm/yyyy)."));
		return;
	}
	PGresult *a = page_query(pg, agency_sql, 2, (const char *const[]){ ag, m ? month : NULL });
	if (!a) {
		page_query_failed(pg);
		return;
	}
	if (PQntuples(a) == 0) {
		PQclear(a);
		page_error(pg, 404, T(pg, "No such agency for your login."));
		return;
	}
	const char *const args[] = { PQgetvalue(a, 0, 0), PQgetvalue(a, 0, 3) };
	const char *first = args[1];
	PGresult *st = page_query(pg, state_sql, 2, args);
	PGresult *r = st ? page_query(pg, people_sql, 2, args) : NULL;
	PGresult *c = r ? page_query(pg, collectives_sql, 2, args) : NULL;
	PGresult *w = c ? page_query(pg, awards_sql, 2, args) : NULL;
	PGresult *logged = w ? page_query(pg, log_sql, 2, args) : NULL;
	PQclear(logged);
	if (!logged) {
		page_query_failed(pg);
		goto out;
	}
	struct dbuf *b = &pg->rs->body;
	char title[320], mt[16], d[32];
	snprintf(title, sizeof title, T(pg, "Monthly summary — %s"), scores_month_text(mt, sizeof mt, first));
	html_begin(b, pg->lang, pg->s, title, 0);
	dbuf_puts(b, "<p class=\"sub\">");
	html_text(b, PQgetvalue(a, 0, 2));
	dbuf_puts(b, "</p>");
	html_raw(b, "<form class=\"inline\" method=\"get\" action=\"/scores/summary\"><input type=\"hidden\" name=\"agency\" value=\"");
	html_text(b, PQgetvalue(a, 0, 1));
	html_raw(b, "\"><div><label for=\"month\">%s</label><input id=\"month\" name=\"month\" value=\"%s\" "
	         "inputmode=\"numeric\" placeholder=\"mm/yyyy\" size=\"8\" required></div><button type=\"submit\">%s</button>"
	         "</form>", T(pg, "Month (mm/yyyy)"), mt, T(pg, "Show"));
	html_raw(b, "<p><a id=\"enter-criteria\" href=\"/scores/entry?month=%s\">%s</a></p>", mt,
	         T(pg, "Enter the people-assessed criteria"));
	if (PQntuples(st) == 0) {
		html_raw(b, "<p class=\"empty\" id=\"no-summary\">%s</p>",
		         T(pg, "No summary for this month yet: the nightly summary (attendctl summary run) has not scored it."));
		html_end(b, pg->lang);
		goto out;
	}
	html_raw(b, "<p class=\"note\" id=\"as-of\">%s %s · %s ", T(pg, "Counted up to"),
	         i18n_date(d, sizeof d, PQgetvalue(st, 0, 0)), T(pg, "score rule set"));
	html_text(b, PQgetvalue(st, 0, 1));
	dbuf_puts(b, "</p>");
	html_raw(b, "<h2>%s</h2>", T(pg, "People"));
	if (PQntuples(r) == 0)
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "None."));
	for (int i0 = 0, i1; i0 < PQntuples(r); i0 = i1) {
		for (i1 = i0 + 1; i1 < PQntuples(r) && !strcmp(PQgetvalue(r, i1, C_GROUP), PQgetvalue(r, i0, C_GROUP)); i1++)
			;
		dbuf_puts(b, "<h3>");
		html_text(b, label_of(LABEL_STAFF_KIND, PQgetvalue(r, i0, C_GROUP)));
		dbuf_puts(b, "</h3>");
		cap_line(pg, st, r, i0, i1);
		group_table(pg, r, i0, i1, first);
	}
	collectives(pg, c);
	awards(pg, w);
	html_end(b, pg->lang);
out:
	PQclear(w);
	PQclear(c);
	PQclear(r);
	PQclear(st);
	PQclear(a);
}
