/* The evaluator writes a day's JSON exactly as jsonb prints it (keys by length then bytes,
 * ": " and ", ", strings escaped as escape_json() does).  The database computes the digest of
 * a result from the JSON as staged (attend.day_digest(), sql/024) and compares it with the
 * digest of stored results, made from their jsonb's text: the two texts must be one, or every
 * unchanged day would be rewritten and a locked month would show adjustments that change
 * nothing.  tests/integration/test_sql_c_agree.sh and every day test (digest_mismatches)
 * check the same against a real PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "evaluator/day_inputs.h"

static void json_strings_are_escaped_as_jsonb_prints_them(void **state)
{
	(void)state;
	struct dbuf b = { 0 };
	dbuf_json_str(&b, "a\b\f\n\r\t\x01\x1f\"\\ Văn phòng\x7f");
	assert_string_equal(b.p, "\"a\\b\\f\\n\\r\\t\\u0001\\u001f\\\"\\\\ Văn phòng\x7f\"");
	dbuf_free(&b);
}

/* jsonb's key order: shorter first, then bytewise. */
static int jsonb_key_cmp(const char *a, size_t la, const char *b, size_t lb)
{
	if (la != lb)
		return la < lb ? -1 : 1;
	return memcmp(a, b, la);
}

/* Checks every object of a JSON array of flat objects: keys in jsonb order, ": " and ", ". */
static int check_objects(const char *j)
{
	int objects = 0;
	assert_int_equal(j[0], '[');
	const char *p = j + 1;
	while (*p == '{') {
		objects++;
		p++;
		const char *prev = NULL;
		size_t prevlen = 0;
		for (;;) {
			assert_int_equal(*p, '"');
			const char *k = ++p;
			p = strchr(p, '"');
			size_t kl = (size_t)(p - k);
			if (prev)
				assert_true(jsonb_key_cmp(prev, prevlen, k, kl) < 0);
			prev = k;
			prevlen = kl;
			assert_memory_equal(p, "\": ", 3);
			p += 3;
			if (*p == '"') {   /* a string value: skip it, escapes included */
				for (p++; *p != '"'; p++)
					if (*p == '\\')
						p++;
				p++;
			} else {
				while (*p != ',' && *p != '}')
					p++;
			}
			if (*p == '}')
				break;
			assert_memory_equal(p, ", ", 2);
			p += 2;
		}
		p++;
		if (*p == ',') {
			assert_memory_equal(p, ", {", 3);
			p += 2;
		}
	}
	assert_string_equal(p, "]");
	return objects;
}

/* Column `col` (0-based) of a COPY line, its escapes undone, into a malloc'd string. */
static char *column(const char *line, int col)
{
	for (int i = 0; i < col; i++)
		line = strchr(line, '\t') + 1;
	size_t n = strcspn(line, "\t\n");
	char *s = malloc(n + 1), *o = s;
	for (size_t i = 0; i < n; i++) {
		if (line[i] != '\\') {
			*o++ = line[i];
			continue;
		}
		char c = line[++i];
		*o++ = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
	}
	*o = '\0';
	return s;
}

/* One person's day in `prof`: late in the morning by a tap added with correction 9, leaving
 * early, no OUT in the afternoon: exceptions with a tap, a correction id, a missing tap. */
static void copy_row_of(const struct rules_profile *profile, struct dbuf *b, struct rules_day_result *r)
{
	struct day_ruleset rs = { .from = RULES_DATE_MIN, .to = RULES_DATE_MAX };
	rules_ruleset_default(&rs.rs);
	rs.rs.version = 1;
	struct day_profile prof = { .id = 1, .p = *profile };
	struct day_assignment a = { .agency_id = 7, .profile_id = 1, .from = RULES_DATE_MIN, .to = RULES_DATE_MAX };
	struct day_ref ref = { .rulesets = &rs, .nrulesets = 1, .profiles = &prof, .nprofiles = 1,
	                       .assignments = &a, .nassignments = 1 };
	rules_date d = rules_date_from_ymd(2026, 11, 16);
	struct rules_tap taps[] = {
		{ .id = -9, .at = rules_lsec_at(d, 7 * 60 + 52), .flags = RULES_TAP_MANUAL },
		{ .id = 2, .at = rules_lsec_at(d, 11 * 60 + 20) },
		{ .id = 3, .at = rules_lsec_at(d, 13 * 60 + 28) },
	};
	struct day_person p = { .id = 42, .agency_id = 7, .hired_on = RULES_DATE_MIN, .left_on = RULES_DATE_MAX,
	                        .utc_offset = 7 * 3600, .taps = taps, .ntaps = 3,
	                        .now_local = rules_lsec_at(d + 3, 0) };
	static struct day_eval_input in;
	const char *why;
	assert_int_equal(day_eval_input_build(&ref, &p, d, &in, &why), 0);
	assert_int_equal(rules_evaluate_day(&in.in, d, p.now_local, r), 0);
	assert_true(r->nexceptions > 0);
	day_result_copy_row(b, &p, r, 0);
	assert_false(b->oom);
}

static void a_days_json_is_in_jsonb_key_order(void **state)
{
	(void)state;
	struct dbuf b = { 0 };
	struct rules_day_result r;
	copy_row_of(&rules_profile_standard, &b, &r);
	char *sessions = column(b.p, 12), *exceptions = column(b.p, 13);
	assert_int_equal(check_objects(sessions), (int)r.nsessions);
	assert_int_equal(check_objects(exceptions), (int)r.nexceptions);
	assert_non_null(strstr(exceptions, "\"correction_id\": 9}"));
	free(sessions);
	free(exceptions);
	dbuf_free(&b);
}

/* Names an administrator typed, with what JSON and COPY both escape: after COPY's escapes are
 * undone, the JSON is the text jsonb prints. */
static void names_come_through_json_and_copy_as_jsonb_prints_them(void **state)
{
	(void)state;
	struct rules_profile prof = rules_profile_standard;
	snprintf(prof.name, sizeof prof.name, "ca \"A\"\\\t1");
	snprintf(prof.sessions[0].name, sizeof prof.sessions[0].name, "sáng\n\x01\x7f");
	struct dbuf b = { 0 };
	struct rules_day_result r;
	copy_row_of(&prof, &b, &r);
	char *profile = column(b.p, 6), *sessions = column(b.p, 12);
	assert_string_equal(profile, "ca \"A\"\\\t1");
	assert_non_null(strstr(sessions, "\"name\": \"sáng\\n\\u0001\x7f\""));
	assert_int_equal(check_objects(sessions), (int)r.nsessions);
	free(profile);
	free(sessions);
	dbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_strings_are_escaped_as_jsonb_prints_them),
		cmocka_unit_test(a_days_json_is_in_jsonb_key_order),
		cmocka_unit_test(names_come_through_json_and_copy_as_jsonb_prints_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
