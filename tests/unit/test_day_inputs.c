/* evaluator/day_inputs.c: from database rows to the engine's input, and from a day result to
 * COPY text.  Pure, so every choice the loader makes is checked here without a database. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "evaluator/day_inputs.h"

static rules_date D(int y, int m, int d)
{
	return rules_date_from_ymd(y, m, d);
}

static void copy_text_escapes_what_copy_would_misread(void **state)
{
	(void)state;
	struct dbuf b = { 0 };
	dbuf_copy_text(&b, "a\\b\tc\nd\re");
	assert_string_equal(b.p, "a\\\\b\\tc\\nd\\re");
	dbuf_free(&b);
}

static void json_strings_escape_quotes_backslashes_and_controls(void **state)
{
	(void)state;
	struct dbuf b = { 0 };
	dbuf_json_str(&b, "ca \"sáng\"\\\x01");
	assert_string_equal(b.p, "\"ca \\\"sáng\\\"\\\\\\u0001\"");
	dbuf_free(&b);
}

static void buffer_grows_past_its_first_block(void **state)
{
	(void)state;
	struct dbuf b = { 0 };
	for (int i = 0; i < 2000; i++)
		dbuf_printf(&b, "%04d|", i);
	assert_false(b.oom);
	assert_int_equal(b.len, 10000);
	assert_memory_equal(b.p + 9995, "1999|", 5);
	dbuf_free(&b);
}

static void keys_sort_by_agency_person_date(void **state)
{
	(void)state;
	struct day_key k[] = { { 2, 1, 5 }, { 1, 9, 3 }, { 1, 2, 7 }, { 1, 2, 4 } };
	qsort(k, 4, sizeof k[0], day_key_cmp);
	assert_true(k[0].person_id == 2 && k[0].date == 4);
	assert_true(k[1].person_id == 2 && k[1].date == 7);
	assert_true(k[2].person_id == 9);
	assert_true(k[3].agency_id == 2);
}

static struct day_ruleset rs_row(uint32_t version, int64_t agency, rules_date from, rules_date to)
{
	struct day_ruleset r = { .agency_id = agency, .from = from, .to = to };
	rules_ruleset_default(&r.rs);
	r.rs.version = version;
	return r;
}

static void agency_rule_set_beats_national_and_latest_start_wins(void **state)
{
	(void)state;
	struct day_ruleset rows[] = {
		rs_row(1, 0, D(2000, 1, 1), RULES_DATE_MAX),
		rs_row(2, 0, D(2026, 7, 1), RULES_DATE_MAX),
		rs_row(3, 7, D(2026, 10, 1), D(2026, 10, 31)),
	};
	struct day_ref ref = { .rulesets = rows, .nrulesets = 3 };
	assert_int_equal(day_ruleset_for(&ref, 7, D(2026, 6, 30))->rs.version, 1);
	assert_int_equal(day_ruleset_for(&ref, 7, D(2026, 7, 1))->rs.version, 2);
	assert_int_equal(day_ruleset_for(&ref, 7, D(2026, 10, 15))->rs.version, 3);
	assert_int_equal(day_ruleset_for(&ref, 8, D(2026, 10, 15))->rs.version, 2);   /* not agency 8's */
	assert_int_equal(day_ruleset_for(&ref, 7, D(2026, 11, 1))->rs.version, 2);    /* agency's ended */
	struct day_ref none = { 0 };
	assert_null(day_ruleset_for(&none, 7, D(2026, 1, 1)));
}

/* Profiles 1..4 with distinct names so the winner can be read off. */
static struct day_profile profiles[4];

static void setup_profiles(void)
{
	const char *names[4] = { "agency", "unit", "subunit", "person" };
	for (int i = 0; i < 4; i++) {
		profiles[i] = (struct day_profile){ .id = i + 1 };
		profiles[i].p = rules_profile_standard;
		snprintf(profiles[i].p.name, sizeof profiles[i].p.name, "%s", names[i]);
	}
}

static const char *profile_on(const struct day_ref *ref, const struct day_person *p, rules_date d)
{
	static struct day_eval_input in;
	const char *why;
	assert_int_equal(day_eval_input_build(ref, p, d, &in, &why), 0);
	const struct rules_profile *prof = rules_schedule_profile_for(&in.schedule, d);
	return prof ? prof->name : "";
}

