#include <errno.h>

#include "rules/schedule.h"

#define HM(h, m) ((int16_t)((h) * 60 + (m)))

const struct rules_profile rules_profile_standard = {
	.name = "standard", .nsessions = 2, .follows_calendar = true, .grace_min = -1,
	.sessions = { { "morning", HM(7, 30), HM(11, 30) }, { "afternoon", HM(13, 30), HM(17, 30) } },
};
const struct rules_profile rules_profile_north_summer = {
	.name = "north-summer", .nsessions = 2, .follows_calendar = true, .grace_min = -1,
	.sessions = { { "morning", HM(7, 0), HM(11, 30) }, { "afternoon", HM(13, 30), HM(17, 0) } },
};
const struct rules_profile rules_profile_north_winter = {
	.name = "north-winter", .nsessions = 2, .follows_calendar = true, .grace_min = -1,
	.sessions = { { "morning", HM(7, 30), HM(12, 0) }, { "afternoon", HM(13, 30), HM(17, 0) } },
};

static bool in_season(int mmdd, int from, int to)
{
	/* A season may wrap the new year (e.g. winter 1/11 - 31/3 written as the summer's complement). */
	return from <= to ? (mmdd >= from && mmdd <= to) : (mmdd >= from || mmdd <= to);
}

const struct rules_profile *rules_schedule_profile_for(const struct rules_schedule *sched,
							rules_date date)
{
	const struct rules_schedule_period *best = NULL;

	for (size_t i = 0; sched && i < sched->nperiods; i++) {
		const struct rules_schedule_period *p = &sched->periods[i];
		if (date < p->from || date > p->to || !p->profile)
			continue;
		if (!best || p->specificity > best->specificity ||
		    (p->specificity == best->specificity && p->from > best->from))
			best = p;
	}
	if (!best)
		return NULL;
	if (best->summer && in_season(rules_mmdd(date), best->summer_from, best->summer_to))
		return best->summer;
	return best->profile;
}

size_t rules_sessions_for_date(const struct rules_schedule *sched, const struct rules_calendar *cal,
			       rules_date date, struct rules_session_slot *out, size_t cap,
			       const struct rules_profile **ret_profile, enum rules_day_kind *ret_kind)
{
	enum rules_day_kind kind = rules_calendar_day_kind(cal, date, NULL);
	const struct rules_profile *p = rules_schedule_profile_for(sched, date);
	size_t n = 0;

	if (ret_kind)
		*ret_kind = kind;
	if (ret_profile)
		*ret_profile = p;
	if (!p)
		return 0;
	bool works = p->follows_calendar ? rules_day_kind_is_working(kind)
					 : (p->roster_days & (1u << rules_weekday(date))) != 0;
	if (!works)
		return 0;
	for (size_t i = 0; i < p->nsessions && n < cap; i++) {
		const struct rules_session_def *d = &p->sessions[i];
		int32_t end = d->end_min > d->start_min ? d->end_min : d->end_min + 24 * 60;
		out[n].date = date;
		out[n].index = (uint8_t)i;
		out[n].start = rules_lsec_at(date, d->start_min);
		out[n].end = rules_lsec_at(date, end);
		out[n].def = d;
		out[n].profile = p;
		n++;
	}
	return n;
}

static int bad(const char **ret_why, const char *why)
{
	if (ret_why)
		*ret_why = why;
	return -EINVAL;
}

int rules_profile_check(const struct rules_profile *p, const char **ret_why)
{
	if (!p || p->nsessions == 0 || p->nsessions > RULES_MAX_SESSIONS)
		return bad(ret_why, "a profile needs 1..6 sessions");
	int32_t prev_end = -1;
	for (size_t i = 0; i < p->nsessions; i++) {
		const struct rules_session_def *d = &p->sessions[i];
		if (d->start_min < 0 || d->start_min >= 24 * 60 || d->end_min < 0 || d->end_min >= 24 * 60)
			return bad(ret_why, "session times must be 00:00..23:59");
		int32_t end = d->end_min > d->start_min ? d->end_min : d->end_min + 24 * 60;
		if (d->start_min < prev_end)
			return bad(ret_why, "sessions must be in time order and not overlap");
		prev_end = end;
	}
	if (prev_end - p->sessions[0].start_min > 24 * 60)
		return bad(ret_why, "a day's sessions must fit in 24 hours");
	if (!p->follows_calendar && !p->roster_days)
		return bad(ret_why, "a roster needs roster_days");
	return 0;
}
