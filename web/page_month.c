/* A person's month: day by day with the reason for each exception, their annual leave
 * balance (attend.leave_balance) and their scorecard if the month has one.  Staff see their
 * own (the person their login is mapped to); unit heads and HR may ask for anyone their role
 * sees (?person=CODE) — row-level security decides, and "not visible" is a 404. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/score_card.h"
#include "web/input.h"
#include "web/page.h"
#include "web/page_scores.h"

static const char person_sql[] =
	"SELECT p.id, p.agency_id, p.code, p.full_name, u.name,"
	" to_char(coalesce($2::date, date_trunc('month', attend.now() AT TIME ZONE a.tz)::date), 'YYYY-MM-DD'),"
	" (attend.now() AT TIME ZONE a.tz)::date::text"
	" FROM attend.person p JOIN attend.org_unit u ON u.id = p.unit_id JOIN attend.agency a ON a.id = p.agency_id"
	" WHERE p.code = $1 ORDER BY p.agency_id LIMIT 1";

/* One row per exception (a day without any: one row with NULLs).  The agency ($3) leads the
 * key of day_result: without it, every day result was read (tests/bench/bench_web.sh). */
static const char days_sql[] =
	"SELECT r.work_date::text, r.day_kind, r.symbol, r.pending, r.minutes_late, r.minutes_early,"
	" e.kind, e.cause, e.minutes, to_char(e.tap_at, 'HH24:MI'), r.sessions -> e.session::int ->> 'name'"
	" FROM attend.day_result r LEFT JOIN attend.day_exception e ON e.agency_id = r.agency_id"
	"  AND e.person_id = r.person_id AND e.work_date = r.work_date"
	" WHERE r.agency_id = $3 AND r.person_id = $1 AND r.work_date >= $2::date"
	"  AND r.work_date < ($2::date + interval '1 month')"
	" ORDER BY r.work_date, e.seq";

static const char leave_sql[] =
	"SELECT entitled, taken, booked, pending, remaining FROM attend.leave_balance($1, $2::int, $3::date, NULL, $4)";

static const char score_sql[] =
	"SELECT total, band, general_points, task_points FROM attend.scorecard WHERE person_id = $1 AND month = $2::date";

static const char *kind_label(const char *k)
{
	static const char *const map[][2] = {
		{ "late", N_("Late") }, { "early_leave", N_("Left early") }, { "missing_in", N_("IN tap missing") },
		{ "missing_out", N_("OUT tap missing") }, { "unexcused_half_day", N_("Unexcused half-day") },
		{ "taps_during_request", N_("Taps during an approved request") },
		{ "tap_on_day_off", N_("Tap on a day off") }, { "stray_tap", N_("Tap outside the sessions") },
		{ "no_schedule", N_("No schedule") }, { "too_many_taps", N_("Too many taps") },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(k, map[i][0]))
			return map[i][1];
	return k;
}

static const char *cause_label(const char *c)
{
	if (!strcmp(c, "absent")) return N_("no tap at all");
	if (!strcmp(c, "late")) return N_("arrived beyond the late limit");
	if (!strcmp(c, "early")) return N_("left beyond the early limit");
	if (!strcmp(c, "missing_tap")) return N_("a tap is missing and not justified");
	return NULL;
}

static const char *day_kind_label(const char *k)
{
	if (!strcmp(k, "weekend")) return N_("weekly rest day");
	if (!strcmp(k, "holiday")) return N_("public holiday");
	if (!strcmp(k, "compensatory_day_off")) return N_("compensatory day off");
	return NULL;
}

static void session_name(struct page *pg, struct dbuf *b, const char *name)
{
	if (!*name)
		return;
	dbuf_puts(b, " (");
	html_text(b, !strcmp(name, "morning") ? T(pg, "morning") : !strcmp(name, "afternoon") ? T(pg, "afternoon") : name);
	dbuf_puts(b, ")");
}

