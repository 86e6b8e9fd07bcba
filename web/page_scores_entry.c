/* The people-assessed criteria of a unit's month (/scores/entry?unit=CODE&month=mm/yyyy): one
 * form listing the unit's people with the criteria a person scores (attend.score_criterion,
 * not automatic, of the version `attendctl score set` would use), the current entries with
 * who made them, and a note.  Saving writes what `score set` writes: a new attend.score_entry
 * row per changed criterion (entered_by = the login, entered_at; every entry kept, the latest
 * counts), as the user's own login — grants and row-level security decide (unit heads their
 * units' people, HR its agencies).  All or nothing: a bad value names its field and nothing is
 * written; a locked month refuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/score.h"
#include "web/input.h"
#include "web/page_scores.h"

/* The unit (the first the login sees when none is named), its agency, the month, its lock. */
static const char unit_sql[] =
	"WITH u AS (SELECT u.id, u.code, u.name, u.agency_id, a.name agency,"
	"  coalesce($2::date, date_trunc('month', attend.now() AT TIME ZONE a.tz)::date) m"
	"  FROM attend.org_unit u JOIN attend.agency a ON a.id = u.agency_id"
	"  WHERE ($1::text IS NULL OR u.code = $1) AND EXISTS (SELECT FROM attend.person p WHERE p.unit_id = u.id)"
	"  ORDER BY u.agency_id, u.code LIMIT 1)"
	" SELECT u.id, u.code, u.name, u.agency_id, u.agency, to_char(u.m, 'YYYY-MM-DD'),"
	" EXISTS (SELECT FROM attend.month_lock l WHERE l.agency_id = u.agency_id AND l.month = u.m) FROM u";

static const char units_sql[] =
	"SELECT DISTINCT u.code, u.name FROM attend.person p JOIN attend.org_unit u ON u.id = p.unit_id ORDER BY u.code";

static const char criteria_sql[] =
	"SELECT k.code, k.name_vi, k.max_points FROM attend.score_criterion k"
	" WHERE k.rule_set_id = coalesce((SELECT score_rule_set_id FROM attend.summary_state"
	"  WHERE agency_id = $1 AND month = $2::date),"
	"  attend.score_rule_set_for($1, ($2::date + interval '1 month' - interval '1 day')::date))"
	" AND NOT k.automatic ORDER BY k.position";

static const char people_sql[] =
	"SELECT p.id, p.code, p.full_name FROM attend.person p WHERE p.unit_id = $1"
	" AND (p.hired_on IS NULL OR p.hired_on < $2::date + interval '1 month')"
	" AND (p.left_on IS NULL OR p.left_on >= $2::date) ORDER BY p.code";

static const char entries_sql[] =
	"SELECT e.person_id, e.criterion, e.points::text, coalesce(e.note, ''), e.entered_by,"
	" to_char(e.entered_at AT TIME ZONE a.tz, 'YYYY-MM-DD HH24:MI')"
	" FROM attend.score_entry_current e JOIN attend.person p ON p.id = e.person_id"
	" JOIN attend.agency a ON a.id = e.agency_id WHERE p.unit_id = $1 AND e.month = $2::date";

/* The lock is checked again in the write itself: a month locked meanwhile gets nothing. */
static const char insert_sql[] =
	"INSERT INTO attend.score_entry (agency_id, person_id, month, criterion, points, note)"
	" SELECT $1, $2, $3::date, $4, $5::numeric, $6"
	" WHERE NOT EXISTS (SELECT FROM attend.month_lock l WHERE l.agency_id = $1 AND l.month = $3::date)"
	" RETURNING id";

struct form {
	PGresult *unit, *crit, *people, *entries;
	const char *unit_id, *agency_id, *first;
	bool locked;
};

static void form_free(struct form *f)
{
	PQclear(f->entries);
	PQclear(f->people);
	PQclear(f->crit);
	PQclear(f->unit);
}

/* Loads the unit, the criteria, the people and their current entries; false: the page is
 * already an error. */
static bool form_load(struct page *pg, struct form *f, const char *unit, const char *m)
{
	char month[INPUT_DATE_LEN];
	if ((unit && !input_code(unit)) || (m && !input_month(m, month))) {
		page_error(pg, 400, T(pg, "The unit or the month is not valid (month: mm/yyyy)."));
		return false;
	}
	f->unit = page_query(pg, unit_sql, 2, (const char *const[]){ unit, m ? month : NULL });
	if (!f->unit) {
		page_query_failed(pg);
		return false;
	}
	if (PQntuples(f->unit) == 0) {
		page_error(pg, 404, T(pg, "No such unit with people for your login."));
		return false;
	}
	f->unit_id = PQgetvalue(f->unit, 0, 0);
	f->agency_id = PQgetvalue(f->unit, 0, 3);
	f->first = PQgetvalue(f->unit, 0, 5);
	f->locked = PQgetvalue(f->unit, 0, 6)[0] == 't';
	f->crit = page_query(pg, criteria_sql, 2, (const char *const[]){ f->agency_id, f->first });
	f->people = f->crit ? page_query(pg, people_sql, 2, (const char *const[]){ f->unit_id, f->first }) : NULL;
	f->entries = f->people ? page_query(pg, entries_sql, 2, (const char *const[]){ f->unit_id, f->first }) : NULL;
	if (!f->entries) {
		page_query_failed(pg);
		return false;
	}
	return true;
}

