/* libmicrohttpd adapter.  Each request is copied into a struct web_req (query arguments,
 * cookies, form fields decoded by MHD_create_post_processor), answered by the handler, and
 * the struct web_resp sent with the security headers every answer carries. */
#include "web/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

struct http_server {
	struct MHD_Daemon *d;
	http_handler fn;
	void *user;
};

/* What one request collects between libmicrohttpd's calls. */
struct pending {
	struct MHD_PostProcessor *pp;
	struct web_req rq;
	char ip[INET6_ADDRSTRLEN];
	size_t body, max;   /* bytes of the form received; its limit */
};

/* The criteria of a whole unit are one form (all or nothing): its own, larger limit. */
static size_t form_max(const char *url)
{
	return !strcmp(url, "/scores/entry") ? HTTP_FORM_MAX_SCORES : HTTP_FORM_MAX;
}

static enum MHD_Result on_value(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct kvlist *l = cls;
	if (key && kv_add(l, key, value ? value : "", value ? strlen(value) : 0) != 0)
		return MHD_NO;
	return MHD_YES;
}

static enum MHD_Result on_post(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
	(void)kind; (void)filename; (void)content_type; (void)transfer_encoding;
	struct pending *p = cls;
	if (!key)
		return MHD_YES;
	/* A long value arrives in pieces (off > 0): joined to the same field. */
	int rc = off == 0 ? kv_add(&p->rq.form, key, data, size) : kv_append(&p->rq.form, key, data, size);
	if (rc != 0 || p->rq.form.bytes > p->max) {
		p->rq.form_refused = true;
		return MHD_NO;
	}
	return MHD_YES;
}

/* Every answer: no inline script or style anywhere (CSP), never framed, no MIME sniffing,
 * no referrer outside, pages never cached (they show personal data). */
static void security_headers(struct MHD_Response *r, const struct web_resp *rs)
{
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
	                        "form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	MHD_add_response_header(r, "Cache-Control", rs->cacheable ? "public, max-age=3600" : "no-store");
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct web_resp *rs)
{
	static char empty[1];
	struct MHD_Response *r = MHD_create_response_from_buffer(rs->body.len, rs->body.p ? rs->body.p : empty,
	                                                         MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", rs->content_type ? rs->content_type : "text/html; charset=utf-8");
	security_headers(r, rs);
	if (rs->location)
		MHD_add_response_header(r, "Location", rs->location);
	for (int i = 0; i < rs->ncookies; i++)
		MHD_add_response_header(r, "Set-Cookie", rs->set_cookie[i]);
	if (rs->retry_after > 0) {
		char s[16];
		snprintf(s, sizeof s, "%d", rs->retry_after);
		MHD_add_response_header(r, "Retry-After", s);
	}
	if (rs->disposition)
		MHD_add_response_header(r, "Content-Disposition", rs->disposition);
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)(rs->status ? rs->status : 200), r);
	MHD_destroy_response(r);
	return ok;
}

static void client_ip(struct MHD_Connection *c, char *buf, size_t len)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(buf, len, "?");
	if (!ci || !ci->client_addr)
		return;
	socklen_t sl = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	getnameinfo(ci->client_addr, sl, buf, (socklen_t)len, NULL, 0, NI_NUMERICHOST);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **ctx)
{
	(void)version;
	struct http_server *s = cls;
	struct pending *p = *ctx;
	if (!p) {
		p = calloc(1, sizeof *p);
		if (!p)
			return MHD_NO;
		*ctx = p;
		client_ip(c, p->ip, sizeof p->ip);
		p->rq.method = method;
		p->rq.path = url;
		p->rq.ip = p->ip;
		p->max = form_max(url);
		if (MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_value, &p->rq.query) < 0 ||
		    MHD_get_connection_values(c, MHD_COOKIE_KIND, on_value, &p->rq.cookies) < 0)
			return MHD_NO;
		if (!strcmp(method, "POST")) {
			/* NULL for a body that is not application/x-www-form-urlencoded or
			 * multipart/form-data: the handler refuses it. */
			p->pp = MHD_create_post_processor(c, 4096, on_post, p);
			p->rq.form_refused = !p->pp;
		}
		return MHD_YES;
	}
	if (*upload_size) {
		p->body += *upload_size;
		if (p->body > p->max)
			p->rq.form_refused = true;
		if (!p->rq.form_refused && p->pp && MHD_post_process(p->pp, upload, *upload_size) != MHD_YES)
			p->rq.form_refused = true;
		*upload_size = 0;
		return MHD_YES;
	}
	struct web_resp rs = { 0 };
	s->fn(s->user, &p->rq, &rs);
	enum MHD_Result ok = send_resp(c, &rs);
	web_resp_free(&rs);
	return ok;
}

static void on_done(void *cls, struct MHD_Connection *c, void **ctx, enum MHD_RequestTerminationCode why)
{
	(void)cls; (void)c; (void)why;
	struct pending *p = *ctx;
	if (!p)
		return;
	if (p->pp)
		MHD_destroy_post_processor(p->pp);
	kv_free(&p->rq.query);
	kv_free(&p->rq.cookies);
	kv_free(&p->rq.form);
	free(p);
	*ctx = NULL;
}

int http_start(struct http_server **ret, const char *addr, int port, int max_connections,
               http_handler fn, void *user, char *err, size_t errlen)
{
	struct sockaddr_storage ss = { 0 };
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errlen, "listen address '%s' is not a numeric IPv4 or IPv6 address", addr);
		return -EINVAL;
	}
	struct http_server *s = calloc(1, sizeof *s);
	if (!s)
		return -ENOMEM;
	s->fn = fn;
	s->user = user;
	s->d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, s,
	                        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	                        MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
	                        MHD_OPTION_CONNECTION_LIMIT, (unsigned)max_connections,
	                        MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	                        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
	                        MHD_OPTION_END);
	if (!s->d) {
		int e = errno ? errno : EADDRINUSE;
		snprintf(err, errlen, "cannot listen on %s port %d: %s", addr, port, strerror(e));
		free(s);
		return -e;
	}
	*ret = s;
	return 0;
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->d);
	free(s);
}
