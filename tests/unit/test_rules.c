/* Rules engine: the day evaluation, case by case.  A case: a case is one line of text (taps, requests, options,
 * expected fields), so a reader sees the situation and the verdict together.
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
	static const char *const paths[] = { "rules/data/holidays-vn.tsv",
					     "../rules/data/holidays-vn.tsv",
					     "../../rules/data/holidays-vn.tsv" };
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		FILE *f = fopen(paths[i], "rb");
		if (!f)
			continue;
		static char buf[65536];
		size_t len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		struct rules_parse_error err;
		if (rules_holidays_parse(buf, len, 0, national, 128, &nnational, &err) < 0) {
			fprintf(stderr, "holidays-vn.tsv: %s\n", err.msg);
			return -1;
		}
		return 0;
	}
	fprintf(stderr, "rules/data/holidays-vn.tsv not found (run from the repository root)\n");
	return -1;
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
		sec = (int)strtol(p + 1, (char **)&p, 10);
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

/*@CASES@*/

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
