/* The wire codec: what the edge sends, the recorder reads back exactly; anything else is
 * refused with a reason that names the field. */
#include <errno.h>
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
#include "tests/unit/srcdir.h"

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
		if (rc != -EINVAL || !strstr(reason, bad[i].reason))
			fail_msg("case '%s': rc %d reason '%s', wanted '%s'", bad[i].name, rc, reason, bad[i].reason);
	}
}

static void a_nul_inside_a_string_is_refused(void **state)
{
	(void)state;
	const char p[] = "{\"v\":1,\"edge\":\"gate\\u0000-a\"}";
	struct tap_msg m;
	char reason[200];
	assert_int_equal(payload_tap_decode("attend/v1", TOPIC, p, sizeof p - 1, &m, reason, sizeof reason), -EINVAL);
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
	assert_int_equal(payload_tap_decode("attend/v1", TOPIC, p, n, &m, reason, sizeof reason), -EINVAL);
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
	assert_int_equal(payload_tap_key("attend/v1", TOPIC, "{\"v\":1}", 7, site, edge, epoch, &seq), -EINVAL);
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
		if (payload_ack_decode(acks[i], strlen(acks[i]), &a, reason, sizeof reason) != -EINVAL)
			fail_msg("ack %zu accepted: %s", i, acks[i]);
		assert_null(a.ranges);
	}
}

static struct status_msg sample_status(struct status_reader rs[2])
{
	struct status_msg s;
	memset(&s, 0, sizeof s);
	memset(rs, 0, 2 * sizeof *rs);
	snprintf(s.edge, sizeof s.edge, "gate-a");
	snprintf(s.site, sizeof s.site, "hq");
	s.state = EDGE_ONLINE;
	s.detail = true;
	s.at_us = 1795912200000000LL;
	snprintf(s.journal.epoch, sizeof s.journal.epoch, EPOCH);
	s.journal.next_seq = 458;
	s.journal.pending = 3;
	s.journal.capacity = 100000;
	s.journal.full = true;
	s.taps.accepted = 440;
	s.taps.unknown = 3;
	s.taps.repeats = 16;
	s.taps.refused = 2;
	s.taps.acked = 455;
	s.bad_acks = 4;
	snprintf(rs[0].id, sizeof rs[0].id, "in");
	snprintf(rs[0].driver, sizeof rs[0].driver, "nfc");
	rs[0].direction = READER_DIR_IN;
	snprintf(rs[0].state, sizeof rs[0].state, "error");
	snprintf(rs[0].reason, sizeof rs[0].reason, "no NFC reader found \"x\"");
	rs[0].taps = 242;
	rs[0].last_tap_us = 1795925707000000LL;
	rs[0].silent = true;
	rs[0].dropped = 5;
	rs[0].answers_not_shown = 242;
	snprintf(rs[1].id, sizeof rs[1].id, "out");
	snprintf(rs[1].driver, sizeof rs[1].driver, "sim");
	rs[1].direction = READER_DIR_OUT;
	snprintf(rs[1].state, sizeof rs[1].state, "starting");
	s.readers = rs;
	s.nreaders = 2;
	return s;
}

