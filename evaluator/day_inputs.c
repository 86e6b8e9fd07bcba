#include "evaluator/day_inputs.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int day_key_cmp(const void *a, const void *b)
{
	const struct day_key *x = a, *y = b;
	if (x->agency_id != y->agency_id)
		return x->agency_id < y->agency_id ? -1 : 1;
	if (x->person_id != y->person_id)
		return x->person_id < y->person_id ? -1 : 1;
	return x->date < y->date ? -1 : x->date > y->date;
}

/* ---- from the reference data to the engine's input ------------------------------------- */

const struct day_ruleset *day_ruleset_for(const struct day_ref *ref, int64_t agency_id, rules_date date)
{
	const struct day_ruleset *own = NULL, *national = NULL;
	for (size_t i = 0; i < ref->nrulesets; i++) {
		const struct day_ruleset *r = &ref->rulesets[i];
		if (date < r->from || date > r->to)
			continue;
		if (r->agency_id == agency_id && (!own || r->from > own->from))
			own = r;
		else if (r->agency_id == 0 && (!national || r->from > national->from))
			national = r;
	}
	return own ? own : national;
}

static const struct day_profile *profile_by_id(const struct day_ref *ref, int64_t id)
{
	for (size_t i = 0; i < ref->nprofiles; i++)
		if (ref->profiles[i].id == id)
			return &ref->profiles[i];
	return NULL;
}

/* Specificity for the engine: higher wins.  Person 200 (one day: a roster day, 250), units
 * 100 - distance from the person's own unit (so a sub-unit beats its parent), agency 0. */
static int assignment_specificity(const struct day_assignment *a, const struct day_person *p)
{
	if (a->agency_id != p->agency_id)
		return -1;
	if (a->person_id)
		return a->person_id == p->id ? (a->from == a->to ? 250 : 200) : -1;
	if (a->unit_id) {
		for (int i = 0; i < p->nunits; i++)
			if (p->units[i] == a->unit_id)
				return 100 - i;
		return -1;
	}
	return 0;
}

static size_t build_symbols(const struct day_ref *ref, int64_t agency_id, struct rules_symbol *out)
{
	size_t n = 0;
	for (size_t i = 0; i < ref->nsymbols && n < DAY_MAX_SYMBOLS; i++) {
		const struct day_symbol *s = &ref->symbols[i];
		if (s->agency_id != 0 && s->agency_id != agency_id)
			continue;
		bool replaced = false;   /* an agency's own row of a shipped code replaces it */
		for (size_t j = 0; s->agency_id == 0 && j < ref->nsymbols && !replaced; j++)
			replaced = ref->symbols[j].agency_id == agency_id && agency_id != 0 &&
			           strcmp(ref->symbols[j].sym.code, s->sym.code) == 0;
		if (!replaced)
			out[n++] = s->sym;
	}
	return n;
}

int day_eval_input_build(const struct day_ref *ref, const struct day_person *p, rules_date date,
                         struct day_eval_input *ret, const char **why)
{
	const struct day_ruleset *r = day_ruleset_for(ref, p->agency_id, date);
	if (!r) {
		*why = "no rule set covers the date";
		return -ENOENT;
	}
	ret->rs = r->rs;
	size_t nsym = build_symbols(ref, p->agency_id, ret->symbols);
	ret->rs.symbols = nsym ? ret->symbols : NULL;
	ret->rs.nsymbols = nsym;

	size_t np = 0;
	for (size_t i = 0; i < ref->nassignments && np < DAY_MAX_PERIODS; i++) {
		const struct day_assignment *a = &ref->assignments[i];
		int spec = assignment_specificity(a, p);
		const struct day_profile *prof = spec >= 0 ? profile_by_id(ref, a->profile_id) : NULL;
		if (!prof)
			continue;
		const struct day_profile *summer = a->summer_profile_id ? profile_by_id(ref, a->summer_profile_id) : NULL;
		ret->periods[np++] = (struct rules_schedule_period){
			.from = a->from, .to = a->to, .specificity = (uint8_t)spec, .profile = &prof->p,
			.summer = summer ? &summer->p : NULL,
			.summer_from = summer ? a->summer_from : 0, .summer_to = summer ? a->summer_to : 0,
		};
	}
	ret->schedule = (struct rules_schedule){ ret->periods, np };

