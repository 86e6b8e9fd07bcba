/* The names people read for the identifiers machines keep.  Every file, table and message made
 * for people takes its names from here (translated through the "attendctl" catalog); JSON, SQL
 * and the MQTT summary keep the identifiers themselves (score_band_name, "cong_chuc", ...). */
#ifndef ATTEND_DOC_LABELS_H
#define ATTEND_DOC_LABELS_H

#include "rules/score.h"
#include "rules/score_alert.h"
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
/* What an alert suggests ("Đề nghị nhắc nhở bằng văn bản"). */
const char *label_alert(enum score_alert_kind k);
/* A scorecard criterion: its name in the database (attend.score_criterion.name_vi) in
 * Vietnamese; in English the shipped criteria's English names, else the database's name. */
const char *label_criterion(const char *code, const char *name_vi);
/* The label of an identifier as SQL stores it ("hoan_thanh_tot", "hop_dong", "late_early",
 * "written_reminder", ...), for outputs that read identifiers back from the database; the
 * identifier itself if it is not one of the set. */
enum label_set { LABEL_BAND, LABEL_STAFF_KIND, LABEL_ALERT, LABEL_FACT, LABEL_CAUSE, LABEL_CHARGE,
                 LABEL_WHY };
const char *label_of(enum label_set set, const char *id);
/* Yes / no in the session's language. */
const char *label_yes_no(bool v);

#endif
