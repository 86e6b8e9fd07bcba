/* What the scores' pages share: a month and points as people write them. */
#include <stdio.h>
#include <string.h>

#include "web/page_scores.h"

const char *scores_month_text(char *buf, size_t n, const char *first)
{
	snprintf(buf, n, "%.2s/%.4s", first + 5, first);
	return buf;
}

void scores_number(struct page *pg, struct dbuf *b, const char *v)
{
	char s[64];
	snprintf(s, sizeof s, "%s", v);
	char *dot = strchr(s, '.');
	if (dot) {
		char *end = s + strlen(s);
		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
		else if (pg->lang == LANG_VI)
			*dot = ',';
	}
	html_text(b, s);
}

void scores_url_part(struct dbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-_.~", *p)) {
			dbuf_add(b, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			dbuf_add(b, e, 3);
		}
	}
}
