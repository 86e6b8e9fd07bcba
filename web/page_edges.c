/* Devices: each site's edges and readers as the database knows them — the SQL of attendctl
 * edges (lib/edges_sql.h), as the user's role sees it — with each reader's last tap, silent
 * readers (no tap within silent_after minutes) marked.  For HR and administrators; refreshes
 * itself like Today.  What an edge says of itself (online or offline, its journal's backlog,
 * its version) is its MQTT status (docs/wire.md) as the recorders stored it
 * (attend.edge_status, sql/031). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/edges_sql.h"
#include "web/input.h"
#include "web/page.h"

/* "12 minutes ago", "3 h 05 ago", "2 days ago" from a number of minutes ('' : never). */
static void ago(struct page *pg, struct dbuf *b, const char *minutes)
{
	if (!*minutes)
		return;
	long m = strtol(minutes, NULL, 10);
	if (m < 0)
		m = 0;
	dbuf_puts(b, " <small>(");
	if (m < 60)
		html_raw(b, T(pg, "%ld min ago"), m);
	else if (m < 48 * 60)
		html_raw(b, T(pg, "%ld h %02ld ago"), m / 60, m % 60);
	else
		html_raw(b, T(pg, "%ld days ago"), m / (24 * 60));
	dbuf_puts(b, ")</small>");
}

/* 'YYYY-MM-DD HH:MI' as dd/mm/yyyy HH:MI, then how long ago; '' as "never". */
static void seen_cell(struct page *pg, const char *at, const char *minutes)
{
	struct dbuf *b = &pg->rs->body;
	char d[32];
	dbuf_puts(b, "<td>");
	if (!*at)
		html_text(b, T(pg, "never"));
	else
		html_text(b, i18n_date(d, sizeof d, at));   /* the time follows the date */
	ago(pg, b, minutes);
	dbuf_puts(b, "</td>");
}

/* online / stopped / offline (since when it was said), and the version; "no status" when no
 * recorder has stored one. */
static void state_cell(struct page *pg, PGresult *e, int i)
{
	struct dbuf *b = &pg->rs->body;
	const char *st = PQgetvalue(e, i, 8);
	dbuf_puts(b, "<td>");
	if (!*st) {
		html_text(b, T(pg, "no status"));
	} else {
		bool up = !strcmp(st, "online");
		html_raw(b, "<strong class=\"%s\">%s</strong>", up ? "status-approved" : "status-rejected",
		         !strcmp(st, "online") ? T(pg, "online") : !strcmp(st, "stopped") ? T(pg, "stopped") :
		         T(pg, "offline"));
		ago(pg, b, PQgetvalue(e, i, 14));
		if (*PQgetvalue(e, i, 13)) {
			dbuf_puts(b, "<br><small>");
			html_text(b, PQgetvalue(e, i, 13));
			dbuf_puts(b, "</small>");
		}
	}
	dbuf_puts(b, "</td>");
}

/* Taps not yet acknowledged of the journal's capacity; marked when the journal is full (taps
 * are then refused at the door) or refused some. */
static void backlog_cell(struct page *pg, PGresult *e, int i)
{
	struct dbuf *b = &pg->rs->body;
	const char *pend = PQgetvalue(e, i, 10), *cap = PQgetvalue(e, i, 11), *refused = PQgetvalue(e, i, 15);
	dbuf_puts(b, "<td>");
	if (*pend) {
		html_text(b, pend);
		if (*cap) {
			dbuf_puts(b, " / ");
			html_text(b, cap);
		}
	}
	if (!strcmp(PQgetvalue(e, i, 12), "true"))
		html_raw(b, " <mark><strong>%s</strong></mark>", T(pg, "full: taps refused"));
	else if (*refused && strcmp(refused, "0"))
		html_raw(b, " <strong class=\"status-rejected\">(%s %s)</strong>", refused, T(pg, "refused"));
	dbuf_puts(b, "</td>");
}

static void cell(struct dbuf *b, const char *text)
{
	dbuf_puts(b, "<td>");
	html_text(b, text);
	dbuf_puts(b, "</td>");
}

