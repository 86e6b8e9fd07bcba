/* A person's scorecard for a month (/scores/card?person=CODE&month=mm/yyyy): the total and
 * band, the criteria with who entered them, and every discipline fact of the month traced to
 * its day, session, tap time and the day's taps, with what it was charged as and why — the
 * data of `attendctl score card` and `summary show --person`.  Staff see their own; unit heads
 * and HR anyone their role sees (row-level security: not visible is a 404), and such a view is
 * logged for the person (sql/029). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/input.h"
#include "web/page_scores.h"

static const char person_sql[] =
	"SELECT p.id, p.agency_id, p.code, p.full_name, u.name, p.staff_kind,"
	" to_char(coalesce($2::date, date_trunc('month', attend.now() AT TIME ZONE a.tz)::date), 'YYYY-MM-DD')"
	" FROM attend.person p JOIN attend.org_unit u ON u.id = p.unit_id JOIN attend.agency a ON a.id = p.agency_id"
	" WHERE p.code = $1 ORDER BY p.agency_id LIMIT 1";

static const char card_sql[] =
	"SELECT s.total, s.band, s.band_by_score, s.rank, s.comparable_group, s.capped, s.tie_at_cap, s.disciplined,"
	" s.missing_criteria, coalesce(d.sub_score::text, ''), coalesce(d.deducted::text, ''), coalesce(st.as_of::text, '')"
	" FROM attend.scorecard s LEFT JOIN attend.discipline_summary d ON d.agency_id = s.agency_id"
	"  AND d.month = s.month AND d.person_id = s.person_id"
	" LEFT JOIN attend.summary_state st ON st.agency_id = s.agency_id AND st.month = s.month"
	" WHERE s.agency_id = $1 AND s.person_id = $2 AND s.month = $3::date";

/* The criteria of the card's rule set (else the month's, as `score set` picks it), the points
 * on the card and the latest entry with who, when and the note. */
static const char criteria_sql[] =
	"SELECT k.code, k.name_vi, k.max_points, coalesce(s.criteria ->> k.code, ''), coalesce(e.points::text, ''),"
	" coalesce(e.entered_by, ''), coalesce(to_char(e.entered_at AT TIME ZONE a.tz, 'YYYY-MM-DD HH24:MI'), ''),"
	" coalesce(e.note, ''), k.automatic"
	" FROM attend.score_criterion k JOIN attend.agency a ON a.id = $1"
	" LEFT JOIN attend.scorecard s ON s.agency_id = $1 AND s.person_id = $2 AND s.month = $3::date"
	" LEFT JOIN attend.score_entry_current e ON e.agency_id = $1 AND e.person_id = $2 AND e.month = $3::date"
	"  AND e.criterion = k.code"
	" WHERE k.rule_set_id = coalesce(s.score_rule_set_id, (SELECT score_rule_set_id FROM attend.summary_state"
	"  WHERE agency_id = $1 AND month = $3::date),"
	"  attend.score_rule_set_for($1, ($3::date + interval '1 month' - interval '1 day')::date))"
	" ORDER BY k.position";

/* Every fact the summary looked at, with the session's name and the person's taps of the day
 * (through their badges, each within its validity). */
static const char deductions_sql[] =
	"SELECT x.work_date::text, coalesce(r.sessions -> x.session::int ->> 'name', ''), x.session IS NULL, x.fact,"
	" x.cause, x.minutes, coalesce(to_char(x.tap_at, 'HH24:MI'), ''), x.charge, x.why, x.points,"
	" coalesce((SELECT string_agg(to_char(t.tapped_at AT TIME ZONE a.tz, 'HH24:MI'), ', ' ORDER BY t.tapped_at)"
	"  FROM attend.badge b JOIN attend.tap t ON t.uid = b.uid AND t.agency_id = b.agency_id"
	"   AND t.tapped_at >= b.valid_from AND (b.valid_to IS NULL OR t.tapped_at < b.valid_to)"
	"  WHERE b.person_id = x.person_id AND NOT t.duplicate"
	"   AND t.tapped_at >= x.work_date::timestamp AT TIME ZONE a.tz"
	"   AND t.tapped_at < (x.work_date + 1)::timestamp AT TIME ZONE a.tz), '')"
	" FROM attend.discipline_deduction x JOIN attend.agency a ON a.id = x.agency_id"
	" LEFT JOIN attend.day_result r ON r.agency_id = x.agency_id AND r.person_id = x.person_id"
	"  AND r.work_date = x.work_date"
	" WHERE x.agency_id = $1 AND x.person_id = $2 AND x.month = $3::date"
	" ORDER BY x.work_date, x.session NULLS FIRST, x.fact";

