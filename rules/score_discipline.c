/* The discipline sub-score: each fact charged once, by its most severe reading.
 *  - a session that counts as missed is charged as a half-day; its late/early/missing-tap facts
 *    are part of that charge, not charged again;
 *  - when every session of a day is missed, the day is charged once as an unexcused day;
 *  - a half-day the engine made only because a tap is missing is charged as the missing tap
 *    (the person was there), unless the rules say otherwise;
 *  - a missing tap costs nothing while its justification days are open;
 *  - late and early together stop at their cap. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/score.h"

void score_rules_default(struct score_rules *r)
{
	*r = (struct score_rules){
		.version = 1,
		.late_early_each = 50, .late_early_cap = 500,
		.half_day_each = 250, .day_each = 500,
		.missing_tap_each = 50, .missing_tap_justify_days = 2,
		.missing_tap_half_day_charged = false,
		.badge_not_worn_each = 100,
		.discipline_max = 1000, .discipline_floor = 0,
		.band_excellent = 9000, .band_good = 7000, .band_done = 5000,
		.excellent_cap_pct = 20, .excellent_cap_pct_unit_excellent = 25,
		.excellent_cap_base = SCORE_CAP_BASE_GOOD,
		.alert_late_reminder = 3, .alert_days_reminder = 1, .alert_days_head = 3,
		.alert_contract_30 = 4, .alert_contract_365 = 15,
		.quota_individuals = 20, .quota_collectives = 10,
	};
	snprintf(r->label, sizeof r->label, "vn-scores-2026.1");
}

int score_rules_check(const struct score_rules *r, const char **ret_field)
{
	const char *bad = NULL;
	if (r->late_early_each < 0) bad = "late_early_each";
	else if (r->late_early_cap < 0) bad = "late_early_cap";
	else if (r->half_day_each < 0) bad = "half_day_each";
	else if (r->day_each < 0) bad = "day_each";
	else if (r->missing_tap_each < 0) bad = "missing_tap_each";
	else if (r->missing_tap_justify_days < 0 || r->missing_tap_justify_days > 31) bad = "missing_tap_justify_days";
	else if (r->badge_not_worn_each < 0) bad = "badge_not_worn_each";
	else if (r->discipline_max <= 0 || r->discipline_max > 10000) bad = "discipline_max";
	else if (r->discipline_floor < 0 || r->discipline_floor > r->discipline_max) bad = "discipline_floor";
	else if (!(r->band_done < r->band_good && r->band_good < r->band_excellent && r->band_excellent <= 10000))
		bad = "bands";
	else if (r->excellent_cap_pct < 0 || r->excellent_cap_pct > 100) bad = "excellent_cap_pct";
	else if (r->excellent_cap_pct_unit_excellent < r->excellent_cap_pct || r->excellent_cap_pct_unit_excellent > 100)
		bad = "excellent_cap_pct_unit_excellent";
	else if (r->excellent_cap_base > SCORE_CAP_BASE_GOOD_OR_ABOVE) bad = "excellent_cap_base";
	else if (r->quota_individuals < 0) bad = "quota_individuals";
	else if (r->quota_collectives < 0) bad = "quota_collectives";
	if (ret_field)
		*ret_field = bad;
	return bad ? -EINVAL : 0;
}

static bool half_day_charged(const struct score_rules *r, const struct score_fact *f)
{
	return f->kind == SCORE_FACT_UNEXCUSED_HALF_DAY &&
	       (f->cause != SCORE_CAUSE_MISSING_TAP || r->missing_tap_half_day_charged);
}

static void charge(struct score_fact *f, enum score_charge c, score_pts p, struct score_discipline *d)
{
	f->charge = (uint8_t)c;
	f->why = SCORE_WHY_CHARGED;
	f->points = p;
	d->deduct[c] += p;
}

static void excuse(struct score_fact *f, enum score_why_not why)
{
	f->charge = SCORE_CHARGE_NONE;
	f->why = (uint8_t)why;
	f->points = 0;
}

/* The facts of one date, [a, b). */
static void charge_day(const struct score_rules *r, struct score_fact *facts, int a, int b,
                       struct score_discipline *d)
{
	uint32_t missed = 0;   /* sessions charged as missed, by index */
	int nmissed = 0;
	for (int i = a; i < b; i++)
		if (half_day_charged(r, &facts[i]) && facts[i].session >= 0 && facts[i].session < 32 &&
		    !(missed & (1u << facts[i].session))) {
			missed |= 1u << facts[i].session;
			nmissed++;
		}
	bool whole_day = nmissed > 0 && nmissed >= facts[a].day_sessions;
	bool day_charged = false;
	for (int i = a; i < b; i++) {
		struct score_fact *f = &facts[i];
		bool in_missed = f->session >= 0 && f->session < 32 && (missed & (1u << f->session));
		switch (f->kind) {
		case SCORE_FACT_UNEXCUSED_HALF_DAY:
			if (!half_day_charged(r, f)) {
				excuse(f, SCORE_WHY_AS_MISSING_TAP);
			} else if (whole_day) {
				if (day_charged) {
					excuse(f, SCORE_WHY_IN_DAY);
				} else {
					charge(f, SCORE_CHARGE_DAY, r->day_each, d);
					d->days++;
					day_charged = true;
				}
			} else {
				charge(f, SCORE_CHARGE_HALF_DAY, r->half_day_each, d);
				d->half_days++;
			}
			break;
		case SCORE_FACT_LATE:
		case SCORE_FACT_EARLY_LEAVE:
			/* A late or early leave that made its session missed is that half-day, not
			 * a late as well: not counted (the punctuality report says the same, sql/026). */
			if (in_missed) {
				excuse(f, SCORE_WHY_IN_HALF_DAY);
			} else {
				if (f->kind == SCORE_FACT_LATE) {
					d->late_count++;
					d->late_minutes += f->minutes;
				} else {
					d->early_count++;
					d->early_minutes += f->minutes;
				}
				score_pts room = r->late_early_cap - d->deduct[SCORE_CHARGE_LATE_EARLY];
				score_pts p = r->late_early_each < room ? r->late_early_each : room;
				if (p > 0)
					charge(f, SCORE_CHARGE_LATE_EARLY, p, d);
				else
					excuse(f, SCORE_WHY_CAP);
			}
			break;
		case SCORE_FACT_MISSING_TAP:
			if (in_missed) {
				excuse(f, SCORE_WHY_IN_HALF_DAY);
			} else if (f->justify_open) {
				excuse(f, SCORE_WHY_JUSTIFY_OPEN);
				d->missing_taps_open++;
			} else {
				charge(f, SCORE_CHARGE_MISSING_TAP, r->missing_tap_each, d);
				d->missing_taps++;
			}
			break;
		case SCORE_FACT_BADGE_NOT_WORN:
			charge(f, SCORE_CHARGE_BADGE_NOT_WORN, r->badge_not_worn_each, d);
			d->badge_not_worn++;
			break;
		default:
			break;
		}
	}
}

