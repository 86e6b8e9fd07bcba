/* The wire codec: what the edge sends, the recorder reads back exactly; anything else is
 * refused with a reason that names the field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/payload.h"
#include "lib/timeutil.h"

#define TOPIC "attend/v1/hq/gate-a/tap"
#define EPOCH "0d4f7a52-3c1e-4b8e-9a55-6f2b1d3c4e5f"

static struct tap sample(void)
{
	struct tap t;
	memset(&t, 0, sizeof t);
	t.seq = 42;
	snprintf(t.epoch, sizeof t.epoch, EPOCH);
	t.at_us = 1795912081123000LL;
	snprintf(t.uid, sizeof t.uid, "04A1B2C3D4E5F6");
	snprintf(t.reader, sizeof t.reader, "in1");
	t.direction = READER_DIR_OUT;
	t.flags = TAP_FLAG_DUPLICATE;
	return t;
}

static void a_tap_round_trips(void **state)
{
	(void)state;
	struct tap t = sample();
	char *p = payload_tap_encode("gate-a", "hq", &t, 1795912082000000LL);
	assert_non_null(p);
	struct tap_msg m;
	char reason[200];
	assert_int_equal(payload_tap_decode("attend/v1", TOPIC, p, strlen(p), &m, reason, sizeof reason), 0);
	assert_string_equal(m.edge, "gate-a");
	assert_string_equal(m.site, "hq");
	assert_int_equal(m.tap.seq, 42);
	assert_string_equal(m.tap.epoch, EPOCH);
	assert_int_equal(m.tap.at_us, t.at_us);
	assert_string_equal(m.tap.uid, t.uid);
	assert_string_equal(m.tap.reader, "in1");
	assert_int_equal(m.tap.direction, READER_DIR_OUT);
	assert_int_equal(m.tap.flags, TAP_FLAG_DUPLICATE);
	assert_int_equal(m.sent_us, 1795912082000000LL);
	free(p);
}

/* Each case: a payload (or a topic) and the words its reason must contain. */
static const struct bad {
	const char *name, *topic, *payload, *reason;
} bad[] = {
	{ "not JSON", TOPIC, "hello", "not JSON" },
	{ "truncated", TOPIC, "{\"v\":1,\"edge\":\"gate-a\"", "ends before the value is complete" },
	{ "trailing data", TOPIC, "{\"v\":1} x", "trailing data" },
	{ "an array", TOPIC, "[1,2]", "not a JSON object" },
	{ "empty", TOPIC, "", "not JSON" },
	{ "wrong version", TOPIC, "{\"v\":2}", "\"v\"" },
	{ "no version", TOPIC, "{}", "\"v\"" },
	{ "missing edge", TOPIC, "{\"v\":1}", "\"edge\"" },
	{ "edge of another topic", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-b\",\"site\":\"hq\",\"epoch\":\"" EPOCH "\",\"seq\":1,\"reader\":\"in1\","
	  "\"direction\":\"in\",\"uid\":\"AB\",\"at\":\"2026-11-23T00:00:00Z\",\"sent\":\"2026-11-23T00:00:00Z\","
	  "\"known\":true,\"duplicate\":false}", "\"edge\" does not match the topic" },
	{ "site of another topic", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"branch\",\"epoch\":\"" EPOCH "\",\"seq\":1,\"reader\":\"in1\","
	  "\"direction\":\"in\",\"uid\":\"AB\",\"at\":\"2026-11-23T00:00:00Z\",\"sent\":\"2026-11-23T00:00:00Z\","
	  "\"known\":true,\"duplicate\":false}", "\"site\" does not match the topic" },
	{ "epoch not a UUID", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"epoch\":\"nope\",\"seq\":1,\"reader\":\"in1\","
	  "\"direction\":\"in\",\"uid\":\"AB\",\"at\":\"2026-11-23T00:00:00Z\",\"sent\":\"2026-11-23T00:00:00Z\","
	  "\"known\":true,\"duplicate\":false}", "\"epoch\"" },
	{ "seq zero", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"epoch\":\"" EPOCH "\",\"seq\":0,\"reader\":\"in1\","
	  "\"direction\":\"in\",\"uid\":\"AB\",\"at\":\"2026-11-23T00:00:00Z\",\"sent\":\"2026-11-23T00:00:00Z\","
	  "\"known\":true,\"duplicate\":false}", "\"seq\"" },
	{ "seq a string", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"epoch\":\"" EPOCH "\",\"seq\":\"1\",\"reader\":\"in1\"}", "\"seq\"" },
	{ "uid with a quote", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"epoch\":\"" EPOCH "\",\"seq\":1,\"reader\":\"in1\","
	  "\"direction\":\"in\",\"uid\":\"A'B\",\"at\":\"2026-11-23T00:00:00Z\",\"sent\":\"2026-11-23T00:00:00Z\","
	  "\"known\":true,\"duplicate\":false}", "\"uid\"" },
	{ "uid too long", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"epoch\":\"" EPOCH "\",\"seq\":1,\"reader\":\"in1\","
	  "\"direction\":\"in\",\"uid\":\"0123456789012345678901234567890123\",\"at\":\"2026-11-23T00:00:00Z\","
	  "\"sent\":\"2026-11-23T00:00:00Z\",\"known\":true,\"duplicate\":false}", "\"uid\"" },
	{ "bad direction", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"epoch\":\"" EPOCH "\",\"seq\":1,\"reader\":\"in1\","
	  "\"direction\":\"up\",\"uid\":\"AB\",\"at\":\"2026-11-23T00:00:00Z\",\"sent\":\"2026-11-23T00:00:00Z\","
	  "\"known\":true,\"duplicate\":false}", "\"direction\"" },
	{ "bad time", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"epoch\":\"" EPOCH "\",\"seq\":1,\"reader\":\"in1\","
	  "\"direction\":\"in\",\"uid\":\"AB\",\"at\":\"2026-02-30T00:00:00Z\",\"sent\":\"2026-11-23T00:00:00Z\","
	  "\"known\":true,\"duplicate\":false}", "\"at\"" },
	/* fuzzing: years the recorder could not write back for PostgreSQL (a batch-blocking tap) */
	{ "year 0000", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"epoch\":\"" EPOCH "\",\"seq\":1,\"reader\":\"in1\","
	  "\"direction\":\"in\",\"uid\":\"AB\",\"at\":\"0000-01-01T00:00:00Z\",\"sent\":\"2026-11-23T00:00:00Z\","
	  "\"known\":true,\"duplicate\":false}", "\"at\" is not an RFC 3339 time from 1970 to 9999" },
	{ "sent in year 506", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"epoch\":\"" EPOCH "\",\"seq\":1,\"reader\":\"in1\","
	  "\"direction\":\"in\",\"uid\":\"AB\",\"at\":\"2026-11-23T00:00:00Z\",\"sent\":\"0506-11-23T00:28:01.130Z\","
	  "\"known\":true,\"duplicate\":false}", "\"sent\"" },
	{ "a time that is year 10000 in UTC", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"epoch\":\"" EPOCH "\",\"seq\":1,\"reader\":\"in1\","
	  "\"direction\":\"in\",\"uid\":\"AB\",\"at\":\"9999-12-31T23:59:59-01:00\",\"sent\":\"2026-11-23T00:00:00Z\","
	  "\"known\":true,\"duplicate\":false}", "\"at\"" },
	{ "known not a boolean", TOPIC,
	  "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"epoch\":\"" EPOCH "\",\"seq\":1,\"reader\":\"in1\","
	  "\"direction\":\"in\",\"uid\":\"AB\",\"at\":\"2026-11-23T00:00:00Z\",\"sent\":\"2026-11-23T00:00:00Z\","
	  "\"known\":1,\"duplicate\":false}", "\"known\"" },
	{ "topic too short", "attend/v1/hq/tap", "{}", "topic" },
	{ "topic of another root", "other/v1/hq/gate-a/tap", "{}", "topic" },
	{ "topic with a wildcard-ish site", "attend/v1/h+q/gate-a/tap", "{}", "topic" },
};

