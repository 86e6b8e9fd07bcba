/* A growable byte buffer for text made piece by piece (COPY rows, JSON). */
#ifndef ATTEND_DBUF_H
#define ATTEND_DBUF_H

#include <stdbool.h>
#include <stddef.h>

/* A growable byte buffer; `oom` sticks once an allocation failed. */
struct dbuf {
	char *p;
	size_t len, cap;
	bool oom;
};
void dbuf_free(struct dbuf *b);
void dbuf_add(struct dbuf *b, const char *s, size_t n);
void dbuf_puts(struct dbuf *b, const char *s);
void dbuf_printf(struct dbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text for PostgreSQL's COPY text format: backslash, TAB, CR and LF escaped. */
void dbuf_copy_text(struct dbuf *b, const char *s);
/* A JSON string, quotes included, escaped as PostgreSQL prints jsonb strings. */
void dbuf_json_str(struct dbuf *b, const char *s);

#endif