int score_discipline(const struct score_rules *r, struct score_fact *facts, int nfacts,
                     struct score_discipline *ret)
{
	if (!r || !ret || nfacts < 0 || (nfacts > 0 && !facts))
		return -EINVAL;
	for (int i = 0; i < nfacts; i++) {
		if (facts[i].kind >= SCORE_FACT_KINDS)
			return -EINVAL;
		if (i > 0 && (facts[i].date < facts[i - 1].date ||
		              (facts[i].date == facts[i - 1].date && facts[i].session < facts[i - 1].session)))
			return -EINVAL;
	}
	struct score_discipline d = { 0 };
	for (int a = 0; a < nfacts;) {
		int b = a;
		while (b < nfacts && facts[b].date == facts[a].date)
			b++;
		charge_day(r, facts, a, b, &d);
		a = b;
	}
	for (int c = 0; c <= SCORE_CHARGE_BADGE_NOT_WORN; c++)
		d.deducted += d.deduct[c];
	d.sub_score = r->discipline_max - d.deducted;
	if (d.sub_score < r->discipline_floor)
		d.sub_score = r->discipline_floor;
	*ret = d;
	return 0;
}

void score_format(score_pts p, char *buf, int len)
{
	long v = p < 0 ? -(long)p : p;
	const char *sign = p < 0 ? "-" : "";
	if (v % 100 == 0)
		snprintf(buf, (size_t)len, "%s%ld", sign, v / 100);
	else if (v % 10 == 0)
		snprintf(buf, (size_t)len, "%s%ld.%ld", sign, v / 100, (v % 100) / 10);
	else
		snprintf(buf, (size_t)len, "%s%ld.%02ld", sign, v / 100, v % 100);
}

int score_parse(const char *s, score_pts *ret)
{
	if (!s || !*s)
		return -EINVAL;
	const char *p = s;
	bool neg = false;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	long whole = 0, frac = 0;
	int digits = 0, fdigits = 0, roundup = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 100000)
			return -EINVAL;
	}
	if (*p == '.' || *p == ',') {
		for (p++; *p >= '0' && *p <= '9'; p++, fdigits++) {
			if (fdigits < 2)
				frac = frac * 10 + (*p - '0');
			else if (fdigits == 2)
				roundup = *p >= '5';   /* half away from zero */
		}
		if (fdigits == 0)
			return -EINVAL;
	}
	if (*p || digits == 0)
		return -EINVAL;
	if (fdigits == 1)
		frac *= 10;
	long v = whole * 100 + frac + roundup;
	*ret = (score_pts)(neg ? -v : v);
	return 0;
}

const char *score_charge_name(enum score_charge c)
{
	static const char *const names[] = { "none", "late_early", "unexcused_half_day",
	                                     "unexcused_day", "missing_tap", "badge_not_worn" };
	return (unsigned)c < sizeof names / sizeof names[0] ? names[c] : "?";
}

const char *score_why_name(enum score_why_not w)
{
	static const char *const names[] = { "charged", "in_half_day", "in_day", "cap",
	                                     "justify_open", "as_missing_tap" };
	return (unsigned)w < sizeof names / sizeof names[0] ? names[w] : "?";
}