	const struct day_cal_setting *set = NULL;
	for (size_t i = 0; i < ref->nsettings; i++) {
		const struct day_cal_setting *s = &ref->settings[i];
		if (s->agency_id == p->agency_id && s->from <= date && (!set || s->from > set->from))
			set = s;
	}
	size_t nt = 0;
	for (size_t i = 0; set && i < set->ntoggles && i < DAY_MAX_TOGGLES; i++)
		ret->toggles[nt++] = set->toggles[i];
	ret->calendar = (struct rules_calendar){
		.entries = ref->cal, .nentries = ref->ncal, .agency_id = (uint32_t)p->agency_id,
		.weekly_rest = set ? set->weekly_rest : RULES_REST_SAT_SUN,
		.toggles_on = nt ? ret->toggles : NULL, .ntoggles_on = nt,
	};
	ret->in = (struct rules_input){
		.ruleset = &ret->rs, .schedule = &ret->schedule, .calendar = &ret->calendar,
		.taps = p->taps, .ntaps = p->ntaps, .requests = p->requests, .nrequests = p->nrequests,
	};
	return 0;
}

bool day_person_employed(const struct day_person *p, rules_date date)
{
	return date >= p->hired_on && date <= p->left_on;
}

int64_t day_result_recheck_utc(const struct day_person *p, const struct rules_ruleset *rs,
                               const struct rules_day_result *r)
{
	rules_lsec first = 0;
	for (size_t i = 0; i < r->nsessions; i++) {
		const struct rules_session_result *s = &r->sessions[i];
		if (s->status != RULES_SESSION_PENDING)
			continue;
		rules_lsec at = s->end + (rules_lsec)rs->settle_min * 60;
		if (!first || at < first)
			first = at;
	}
	return first ? first - p->utc_offset : 0;
}

/* ---- from the result to COPY text ------------------------------------------------------ */

void day_format_local(char *buf, size_t len, rules_lsec t)
{
	int y, m, d;
	rules_date date = rules_date_of(t);
	rules_date_to_ymd(date, &y, &m, &d);
	int64_t s = t - (int64_t)date * RULES_DAY_SEC;
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, (int)(s / 3600),
	         (int)(s / 60 % 60), (int)(s % 60));
}

/* `"key": "2026-11-16T07:28:00"` or `"key": null`, after `sep`. */
static void json_time(struct dbuf *b, const char *sep, const char *key, rules_lsec t, bool set)
{
	char tm[32];
	if (!set) {
		dbuf_printf(b, "%s\"%s\": null", sep, key);
		return;
	}
	day_format_local(tm, sizeof tm, t);
	dbuf_printf(b, "%s\"%s\": \"%s\"", sep, key, tm);
}

static const char *tf(bool v)
{
	return v ? "true" : "false";
}

static const char *missing_name(uint8_t m)
{
	static const char *const names[] = { "none", "in", "out", "both" };
	return m < 4 ? names[m] : "none";
}

/* The JSON is written as jsonb prints it (jsonb::text): keys ordered by length, then bytes;
 * ": " and ", " between; strings escaped as escape_json() does.  The digest is computed in
 * SQL from this text as staged (attend.day_digest(), sql/024) and must equal the one of the
 * stored jsonb's text, so that an unchanged day is seen as unchanged, also against results
 * stored by earlier versions; the key order below must not change (tests/unit/test_day_json.c,
 * and digest_mismatches in the day tests, check it). */
static void sessions_json(struct dbuf *b, const struct rules_day_result *r)
{
	dbuf_puts(b, "[");
	for (size_t i = 0; i < r->nsessions; i++) {
		const struct rules_session_result *s = &r->sessions[i];
		json_time(b, i ? ", {" : "{", "in", s->in_at, s->in_at != 0);   /* 0: no IN, not even inferred */
		json_time(b, ", ", "end", s->end, true);
		json_time(b, ", ", "out", s->out_at, s->out_at != 0);
		dbuf_printf(b, ", \"late\": %d, \"name\": ", s->minutes_late);
		dbuf_json_str(b, s->name);
		dbuf_printf(b, ", \"early\": %d, \"index\": %u", s->minutes_early, s->index);
		json_time(b, ", ", "start", s->start, true);
		dbuf_printf(b, ", \"status\": \"%s\", \"symbol\": ", rules_session_status_name(s->status));
		dbuf_json_str(b, s->symbol);
		dbuf_printf(b, ", \"worked\": %d, \"missing\": \"%s\", \"present\": %s, \"in_manual\": %s"
		            ", \"out_manual\": %s", s->minutes_worked, missing_name(s->missing), tf(s->present),
		            tf(s->in_manual), tf(s->out_manual));
		if (s->request_id)
			dbuf_printf(b, ", \"request_id\": %" PRId64, s->request_id);
		else
			dbuf_puts(b, ", \"request_id\": null");
		dbuf_printf(b, ", \"in_inferred\": %s, \"out_inferred\": %s}", tf(s->in_inferred),
		            tf(s->out_inferred));
	}
	dbuf_puts(b, "]");
}

