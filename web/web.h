/* attend-web's request and response as the pages see them: plain data, no HTTP library (the
 * adapter, web/http.c, fills and sends them), so a page can be driven by a unit test or the
 * fuzzer. */
#ifndef ATTEND_WEB_H
#define ATTEND_WEB_H

#include <stdbool.h>

#include "lib/dbuf.h"
#include "web/kv.h"

struct web_req {
	const char *method;          /* "GET", "POST", ... */
	const char *path;            /* without the query string */
	const char *ip;              /* the client's address, numeric */
	struct kvlist query, cookies, form;
	bool form_refused;           /* the body was not a form or was too large */
};

#define WEB_MAX_COOKIES 4
struct web_resp {
	int status;
	const char *content_type;    /* static text */
	struct dbuf body;
	char *location;              /* a redirect's target */
	char *set_cookie[WEB_MAX_COOKIES];
	int ncookies;
	int retry_after;             /* seconds, for 429 */
	bool cacheable;              /* the style sheet; pages are never stored */
	char *disposition;           /* a download's file name (Content-Disposition) */
};

void web_resp_free(struct web_resp *r);
/* Adds a Set-Cookie header's value (copied). */
void web_resp_cookie(struct web_resp *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void web_resp_redirect(struct web_resp *r, const char *to);

struct web;   /* the server's state: web/server.h */
/* Answers one request; never fails (an error is a page). */
void web_handle(struct web *w, const struct web_req *rq, struct web_resp *rs);

#endif
