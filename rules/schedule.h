/* Schedules: profiles of sessions (buổi or shifts), assigned with effective dates, with a
 * seasonal switch (summer/winter hours per province). */
#ifndef RULES_SCHEDULE_H
#define RULES_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/calendar.h"
#include "rules/date.h"

#define RULES_MAX_SESSIONS 6
#define RULES_NAME_SHORT   24

struct rules_session_def {
	char name[RULES_NAME_SHORT];   /* "morning", "afternoon", "night" */
	int16_t start_min;             /* minutes after local midnight of the date */
	int16_t end_min;               /* end <= start: the session ends the next day */
};

struct rules_profile {
	char name[RULES_NAME_SHORT];   /* "standard", "north-summer", "night-duty" */
	uint8_t nsessions;
	struct rules_session_def sessions[RULES_MAX_SESSIONS];   /* in time order */
	/* true: sessions only on the calendar's working days (offices).  false: a roster that runs
	 * on the weekdays in `roster_days` whatever the calendar says (health station duty). */
	bool follows_calendar;
	uint8_t roster_days;           /* bit (1 << iso_weekday), only when !follows_calendar */
	int16_t grace_min;             /* < 0: the rule set's grace */
};

/* One assignment of a profile for a date range: to an agency, a unit, a person, or a roster day. */
struct rules_schedule_period {
	rules_date from, to;           /* inclusive; RULES_DATE_MIN / RULES_DATE_MAX for open ends */
	uint8_t specificity;           /* higher wins when periods overlap (agency 0 < unit 1 < person 2) */
	const struct rules_profile *profile;  /* all year, or outside the summer */
	const struct rules_profile *summer;   /* NULL: no seasonal switch */
	uint16_t summer_from, summer_to;      /* month * 100 + day, inclusive (e.g. 401 and 1031) */
};

struct rules_schedule {
	const struct rules_schedule_period *periods;
	size_t nperiods;
};

enum {
	RULES_SPEC_AGENCY = 0,
	RULES_SPEC_UNIT = 1,
	RULES_SPEC_PERSON = 2,
	RULES_SPEC_ROSTER = 3,
};

/* The three default profiles (docs/rules.md, "Which schedule applies"). */
extern const struct rules_profile rules_profile_standard;      /* 7:30-11:30 / 13:30-17:30 */
extern const struct rules_profile rules_profile_north_summer;  /* 7:00-11:30 / 13:30-17:00 */
extern const struct rules_profile rules_profile_north_winter;  /* 7:30-12:00 / 13:30-17:00 */

/* The profile that applies on a date, or NULL.  Among overlapping periods the most specific wins,
 * then the one that started last (a newer assignment replaces an older one). */
const struct rules_profile *rules_schedule_profile_for(const struct rules_schedule *sched,
							rules_date date);

/* A session placed on the time line. */
struct rules_session_slot {
	rules_date date;               /* the date the session belongs to: the date it starts */
	uint8_t index;                 /* position in the profile */
	rules_lsec start, end;
	const struct rules_session_def *def;
	const struct rules_profile *profile;
};

/* The sessions a person has on `date` (none on a day off).  Returns how many were written. */
size_t rules_sessions_for_date(const struct rules_schedule *sched, const struct rules_calendar *cal,
			       rules_date date, struct rules_session_slot *out, size_t cap,
			       const struct rules_profile **ret_profile, enum rules_day_kind *ret_kind);

/* Returns 0 or -EINVAL with a static reason: sessions in order, not overlapping, under 24 h. */
int rules_profile_check(const struct rules_profile *p, const char **ret_why);

#endif
