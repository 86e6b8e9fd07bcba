/* Requests: staff ask for leave (or a half day on duty, to justify a late arrival) and justify
 * a missing tap (a correction adding it); unit heads and HR decide, with a reason.  The
 * database decides who may do what (sql/021_roles.sql): staff may only insert their own rows
 * waiting for a decision; a unit head may only write the decision columns of their people's
 * rows; HR sees its agencies.  Every decision keeps who (the login), when and why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/input.h"
#include "web/page.h"

/* Who filed a row for someone else (HR for a staff member): the login, when it is not one of
 * the person's own (attend.person_login, as far as the role sees it); '' otherwise. */
#define FILED_BY(col) " CASE WHEN NOT EXISTS (SELECT FROM attend.person_login l WHERE l.role_name = " col \
	" AND l.person_id = p.id) THEN " col " ELSE '' END"

static const char requests_sql[] =
	"SELECT r.id, p.code, p.full_name, r.symbol, r.date_from::text, r.date_to::text, r.part, coalesce(r.reason, ''),"
	" r.status, coalesce(r.decided_by, ''), coalesce(to_char(r.decided_at AT TIME ZONE a.tz, 'YYYY-MM-DD HH24:MI'), ''),"
	" coalesce(r.decision_reason, ''),"
	FILED_BY("r.requested_by")
	" FROM attend.request r JOIN attend.person p ON p.id = r.person_id JOIN attend.agency a ON a.id = r.agency_id"
	" ORDER BY r.status <> 'requested', r.requested_at DESC, r.id DESC LIMIT 200";

static const char corrections_sql[] =
	"SELECT c.id, p.code, p.full_name, to_char(c.tapped_at AT TIME ZONE c.tz, 'YYYY-MM-DD HH24:MI'), c.direction,"
	" c.reason, c.status, coalesce(c.decided_by, ''),"
	" coalesce(to_char(c.decided_at AT TIME ZONE c.tz, 'YYYY-MM-DD HH24:MI'), ''), coalesce(c.decision_reason, ''),"
	FILED_BY("c.created_by")
	" FROM attend.correction c JOIN attend.person p ON p.id = c.person_id WHERE c.kind = 'add'"
	" ORDER BY c.status <> 'requested', c.created_at DESC, c.id DESC LIMIT 200";

/* The people HR may file for: those the role sees (row-level security), offered in a list. */
static const char people_sql[] =
	"SELECT p.code, p.full_name FROM attend.person p WHERE p.left_on IS NULL OR p.left_on >= attend.now()::date"
	" ORDER BY p.code LIMIT 5000";

static const char symbols_sql[] =
	"SELECT s.code, CASE WHEN $1 = 'en' THEN s.name_en ELSE s.name_vi END FROM attend.timesheet_symbol s"
	" WHERE s.code NOT IN ('+', 'K', 'L') ORDER BY s.code <> 'P', s.precedence, s.code";

static const char *status_label(const char *s)
{
	return !strcmp(s, "approved") ? N_("approved") : !strcmp(s, "rejected") ? N_("rejected") : N_("waiting");
}

static const char *part_label(const char *s)
{
	return !strcmp(s, "morning") ? N_("morning") : !strcmp(s, "afternoon") ? N_("afternoon") : N_("whole day");
}

static void cell(struct dbuf *b, const char *text)
{
	dbuf_puts(b, "<td>");
	html_text(b, text);
	dbuf_puts(b, "</td>");
}

static void date_cell(struct dbuf *b, const char *iso)
{
	char d[32];
	cell(b, i18n_date(d, sizeof d, iso));
}

/* The person's name and code, and who filed the row when it was someone else. */
static void person_cell(struct page *pg, const char *name, const char *code, const char *filed_by)
{
	struct dbuf *b = &pg->rs->body;
	dbuf_puts(b, "<td>");
	html_text(b, name);
	dbuf_puts(b, " <small>");
	html_text(b, code);
	dbuf_puts(b, "</small>");
	if (*filed_by) {
		dbuf_puts(b, "<br><small class=\"filed-by\">");
		html_text(b, T(pg, "filed by:"));
		dbuf_puts(b, " ");
		html_text(b, filed_by);
		dbuf_puts(b, "</small>");
	}
	dbuf_puts(b, "</td>");
}

