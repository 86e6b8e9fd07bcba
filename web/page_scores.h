/* The scores' pages (issue 14, docs/web.md "Scores"): the unit head's entry of the
 * people-assessed criteria, the monthly summary, a person's scorecard.  And the names people
 * read for the identifiers the score tables keep (web/score_labels.c). */
#ifndef ATTEND_WEB_PAGE_SCORES_H
#define ATTEND_WEB_PAGE_SCORES_H

#include "web/page.h"

void page_scores_entry(struct page *pg);        /* GET /scores/entry */
void page_scores_entry_save(struct page *pg);   /* POST /scores/entry */
void page_scores_summary(struct page *pg);      /* GET /scores/summary */
void page_scores_card(struct page *pg);         /* GET /scores/card */

/* Each returns an English msgid (translate it with T()), or the identifier itself when it is
 * not one of the set.  These go when doc/labels lands (the shared labels of ctl/labels.c). */
const char *score_label_band(const char *id);          /* "hoan_thanh_tot" */
const char *score_label_staff_kind(const char *id);    /* "cong_chuc" */
const char *score_label_fact(const char *id);          /* "late", "missing_tap" ... */
const char *score_label_cause(const char *id);         /* "absent", ... ("none": "") */
const char *score_label_charge(const char *id);        /* "late_early", ... */
const char *score_label_why(const char *id);           /* "cap", "in_half_day", ... */
/* A criterion's English name for the shipped codes (NULL otherwise: use the database's name). */
const char *score_label_criterion_en(const char *code);

/* A month's first day ("2026-11-01") as people write it: "11/2026". */
const char *scores_month_text(char *buf, size_t n, const char *first);
/* Points as people write them: no trailing zeros, a decimal comma in Vietnamese. */
void scores_number(struct page *pg, struct dbuf *b, const char *v);
/* s percent-encoded for a query argument (an address is then escaped like any text). */
void scores_url_part(struct dbuf *b, const char *s);

#endif
