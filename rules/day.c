#include <errno.h>
#include <string.h>

#include "rules/day.h"
#include "rules/pairing.h"

#define MAX_SLOTS (3 * RULES_MAX_SESSIONS)

struct eval {
	const struct rules_input *in;
	const struct rules_ruleset *rs;
	rules_date date;
	rules_lsec now;
	struct rules_day_result *res;
	struct rules_cluster cl[RULES_MAX_WINDOW_TAPS];
	size_t ncl;
	int16_t owner[RULES_MAX_WINDOW_TAPS];
	struct rules_session_slot slots[MAX_SLOTS];
	struct rules_session_taps taps[MAX_SLOTS];
	size_t nslots;
};

static void add_ex(struct rules_day_result *r, enum rules_exception_kind kind,
		   enum rules_exception_cause cause, int session, int32_t minutes, int64_t tap_id)
{
	if (r->nexceptions == RULES_MAX_EXCEPTIONS) {
		r->exceptions_truncated = true;
		return;
	}
	struct rules_exception *e = &r->exceptions[r->nexceptions++];
	e->kind = (uint8_t)kind;
	e->cause = (uint8_t)cause;
	e->session = (int8_t)session;
	e->minutes = minutes;
	e->tap_id = tap_id;
}

static void copy_str(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Length of [a, b) inside [lo, hi), or of [a, b) when not clipping. */
static rules_lsec span(rules_lsec a, rules_lsec b, rules_lsec lo, rules_lsec hi, bool clip)
{
	if (clip) {
		if (a < lo)
			a = lo;
		if (b > hi)
			b = hi;
	}
	return b > a ? b - a : 0;
}

/* A cluster's role in a session: the IN side before the midpoint, the OUT side after it.  The
 * reader's direction only decides a cluster exactly on the midpoint. */
static bool on_out_side(const struct rules_cluster *c, rules_lsec mid)
{
	if (c->first != mid)
		return c->first > mid;
	return c->hint == RULES_DIR_OUT;
}

static int32_t whole_minutes(rules_lsec sec)
{
	return sec > 0 ? (int32_t)(sec / 60) : 0;
}

static void eval_session(struct eval *ev, size_t k, struct rules_session_result *s)
{
	const struct rules_ruleset *rs = ev->rs;
	const struct rules_session_slot *slot = &ev->slots[k];
	const struct rules_session_taps *st = &ev->taps[k];
	const struct rules_profile *p = slot->profile;
	struct rules_day_result *r = ev->res;
	const int idx = slot->index;
	const rules_lsec mid = slot->start + (slot->end - slot->start) / 2;
	const int32_t grace = p->grace_min >= 0 ? p->grace_min : rs->grace_min;

	/* The session's clusters in time order, each with its role. */
	const struct rules_cluster *list[RULES_MAX_WINDOW_TAPS + 2];
	bool out_side[RULES_MAX_WINDOW_TAPS + 2];
	size_t n = 0;
	if (st->borrow_in >= 0) {
		list[n] = &ev->cl[st->borrow_in];
		out_side[n++] = false;
	}
	for (int16_t c = st->first; c < st->first + st->count; c++) {
		list[n] = &ev->cl[c];
		out_side[n] = on_out_side(list[n], mid);
		n++;
	}
	if (st->borrow_out >= 0) {
		list[n] = &ev->cl[st->borrow_out];
		out_side[n++] = true;
	}

	memset(s, 0, sizeof(*s));
	s->index = (uint8_t)idx;
	s->start = slot->start;
	s->end = slot->end;
	copy_str(s->name, sizeof(s->name), slot->def->name);
	s->present = n > 0;

	const struct rules_cluster *cin = NULL, *cout = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!out_side[i] && !cin)
			cin = list[i];
		if (out_side[i])
			cout = list[i];
	}
	if (cin) {
		s->in_at = cin->first;
		s->in_tap_id = cin->first_id;
		s->in_manual = cin->manual_first;
		s->minutes_late = whole_minutes(cin->first - slot->start);
	}
	if (cout) {
		s->out_at = cout->last;
		s->out_tap_id = cout->last_id;
		s->out_manual = cout->manual_last;
		s->minutes_early = whole_minutes(slot->end - cout->last);
	}

	/* Worked time: pairs when both ends are known (an odd tap inside is taken as a pass-through),
	 * the known end to the scheduled one when a tap is missing. */
	const bool clip = rs->clip_worked_to_schedule;
	rules_lsec worked = 0;
	if (cin && cout) {
		size_t from = 0, to = n;
		while (list[from] != cin)
			from++;
		while (list[to - 1] != cout)
			to--;
		size_t m = to - from;
		if (m % 2 == 0) {
			for (size_t i = from; i + 1 < to; i += 2) {
				/* (IN, OUT) pairs; a cluster counts from its first tap, until its last. */
				worked += span(list[i]->first, list[i + 1]->last, slot->start,
					       slot->end, clip);
			}
		} else {
			worked = span(cin->first, cout->last, slot->start, slot->end, clip);
		}
	}

	const bool settled = ev->now >= slot->end + (rules_lsec)rs->settle_min * 60;
	if (settled && n > 0 && (!cin || !cout)) {
		s->missing = !cin ? RULES_MISSING_IN : RULES_MISSING_OUT;
		if (!cin) {
			s->in_at = slot->start;
			s->in_inferred = true;
		} else {
			s->out_at = slot->end;
			s->out_inferred = true;
		}
		/* One tap: up to (or from) the scheduled end it implies.  Several taps all on one side:
		 * only what they show, so 13:25 + 15:00 is not credited until 17:30. */
		if (n == 1)
			worked = span(s->in_at, s->out_at, slot->start, slot->end, clip);
		else if (n % 2 == 0)
			for (size_t i = 0; i + 1 < n; i += 2)
				worked += span(list[i]->first, list[i + 1]->last, slot->start,
					       slot->end, clip);
		else
			worked = span(list[0]->first, list[n - 1]->last, slot->start, slot->end, clip);
	} else if (settled && n == 0) {
		s->missing = RULES_MISSING_BOTH;
	}
	s->minutes_worked = whole_minutes(worked);

	const struct rules_request *req = rules_request_for_session(rs, ev->in->requests,
								    ev->in->nrequests, ev->date,
								    (unsigned)idx);
	if (req) {
		/* An approved request decides the session; taps are kept as information only. */
		s->status = RULES_SESSION_EXCUSED;
		s->request_id = req->id;
		copy_str(s->symbol, sizeof(s->symbol), req->symbol);
		if (n > 0)
			add_ex(r, RULES_EX_TAPS_DURING_REQUEST, RULES_CAUSE_NONE, idx, 0, list[0]->first_id);
		return;
	}
	if (!settled) {
		s->status = RULES_SESSION_PENDING;
		return;
	}
	if (n == 0) {
		s->status = RULES_SESSION_ABSENT;
		copy_str(s->symbol, sizeof(s->symbol), rs->sym_absent);
		add_ex(r, RULES_EX_UNEXCUSED_HALF_DAY, RULES_CAUSE_ABSENT, idx, 0, 0);
		return;
	}

	bool late = cin && s->minutes_late > grace;
	bool early = cout && s->minutes_early > grace;
	enum rules_exception_cause half = RULES_CAUSE_NONE;
	if (s->missing == RULES_MISSING_IN)
		add_ex(r, RULES_EX_MISSING_IN, RULES_CAUSE_NONE, idx, 0, 0);
	if (s->missing == RULES_MISSING_OUT)
		add_ex(r, RULES_EX_MISSING_OUT, RULES_CAUSE_NONE, idx, 0, 0);
	if (late)
		add_ex(r, RULES_EX_LATE, RULES_CAUSE_NONE, idx, s->minutes_late, s->in_tap_id);
	if (early)
		add_ex(r, RULES_EX_EARLY_LEAVE, RULES_CAUSE_NONE, idx, s->minutes_early, s->out_tap_id);
	if (s->missing && rs->missing_tap_is_half_day)
		half = RULES_CAUSE_MISSING_TAP;
	else if (late && s->minutes_late > rs->late_half_day_min)
		half = RULES_CAUSE_LATE;
	else if (early && s->minutes_early > rs->early_half_day_min)
		half = RULES_CAUSE_EARLY;

	if (half != RULES_CAUSE_NONE) {
		s->status = RULES_SESSION_MISSED;
		copy_str(s->symbol, sizeof(s->symbol), rs->sym_absent);
		add_ex(r, RULES_EX_UNEXCUSED_HALF_DAY, half, idx,
		       half == RULES_CAUSE_LATE ? s->minutes_late :
		       half == RULES_CAUSE_EARLY ? s->minutes_early : 0, 0);
		return;
	}
	copy_str(s->symbol, sizeof(s->symbol), rs->sym_worked);
	if (s->missing)
		s->status = RULES_SESSION_INCOMPLETE;
	else if (late && early)
		s->status = RULES_SESSION_LATE_AND_EARLY;
	else if (late)
		s->status = RULES_SESSION_LATE;
	else if (early)
		s->status = RULES_SESSION_EARLY_LEAVE;
	else
		s->status = RULES_SESSION_ON_TIME;
}

