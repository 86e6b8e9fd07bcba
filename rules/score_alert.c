/* Alert thresholds.  Labour Code art. 125(4) counts days; a half-day counts as half, so windows
 * are summed in half-days and compared with twice the threshold. */
#include <errno.h>

#include "rules/score_alert.h"

const char *score_alert_name(enum score_alert_kind k)
{
	static const char *const n[] = { "written_reminder", "head_of_unit", "contract_30_days",
	                                 "contract_365_days" };
	return (unsigned)k < SCORE_ALERT_KINDS ? n[k] : "?";
}

int score_alerts_of(const struct score_rules *r, const struct score_discipline *d, bool contract,
                    const struct score_absence *abs, int nabs, rules_date month_first,
                    rules_date as_of, struct score_alerts *ret)
{
	if (!r || !d || !ret || nabs < 0 || (nabs > 0 && !abs) || as_of < month_first)
		return -EINVAL;
	for (int i = 1; i < nabs; i++)
		if (abs[i].date < abs[i - 1].date)
			return -EINVAL;
	struct score_alerts a = { 0 };
	if ((r->alert_late_reminder > 0 && d->late_count >= r->alert_late_reminder) ||
	    (r->alert_days_reminder > 0 && d->days >= r->alert_days_reminder))
		a.mask |= 1u << SCORE_ALERT_WRITTEN_REMINDER;
	if (r->alert_days_head > 0 && d->days >= r->alert_days_head)
		a.mask |= 1u << SCORE_ALERT_HEAD_OF_UNIT;
	if (contract) {
		/* Sliding 30-day windows [e-29, e] for every end e in the month that is an absence
		 * (a window's sum only grows at an absence). */
		int lo = 0;
		int32_t sum = 0;
		for (int i = 0; i < nabs && abs[i].date <= as_of; i++) {
			sum += abs[i].halves;
			while (abs[lo].date < abs[i].date - 29)
				sum -= abs[lo++].halves;
			if (abs[i].date >= month_first && sum > a.max30_halves)
				a.max30_halves = sum;
			if (abs[i].date > as_of - 365)
				a.last365_halves += abs[i].halves;
		}
		if (r->alert_contract_30 > 0 && a.max30_halves >= 2 * r->alert_contract_30)
			a.mask |= 1u << SCORE_ALERT_CONTRACT_30;
		if (r->alert_contract_365 > 0 && a.last365_halves >= 2 * r->alert_contract_365)
			a.mask |= 1u << SCORE_ALERT_CONTRACT_365;
	}
	*ret = a;
	return 0;
}
