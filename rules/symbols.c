#include <string.h>

#include "rules/symbols.h"

/* Legend order of C01-HD. */
static const struct rules_symbol official[] = {
	{ "+",  RULES_PAY_TIME, true, "Lương thời gian", "Worked (time wage)" },
	{ "Ô",  RULES_PAY_SOCIAL_INSURANCE, true, "Ốm, điều dưỡng", "Sick, convalescence" },
	{ "Cô", RULES_PAY_SOCIAL_INSURANCE, true, "Con ốm", "Child sick" },
	{ "Ts", RULES_PAY_SOCIAL_INSURANCE, true, "Thai sản", "Maternity" },
	{ "T",  RULES_PAY_SOCIAL_INSURANCE, true, "Tai nạn", "Accident" },
	{ "P",  RULES_PAY_TIME, true, "Nghỉ phép", "Annual leave" },
	{ "H",  RULES_PAY_TIME, true, "Hội nghị, học tập", "Meeting, training" },
	{ "Nb", RULES_PAY_TIME, true, "Nghỉ bù", "Compensatory day off" },
	{ "No", RULES_PAY_UNPAID, true, "Nghỉ không lương", "Unpaid leave" },
	{ "N",  RULES_PAY_TIME, true, "Ngừng việc", "Work stoppage" },
	{ "Lđ", RULES_PAY_TIME, true, "Lao động nghĩa vụ", "Civic labour duty" },
};

/* Request precedence, strongest first.  Statutory social-insurance absences come first (they
 * decide who pays the day), then absences the employer ordered or sent the person on, then
 * paid personal leave, then unpaid leave.  `+`, L and K close the table: they are not request
 * symbols but the engine writes them, so they belong to the same vocabulary. */
static const struct rules_symbol defaults[] = {
	{ "Ts", RULES_PAY_SOCIAL_INSURANCE, true, "Thai sản", "Maternity" },
	{ "T",  RULES_PAY_SOCIAL_INSURANCE, true, "Tai nạn", "Accident" },
	{ "Ô",  RULES_PAY_SOCIAL_INSURANCE, true, "Ốm, điều dưỡng", "Sick, convalescence" },
	{ "Cô", RULES_PAY_SOCIAL_INSURANCE, true, "Con ốm", "Child sick" },
	{ "N",  RULES_PAY_TIME, true, "Ngừng việc", "Work stoppage" },
	{ "Lđ", RULES_PAY_TIME, true, "Lao động nghĩa vụ", "Civic labour duty" },
	{ "H",  RULES_PAY_TIME, true, "Hội nghị, học tập", "Meeting, training" },
	{ "CT", RULES_PAY_TIME, false, "Công tác", "Business trip" },
	{ "P",  RULES_PAY_TIME, true, "Nghỉ phép", "Annual leave" },
	{ "Nb", RULES_PAY_TIME, true, "Nghỉ bù", "Compensatory day off" },
	{ "No", RULES_PAY_UNPAID, true, "Nghỉ không lương", "Unpaid leave" },
	{ "+",  RULES_PAY_TIME, true, "Lương thời gian", "Worked (time wage)" },
	{ "L",  RULES_PAY_TIME, false, "Nghỉ lễ, Tết", "Public holiday" },
	{ "K",  RULES_PAY_NONE, false, "Vắng không lý do", "Absent without reason" },
};

const struct rules_symbol *rules_symbols_official(size_t *ret_n)
{
	*ret_n = sizeof(official) / sizeof(official[0]);
	return official;
}

const struct rules_symbol *rules_symbols_default(size_t *ret_n)
{
	*ret_n = sizeof(defaults) / sizeof(defaults[0]);
	return defaults;
}

static const struct rules_symbol *table(const struct rules_ruleset *rs, size_t *ret_n)
{
	if (rs && rs->symbols && rs->nsymbols) {
		*ret_n = rs->nsymbols;
		return rs->symbols;
	}
	return rules_symbols_default(ret_n);
}

const struct rules_symbol *rules_symbol_find(const struct rules_ruleset *rs, const char *code)
{
	size_t n;
	const struct rules_symbol *t = table(rs, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return &t[i];
	return NULL;
}

int rules_symbol_rank(const struct rules_ruleset *rs, const char *code)
{
	size_t n;
	const struct rules_symbol *t = table(rs, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return (int)i;
	return (int)n;
}

bool rules_symbol_is_official(const char *code)
{
	for (size_t i = 0; i < sizeof(official) / sizeof(official[0]); i++)
		if (strcmp(official[i].code, code) == 0)
			return true;
	return false;
}