static const char *day_off_symbol(const struct rules_ruleset *rs, enum rules_day_kind kind)
{
	switch (kind) {
	case RULES_DAY_HOLIDAY: return rs->sym_holiday;
	case RULES_DAY_COMPENSATORY_DAY_OFF: return rs->sym_compensatory;
	case RULES_DAY_SWAPPED_DAY_OFF: return rs->sym_swapped_day_off;
	case RULES_DAY_WEEKEND: return rs->sym_weekend;
	default: return "";
	}
}

/* The C01-HD cell: one symbol when every session agrees, else the half-day mark "+/P". */
static void day_symbol(const struct rules_ruleset *rs, struct rules_day_result *r)
{
	char *out = r->symbol;
	size_t cap = sizeof(r->symbol), len = 0;
	bool same = true;

	out[0] = '\0';
	for (size_t i = 0; i < r->nsessions; i++) {
		if (r->sessions[i].status == RULES_SESSION_PENDING)
			return;   /* not settled: the cell stays empty until the day is over */
		if (strcmp(r->sessions[i].symbol, r->sessions[0].symbol) != 0)
			same = false;
	}
	if (same) {
		copy_str(out, cap, r->sessions[0].symbol);
		return;
	}
	for (size_t i = 0; i < r->nsessions; i++) {
		const char *part = r->sessions[i].symbol;
		size_t need = strlen(part) + (i ? strlen(rs->half_day_separator) : 0);
		if (len + need >= cap)
			break;
		if (i) {
			memcpy(out + len, rs->half_day_separator, strlen(rs->half_day_separator));
			len += strlen(rs->half_day_separator);
		}
		memcpy(out + len, part, strlen(part));
		len += strlen(part);
		out[len] = '\0';
	}
}

