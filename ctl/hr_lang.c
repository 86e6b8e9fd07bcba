/* attendctl's language: the process's locale and gettext, then the doc layer's language
 * (doc/hr_i18n.c).  Only LC_MESSAGES and LC_CTYPE follow the locale: LC_NUMERIC stays "C" so
 * that numbers sent to the database never get a decimal comma. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"

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
	bool vi = lang ? !strcmp(lang, "vi") : !strncmp(env_lang(), "vi", 2);
	/* The user's locale if it exists; a Vietnamese locale is often not generated, and gettext
	 * ignores LANGUAGE under "C", so fall back to C.UTF-8 and name the language there. */
	if (!setlocale(LC_CTYPE, "") || !strcmp(setlocale(LC_CTYPE, NULL), "C"))
		setlocale(LC_CTYPE, "C.UTF-8");
	if (!setlocale(LC_MESSAGES, "") || !strcmp(setlocale(LC_MESSAGES, NULL), "C") ||
	    !strcmp(setlocale(LC_MESSAGES, NULL), "POSIX"))
		setlocale(LC_MESSAGES, "C.UTF-8");
	doc_bind_catalog();
	hr_lang_switch(vi);
	return true;
}

void hr_lang_switch(bool vi)
{
	setenv("LANGUAGE", vi ? "vi" : "en", 1);
	/* gettext caches what it found for a language: a new textdomain() call tells it that
	 * LANGUAGE changed (glibc's documented way: the domain set again) */
	textdomain(textdomain(NULL));
	doc_lang_set(vi);
}