static void decide_form(struct page *pg, const char *kind, const char *id)
{
	struct dbuf *b = &pg->rs->body;
	html_raw(b, "<form class=\"decide\" method=\"post\" action=\"/requests/decide\">");
	html_csrf(b, pg->s);
	html_raw(b, "<input type=\"hidden\" name=\"kind\" value=\"%s\"><input type=\"hidden\" name=\"id\" value=\"%s\">"
	         "<input name=\"reason\" aria-label=\"%s\" placeholder=\"%s\" maxlength=\"500\">"
	         "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve-%s-%s\">%s</button>"
	         "<button class=\"reject\" type=\"submit\" name=\"decision\" value=\"reject\" id=\"reject-%s-%s\">%s</button>"
	         "</form>", kind, id, T(pg, "Reason of the decision"), T(pg, "Reason (required to reject)"),
	         kind, id, T(pg, "Approve"), kind, id, T(pg, "Reject"));
}

static void status_cell(struct page *pg, const char *kind, const char *id, const char *status, const char *by,
                        const char *at, const char *why)
{
	struct dbuf *b = &pg->rs->body;
	html_raw(b, "<td><span class=\"status-%s\">%s</span>", !strcmp(status, "approved") ? "approved" :
	         !strcmp(status, "rejected") ? "rejected" : "requested", T(pg, status_label(status)));
	if (*by) {
		char d[32];
		dbuf_puts(b, "<br>");
		html_text(b, by);
		html_raw(b, ", %s", i18n_date(d, sizeof d, at));
	}
	if (*why) {
		dbuf_puts(b, "<br>");
		html_text(b, why);
	}
	if (!strcmp(status, "requested") && pg->s->kind != USER_STAFF)
		decide_form(pg, kind, id);
	dbuf_puts(b, "</td>");
}

/* HR and administrators file for someone (the database lets them insert any row of their
 * agencies: sql/007_days_grants.sql); a unit head may not insert (they decide), staff ask for
 * themselves.  The person by code, typed or picked from the people the role sees. */
static bool files_for_others(const struct page *pg)
{
	return pg->s->kind == USER_HR || pg->s->kind == USER_ADMIN;
}

static void person_field(struct page *pg, const char *form)
{
	struct dbuf *b = &pg->rs->body;
	if (!files_for_others(pg))
		return;
	html_raw(b, "<label for=\"%s-person\">%s</label><input id=\"%s-person\" name=\"person\" list=\"people\" "
	         "required autocomplete=\"off\" value=\"", form, T(pg, "For whom (staff code)"), form);
	html_text(b, pg->s->person);
	dbuf_puts(b, "\">");
}