static void person_beats_subunit_beats_unit_beats_agency(void **state)
{
	(void)state;
	setup_profiles();
	struct day_ruleset rs = rs_row(1, 0, RULES_DATE_MIN, RULES_DATE_MAX);
	struct day_assignment a[] = {
		{ .agency_id = 7, .profile_id = 1, .from = D(2026, 1, 1), .to = RULES_DATE_MAX },
		{ .agency_id = 7, .unit_id = 10, .profile_id = 2, .from = D(2026, 3, 1), .to = RULES_DATE_MAX },
		{ .agency_id = 7, .unit_id = 11, .profile_id = 3, .from = D(2026, 5, 1), .to = RULES_DATE_MAX },
		{ .agency_id = 7, .person_id = 100, .profile_id = 4, .from = D(2026, 7, 1), .to = D(2026, 7, 31) },
		{ .agency_id = 8, .profile_id = 4, .from = D(2000, 1, 1), .to = RULES_DATE_MAX },   /* other agency */
		{ .agency_id = 7, .unit_id = 99, .profile_id = 4, .from = D(2000, 1, 1), .to = RULES_DATE_MAX },
	};
	struct day_ref ref = { .rulesets = &rs, .nrulesets = 1, .profiles = profiles, .nprofiles = 4,
	                       .assignments = a, .nassignments = 6 };
	/* Person 100 in unit 11, whose parent is unit 10. */
	struct day_person p = { .id = 100, .agency_id = 7, .units = { 11, 10 }, .nunits = 2,
	                        .hired_on = RULES_DATE_MIN, .left_on = RULES_DATE_MAX };
	assert_string_equal(profile_on(&ref, &p, D(2026, 2, 2)), "agency");
	assert_string_equal(profile_on(&ref, &p, D(2026, 4, 1)), "unit");
	assert_string_equal(profile_on(&ref, &p, D(2026, 6, 1)), "subunit");
	assert_string_equal(profile_on(&ref, &p, D(2026, 7, 15)), "person");
	assert_string_equal(profile_on(&ref, &p, D(2026, 8, 3)), "subunit");
	/* A colleague directly in unit 10 never gets the sub-unit's profile. */
	struct day_person q = { .id = 101, .agency_id = 7, .units = { 10 }, .nunits = 1 };
	assert_string_equal(profile_on(&ref, &q, D(2026, 7, 15)), "unit");
}

static void a_one_day_person_assignment_is_a_roster_day(void **state)
{
	(void)state;
	setup_profiles();
	struct day_ruleset rs = rs_row(1, 0, RULES_DATE_MIN, RULES_DATE_MAX);
	struct day_assignment a[] = {
		{ .agency_id = 7, .person_id = 100, .profile_id = 4, .from = D(2026, 1, 1), .to = RULES_DATE_MAX },
		{ .agency_id = 7, .person_id = 100, .profile_id = 1, .from = D(2026, 9, 2), .to = D(2026, 9, 2) },
	};
	struct day_ref ref = { .rulesets = &rs, .nrulesets = 1, .profiles = profiles, .nprofiles = 4,
	                       .assignments = a, .nassignments = 2 };
	struct day_person p = { .id = 100, .agency_id = 7 };
	assert_string_equal(profile_on(&ref, &p, D(2026, 9, 2)), "agency");
	assert_string_equal(profile_on(&ref, &p, D(2026, 9, 3)), "person");
}

static void seasonal_switch_comes_from_the_assignment(void **state)
{
	(void)state;
	setup_profiles();
	struct day_ruleset rs = rs_row(1, 0, RULES_DATE_MIN, RULES_DATE_MAX);
	struct day_assignment a = { .agency_id = 7, .profile_id = 1, .summer_profile_id = 2,
	                            .summer_from = 401, .summer_to = 1031, .from = RULES_DATE_MIN,
	                            .to = RULES_DATE_MAX };
	struct day_ref ref = { .rulesets = &rs, .nrulesets = 1, .profiles = profiles, .nprofiles = 4,
	                       .assignments = &a, .nassignments = 1 };
	struct day_person p = { .id = 100, .agency_id = 7 };
	assert_string_equal(profile_on(&ref, &p, D(2026, 3, 31)), "agency");
	assert_string_equal(profile_on(&ref, &p, D(2026, 4, 1)), "unit");
	assert_string_equal(profile_on(&ref, &p, D(2026, 10, 31)), "unit");
	assert_string_equal(profile_on(&ref, &p, D(2026, 11, 1)), "agency");
}

