/* HTML out: every text that is not ours (from the database, from the request) goes through
 * html_text() — the one escaper — so a name like <script> is shown, never run. */
#ifndef ATTEND_WEB_HTML_H
#define ATTEND_WEB_HTML_H

#include "lib/dbuf.h"
#include "web/i18n.h"

struct session;

/* Text escaped for an element's content or a quoted attribute value (& < > " '). */
void html_text(struct dbuf *b, const char *s);
/* printf for our own markup; every %s argument that is not a constant of ours must have gone
 * through html_text() instead. */
void html_raw(struct dbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The page's top (doctype, viewport, style sheet, navigation for s's kind of user, the title)
 * and bottom.  refresh > 0: the page reloads itself after that many seconds. */
void html_begin(struct dbuf *b, enum lang l, const struct session *s, const char *title, int refresh);
void html_end(struct dbuf *b, enum lang l);
/* The hidden CSRF field of a form of session s. */
void html_csrf(struct dbuf *b, const struct session *s);

#endif
