/* Rules engine: dates, the calendar data and its parser, symbols, rule sets, requests, schedules,
 * and properties of the day evaluation that a single table line cannot show. */
#include <errno.h>
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

static rules_date D(int y, int m, int d)
{
	return rules_date_from_ymd(y, m, d);
}

/* ---- dates ------------------------------------------------------------------------------- */

static void date_round_trip_over_three_centuries(void **state)
{
	(void)state;
	for (rules_date d = D(1900, 1, 1); d <= D(2200, 12, 31); d += 17) {
		int y, m, dd;
		rules_date_to_ymd(d, &y, &m, &dd);
		assert_true(rules_ymd_valid(y, m, dd));
		assert_int_equal(rules_date_from_ymd(y, m, dd), d);
	}
	assert_int_equal(D(1970, 1, 1), 0);
	assert_int_equal(D(2026, 11, 23), 20780);   /* 56 years + 14 leap days + 326 */
}

static void weekday_of_known_dates(void **state)
{
	(void)state;
	assert_int_equal(rules_weekday(D(1970, 1, 1)), 4);    /* Thursday */
	assert_int_equal(rules_weekday(D(2026, 11, 23)), 1);  /* Monday */
	assert_int_equal(rules_weekday(D(2026, 11, 29)), 7);  /* Sunday */
	assert_int_equal(rules_weekday(D(1969, 12, 31)), 3);  /* before the epoch */
	assert_int_equal(rules_weekday(D(2027, 2, 6)), 6);    /* Tết 2027 is a Saturday */
}

static void leap_years_and_invalid_dates(void **state)
{
	(void)state;
	assert_true(rules_ymd_valid(2028, 2, 29));
	assert_false(rules_ymd_valid(2026, 2, 29));
	assert_false(rules_ymd_valid(2100, 2, 29));
	assert_true(rules_ymd_valid(2000, 2, 29));
	assert_false(rules_ymd_valid(2026, 4, 31));
	assert_false(rules_ymd_valid(2026, 13, 1));
	assert_false(rules_ymd_valid(2026, 1, 0));
}

static void local_time_and_midnight(void **state)
{
	(void)state;
	/* 2026-11-22T17:00:00Z is local midnight of the 23rd at UTC+7. */
	int64_t utc = (int64_t)D(2026, 11, 22) * 86400 + 17 * 3600;
	rules_lsec t = rules_local_from_utc(utc, 7 * 3600);
	assert_int_equal(rules_date_of(t), D(2026, 11, 23));
	assert_int_equal(rules_date_of(t - 1), D(2026, 11, 22));
	assert_int_equal(rules_date_of(-1), -1);
	assert_int_equal(rules_lsec_at(D(2026, 11, 23), 450) - t, 450 * 60);
	assert_int_equal(rules_mmdd(D(2026, 4, 16)), 416);
}

/* ---- the holiday file parser -------------------------------------------------------------- */

static int parse(const char *text, struct rules_cal_entry *out, size_t cap, size_t *n,
		 struct rules_parse_error *err)
{
	return rules_holidays_parse(text, strlen(text), 0, out, cap, n, err);
}

