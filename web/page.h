/* What every page handler gets, and the helpers they share (queries as the session's user,
 * error pages, tables). */
#ifndef ATTEND_WEB_PAGE_H
#define ATTEND_WEB_PAGE_H

#include <libpq-fe.h>

#include "web/html.h"
#include "web/i18n.h"
#include "web/server.h"
#include "web/web.h"

struct page {
	struct web *w;
	const struct web_req *rq;
	struct web_resp *rs;
	struct session *s;        /* NULL on the login page */
	enum lang lang;
	char sqlstate[6];         /* of the last failed query */
	char dbmsg[256];          /* its primary message */
};

#define T(pg, msgid) tr((pg)->lang, (msgid))

/* Runs sql as the session's user.  NULL on error (logged; pg->sqlstate says which). */
PGresult *page_query(struct page *pg, const char *sql, int n, const char *const *params);
/* A whole error page: status (403, 404, 400, 500 ...) and one sentence. */
void page_error(struct page *pg, int status, const char *message);
/* The error page for a failed page_query: 403 for a refusal by the database, 500 otherwise. */
void page_query_failed(struct page *pg);
/* A table with a heading row of translated labels, then one row per result row; cols: the
 * result's columns to show, in order; date columns (yyyy-mm-dd) are shown dd/mm/yyyy. */
void page_table(struct page *pg, const PGresult *r, const char *const *labels, int ncols,
                const char *empty_message);

/* The pages. */
void page_login_form(struct page *pg, const char *message, int status);
void page_login(struct page *pg);
void page_logout(struct page *pg);
void page_today(struct page *pg);
void page_month(struct page *pg);
void page_requests(struct page *pg);
void page_report(struct page *pg);
void page_edges(struct page *pg);
void page_timesheet(struct page *pg);
void page_leave(struct page *pg);
void page_access_log(struct page *pg);
void page_my_data(struct page *pg);
void page_request_leave(struct page *pg);
void page_request_tap(struct page *pg);
void page_request_decide(struct page *pg);
extern const char web_style_css[];

#endif