static void ask_forms(struct page *pg, PGresult *sym, PGresult *people)
{
	struct dbuf *b = &pg->rs->body;
	if (people) {
		dbuf_puts(b, "<datalist id=\"people\">");
		for (int i = 0; i < PQntuples(people); i++) {
			dbuf_puts(b, "<option value=\"");
			html_text(b, PQgetvalue(people, i, 0));
			dbuf_puts(b, "\">");
			html_text(b, PQgetvalue(people, i, 1));
			dbuf_puts(b, "</option>");
		}
		dbuf_puts(b, "</datalist>");
	}
	char date[INPUT_DATE_LEN] = "", shown[32] = "";
	if (input_date(kv_get(&pg->rq->query, "date"), date))
		i18n_date(shown, sizeof shown, date);
	bool others = files_for_others(pg);
	html_raw(b, "<h2 id=\"tap\">%s</h2>", others ? T(pg, "Justify a missing tap for someone") : T(pg, "Justify a missing tap"));
	if (others)
		html_raw(b, "<p class=\"note\">%s</p>", T(pg, "What you file for someone is kept with your login as who filed "
		                                              "it; the person sees it on their requests, and their unit head decides."));
	html_raw(b, "<form class=\"card\" method=\"post\" action=\"/requests/tap\">");
	html_csrf(b, pg->s);
	person_field(pg, "tap");
	html_raw(b, "<label for=\"tap-date\">%s</label><input id=\"tap-date\" name=\"date\" placeholder=\"dd/mm/yyyy\" "
	         "inputmode=\"numeric\" required value=\"%s\">", T(pg, "Date (dd/mm/yyyy)"), shown);
	html_raw(b, "<label for=\"tap-time\">%s</label><input id=\"tap-time\" name=\"time\" placeholder=\"HH:MM\" "
	         "inputmode=\"numeric\" required>", T(pg, "Time of the tap you missed (HH:MM)"));
	html_raw(b, "<label for=\"tap-dir\">%s</label><select id=\"tap-dir\" name=\"dir\"><option value=\"in\">%s</option>"
	         "<option value=\"out\">%s</option></select>", T(pg, "Direction"), T(pg, "IN"), T(pg, "OUT"));
	html_raw(b, "<label for=\"tap-reason\">%s</label><textarea id=\"tap-reason\" name=\"reason\" rows=\"2\" "
	         "maxlength=\"500\" required></textarea>", T(pg, "Why"));
	html_raw(b, "<button type=\"submit\">%s</button></form>", T(pg, "Send"));

	html_raw(b, "<h2 id=\"leave\">%s</h2><p class=\"note\">%s</p><form class=\"card\" method=\"post\" "
	         "action=\"/requests/leave\">", others ? T(pg, "Enter leave for someone") : T(pg, "Ask for leave"),
	         T(pg, "A late arrival or an early leave on duty is justified by asking for that half day "
	               "(business trip CT, meeting H)."));
	html_csrf(b, pg->s);
	person_field(pg, "leave");
	html_raw(b, "<label for=\"leave-symbol\">%s</label><select id=\"leave-symbol\" name=\"symbol\">", T(pg, "Kind"));
	for (int i = 0; i < PQntuples(sym); i++) {
		dbuf_puts(b, "<option value=\"");
		html_text(b, PQgetvalue(sym, i, 0));
		dbuf_puts(b, "\">");
		html_text(b, PQgetvalue(sym, i, 0));
		dbuf_puts(b, " — ");
		html_text(b, PQgetvalue(sym, i, 1));
		dbuf_puts(b, "</option>");
	}
	html_raw(b, "</select><label for=\"leave-from\">%s</label><input id=\"leave-from\" name=\"from\" "
	         "placeholder=\"dd/mm/yyyy\" inputmode=\"numeric\" required value=\"%s\">", T(pg, "From (dd/mm/yyyy)"), shown);
	html_raw(b, "<label for=\"leave-to\">%s</label><input id=\"leave-to\" name=\"to\" placeholder=\"dd/mm/yyyy\" "
	         "inputmode=\"numeric\" required value=\"%s\">", T(pg, "To (dd/mm/yyyy)"), shown);
	html_raw(b, "<label for=\"leave-part\">%s</label><select id=\"leave-part\" name=\"part\"><option value=\"day\">%s"
	         "</option><option value=\"morning\">%s</option><option value=\"afternoon\">%s</option></select>",
	         T(pg, "Part of the day"), T(pg, "whole day"), T(pg, "morning"), T(pg, "afternoon"));
	html_raw(b, "<label for=\"leave-reason\">%s</label><textarea id=\"leave-reason\" name=\"reason\" rows=\"2\" "
	         "maxlength=\"500\" required></textarea>", T(pg, "Why"));
	html_raw(b, "<button type=\"submit\">%s</button></form>", T(pg, "Send"));
}

