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
 * ": " and ", " between; strings escaped as escape_json() does.  So the text hashed here for
 * the digest is the text md5(sessions::text) hashes in SQL (docs/schema-days.md), and the
 * key order below must not change (tests/unit/test_day_inputs.c checks it). */
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

/* ---- MD5 (RFC 1321), for the digest ---------------------------------------------------- */

struct md5 {
	uint32_t h[4];
	uint64_t len;
	unsigned char buf[64];
};

static uint32_t rol(uint32_t x, int c)
{
	return (x << c) | (x >> (32 - c));
}

static void md5_block(struct md5 *m, const unsigned char *p)
{
	static const uint32_t K[64] = {
		0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
		0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
		0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
		0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
		0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
		0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
		0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
		0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
	};
	static const int R[16] = { 7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21 };
	uint32_t w[16];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 |
		       (uint32_t)p[4 * i + 3] << 24;
	uint32_t a = m->h[0], b = m->h[1], c = m->h[2], d = m->h[3];
	for (int i = 0; i < 64; i++) {
		uint32_t f;
		int g;
		if (i < 16) {
			f = (b & c) | (~b & d);
			g = i;
		} else if (i < 32) {
			f = (d & b) | (~d & c);
			g = (5 * i + 1) % 16;
		} else if (i < 48) {
			f = b ^ c ^ d;
			g = (3 * i + 5) % 16;
		} else {
			f = c ^ (b | ~d);
			g = (7 * i) % 16;
		}
		uint32_t t = d;
		d = c;
		c = b;
		b = b + rol(a + f + K[i] + w[g], R[(i / 16) * 4 + i % 4]);
		a = t;
	}
	m->h[0] += a;
	m->h[1] += b;
	m->h[2] += c;
	m->h[3] += d;
}

void day_md5_hex(const void *data, size_t len, char out[33])
{
	struct md5 m = { { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 }, 0, { 0 } };
	const unsigned char *p = data;
	size_t n = len;
	for (; n >= 64; n -= 64, p += 64)
		md5_block(&m, p);
	unsigned char tail[128] = { 0 };
	memcpy(tail, p, n);
	tail[n] = 0x80;
	size_t tl = n + 1 + 8 <= 64 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;
	for (int i = 0; i < 8; i++)
		tail[tl - 8 + i] = (unsigned char)(bits >> (8 * i));
	md5_block(&m, tail);
	if (tl == 128)
		md5_block(&m, tail + 64);
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 16; i++) {
		unsigned char byte = (unsigned char)(m.h[i / 4] >> (8 * (i % 4)));
		out[2 * i] = hex[byte >> 4];
		out[2 * i + 1] = hex[byte & 15];
	}
	out[32] = '\0';
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
	/* The digest's text, as SQL would build it (text output of each column, '|' between):
	 * md5(concat_ws('|', day_kind, working_day, present, profile, symbol, pending,
	 * minutes_late, minutes_early, minutes_worked, sessions::text, exceptions::text)). */
	struct dbuf j = { 0 };
	dbuf_printf(&j, "%s|%s|%s|%s|%s|%s|%d|%d|%d|", kind, r->working_day ? "t" : "f", r->present ? "t" : "f",
	            r->profile, r->symbol, pending ? "t" : "f", r->minutes_late, r->minutes_early,
	            r->minutes_worked);
	size_t ss = j.len;
	sessions_json(&j, r);
	size_t se = j.len;
	dbuf_add(&j, "|", 1);
	exceptions_json(&j, p, r);
	if (j.oom) {
		b->oom = true;
		dbuf_free(&j);
		return;
	}
	char digest[33];
	day_md5_hex(j.p, j.len, digest);
	j.p[se] = '\0';
	dbuf_copy_text(b, j.p + ss);
	dbuf_puts(b, "\t");
	dbuf_copy_text(b, j.p + se + 1);
	dbuf_free(&j);
	dbuf_printf(b, "\t%u\t", r->ruleset_version);
	dbuf_copy_text(b, r->ruleset_label);
	if (recheck_utc)
		dbuf_printf(b, "\t%" PRId64 "\t%s\n", recheck_utc, digest);
	else
		dbuf_printf(b, "\t\\N\t%s\n", digest);
}
