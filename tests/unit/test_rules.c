/* Rules engine: the day evaluation, case by case.  A case is one line of text (taps, requests,
 * options, expected fields), so a reader sees the situation and the verdict together.
 *
 *   taps:     "07:25 11:35o 13:25!m +1/07:05 00:25z"
 *             [+-N/] day offset from the case date, HH:MM[:SS], then optional
 *             i|o|b reader direction hint, z = the time is UTC (site offset +7 h),
 *             !d duplicate, !x excluded, !m manual correction.  Ids are 1, 2, ... in order.
 *   requests: "P", "P:1" (session mask), "CT@-1..2" (day offsets).  Ids are 101, 102, ...
 *   options:  now=+1/09:00 grace=N late_half=N early_half=N missing_half=0|1 double=SEC
 *             clip=0 version=N toggle=NAME agency=N arow=YYYY-MM-DD:kind sep=X rest=sun
 *   expect:   key=value ... ; keys: sym kind working present late early worked version
 *             label profile nsess ex, and per session sN.st sN.late sN.early sN.worked
 *             sN.miss sN.in sN.out sN.sym sN.present sN.req sN.inid sN.outid sN.manual.
 *             ex is "kind@session[:cause],..." with @d for the day, "-" for none.
 * Every case is also run with its taps shuffled and (when no now= is given) evaluated a month
 * later: both must give a byte-identical result.  */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/rules.h"
#include "tests/unit/srcdir.h"

enum sched_id {
	S_STD = 0,       /* standard 7:30-11:30 / 13:30-17:30, agency-wide */
	S_NORTH,         /* north-winter, north-summer 1/4 - 31/10 (Hải Dương style) */
	S_NGHEAN,        /* same profiles, summer from 16/4 */
	S_NIGHT,         /* roster: night duty 19:00-07:00 every day */
	S_SHIFTS,        /* roster: 06:00-14:00 and 14:00-22:00 back to back, every day */
	S_DAYNIGHT,      /* roster: 07:30-11:30 day and 19:00-07:00 night, every day */
	S_CHANGE,        /* standard for the agency; the person on north-winter from 2026-11-16 */
	S_ROSTERDAY,     /* standard, with a one-day roster (night duty) on 2026-11-25 */
	S_NONE,          /* no schedule at all */
	S_NEWER,         /* two unit assignments overlapping: the newer (north-winter from 11-01) wins */
	S_GRACE10,       /* standard hours with the profile's own grace of 10 minutes */
	S_COUNT
};

struct day_case {
	const char *name;
	const char *date;
	enum sched_id sched;
	const char *taps;
	const char *reqs;
	const char *opts;
	const char *expect;
};


#define SITE_OFFSET (7 * 3600)

static struct rules_cal_entry national[128];
static size_t nnational;

static int load_calendar(void **state)
{
	(void)state;
	static char buf[65536];
	long len = test_src_read("rules/data/holidays-vn.tsv", buf, sizeof buf);
	struct rules_parse_error err;
	if (len < 0)
		return -1;
	if (rules_holidays_parse(buf, (size_t)len, 0, national, 128, &nnational, &err) < 0) {
		fprintf(stderr, "holidays-vn.tsv: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static rules_date ymd(const char *s)
{
	int y, m, d;
	if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3)
		fail_msg("bad date %s", s);
	return rules_date_from_ymd(y, m, d);
}

/* ---- schedules ---------------------------------------------------------------------------- */

#define HM(h, m) ((int16_t)((h) * 60 + (m)))
#define ALL_DAYS ((uint8_t)0xfe)

static const struct rules_profile night_duty = {
	.name = "night-duty", .nsessions = 1, .follows_calendar = false, .roster_days = ALL_DAYS,
	.grace_min = -1, .sessions = { { "night", HM(19, 0), HM(7, 0) } },
};
static const struct rules_profile two_shifts = {
	.name = "two-shifts", .nsessions = 2, .follows_calendar = false, .roster_days = ALL_DAYS,
	.grace_min = -1,
	.sessions = { { "early", HM(6, 0), HM(14, 0) }, { "late", HM(14, 0), HM(22, 0) } },
};
static const struct rules_profile day_night = {
	.name = "day-night", .nsessions = 2, .follows_calendar = false, .roster_days = ALL_DAYS,
	.grace_min = -1,
	.sessions = { { "day", HM(7, 30), HM(11, 30) }, { "night", HM(19, 0), HM(7, 0) } },
};

static const struct rules_profile standard_grace_10 = {
	.name = "standard-grace-10", .nsessions = 2, .follows_calendar = true, .grace_min = 10,
	.sessions = { { "morning", HM(7, 30), HM(11, 30) }, { "afternoon", HM(13, 30), HM(17, 30) } },
};

static void make_schedule(enum sched_id id, struct rules_schedule_period *p, size_t *np)
{
	const struct rules_schedule_period open_std = {
		RULES_DATE_MIN, RULES_DATE_MAX, RULES_SPEC_AGENCY, &rules_profile_standard, NULL, 0, 0
	};
	*np = 1;
	p[0] = open_std;
	switch (id) {
	case S_STD:
		break;
	case S_NORTH:
	case S_NGHEAN:
		p[0].profile = &rules_profile_north_winter;
		p[0].summer = &rules_profile_north_summer;
		p[0].summer_from = id == S_NORTH ? 401 : 416;
		p[0].summer_to = 1031;
		break;
	case S_NIGHT:
		p[0].profile = &night_duty;
		break;
	case S_SHIFTS:
		p[0].profile = &two_shifts;
		break;
	case S_DAYNIGHT:
		p[0].profile = &day_night;
		break;
	case S_CHANGE:
		p[1] = (struct rules_schedule_period){ ymd("2026-11-16"), RULES_DATE_MAX,
						       RULES_SPEC_PERSON, &rules_profile_north_winter,
						       NULL, 0, 0 };
		*np = 2;
		break;
	case S_ROSTERDAY:
		p[1] = (struct rules_schedule_period){ ymd("2026-11-25"), ymd("2026-11-25"),
						       RULES_SPEC_ROSTER, &night_duty, NULL, 0, 0 };
		*np = 2;
		break;
	case S_NONE:
		*np = 0;
		break;
	case S_NEWER:
		p[0].specificity = RULES_SPEC_UNIT;
		p[1] = (struct rules_schedule_period){ ymd("2026-11-01"), RULES_DATE_MAX,
						       RULES_SPEC_UNIT, &rules_profile_north_winter,
						       NULL, 0, 0 };
		*np = 2;
		break;
	case S_GRACE10:
		p[0].profile = &standard_grace_10;
		break;
	case S_COUNT:
		break;
	}
}

/* ---- building the input from a case -------------------------------------------------------- */

struct built {
	struct rules_ruleset rs;
	struct rules_schedule_period periods[4];
	struct rules_schedule sched;
	struct rules_cal_entry entries[140];
	const char *toggles[4];
	char toggle_buf[4][RULES_TOGGLE_MAX];
	struct rules_calendar cal;
	struct rules_tap taps[64];
	struct rules_request reqs[8];
	struct rules_input in;
	rules_date date;
	rules_lsec now;
	bool now_given;
};

static rules_lsec parse_when(const char *tok, const char **ret_end, rules_date base)
{
	int off = 0, h = 0, m = 0, sec = 0, used = 0;
	const char *p = tok;
	if ((*p == '+' || *p == '-') && strchr(p, '/')) {
		off = atoi(p);
		p = strchr(p, '/') + 1;
	}
	if (sscanf(p, "%d:%d%n", &h, &m, &used) != 2)
		fail_msg("bad time in '%s'", tok);
	p += used;
	if (*p == ':') {
		if (sscanf(p + 1, "%d%n", &sec, &used) != 1)
			fail_msg("bad seconds in '%s'", tok);
		p += 1 + used;
	}
	*ret_end = p;
	return rules_lsec_at(base + off, h * 60 + m) + sec;
}

static void parse_taps(struct built *b, const char *spec)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", spec ? spec : "");
	size_t n = 0;
	for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		const char *p;
		struct rules_tap *t = &b->taps[n];
		memset(t, 0, sizeof(*t));
		t->id = (int64_t)n + 1;
		t->at = parse_when(tok, &p, b->date);
		for (; *p; p++) {
			switch (*p) {
			case 'i': t->dir = RULES_DIR_IN; break;
			case 'o': t->dir = RULES_DIR_OUT; break;
			case 'b': t->dir = RULES_DIR_BOTH; break;
			case 'z': t->at += SITE_OFFSET; break;
			case '!':
				p++;
				t->flags |= *p == 'd' ? RULES_TAP_DUPLICATE : *p == 'x' ? RULES_TAP_EXCLUDED
					  : *p == 'm' ? RULES_TAP_MANUAL : 0;
				break;
			default: fail_msg("bad tap suffix in '%s'", tok);
			}
		}
		n++;
	}
	b->in.taps = b->taps;
	b->in.ntaps = n;
}