void page_requests(struct page *pg)
{
	PGresult *r = page_query(pg, requests_sql, 0, NULL);
	PGresult *c = r ? page_query(pg, corrections_sql, 0, NULL) : NULL;
	PGresult *sym = c ? page_query(pg, symbols_sql, 1, (const char *const[]){ pg->lang == LANG_EN ? "en" : "vi" }) : NULL;
	PGresult *people = sym && files_for_others(pg) ? page_query(pg, people_sql, 0, NULL) : NULL;
	if (!sym || (files_for_others(pg) && !people)) {
		page_query_failed(pg);
		goto out;
	}
	struct dbuf *b = &pg->rs->body;
	html_begin(b, pg->lang, pg->s, T(pg, "Requests"), 0);
	const char *sent = kv_get(&pg->rq->query, "sent");
	if (sent && (!strcmp(sent, "request") || !strcmp(sent, "correction")))
		html_raw(b, "<p class=\"ok\" role=\"status\">%s</p>", T(pg, "Sent: it now waits for your unit head's decision."));
	else if (sent && !strcmp(sent, "for"))
		html_raw(b, "<p class=\"ok\" role=\"status\">%s</p>",
		         T(pg, "Recorded for the person, with your login as who filed it: it now waits for their unit head's decision."));
	else if (sent && !strcmp(sent, "decision"))
		html_raw(b, "<p class=\"ok\" role=\"status\">%s</p>", T(pg, "Decision recorded."));
	if (kv_get(&pg->rq->query, "over"))
		html_raw(b, "<p class=\"error\" role=\"status\">%s</p>",
		         T(pg, "Warning: this leave goes beyond the annual leave balance."));

	/* Staff come here to ask: the forms first.  Deciders come to decide: the lists first. */
	bool ask_first = pg->s->kind == USER_STAFF && *pg->s->person;
	if (ask_first)
		ask_forms(pg, sym, people);
	html_raw(b, "<h2 id=\"corrections\">%s</h2>", T(pg, "Missing taps justified"));
	if (PQntuples(c) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "None."));
	} else {
		html_raw(b, "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		         T(pg, "Person"), T(pg, "Tap"), T(pg, "Direction"), T(pg, "Why"), T(pg, "Decision"));
		for (int i = 0; i < PQntuples(c); i++) {
			html_raw(b, "<tr id=\"correction-%s\">", PQgetvalue(c, i, 0));
			person_cell(pg, PQgetvalue(c, i, 2), PQgetvalue(c, i, 1), PQgetvalue(c, i, 10));
			date_cell(b, PQgetvalue(c, i, 3));
			const char *dir = PQgetvalue(c, i, 4);
			cell(b, !strcmp(dir, "in") ? T(pg, "IN") : !strcmp(dir, "out") ? T(pg, "OUT") : T(pg, "IN or OUT"));
			cell(b, PQgetvalue(c, i, 5));
			status_cell(pg, "correction", PQgetvalue(c, i, 0), PQgetvalue(c, i, 6), PQgetvalue(c, i, 7),
			            PQgetvalue(c, i, 8), PQgetvalue(c, i, 9));
			dbuf_puts(b, "</tr>");
		}
		dbuf_puts(b, "</tbody></table></div>");
	}
	html_raw(b, "<h2 id=\"requests\">%s</h2>", T(pg, "Leave and absences"));
	if (PQntuples(r) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "None."));
	} else {
		html_raw(b, "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		         "</tr></thead><tbody>", T(pg, "Person"), T(pg, "Kind"), T(pg, "Dates"), T(pg, "Part of the day"),
		         T(pg, "Why"), T(pg, "Decision"));
		for (int i = 0; i < PQntuples(r); i++) {
			char d1[32], d2[32];
			html_raw(b, "<tr id=\"request-%s\">", PQgetvalue(r, i, 0));
			person_cell(pg, PQgetvalue(r, i, 2), PQgetvalue(r, i, 1), PQgetvalue(r, i, 12));
			cell(b, PQgetvalue(r, i, 3));
			i18n_date(d1, sizeof d1, PQgetvalue(r, i, 4));
			i18n_date(d2, sizeof d2, PQgetvalue(r, i, 5));
			html_raw(b, "<td>%s%s%s</td>", d1, strcmp(d1, d2) ? " – " : "", strcmp(d1, d2) ? d2 : "");
			cell(b, T(pg, part_label(PQgetvalue(r, i, 6))));
			cell(b, PQgetvalue(r, i, 7));
			status_cell(pg, "request", PQgetvalue(r, i, 0), PQgetvalue(r, i, 8), PQgetvalue(r, i, 9),
			            PQgetvalue(r, i, 10), PQgetvalue(r, i, 11));
			dbuf_puts(b, "</tr>");
		}
		dbuf_puts(b, "</tbody></table></div>");
	}
	if ((*pg->s->person || files_for_others(pg)) && !ask_first)
		ask_forms(pg, sym, people);
	html_end(b, pg->lang);
