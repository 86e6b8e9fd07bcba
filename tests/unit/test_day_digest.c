/* The digest of a day result is computed by the evaluator (evaluator/day_inputs.c) and compared
 * with digests PostgreSQL computed: md5(concat_ws('|', ..., sessions::text, exceptions::text)).
 * So the JSON must be written exactly as jsonb prints it (keys by length then bytes, ": " and
 * ", ", escape_json()), and the MD5 must be MD5.  tests/integration/test_days_workers.sh
 * checks the same against a real PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "evaluator/day_inputs.h"

static void md5_matches_the_rfc_1321_vectors(void **state)
{
	(void)state;
	static const char *const v[][2] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "d174ab98d277d9f5a5611c2c9f419d9f" },
		{ "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
		  "57edf4a22be3c955ac49da2e2107b67a" },
		{ "The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6" },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char out[33];
		day_md5_hex(v[i][0], strlen(v[i][0]), out);
		assert_string_equal(out, v[i][1]);
	}
	/* Lengths around the padding edges (56 and 64 bytes, and two blocks). */
	static const struct { size_t n; const char *md5; } x[] = {
		{ 55, "04364420e25c512fd958a70738aa8f72" },
		{ 56, "668a72d5ba17f08e62dabcafad6db14b" },
		{ 63, "7dc2ca208106a2f703567bdff99d8981" },
		{ 64, "c1bb4f81d892b2d57947682aeb252456" },
		{ 65, "1bc932052302d074bdec39795fe00cf6" },
		{ 119, "ab347a5f68c8a443cfcddc633f12c24f" },
		{ 120, "fb98667f98096de92620b64f46e1c5b5" },
		{ 128, "d69cb61a6ee87200676eb0d4b90edbcb" },
	};
	char buf[130];
	memset(buf, 'x', sizeof buf);
	for (size_t i = 0; i < sizeof x / sizeof x[0]; i++) {
		char out[33];
		day_md5_hex(buf, x[i].n, out);
		assert_string_equal(out, x[i].md5);
	}
}

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

/* Column `col` (0-based) of a COPY line, into a malloc'd string (no escapes in this data). */
static char *column(const char *line, int col)
{
	for (int i = 0; i < col; i++)
		line = strchr(line, '\t') + 1;
	size_t n = strcspn(line, "\t\n");
	char *s = malloc(n + 1);
	memcpy(s, line, n);
	s[n] = '\0';
	return s;
}

static void a_days_json_is_canonical_and_its_digest_is_md5_of_the_sql_text(void **state)
{
	(void)state;
	struct day_ruleset rs = { .from = RULES_DATE_MIN, .to = RULES_DATE_MAX };
	rules_ruleset_default(&rs.rs);
	rs.rs.version = 1;
	struct day_profile prof = { .id = 1, .p = rules_profile_standard };
	struct day_assignment a = { .agency_id = 7, .profile_id = 1, .from = RULES_DATE_MIN, .to = RULES_DATE_MAX };
	struct day_ref ref = { .rulesets = &rs, .nrulesets = 1, .profiles = &prof, .nprofiles = 1,
	                       .assignments = &a, .nassignments = 1 };
	rules_date d = rules_date_from_ymd(2026, 11, 16);
	/* Late in the morning by a tap added with correction 9, leaving early, no OUT in the
	 * afternoon: exceptions with a tap, a correction id, a missing tap and none of them. */
	struct rules_tap taps[] = {
		{ .id = -9, .at = rules_lsec_at(d, 7 * 60 + 52), .flags = RULES_TAP_MANUAL },
		{ .id = 2, .at = rules_lsec_at(d, 11 * 60 + 20) },
		{ .id = 3, .at = rules_lsec_at(d, 13 * 60 + 28) },
	};
	struct day_person p = { .id = 42, .agency_id = 7, .hired_on = RULES_DATE_MIN, .left_on = RULES_DATE_MAX,
	                        .utc_offset = 7 * 3600, .taps = taps, .ntaps = 3,
	                        .now_local = rules_lsec_at(d + 3, 0) };
	static struct day_eval_input in;
	struct rules_day_result r;
	const char *why;
	assert_int_equal(day_eval_input_build(&ref, &p, d, &in, &why), 0);
	assert_int_equal(rules_evaluate_day(&in.in, d, p.now_local, &r), 0);
	assert_true(r.nexceptions > 0);

	struct dbuf b = { 0 };
	day_result_copy_row(&b, &p, &r, 0);
	assert_false(b.oom);
	char *sessions = column(b.p, 12), *exceptions = column(b.p, 13), *digest = column(b.p, 17);
	assert_int_equal(check_objects(sessions), (int)r.nsessions);
	assert_int_equal(check_objects(exceptions), (int)r.nexceptions);
	assert_non_null(strstr(exceptions, "\"correction_id\": 9}"));

	/* concat_ws('|', day_kind, working_day, present, profile, symbol, pending, minutes_late,
	 * minutes_early, minutes_worked, sessions::text, exceptions::text) */
	struct dbuf t = { 0 };
	char *cols[9];
	for (int i = 0; i < 9; i++)
		cols[i] = column(b.p, 3 + i);
	for (int i = 0; i < 9; i++)
		dbuf_printf(&t, "%s|", cols[i]);
	dbuf_printf(&t, "%s|%s", sessions, exceptions);
	char want[33];
	day_md5_hex(t.p, t.len, want);
	assert_string_equal(digest, want);
	for (int i = 0; i < 9; i++)
		free(cols[i]);
	free(sessions);
	free(exceptions);
	free(digest);
	dbuf_free(&t);
	dbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(md5_matches_the_rfc_1321_vectors),
		cmocka_unit_test(json_strings_are_escaped_as_jsonb_prints_them),
		cmocka_unit_test(a_days_json_is_canonical_and_its_digest_is_md5_of_the_sql_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