/* The current entry of a person's criterion: its row in f->entries, or -1. */
static int current(const struct form *f, const char *pid, const char *code)
{
	for (int i = 0; i < PQntuples(f->entries); i++)
		if (!strcmp(PQgetvalue(f->entries, i, 0), pid) && !strcmp(PQgetvalue(f->entries, i, 1), code))
			return i;
	return -1;
}

static const char *criterion_name(struct page *pg, const PGresult *k, int j)
{
	(void)pg;
	return label_criterion(PQgetvalue(k, j, 0), PQgetvalue(k, j, 1));
}

static void field_name(char *buf, size_t n, const char *pid, const char *code)
{
	snprintf(buf, n, "v%s-%s", pid, code);
}

void page_scores_entry(struct page *pg)
{
	if (pg->s->kind == USER_STAFF) {
		page_error(pg, 403, T(pg, "The criteria are entered by the unit head (or HR)."));
		return;
	}
	struct form f = { 0 };
	if (!form_load(pg, &f, kv_get(&pg->rq->query, "unit"), kv_get(&pg->rq->query, "month")))
		goto out;
	PGresult *units = page_query(pg, units_sql, 0, NULL);
	if (!units) {
		page_query_failed(pg);
		goto out;
	}
	/* The people listed with their entries are a view of their scores: logged for them. */
	PGresult *logged = page_query(pg, "SELECT attend.log_data_access(ARRAY(SELECT p.id FROM attend.person p"
	                                  " WHERE p.unit_id = $1), 'scores', $2)", 2,
	                              (const char *const[]){ f.unit_id, f.first });
	PQclear(logged);
	if (!logged) {
		PQclear(units);
		page_query_failed(pg);
		goto out;
	}
	struct dbuf *b = &pg->rs->body;
	char title[320], mt[16];
	scores_month_text(mt, sizeof mt, f.first);
	snprintf(title, sizeof title, T(pg, "Criteria of %s — %s"), PQgetvalue(f.unit, 0, 2), mt);
	html_begin(b, pg->lang, pg->s, title, 0);
	dbuf_puts(b, "<p class=\"sub\">");
	html_text(b, PQgetvalue(f.unit, 0, 4));
	dbuf_puts(b, "</p>");
	/* Which unit and month: a plain GET form, no script. */
	html_raw(b, "<form class=\"inline\" method=\"get\" action=\"/scores/entry\"><div><label for=\"unit\">%s</label>"
	         "<select id=\"unit\" name=\"unit\">", T(pg, "Unit"));
	for (int i = 0; i < PQntuples(units); i++) {
		dbuf_puts(b, "<option value=\"");
		html_text(b, PQgetvalue(units, i, 0));
		dbuf_puts(b, strcmp(PQgetvalue(units, i, 0), PQgetvalue(f.unit, 0, 1)) ? "\">" : "\" selected>");
		html_text(b, PQgetvalue(units, i, 1));
		dbuf_puts(b, "</option>");
	}
	PQclear(units);
	html_raw(b, "</select></div><div><label for=\"month\">%s</label><input id=\"month\" name=\"month\" value=\"%s\""
	         " inputmode=\"numeric\" placeholder=\"mm/yyyy\" size=\"8\" required></div><button type=\"submit\">%s</button>"
	         "</form>", T(pg, "Month (mm/yyyy)"), mt, T(pg, "Show"));
	const char *saved = kv_get(&pg->rq->query, "saved");
	if (saved && input_id(saved))
		html_raw(b, "<p class=\"ok\" role=\"status\" id=\"saved\">%s %s</p>", T(pg, "Entries saved:"), saved);
	else if (saved)
		html_raw(b, "<p class=\"ok\" role=\"status\" id=\"saved\">%s</p>", T(pg, "Nothing had changed."));
	if (f.locked)
		html_raw(b, "<p class=\"error\" id=\"locked\">%s</p>",
		         T(pg, "This month is locked: its criteria can no longer be entered (HR can unlock it)."));
	if (PQntuples(f.people) == 0 || PQntuples(f.crit) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "No people or no criteria to enter for this month."));
		html_end(b, pg->lang);
		goto out;
	}
	html_raw(b, "<p class=\"note\">%s</p>",
	         T(pg, "Points with a decimal comma or point (3,5). An empty field changes nothing; every entry is kept "
	               "with who made it and when, and the latest counts at the next nightly summary."));
	dbuf_puts(b, "<form method=\"post\" action=\"/scores/entry\" id=\"entry-form\">");
	html_csrf(b, pg->s);
	dbuf_puts(b, "<input type=\"hidden\" name=\"unit\" value=\"");
	html_text(b, PQgetvalue(f.unit, 0, 1));
	html_raw(b, "\"><input type=\"hidden\" name=\"month\" value=\"%s\">", mt);
	const char *dis = f.locked ? " disabled" : "";
	for (int i = 0; i < PQntuples(f.people); i++) {
		const char *pid = PQgetvalue(f.people, i, 0);
		/* a group named by its heading, not a fieldset: a fieldset does not shrink below its
		 * content's width, and the criteria would run off a phone's screen */
		html_raw(b, "<div role=\"group\" aria-labelledby=\"h%s\" id=\"person-", pid);
		html_text(b, PQgetvalue(f.people, i, 1));
		html_raw(b, "\"><h3 id=\"h%s\">", pid);
		html_text(b, PQgetvalue(f.people, i, 2));
		dbuf_puts(b, " <small>");
		html_text(b, PQgetvalue(f.people, i, 1));
		html_raw(b, " · <a href=\"/scores/card?month=%.7s&amp;person=", f.first);
		scores_url_part(b, PQgetvalue(f.people, i, 1));
		html_raw(b, "\">%s</a></small></h3><div class=\"figures\">", T(pg, "scorecard"));
		const char *last_note = "", *last_at = "";
		for (int j = 0; j < PQntuples(f.crit); j++) {
			char name[128];
			field_name(name, sizeof name, pid, PQgetvalue(f.crit, j, 0));
			int e = current(&f, pid, PQgetvalue(f.crit, j, 0));
			dbuf_puts(b, "<div><label for=\"");
			html_text(b, name);
			dbuf_puts(b, "\">");
			html_text(b, criterion_name(pg, f.crit, j));
			html_raw(b, " <small>(%s ", T(pg, "max"));
			scores_number(pg, b, PQgetvalue(f.crit, j, 2));
			dbuf_puts(b, ")</small></label><br><input inputmode=\"decimal\" size=\"5\" id=\"");
			html_text(b, name);
			dbuf_puts(b, "\" name=\"");
			html_text(b, name);
			dbuf_puts(b, "\" value=\"");
			if (e >= 0)
				scores_number(pg, b, PQgetvalue(f.entries, e, 2));
			html_raw(b, "\"%s>", dis);
			if (e >= 0) {
				char d[32];
				dbuf_puts(b, "<small class=\"note\">");
				html_text(b, PQgetvalue(f.entries, e, 4));
				html_raw(b, ", %s", i18n_date(d, sizeof d, PQgetvalue(f.entries, e, 5)));
				dbuf_puts(b, "</small>");
				/* the notes are kept per entry; the latest is shown once, under the person */
				if (*PQgetvalue(f.entries, e, 3) && strcmp(PQgetvalue(f.entries, e, 5), last_at) >= 0) {
					last_note = PQgetvalue(f.entries, e, 3);
					last_at = PQgetvalue(f.entries, e, 5);
				}
			}
			dbuf_puts(b, "</div>");
		}
		dbuf_puts(b, "</div>");
		if (*last_note) {
			html_raw(b, "<p class=\"note\" id=\"note-%s\">%s ", pid, T(pg, "Latest note:"));
			html_text(b, last_note);
			dbuf_puts(b, "</p>");
		}
		html_raw(b, "<p><label for=\"n%s\">%s</label> <input id=\"n%s\" name=\"n%s\" maxlength=\"500\" size=\"30\""
		         " placeholder=\"%s\"%s></p></div>", pid, T(pg, "Note (optional)"), pid, pid,
		         T(pg, "kept with each entry changed"), dis);
	}
	if (!f.locked)
		html_raw(b, "<p><button type=\"submit\" id=\"save\">%s</button></p>", T(pg, "Save"));
	dbuf_puts(b, "</form>");
	html_end(b, pg->lang);