static void parse_reqs(struct built *b, const char *spec)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", spec ? spec : "");
	size_t n = 0;
	for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		struct rules_request *r = &b->reqs[n];
		memset(r, 0, sizeof(*r));
		r->id = 101 + (int64_t)n;
		r->from = r->to = b->date;
		char *at = strchr(tok, '@');
		if (at) {
			*at = '\0';
			int a, z;
			if (sscanf(at + 1, "%d..%d", &a, &z) != 2)
				fail_msg("bad request range %s", at + 1);
			r->from = b->date + a;
			r->to = b->date + z;
		}
		char *colon = strchr(tok, ':');
		if (colon) {
			*colon = '\0';
			r->sessions = (uint8_t)atoi(colon + 1);
		}
		snprintf(r->symbol, sizeof(r->symbol), "%s", tok);
		n++;
	}
	b->in.requests = b->reqs;
	b->in.nrequests = n;
}

static void parse_opts(struct built *b, const char *spec)
{
	char buf[256];
	size_t ntoggles = 0;
	snprintf(buf, sizeof(buf), "%s", spec ? spec : "");
	for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *v = strchr(tok, '=');
		if (!v)
			fail_msg("bad option %s", tok);
		*v++ = '\0';
		if (!strcmp(tok, "now")) {
			const char *end;
			b->now = parse_when(v, &end, b->date);
			b->now_given = true;
		} else if (!strcmp(tok, "grace")) {
			b->rs.grace_min = atoi(v);
		} else if (!strcmp(tok, "late_half")) {
			b->rs.late_half_day_min = atoi(v);
		} else if (!strcmp(tok, "early_half")) {
			b->rs.early_half_day_min = atoi(v);
		} else if (!strcmp(tok, "missing_half")) {
			b->rs.missing_tap_is_half_day = atoi(v) != 0;
		} else if (!strcmp(tok, "double")) {
			b->rs.double_tap_sec = atoi(v);
		} else if (!strcmp(tok, "clip")) {
			b->rs.clip_worked_to_schedule = atoi(v) != 0;
		} else if (!strcmp(tok, "version")) {
			b->rs.version = (uint32_t)atoi(v);
		} else if (!strcmp(tok, "sep")) {
			snprintf(b->rs.half_day_separator, sizeof(b->rs.half_day_separator), "%s", v);
		} else if (!strcmp(tok, "toggle")) {
			snprintf(b->toggle_buf[ntoggles], RULES_TOGGLE_MAX, "%s", v);
			b->toggles[ntoggles] = b->toggle_buf[ntoggles];
			ntoggles++;
		} else if (!strcmp(tok, "agency")) {
			b->cal.agency_id = (uint32_t)atoi(v);
		} else if (!strcmp(tok, "arow")) {
			struct rules_cal_entry *e = &b->entries[b->cal.nentries++];
			memset(e, 0, sizeof(*e));
			e->date = ymd(v);
			e->kind = (uint8_t)rules_cal_kind_parse(v + 11, strlen(v + 11));
			e->agency_id = 7;
			snprintf(e->name_vi, sizeof(e->name_vi), "test");
		} else if (!strcmp(tok, "rest")) {
			b->cal.weekly_rest = (uint8_t)(1u << 7);
		} else {
			fail_msg("unknown option %s", tok);
		}
	}
	b->cal.toggles_on = b->toggles;
	b->cal.ntoggles_on = ntoggles;
}

static void build(struct built *b, const struct day_case *c)
{
	memset(b, 0, sizeof(*b));
	rules_ruleset_default(&b->rs);
	b->date = ymd(c->date);
	b->now = rules_lsec_at(b->date + 2, 12 * 60);
	make_schedule(c->sched, b->periods, &b->sched.nperiods);
	b->sched.periods = b->periods;
	memcpy(b->entries, national, nnational * sizeof(national[0]));
	b->cal.entries = b->entries;
	b->cal.nentries = nnational;
	b->in.ruleset = &b->rs;
	b->in.schedule = &b->sched;
	b->in.calendar = &b->cal;
	parse_taps(b, c->taps);
	parse_reqs(b, c->reqs);
	parse_opts(b, c->opts);
}

/* ---- rendering one field of a result -------------------------------------------------------- */

static void fmt_time(char *out, size_t cap, rules_lsec t, rules_date base, bool inferred)
{
	rules_date d = rules_date_of(t);
	int sod = (int)(t - (rules_lsec)d * RULES_DAY_SEC);
	char day[8] = "";
	if (d != base)
		snprintf(day, sizeof(day), "%+d/", (int)(d - base));
	if (sod % 60)
		snprintf(out, cap, "%s%02d:%02d:%02d%s", day, sod / 3600, sod / 60 % 60, sod % 60,
			 inferred ? "*" : "");
	else
		snprintf(out, cap, "%s%02d:%02d%s", day, sod / 3600, sod / 60 % 60, inferred ? "*" : "");
}

static void render_ex(const struct rules_day_result *r, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	if (r->nexceptions == 0) {
		snprintf(out, cap, "-");
		return;
	}
	for (size_t i = 0; i < r->nexceptions; i++) {
		const struct rules_exception *e = &r->exceptions[i];
		char sess[8];
		if (e->session < 0)
			snprintf(sess, sizeof(sess), "d");
		else
			snprintf(sess, sizeof(sess), "%d", e->session);
		len += (size_t)snprintf(out + len, cap - len, "%s%s@%s%s%s", i ? "," : "",
					rules_exception_name(e->kind), sess, e->cause ? ":" : "",
					rules_cause_name(e->cause));
	}
}