void rules_tap_window(const struct rules_ruleset *rs, rules_date date, rules_lsec *ret_from,
		      rules_lsec *ret_to)
{
	rules_lsec cap = (rules_lsec)rs->capture_min * 60;
	/* Sessions of the day before (a night shift) to the day after (its sessions may end two days on). */
	*ret_from = rules_lsec_at(date - 1, 0) - cap;
	*ret_to = rules_lsec_at(date + 3, 0) + cap;
}

void rules_dates_affected(const struct rules_ruleset *rs, rules_lsec at, rules_date *ret_first,
			  rules_date *ret_last)
{
	rules_lsec cap = (rules_lsec)rs->capture_min * 60;
	*ret_first = rules_date_of(at - cap) - 2;
	*ret_last = rules_date_of(at + cap) + 1;
}

int rules_evaluate_day(const struct rules_input *in, rules_date date, rules_lsec now,
		       struct rules_day_result *ret)
{
	struct eval ev;

	if (!in || !ret || !in->ruleset || (in->ntaps && !in->taps) ||
	    (in->nrequests && !in->requests))
		return -EINVAL;
	if (rules_ruleset_check(in->ruleset, NULL) < 0)
		return -EINVAL;

	ev.in = in;
	ev.rs = in->ruleset;
	ev.date = date;
	ev.now = now;
	ev.res = ret;
	memset(ret, 0, sizeof(*ret));
	ret->date = date;
	ret->ruleset_version = ev.rs->version;
	copy_str(ret->ruleset_label, sizeof(ret->ruleset_label), ev.rs->label);

