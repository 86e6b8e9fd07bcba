/* Languages of the pages: Vietnamese by default, English by choice (?lang=en, kept in a
 * cookie).  Messages are English msgids translated by gettext from attend-web's own catalog
 * (po/web/vi.po): the process speaks Vietnamese to gettext once, and English is the msgid
 * itself, so each request picks its language without touching the process's locale. */
#ifndef ATTEND_WEB_I18N_H
#define ATTEND_WEB_I18N_H

#include <stdbool.h>
#include <stddef.h>

enum lang { LANG_VI, LANG_EN };

#define N_(s) (s)
void i18n_init(void);
const char *tr(enum lang l, const char *msgid) __attribute__((format_arg(2)));
/* "2026-11-05" (and anything after it) -> "05/11/2026"; other text copied. */
const char *i18n_date(char *buf, size_t n, const char *iso);

#endif