static void field(const struct rules_day_result *r, const char *key, char *out, size_t cap)
{
	if (!strcmp(key, "sym")) snprintf(out, cap, "%s", r->symbol);
	else if (!strcmp(key, "kind")) snprintf(out, cap, "%s", rules_day_kind_name(r->day_kind));
	else if (!strcmp(key, "working")) snprintf(out, cap, "%d", r->working_day);
	else if (!strcmp(key, "present")) snprintf(out, cap, "%d", r->present);
	else if (!strcmp(key, "late")) snprintf(out, cap, "%d", r->minutes_late);
	else if (!strcmp(key, "early")) snprintf(out, cap, "%d", r->minutes_early);
	else if (!strcmp(key, "worked")) snprintf(out, cap, "%d", r->minutes_worked);
	else if (!strcmp(key, "version")) snprintf(out, cap, "%u", r->ruleset_version);
	else if (!strcmp(key, "label")) snprintf(out, cap, "%s", r->ruleset_label);
	else if (!strcmp(key, "profile")) snprintf(out, cap, "%s", r->profile);
	else if (!strcmp(key, "nsess")) snprintf(out, cap, "%u", r->nsessions);
	else if (!strcmp(key, "ex")) render_ex(r, out, cap);
	else if (key[0] == 's' && key[1] >= '0' && key[1] <= '9' && key[2] == '.') {
		unsigned i = (unsigned)(key[1] - '0');
		const char *k = key + 3;
		if (i >= r->nsessions) {
			snprintf(out, cap, "(no session %u)", i);
			return;
		}
		const struct rules_session_result *s = &r->sessions[i];
		static const char *const miss[] = { "none", "in", "out", "both" };
		if (!strcmp(k, "st")) snprintf(out, cap, "%s", rules_session_status_name(s->status));
		else if (!strcmp(k, "late")) snprintf(out, cap, "%d", s->minutes_late);
		else if (!strcmp(k, "early")) snprintf(out, cap, "%d", s->minutes_early);
		else if (!strcmp(k, "worked")) snprintf(out, cap, "%d", s->minutes_worked);
		else if (!strcmp(k, "miss")) snprintf(out, cap, "%s", miss[s->missing & 3]);
		else if (!strcmp(k, "sym")) snprintf(out, cap, "%s", s->symbol);
		else if (!strcmp(k, "present")) snprintf(out, cap, "%d", s->present);
		else if (!strcmp(k, "req")) snprintf(out, cap, "%lld", (long long)s->request_id);
		else if (!strcmp(k, "inid")) snprintf(out, cap, "%lld", (long long)s->in_tap_id);
		else if (!strcmp(k, "outid")) snprintf(out, cap, "%lld", (long long)s->out_tap_id);
		else if (!strcmp(k, "manual"))
			snprintf(out, cap, "%s", s->in_manual ? (s->out_manual ? "both" : "in")
							     : (s->out_manual ? "out" : "-"));
		else if (!strcmp(k, "in") || !strcmp(k, "out")) {
			bool isin = !strcmp(k, "in");
			rules_lsec t = isin ? s->in_at : s->out_at;
			bool inf = isin ? s->in_inferred : s->out_inferred;
			bool known = t != 0 && (isin ? (s->in_tap_id || inf) : (s->out_tap_id || inf));
			if (!known)
				snprintf(out, cap, "-");
			else
				fmt_time(out, cap, t, r->date, inf);
		} else
			snprintf(out, cap, "(unknown key %s)", key);
	} else
		snprintf(out, cap, "(unknown key %s)", key);
}

/* ---- running a case ------------------------------------------------------------------------- */

static void check_expect(const struct day_case *c, const struct rules_day_result *r)
{
	char buf[1024];
	int failures = 0;
	snprintf(buf, sizeof(buf), "%s", c->expect);
	for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *v = strchr(tok, '=');
		if (!v)
			fail_msg("%s: bad expectation '%s'", c->name, tok);
		*v++ = '\0';
		char got[512];
		field(r, tok, got, sizeof(got));
		if (strcmp(got, v) != 0) {
			print_error("%s: %s expected '%s' got '%s'\n", c->name, tok, v, got);
			failures++;
		}
	}
	if (failures) {
		char all[512];
		render_ex(r, all, sizeof(all));
		print_error("%s: symbol '%s', exceptions %s\n", c->name, r->symbol, all);
		fail_msg("%s: %d field(s) differ", c->name, failures);
	}
}

static void run_case(void **state)
{
	const struct day_case *c = *state;
	struct built *b = calloc(1, sizeof(*b));
	struct rules_day_result r, again;

	assert_non_null(b);
	build(b, c);
	assert_int_equal(rules_evaluate_day(&b->in, b->date, b->now, &r), 0);
	check_expect(c, &r);

	/* The order taps arrive in must not matter: reverse them. */
	for (size_t i = 0; i < b->in.ntaps / 2; i++) {
		struct rules_tap t = b->taps[i];
		b->taps[i] = b->taps[b->in.ntaps - 1 - i];
		b->taps[b->in.ntaps - 1 - i] = t;
	}
	assert_int_equal(rules_evaluate_day(&b->in, b->date, b->now, &again), 0);
	assert_memory_equal(&r, &again, sizeof(r));

	/* A settled day evaluated a month later (a tap that came late) is the same day. */
	if (!b->now_given) {
		assert_int_equal(rules_evaluate_day(&b->in, b->date, b->now + 30 * RULES_DAY_SEC, &again), 0);
		assert_memory_equal(&r, &again, sizeof(r));
	}
	free(b);
}