static void th(struct page *pg, const char *label)
{
	dbuf_puts(&pg->rs->body, "<th scope=\"col\">");
	html_text(&pg->rs->body, T(pg, label));
	dbuf_puts(&pg->rs->body, "</th>");
}

static void td(struct dbuf *b, const char *text)
{
	dbuf_puts(b, "<td>");
	html_text(b, text);
	dbuf_puts(b, "</td>");
}

static void td_num(struct page *pg, const char *v)
{
	dbuf_puts(&pg->rs->body, "<td class=\"n\">");
	scores_number(pg, &pg->rs->body, v);
	dbuf_puts(&pg->rs->body, "</td>");
}

static void figure(struct page *pg, const char *value, const char *label, bool number)
{
	struct dbuf *b = &pg->rs->body;
	dbuf_puts(b, "<div><b>");
	if (number)
		scores_number(pg, b, value);
	else
		html_text(b, value);
	dbuf_puts(b, "</b>");
	html_text(b, label);
	dbuf_puts(b, "</div>");
}

static void head(struct page *pg, PGresult *c)
{
	struct dbuf *b = &pg->rs->body;
	if (PQntuples(c) == 0) {
		html_raw(b, "<p class=\"empty\" id=\"no-card\">%s</p>",
		         T(pg, "No scorecard for this month yet: the nightly summary has not scored it. The criteria "
		               "entered so far are below."));
		return;
	}
	dbuf_puts(b, "<div class=\"figures\" id=\"card-figures\">");
	figure(pg, PQgetvalue(c, 0, 0), T(pg, "points in all"), true);
	figure(pg, label_of(LABEL_BAND, PQgetvalue(c, 0, 1)), T(pg, "band"), false);
	figure(pg, PQgetvalue(c, 0, 3), T(pg, "rank in the group"), false);
	if (*PQgetvalue(c, 0, 9))
		figure(pg, PQgetvalue(c, 0, 9), T(pg, "discipline points (of 10)"), true);
	if (*PQgetvalue(c, 0, 10))
		figure(pg, PQgetvalue(c, 0, 10), T(pg, "points deducted"), true);
	dbuf_puts(b, "</div><ul class=\"note\">");
	html_raw(b, "<li>%s ", T(pg, "Ranked among:"));
	html_text(b, label_of(LABEL_STAFF_KIND, PQgetvalue(c, 0, 4)));
	dbuf_puts(b, "</li>");
	if (strcmp(PQgetvalue(c, 0, 1), PQgetvalue(c, 0, 2))) {
		html_raw(b, "<li>%s ", T(pg, "By the score alone:"));
		html_text(b, label_of(LABEL_BAND, PQgetvalue(c, 0, 2)));
		dbuf_puts(b, "</li>");
	}
	if (PQgetvalue(c, 0, 5)[0] == 't')
		html_raw(b, "<li>%s</li>", T(pg, "moved to Completed duties well by the cap on excellent ratings"));
	if (PQgetvalue(c, 0, 6)[0] == 't')
		html_raw(b, "<li>%s</li>", T(pg, "tied at the cap: the emulation council decides"));
	if (PQgetvalue(c, 0, 7)[0] == 't')
		html_raw(b, "<li>%s</li>", T(pg, "disciplined this year"));
	if (atoi(PQgetvalue(c, 0, 8)) > 0)
		html_raw(b, "<li>%s %s</li>", T(pg, "Criteria not entered:"), PQgetvalue(c, 0, 8));
	if (*PQgetvalue(c, 0, 11)) {
		char d[32];
		html_raw(b, "<li>%s %s</li>", T(pg, "Counted up to"), i18n_date(d, sizeof d, PQgetvalue(c, 0, 11)));
	}
	dbuf_puts(b, "</ul>");
}

