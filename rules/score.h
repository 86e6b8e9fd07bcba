/* Monthly discipline sub-score: demerit rules as data, applied to the month's facts.  Pure: no
 * I/O, no clock.  Points are held as integers in hundredths of a point (0.01), so sums are exact
 * and a 0.5 deduction never drifts; see docs/scores.md "Rounding". */
#ifndef RULES_SCORE_H
#define RULES_SCORE_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/date.h"

typedef int32_t score_pts;   /* hundredths of a point: 250 = 2.5 points */

/* What the cap on Hoàn thành xuất sắc is a share of (attend.score_rule_set.excellent_cap_base). */
enum score_cap_base {
	SCORE_CAP_BASE_GOOD,           /* 'good': those finally rated Hoàn thành tốt (NĐ 335/2025) */
	SCORE_CAP_BASE_GOOD_OR_ABOVE,  /* 'good_or_above': those rated Hoàn thành tốt or above */
};

#define SCORE_LABEL_MAX 48

/* One version of the demerit rules and the scorecard's scale (attend.score_rule_set). */
struct score_rules {
	int32_t version;                  /* attend.score_rule_set.id */
	char label[SCORE_LABEL_MAX];
	score_pts late_early_each;        /* per late arrival or early leave beyond grace: 50 */
	score_pts late_early_cap;         /* at most this for late/early together: 500 */
	score_pts half_day_each;          /* per unexcused half-day: 250 */
	score_pts day_each;               /* per unexcused day (every session of the day): 500 */
	score_pts missing_tap_each;       /* per missing tap not justified in time: 50 */
	int32_t missing_tap_justify_days; /* working days to justify a missing tap: 2 */
	bool missing_tap_half_day_charged;/* also charge the half-day a missing tap caused: false */
	score_pts badge_not_worn_each;    /* per "badge not worn" entered by a person: 100 */
	score_pts discipline_max;         /* the sub-score's maximum: 1000 */
	score_pts discipline_floor;       /* never below: 0 */
	/* bands of the 100-point scale (decrees): lower bounds, inclusive */
	score_pts band_excellent;         /* 9000 Hoàn thành xuất sắc */
	score_pts band_good;              /* 7000 Hoàn thành tốt */
	score_pts band_done;              /* 5000 Hoàn thành */
	int32_t excellent_cap_pct;        /* 20: % of the base below */
	int32_t excellent_cap_pct_unit_excellent;   /* 25: where the unit itself is excellent */
	uint8_t excellent_cap_base;       /* enum score_cap_base: SCORE_CAP_BASE_GOOD */
	/* alerts (for people to act on, never sanctions) */
	int32_t alert_late_reminder;      /* late arrivals in the month -> written reminder: 3 */
	int32_t alert_days_reminder;      /* unexcused days in the month -> written reminder: 1 */
	int32_t alert_days_head;          /* unexcused days in the month -> head of unit: 3 */
	int32_t alert_contract_30;        /* contract staff, unexcused days in any 30 days: 4 */
	int32_t alert_contract_365;       /* contract staff, in 365 days: 15 */
	/* award quotas */
	int32_t quota_individuals;        /* 20 */
	int32_t quota_collectives;        /* 10 */
};

void score_rules_default(struct score_rules *r);
/* 0, or -EINVAL with the offending field's name in *ret_field. */
int score_rules_check(const struct score_rules *r, const char **ret_field);

/* A fact of the month, as the day results and people give it. */
enum score_fact_kind {
	SCORE_FACT_LATE,
	SCORE_FACT_EARLY_LEAVE,
	SCORE_FACT_MISSING_TAP,          /* missing_in or missing_out */
	SCORE_FACT_UNEXCUSED_HALF_DAY,   /* cause below */
	SCORE_FACT_BADGE_NOT_WORN,
	SCORE_FACT_KINDS
};

enum score_cause { SCORE_CAUSE_NONE, SCORE_CAUSE_ABSENT, SCORE_CAUSE_LATE, SCORE_CAUSE_EARLY,
                   SCORE_CAUSE_MISSING_TAP };

/* What a fact was charged as (the deduction's kind in docs and SQL). */
enum score_charge {
	SCORE_CHARGE_NONE,           /* not charged: see score_fact.why */
	SCORE_CHARGE_LATE_EARLY,
	SCORE_CHARGE_HALF_DAY,
	SCORE_CHARGE_DAY,
	SCORE_CHARGE_MISSING_TAP,
	SCORE_CHARGE_BADGE_NOT_WORN,
};

enum score_why_not {
	SCORE_WHY_CHARGED,
	SCORE_WHY_IN_HALF_DAY,       /* the session is charged as a missed half-day or day */
	SCORE_WHY_IN_DAY,            /* the half-day is part of an unexcused day */
	SCORE_WHY_CAP,               /* late/early beyond the cap */
	SCORE_WHY_JUSTIFY_OPEN,      /* missing tap still within its justification days */
	SCORE_WHY_AS_MISSING_TAP,    /* half-day caused by a missing tap: charged as the tap */
};

struct score_fact {
	rules_date date;
	int16_t session;             /* -1: the day */
	int16_t day_sessions;        /* sessions the day had (to see a whole unexcused day) */
	uint8_t kind;                /* enum score_fact_kind */
	uint8_t cause;               /* enum score_cause, for half-days */
	bool justify_open;           /* missing tap: its justification days are not over */
	int32_t minutes;
	/* out */
	uint8_t charge;              /* enum score_charge */
	uint8_t why;                 /* enum score_why_not */
	score_pts points;            /* deducted (>= 0) */
};

struct score_discipline {
	int32_t late_count, late_minutes;
	int32_t early_count, early_minutes;
	int32_t half_days;           /* unexcused half-days charged as such */
	int32_t days;                /* unexcused days */
	int32_t missing_taps;        /* charged */
	int32_t missing_taps_open;   /* still within their justification days */
	int32_t badge_not_worn;
	score_pts deduct[SCORE_CHARGE_BADGE_NOT_WORN + 1];   /* by enum score_charge */
	score_pts deducted;          /* total before the floor */
	score_pts sub_score;         /* discipline_max - deducted, floored */
};

/* Charges one person's facts of one month.  facts must be sorted by (date, session); each gets
 * its charge, reason and points.  0 or -EINVAL. */
int score_discipline(const struct score_rules *r, struct score_fact *facts, int nfacts,
                     struct score_discipline *ret);

/* "12.5", "-0.25", "10": a score as text, with only the decimals it needs. */
void score_format(score_pts p, char *buf, int len);
/* Parses "7", "7.5", "7.25", "7,5" (comma as in Vietnamese); more decimals are rounded half
 * away from zero to 0.01.  0 or -EINVAL. */
int score_parse(const char *s, score_pts *ret);

const char *score_charge_name(enum score_charge c);
const char *score_why_name(enum score_why_not w);

#endif
