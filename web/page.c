#include "web/page.h"

#include <stdio.h>
#include <string.h>

#include "lib/db_session.h"
#include "lib/log.h"
#include "web/session.h"

PGresult *page_query(struct page *pg, const char *sql, int n, const char *const *params)
{
	PGresult *r = PQexecParams(pg->s->db, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return r;
	const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	const char *primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	/* a session that broke has no SQLSTATE: 08006 (connection failure) tells the page why */
	snprintf(pg->sqlstate, sizeof pg->sqlstate, "%s", code ? code : db_session_switching(pg->s->db, r) ? "08006" : "");
	snprintf(pg->dbmsg, sizeof pg->dbmsg, "%s", primary ? primary : "");
	char msg[512];
	snprintf(msg, sizeof msg, "%s", PQresultErrorMessage(r));
	msg[strcspn(msg, "\n")] = '\0';
	log_warnx("%s %s as %s: %s (%s)", pg->rq->method, pg->rq->path, pg->s->user, msg, pg->sqlstate);
	PQclear(r);
	/* A broken connection (the server restarted): reset once, the next request works. */
	if (PQstatus(pg->s->db) == CONNECTION_BAD)
		PQreset(pg->s->db);
	return NULL;
}

void page_error(struct page *pg, int status, const char *message)
{
	static const struct { int status; const char *title; } titles[] = {
		{ 400, N_("Bad request") }, { 403, N_("Not allowed") }, { 404, N_("Not found") },
		{ 429, N_("Too many attempts") }, { 500, N_("Something went wrong") },
		{ 503, N_("The database is not available") },
	};
	const char *title = N_("Something went wrong");
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (titles[i].status == status)
			title = titles[i].title;
	pg->rs->status = status;
	pg->rs->body.len = 0;
	html_begin(&pg->rs->body, pg->lang, pg->s, T(pg, title), 0);
	dbuf_puts(&pg->rs->body, "<p class=\"error\">");
	html_text(&pg->rs->body, message);
	dbuf_puts(&pg->rs->body, "</p>");
	html_end(&pg->rs->body, pg->lang);
}

void page_query_failed(struct page *pg)
{
	/* 42501 insufficient_privilege: a grant or a policy said no. */
	if (db_session_switching_state(pg->sqlstate))
		page_error(pg, 503, T(pg, DB_SESSION_SWITCHING_PAGE));
	else if (!strcmp(pg->sqlstate, "42501"))
		page_error(pg, 403, T(pg, "Your database role may not do this."));
	else if (pg->sqlstate[0] == '2' && pg->sqlstate[1] == '3') {
		/* an integrity rule of the database (a check, a symbol that does not exist) */
		char m[512];
		snprintf(m, sizeof m, "%s %s", T(pg, "The database refused it:"), pg->dbmsg);
		page_error(pg, 400, m);
	} else
		page_error(pg, 500, T(pg, "The database refused the request; the server's log says why."));
}

static bool is_date(const char *v)
{
	return strlen(v) >= 10 && v[4] == '-' && v[7] == '-' && v[0] >= '1' && v[0] <= '2';
}

void page_table(struct page *pg, const PGresult *r, const char *const *labels, int ncols, const char *empty_message)
{
	struct dbuf *b = &pg->rs->body;
	if (PQntuples(r) == 0) {
		dbuf_puts(b, "<p class=\"empty\">");
		html_text(b, empty_message);
		dbuf_puts(b, "</p>");
		return;
	}
	dbuf_puts(b, "<div class=\"scroll\"><table><thead><tr>");
	for (int c = 0; c < ncols; c++) {
		dbuf_puts(b, "<th scope=\"col\">");
		html_text(b, T(pg, labels[c]));
		dbuf_puts(b, "</th>");
	}
	dbuf_puts(b, "</tr></thead><tbody>");
	for (int i = 0; i < PQntuples(r); i++) {
		dbuf_puts(b, "<tr>");
		for (int c = 0; c < ncols; c++) {
			const char *v = PQgetvalue(r, i, c);
			char d[64];
			dbuf_puts(b, "<td>");
			html_text(b, is_date(v) ? i18n_date(d, sizeof d, v) : v);
			dbuf_puts(b, "</td>");
		}
		dbuf_puts(b, "</tr>");
	}
	dbuf_puts(b, "</tbody></table></div>");
}