static void parser_reads_rows_comments_and_crlf(void **state)
{
	(void)state;
	static struct rules_cal_entry e[4];
	size_t n = 0;
	struct rules_parse_error err;
	const char *text =
		"# comment\r\n"
		"\r\n"
		"2026-09-02\tholiday\tQuốc khánh\tNational Day\tBLLĐ 2019\t-\tofficial\r\n"
		"   # indented comment\n"
		"2026-11-24\tholiday\tNgày Văn hóa Việt Nam\tVietnam Culture Day\t\tvn-culture-day\tprovisional";
	assert_int_equal(parse(text, e, 4, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(e[0].date, D(2026, 9, 2));
	assert_int_equal(e[0].kind, RULES_CAL_HOLIDAY);
	assert_string_equal(e[0].name_vi, "Quốc khánh");
	assert_string_equal(e[0].name_en, "National Day");
	assert_string_equal(e[0].toggle, "");
	assert_false(e[0].provisional);
	assert_string_equal(e[1].toggle, "vn-culture-day");
	assert_string_equal(e[1].source, "");
	assert_true(e[1].provisional);
}

struct bad_input {
	const char *text;
	unsigned line;
	const char *needle;
};

static void parser_reports_errors_with_line_numbers(void **state)
{
	(void)state;
	static const struct bad_input cases[] = {
		{ "# x\n2026-09-02\tholiday\tA\tB\tS\t-\n", 2, "expected 7" },
		{ "2026-9-02\tholiday\tA\tB\tS\t-\tofficial\n", 1, "not YYYY-MM-DD" },
		{ "\n\n2026-02-29\tholiday\tA\tB\tS\t-\tofficial\n", 3, "does not exist" },
		{ "2026-09-02\tfestival\tA\tB\tS\t-\tofficial\n", 1, "kind 'festival'" },
		{ "2026-09-02\tholiday\t\tB\tS\t-\tofficial\n", 1, "must not be empty" },
		{ "2026-09-02\tholiday\tA\tB\tS\tCulture Day\tofficial\n", 1, "toggle" },
		{ "2026-09-02\tholiday\tA\tB\tS\t-\tmaybe\n", 1, "official" },
		{ "2026-09-02\tholiday\tA\tB\tS\t-\tofficial\n2026-09-02\tholiday\tC\tD\tS\t-\tofficial\n",
		  2, "listed twice" },
		{ "2026-09-02\tholiday\tA\xff\tB\tS\t-\tofficial\n", 1, "UTF-8" },
		{ "2026-09-02\tholiday\tA\tB\tS\t-\tofficial\t\n", 1, "found 8" },
		{ "2026-09-02 holiday A B S - official\n", 1, "found 1" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		static struct rules_cal_entry e[4];
		size_t n = 99;
		struct rules_parse_error err;
		int r = parse(cases[i].text, e, 4, &n, &err);
		if (r != -EINVAL || err.line != cases[i].line || !strstr(err.msg, cases[i].needle))
			fail_msg("case %zu: r=%d line=%u msg='%s' (want line %u, '%s')", i, r, err.line,
				 err.msg, cases[i].line, cases[i].needle);
		assert_int_equal(n, 99);   /* untouched on failure */
	}
}

static void parser_rejects_too_many_rows(void **state)
{
	(void)state;
	static struct rules_cal_entry e[1];
	size_t n = 0;
	struct rules_parse_error err;
	const char *text = "2026-09-01\tholiday\tA\tB\tS\t-\tofficial\n"
			   "2026-09-02\tholiday\tA\tB\tS\t-\tofficial\n";
	assert_int_equal(parse(text, e, 1, &n, &err), -ENOSPC);
	assert_int_equal(err.line, 2);
}

static void parser_rejects_too_long_names(void **state)
{
	(void)state;
	static struct rules_cal_entry e[1];
	char text[512];
	char name[200];
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	snprintf(text, sizeof(text), "2026-09-01\tholiday\t%s\tB\tS\t-\tofficial\n", name);
	size_t n = 0;
	struct rules_parse_error err;
	assert_int_equal(parse(text, e, 1, &n, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "longer"));
}

static void parser_same_date_with_a_toggle_is_allowed(void **state)
{
	(void)state;
	static struct rules_cal_entry e[2];
	size_t n = 0;
	struct rules_parse_error err;
	const char *text = "2026-11-24\tswapped_day_off\tA\tB\tS\t-\tofficial\n"
			   "2026-11-24\tholiday\tA\tB\tS\tvn-culture-day\tofficial\n";
	assert_int_equal(parse(text, e, 2, &n, &err), 0);
	assert_int_equal(n, 2);
}

/* ---- the shipped data ---------------------------------------------------------------------- */

static struct rules_cal_entry shipped[128];
static size_t nshipped;

static int load_shipped(void **state)
{
	(void)state;
	static char buf[65536];
	long len = test_src_read("rules/data/holidays-vn.tsv", buf, sizeof buf);
	struct rules_parse_error err;
	if (len < 0)
		return -1;
	if (rules_holidays_parse(buf, (size_t)len, 0, shipped, 128, &nshipped, &err) < 0) {
		fprintf(stderr, "holidays-vn.tsv: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static const struct rules_cal_entry *row(rules_date date)
{
	for (size_t i = 0; i < nshipped; i++)
		if (shipped[i].date == date)
			return &shipped[i];
	return NULL;
}

static void shipped_data_has_every_statutory_holiday(void **state)
{
	(void)state;
	for (int y = 2025; y <= 2027; y++) {
		static const int fixed[][2] = { { 1, 1 }, { 4, 30 }, { 5, 1 }, { 9, 2 } };
		for (size_t i = 0; i < 4; i++) {
			const struct rules_cal_entry *e = row(D(y, fixed[i][0], fixed[i][1]));
			assert_non_null(e);
			assert_int_equal(e->kind, RULES_CAL_HOLIDAY);
		}
		/* Labour Code art. 112: 11 holiday days a year (1 + 5 Tết + 1 Giỗ Tổ + 1 + 1 + 2). */
		int holidays = 0;
		for (size_t i = 0; i < nshipped; i++) {
			int yy, m, d;
			rules_date_to_ymd(shipped[i].date, &yy, &m, &d);
			if (yy == y && shipped[i].kind == RULES_CAL_HOLIDAY && !shipped[i].toggle[0])
				holidays++;
		}
		assert_int_equal(holidays, 11);
	}
}

static void shipped_lunar_dates_are_right(void **state)
{
	(void)state;
	/* Mùng 1 Tết and 10/3 lunar, from the Vietnamese (UTC+7) lunar calendar. */
	static const int lunar[][3] = {
		{ 2025, 1, 29 }, { 2026, 2, 17 }, { 2027, 2, 6 },
		{ 2025, 4, 7 }, { 2026, 4, 26 }, { 2027, 4, 16 },
	};
	for (size_t i = 0; i < sizeof(lunar) / sizeof(lunar[0]); i++) {
		const struct rules_cal_entry *e = row(D(lunar[i][0], lunar[i][1], lunar[i][2]));
		assert_non_null(e);
		assert_int_equal(e->kind, RULES_CAL_HOLIDAY);
	}
	/* The 2026 notice: Tết off Monday 16/2 (29 Chạp) to Friday 20/2. */
	for (int d = 16; d <= 20; d++)
		assert_non_null(row(D(2026, 2, d)));
	assert_null(row(D(2026, 2, 13)));
	assert_null(row(D(2026, 2, 23)));
}

static void shipped_swaps_balance_and_fall_on_saturdays(void **state)
{
	(void)state;
	int balance[3] = { 0, 0, 0 };
	for (size_t i = 0; i < nshipped; i++) {
		int y, m, d;
		rules_date_to_ymd(shipped[i].date, &y, &m, &d);
		if (shipped[i].kind == RULES_CAL_SWAPPED_WORKING_DAY) {
			assert_int_equal(rules_weekday(shipped[i].date), 6);
			balance[y - 2025]++;
		} else if (shipped[i].kind == RULES_CAL_SWAPPED_DAY_OFF) {
			assert_true(rules_weekday(shipped[i].date) <= 5);
			balance[y - 2025]--;
		} else if (shipped[i].kind == RULES_CAL_COMPENSATORY_DAY_OFF) {
			assert_true(rules_weekday(shipped[i].date) <= 5);
		}
	}
	for (int i = 0; i < 3; i++)
		assert_int_equal(balance[i], 0);
}

static void shipped_2027_is_provisional_and_2025_official(void **state)
{
	(void)state;
	for (size_t i = 0; i < nshipped; i++) {
		int y, m, d;
		rules_date_to_ymd(shipped[i].date, &y, &m, &d);
		if (y == 2027)
			assert_true(shipped[i].provisional);
		if (y == 2025)
			assert_false(shipped[i].provisional);
		assert_true(shipped[i].name_vi[0] && shipped[i].name_en[0] && shipped[i].source[0]);
	}
	const struct rules_cal_entry *e = row(D(2026, 11, 24));
	assert_non_null(e);
	assert_string_equal(e->toggle, "vn-culture-day");
}

static void compensatory_days_follow_a_holiday_on_a_rest_day(void **state)
{
	(void)state;
	/* Art. 111(3): each nghỉ bù row has, before it, a holiday on a Saturday or a Sunday. */
	for (size_t i = 0; i < nshipped; i++) {
		if (shipped[i].kind != RULES_CAL_COMPENSATORY_DAY_OFF)
			continue;
		bool found = false;
		for (rules_date d = shipped[i].date - 1; d >= shipped[i].date - 7 && !found; d--) {
			const struct rules_cal_entry *h = row(d);
			found = h && h->kind == RULES_CAL_HOLIDAY && rules_weekday(d) >= 6;
		}
		assert_true(found);
	}
}

/* ---- the calendar ---------------------------------------------------------------------------- */

static void calendar_without_entries_is_monday_to_friday(void **state)
{
	(void)state;
	struct rules_calendar cal = { 0 };
	assert_int_equal(rules_calendar_day_kind(&cal, D(2026, 11, 27), NULL), RULES_DAY_WORKING);
	assert_int_equal(rules_calendar_day_kind(&cal, D(2026, 11, 28), NULL), RULES_DAY_WEEKEND);
	assert_int_equal(rules_calendar_day_kind(NULL, D(2026, 11, 29), NULL), RULES_DAY_WEEKEND);
}

static void calendar_toggle_switches_a_row_on(void **state)
{
	(void)state;
	const char *on[] = { "vn-culture-day" };
	struct rules_calendar cal = { .entries = shipped, .nentries = nshipped };
	const struct rules_cal_entry *e = (const struct rules_cal_entry *)1;
	assert_int_equal(rules_calendar_day_kind(&cal, D(2026, 11, 24), &e), RULES_DAY_WORKING);
	assert_null(e);
	cal.toggles_on = on;
	cal.ntoggles_on = 1;
	assert_int_equal(rules_calendar_day_kind(&cal, D(2026, 11, 24), &e), RULES_DAY_HOLIDAY);
	assert_non_null(e);
	assert_string_equal(e->name_en, "Vietnam Culture Day");
}

static void calendar_holiday_beats_a_stale_swap_row(void **state)
{
	(void)state;
	struct rules_cal_entry rows[2] = { { 0 } };
	rows[0].date = rows[1].date = D(2026, 12, 5);
	rows[0].kind = RULES_CAL_SWAPPED_WORKING_DAY;
	rows[1].kind = RULES_CAL_HOLIDAY;
	struct rules_calendar cal = { .entries = rows, .nentries = 2 };
	assert_int_equal(rules_calendar_day_kind(&cal, D(2026, 12, 5), NULL), RULES_DAY_HOLIDAY);
}

static void calendar_kind_names_round_trip(void **state)
{
	(void)state;
	for (int k = RULES_CAL_HOLIDAY; k <= RULES_CAL_SWAPPED_DAY_OFF; k++) {
		const char *name = rules_cal_kind_name((enum rules_cal_kind)k);
		assert_int_equal(rules_cal_kind_parse(name, strlen(name)), k);
	}
	assert_int_equal(rules_cal_kind_parse("holidays", 8), 0);
	assert_string_equal(rules_day_kind_name(RULES_DAY_COMPENSATORY_DAY_OFF), "compensatory_day_off");
}

/* ---- symbols and rule sets ----------------------------------------------------------------- */

static void official_symbols_are_exactly_the_c01_hd_set(void **state)
{
	(void)state;
	static const char *const want[] = { "+", "Ô", "Cô", "Ts", "T", "P", "H", "Nb", "No", "N", "Lđ" };
	size_t n;
	const struct rules_symbol *s = rules_symbols_official(&n);
	assert_int_equal(n, 11);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(s[i].code, want[i]);
		assert_true(s[i].official);
		assert_true(rules_symbol_is_official(want[i]));
	}
	assert_false(rules_symbol_is_official("CT"));
	assert_false(rules_symbol_is_official("K"));
	assert_false(rules_symbol_is_official("L"));
	assert_false(rules_symbol_is_official("Ld"));   /* not "Lđ" */
}

static void symbol_pay_classes_match_quy_ra_cong(void **state)
{
	(void)state;
	assert_int_equal(rules_symbol_find(NULL, "+")->pay, RULES_PAY_TIME);
	assert_int_equal(rules_symbol_find(NULL, "P")->pay, RULES_PAY_TIME);
	assert_int_equal(rules_symbol_find(NULL, "No")->pay, RULES_PAY_UNPAID);
	assert_int_equal(rules_symbol_find(NULL, "Ô")->pay, RULES_PAY_SOCIAL_INSURANCE);
	assert_int_equal(rules_symbol_find(NULL, "Ts")->pay, RULES_PAY_SOCIAL_INSURANCE);
	assert_int_equal(rules_symbol_find(NULL, "K")->pay, RULES_PAY_NONE);
	assert_null(rules_symbol_find(NULL, "XX"));
}

static void request_precedence_order(void **state)
{
	(void)state;
	size_t n;
	rules_symbols_default(&n);
	assert_true(rules_symbol_rank(NULL, "Ts") < rules_symbol_rank(NULL, "Ô"));
	assert_true(rules_symbol_rank(NULL, "Ô") < rules_symbol_rank(NULL, "CT"));
	assert_true(rules_symbol_rank(NULL, "CT") < rules_symbol_rank(NULL, "P"));
	assert_true(rules_symbol_rank(NULL, "P") < rules_symbol_rank(NULL, "No"));
	assert_int_equal(rules_symbol_rank(NULL, "unknown"), (int)n);
}

static void configured_symbol_table_replaces_the_default(void **state)
{
	(void)state;
	static const struct rules_symbol local[] = {
		{ "P", RULES_PAY_TIME, true, "Nghỉ phép", "Annual leave" },
		{ "Ô", RULES_PAY_SOCIAL_INSURANCE, true, "Ốm", "Sick" },
	};
	struct rules_ruleset rs;
	rules_ruleset_default(&rs);
	rs.symbols = local;
	rs.nsymbols = 2;
	assert_true(rules_symbol_rank(&rs, "P") < rules_symbol_rank(&rs, "Ô"));
	struct rules_request reqs[2] = { { 1, D(2026, 11, 23), D(2026, 11, 23), 0, "Ô" },
					 { 2, D(2026, 11, 23), D(2026, 11, 23), 0, "P" } };
	assert_int_equal(rules_request_for_session(&rs, reqs, 2, D(2026, 11, 23), 0)->id, 2);
	assert_int_equal(rules_request_for_session(NULL, reqs, 2, D(2026, 11, 23), 0)->id, 1);
}

static void default_rule_set_matches_domain(void **state)
{
	(void)state;
	struct rules_ruleset rs;
	rules_ruleset_default(&rs);
	assert_int_equal(rs.grace_min, 5);
	assert_int_equal(rs.late_half_day_min, 60);
	assert_true(rs.missing_tap_is_half_day);
	assert_string_equal(rs.sym_worked, "+");
	assert_string_equal(rs.sym_absent, "K");
	assert_string_equal(rs.sym_holiday, "L");
	assert_int_equal(rules_ruleset_check(&rs, NULL), 0);
}

static void rule_set_check_rejects_nonsense(void **state)
{
	(void)state;
	struct rules_ruleset rs;
	const char *why = NULL;
	rules_ruleset_default(&rs);
	rs.grace_min = -1;
	assert_int_equal(rules_ruleset_check(&rs, &why), -EINVAL);
	assert_non_null(why);
	rules_ruleset_default(&rs);
	rs.late_half_day_min = 3;   /* below the grace */
	assert_int_equal(rules_ruleset_check(&rs, NULL), -EINVAL);
	rules_ruleset_default(&rs);
	rs.sym_absent[0] = '\0';
	assert_int_equal(rules_ruleset_check(&rs, NULL), -EINVAL);
	/* As attend.rule_set's CHECKs: settle_min 0..1440, a label of at least one byte. */
	rules_ruleset_default(&rs);
	rs.settle_min = 1440;
	assert_int_equal(rules_ruleset_check(&rs, NULL), 0);
	rs.settle_min = 1441;
	assert_int_equal(rules_ruleset_check(&rs, NULL), -EINVAL);
	rules_ruleset_default(&rs);
	rs.label[0] = '\0';
	assert_int_equal(rules_ruleset_check(&rs, NULL), -EINVAL);
	assert_int_equal(rules_ruleset_check(NULL, NULL), -EINVAL);
}

/* ---- schedules ------------------------------------------------------------------------------- */

static void default_profiles_are_valid_and_as_documented(void **state)
{
	(void)state;
	assert_int_equal(rules_profile_check(&rules_profile_standard, NULL), 0);
	assert_int_equal(rules_profile_check(&rules_profile_north_summer, NULL), 0);
	assert_int_equal(rules_profile_check(&rules_profile_north_winter, NULL), 0);
	assert_int_equal(rules_profile_north_summer.sessions[0].start_min, 7 * 60);
	assert_int_equal(rules_profile_north_summer.sessions[1].end_min, 17 * 60);
	assert_int_equal(rules_profile_north_winter.sessions[0].end_min, 12 * 60);
	assert_int_equal(rules_profile_standard.sessions[1].end_min, 17 * 60 + 30);
}

static void profile_check_rejects_overlaps_and_empty_rosters(void **state)
{
	(void)state;
	struct rules_profile p = rules_profile_standard;
	p.sessions[1].start_min = 11 * 60;   /* before the morning ends */
	assert_int_equal(rules_profile_check(&p, NULL), -EINVAL);
	p = rules_profile_standard;
	p.follows_calendar = false;
	p.roster_days = 0;
	assert_int_equal(rules_profile_check(&p, NULL), -EINVAL);
	p = rules_profile_standard;
	p.nsessions = 0;
	assert_int_equal(rules_profile_check(&p, NULL), -EINVAL);
	struct rules_profile night = { .name = "n", .nsessions = 1, .follows_calendar = true,
				       .sessions = { { "night", 19 * 60, 7 * 60 } } };
	assert_int_equal(rules_profile_check(&night, NULL), 0);
}

static void season_may_wrap_the_new_year(void **state)
{
	(void)state;
	/* Written the other way round: "summer" slot used for a winter profile 1/11 - 31/3. */
	struct rules_schedule_period p = { RULES_DATE_MIN, RULES_DATE_MAX, 0,
					   &rules_profile_north_summer, &rules_profile_north_winter,
					   1101, 331 };
	struct rules_schedule s = { &p, 1 };
	assert_ptr_equal(rules_schedule_profile_for(&s, D(2026, 12, 15)), &rules_profile_north_winter);
	assert_ptr_equal(rules_schedule_profile_for(&s, D(2027, 3, 31)), &rules_profile_north_winter);
	assert_ptr_equal(rules_schedule_profile_for(&s, D(2027, 4, 1)), &rules_profile_north_summer);
	assert_null(rules_schedule_profile_for(NULL, D(2027, 4, 1)));
}

static void sessions_across_midnight_end_the_next_day(void **state)
{
	(void)state;
	static const struct rules_profile night = {
		.name = "n", .nsessions = 1, .follows_calendar = false, .roster_days = 0xfe,
		.grace_min = -1, .sessions = { { "night", 22 * 60, 6 * 60 } },
	};
	struct rules_schedule_period p = { RULES_DATE_MIN, RULES_DATE_MAX, 0, &night, NULL, 0, 0 };
	struct rules_schedule s = { &p, 1 };
	struct rules_session_slot slot[2];
	assert_int_equal(rules_sessions_for_date(&s, NULL, D(2026, 11, 28), slot, 2, NULL, NULL), 1);
	assert_int_equal(slot[0].date, D(2026, 11, 28));
	assert_int_equal(rules_date_of(slot[0].end), D(2026, 11, 29));
	assert_int_equal(slot[0].end - slot[0].start, 8 * 3600);
}

/* ---- properties of the evaluation ------------------------------------------------------------ */

struct fixture {
	struct rules_ruleset rs;
	struct rules_schedule_period period;
	struct rules_schedule sched;
	struct rules_calendar cal;
	struct rules_input in;
};

static void fixture_init(struct fixture *f, const struct rules_profile *p)
{
	memset(f, 0, sizeof(*f));
	rules_ruleset_default(&f->rs);
	f->period = (struct rules_schedule_period){ RULES_DATE_MIN, RULES_DATE_MAX, 0, p, NULL, 0, 0 };
	f->sched = (struct rules_schedule){ &f->period, 1 };
	f->cal = (struct rules_calendar){ .entries = shipped, .nentries = nshipped };
	f->in = (struct rules_input){ &f->rs, &f->sched, &f->cal, NULL, 0, NULL, 0 };
}

static rules_lsec at(rules_date d, int h, int m)
{
	return rules_lsec_at(d, h * 60 + m);
}

static void leave_approved_after_the_fact_changes_the_day(void **state)
{
	(void)state;
	struct fixture f;
	struct rules_day_result before, after;
	rules_date day = D(2026, 11, 23);
	fixture_init(&f, &rules_profile_standard);
	rules_lsec now = at(day + 3, 9, 0);
	assert_int_equal(rules_evaluate_day(&f.in, day, now, &before), 0);
	assert_string_equal(before.symbol, "K");
	assert_int_equal(before.nexceptions, 2);

	struct rules_request leave = { 77, day, day, RULES_REQ_WHOLE_DAY, "P" };
	f.in.requests = &leave;
	f.in.nrequests = 1;
	assert_int_equal(rules_evaluate_day(&f.in, day, now + 86400, &after), 0);
	assert_string_equal(after.symbol, "P");
	assert_int_equal(after.nexceptions, 0);
	assert_int_equal(after.sessions[0].request_id, 77);
}

static void late_tap_gives_the_on_time_result(void **state)
{
	(void)state;
	struct fixture f;
	rules_date day = D(2026, 11, 23);
	struct rules_tap taps[4] = {
		{ 1, at(day, 7, 25), RULES_DIR_IN, 0 }, { 2, at(day, 11, 35), RULES_DIR_OUT, 0 },
		{ 3, at(day, 13, 25), RULES_DIR_IN, 0 }, { 4, at(day, 17, 35), RULES_DIR_OUT, 0 },
	};
	struct rules_day_result on_time, partial, late;
	fixture_init(&f, &rules_profile_standard);
	f.in.taps = taps;
	f.in.ntaps = 4;
	assert_int_equal(rules_evaluate_day(&f.in, day, at(day, 18, 30), &on_time), 0);
	/* The reader of the afternoon OUT was offline: the day first looks incomplete... */
	f.in.ntaps = 3;
	assert_int_equal(rules_evaluate_day(&f.in, day, at(day, 18, 30), &partial), 0);
	assert_string_equal(partial.symbol, "+/K");
	/* ...and a week later the tap arrives: the day is what it would have been. */
	f.in.ntaps = 4;
	assert_int_equal(rules_evaluate_day(&f.in, day, at(day + 7, 10, 0), &late), 0);
	assert_memory_equal(&on_time, &late, sizeof(late));
	assert_string_equal(late.symbol, "+");
}

static void evaluation_does_not_touch_its_inputs(void **state)
{
	(void)state;
	struct fixture f;
	rules_date day = D(2026, 11, 23);
	struct rules_tap taps[3] = {
		{ 3, at(day, 17, 35), 0, 0 }, { 1, at(day, 7, 25), 0, 0 }, { 2, at(day, 7, 25) + 2, 0, 0 },
	};
	struct rules_tap copy[3];
	memcpy(copy, taps, sizeof(taps));
	struct rules_ruleset rs_copy;
	struct rules_day_result a, b;
	fixture_init(&f, &rules_profile_standard);
	rs_copy = f.rs;
	f.in.taps = taps;
	f.in.ntaps = 3;
	assert_int_equal(rules_evaluate_day(&f.in, day, at(day + 1, 0, 0), &a), 0);
	assert_int_equal(rules_evaluate_day(&f.in, day, at(day + 1, 0, 0), &b), 0);
	assert_memory_equal(taps, copy, sizeof(taps));
	assert_memory_equal(&f.rs, &rs_copy, sizeof(rs_copy));
	assert_memory_equal(&a, &b, sizeof(a));
}

static void invalid_inputs_are_refused(void **state)
{
	(void)state;
	struct fixture f;
	struct rules_day_result r;
	fixture_init(&f, &rules_profile_standard);
	assert_int_equal(rules_evaluate_day(NULL, 0, 0, &r), -EINVAL);
	assert_int_equal(rules_evaluate_day(&f.in, 0, 0, NULL), -EINVAL);
	f.in.ntaps = 3;   /* taps missing */
	assert_int_equal(rules_evaluate_day(&f.in, 0, 0, &r), -EINVAL);
	f.in.ntaps = 0;
	f.rs.grace_min = 500;
	assert_int_equal(rules_evaluate_day(&f.in, 0, 0, &r), -EINVAL);
	f.in.ruleset = NULL;
	assert_int_equal(rules_evaluate_day(&f.in, 0, 0, &r), -EINVAL);
}

static void too_many_taps_are_reported_not_dropped_silently(void **state)
{
	(void)state;
	struct fixture f;
	rules_date day = D(2026, 11, 23);
	static struct rules_tap taps[RULES_MAX_WINDOW_TAPS + 40];
	for (size_t i = 0; i < sizeof(taps) / sizeof(taps[0]); i++)
		taps[i] = (struct rules_tap){ (int64_t)i + 1, at(day, 7, 0) + (rules_lsec)i * 20, 0, 0 };
	struct rules_day_result r;
	fixture_init(&f, &rules_profile_standard);
	f.in.taps = taps;
	f.in.ntaps = sizeof(taps) / sizeof(taps[0]);
	assert_int_equal(rules_evaluate_day(&f.in, day, at(day + 2, 0, 0), &r), 0);
	assert_int_equal(r.exceptions[0].kind, RULES_EX_TOO_MANY_TAPS);
}

static void exception_list_overflow_is_flagged(void **state)
{
	(void)state;
	struct fixture f;
	rules_date day = D(2026, 11, 28);   /* a Saturday: every tap is a tap on a day off */
	struct rules_tap taps[40];
	for (size_t i = 0; i < 40; i++)
		taps[i] = (struct rules_tap){ (int64_t)i + 1, at(day, 1, 0) + (rules_lsec)i * 600, 0, 0 };
	struct rules_day_result r;
	fixture_init(&f, &rules_profile_standard);
	f.in.taps = taps;
	f.in.ntaps = 40;
	assert_int_equal(rules_evaluate_day(&f.in, day, at(day + 2, 0, 0), &r), 0);
	assert_int_equal(r.nexceptions, RULES_MAX_EXCEPTIONS);
	assert_true(r.exceptions_truncated);
	assert_string_equal(r.symbol, "");
}

/* A tap changes only days inside rules_dates_affected(): what the recorder re-evaluates. */
static void a_tap_changes_only_the_dates_it_is_said_to_affect(void **state)
{
	(void)state;
	static const struct rules_profile day_night = {
		.name = "day-night", .nsessions = 2, .follows_calendar = false, .roster_days = 0xfe,
		.grace_min = -1,
		.sessions = { { "day", 7 * 60 + 30, 11 * 60 + 30 }, { "night", 19 * 60, 7 * 60 } },
	};
	const struct rules_profile *profiles[] = { &rules_profile_standard, &day_night };
	rules_date base = D(2026, 11, 16);
	uint32_t seed = 12345;

	for (size_t p = 0; p < 2; p++) {
		struct fixture f;
		fixture_init(&f, profiles[p]);
		struct rules_tap taps[40];
		size_t n = 0;
		for (int d = 0; d < 14; d++) {
			taps[n] = (struct rules_tap){ (int64_t)n + 1, at(base + d, 7, 20), 0, 0 };
			n++;
			taps[n] = (struct rules_tap){ (int64_t)n + 1, at(base + d, 17, 40), 0, 0 };
			n++;
		}
		for (int trial = 0; trial < 300; trial++) {
			seed = seed * 1103515245u + 12345u;
			rules_lsec t = at(base + 3, 0, 0) + (rules_lsec)(seed % (8u * 86400u));
			rules_date first, last;
			rules_dates_affected(&f.rs, t, &first, &last);
			taps[n] = (struct rules_tap){ 999, t, 0, 0 };
			for (rules_date d = base + 1; d < base + 13; d++) {
				struct rules_day_result without, with;
				rules_lsec now = at(base + 20, 0, 0);
				f.in.taps = taps;
				f.in.ntaps = n;
				assert_int_equal(rules_evaluate_day(&f.in, d, now, &without), 0);
				f.in.ntaps = n + 1;
				assert_int_equal(rules_evaluate_day(&f.in, d, now, &with), 0);
				if (memcmp(&without, &with, sizeof(with)) != 0 && (d < first || d > last))
					fail_msg("tap at %lld changed date %d outside [%d, %d]", (long long)t,
						 d, first, last);
			}
		}
	}
}

static void tap_window_covers_a_night_shift_of_the_day_before(void **state)
{
	(void)state;
	struct rules_ruleset rs;
	rules_lsec from, to;
	rules_date day = D(2026, 11, 23);
	rules_ruleset_default(&rs);
	rules_tap_window(&rs, day, &from, &to);
	assert_true(from <= at(day - 1, 19, 0) - 4 * 3600);
	assert_true(to >= at(day + 2, 7, 0) + 4 * 3600);
	rules_date first, last;
	rules_dates_affected(&rs, at(day, 6, 55), &first, &last);
	assert_true(first <= day - 1 && last >= day);
}

static void names_are_stable_for_sql(void **state)
{
	(void)state;
	assert_string_equal(rules_exception_name(RULES_EX_LATE), "late");
	assert_string_equal(rules_exception_name(RULES_EX_UNEXCUSED_HALF_DAY), "unexcused_half_day");
	assert_string_equal(rules_exception_name(RULES_EX_TOO_MANY_TAPS), "too_many_taps");
	assert_string_equal(rules_exception_name((enum rules_exception_kind)99), "?");
	assert_string_equal(rules_session_status_name(RULES_SESSION_PENDING), "pending");
	assert_string_equal(rules_cause_name(RULES_CAUSE_MISSING_TAP), "missing_tap");
	assert_true(rules_exception_is_discipline(RULES_EX_MISSING_OUT));
	assert_false(rules_exception_is_discipline(RULES_EX_STRAY_TAP));
	assert_false(rules_exception_is_discipline(RULES_EX_TAPS_DURING_REQUEST));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(date_round_trip_over_three_centuries),
		cmocka_unit_test(weekday_of_known_dates),
		cmocka_unit_test(leap_years_and_invalid_dates),
		cmocka_unit_test(local_time_and_midnight),
		cmocka_unit_test(parser_reads_rows_comments_and_crlf),
		cmocka_unit_test(parser_reports_errors_with_line_numbers),
		cmocka_unit_test(parser_rejects_too_many_rows),
		cmocka_unit_test(parser_rejects_too_long_names),
		cmocka_unit_test(parser_same_date_with_a_toggle_is_allowed),
		cmocka_unit_test(shipped_data_has_every_statutory_holiday),
		cmocka_unit_test(shipped_lunar_dates_are_right),
		cmocka_unit_test(shipped_swaps_balance_and_fall_on_saturdays),
		cmocka_unit_test(shipped_2027_is_provisional_and_2025_official),
		cmocka_unit_test(compensatory_days_follow_a_holiday_on_a_rest_day),
		cmocka_unit_test(calendar_without_entries_is_monday_to_friday),
		cmocka_unit_test(calendar_toggle_switches_a_row_on),
		cmocka_unit_test(calendar_holiday_beats_a_stale_swap_row),
		cmocka_unit_test(calendar_kind_names_round_trip),
		cmocka_unit_test(official_symbols_are_exactly_the_c01_hd_set),
		cmocka_unit_test(symbol_pay_classes_match_quy_ra_cong),
		cmocka_unit_test(request_precedence_order),
		cmocka_unit_test(configured_symbol_table_replaces_the_default),
		cmocka_unit_test(default_rule_set_matches_domain),
		cmocka_unit_test(rule_set_check_rejects_nonsense),
		cmocka_unit_test(default_profiles_are_valid_and_as_documented),
		cmocka_unit_test(profile_check_rejects_overlaps_and_empty_rosters),
		cmocka_unit_test(season_may_wrap_the_new_year),
		cmocka_unit_test(sessions_across_midnight_end_the_next_day),
		cmocka_unit_test(leave_approved_after_the_fact_changes_the_day),
		cmocka_unit_test(late_tap_gives_the_on_time_result),
		cmocka_unit_test(evaluation_does_not_touch_its_inputs),
		cmocka_unit_test(invalid_inputs_are_refused),
		cmocka_unit_test(too_many_taps_are_reported_not_dropped_silently),
		cmocka_unit_test(exception_list_overflow_is_flagged),
		cmocka_unit_test(a_tap_changes_only_the_dates_it_is_said_to_affect),
		cmocka_unit_test(tap_window_covers_a_night_shift_of_the_day_before),
		cmocka_unit_test(names_are_stable_for_sql),
	};
	return cmocka_run_group_tests_name("rules_calendar", tests, load_shipped, NULL);
}