static void malformed_payloads_are_refused_with_a_reason(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct tap_msg m;
		char reason[200] = "";
		int rc = payload_tap_decode("attend/v1", bad[i].topic, bad[i].payload,
		                            strlen(bad[i].payload), &m, reason, sizeof reason);
		if (rc != -1 || !strstr(reason, bad[i].reason))
			fail_msg("case '%s': rc %d reason '%s', wanted '%s'", bad[i].name, rc, reason, bad[i].reason);
	}
}

static void a_nul_inside_a_string_is_refused(void **state)
{
	(void)state;
	const char p[] = "{\"v\":1,\"edge\":\"gate\\u0000-a\"}";
	struct tap_msg m;
	char reason[200];
	assert_int_equal(payload_tap_decode("attend/v1", TOPIC, p, sizeof p - 1, &m, reason, sizeof reason), -1);
	assert_non_null(strstr(reason, "\"edge\""));
}

static void a_huge_payload_is_refused(void **state)
{
	(void)state;
	size_t n = 100000;
	char *p = malloc(n);
	memset(p, ' ', n);
	struct tap_msg m;
	char reason[200];
	assert_int_equal(payload_tap_decode("attend/v1", TOPIC, p, n, &m, reason, sizeof reason), -1);
	assert_non_null(strstr(reason, "too large"));
	free(p);
}