out:
	form_free(&f);
}

/* One entry to write. */
struct change {
	const char *pid, *code;
	char points[16];
	const char *note;
};

void page_scores_entry_save(struct page *pg)
{
	if (pg->s->kind == USER_STAFF) {
		page_error(pg, 403, T(pg, "The criteria are entered by the unit head (or HR)."));
		return;
	}
	struct form f = { 0 };
	struct change *ch = NULL;
	char (*notes)[501] = NULL;
	bool begun = false;
	if (!form_load(pg, &f, kv_get(&pg->rq->form, "unit"), kv_get(&pg->rq->form, "month")))
		goto out;
	char mt[16], msg[1024];
	scores_month_text(mt, sizeof mt, f.first);
	if (f.locked) {
		snprintf(msg, sizeof msg, T(pg, "%s is locked: the criteria can no longer be entered. Nothing was saved."), mt);
		page_error(pg, 403, msg);
		goto out;
	}
	int np = PQntuples(f.people), nk = PQntuples(f.crit), n = 0;
	ch = calloc((size_t)np * (size_t)(nk ? nk : 1) + 1, sizeof *ch);
	notes = calloc((size_t)np + 1, sizeof *notes);
	if (!ch || !notes) {
		page_error(pg, 500, T(pg, "Something went wrong"));
		goto out;
	}
	/* Every field read and checked before anything is written. */
	for (int i = 0; i < np; i++) {
		const char *pid = PQgetvalue(f.people, i, 0), *who = PQgetvalue(f.people, i, 2);
		char key[128];
		snprintf(key, sizeof key, "n%s", pid);
		const char *note = kv_get(&pg->rq->form, key);
		bool has_note = note && *note && input_text(note, 500, notes[i]);
		if (note && *note && !has_note) {
			snprintf(msg, sizeof msg, T(pg, "The note for %s is not valid text (at most 500 characters). Nothing was saved."),
			         who);
			page_error(pg, 400, msg);
			goto out;
		}
		for (int j = 0; j < nk; j++) {
			const char *code = PQgetvalue(f.crit, j, 0);
			field_name(key, sizeof key, pid, code);
			const char *v = kv_get(&pg->rq->form, key);
			char t[64];
			if (!v || !input_text(v, 32, t))
				continue;   /* empty: unchanged */
			score_pts pts, max = 0, old;
			score_parse(PQgetvalue(f.crit, j, 2), &max);
			if (score_parse(t, &pts) != 0 || pts < 0) {
				snprintf(msg, sizeof msg, T(pg, "“%s” for %s: '%s' is not a number of points (e.g. 3,5). Nothing was saved."),
				         criterion_name(pg, f.crit, j), who, t);
				page_error(pg, 400, msg);
				goto out;
			}
			if (pts > max) {
				char mx[16];
				score_format(max, mx, sizeof mx);
				snprintf(msg, sizeof msg, T(pg, "“%s” for %s: %s is above the criterion's maximum %s. Nothing was saved."),
				         criterion_name(pg, f.crit, j), who, t, mx);
				page_error(pg, 400, msg);
				goto out;
			}
			int e = current(&f, pid, code);
			if (e >= 0 && score_parse(PQgetvalue(f.entries, e, 2), &old) == 0 && old == pts)
				continue;   /* the same points again: nothing to record */
			ch[n].pid = pid;
			ch[n].code = code;
			score_format(pts, ch[n].points, sizeof ch[n].points);
			ch[n].note = has_note ? notes[i] : NULL;
			n++;
		}
	}
	/* One transaction: all the entries or none. */
	PGresult *r = page_query(pg, "BEGIN", 0, NULL);
	if (!r) {
		page_query_failed(pg);
		goto out;
	}
	PQclear(r);
	begun = true;
	for (int i = 0; i < n; i++) {
		r = page_query(pg, insert_sql, 6, (const char *const[]){ f.agency_id, ch[i].pid, f.first, ch[i].code,
		                                                         ch[i].points, ch[i].note });
		if (!r) {
			page_query_failed(pg);
			goto out;
		}
		int rows = PQntuples(r);
		PQclear(r);
		if (rows != 1) {
			snprintf(msg, sizeof msg, T(pg, "%s is locked: the criteria can no longer be entered. Nothing was saved."), mt);
			page_error(pg, 403, msg);
			goto out;
		}
	}
	r = page_query(pg, "COMMIT", 0, NULL);
	if (!r) {
		begun = false;   /* a failed COMMIT has ended the transaction */
		page_query_failed(pg);
		goto out;
	}
	PQclear(r);
	begun = false;
	struct dbuf to = { 0 };
	dbuf_puts(&to, "/scores/entry?unit=");
	scores_url_part(&to, PQgetvalue(f.unit, 0, 1));
	dbuf_printf(&to, "&month=%.7s&saved=%d", f.first, n);
	dbuf_add(&to, "", 1);
	if (to.oom)
		page_error(pg, 500, T(pg, "Something went wrong"));
	else
		web_resp_redirect(pg->rs, to.p);
	dbuf_free(&to);
out:
	if (begun)
		PQclear(page_query(pg, "ROLLBACK", 0, NULL));
	free(notes);
	free(ch);
	form_free(&f);
}