static void criteria(struct page *pg, PGresult *k)
{
	struct dbuf *b = &pg->rs->body;
	html_raw(b, "<h2>%s</h2><div class=\"scroll\"><table id=\"card-criteria\"><thead><tr>", T(pg, "Criteria"));
	th(pg, N_("Criterion"));
	th(pg, N_("Maximum"));
	th(pg, N_("On the card"));
	th(pg, N_("Entered"));
	th(pg, N_("Entered by"));
	th(pg, N_("Note"));
	dbuf_puts(b, "</tr></thead><tbody>");
	for (int i = 0; i < PQntuples(k); i++) {
		html_raw(b, "<tr id=\"criterion-%s\">", PQgetvalue(k, i, 0));
		td(b, label_criterion(PQgetvalue(k, i, 0), PQgetvalue(k, i, 1)));
		td_num(pg, PQgetvalue(k, i, 2));
		if (*PQgetvalue(k, i, 3))
			td_num(pg, PQgetvalue(k, i, 3));
		else
			td(b, T(pg, "not scored"));
		if (PQgetvalue(k, i, 8)[0] == 't')
			td(b, T(pg, "from the attendance data"));
		else if (*PQgetvalue(k, i, 4))
			td_num(pg, PQgetvalue(k, i, 4));
		else
			td(b, T(pg, "not entered"));
		dbuf_puts(b, "<td>");
		if (*PQgetvalue(k, i, 5)) {
			char d[32];
			html_text(b, PQgetvalue(k, i, 5));
			html_raw(b, ", %s", i18n_date(d, sizeof d, PQgetvalue(k, i, 6)));
		}
		dbuf_puts(b, "</td>");
		td(b, PQgetvalue(k, i, 7));
		dbuf_puts(b, "</tr>");
	}
	dbuf_puts(b, "</tbody></table></div>");
}

static void deductions(struct page *pg, PGresult *x, const char *code, bool own)
{
	struct dbuf *b = &pg->rs->body;
	html_raw(b, "<h2>%s</h2>", T(pg, "Deductions and the days they come from"));
	if (PQntuples(x) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "Nothing to deduct in this month."));
		return;
	}
	dbuf_puts(b, "<div class=\"scroll\"><table class=\"wide\" id=\"card-deductions\"><thead><tr>");
	static const char *const heads[] = { N_("Date"), N_("Session"), N_("Fact"), N_("Minutes"), N_("Tap time"),
	                                     N_("Taps that day"), N_("Charged as"), N_("Why"), N_("Points") };
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		th(pg, heads[i]);
	dbuf_puts(b, "</tr></thead><tbody>");
	for (int i = 0; i < PQntuples(x); i++) {
		const char *date = PQgetvalue(x, i, 0), *sess = PQgetvalue(x, i, 1);
		char d[32];
		/* the day on the person's month, where its exceptions are explained */
		html_raw(b, "<tr><td><a href=\"/me?month=%.7s", date);
		if (!own) {
			dbuf_puts(b, "&amp;person=");
			scores_url_part(b, code);
		}
		html_raw(b, "#d%s\">%s</a></td>", date, i18n_date(d, sizeof d, date));
		td(b, PQgetvalue(x, i, 2)[0] == 't' ? T(pg, "whole day") : !strcmp(sess, "morning") ? T(pg, "morning")
		      : !strcmp(sess, "afternoon") ? T(pg, "afternoon") : sess);
		dbuf_puts(b, "<td>");
		html_text(b, label_of(LABEL_FACT, PQgetvalue(x, i, 3)));
		const char *cause = label_of(LABEL_CAUSE, PQgetvalue(x, i, 4));
		if (*cause) {
			dbuf_puts(b, " (");
			html_text(b, cause);
			dbuf_puts(b, ")");
		}
		dbuf_puts(b, "</td>");
		if (strcmp(PQgetvalue(x, i, 5), "0"))
			td_num(pg, PQgetvalue(x, i, 5));
		else
			td(b, "");   /* a fact without minutes (a missing tap, a day) */
		td(b, PQgetvalue(x, i, 6));
		td(b, PQgetvalue(x, i, 10));
		td(b, label_of(LABEL_CHARGE, PQgetvalue(x, i, 7)));
		td(b, label_of(LABEL_WHY, PQgetvalue(x, i, 8)));
		/* deducted points are stored positive; shown as what they take away */
		const char *pts = PQgetvalue(x, i, 9);
		dbuf_puts(b, "<td class=\"n\">");
		if (strtod(pts, NULL) > 0)
			dbuf_puts(b, "−");
		scores_number(pg, b, pts);
		dbuf_puts(b, "</td></tr>");
	}
	dbuf_puts(b, "</tbody></table></div>");
}