static void a_broken_tap_still_names_its_key(void **state)
{
	(void)state;
	const char *p = "{\"v\":1,\"epoch\":\"" EPOCH "\",\"seq\":7,\"uid\":\"bad uid!\"}";
	char site[NAME_MAX_LEN], edge[NAME_MAX_LEN], epoch[EPOCH_LEN];
	uint64_t seq;
	assert_int_equal(payload_tap_key("attend/v1", TOPIC, p, strlen(p), site, edge, epoch, &seq), 0);
	assert_string_equal(site, "hq");
	assert_string_equal(edge, "gate-a");
	assert_string_equal(epoch, EPOCH);
	assert_int_equal(seq, 7);
	assert_int_equal(payload_tap_key("attend/v1", TOPIC, "{\"v\":1}", 7, site, edge, epoch, &seq), -1);
}

static void an_ack_round_trips(void **state)
{
	(void)state;
	struct ack_range r[2] = { { 1, 500 }, { 502, 502 } };
	char *p = payload_ack_encode(EPOCH, r, 2);
	struct ack_msg a;
	char reason[200];
	assert_int_equal(payload_ack_decode(p, strlen(p), &a, reason, sizeof reason), 0);
	assert_string_equal(a.epoch, EPOCH);
	assert_int_equal(a.n, 2);
	assert_int_equal(a.ranges[0].from, 1);
	assert_int_equal(a.ranges[0].to, 500);
	assert_int_equal(a.ranges[1].from, 502);
	free(a.ranges);
	free(p);
}

static void bad_acks_are_refused(void **state)
{
	(void)state;
	static const char *acks[] = {
		"{\"v\":1,\"epoch\":\"" EPOCH "\",\"ranges\":[[5,4]]}",
		"{\"v\":1,\"epoch\":\"" EPOCH "\",\"ranges\":[[0,4]]}",
		"{\"v\":1,\"epoch\":\"" EPOCH "\",\"ranges\":[[1]]}",
		"{\"v\":1,\"epoch\":\"" EPOCH "\",\"ranges\":{}}",
		"{\"v\":1,\"epoch\":\"x\",\"ranges\":[]}",
		"{\"v\":1,\"ranges\":[]}",
	};
	for (size_t i = 0; i < sizeof acks / sizeof acks[0]; i++) {
		struct ack_msg a;
		char reason[200];
		if (payload_ack_decode(acks[i], strlen(acks[i]), &a, reason, sizeof reason) != -1)
			fail_msg("ack %zu accepted: %s", i, acks[i]);
		assert_null(a.ranges);
	}
}

static void names_safe_in_topics(void **state)
{
	(void)state;
	assert_true(payload_valid_name("gate-a_1.x", NAME_MAX_LEN));
	assert_false(payload_valid_name("", NAME_MAX_LEN));
	assert_false(payload_valid_name("a/b", NAME_MAX_LEN));
	assert_false(payload_valid_name("a+", NAME_MAX_LEN));
	assert_false(payload_valid_name("a#", NAME_MAX_LEN));
	assert_false(payload_valid_name("cổng", NAME_MAX_LEN));
}

static void rfc3339_times(void **state)
{
	(void)state;
	int64_t us;
	assert_int_equal(rfc3339_parse("2026-11-23T07:28:00+07:00", &us), 0);
	assert_int_equal(us, 1795393680LL * 1000000);   /* date -u -d 2026-11-23T00:28:00Z +%s */
	char buf[40];
	assert_string_equal(rfc3339_utc(buf, sizeof buf, us), "2026-11-23T00:28:00.000Z");
	assert_int_equal(rfc3339_parse("2026-11-23T00:28:00.5Z", &us), 0);
	assert_int_equal(us % 1000000, 500000);
	assert_int_equal(rfc3339_parse("2024-02-29T00:00:00Z", &us), 0);
	assert_int_equal(rfc3339_parse("2025-02-29T00:00:00Z", &us), -22);
	assert_int_equal(rfc3339_parse("2026-11-23 07:28:00", &us), -22);   /* no zone */
	assert_int_equal(rfc3339_parse("2026-11-23T24:00:00Z", &us), -22);
	assert_int_equal(rfc3339_parse("2026-11-23T07:28:00Zjunk", &us), -22);
	assert_string_equal(rfc3339_utc(buf, sizeof buf, -1), "1969-12-31T23:59:59.999Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_tap_round_trips),
		cmocka_unit_test(malformed_payloads_are_refused_with_a_reason),
		cmocka_unit_test(a_nul_inside_a_string_is_refused),
		cmocka_unit_test(a_huge_payload_is_refused),
		cmocka_unit_test(a_broken_tap_still_names_its_key),
		cmocka_unit_test(an_ack_round_trips),
		cmocka_unit_test(bad_acks_are_refused),
		cmocka_unit_test(names_safe_in_topics),
		cmocka_unit_test(rfc3339_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
