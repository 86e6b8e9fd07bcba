/* Language of the documents: the thread's language, the gettext catalog, Vietnamese dates and
 * numbers (made here: LC_NUMERIC stays "C" so that numbers sent to the database never get a
 * decimal comma). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc/doc.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* The calling thread's: attend-web answers requests in different languages at once. */
static _Thread_local bool vi;

void doc_lang_set(bool v)
{
	vi = v;
}

bool hr_vi(void)
{
	return vi;
}

/* The process's gettext speaks Vietnamese for this domain (attendctl's hr_lang_init and
 * attend-web's i18n_init set LANGUAGE); English is the msgid itself. */
const char *doc_tr(const char *msgid)
{
	return vi ? dgettext(DOC_DOMAIN, msgid) : msgid;
}

void doc_bind_catalog(void)
{
	const char *dir = getenv("ATTEND_LOCALEDIR");
	static char near[4096];
	if (!dir) {
		ssize_t n = readlink("/proc/self/exe", near, sizeof near - 32);
		if (n > 0) {
			near[n] = '\0';
			char *slash = strrchr(near, '/');
			if (slash) {
				strcpy(slash, "/locale/vi/LC_MESSAGES/" DOC_DOMAIN ".mo");
				if (access(near, R_OK) == 0) {
					strcpy(slash, "/locale");
					dir = near;
				}
			}
		}
	}
	bindtextdomain(DOC_DOMAIN, dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(DOC_DOMAIN, "UTF-8");
}

const char *hr_date(char *buf, size_t n, const char *iso)
{
	int y, m, d, used = 0;
	/* A time after the date stays: "2026-11-02 07:31" -> "02/11/2026 07:31". */
	if (vi && iso && sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10)
		snprintf(buf, n, "%02d/%02d/%04d%s", d, m, y, iso + 10);
	else
		snprintf(buf, n, "%s", iso ? iso : "");
	return buf;
}

const char *hr_num(char *buf, size_t n, double v, int decimals)
{
	char raw[64];
	snprintf(raw, sizeof raw, "%.*f", decimals, v);
	char *dot = strchr(raw, '.');
	if (dot) {
		char *end = raw + strlen(raw) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*dot = '\0';
	}
	/* Group thousands of the integer part. */
	dot = strchr(raw, '.');
	size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
	size_t start = raw[0] == '-' ? 1 : 0, o = 0;
	char out[96];
	for (size_t i = 0; i < intlen && o < sizeof out - 2; i++) {
		if (i > start && (intlen - i) % 3 == 0)
			out[o++] = vi ? '.' : ',';
		out[o++] = raw[i];
	}
	if (dot) {
		out[o++] = vi ? ',' : '.';
		for (const char *q = dot + 1; *q && o < sizeof out - 1; q++)
			out[o++] = *q;
	}
	out[o] = '\0';
	snprintf(buf, n, "%s", out);
	return buf;
}

const char *hr_pct(char *buf, size_t n, double rate)
{
	char num[64];
	hr_num(num, sizeof num, rate * 100.0, 1);
	snprintf(buf, n, "%s%%", num);
	return buf;
}

size_t hr_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}