	/* Sessions of the day before and after take part, so that a tap goes to the right day:
	 * 06:55 is the OUT of last night's shift, not the IN of a day that has none. */
	ev.nslots = 0;
	size_t first_today = 0, ntoday = 0;
	const struct rules_profile *today_profile = NULL;
	enum rules_day_kind kind = RULES_DAY_WORKING;
	for (rules_date d = date - 1; d <= date + 1; d++) {
		const struct rules_profile *p;
		enum rules_day_kind k;
		size_t n = rules_sessions_for_date(in->schedule, in->calendar, d, ev.slots + ev.nslots,
						   MAX_SLOTS - ev.nslots, &p, &k);
		if (d == date) {
			first_today = ev.nslots;
			ntoday = n;
			today_profile = p;
			kind = k;
		}
		ev.nslots += n;
	}
	ret->day_kind = (uint8_t)kind;
	if (today_profile)
		copy_str(ret->profile, sizeof(ret->profile), today_profile->name);

	rules_lsec from, to;
	rules_tap_window(ev.rs, date, &from, &to);
	bool truncated = false;
	ev.ncl = rules_clusters_build(ev.rs, in->taps, in->ntaps, from, to, ev.cl,
				      RULES_MAX_WINDOW_TAPS, &truncated);
	if (truncated)
		add_ex(ret, RULES_EX_TOO_MANY_TAPS, RULES_CAUSE_NONE, -1, 0, 0);
	rules_clusters_assign(ev.rs, ev.slots, ev.nslots, ev.cl, ev.ncl, ev.owner, ev.taps);

	ret->working_day = ntoday > 0;
	ret->nsessions = (uint8_t)ntoday;
	for (size_t i = 0; i < ntoday; i++) {
		struct rules_session_result *s = &ret->sessions[i];
		eval_session(&ev, first_today + i, s);
		ret->present |= s->present;
		ret->minutes_late += s->minutes_late;
		ret->minutes_early += s->minutes_early;
		ret->minutes_worked += s->minutes_worked;
	}

	/* Taps of this date that no session took. */
	for (size_t c = 0; c < ev.ncl; c++) {
		if (ev.owner[c] >= 0 || rules_date_of(ev.cl[c].first) != date)
			continue;
		add_ex(ret, ntoday ? RULES_EX_STRAY_TAP : RULES_EX_TAP_ON_DAY_OFF, RULES_CAUSE_NONE, -1,
		       0, ev.cl[c].first_id);
	}

	if (ntoday) {
		day_symbol(ev.rs, ret);
	} else {
		if (!today_profile && rules_day_kind_is_working(kind))
			add_ex(ret, RULES_EX_NO_SCHEDULE, RULES_CAUSE_NONE, -1, 0, 0);
		copy_str(ret->symbol, sizeof(ret->symbol), day_off_symbol(ev.rs, kind));
	}
	return 0;
}

const char *rules_session_status_name(enum rules_session_status s)
{
	static const char *const names[] = {
		"on_time", "late", "early_leave", "late_and_early", "incomplete", "missed",
		"absent", "excused", "pending",
	};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

const char *rules_exception_name(enum rules_exception_kind k)
{
	static const char *const names[] = {
		"?", "late", "early_leave", "missing_in", "missing_out", "unexcused_half_day",
		"taps_during_request", "tap_on_day_off", "stray_tap", "no_schedule", "too_many_taps",
	};
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

const char *rules_cause_name(enum rules_exception_cause c)
{
	static const char *const names[] = { "", "absent", "late", "early", "missing_tap" };
	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

bool rules_exception_is_discipline(enum rules_exception_kind k)
{
	return k == RULES_EX_LATE || k == RULES_EX_EARLY_LEAVE || k == RULES_EX_MISSING_IN ||
	       k == RULES_EX_MISSING_OUT || k == RULES_EX_UNEXCUSED_HALF_DAY;
}
