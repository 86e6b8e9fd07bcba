/* Evaluating one person's day: the engine's entry point. */
#ifndef RULES_DAY_H
#define RULES_DAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/calendar.h"
#include "rules/date.h"
#include "rules/request.h"
#include "rules/ruleset.h"
#include "rules/schedule.h"
#include "rules/tap.h"

#define RULES_MAX_EXCEPTIONS  24
#define RULES_DAY_SYMBOL_MAX  48

/* Everything the engine reads.  Plain arrays, so a database loader can fill them directly. */
struct rules_input {
	const struct rules_ruleset *ruleset;
	const struct rules_schedule *schedule;
	const struct rules_calendar *calendar;
	const struct rules_tap *taps;          /* any order; may cover more than the day */
	size_t ntaps;
	const struct rules_request *requests;  /* approved requests only */
	size_t nrequests;
};

enum rules_session_status {
	RULES_SESSION_ON_TIME = 0,
	RULES_SESSION_LATE,              /* late beyond grace */
	RULES_SESSION_EARLY_LEAVE,       /* left early beyond grace */
	RULES_SESSION_LATE_AND_EARLY,
	RULES_SESSION_INCOMPLETE,        /* a tap is missing; not counted as a missed half-day */
	RULES_SESSION_MISSED,            /* present, but counts as a missed half-day */
	RULES_SESSION_ABSENT,            /* no tap, no request */
	RULES_SESSION_EXCUSED,           /* an approved request covers it */
	RULES_SESSION_PENDING,           /* not over yet (now < end + settle_min) */
};

enum rules_missing {
	RULES_MISSING_NONE = 0,
	RULES_MISSING_IN = 1,
	RULES_MISSING_OUT = 2,
	RULES_MISSING_BOTH = 3,
};

struct rules_session_result {
	uint8_t index;                   /* position in the profile: 0 = morning */
	uint8_t status;                  /* enum rules_session_status */
	bool present;                    /* at least one usable tap belongs to it */
	uint8_t missing;                 /* enum rules_missing */
	bool in_inferred, out_inferred;  /* the time below is the schedule's, not a tap's */
	bool in_manual, out_manual;      /* the tap came from an approved correction */
	rules_lsec start, end;           /* as scheduled */
	rules_lsec in_at, out_at;        /* first IN, last OUT (or inferred); 0 when both missing */
	int64_t in_tap_id, out_tap_id;   /* 0 when inferred or missing */
	int32_t minutes_late;            /* whole minutes after start (before grace) */
	int32_t minutes_early;           /* whole minutes before end */
	int32_t minutes_worked;          /* paired time, inside the schedule unless configured */
	int64_t request_id;              /* the request that decided it, or 0 */
	char symbol[RULES_SYMBOL_MAX];   /* this session's timesheet symbol */
	char name[RULES_NAME_SHORT];
};

enum rules_exception_kind {
	RULES_EX_LATE = 1,               /* late beyond grace */
	RULES_EX_EARLY_LEAVE,            /* early leave beyond grace */
	RULES_EX_MISSING_IN,
	RULES_EX_MISSING_OUT,
	RULES_EX_UNEXCUSED_HALF_DAY,     /* a session counts as missed: see cause */
	RULES_EX_TAPS_DURING_REQUEST,    /* information: taps on a session a request covers */
	RULES_EX_TAP_ON_DAY_OFF,         /* information: taps on a day with no session */
	RULES_EX_STRAY_TAP,              /* information: a tap too far from any session */
	RULES_EX_NO_SCHEDULE,            /* a working day with no profile assigned */
	RULES_EX_TOO_MANY_TAPS,          /* more than RULES_MAX_WINDOW_TAPS: some were not read */
};

enum rules_exception_cause {
	RULES_CAUSE_NONE = 0,
	RULES_CAUSE_ABSENT,
	RULES_CAUSE_LATE,
	RULES_CAUSE_EARLY,
	RULES_CAUSE_MISSING_TAP,
};

struct rules_exception {
	uint8_t kind;                    /* enum rules_exception_kind */
	uint8_t cause;                   /* enum rules_exception_cause */
	int8_t session;                  /* session index, -1 for the day */
	int32_t minutes;                 /* late/early minutes where it applies */
	int64_t tap_id;                  /* the tap concerned, where one is */
};

struct rules_day_result {
	rules_date date;
	uint8_t day_kind;                /* enum rules_day_kind */
	bool working_day;                /* the person had sessions today */
	bool present;                    /* any session present */
	uint32_t ruleset_version;
	char ruleset_label[RULES_LABEL_MAX];
	char profile[RULES_NAME_SHORT];  /* "" when none applied */
	char symbol[RULES_DAY_SYMBOL_MAX];   /* the day's C01-HD cell: "+", "P", "+/P", "L", "" */
	int32_t minutes_late, minutes_early, minutes_worked;   /* sums over sessions */
	uint8_t nsessions;
	struct rules_session_result sessions[RULES_MAX_SESSIONS];
	uint8_t nexceptions;
	bool exceptions_truncated;
	struct rules_exception exceptions[RULES_MAX_EXCEPTIONS];
};

/* Evaluates `date` for one person.  `now` (local seconds) only decides whether a session is over
 * yet; once it is, the result depends on the inputs alone, so a late tap or a request approved
 * after the fact gives the same result as if it had been there on time.
 * Returns 0, or -EINVAL (missing input, bad rule set); *ret is fully written on success. */
int rules_evaluate_day(const struct rules_input *in, rules_date date, rules_lsec now,
		       struct rules_day_result *ret);

/* The taps a loader must supply to evaluate `date`: [*ret_from, *ret_to). */
void rules_tap_window(const struct rules_ruleset *rs, rules_date date, rules_lsec *ret_from,
		      rules_lsec *ret_to);
/* The dates whose results a tap at `at` can change: re-evaluate [*ret_first, *ret_last]. */
void rules_dates_affected(const struct rules_ruleset *rs, rules_lsec at, rules_date *ret_first,
			  rules_date *ret_last);

const char *rules_session_status_name(enum rules_session_status s);
const char *rules_exception_name(enum rules_exception_kind k);
const char *rules_cause_name(enum rules_exception_cause c);
/* Exceptions that feed the discipline sub-score; the others are information for HR. */
bool rules_exception_is_discipline(enum rules_exception_kind k);

#endif