static void agency_symbols_extend_and_replace_shipped_ones(void **state)
{
	(void)state;
	struct day_ruleset rs = rs_row(1, 0, RULES_DATE_MIN, RULES_DATE_MAX);
	struct day_symbol s[] = {
		{ 0, { "Ô", RULES_PAY_SOCIAL_INSURANCE, true, NULL, NULL } },
		{ 7, { "CT", RULES_PAY_TIME, false, NULL, NULL } },
		{ 0, { "CT", RULES_PAY_TIME, false, NULL, NULL } },
		{ 0, { "P", RULES_PAY_TIME, true, NULL, NULL } },
		{ 8, { "HT", RULES_PAY_TIME, false, NULL, NULL } },
	};
	struct day_ref ref = { .rulesets = &rs, .nrulesets = 1, .symbols = s, .nsymbols = 5 };
	struct day_person p = { .id = 1, .agency_id = 7 };
	static struct day_eval_input in;
	const char *why;
	assert_int_equal(day_eval_input_build(&ref, &p, D(2026, 1, 5), &in, &why), 0);
	assert_int_equal(in.rs.nsymbols, 3);   /* Ô, CT (agency 7's), P; not agency 8's HT */
	assert_string_equal(in.rs.symbols[1].code, "CT");
	assert_int_equal(rules_symbol_rank(&in.rs, "P"), 2);
	assert_int_equal(rules_symbol_rank(&in.rs, "HT"), 3);
}

static void calendar_setting_in_force_on_the_date_applies(void **state)
{
	(void)state;
	struct day_ruleset rs = rs_row(1, 0, RULES_DATE_MIN, RULES_DATE_MAX);
	struct day_cal_setting set[2] = {
		{ .agency_id = 7, .from = D(2026, 1, 1), .weekly_rest = 1u << 7 },
		{ .agency_id = 7, .from = D(2026, 11, 1), .weekly_rest = RULES_REST_SAT_SUN, .ntoggles = 1,
		  .toggles = { "vn-culture-day" } },
	};
	struct rules_cal_entry cal = { .date = D(2026, 11, 24), .kind = RULES_CAL_HOLIDAY, .toggle = "vn-culture-day" };
	struct day_ref ref = { .rulesets = &rs, .nrulesets = 1, .settings = set, .nsettings = 2,
	                       .cal = &cal, .ncal = 1 };
	struct day_person p = { .id = 1, .agency_id = 7 };
	static struct day_eval_input in;
	const char *why;
	assert_int_equal(day_eval_input_build(&ref, &p, D(2026, 10, 3), &in, &why), 0);
	assert_int_equal(rules_calendar_day_kind(&in.calendar, D(2026, 10, 3), NULL), RULES_DAY_WORKING);
	assert_int_equal(day_eval_input_build(&ref, &p, D(2026, 11, 24), &in, &why), 0);
	assert_int_equal(rules_calendar_day_kind(&in.calendar, D(2026, 11, 24), NULL), RULES_DAY_HOLIDAY);
	struct day_person other = { .id = 2, .agency_id = 8 };
	assert_int_equal(day_eval_input_build(&ref, &other, D(2026, 11, 24), &in, &why), 0);
	assert_int_equal(rules_calendar_day_kind(&in.calendar, D(2026, 11, 24), NULL), RULES_DAY_WORKING);
}

static void no_rule_set_is_refused_with_a_reason(void **state)
{
	(void)state;
	struct day_ref ref = { 0 };
	struct day_person p = { .id = 1, .agency_id = 7 };
	static struct day_eval_input in;
	const char *why = NULL;
	assert_int_equal(day_eval_input_build(&ref, &p, D(2026, 1, 5), &in, &why), -ENOENT);
	assert_non_null(why);
}

static void employment_dates_are_inclusive(void **state)
{
	(void)state;
	struct day_person p = { .hired_on = D(2026, 3, 2), .left_on = D(2026, 3, 31) };
	assert_false(day_person_employed(&p, D(2026, 3, 1)));
	assert_true(day_person_employed(&p, D(2026, 3, 2)));
	assert_true(day_person_employed(&p, D(2026, 3, 31)));
	assert_false(day_person_employed(&p, D(2026, 4, 1)));
}

