#include <errno.h>
#include <string.h>

#include "rules/ruleset.h"

void rules_ruleset_default(struct rules_ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->version = 1;
	strcpy(rs->label, "vn-default-2026.1");
	rs->grace_min = 5;
	rs->late_half_day_min = 60;
	rs->early_half_day_min = 60;
	rs->missing_tap_is_half_day = true;
	rs->double_tap_sec = 300;
	rs->capture_min = 240;
	rs->handover_min = 15;
	rs->settle_min = 30;
	rs->clip_worked_to_schedule = true;
	strcpy(rs->sym_worked, "+");
	strcpy(rs->sym_absent, "K");
	strcpy(rs->sym_holiday, "L");
	strcpy(rs->sym_compensatory, "Nb");
	strcpy(rs->half_day_separator, "/");
}

static int bad(const char **ret_why, const char *why)
{
	if (ret_why)
		*ret_why = why;
	return -EINVAL;
}

int rules_ruleset_check(const struct rules_ruleset *rs, const char **ret_why)
{
	/* The same ranges as attend.rule_set's CHECKs (sql/003_days_reference.sql);
	 * tests/integration/test_sql_c_agree.sh holds the two together. */
	if (!rs)
		return bad(ret_why, "no rule set");
	if (!rs->label[0])
		return bad(ret_why, "the label must be set");
	if (rs->grace_min < 0 || rs->grace_min > 120)
		return bad(ret_why, "grace_min must be 0..120");
	if (rs->late_half_day_min < rs->grace_min || rs->early_half_day_min < rs->grace_min)
		return bad(ret_why, "half-day thresholds must not be below the grace");
	if (rs->double_tap_sec < 0 || rs->double_tap_sec > 3600)
		return bad(ret_why, "double_tap_sec must be 0..3600");
	if (rs->capture_min < 0 || rs->capture_min > 12 * 60)
		return bad(ret_why, "capture_min must be 0..720");
	if (rs->handover_min < 0 || rs->handover_min > 120)
		return bad(ret_why, "handover_min must be 0..120");
	if (rs->settle_min < 0 || rs->settle_min > 24 * 60)
		return bad(ret_why, "settle_min must be 0..1440");
	if (!rs->sym_worked[0] || !rs->sym_absent[0])
		return bad(ret_why, "the worked and absent symbols must be set");
	if (rs->nsymbols && !rs->symbols)
		return bad(ret_why, "nsymbols without symbols");
	return 0;
}
