/* The HTTP adapter: libmicrohttpd (Debian's libmicrohttpd12), and only here.  One thread per
 * connection, since a page blocks in libpq; forms decoded by libmicrohttpd's post processor. */
#ifndef ATTEND_WEB_HTTP_H
#define ATTEND_WEB_HTTP_H

#include <stddef.h>

#include "web/web.h"

struct http_server;
typedef void (*http_handler)(void *user, const struct web_req *rq, struct web_resp *rs);

/* Listens on addr (numeric IPv4 or IPv6) and port; 0 or a negative errno with a message. */
int http_start(struct http_server **ret, const char *addr, int port, int max_connections,
               http_handler fn, void *user, char *err, size_t errlen);
void http_stop(struct http_server *s);

/* A form body is refused beyond this (a login or a request form is far smaller). */
#define HTTP_FORM_MAX 16384
/* The criteria entry form of a unit (/scores/entry), encoded: about 125 bytes a person with
 * the six criteria filled, 310 with a note of 75 Vietnamese characters (a unit of 300, 92 KB:
 * tests/integration/test_web_scores.sh).  1 MiB: a unit of 1,000 with notes of about 100
 * Vietnamese characters each (a note's 500 characters encode to up to 4.5 KB). */
#define HTTP_FORM_MAX_SCORES (1024 * 1024)

#endif