void page_edges(struct page *pg)
{
	const char *code = kv_get(&pg->rq->query, "agency");
	if (code && !input_code(code)) {
		page_error(pg, 400, T(pg, "The agency code or the date (dd/mm/yyyy) is not valid."));
		return;
	}
	/* For HR and administrators (docs/roles.md, attendctl edges).  The database would let a
	 * unit head read the edges, but their taps only those of their people (row-level security
	 * on attend.tap): every reader would look silent.  Whose role it is, the database says. */
	PGresult *who = page_query(pg, "SELECT pg_has_role(current_user, 'attend_hr', 'MEMBER')"
	                           " OR pg_has_role(current_user, 'attend_admin', 'MEMBER')", 0, NULL);
	if (!who) {
		page_query_failed(pg);
		return;
	}
	bool may = PQgetvalue(who, 0, 0)[0] == 't';
	PQclear(who);
	if (!may) {
		page_error(pg, 403, T(pg, "Your database role may not do this."));
		return;
	}
	const char *p[1] = { code };
	PGresult *e = page_query(pg, edges_sql, 1, p), *r = e ? page_query(pg, readers_sql, 1, p) : NULL;
	if (!r) {
		page_query_failed(pg);
		goto out;
	}
	long silent_after = pg->w->cfg->silent_after;
	int silent = 0;
	for (int i = 0; i < PQntuples(r); i++)
		if (!*PQgetvalue(r, i, 5) || atol(PQgetvalue(r, i, 5)) >= silent_after)
			silent++;
	struct dbuf *b = &pg->rs->body;
	html_begin(b, pg->lang, pg->s, T(pg, "Devices"), (int)pg->w->cfg->refresh);
	dbuf_puts(b, "<div class=\"figures\">");
	html_raw(b, "<div><b>%d</b>%s</div>", PQntuples(e), T(pg, "Edges"));
	html_raw(b, "<div><b>%d</b>%s</div>", PQntuples(r), T(pg, "Readers"));
	html_raw(b, "<div><b>%d</b>%s</div>", silent, T(pg, "Silent readers"));
	dbuf_puts(b, "</div><p class=\"note\">");
	html_raw(b, T(pg, "A reader is silent when no tap came from it in the last %ld minutes."), silent_after);
	dbuf_puts(b, "</p>");

	html_raw(b, "<h2 id=\"edges\">%s</h2>", T(pg, "Edges"));
	if (PQntuples(e) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "No edge is registered."));
	} else {
		html_raw(b, "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		         T(pg, "Site"), T(pg, "Edge"), T(pg, "State"), T(pg, "Journal backlog"),
		         T(pg, "Last tap received"), T(pg, "Clock skew (s)"), T(pg, "Readers"));
		for (int i = 0; i < PQntuples(e); i++) {
			const char *id = PQgetvalue(e, i, 0);
			html_raw(b, "<tr id=\"edge-");
			html_text(b, id);
			dbuf_puts(b, "\"><td>");
			html_text(b, PQgetvalue(e, i, 7));
			dbuf_puts(b, " <small>");
			html_text(b, PQgetvalue(e, i, 1));
			dbuf_puts(b, "</small></td><td>");
			html_text(b, id);
			if (*PQgetvalue(e, i, 2)) {
				dbuf_puts(b, " <small>");
				html_text(b, PQgetvalue(e, i, 2));
				dbuf_puts(b, "</small>");
			}
			dbuf_puts(b, "</td>");
			state_cell(pg, e, i);
			backlog_cell(pg, e, i);
			seen_cell(pg, PQgetvalue(e, i, 3), PQgetvalue(e, i, 6));
			dbuf_puts(b, "<td>");
			html_text(b, PQgetvalue(e, i, 4));
			if (!strcmp(PQgetvalue(e, i, 5), "true"))
				html_raw(b, " <strong class=\"status-rejected\">%s</strong>", T(pg, "drifting"));
			dbuf_puts(b, "</td>");
			int n = 0, quiet = 0;
			for (int k = 0; k < PQntuples(r); k++)
				if (!strcmp(PQgetvalue(r, k, 0), id)) {
					n++;
					quiet += !*PQgetvalue(r, k, 5) || atol(PQgetvalue(r, k, 5)) >= silent_after;
				}
			html_raw(b, "<td>%d", n);
			if (quiet)
				html_raw(b, " <strong class=\"status-rejected\">(%d %s)</strong>", quiet, T(pg, "silent"));
			dbuf_puts(b, "</td></tr>");
		}
		dbuf_puts(b, "</tbody></table></div>");
	}

	html_raw(b, "<h2 id=\"readers\">%s</h2>", T(pg, "Readers"));
	if (PQntuples(r) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "No reader is registered."));
	} else {
		html_raw(b, "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		         T(pg, "Edge"), T(pg, "Reader"), T(pg, "Direction"), T(pg, "Last tap"), T(pg, "State"));
		for (int i = 0; i < PQntuples(r); i++) {
			const char *mins = PQgetvalue(r, i, 5), *dir = PQgetvalue(r, i, 2);
			bool quiet = !*mins || atol(mins) >= silent_after;
			dbuf_puts(b, "<tr id=\"reader-");
			html_text(b, PQgetvalue(r, i, 0));
			dbuf_puts(b, "-");
			html_text(b, PQgetvalue(r, i, 1));
			html_raw(b, "\"%s>", quiet ? " class=\"silent\"" : "");
			cell(b, PQgetvalue(r, i, 0));
			dbuf_puts(b, "<td>");
			html_text(b, PQgetvalue(r, i, 1));
			if (*PQgetvalue(r, i, 3)) {
				dbuf_puts(b, " <small>");
				html_text(b, PQgetvalue(r, i, 3));
				dbuf_puts(b, "</small>");
			}
			dbuf_puts(b, "</td>");
			cell(b, !strcmp(dir, "in") ? T(pg, "IN") : !strcmp(dir, "out") ? T(pg, "OUT") : T(pg, "IN or OUT"));
			seen_cell(pg, PQgetvalue(r, i, 4), mins);
			if (quiet)   /* <mark>: highlighted by every browser, no style of ours needed */
				html_raw(b, "<td><mark><strong>%s</strong></mark></td></tr>", T(pg, "silent"));
			else
				html_raw(b, "<td><span class=\"status-approved\">%s</span></td></tr>", T(pg, "heard from"));
		}
		dbuf_puts(b, "</tbody></table></div>");
	}
	html_raw(b, "<p class=\"note\">%s</p>", T(pg, "An edge's state, backlog and version are what it last said of "
	                                              "itself (its status, every few seconds while it runs; \"offline\" is "
	                                              "its last will, sent by the broker when it vanished)."));
	html_end(b, pg->lang);
out:
	PQclear(r);
	PQclear(e);
}