out:
	PQclear(people);
	PQclear(sym);
	PQclear(c);
	PQclear(r);
}

/* Whose row: staff always their own person; HR or a unit head may name one (form "person";
 * the database decides whether they may file it).  NULL with *bad set: a code that is not one. */
static const char *whose(struct page *pg, bool *bad)
{
	const char *p = kv_get(&pg->rq->form, "person");
	*bad = false;
	if (pg->s->kind != USER_STAFF && p && *p) {
		*bad = !input_code(p);
		return *bad ? NULL : p;
	}
	return *pg->s->person ? pg->s->person : NULL;
}

/* Where to go once sent: filed for someone else, or for oneself. */
static const char *sent_page(struct page *pg, const char *person, const char *own)
{
	if (!strcmp(person, pg->s->person))
		return own;
	return strstr(own, "over=1") ? "/requests?sent=for&over=1" : "/requests?sent=for";
}

/* A write of one row (INSERT or UPDATE ... RETURNING): 404 with `none` when the database's
 * row-level security or the WHERE leaves nothing to write, else on to `next`. */
static void write_one(struct page *pg, const char *sql, int n, const char *const *params,
                      const char *none, const char *next)
{
	PGresult *r = page_query(pg, sql, n, params);
	if (!r) {
		page_query_failed(pg);
		return;
	}
	int rows = PQntuples(r);
	PQclear(r);
	if (rows != 1)
		page_error(pg, 404, none);
	else
		web_resp_redirect(pg->rs, next);
}

void page_request_tap(struct page *pg)
{
	char date[INPUT_DATE_LEN], time[6], reason[501], when[32];
	bool bad;
	const char *person = whose(pg, &bad);
	if (bad) {
		page_error(pg, 400, T(pg, "The staff code is not valid."));
		return;
	}
	int dir = input_choice(kv_get(&pg->rq->form, "dir"), (const char *const[]){ "in", "out", NULL });
	if (!person || !input_date(kv_get(&pg->rq->form, "date"), date) || !input_time(kv_get(&pg->rq->form, "time"), time) ||
	    dir < 0 || !input_text(kv_get(&pg->rq->form, "reason"), 500, reason)) {
		page_error(pg, 400, T(pg, "Give the date (dd/mm/yyyy), the time (HH:MM), the direction and why."));
		return;
	}
	snprintf(when, sizeof when, "%s %s", date, time);
	write_one(pg,
	        "INSERT INTO attend.correction (agency_id, person_id, kind, tapped_at, direction, tz, reason)"
	        " SELECT p.agency_id, p.id, 'add', $2::timestamp AT TIME ZONE a.tz, $3, a.tz, $4"
	        " FROM attend.person p JOIN attend.agency a ON a.id = p.agency_id WHERE p.code = $1"
	        " ORDER BY p.agency_id LIMIT 1 RETURNING id", 4,
	        (const char *const[]){ person, when, dir ? "out" : "in", reason },
	        T(pg, "No such person for your login."), sent_page(pg, person, "/requests?sent=correction"));
}