static void a_status_round_trips(void **state)
{
	(void)state;
	struct status_reader rs[2];
	struct status_msg s = sample_status(rs), d;
	char *p = payload_status_encode(&s);
	assert_non_null(p);
	char reason[200];
	assert_int_equal(payload_status_decode(p, strlen(p), &d, reason, sizeof reason), 0);
	assert_string_equal(d.edge, "gate-a");
	assert_string_equal(d.site, "hq");
	assert_int_equal(d.state, EDGE_ONLINE);
	assert_true(d.detail);
	assert_int_equal(d.at_us, s.at_us);
	assert_string_equal(d.journal.epoch, EPOCH);
	assert_int_equal(d.journal.next_seq, 458);
	assert_int_equal(d.journal.pending, 3);
	assert_int_equal(d.journal.capacity, 100000);
	assert_true(d.journal.full);
	assert_int_equal(d.taps.accepted, 440);
	assert_int_equal(d.taps.unknown, 3);
	assert_int_equal(d.taps.repeats, 16);
	assert_int_equal(d.taps.refused, 2);
	assert_int_equal(d.taps.acked, 455);
	assert_int_equal(d.bad_acks, 4);
	assert_int_equal(d.nreaders, 2);
	assert_string_equal(d.readers[0].id, "in");
	assert_string_equal(d.readers[0].driver, "nfc");
	assert_int_equal(d.readers[0].direction, READER_DIR_IN);
	assert_string_equal(d.readers[0].state, "error");
	assert_string_equal(d.readers[0].reason, "no NFC reader found \"x\"");
	assert_int_equal(d.readers[0].taps, 242);
	assert_int_equal(d.readers[0].last_tap_us, rs[0].last_tap_us);
	assert_true(d.readers[0].silent);
	assert_int_equal(d.readers[0].dropped, 5);
	assert_int_equal(d.readers[0].answers_not_shown, 242);
	assert_string_equal(d.readers[1].reason, "");          /* none: the field is left out */
	assert_int_equal(d.readers[1].last_tap_us, 0);         /* never tapped: null */
	assert_null(strstr(p, "\"id\":\"out\",\"driver\":\"sim\",\"direction\":\"out\",\"state\":\"starting\",\"reason\""));
	assert_non_null(strstr(p, "\"last_tap\":null"));
	payload_status_free(&d);
	free(p);
}

static void the_last_will_says_only_who_vanished(void **state)
{
	(void)state;
	int64_t connected;
	assert_int_equal(rfc3339_parse("2026-11-23T00:05:00Z", &connected), 0);
	char *p = payload_will_encode("gate-a", "hq", connected, "1.2.3");
	assert_string_equal(p, "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"state\":\"offline\","
	                       "\"connected_at\":\"2026-11-23T00:05:00.000Z\",\"version\":\"1.2.3\"}");
	struct status_msg d;
	char reason[200];
	assert_int_equal(payload_status_decode(p, strlen(p), &d, reason, sizeof reason), 0);
	assert_int_equal(d.state, EDGE_OFFLINE);
	assert_false(d.detail);
	assert_int_equal(d.nreaders, 0);
	assert_true(d.connected_at_us == connected);
	assert_string_equal(d.version, "1.2.3");
	free(p);
	/* only the will may be that short */
	const char *online = "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"state\":\"online\"}";
	assert_int_equal(payload_status_decode(online, strlen(online), &d, reason, sizeof reason), -EINVAL);
	assert_non_null(strstr(reason, "\"at\""));
}

/* v stays 1: the will of an edge from before connected_at and version still decodes (they are
 * additions a v1 reader may ignore), and what is there must be right. */
static void an_older_edges_will_still_decodes(void **state)
{
	(void)state;
	struct status_msg d;
	char reason[200];
	const char *old = "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"state\":\"offline\"}";
	assert_int_equal(payload_status_decode(old, strlen(old), &d, reason, sizeof reason), 0);
	assert_false(d.detail);
	assert_true(d.connected_at_us == 0);
	assert_string_equal(d.version, "");
	char *again = payload_will_encode(d.edge, d.site, d.connected_at_us, d.version);
	assert_string_equal(again, old);
	free(again);
	static const char *bad_wills[][2] = {
		{ "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"state\":\"offline\",\"connected_at\":\"yesterday\"}",
		  "field \"connected_at\" is not an RFC 3339 time" },
		{ "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"state\":\"offline\",\"version\":7}",
		  "field \"version\" missing or not a string" },
		{ "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"hq\",\"state\":\"offline\",\"version\":"
		  "\"0123456789012345678901234567890123456789\"}", "field \"version\" too long" },
	};
	for (size_t i = 0; i < sizeof bad_wills / sizeof bad_wills[0]; i++) {
		assert_int_equal(payload_status_decode(bad_wills[i][0], strlen(bad_wills[i][0]), &d, reason, sizeof reason), -EINVAL);
		if (!strstr(reason, bad_wills[i][1]))
			fail_msg("%s: reason '%s', expected '%s'", bad_wills[i][0], reason, bad_wills[i][1]);
	}
}