/* Dates: 2026-11-23 is a Monday; 2026-11-24 is the 24/11 toggle day. */
static const struct day_case day_cases[] = {
	{ "on_time", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:35", "", "",
	  "sym=+ kind=working working=1 present=1 nsess=2 profile=standard s0.st=on_time s0.late=0 s0.early=0 s0.worked=240 s0.in=07:25 s0.out=11:35 s1.st=on_time s1.in=13:25 s1.out=17:35 s1.worked=240 worked=480 late=0 ex=-" },
	{ "late_within_grace", "2026-11-23", S_STD,
	  "07:34 11:35 13:25 17:35", "", "",
	  "s0.late=4 s0.st=on_time s0.worked=236 sym=+ ex=-" },
	{ "late_exactly_at_grace", "2026-11-23", S_STD,
	  "07:35 11:35 13:25 17:35", "", "",
	  "s0.late=5 s0.st=on_time ex=-" },
	{ "late_seconds_are_not_counted", "2026-11-23", S_STD,
	  "07:35:59 11:35 13:25 17:35", "", "",
	  "s0.late=5 s0.st=on_time s0.in=07:35:59 ex=-" },
	{ "late_beyond_grace", "2026-11-23", S_STD,
	  "07:36 11:35 13:25 17:35", "", "",
	  "s0.late=6 s0.st=late s0.sym=+ sym=+ ex=late@0" },
	{ "late_at_the_half_day_threshold", "2026-11-23", S_STD,
	  "08:30 11:35 13:25 17:35", "", "",
	  "s0.late=60 s0.st=late sym=+ ex=late@0" },
	{ "late_beyond_the_half_day_threshold", "2026-11-23", S_STD,
	  "08:31 11:35 13:25 17:35", "", "",
	  "s0.late=61 s0.st=missed s0.sym=K sym=K/+ ex=late@0,unexcused_half_day@0:late" },
	{ "late_in_the_afternoon_only", "2026-11-23", S_STD,
	  "07:25 11:35 13:50 17:35", "", "",
	  "s1.late=20 s1.st=late ex=late@1 sym=+" },
	{ "late_in_both_sessions_adds_up", "2026-11-23", S_STD,
	  "07:40 11:35 13:45 17:35", "", "",
	  "late=25 s0.st=late s1.st=late ex=late@0,late@1" },
	{ "late_and_early_in_one_session", "2026-11-23", S_STD,
	  "07:40 11:20 13:25 17:35", "", "",
	  "s0.st=late_and_early s0.late=10 s0.early=10 s0.worked=220 sym=+ ex=late@0,early_leave@0" },
	{ "late_beyond_threshold_both_sessions_is_a_K_day", "2026-11-23", S_STD,
	  "08:45 11:35 14:45 17:35", "", "",
	  "sym=K ex=late@0,unexcused_half_day@0:late,late@1,unexcused_half_day@1:late" },
	{ "early_leave", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:10", "", "",
	  "s1.early=20 s1.st=early_leave s1.worked=220 sym=+ ex=early_leave@1" },
	{ "early_leave_within_grace", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:26", "", "",
	  "s1.early=4 s1.st=on_time ex=-" },
	{ "early_leave_seconds_are_not_counted", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:24:30", "", "",
	  "s1.early=5 s1.st=on_time ex=-" },
	{ "early_leave_beyond_the_half_day_threshold", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 16:00", "", "",
	  "s1.early=90 s1.st=missed s1.sym=K sym=+/K ex=early_leave@1,unexcused_half_day@1:early" },
	{ "early_leave_before_lunch", "2026-11-23", S_STD,
	  "07:25 11:00 13:25 17:35", "", "",
	  "s0.early=30 s0.st=early_leave s1.in=13:25 ex=early_leave@0" },
	{ "leaving_before_the_midpoint_reads_as_missing_out", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 15:00", "", "",
	  "s1.miss=out s1.st=missed s1.out=17:30* s1.worked=90 sym=+/K ex=missing_out@1,unexcused_half_day@1:missing_tap" },
	{ "taps_exactly_at_session_boundaries", "2026-11-23", S_STD,
	  "07:30 11:30 13:30 17:30", "", "",
	  "s0.late=0 s0.early=0 s0.worked=240 s1.worked=240 sym=+ ex=-" },
	{ "tap_one_second_after_start_is_on_time", "2026-11-23", S_STD,
	  "07:30:01 11:30 13:30 17:30", "", "",
	  "s0.late=0 s0.st=on_time ex=-" },
	{ "missing_out_in_the_morning", "2026-11-23", S_STD,
	  "07:25 13:25 17:35", "", "",
	  "s0.miss=out s0.out=11:30* s0.st=missed s0.worked=240 s1.st=on_time sym=K/+ ex=missing_out@0,unexcused_half_day@0:missing_tap" },
	{ "missing_out_when_the_rule_set_is_lenient", "2026-11-23", S_STD,
	  "07:25 13:25 17:35", "", "missing_half=0",
	  "s0.st=incomplete s0.sym=+ sym=+ ex=missing_out@0" },
	{ "missing_in_in_the_afternoon", "2026-11-23", S_STD,
	  "07:25 11:35 17:35", "", "",
	  "s1.miss=in s1.in=13:30* s1.st=missed s1.worked=240 s0.st=on_time sym=+/K ex=missing_in@1,unexcused_half_day@1:missing_tap" },
	{ "missing_in_when_the_rule_set_is_lenient", "2026-11-23", S_STD,
	  "07:25 11:35 17:35", "", "missing_half=0",
	  "s1.st=incomplete sym=+ ex=missing_in@1" },
	{ "no_lunch_taps_misses_both_halves", "2026-11-23", S_STD,
	  "07:25 17:35", "", "",
	  "s0.miss=out s1.miss=in sym=K ex=missing_out@0,unexcused_half_day@0:missing_tap,missing_in@1,unexcused_half_day@1:missing_tap" },
	{ "no_lunch_taps_lenient_is_a_worked_day", "2026-11-23", S_STD,
	  "07:25 17:35", "", "missing_half=0",
	  "sym=+ s0.st=incomplete s1.st=incomplete worked=480" },
	{ "only_one_tap_in_the_morning", "2026-11-23", S_STD,
	  "07:20", "", "",
	  "s0.miss=out s1.miss=both s1.st=absent s1.present=0 sym=K ex=missing_out@0,unexcused_half_day@0:missing_tap,unexcused_half_day@1:absent" },
	{ "only_one_tap_in_the_evening", "2026-11-23", S_STD,
	  "17:40", "", "",
	  "s0.st=absent s1.miss=in s1.out=17:40 sym=K ex=unexcused_half_day@0:absent,missing_in@1,unexcused_half_day@1:missing_tap" },
	{ "no_taps_on_a_working_day", "2026-11-23", S_STD,
	  "", "", "",
	  "sym=K present=0 s0.st=absent s1.st=absent s0.miss=both worked=0 ex=unexcused_half_day@0:absent,unexcused_half_day@1:absent" },
	{ "double_tap_at_arrival", "2026-11-23", S_STD,
	  "07:25 07:25:03 11:35 13:25 17:35", "", "",
	  "s0.st=on_time s0.in=07:25 s0.inid=1 s0.outid=3 ex=-" },
	{ "double_tap_alone_stays_an_in", "2026-11-23", S_STD,
	  "07:25 07:25:04 13:25 17:35", "", "",
	  "s0.miss=out s0.in=07:25 s0.early=0 ex=missing_out@0,unexcused_half_day@0:missing_tap" },
	{ "triple_tap_at_arrival", "2026-11-23", S_STD,
	  "07:25 07:25:02 07:25:05 11:35 13:25 17:35", "", "",
	  "s0.in=07:25 s0.inid=1 s0.outid=4 sym=+ ex=-" },
	{ "double_tap_three_minutes_apart", "2026-11-23", S_STD,
	  "07:25 07:28 11:35 13:25 17:35", "", "",
	  "s0.in=07:25 s0.inid=1 ex=-" },
	{ "double_tap_when_leaving_counts_the_last", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:29 17:31", "", "",
	  "s1.out=17:31 s1.outid=5 s1.early=0 ex=-" },
	{ "two_arrival_taps_six_minutes_apart", "2026-11-23", S_STD,
	  "07:25 07:31 11:35 13:25 17:35", "", "",
	  "s0.in=07:25 s0.worked=240 s0.st=on_time ex=-" },
	{ "double_tap_without_debounce_is_still_an_in", "2026-11-23", S_STD,
	  "07:25 07:25:03 13:25 17:35", "", "double=0",
	  "s0.miss=out s0.in=07:25 s0.early=0 s0.worked=0" },
	{ "first_tap_at_the_exit_reader", "2026-11-23", S_STD,
	  "07:25o 11:35 13:25 17:35o", "", "",
	  "s0.in=07:25 s0.st=on_time sym=+ ex=-" },
	{ "every_direction_hint_backwards", "2026-11-23", S_STD,
	  "07:25o 11:35i 13:25o 17:35i", "", "",
	  "s0.in=07:25 s1.out=17:35 sym=+ ex=-" },
	{ "single_exit_reader_tap_in_the_morning_is_an_in", "2026-11-23", S_STD,
	  "07:25o 13:25 17:35", "", "",
	  "s0.miss=out s0.in=07:25" },
	{ "tap_on_the_midpoint_with_out_hint_is_an_out", "2026-11-23", S_STD,
	  "07:25 09:30o 13:25 17:35", "", "",
	  "s0.out=09:30 s0.early=120 s0.st=missed ex=early_leave@0,unexcused_half_day@0:early" },
	{ "tap_on_the_midpoint_with_in_hint_is_an_in", "2026-11-23", S_STD,
	  "09:30i 11:35 13:25 17:35", "", "",
	  "s0.in=09:30 s0.late=120 s0.st=missed ex=late@0,unexcused_half_day@0:late" },
	{ "tap_on_the_midpoint_with_both_hint_is_an_in", "2026-11-23", S_STD,
	  "09:30b 11:35 13:25 17:35", "", "",
	  "s0.in=09:30 s0.miss=none ex=late@0,unexcused_half_day@0:late" },
	{ "lone_lunch_tap_goes_to_the_session_lacking_it", "2026-11-23", S_STD,
	  "07:25 12:40 13:45 17:35", "", "",
	  "s0.out=12:40 s0.st=on_time s1.in=13:45 s1.late=15 s1.st=late ex=late@1" },
	{ "lone_lunch_tap_goes_to_the_nearer_session", "2026-11-23", S_STD,
	  "07:25 11:50 17:35", "", "",
	  "s0.out=11:50 s1.miss=in ex=missing_in@1,unexcused_half_day@1:missing_tap" },
	{ "lone_lunch_tap_near_the_afternoon", "2026-11-23", S_STD,
	  "07:25 13:20 17:35", "", "",
	  "s0.miss=out s1.in=13:20 s1.st=on_time" },
	{ "lunch_break_with_an_extra_tap", "2026-11-23", S_STD,
	  "07:25 11:35 12:00 13:25 17:35", "", "",
	  "s0.out=12:00 s0.worked=240 sym=+ ex=-" },
	{ "break_inside_the_morning_is_paired", "2026-11-23", S_STD,
	  "07:25 09:00 09:20 11:35 13:25 17:35", "", "",
	  "s0.worked=220 s0.st=on_time worked=460" },
	{ "odd_interior_tap_is_a_pass_through", "2026-11-23", S_STD,
	  "07:25 10:00 11:35 13:25 17:35", "", "",
	  "s0.worked=240 ex=-" },
	{ "stray_tap_late_at_night", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:35 23:50", "", "",
	  "sym=+ ex=stray_tap@d" },
	{ "stray_tap_before_dawn", "2026-11-23", S_STD,
	  "02:00 07:25 11:35 13:25 17:35", "", "",
	  "s0.in=07:25 ex=stray_tap@d" },
	{ "early_arrival_within_the_capture_window", "2026-11-23", S_STD,
	  "04:45 11:35 13:25 17:35", "", "",
	  "s0.in=04:45 s0.late=0 s0.worked=240 ex=-" },
	{ "leaving_late_in_the_evening", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 19:00", "", "",
	  "s1.out=19:00 s1.worked=240 ex=-" },
	{ "worked_time_not_clipped_when_configured", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:35", "", "clip=0",
	  "s0.worked=250 s1.worked=250 worked=500" },
	{ "night_shift_dated_by_its_start", "2026-11-23", S_NIGHT,
	  "18:55 +1/07:05", "", "",
	  "nsess=1 profile=night-duty s0.in=18:55 s0.out=+1/07:05 s0.st=on_time s0.worked=720 sym=+ ex=-" },
	{ "night_shift_taps_do_not_count_for_the_next_date", "2026-11-24", S_NIGHT,
	  "-1/18:55 07:05", "", "",
	  "s0.st=absent sym=K ex=unexcused_half_day@0:absent" },
	{ "night_shift_missing_out", "2026-11-23", S_NIGHT,
	  "18:55", "", "",
	  "s0.miss=out s0.out=+1/07:00* sym=K ex=missing_out@0,unexcused_half_day@0:missing_tap" },
	{ "night_shift_late", "2026-11-23", S_NIGHT,
	  "19:20 +1/07:05", "", "",
	  "s0.late=20 s0.st=late ex=late@0" },
	{ "night_shift_early_leave_after_midnight", "2026-11-23", S_NIGHT,
	  "18:55 +1/05:00", "", "",
	  "s0.early=120 s0.st=missed ex=early_leave@0,unexcused_half_day@0:early" },
	{ "night_shift_first_tap_after_midnight", "2026-11-23", S_NIGHT,
	  "+1/00:10", "", "",
	  "s0.late=310 s0.miss=out ex=missing_out@0,late@0,unexcused_half_day@0:missing_tap" },
	{ "night_shift_on_a_holiday_is_worked", "2026-09-02", S_NIGHT,
	  "18:55 +1/07:05", "", "",
	  "kind=holiday working=1 sym=+ ex=-" },
	{ "night_shift_sunday_into_monday", "2026-11-22", S_NIGHT,
	  "19:00 +1/07:00", "", "",
	  "kind=weekend working=1 sym=+ s0.worked=720" },
	{ "night_shift_pending_before_morning", "2026-11-23", S_NIGHT,
	  "18:55", "", "now=+1/06:00",
	  "s0.st=pending sym= ex=-" },
	{ "night_shift_with_utc_taps", "2026-11-23", S_NIGHT,
	  "11:55z 23:59z", "", "",
	  "s0.in=18:55 s0.out=+1/06:59 s0.early=1 sym=+ ex=-" },
	{ "back_to_back_shifts_share_one_handover_tap", "2026-11-23", S_SHIFTS,
	  "05:55 14:02 21:58", "", "",
	  "nsess=2 s0.out=14:02 s0.st=on_time s0.worked=480 s1.in=14:02 s1.late=2 s1.st=on_time s1.worked=476 sym=+ ex=-" },
	{ "back_to_back_shifts_double_tap_across_the_change", "2026-11-23", S_SHIFTS,
	  "05:55 13:58 14:01 22:05", "", "",
	  "s0.out=14:01 s1.in=13:58 s0.worked=480 s1.worked=480 sym=+ ex=-" },
	{ "back_to_back_shifts_second_shift_only", "2026-11-23", S_SHIFTS,
	  "13:55 22:05", "", "",
	  "s0.miss=in s0.st=missed s1.in=13:55 s1.st=on_time sym=K/+ ex=missing_in@0,unexcused_half_day@0:missing_tap" },
	{ "day_and_night_shift_on_one_date", "2026-11-23", S_DAYNIGHT,
	  "07:25 11:35 18:55 +1/07:05", "", "",
	  "nsess=2 s0.st=on_time s1.st=on_time s1.out=+1/07:05 sym=+ ex=-" },
	{ "day_after_a_night_shift_splits_the_morning_taps", "2026-11-24", S_DAYNIGHT,
	  "-1/07:25 -1/11:35 -1/18:55 07:05 07:28 11:35", "", "",
	  "s0.in=07:28 s0.st=on_time s1.st=absent sym=+/K ex=unexcused_half_day@1:absent" },
	{ "holiday_national_day", "2026-09-02", S_STD,
	  "", "", "",
	  "sym=L kind=holiday working=0 nsess=0 present=0 ex=-" },
	{ "holiday_with_taps_is_not_a_working_day", "2026-09-02", S_STD,
	  "08:00 16:00", "", "",
	  "sym=L ex=tap_on_day_off@d,tap_on_day_off@d" },
	{ "weekend_without_taps_is_not_absent", "2026-11-28", S_STD,
	  "", "", "",
	  "sym= kind=weekend working=0 ex=-" },
	{ "weekend_tap_is_information_only", "2026-11-28", S_STD,
	  "09:00", "", "",
	  "sym= ex=tap_on_day_off@d" },
	{ "sunday_is_a_weekend", "2026-11-29", S_STD,
	  "", "", "",
	  "kind=weekend sym= ex=-" },
	{ "compensatory_day_off_after_gio_to_on_sunday", "2026-04-27", S_STD,
	  "", "", "",
	  "sym=Nb kind=compensatory_day_off working=0 ex=-" },
	{ "gio_to_2026_on_a_sunday", "2026-04-26", S_STD,
	  "", "", "",
	  "sym=L kind=holiday" },
	{ "gio_to_2025", "2025-04-07", S_STD,
	  "", "", "",
	  "sym=L kind=holiday" },
	{ "swapped_saturday_worked", "2026-08-22", S_STD,
	  "07:25 11:35 13:25 17:35", "", "",
	  "kind=swapped_working_day working=1 sym=+ ex=-" },
	{ "swapped_saturday_absent", "2026-08-22", S_STD,
	  "", "", "",
	  "sym=K s0.st=absent" },
	{ "swapped_weekday_off", "2026-08-31", S_STD,
	  "", "", "",
	  "kind=swapped_day_off working=0 sym= ex=-" },
	{ "swapped_weekday_off_with_a_tap", "2026-08-31", S_STD,
	  "08:00", "", "",
	  "sym= ex=tap_on_day_off@d" },
	{ "new_year_2026_friday_swapped_off", "2026-01-02", S_STD,
	  "", "", "",
	  "kind=swapped_day_off sym=" },
	{ "new_year_2026_saturday_worked", "2026-01-10", S_STD,
	  "", "", "",
	  "kind=swapped_working_day sym=K" },
	{ "new_year_2025", "2025-01-01", S_STD,
	  "", "", "",
	  "sym=L kind=holiday" },
	{ "tet_2026_eve", "2026-02-16", S_STD,
	  "", "", "",
	  "sym=L" },
	{ "tet_2026_first_day", "2026-02-17", S_STD,
	  "", "", "",
	  "sym=L kind=holiday" },
	{ "tet_2026_saturday_inside_the_break", "2026-02-14", S_STD,
	  "", "", "",
	  "kind=weekend sym=" },
	{ "tet_2026_back_to_work", "2026-02-23", S_STD,
	  "07:25 11:35 13:25 17:35", "", "",
	  "kind=working sym=+" },
	{ "tet_2025_first_day", "2025-01-29", S_STD,
	  "", "", "",
	  "sym=L" },
	{ "tet_2025_first_weekday_of_the_break", "2025-01-27", S_STD,
	  "", "", "",
	  "sym=L" },
	{ "swap_2025_saturday_worked", "2025-04-26", S_STD,
	  "", "", "",
	  "kind=swapped_working_day sym=K" },
	{ "swap_2025_friday_off", "2025-05-02", S_STD,
	  "", "", "",
	  "kind=swapped_day_off sym=" },
	{ "national_day_2025_adjacent_day", "2025-09-01", S_STD,
	  "", "", "",
	  "sym=L" },
	{ "national_day_2026_adjacent_day", "2026-09-01", S_STD,
	  "", "", "",
	  "sym=L" },
	{ "culture_day_toggle_off_is_a_working_day", "2026-11-24", S_STD,
	  "", "", "",
	  "kind=working sym=K" },
	{ "culture_day_toggle_on_is_a_holiday", "2026-11-24", S_STD,
	  "", "", "toggle=vn-culture-day",
	  "kind=holiday sym=L ex=-" },
	{ "culture_day_2027_toggle_on", "2027-11-24", S_STD,
	  "", "", "toggle=vn-culture-day",
	  "sym=L" },
	{ "provisional_tet_2027_compensatory_day", "2027-02-10", S_STD,
	  "", "", "",
	  "sym=Nb kind=compensatory_day_off" },
	{ "provisional_labour_day_2027_compensatory_day", "2027-05-03", S_STD,
	  "", "", "",
	  "sym=Nb" },
	{ "agency_row_replaces_the_national_row", "2026-08-31", S_STD,
	  "07:25 11:35 13:25 17:35", "", "agency=7 arow=2026-08-31:swapped_working_day",
	  "kind=swapped_working_day working=1 sym=+" },
	{ "agency_row_of_another_agency_is_ignored", "2026-08-31", S_STD,
	  "", "", "agency=8 arow=2026-08-31:swapped_working_day",
	  "kind=swapped_day_off sym=" },
	{ "agency_local_holiday", "2026-11-25", S_STD,
	  "", "", "agency=7 arow=2026-11-25:holiday",
	  "sym=L kind=holiday" },
	{ "weekly_rest_on_sunday_only", "2026-11-28", S_STD,
	  "", "", "rest=sun",
	  "kind=working sym=K" },
	{ "full_day_leave", "2026-11-23", S_STD,
	  "", "P", "",
	  "sym=P s0.st=excused s1.st=excused s0.req=101 present=0 ex=-" },
	{ "full_day_leave_with_stray_taps", "2026-11-23", S_STD,
	  "08:00 16:00", "P", "",
	  "sym=P present=1 ex=taps_during_request@0,taps_during_request@1" },
	{ "half_day_leave_morning_with_afternoon_taps", "2026-11-23", S_STD,
	  "13:25 17:35", "P:1", "",
	  "sym=P/+ s0.st=excused s1.st=on_time ex=-" },
	{ "half_day_leave_afternoon_with_morning_taps", "2026-11-23", S_STD,
	  "07:25 11:35", "P:2", "",
	  "sym=+/P s0.st=on_time s1.st=excused ex=-" },
	{ "half_day_leave_afternoon_and_late_morning", "2026-11-23", S_STD,
	  "07:45 11:35", "P:2", "",
	  "sym=+/P s0.late=15 ex=late@0" },
	{ "half_day_leave_does_not_excuse_the_other_half", "2026-11-23", S_STD,
	  "", "P:1", "",
	  "sym=P/K ex=unexcused_half_day@1:absent" },
	{ "leave_approved_after_an_absent_day", "2026-11-23", S_STD,
	  "", "P", "now=+10/09:00",
	  "sym=P ex=-" },
	{ "business_trip_ct", "2026-11-23", S_STD,
	  "", "CT@-1..2", "",
	  "sym=CT s0.sym=CT s1.sym=CT" },
	{ "business_trip_with_taps", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:35", "CT", "",
	  "sym=CT present=1 s0.worked=240 ex=taps_during_request@0,taps_during_request@1" },
	{ "sick_leave", "2026-11-23", S_STD,
	  "", "Ô", "",
	  "sym=Ô" },
	{ "child_sick", "2026-11-23", S_STD,
	  "", "Cô", "",
	  "sym=Cô" },
	{ "maternity_leave", "2026-11-23", S_STD,
	  "", "Ts@-30..60", "",
	  "sym=Ts" },
	{ "accident", "2026-11-23", S_STD,
	  "", "T", "",
	  "sym=T" },
	{ "training_half_day", "2026-11-23", S_STD,
	  "13:25 17:35", "H:1", "",
	  "sym=H/+" },
	{ "unpaid_leave", "2026-11-23", S_STD,
	  "", "No", "",
	  "sym=No" },
	{ "work_stoppage", "2026-11-23", S_STD,
	  "", "N", "",
	  "sym=N" },
	{ "civic_labour_duty", "2026-11-23", S_STD,
	  "", "Lđ", "",
	  "sym=Lđ" },
	{ "compensatory_rest_request", "2026-11-23", S_STD,
	  "", "Nb", "",
	  "sym=Nb" },
	{ "sick_leave_beats_annual_leave", "2026-11-23", S_STD,
	  "", "P Ô", "",
	  "sym=Ô s0.req=102" },
	{ "maternity_beats_business_trip", "2026-11-23", S_STD,
	  "", "CT Ts", "",
	  "sym=Ts s0.req=102" },
	{ "half_day_sick_over_full_day_leave", "2026-11-23", S_STD,
	  "", "P Ô:2", "",
	  "sym=P/Ô s0.req=101 s1.req=102" },
	{ "same_symbol_the_earlier_request_wins", "2026-11-23", S_STD,
	  "", "P P", "",
	  "s0.req=101 s1.req=101" },
	{ "request_on_a_holiday_is_ignored", "2026-09-02", S_STD,
	  "", "P", "",
	  "sym=L ex=-" },
	{ "request_on_a_weekend_is_ignored", "2026-11-28", S_STD,
	  "", "P", "",
	  "sym= ex=-" },
	{ "request_range_covers_the_date", "2026-11-23", S_STD,
	  "", "P@-3..3", "",
	  "sym=P" },
	{ "request_range_ended_the_day_before", "2026-11-23", S_STD,
	  "", "P@-3..-1", "",
	  "sym=K" },
	{ "request_range_starts_the_day_after", "2026-11-23", S_STD,
	  "", "P@1..3", "",
	  "sym=K" },
	{ "local_symbol_request", "2026-11-23", S_STD,
	  "", "ĐH", "",
	  "sym=ĐH" },
	{ "request_covers_a_missing_out", "2026-11-23", S_STD,
	  "07:25 11:35 13:25", "P:2", "",
	  "sym=+/P ex=taps_during_request@1" },
	{ "request_covers_a_late_morning", "2026-11-23", S_STD,
	  "08:45 11:35 13:25 17:35", "P:1", "",
	  "sym=P/+ s0.late=75 ex=taps_during_request@0" },
	{ "pending_before_the_session_starts", "2026-11-23", S_STD,
	  "", "", "now=+0/07:00",
	  "s0.st=pending s1.st=pending sym= ex=-" },
	{ "pending_morning_in_progress", "2026-11-23", S_STD,
	  "07:25", "", "now=+0/10:00",
	  "s0.st=pending s0.in=07:25 s0.late=0 sym= ex=-" },
	{ "pending_late_is_known_but_not_yet_an_exception", "2026-11-23", S_STD,
	  "07:45", "", "now=+0/10:00",
	  "s0.st=pending s0.late=15 ex=-" },
	{ "morning_settled_afternoon_pending", "2026-11-23", S_STD,
	  "07:25", "", "now=+0/12:01",
	  "s0.st=missed s0.miss=out s1.st=pending sym= ex=missing_out@0,unexcused_half_day@0:missing_tap" },
	{ "settled_exactly_at_end_plus_settle_time", "2026-11-23", S_STD,
	  "07:25 11:35", "", "now=+0/12:00",
	  "s0.st=on_time s1.st=pending" },
	{ "pending_one_minute_before_settling", "2026-11-23", S_STD,
	  "07:25 11:35", "", "now=+0/11:59",
	  "s0.st=pending s0.out=11:35" },
	{ "absent_known_once_settled", "2026-11-23", S_STD,
	  "", "", "now=+0/12:00",
	  "s0.st=absent s1.st=pending sym= ex=unexcused_half_day@0:absent" },
	{ "now_before_the_day", "2026-11-23", S_STD,
	  "", "", "now=-1/12:00",
	  "s0.st=pending s1.st=pending ex=-" },
	{ "tap_arriving_a_week_late", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:35", "", "now=+7/12:00",
	  "sym=+ s0.st=on_time ex=-" },
	{ "manual_tap_fills_a_missing_out", "2026-11-23", S_STD,
	  "07:25 11:35!m 13:25 17:35", "", "",
	  "s0.st=on_time s0.manual=out s0.outid=2 sym=+ ex=-" },
	{ "manual_tap_fills_a_missing_in", "2026-11-23", S_STD,
	  "07:28!m 11:35 13:25 17:35", "", "",
	  "s0.manual=in s0.st=on_time" },
	{ "excluded_tap_is_ignored", "2026-11-23", S_STD,
	  "07:25!x 07:50 11:35 13:25 17:35", "", "",
	  "s0.in=07:50 s0.late=20 s0.st=late ex=late@0" },
	{ "excluded_only_tap_means_absent", "2026-11-23", S_STD,
	  "07:25!x", "", "",
	  "s0.st=absent s0.present=0 sym=K" },
	{ "manual_tap_replaces_an_excluded_one", "2026-11-23", S_STD,
	  "07:50!x 07:28!m 11:35 13:25 17:35", "", "",
	  "s0.in=07:28 s0.manual=in s0.inid=2 s0.st=on_time ex=-" },
	{ "duplicate_flagged_tap_is_ignored", "2026-11-23", S_STD,
	  "07:25 11:35 11:35:10!d 13:25 17:35", "", "",
	  "s0.outid=2 ex=-" },
	{ "duplicate_flagged_only_tap_means_absent", "2026-11-23", S_STD,
	  "07:25!d", "", "",
	  "s0.st=absent" },
	{ "summer_switch_day_uses_summer_hours", "2026-04-01", S_NORTH,
	  "07:10 12:05 13:25 17:05", "", "",
	  "profile=north-summer s0.late=10 ex=late@0" },
	{ "day_before_the_summer_switch_uses_winter_hours", "2026-03-31", S_NORTH,
	  "07:10 12:05 13:25 17:05", "", "",
	  "profile=north-winter s0.late=0 sym=+ ex=-" },
	{ "last_summer_day", "2025-10-31", S_NORTH,
	  "07:05 11:35 13:25 17:05", "", "",
	  "profile=north-summer s0.late=5 ex=-" },
	{ "first_winter_working_day", "2026-11-02", S_NORTH,
	  "07:05 11:35 13:25 17:05", "", "",
	  "profile=north-winter s0.early=25 ex=early_leave@0" },
	{ "winter_morning_ends_at_noon", "2026-11-23", S_NORTH,
	  "07:25 11:45 13:25 17:05", "", "",
	  "profile=north-winter s0.early=15 ex=early_leave@0" },
	{ "province_summer_from_16_april_day_before", "2026-04-15", S_NGHEAN,
	  "07:10 12:05 13:25 17:05", "", "",
	  "profile=north-winter ex=-" },
	{ "province_summer_from_16_april_switch_day", "2026-04-16", S_NGHEAN,
	  "07:10 12:05 13:25 17:05", "", "",
	  "profile=north-summer ex=late@0" },
	{ "person_assignment_overrides_the_agency", "2026-11-23", S_CHANGE,
	  "07:25 12:05 13:25 17:05", "", "",
	  "profile=north-winter ex=-" },
	{ "agency_profile_before_the_person_assignment", "2026-11-13", S_CHANGE,
	  "07:25 11:35 13:25 17:35", "", "",
	  "profile=standard ex=-" },
	{ "newer_unit_assignment_wins", "2026-11-23", S_NEWER,
	  "", "", "",
	  "profile=north-winter" },
	{ "older_unit_assignment_before_the_newer_starts", "2026-10-30", S_NEWER,
	  "", "", "",
	  "profile=standard" },
	{ "one_day_roster_replaces_the_profile", "2026-11-25", S_ROSTERDAY,
	  "18:55 +1/07:05", "", "",
	  "profile=night-duty nsess=1 sym=+ ex=-" },
	{ "day_before_a_roster_day_is_standard", "2026-11-24", S_ROSTERDAY,
	  "07:25 11:35 13:25 17:35", "", "",
	  "profile=standard sym=+ ex=-" },
	{ "no_schedule_on_a_working_day", "2026-11-23", S_NONE,
	  "", "", "",
	  "working=0 nsess=0 sym= ex=no_schedule@d" },
	{ "no_schedule_on_a_weekend_is_fine", "2026-11-28", S_NONE,
	  "", "", "",
	  "ex=-" },
	{ "utc_taps_converted_to_local_time", "2026-11-23", S_STD,
	  "00:25z 04:35z 06:25z 10:35z", "", "",
	  "s0.in=07:25 s1.out=17:35 sym=+ ex=-" },
	{ "utc_previous_day_is_local_today", "2026-11-23", S_STD,
	  "-1/23:55z 04:35z 06:25z 10:35z", "", "",
	  "s0.in=06:55 s0.st=on_time ex=-" },
	{ "utc_17_00_is_the_next_local_day", "2026-11-23", S_STD,
	  "00:25z 04:35z 06:25z 10:35z 17:00z", "", "",
	  "sym=+ ex=-" },
	{ "tap_at_23_59_59_is_the_same_day", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:35 23:59:59", "", "",
	  "ex=stray_tap@d" },
	{ "tap_at_local_midnight_is_the_next_day", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:35 +1/00:00", "", "",
	  "ex=-" },
	{ "rule_set_version_recorded", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 17:35", "", "version=42",
	  "version=42 label=vn-default-2026.1" },
	{ "rule_set_version_recorded_on_a_day_off", "2026-11-28", S_STD,
	  "", "", "version=7",
	  "version=7" },
	{ "rule_set_default_version", "2026-11-23", S_STD,
	  "", "", "",
	  "version=1" },
	{ "vendor_grace_15_within", "2026-11-23", S_STD,
	  "07:44 11:35 13:25 17:35", "", "grace=15",
	  "s0.late=14 s0.st=on_time ex=-" },
	{ "vendor_grace_15_beyond", "2026-11-23", S_STD,
	  "07:46 11:35 13:25 17:35", "", "grace=15",
	  "s0.late=16 ex=late@0" },
	{ "grace_zero", "2026-11-23", S_STD,
	  "07:31 11:35 13:25 17:35", "", "grace=0",
	  "s0.late=1 ex=late@0" },
	{ "half_day_threshold_30_minutes", "2026-11-23", S_STD,
	  "08:01 11:35 13:25 17:35", "", "late_half=30",
	  "s0.st=missed ex=late@0,unexcused_half_day@0:late" },
	{ "early_half_day_threshold_30_minutes", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 16:59", "", "early_half=30",
	  "s1.st=missed ex=early_leave@1,unexcused_half_day@1:early" },
	{ "custom_half_day_separator", "2026-11-23", S_STD,
	  "13:25 17:35", "P:1", "sep=-",
	  "sym=P-+" },
	{ "profile_grace_overrides_the_rule_set", "2026-11-23", S_GRACE10,
	  "07:40 11:35 13:25 17:35", "", "",
	  "s0.late=10 s0.st=on_time ex=-" },
	{ "profile_grace_exceeded", "2026-11-23", S_GRACE10,
	  "07:41 11:35 13:25 17:35", "", "",
	  "s0.late=11 s0.st=late ex=late@0" },
	{ "profile_grace_applies_to_early_leave_too", "2026-11-23", S_GRACE10,
	  "07:25 11:35 13:25 17:20", "", "",
	  "s1.early=10 s1.st=on_time ex=-" },
	{ "leave_on_a_rostered_holiday_night", "2026-09-02", S_NIGHT,
	  "", "P", "",
	  "kind=holiday working=1 sym=P s0.st=excused ex=-" },
	{ "excluded_tap_on_a_holiday_is_not_reported", "2026-09-02", S_STD,
	  "08:00!x", "", "",
	  "sym=L ex=-" },
	{ "manual_tap_on_a_weekend_is_information", "2026-11-28", S_STD,
	  "09:00!m", "", "",
	  "sym= ex=tap_on_day_off@d" },
	{ "afternoon_double_tap_then_real_out", "2026-11-23", S_STD,
	  "07:25 11:35 13:25 13:25:02 17:35", "", "",
	  "s1.in=13:25 s1.out=17:35 s1.worked=240 ex=-" },
	{ "errand_out_and_back_is_not_worked_time", "2026-11-23", S_STD,
	  "07:25 09:00 09:30 11:35 13:25 17:35", "", "",
	  "s0.worked=210 s0.st=on_time ex=-" },
	{ "back_to_back_first_shift_only_leaves_the_second_absent", "2026-11-23", S_SHIFTS,
	  "05:55 13:58", "", "",
	  "s0.st=on_time s0.out=13:58 s1.st=absent s1.present=0 sym=+/K ex=unexcused_half_day@1:absent" },
	{ "back_to_back_shifts_with_no_tap_at_the_change", "2026-11-23", S_SHIFTS,
	  "05:55 21:58", "", "",
	  "s0.miss=out s1.miss=in sym=K ex=missing_out@0,unexcused_half_day@0:missing_tap,missing_in@1,unexcused_half_day@1:missing_tap" },
};

int main(void)
{
	size_t n = sizeof(day_cases) / sizeof(day_cases[0]);
	struct CMUnitTest *tests = calloc(n, sizeof(*tests));
	if (!tests)
		return 1;
	for (size_t i = 0; i < n; i++) {
		tests[i].name = day_cases[i].name;
		tests[i].test_func = run_case;
		tests[i].initial_state = (void *)(uintptr_t)&day_cases[i];
	}
	int rc = _cmocka_run_group_tests("rules_day", tests, n, load_calendar, NULL);
	free(tests);
	return rc;
}