void page_request_leave(struct page *pg)
{
	char from[INPUT_DATE_LEN], to[INPUT_DATE_LEN], reason[501];
	bool bad;
	const char *person = whose(pg, &bad), *symbol = kv_get(&pg->rq->form, "symbol");
	if (bad) {
		page_error(pg, 400, T(pg, "The staff code is not valid."));
		return;
	}
	int part = input_choice(kv_get(&pg->rq->form, "part"), (const char *const[]){ "day", "morning", "afternoon", NULL });
	if (!person || !input_code(symbol) || !input_date(kv_get(&pg->rq->form, "from"), from) ||
	    !input_date(kv_get(&pg->rq->form, "to"), to) || strcmp(from, to) > 0 || part < 0 ||
	    !input_text(kv_get(&pg->rq->form, "reason"), 500, reason)) {
		page_error(pg, 400, T(pg, "Give the kind, the dates (dd/mm/yyyy, from before to), the part of the day and why."));
		return;
	}
	static const char *const parts[] = { "day", "morning", "afternoon" };
	/* Beyond the annual leave balance: the agency warns (the request is kept) or refuses
	 * (sql/027_leave_balance.sql checks it again in a trigger for every client). */
	PGresult *chk = page_query(pg,
	        "SELECT bool_or(c.refuse), count(*) FROM attend.person p,"
	        " attend.leave_request_check(p.agency_id, p.id, $2, $3, $4, $5) c"
	        " WHERE p.code = $1 AND c.shortfall > 0", 5,
	        (const char *const[]){ person, symbol, from, to, parts[part] });
	if (!chk) {
		page_query_failed(pg);
		return;
	}
	bool refuse = PQgetvalue(chk, 0, 0)[0] == 't', over = atoi(PQgetvalue(chk, 0, 1)) > 0;
	PQclear(chk);
	if (refuse) {
		page_error(pg, 400, T(pg, "Refused: this leave goes beyond the annual leave balance, and the agency does not "
		                          "allow that. Nothing was written."));
		return;
	}
	write_one(pg,
	        "INSERT INTO attend.request (agency_id, person_id, symbol, date_from, date_to, part, reason)"
	        " SELECT p.agency_id, p.id, $2, $3, $4, $5, $6 FROM attend.person p WHERE p.code = $1"
	        " ORDER BY p.agency_id LIMIT 1 RETURNING id", 6,
	        (const char *const[]){ person, symbol, from, to, parts[part], reason },
	        T(pg, "No such person for your login."),
	        over ? sent_page(pg, person, "/requests?sent=request&over=1") : sent_page(pg, person, "/requests?sent=request"));
}

void page_request_decide(struct page *pg)
{
	int kind = input_choice(kv_get(&pg->rq->form, "kind"), (const char *const[]){ "request", "correction", NULL });
	int decision = input_choice(kv_get(&pg->rq->form, "decision"), (const char *const[]){ "approve", "reject", NULL });
	const char *id = kv_get(&pg->rq->form, "id"), *why = kv_get(&pg->rq->form, "reason");
	char reason[501] = "";
	bool has_reason = why && *why && input_text(why, 500, reason);
	if (kind < 0 || decision < 0 || !input_id(id) || (why && *why && !has_reason)) {
		page_error(pg, 400, T(pg, "This decision could not be read."));
		return;
	}
	if (decision == 1 && !has_reason) {
		page_error(pg, 400, T(pg, "Say why the request is rejected."));
		return;
	}
	/* The decision columns only: who is the login itself (no name typed in can stand for it). */
	const char *sql = kind == 0 ?
		"UPDATE attend.request SET status = $2, decided_by = current_user, decided_at = now(), decision_reason = $3"
		" WHERE id = $1::bigint AND status = 'requested' RETURNING id" :
		"UPDATE attend.correction SET status = $2, decided_by = current_user, decided_at = now(), decision_reason = $3"
		" WHERE id = $1::bigint AND status = 'requested' RETURNING id";
	write_one(pg, sql, 3, (const char *const[]){ id, decision == 0 ? "approved" : "rejected",
	                                             has_reason ? reason : NULL },
	          T(pg, "This request does not exist, is already decided, or is not yours to decide."),
	          "/requests?sent=decision");
}