void page_scores_card(struct page *pg)
{
	const char *want = kv_get(&pg->rq->query, "person"), *m = kv_get(&pg->rq->query, "month");
	char month[INPUT_DATE_LEN];
	if ((want && !input_code(want)) || (m && !input_month(m, month))) {
		page_error(pg, 400, T(pg, "The person or the month is not valid (month: mm/yyyy)."));
		return;
	}
	const char *code = want ? want : pg->s->person;
	if (!*code) {
		page_error(pg, 404, T(pg, "Your login is not the login of a person on the staff list."));
		return;
	}
	PGresult *p = page_query(pg, person_sql, 2, (const char *const[]){ code, m ? month : NULL });
	if (!p) {
		page_query_failed(pg);
		return;
	}
	if (PQntuples(p) == 0) {
		PQclear(p);
		page_error(pg, 404, T(pg, "No such person for your login."));
		return;
	}
	const char *pid = PQgetvalue(p, 0, 0), *agency = PQgetvalue(p, 0, 1), *first = PQgetvalue(p, 0, 6);
	const char *const args[] = { agency, pid, first };
	PGresult *c = page_query(pg, card_sql, 3, args);
	PGresult *k = c ? page_query(pg, criteria_sql, 3, args) : NULL;
	PGresult *x = k ? page_query(pg, deductions_sql, 3, args) : NULL;
	/* Someone else's card is a view of their personal data: logged for them to read (the
	 * function leaves out the login's own person). */
	PGresult *logged = x ? page_query(pg, "SELECT attend.log_data_access(ARRAY[$1::bigint], 'scores', $2)", 2,
	                                  (const char *const[]){ pid, first }) : NULL;
	PQclear(logged);
	if (!logged) {
		page_query_failed(pg);
		goto out;
	}
	struct dbuf *b = &pg->rs->body;
	bool own = !strcmp(PQgetvalue(p, 0, 2), pg->s->person);
	char title[320], mt[16];
	snprintf(title, sizeof title, T(pg, "Scorecard of %s — %s"), PQgetvalue(p, 0, 3),
	         scores_month_text(mt, sizeof mt, first));
	html_begin(b, pg->lang, pg->s, title, 0);
	dbuf_puts(b, "<p class=\"sub\">");
	html_text(b, PQgetvalue(p, 0, 2));
	dbuf_puts(b, " · ");
	html_text(b, PQgetvalue(p, 0, 4));
	dbuf_puts(b, " · ");
	html_text(b, label_of(LABEL_STAFF_KIND, PQgetvalue(p, 0, 5)));
	dbuf_puts(b, "</p>");
	int y = atoi(first), mo = atoi(first + 5);
	int py = mo == 1 ? y - 1 : y, pm = mo == 1 ? 12 : mo - 1, ny = mo == 12 ? y + 1 : y, nm = mo == 12 ? 1 : mo + 1;
	dbuf_puts(b, "<p class=\"months\">");
	html_raw(b, "<a href=\"/scores/card?month=%04d-%02d&amp;person=", py, pm);
	scores_url_part(b, PQgetvalue(p, 0, 2));
	html_raw(b, "\">← %02d/%04d</a> · <a href=\"/scores/card?month=%04d-%02d&amp;person=", pm, py, ny, nm);
	scores_url_part(b, PQgetvalue(p, 0, 2));
	html_raw(b, "\">%02d/%04d →</a></p>", nm, ny);
	head(pg, c);
	criteria(pg, k);
	deductions(pg, x, PQgetvalue(p, 0, 2), own);
	if (pg->s->kind != USER_STAFF)
		html_raw(b, "<p><a href=\"/scores/summary?month=%.7s\">%s</a></p>", first, T(pg, "The month's summary"));
	html_end(b, pg->lang);
out:
	PQclear(x);
	PQclear(k);
	PQclear(c);
	PQclear(p);
}