static void bad_statuses_are_refused_with_a_reason(void **state)
{
	(void)state;
	struct status_reader rs[2];
	struct status_msg s = sample_status(rs);
	char *good = payload_status_encode(&s);
	static const struct { const char *from, *to, *reason; } edits[] = {
		{ "\"state\":\"online\"", "\"state\":\"busy\"", "\"state\"" },
		{ "\"edge\":\"gate-a\"", "\"edge\":\"gate/a\"", "\"edge\"" },
		{ "\"next_seq\":458", "\"next_seq\":\"458\"", "\"next_seq\"" },
		{ "\"full\":true", "\"full\":1", "\"full\"" },
		{ "\"bad_acks\":4,", "", "\"bad_acks\"" },
		{ "\"journal\":{", "\"journal\":[{", "" },   /* not JSON any more */
		{ "\"direction\":\"in\"", "\"direction\":\"up\"", "readers[0]: field \"direction\"" },
		{ "\"dropped\":5", "\"dropped\":-5", "readers[0]: field \"dropped\"" },
		{ "\"last_tap\":null", "\"last_tap\":\"yesterday\"", "readers[1]: field \"last_tap\"" },
		{ "\"readers\":[", "\"readers\":{\"x\":[", "" },
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		const char *at = strstr(good, edits[i].from);
		assert_non_null(at);
		char edited[4096];
		snprintf(edited, sizeof edited, "%.*s%s%s", (int)(at - good), good, edits[i].to,
		         at + strlen(edits[i].from));
		struct status_msg d;
		char reason[200] = "";
		int rc = payload_status_decode(edited, strlen(edited), &d, reason, sizeof reason);
		if (rc != -EINVAL || !strstr(reason, edits[i].reason))
			fail_msg("edit %zu: rc %d reason '%s', wanted '%s' in %s", i, rc, reason,
			         edits[i].reason, edited);
		assert_null(d.readers);
	}
	free(good);
}

static void the_answer_at_the_door_round_trips(void **state)
{
	(void)state;
	struct tap t = sample();
	char *p = payload_feedback_encode("in1", &t, FEEDBACK_ACCEPTED, "Nguyễn Văn An");
	struct feedback_msg f;
	char reason[200];
	assert_int_equal(payload_feedback_decode(p, strlen(p), &f, reason, sizeof reason), 0);
	assert_string_equal(f.reader, "in1");
	assert_string_equal(f.uid, t.uid);
	assert_int_equal(f.outcome, FEEDBACK_ACCEPTED);
	assert_string_equal(f.name, "Nguyễn Văn An");
	assert_int_equal(f.at_us, t.at_us);
	free(p);
	/* an unknown badge is not named, even when the caller passes the uid as the detail */
	p = payload_feedback_encode("in1", &t, FEEDBACK_UNKNOWN, t.uid);
	assert_null(strstr(p, "\"name\""));
	assert_int_equal(payload_feedback_decode(p, strlen(p), &f, reason, sizeof reason), 0);
	assert_int_equal(f.outcome, FEEDBACK_UNKNOWN);
	assert_string_equal(f.name, "");
	free(p);
	static const struct { const char *payload, *reason; } bad_fb[] = {
		{ "{\"v\":1,\"reader\":\"in1\",\"uid\":\"AB\",\"outcome\":\"maybe\",\"at\":\"2026-11-23T00:00:00Z\"}", "\"outcome\"" },
		{ "{\"v\":1,\"reader\":\"in1\",\"uid\":\"AB\",\"outcome\":\"refused\",\"name\":\"X\",\"at\":\"2026-11-23T00:00:00Z\"}", "\"name\"" },
		{ "{\"v\":1,\"reader\":\"in 1\",\"uid\":\"AB\",\"outcome\":\"refused\",\"at\":\"2026-11-23T00:00:00Z\"}", "\"reader\"" },
		{ "{\"v\":1,\"reader\":\"in1\",\"uid\":\"AB\",\"outcome\":\"refused\"}", "\"at\"" },
		{ "{\"v\":1,\"reader\":\"in1\",\"uid\":\"A B\",\"outcome\":\"refused\",\"at\":\"2026-11-23T00:00:00Z\"}", "\"uid\"" },
	};
	for (size_t i = 0; i < sizeof bad_fb / sizeof bad_fb[0]; i++) {
		char why[200] = "";
		int rc = payload_feedback_decode(bad_fb[i].payload, strlen(bad_fb[i].payload), &f, why, sizeof why);
		if (rc != -EINVAL || !strstr(why, bad_fb[i].reason))
			fail_msg("feedback %zu: rc %d reason '%s', wanted '%s'", i, rc, why, bad_fb[i].reason);
	}
}

