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

#endif
