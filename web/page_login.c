/* Logging in as yourself: the form's user and password open a database connection as that
 * user (web/db.c); the password is wiped once the connection is made.  Before a session
 * exists, the form is tied to the browser by a random cookie it must echo (double submit):
 * another site can neither read the cookie nor post a form that matches it. */
#include <stdio.h>
#include <string.h>

#include "lib/log.h"
#include "lib/timeutil.h"
#include "web/db.h"
#include "web/input.h"
#include "web/page.h"

#define LOGIN_COOKIE "attend_login"

const char *web_session_cookie(const struct web *w);

void page_login_form(struct page *pg, const char *message, int status)
{
	char token[SESSION_TOKEN_LEN + 1];
	if (session_random_hex(token, SESSION_TOKEN_LEN / 2) != 0) {
		page_error(pg, 500, T(pg, "No random numbers: the server's log says why."));
		return;
	}
	bool secure = pg->w->cfg->secure_cookies;
	web_resp_cookie(pg->rs, LOGIN_COOKIE "=%s; Path=/login; Max-Age=1800; HttpOnly; SameSite=Strict%s", token,
	                secure ? "; Secure" : "");
	pg->rs->status = status;
	struct dbuf *b = &pg->rs->body;
	html_begin(b, pg->lang, NULL, T(pg, "Log in"), 0);
	if (message) {
		dbuf_puts(b, "<p class=\"error\" role=\"alert\">");
		html_text(b, message);
		dbuf_puts(b, "</p>");
	}
	html_raw(b, "<form class=\"card\" method=\"post\" action=\"/login\">"
	         "<input type=\"hidden\" name=\"login_token\" value=\"%s\">", token);
	html_raw(b, "<label for=\"user\">%s</label>", T(pg, "Login name"));
	dbuf_puts(b, "<input id=\"user\" name=\"user\" autocomplete=\"username\" autocapitalize=\"none\" "
	             "spellcheck=\"false\" required autofocus>");
	html_raw(b, "<label for=\"password\">%s</label>", T(pg, "Password"));
	dbuf_puts(b, "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>");
	html_raw(b, "<button type=\"submit\">%s</button></form>", T(pg, "Log in"));
	html_raw(b, "<p class=\"note\">%s</p>",
	         T(pg, "Use the login and password your administrator gave you for attendd."));
	html_end(b, pg->lang);
}

void page_login(struct page *pg)
{
	const char *token = kv_get(&pg->rq->form, "login_token");
	if (!session_token_equal(token, kv_get(&pg->rq->cookies, LOGIN_COOKIE))) {
		page_login_form(pg, T(pg, "The login form had expired: please try again."), 403);
		return;
	}
	const char *user = kv_get(&pg->rq->form, "user"), *password = kv_get(&pg->rq->form, "password");
	if (!input_code(user) || !password || !*password || strlen(password) > 1024) {
		page_login_form(pg, T(pg, "Type your login name and your password."), 400);
		return;
	}
	char ukey[96], ikey[96], err[512], person[64];
	snprintf(ukey, sizeof ukey, "u:%s", user);
	snprintf(ikey, sizeof ikey, "i:%s", pg->rq->ip);
	int64_t now = now_monotonic_ms() / 1000;
	int wait_u = ratelimit_wait(pg->w->by_user, ukey, now), wait_i = ratelimit_wait(pg->w->by_ip, ikey, now);
	int wait = wait_u > wait_i ? wait_u : wait_i;
	if (wait > 0) {
		log_info("login of '%s' from %s: slowed down, %d s to wait", user, pg->rq->ip, wait);
		pg->rs->retry_after = wait;
		char m[256];
		snprintf(m, sizeof m, T(pg, "Too many wrong passwords: wait %d seconds and try again."), wait);
		page_login_form(pg, m, 429);
		return;
	}
	PGconn *db = NULL;
	enum user_kind kind = USER_STAFF;
	enum db_login_result res = db_login(pg->w->cfg->conninfo, user, password, &db, &kind, person, sizeof person,
	                                    err, sizeof err);
	switch (res) {
	case DB_LOGIN_OK:
		break;
	case DB_LOGIN_WRONG:
		ratelimit_failed(pg->w->by_user, ukey, now);
		ratelimit_failed(pg->w->by_ip, ikey, now);
		log_info("login of '%s' from %s refused: %s", user, pg->rq->ip, err);
		page_login_form(pg, T(pg, "Wrong login name or password."), 401);
		return;
	case DB_LOGIN_NOT_A_PERSON:
	case DB_LOGIN_NO_PASSWORD:
		log_warnx("login of '%s' from %s refused: %s", user, pg->rq->ip, err);
		page_login_form(pg, T(pg, "This login cannot be used in the browser."), 403);
		return;
	case DB_LOGIN_UNAVAILABLE:
		log_warnx("login of '%s' from %s: %s", user, pg->rq->ip, err);
		page_login_form(pg, T(pg, "The database is not available: try again in a moment."), 503);
		return;
	}
	ratelimit_succeeded(pg->w->by_user, ukey);
	struct session *s = session_open(pg->w->sessions, db, user, person, kind);
	if (!s) {
		log_warnx("login of '%s': no room for another session (max_sessions)", user);
		page_login_form(pg, T(pg, "Too many people are logged in: try again later."), 503);
		return;
	}
	log_info("login of '%s' from %s", user, pg->rq->ip);
	bool secure = pg->w->cfg->secure_cookies;
	web_resp_cookie(pg->rs, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", web_session_cookie(pg->w), s->id,
	                secure ? "; Secure" : "");
	web_resp_cookie(pg->rs, LOGIN_COOKIE "=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict%s",
	                secure ? "; Secure" : "");
	web_resp_redirect(pg->rs, kind == USER_STAFF ? "/me" : "/today");
	session_release(pg->w->sessions, s);
}

void page_logout(struct page *pg)
{
	log_info("logout of '%s'", pg->s->user);
	session_close(pg->w->sessions, pg->s);
	web_resp_cookie(pg->rs, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s", web_session_cookie(pg->w),
	                pg->w->cfg->secure_cookies ? "; Secure" : "");
	web_resp_redirect(pg->rs, "/login");
}