/* docs/wire.md: the first ```json block under a heading, with the whitespace between tokens
 * taken out (the examples are wrapped for reading; the wire has none). */
static bool wire_example(const char *doc, const char *heading, char *out, size_t len)
{
	const char *h = strstr(doc, heading);
	const char *b = h ? strstr(h, "```json\n") : NULL;
	const char *e = b ? strstr(b + 8, "```") : NULL;
	if (!e)
		return false;
	size_t n = 0;
	bool in_str = false, esc = false;
	for (const char *p = b + 8; p < e && n + 1 < len; p++) {
		if (in_str) {
			in_str = esc || *p != '"';
			esc = !esc && *p == '\\';
		} else if (*p == '"') {
			in_str = true;
		} else if (*p == ' ' || *p == '\n') {
			continue;
		}
		out[n++] = *p;
	}
	out[n] = '\0';
	return true;
}

/* Each example in docs/wire.md is exactly what the code sends: it decodes, and the decoded
 * message encodes back to the same bytes. */
static void the_wire_document_shows_what_the_code_sends(void **state)
{
	(void)state;
	static char doc[65536], ex[8192];
	long n = test_src_read("docs/wire.md", doc, sizeof doc - 1);
	assert_true(n > 0);
	doc[n] = '\0';
	char reason[200], *again;

	assert_true(wire_example(doc, "\n## tap\n", ex, sizeof ex));
	struct tap_msg t;
	if (payload_tap_decode("attend/v1", "attend/v1/hq/gate-a/tap", ex, strlen(ex), &t, reason, sizeof reason))
		fail_msg("tap example: %s", reason);
	again = payload_tap_encode(t.edge, t.site, &t.tap, t.sent_us);
	assert_string_equal(again, ex);
	free(again);

	assert_true(wire_example(doc, "\n## ack\n", ex, sizeof ex));
	struct ack_msg a;
	if (payload_ack_decode(ex, strlen(ex), &a, reason, sizeof reason))
		fail_msg("ack example: %s", reason);
	again = payload_ack_encode(a.epoch, a.ranges, a.n);
	assert_string_equal(again, ex);
	free(again);
	free(a.ranges);

	assert_true(wire_example(doc, "\n## status (retained)\n", ex, sizeof ex));
	struct status_msg s;
	if (payload_status_decode(ex, strlen(ex), &s, reason, sizeof reason))
		fail_msg("status example: %s", reason);
	assert_true(s.detail);
	again = payload_status_encode(&s);
	assert_string_equal(again, ex);
	free(again);
	payload_status_free(&s);

	assert_true(wire_example(doc, "\n## last will (retained)\n", ex, sizeof ex));
	if (payload_status_decode(ex, strlen(ex), &s, reason, sizeof reason))
		fail_msg("last will example: %s", reason);
	assert_false(s.detail);
	assert_true(s.connected_at_us != 0);
	assert_string_not_equal(s.version, "");
	again = payload_will_encode(s.edge, s.site, s.connected_at_us, s.version);
	assert_string_equal(again, ex);
	free(again);

	assert_true(wire_example(doc, "\n## feedback\n", ex, sizeof ex));
	struct feedback_msg f;
	if (payload_feedback_decode(ex, strlen(ex), &f, reason, sizeof reason))
		fail_msg("feedback example: %s", reason);
	struct tap ft;
	memset(&ft, 0, sizeof ft);
	snprintf(ft.uid, sizeof ft.uid, "%s", f.uid);
	ft.at_us = f.at_us;
	again = payload_feedback_encode(f.reader, &ft, f.outcome, f.name[0] ? f.name : NULL);
	assert_string_equal(again, ex);
	free(again);
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
		cmocka_unit_test(a_status_round_trips),
		cmocka_unit_test(the_last_will_says_only_who_vanished),
		cmocka_unit_test(an_older_edges_will_still_decodes),
		cmocka_unit_test(bad_statuses_are_refused_with_a_reason),
		cmocka_unit_test(the_answer_at_the_door_round_trips),
		cmocka_unit_test(the_wire_document_shows_what_the_code_sends),
		cmocka_unit_test(names_safe_in_topics),
		cmocka_unit_test(rfc3339_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
