/* The scores' pages (issue 14, docs/web.md "Scores"): the unit head's entry of the
 * people-assessed criteria, the monthly summary, a person's scorecard.  The names people read
 * for the identifiers the score tables keep are doc/labels.h's, as in attendctl's files. */
#ifndef ATTEND_WEB_PAGE_SCORES_H
#define ATTEND_WEB_PAGE_SCORES_H

#include "doc/labels.h"
#include "web/page.h"

void page_scores_entry(struct page *pg);        /* GET /scores/entry */
void page_scores_entry_save(struct page *pg);   /* POST /scores/entry */
void page_scores_summary(struct page *pg);      /* GET /scores/summary */
void page_scores_card(struct page *pg);         /* GET /scores/card */

/* A month's first day ("2026-11-01") as people write it: "11/2026". */
const char *scores_month_text(char *buf, size_t n, const char *first);
/* Points as people write them: no trailing zeros, a decimal comma in Vietnamese. */
void scores_number(struct page *pg, struct dbuf *b, const char *v);
/* s percent-encoded for a query argument (an address is then escaped like any text). */
void scores_url_part(struct dbuf *b, const char *s);

#endif
