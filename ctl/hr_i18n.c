/* Language of the HR tools: gettext catalog, Vietnamese dates and numbers.  Only
 * LC_MESSAGES and LC_CTYPE follow the locale: LC_NUMERIC stays "C" so that numbers sent to
 * the database never get a decimal comma; Vietnamese number formats are made here. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/hr.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static bool vi;

bool hr_vi(void)
{
	return vi;
}

/* Catalogs: $ATTEND_LOCALEDIR, else a "locale" folder next to the program (the build tree),
 * else the installed LOCALEDIR. */
static void bind_catalog(void)
{
	const char *dir = getenv("ATTEND_LOCALEDIR");
	static char near[4096];
	if (!dir) {
		ssize_t n = readlink("/proc/self/exe", near, sizeof near - 32);
		if (n > 0) {
			near[n] = '\0';
			char *slash = strrchr(near, '/');
			if (slash) {
				strcpy(slash, "/locale/vi/LC_MESSAGES/attendctl.mo");
				if (access(near, R_OK) == 0) {
					strcpy(slash, "/locale");
					dir = near;
				}
			}
		}
	}
	bindtextdomain("attendctl", dir ? dir : LOCALEDIR);
	bind_textdomain_codeset("attendctl", "UTF-8");
}

static const char *env_lang(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "en";
}

bool hr_lang_init(const char *lang)
{
	if (lang && strcmp(lang, "vi") && strcmp(lang, "en")) {
		fprintf(stderr, _("attendctl: --lang '%s': choose vi or en\n"), lang);
		return false;
	}
	vi = lang ? !strcmp(lang, "vi") : !strncmp(env_lang(), "vi", 2);
	/* The user's locale if it exists; a Vietnamese locale is often not generated, and gettext
	 * ignores LANGUAGE under "C", so fall back to C.UTF-8 and name the language there. */
	if (!setlocale(LC_CTYPE, "") || !strcmp(setlocale(LC_CTYPE, NULL), "C"))
		setlocale(LC_CTYPE, "C.UTF-8");
	if (!setlocale(LC_MESSAGES, "") || !strcmp(setlocale(LC_MESSAGES, NULL), "C") ||
	    !strcmp(setlocale(LC_MESSAGES, NULL), "POSIX"))
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", vi ? "vi" : "en", 1);
	bind_catalog();
	return true;
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
