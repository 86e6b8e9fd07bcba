#include "web/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/session.h"

void html_text(struct dbuf *b, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		dbuf_add(b, run, (size_t)(s - run));
		dbuf_puts(b, rep);
		run = s + 1;
	}
	dbuf_add(b, run, (size_t)(s - run));
}

void html_raw(struct dbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	dbuf_add(b, s, (size_t)n);
	free(s);
}

struct nav { const char *href, *label; unsigned kinds; };
#define K(x) (1u << (x))
static const struct nav nav[] = {
	{ "/today", N_("Today"), K(USER_UNIT_HEAD) | K(USER_HR) | K(USER_ADMIN) },
	{ "/me", N_("My month"), K(USER_STAFF) | K(USER_UNIT_HEAD) | K(USER_HR) | K(USER_ADMIN) },
	{ "/requests", N_("Requests"), K(USER_STAFF) | K(USER_UNIT_HEAD) | K(USER_HR) | K(USER_ADMIN) },
	{ "/report", N_("Report"), K(USER_UNIT_HEAD) | K(USER_HR) | K(USER_ADMIN) },
	{ "/timesheet", N_("Timesheet"), K(USER_UNIT_HEAD) | K(USER_HR) | K(USER_ADMIN) },
	{ "/scores/summary", N_("Scores"), K(USER_UNIT_HEAD) | K(USER_HR) | K(USER_ADMIN) },
	{ "/edges", N_("Devices"), K(USER_HR) | K(USER_ADMIN) },
};

void html_begin(struct dbuf *b, enum lang l, const struct session *s, const char *title, int refresh)
{
	html_raw(b, "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
	         l == LANG_EN ? "en" : "vi");
	if (refresh > 0)
		html_raw(b, "<meta http-equiv=\"refresh\" content=\"%d\">", refresh);
	dbuf_puts(b, "<title>");
	html_text(b, title);
	dbuf_puts(b, " · attendd</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body>"
	             "<header><a class=\"brand\" href=\"/\">attendd</a>");
	if (s) {
		dbuf_puts(b, "<nav>");
		for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++)
			if (nav[i].kinds & K(s->kind)) {
				html_raw(b, "<a href=\"%s\">", nav[i].href);
				html_text(b, tr(l, nav[i].label));
				dbuf_puts(b, "</a>");
			}
		dbuf_puts(b, "</nav><form class=\"logout\" method=\"post\" action=\"/logout\">");
		html_csrf(b, s);
		dbuf_puts(b, "<span class=\"who\">");
		html_text(b, s->user);
		dbuf_puts(b, "</span> <button type=\"submit\">");
		html_text(b, tr(l, "Log out"));
		dbuf_puts(b, "</button></form>");
	}
	dbuf_puts(b, "</header><main><h1>");
	html_text(b, title);
	dbuf_puts(b, "</h1>\n");
}

void html_end(struct dbuf *b, enum lang l)
{
	html_raw(b, "</main><footer><a href=\"?lang=%s\">%s</a></footer></body></html>\n",
	         l == LANG_EN ? "vi" : "en", l == LANG_EN ? "Tiếng Việt" : "English");
}

void html_csrf(struct dbuf *b, const struct session *s)
{
	html_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", s->csrf);
}
