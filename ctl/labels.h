/* The names people read for the identifiers machines keep.  Every file, table and message made
 * for people takes its names from here (translated through the "attendctl" catalog); JSON, SQL
 * and the MQTT summary keep the identifiers themselves (score_band_name, "cong_chuc", ...). */
#ifndef ATTEND_CTL_LABELS_H
#define ATTEND_CTL_LABELS_H

#include "rules/score.h"
#include "rules/score_card.h"

/* "Hoàn thành xuất sắc nhiệm vụ" ... as the decrees write them. */
const char *label_band(enum score_band b);
/* A staff kind by its identifier ("cong_chuc" -> "Công chức"); the identifier itself if unknown. */
const char *label_staff_kind(const char *kind);
/* A comparable group of the summary (its index, as summary_group_name). */
const char *label_group(int group);
/* What a fact is ("Đi muộn"), what caused a half-day, what it was charged as, why not charged. */
const char *label_fact(enum score_fact_kind k);
const char *label_cause(enum score_cause c);
const char *label_charge(enum score_charge c);
const char *label_why(enum score_why_not w);
/* Yes / no in the session's language. */
const char *label_yes_no(bool v);

#endif