static void days_table(struct page *pg, PGresult *d, bool own)
{
	struct dbuf *b = &pg->rs->body;
	if (PQntuples(d) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "No day results in this month yet."));
		return;
	}
	html_raw(b, "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	         "<th scope=\"col\">%s</th></tr></thead><tbody>", T(pg, "Date"), T(pg, "Symbol"), T(pg, "What happened"));
	for (int i = 0; i < PQntuples(d);) {
		const char *date = PQgetvalue(d, i, 0);
		char shown[32];
		html_raw(b, "<tr id=\"d%s\"><td>%s</td><td>", date, i18n_date(shown, sizeof shown, date));
		html_text(b, PQgetvalue(d, i, 2));
		dbuf_puts(b, "</td><td>");
		const char *dk = day_kind_label(PQgetvalue(d, i, 1));
		if (dk)
			html_text(b, T(pg, dk));
		if (PQgetvalue(d, i, 3)[0] == 't')
			html_raw(b, "%s%s", dk ? "; " : "", T(pg, "not over yet"));
		bool any = dk || PQgetvalue(d, i, 3)[0] == 't', missing_tap = false, absent = false;
		dbuf_puts(b, "<ul>");
		for (; i < PQntuples(d) && !strcmp(PQgetvalue(d, i, 0), date); i++) {
			if (PQgetisnull(d, i, 6))
				continue;
			const char *k = PQgetvalue(d, i, 6), *cause = cause_label(PQgetvalue(d, i, 7));
			int mins = atoi(PQgetvalue(d, i, 8));
			/* a missing tap is justified by adding it; an absence or a late arrival by
			 * asking for the half day (leave, business trip, meeting) */
			missing_tap |= !strcmp(k, "missing_in") || !strcmp(k, "missing_out");
			absent |= !strcmp(k, "unexcused_half_day") || !strcmp(k, "late") || !strcmp(k, "early_leave");
			dbuf_puts(b, "<li>");
			html_text(b, T(pg, kind_label(k)));
			session_name(pg, b, PQgetvalue(d, i, 10));
			if (mins > 0)
				html_raw(b, T(pg, ": %d min"), mins);
			if (*PQgetvalue(d, i, 9))
				html_raw(b, T(pg, ", tap at %s"), PQgetvalue(d, i, 9));
			if (cause && strcmp(k, "late") && strcmp(k, "early_leave")) {
				dbuf_puts(b, " — ");
				html_text(b, T(pg, cause));
			}
			dbuf_puts(b, "</li>");
			any = true;
		}
		dbuf_puts(b, "</ul>");
		if (!any)
			html_text(b, T(pg, "as scheduled"));
		if ((missing_tap || absent) && own)
			html_raw(b, "<a href=\"/requests?date=%s#%s\">%s</a>", date, missing_tap ? "tap" : "leave", T(pg, "Justify"));
		dbuf_puts(b, "</td></tr>");
	}
	dbuf_puts(b, "</tbody></table></div>");
}

/* A figure as people write it: no trailing zeros, a decimal comma in Vietnamese. */
static void number(struct page *pg, struct dbuf *b, const char *v)
{
	char s[64];
	snprintf(s, sizeof s, "%s", v);
	char *dot = strchr(s, '.');
	if (dot) {
		char *end = s + strlen(s);
		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
		else if (pg->lang == LANG_VI)
			*dot = ',';
	}
	html_text(b, s);
}

static void figure(struct page *pg, struct dbuf *b, const char *value, const char *label)
{
	dbuf_puts(b, "<div><b>");
	number(pg, b, value);
	dbuf_puts(b, "</b>");
	html_text(b, label);
	dbuf_puts(b, "</div>");
}

