/* Alerts for people to act on (never sanctions): a written reminder to suggest, the head of
 * unit to tell, contract staff nearing the Labour Code art. 125(4) thresholds.  Pure. */
#ifndef RULES_SCORE_ALERT_H
#define RULES_SCORE_ALERT_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/score.h"

enum score_alert_kind {
	SCORE_ALERT_WRITTEN_REMINDER,   /* suggest a nhắc nhở bằng văn bản */
	SCORE_ALERT_HEAD_OF_UNIT,       /* tell the head of unit */
	SCORE_ALERT_CONTRACT_30,        /* contract staff: unexcused days in some 30 days */
	SCORE_ALERT_CONTRACT_365,       /* contract staff: unexcused days in 365 days */
	SCORE_ALERT_KINDS
};

const char *score_alert_name(enum score_alert_kind k);

/* An unexcused absence: halves = 1 for a half-day, 2 for a whole day. */
struct score_absence {
	rules_date date;
	int32_t halves;
};

struct score_alerts {
	unsigned mask;                  /* 1u << enum score_alert_kind */
	int32_t max30_halves;           /* most half-days in a 30-day window ending in the month */
	int32_t last365_halves;         /* half-days in the 365 days up to as_of */
};

/* abs: the person's unexcused absences up to as_of (sorted by date; earlier ones are ignored),
 * used for contract staff only.  0 or -EINVAL. */
int score_alerts_of(const struct score_rules *r, const struct score_discipline *d, bool contract,
                    const struct score_absence *abs, int nabs, rules_date month_first,
                    rules_date as_of, struct score_alerts *ret);

#endif
