/* Responses: what a page fills in, freed by the adapter once sent. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"

void web_resp_free(struct web_resp *r)
{
	dbuf_free(&r->body);
	free(r->location);
	free(r->disposition);
	for (int i = 0; i < r->ncookies; i++)
		free(r->set_cookie[i]);
	*r = (struct web_resp){ 0 };
}

void web_resp_cookie(struct web_resp *r, const char *fmt, ...)
{
	if (r->ncookies >= WEB_MAX_COOKIES)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) >= 0)
		r->set_cookie[r->ncookies++] = s;
	va_end(ap);
}

void web_resp_redirect(struct web_resp *r, const char *to)
{
	r->status = 303;
	free(r->location);
	r->location = strdup(to);
}