static const struct rules_tap *tap_by_id(const struct day_person *p, int64_t id)
{
	if (id > 0 && (size_t)id <= p->ntaps && p->taps[id - 1].id == id)
		return &p->taps[id - 1];
	for (size_t i = 0; i < p->ntaps; i++)
		if (p->taps[i].id == id)
			return &p->taps[i];
	return NULL;
}

static void exceptions_json(struct dbuf *b, const struct day_person *p, const struct rules_day_result *r)
{
	dbuf_puts(b, "[");
	for (size_t i = 0; i < r->nexceptions; i++) {
		const struct rules_exception *e = &r->exceptions[i];
		dbuf_printf(b, "%s{\"seq\": %zu, \"kind\": \"%s\", \"cause\": \"%s\"", i ? ", " : "", i,
		            rules_exception_name(e->kind), rules_cause_name(e->cause));
		const struct rules_tap *t = e->tap_id ? tap_by_id(p, e->tap_id) : NULL;
		json_time(b, ", ", "tap_at", t ? t->at : 0, t != NULL);
		dbuf_printf(b, ", \"minutes\": %d", e->minutes);
		if (e->session >= 0)
			dbuf_printf(b, ", \"session\": %d", e->session);
		else
			dbuf_puts(b, ", \"session\": null");
		dbuf_printf(b, ", \"discipline\": %s", tf(rules_exception_is_discipline(e->kind)));
		if (t && t->id < 0)
			dbuf_printf(b, ", \"correction_id\": %" PRId64 "}", -t->id);
		else
			dbuf_puts(b, ", \"correction_id\": null}");
	}
	dbuf_puts(b, "]");
}

/* ---- the COPY line ---------------------------------------------------------------------- */

void day_result_copy_row(struct dbuf *b, const struct day_person *p, const struct rules_day_result *r,
                         int64_t recheck_utc)
{
	int y, m, d;
	rules_date_to_ymd(r->date, &y, &m, &d);
	bool pending = false;
	for (size_t i = 0; i < r->nsessions; i++)
		pending |= r->sessions[i].status == RULES_SESSION_PENDING;
	const char *kind = rules_day_kind_name(r->day_kind);
	dbuf_printf(b, "%" PRId64 "\t%" PRId64 "\t%04d-%02d-%02d\t%s\t%s\t%s\t", p->agency_id, p->id,
	            y, m, d, kind, r->working_day ? "t" : "f", r->present ? "t" : "f");
	dbuf_copy_text(b, r->profile);
	dbuf_puts(b, "\t");
	dbuf_copy_text(b, r->symbol);
	dbuf_printf(b, "\t%s\t%d\t%d\t%d\t", pending ? "t" : "f", r->minutes_late, r->minutes_early,
	            r->minutes_worked);
	/* The JSON goes through its own buffer: COPY text escapes its backslashes again. */
	struct dbuf j = { 0 };
	sessions_json(&j, r);
	size_t se = j.len;
	dbuf_add(&j, "", 1);
	exceptions_json(&j, p, r);
	if (j.oom) {
		b->oom = true;
		dbuf_free(&j);
		return;
	}
	dbuf_copy_text(b, j.p);
	dbuf_puts(b, "\t");
	dbuf_copy_text(b, j.p + se + 1);
	dbuf_free(&j);
	dbuf_printf(b, "\t%u\t", r->ruleset_version);
	dbuf_copy_text(b, r->ruleset_label);
	if (recheck_utc)
		dbuf_printf(b, "\t%" PRId64 "\n", recheck_utc);
	else
		dbuf_puts(b, "\t\\N\n");
}