void page_month(struct page *pg)
{
	const char *want = kv_get(&pg->rq->query, "person"), *m = kv_get(&pg->rq->query, "month");
	char month[INPUT_DATE_LEN];
	if ((want && !input_code(want)) || (m && !input_month(m, month))) {
		page_error(pg, 400, T(pg, "The person or the month is not valid (month: mm/yyyy)."));
		return;
	}
	const char *code = want ? want : pg->s->person;
	if (!*code) {
		struct dbuf *b = &pg->rs->body;
		html_begin(b, pg->lang, pg->s, T(pg, "A person's month"), 0);
		html_raw(b, "<form class=\"inline\" method=\"get\" action=\"/me\"><div><label for=\"person\">%s</label>"
		         "<input id=\"person\" name=\"person\" required></div><button type=\"submit\">%s</button></form>",
		         T(pg, "Staff code"), T(pg, "Show"));
		html_end(b, pg->lang);
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
	const char *pid = PQgetvalue(p, 0, 0), *agency = PQgetvalue(p, 0, 1), *first = PQgetvalue(p, 0, 5);
	char year[8];
	snprintf(year, sizeof year, "%.4s", first);
	PGresult *d = page_query(pg, days_sql, 3, (const char *const[]){ pid, first, agency });
	PGresult *l = d ? page_query(pg, leave_sql, 4, (const char *const[]){ agency, year, PQgetvalue(p, 0, 6), pid }) : NULL;
	PGresult *sc = l ? page_query(pg, score_sql, 2, (const char *const[]){ pid, first }) : NULL;
	/* Someone else's month is a view of their personal data: logged for them to read (sql/029;
	 * the function leaves out the login's own person). */
	PGresult *logged = sc ? page_query(pg, "SELECT attend.log_data_access(ARRAY[$1::bigint], 'month', $2)", 2,
	                                   (const char *const[]){ pid, first }) : NULL;
	PQclear(logged);
	if (!logged) {
		page_query_failed(pg);
		goto out;
	}
	struct dbuf *b = &pg->rs->body;
	bool own = !strcmp(PQgetvalue(p, 0, 2), pg->s->person);
	char title[256], shown[16];
	snprintf(title, sizeof title, T(pg, "%s — %.2s/%.4s"), PQgetvalue(p, 0, 3), first + 5, first);
	html_begin(b, pg->lang, pg->s, title, 0);
	dbuf_puts(b, "<p class=\"sub\">");
	html_text(b, PQgetvalue(p, 0, 2));
	dbuf_puts(b, " · ");
	html_text(b, PQgetvalue(p, 0, 4));
	dbuf_puts(b, "</p>");
	/* Month navigation: plain links, no script. */
	int y = atoi(first), mo = atoi(first + 5);
	int py = mo == 1 ? y - 1 : y, pm = mo == 1 ? 12 : mo - 1, ny = mo == 12 ? y + 1 : y, nm = mo == 12 ? 1 : mo + 1;
	dbuf_puts(b, "<p class=\"months\">");
	html_raw(b, "<a href=\"/me?month=%04d-%02d%s", py, pm, want ? "&amp;person=" : "");
	if (want)
		html_text(b, want);
	html_raw(b, "\">← %02d/%04d</a> · <a href=\"/me?month=%04d-%02d%s", pm, py, ny, nm, want ? "&amp;person=" : "");
	if (want)
		html_text(b, want);
	html_raw(b, "\">%02d/%04d →</a></p>", nm, ny);

	html_raw(b, "<h2>%s</h2>", T(pg, "Days"));
	days_table(pg, d, own);
	html_raw(b, "<h2>%s</h2>", T(pg, "Annual leave"));
	if (PQntuples(l) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "No annual leave entitlement recorded."));
	} else {
		dbuf_puts(b, "<div class=\"figures\">");
		figure(pg, b, PQgetvalue(l, 0, 0), T(pg, "days entitled this year"));
		figure(pg, b, PQgetvalue(l, 0, 1), T(pg, "days taken"));
		figure(pg, b, PQgetvalue(l, 0, 2), T(pg, "days booked ahead"));
		figure(pg, b, PQgetvalue(l, 0, 3), T(pg, "days asked, not decided"));
		figure(pg, b, PQgetvalue(l, 0, 4), T(pg, "days remaining"));
		dbuf_puts(b, "</div>");
		html_raw(b, "<p class=\"note\">%s %s", T(pg, "As of"), i18n_date(shown, sizeof shown, PQgetvalue(p, 0, 6)));
		if (own)   /* the same figures as a file (web/page_leave.c) */
			html_raw(b, " · <a id=\"leave-file\" href=\"/leave?year=%s\">%s</a>", year, T(pg, "download as a file"));
		dbuf_puts(b, "</p>");
	}
	html_raw(b, "<h2>%s</h2>", T(pg, "Scorecard"));
	if (PQntuples(sc) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "No scorecard for this month yet."));
	} else {
		dbuf_puts(b, "<div class=\"figures\">");
		figure(pg, b, PQgetvalue(sc, 0, 0), T(pg, "points in all"));
		figure(pg, b, PQgetvalue(sc, 0, 2), T(pg, "general points (of 30)"));
		figure(pg, b, PQgetvalue(sc, 0, 3), T(pg, "task points (of 70)"));
		dbuf_puts(b, "</div><p>");
		html_text(b, T(pg, "Band: "));
		html_text(b, label_of(LABEL_BAND, PQgetvalue(sc, 0, 1)));
		dbuf_puts(b, "</p>");
	}
	html_raw(b, "<p><a id=\"scorecard\" href=\"/scores/card?month=%.7s&amp;person=", first);
	scores_url_part(b, PQgetvalue(p, 0, 2));
	html_raw(b, "\">%s</a></p>", T(pg, "The scorecard: criteria and every deduction with its day"));
	if (own)
		html_raw(b, "<h2>%s</h2><p><a id=\"access-log\" href=\"/me/access\">%s</a> · <a id=\"my-data\" "
		         "href=\"/me/data.json\">%s</a></p>", T(pg, "My personal data"), T(pg, "Who has viewed my data"),
		         T(pg, "Download all my data (JSON)"));
	html_end(b, pg->lang);
out:
	PQclear(sc);
	PQclear(l);
	PQclear(d);
	PQclear(p);
}
