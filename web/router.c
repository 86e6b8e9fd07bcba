/* One request: its language, its session, the CSRF check of every POST, then the page. */
#include <stdio.h>
#include <string.h>

#include "web/page.h"
#include "web/page_doc.h"
#include "web/page_scores.h"
#include "web/session.h"

#define SESSION_COOKIE_PLAIN "attend_session"
/* Behind TLS the __Host- prefix makes browsers refuse the cookie unless Secure, Path=/ and
 * no Domain: no subdomain can plant or read it. */
#define SESSION_COOKIE_SECURE "__Host-attend_session"

const char *web_session_cookie(const struct web *w);
const char *web_session_cookie(const struct web *w)
{
	return w->cfg->secure_cookies ? SESSION_COOKIE_SECURE : SESSION_COOKIE_PLAIN;
}

static enum lang choose_lang(const struct web_req *rq, struct web_resp *rs, bool secure)
{
	const char *q = kv_get(&rq->query, "lang");
	if (q && (!strcmp(q, "en") || !strcmp(q, "vi"))) {
		web_resp_cookie(rs, "attend_lang=%s; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict%s", q,
		                secure ? "; Secure" : "");
		return !strcmp(q, "en") ? LANG_EN : LANG_VI;
	}
	const char *c = kv_get(&rq->cookies, "attend_lang");
	return c && !strcmp(c, "en") ? LANG_EN : LANG_VI;
}

static void route(struct page *pg)
{
	const char *p = pg->rq->path;
	bool get = !strcmp(pg->rq->method, "GET") || !strcmp(pg->rq->method, "HEAD");
	bool post = !strcmp(pg->rq->method, "POST");
	if (get && !strcmp(p, "/"))
		return web_resp_redirect(pg->rs, pg->s->kind == USER_STAFF ? "/me" : "/today");
	if (get && !strcmp(p, "/today"))
		return page_today(pg);
	if (get && !strcmp(p, "/me"))
		return page_month(pg);
	if (get && !strcmp(p, "/report"))
		return page_report(pg);
	if (get && !strcmp(p, "/edges"))
		return page_edges(pg);
	if (get && !strcmp(p, "/timesheet"))
		return page_timesheet(pg);
	if (get && !strcmp(p, "/leave"))
		return page_leave(pg);
	if (get && !strcmp(p, "/me/access"))
		return page_access_log(pg);
	if (get && !strcmp(p, "/me/data.json"))
		return page_my_data(pg);
	if (get && !strcmp(p, "/requests"))
		return page_requests(pg);
	if (post && !strcmp(p, "/requests/leave"))
		return page_request_leave(pg);
	if (post && !strcmp(p, "/requests/tap"))
		return page_request_tap(pg);
	if (post && !strcmp(p, "/requests/decide"))
		return page_request_decide(pg);
	if (get && !strcmp(p, "/scores/summary"))
		return page_scores_summary(pg);
	if (get && !strcmp(p, "/scores/card"))
		return page_scores_card(pg);
	if (get && !strcmp(p, "/scores/entry"))
		return page_scores_entry(pg);
	if (post && !strcmp(p, "/scores/entry"))
		return page_scores_entry_save(pg);
	if (post && !strcmp(p, "/logout"))
		return page_logout(pg);
	page_error(pg, 404, T(pg, "There is no such page."));
}

void web_handle(struct web *w, const struct web_req *rq, struct web_resp *rs)
{
	struct page pg = { .w = w, .rq = rq, .rs = rs };
	pg.lang = choose_lang(rq, rs, w->cfg->secure_cookies);
	page_doc_lang(&pg);   /* the names people read (doc/labels) and documents speak it too */
	rs->status = 200;
	bool get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
	bool post = !strcmp(rq->method, "POST");
	if (!get && !post) {
		page_error(&pg, 405, T(&pg, "This method is not used here."));
		return;
	}
	if (get && !strcmp(rq->path, "/style.css")) {
		rs->content_type = "text/css; charset=utf-8";
		rs->cacheable = true;
		dbuf_puts(&rs->body, web_style_css);
		return;
	}
	/* Browsers ask for it on their own; an answer with no icon keeps the console clean. */
	if (get && !strcmp(rq->path, "/favicon.ico")) {
		rs->status = 204;
		rs->cacheable = true;
		return;
	}
	if (post && rq->form_refused) {
		page_error(&pg, 400, T(&pg, "The form could not be read (too large, or not a form)."));
		return;
	}
	if (!strcmp(rq->path, "/login")) {
		if (post)
			page_login(&pg);
		else
			page_login_form(&pg, NULL, 200);
		return;
	}
	pg.s = session_acquire(w->sessions, kv_get(&rq->cookies, web_session_cookie(w)));
	if (!pg.s) {
		if (get)
			web_resp_redirect(rs, "/login");
		else
			page_error(&pg, 403, T(&pg, "Your session has ended: log in again."));
		return;
	}
	/* Every form of a session carries its token; a form posted from another site cannot. */
	if (post && !session_token_equal(kv_get(&rq->form, "csrf"), pg.s->csrf))
		page_error(&pg, 403, T(&pg, "This form is not from this session (its security token is missing or "
		                             "wrong): open the page again and send it from there."));
	else
		route(&pg);
	session_release(w->sessions, pg.s);
}
