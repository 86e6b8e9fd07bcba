/* The calendar: which dates are working days.  Weekly rest days, holidays, compensatory days off
 * (nghỉ bù), and the swaps of a yearly notice (a weekday off, a Saturday worked), per agency. */
#ifndef RULES_CALENDAR_H
#define RULES_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/date.h"

#define RULES_TOGGLE_MAX 32
#define RULES_NAME_MAX   96
#define RULES_SOURCE_MAX 192

enum rules_cal_kind {
	RULES_CAL_HOLIDAY = 1,            /* public holiday (Labour Code art. 112) */
	RULES_CAL_COMPENSATORY_DAY_OFF,   /* nghỉ bù: a holiday fell on a weekly rest day */
	RULES_CAL_SWAPPED_WORKING_DAY,    /* a rest day worked in exchange (e.g. a Saturday) */
	RULES_CAL_SWAPPED_DAY_OFF,        /* the working day given off in exchange */
};

/* What a date is, after the calendar is applied. */
enum rules_day_kind {
	RULES_DAY_WORKING = 0,
	RULES_DAY_WEEKEND,
	RULES_DAY_HOLIDAY,
	RULES_DAY_COMPENSATORY_DAY_OFF,
	RULES_DAY_SWAPPED_DAY_OFF,
	RULES_DAY_SWAPPED_WORKING_DAY,
};

struct rules_cal_entry {
	rules_date date;
	uint8_t kind;                     /* enum rules_cal_kind */
	bool provisional;                 /* computed, not yet confirmed by a notice */
	uint32_t agency_id;               /* 0: national; else only for that agency, replacing national rows */
	char toggle[RULES_TOGGLE_MAX];    /* "": always; else active only when the calendar switches it on */
	char name_vi[RULES_NAME_MAX];
	char name_en[RULES_NAME_MAX];
	char source[RULES_SOURCE_MAX];
};

struct rules_calendar {
	const struct rules_cal_entry *entries;   /* any order */
	size_t nentries;
	uint32_t agency_id;                      /* the person's agency */
	uint8_t weekly_rest;                     /* bit (1 << iso_weekday); 0 means Saturday + Sunday */
	const char *const *toggles_on;           /* toggles this agency has switched on, e.g. "vn-culture-day" */
	size_t ntoggles_on;
};

#define RULES_REST_SAT_SUN ((uint8_t)((1u << 6) | (1u << 7)))

/* The kind of a date; *ret_entry (may be NULL) gets the row that decided it, or NULL. */
enum rules_day_kind rules_calendar_day_kind(const struct rules_calendar *cal, rules_date date,
					    const struct rules_cal_entry **ret_entry);
bool rules_day_kind_is_working(enum rules_day_kind kind);
const char *rules_day_kind_name(enum rules_day_kind kind);
const char *rules_cal_kind_name(enum rules_cal_kind kind);
/* Returns the kind, or 0 when the text is not one of the four names. */
int rules_cal_kind_parse(const char *s, size_t len);

#endif