/* A real evaluation of a day with one session still open, then its COPY line. */
static void pending_day_gets_a_recheck_time_and_a_copy_line(void **state)
{
	(void)state;
	struct day_ruleset rs = rs_row(1, 0, RULES_DATE_MIN, RULES_DATE_MAX);
	struct day_profile prof = { .id = 1, .p = rules_profile_standard };
	struct day_assignment a = { .agency_id = 7, .profile_id = 1, .from = RULES_DATE_MIN, .to = RULES_DATE_MAX };
	struct day_ref ref = { .rulesets = &rs, .nrulesets = 1, .profiles = &prof, .nprofiles = 1,
	                       .assignments = &a, .nassignments = 1 };
	rules_date d = D(2026, 11, 23);
	struct rules_tap taps[] = {
		{ .id = 1, .at = rules_lsec_at(d, 7 * 60 + 41) },   /* 11 minutes late */
		{ .id = 2, .at = rules_lsec_at(d, 11 * 60 + 31) },
		{ .id = -5, .at = rules_lsec_at(d, 13 * 60 + 29), .flags = RULES_TAP_MANUAL },
	};
	struct day_person p = { .id = 42, .agency_id = 7, .hired_on = RULES_DATE_MIN, .left_on = RULES_DATE_MAX,
	                        .utc_offset = 7 * 3600, .taps = taps, .ntaps = 3 };
	p.now_local = rules_lsec_at(d, 15 * 60);   /* 15:00 local: the afternoon is not over */
	static struct day_eval_input in;
	struct rules_day_result r;
	const char *why;
	assert_int_equal(day_eval_input_build(&ref, &p, d, &in, &why), 0);
	assert_int_equal(rules_evaluate_day(&in.in, d, p.now_local, &r), 0);
	int64_t recheck = day_result_recheck_utc(&p, &in.rs, &r);
	/* 17:30 + 30 min settle, local, is 11:00 UTC. */
	assert_int_equal(recheck, rules_lsec_at(d, 18 * 60) - 7 * 3600);

	struct dbuf b = { 0 };
	day_result_copy_row(&b, &p, &r, recheck);
	assert_false(b.oom);
	assert_int_equal(b.p[b.len - 1], '\n');
	int tabs = 0;
	for (size_t i = 0; i < b.len; i++)
		tabs += b.p[i] == '\t';
	assert_int_equal(tabs, 16);   /* 17 columns: the digest is the database's (sql/024) */
	assert_non_null(strstr(b.p, "7\t42\t2026-11-23\tworking\tt\tt\tstandard\t\tt\t11\t"));
	assert_non_null(strstr(b.p, "[{\"in\": \"2026-11-23T07:41:00\", \"end\": \"2026-11-23T11:30:00\""));
	assert_non_null(strstr(b.p, "\"status\": \"pending\""));
	assert_non_null(strstr(b.p, "\"in_manual\": true"));
	assert_non_null(strstr(b.p, "{\"seq\": 0, \"kind\": \"late\""));
	assert_non_null(strstr(b.p, "\"tap_at\": \"2026-11-23T07:41:00\""));
	char tail[64];
	snprintf(tail, sizeof tail, "\t1\tvn-default-2026.1\t%lld\n", (long long)recheck);
	assert_non_null(strstr(b.p, tail));
	dbuf_free(&b);

	/* Once settled: no recheck, NULL in the last column. */
	p.now_local = rules_lsec_at(d + 1, 0);
	assert_int_equal(rules_evaluate_day(&in.in, d, p.now_local, &r), 0);
	assert_int_equal(day_result_recheck_utc(&p, &in.rs, &r), 0);
	day_result_copy_row(&b, &p, &r, 0);
	assert_non_null(strstr(b.p, "\tvn-default-2026.1\t\\N\n"));
	dbuf_free(&b);
}

static void local_times_print_as_iso_without_zone(void **state)
{
	(void)state;
	char buf[32];
	day_format_local(buf, sizeof buf, rules_lsec_at(D(2026, 11, 21), 23 * 60 + 59) + 59);
	assert_string_equal(buf, "2026-11-21T23:59:59");
	day_format_local(buf, sizeof buf, rules_lsec_at(D(1969, 12, 31), 1));
	assert_string_equal(buf, "1969-12-31T00:01:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(copy_text_escapes_what_copy_would_misread),
		cmocka_unit_test(json_strings_escape_quotes_backslashes_and_controls),
		cmocka_unit_test(buffer_grows_past_its_first_block),
		cmocka_unit_test(keys_sort_by_agency_person_date),
		cmocka_unit_test(agency_rule_set_beats_national_and_latest_start_wins),
		cmocka_unit_test(person_beats_subunit_beats_unit_beats_agency),
		cmocka_unit_test(a_one_day_person_assignment_is_a_roster_day),
		cmocka_unit_test(seasonal_switch_comes_from_the_assignment),
		cmocka_unit_test(agency_symbols_extend_and_replace_shipped_ones),
		cmocka_unit_test(calendar_setting_in_force_on_the_date_applies),
		cmocka_unit_test(no_rule_set_is_refused_with_a_reason),
		cmocka_unit_test(employment_dates_are_inclusive),
		cmocka_unit_test(pending_day_gets_a_recheck_time_and_a_copy_line),
		cmocka_unit_test(local_times_print_as_iso_without_zone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
