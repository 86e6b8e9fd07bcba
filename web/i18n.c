#include "web/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif
#define DOMAIN "attend-web"

/* The catalog: $ATTEND_LOCALEDIR, else "locale" next to the program (the build tree), else
 * the installed LOCALEDIR — as attendctl finds its own. */
void i18n_init(void)
{
	const char *dir = getenv("ATTEND_LOCALEDIR");
	static char near[4096];
	if (!dir) {
		ssize_t n = readlink("/proc/self/exe", near, sizeof near - 40);
		char *slash = n > 0 ? (near[n] = '\0', strrchr(near, '/')) : NULL;
		if (slash) {
			strcpy(slash, "/locale/vi/LC_MESSAGES/" DOMAIN ".mo");
			if (access(near, R_OK) == 0) {
				strcpy(slash, "/locale");
				dir = near;
			}
		}
	}
	/* gettext translates nothing under the C locale; C.UTF-8 exists everywhere. */
	if (!setlocale(LC_MESSAGES, "C.UTF-8"))
		setlocale(LC_MESSAGES, "");
	setlocale(LC_CTYPE, "C.UTF-8");
	setenv("LANGUAGE", "vi", 1);
	bindtextdomain(DOMAIN, dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
}

const char *tr(enum lang l, const char *msgid)
{
	return l == LANG_EN ? msgid : dgettext(DOMAIN, msgid);
}

const char *i18n_date(char *buf, size_t n, const char *iso)
{
	int y, m, d, used = 0;
	if (iso && sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10)
		snprintf(buf, n, "%02d/%02d/%04d%s", d, m, y, iso + 10);
	else
		snprintf(buf, n, "%s", iso ? iso : "");
	return buf;
}
