#include "lib/dbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dbuf_free(struct dbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

static bool dbuf_reserve(struct dbuf *b, size_t more)
{
	if (b->oom)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void dbuf_add(struct dbuf *b, const char *s, size_t n)
{
	if (!dbuf_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void dbuf_puts(struct dbuf *b, const char *s)
{
	dbuf_add(b, s, strlen(s));
}

void dbuf_printf(struct dbuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		dbuf_add(b, small, (size_t)n);
		return;
	}
	if (!dbuf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void dbuf_copy_text(struct dbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': dbuf_puts(b, "\\\\"); break;
		case '\t': dbuf_puts(b, "\\t"); break;
		case '\n': dbuf_puts(b, "\\n"); break;
		case '\r': dbuf_puts(b, "\\r"); break;
		default: dbuf_add(b, s, 1);
		}
	}
}

void dbuf_json_str(struct dbuf *b, const char *s)
{
	/* Escaped exactly as PostgreSQL prints jsonb (escape_json()): the text is then the one
	 * jsonb::text gives back, which the digest relies on. */
	dbuf_puts(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"':  dbuf_puts(b, "\\\""); break;
		case '\\': dbuf_puts(b, "\\\\"); break;
		case '\b': dbuf_puts(b, "\\b"); break;
		case '\f': dbuf_puts(b, "\\f"); break;
		case '\n': dbuf_puts(b, "\\n"); break;
		case '\r': dbuf_puts(b, "\\r"); break;
		case '\t': dbuf_puts(b, "\\t"); break;
		default:
			if (c < 0x20)
				dbuf_printf(b, "\\u%04x", c);
			else
				dbuf_add(b, s, 1);
		}
	}
	dbuf_puts(b, "\"");
}
