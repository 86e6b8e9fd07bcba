#include <string.h>

#include "rules/calendar.h"

static bool toggle_on(const struct rules_calendar *cal, const char *toggle)
{
	if (!toggle[0])
		return true;
	for (size_t i = 0; i < cal->ntoggles_on; i++)
		if (cal->toggles_on[i] && strcmp(cal->toggles_on[i], toggle) == 0)
			return true;
	return false;
}

/* When rows of one scope meet on a date, a day off beats a swap: a holiday is never worked
 * because an old swap row was left in the data. */
static int strength(uint8_t kind)
{
	switch (kind) {
	case RULES_CAL_HOLIDAY: return 4;
	case RULES_CAL_COMPENSATORY_DAY_OFF: return 3;
	case RULES_CAL_SWAPPED_DAY_OFF: return 2;
	case RULES_CAL_SWAPPED_WORKING_DAY: return 1;
	default: return 0;
	}
}

enum rules_day_kind rules_calendar_day_kind(const struct rules_calendar *cal, rules_date date,
					    const struct rules_cal_entry **ret_entry)
{
	const struct rules_cal_entry *national = NULL, *agency = NULL;

	for (size_t i = 0; cal && i < cal->nentries; i++) {
		const struct rules_cal_entry *e = &cal->entries[i];
		if (e->date != date || !strength(e->kind) || !toggle_on(cal, e->toggle))
			continue;
		if (e->agency_id == 0) {
			if (!national || strength(e->kind) > strength(national->kind))
				national = e;
		} else if (e->agency_id == cal->agency_id) {
			if (!agency || strength(e->kind) > strength(agency->kind))
				agency = e;
		}
	}
	/* An agency row replaces the national rows of its date: the agency has its own notice. */
	const struct rules_cal_entry *e = agency ? agency : national;
	if (ret_entry)
		*ret_entry = e;
	if (e) {
		switch (e->kind) {
		case RULES_CAL_HOLIDAY: return RULES_DAY_HOLIDAY;
		case RULES_CAL_COMPENSATORY_DAY_OFF: return RULES_DAY_COMPENSATORY_DAY_OFF;
		case RULES_CAL_SWAPPED_DAY_OFF: return RULES_DAY_SWAPPED_DAY_OFF;
		default: return RULES_DAY_SWAPPED_WORKING_DAY;
		}
	}
	uint8_t rest = cal && cal->weekly_rest ? cal->weekly_rest : RULES_REST_SAT_SUN;
	return (rest & (1u << rules_weekday(date))) ? RULES_DAY_WEEKEND : RULES_DAY_WORKING;
}

bool rules_day_kind_is_working(enum rules_day_kind kind)
{
	return kind == RULES_DAY_WORKING || kind == RULES_DAY_SWAPPED_WORKING_DAY;
}

const char *rules_day_kind_name(enum rules_day_kind kind)
{
	switch (kind) {
	case RULES_DAY_WORKING: return "working";
	case RULES_DAY_WEEKEND: return "weekend";
	case RULES_DAY_HOLIDAY: return "holiday";
	case RULES_DAY_COMPENSATORY_DAY_OFF: return "compensatory_day_off";
	case RULES_DAY_SWAPPED_DAY_OFF: return "swapped_day_off";
	case RULES_DAY_SWAPPED_WORKING_DAY: return "swapped_working_day";
	}
	return "?";
}

static const char *const cal_kind_names[] = {
	NULL, "holiday", "compensatory_day_off", "swapped_working_day", "swapped_day_off",
};

const char *rules_cal_kind_name(enum rules_cal_kind kind)
{
	if (kind < RULES_CAL_HOLIDAY || kind > RULES_CAL_SWAPPED_DAY_OFF)
		return "?";
	return cal_kind_names[kind];
}

int rules_cal_kind_parse(const char *s, size_t len)
{
	for (int k = RULES_CAL_HOLIDAY; k <= RULES_CAL_SWAPPED_DAY_OFF; k++)
		if (strlen(cal_kind_names[k]) == len && memcmp(cal_kind_names[k], s, len) == 0)
			return k;
	return 0;
}
