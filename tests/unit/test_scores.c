/* The discipline sub-score, bands, the cap on Hoàn thành xuất sắc, ties, rounding, awards and
 * alerts (rules/score*.c), case by case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/score.h"
#include "rules/score_alert.h"
#include "rules/score_card.h"

static struct score_rules R(void)
{
	struct score_rules r;
	score_rules_default(&r);
	return r;
}

static struct score_fact F(int day, int session, enum score_fact_kind k, enum score_cause cause, int minutes)
{
	return (struct score_fact){ .date = rules_date_from_ymd(2026, 11, day), .session = (int16_t)session,
	                            .day_sessions = 2, .kind = (uint8_t)k, .cause = (uint8_t)cause,
	                            .minutes = minutes };
}

static struct score_discipline run(struct score_fact *f, int n)
{
	struct score_rules r = R();
	struct score_discipline d;
	assert_int_equal(score_discipline(&r, f, n, &d), 0);
	return d;
}

static void a_clean_month_keeps_all_ten_points(void **state)
{
	(void)state;
	struct score_discipline d = run(NULL, 0);
	assert_int_equal(d.sub_score, 1000);
	assert_int_equal(d.deducted, 0);
}

static void each_late_arrival_costs_half_a_point(void **state)
{
	(void)state;
	struct score_fact f[] = { F(2, 0, SCORE_FACT_LATE, 0, 12), F(3, 1, SCORE_FACT_EARLY_LEAVE, 0, 7) };
	struct score_discipline d = run(f, 2);
	assert_int_equal(d.late_count, 1);
	assert_int_equal(d.late_minutes, 12);
	assert_int_equal(d.early_minutes, 7);
	assert_int_equal(d.deduct[SCORE_CHARGE_LATE_EARLY], 100);
	assert_int_equal(d.sub_score, 900);
	assert_int_equal(f[0].points, 50);
	assert_int_equal(f[0].charge, SCORE_CHARGE_LATE_EARLY);
}

static void late_and_early_stop_at_five_points(void **state)
{
	(void)state;
	struct score_fact f[12];
	for (int i = 0; i < 12; i++)
		f[i] = F(2 + i, 0, SCORE_FACT_LATE, 0, 10);
	struct score_discipline d = run(f, 12);
	assert_int_equal(d.late_count, 12);
	assert_int_equal(d.deduct[SCORE_CHARGE_LATE_EARLY], 500);
	assert_int_equal(f[9].charge, SCORE_CHARGE_LATE_EARLY);
	assert_int_equal(f[10].charge, SCORE_CHARGE_NONE);
	assert_int_equal(f[10].why, SCORE_WHY_CAP);
	assert_int_equal(d.sub_score, 500);
}

static void an_absent_morning_is_an_unexcused_half_day(void **state)
{
	(void)state;
	struct score_fact f[] = { F(2, 0, SCORE_FACT_UNEXCUSED_HALF_DAY, SCORE_CAUSE_ABSENT, 0) };
	struct score_discipline d = run(f, 1);
	assert_int_equal(d.half_days, 1);
	assert_int_equal(d.days, 0);
	assert_int_equal(d.sub_score, 750);
}

static void both_sessions_missed_is_one_unexcused_day(void **state)
{
	(void)state;
	struct score_fact f[] = { F(2, 0, SCORE_FACT_UNEXCUSED_HALF_DAY, SCORE_CAUSE_ABSENT, 0),
	                          F(2, 1, SCORE_FACT_UNEXCUSED_HALF_DAY, SCORE_CAUSE_ABSENT, 0) };
	struct score_discipline d = run(f, 2);
	assert_int_equal(d.days, 1);
	assert_int_equal(d.half_days, 0);
	assert_int_equal(f[0].charge, SCORE_CHARGE_DAY);
	assert_int_equal(f[1].why, SCORE_WHY_IN_DAY);
	assert_int_equal(d.sub_score, 500);
}

/* Issue 13: 11 minutes late one morning, 75 minutes (threshold 60) another.  The 75 is the
 * missed half-day, not a late as well: 1 late of 11 minutes, 1 half-day (the punctuality
 * report counts the same: tests/integration/test_report_figures.sh). */
static void late_beyond_an_hour_is_charged_as_the_half_day_only(void **state)
{
	(void)state;
	struct score_fact f[] = { F(2, 0, SCORE_FACT_LATE, 0, 11),
	                          F(3, 0, SCORE_FACT_LATE, 0, 75),
	                          F(3, 0, SCORE_FACT_UNEXCUSED_HALF_DAY, SCORE_CAUSE_LATE, 75) };
	struct score_discipline d = run(f, 3);
	assert_int_equal(d.late_count, 1);
	assert_int_equal(d.late_minutes, 11);
	assert_int_equal(d.half_days, 1);
	assert_int_equal(f[1].why, SCORE_WHY_IN_HALF_DAY);
	assert_int_equal(f[1].points, 0);
	assert_int_equal(d.deducted, 50 + 250);
}

/* An early leave beyond the threshold likewise: the half-day, not an early leave. */
static void early_beyond_an_hour_is_the_half_day_not_an_early_leave(void **state)
{
	(void)state;
	struct score_fact f[] = { F(2, 1, SCORE_FACT_EARLY_LEAVE, 0, 90),
	                          F(2, 1, SCORE_FACT_UNEXCUSED_HALF_DAY, SCORE_CAUSE_EARLY, 90) };
	struct score_discipline d = run(f, 2);
	assert_int_equal(d.early_count, 0);
	assert_int_equal(d.early_minutes, 0);
	assert_int_equal(d.half_days, 1);
	assert_int_equal(d.deducted, 250);
}

static void a_missing_tap_is_charged_once_as_a_tap_not_as_a_half_day(void **state)
{
	(void)state;
	struct score_fact f[] = { F(2, 1, SCORE_FACT_MISSING_TAP, 0, 0),
	                          F(2, 1, SCORE_FACT_UNEXCUSED_HALF_DAY, SCORE_CAUSE_MISSING_TAP, 0) };
	struct score_discipline d = run(f, 2);
	assert_int_equal(d.missing_taps, 1);
	assert_int_equal(d.half_days, 0);
	assert_int_equal(f[1].why, SCORE_WHY_AS_MISSING_TAP);
	assert_int_equal(d.deducted, 50);
}

static void a_missing_tap_within_its_two_working_days_costs_nothing_yet(void **state)
{
	(void)state;
	struct score_fact f[] = { F(20, 1, SCORE_FACT_MISSING_TAP, 0, 0) };
	f[0].justify_open = true;
	struct score_discipline d = run(f, 1);
	assert_int_equal(d.missing_taps_open, 1);
	assert_int_equal(d.missing_taps, 0);
	assert_int_equal(d.sub_score, 1000);
	assert_int_equal(f[0].why, SCORE_WHY_JUSTIFY_OPEN);
}

static void badge_not_worn_costs_a_point_each(void **state)
{
	(void)state;
	struct score_fact f[] = { F(2, -1, SCORE_FACT_BADGE_NOT_WORN, 0, 0), F(5, -1, SCORE_FACT_BADGE_NOT_WORN, 0, 0) };
	struct score_discipline d = run(f, 2);
	assert_int_equal(d.badge_not_worn, 2);
	assert_int_equal(d.sub_score, 800);
}

static void the_sub_score_never_goes_below_zero(void **state)
{
	(void)state;
	struct score_fact f[6];
	for (int i = 0; i < 3; i++) {
		f[2 * i] = F(2 + i, 0, SCORE_FACT_UNEXCUSED_HALF_DAY, SCORE_CAUSE_ABSENT, 0);
		f[2 * i + 1] = F(2 + i, 1, SCORE_FACT_UNEXCUSED_HALF_DAY, SCORE_CAUSE_ABSENT, 0);
	}
	struct score_discipline d = run(f, 6);
	assert_int_equal(d.days, 3);
	assert_int_equal(d.deducted, 1500);
	assert_int_equal(d.sub_score, 0);
}

static void facts_out_of_order_are_refused(void **state)
{
	(void)state;
	struct score_rules r = R();
	struct score_fact f[] = { F(5, 0, SCORE_FACT_LATE, 0, 9), F(2, 0, SCORE_FACT_LATE, 0, 9) };
	struct score_discipline d;
	assert_int_equal(score_discipline(&r, f, 2, &d), -22);
}

static void points_round_half_away_from_zero_to_hundredths(void **state)
{
	(void)state;
	score_pts p;
	assert_int_equal(score_parse("7", &p), 0); assert_int_equal(p, 700);
	assert_int_equal(score_parse("7,5", &p), 0); assert_int_equal(p, 750);
	assert_int_equal(score_parse("7.255", &p), 0); assert_int_equal(p, 726);
	assert_int_equal(score_parse("7.254", &p), 0); assert_int_equal(p, 725);
	assert_int_equal(score_parse("-0.5", &p), 0); assert_int_equal(p, -50);
	assert_int_equal(score_parse("7.", &p), -22);
	assert_int_equal(score_parse("abc", &p), -22);
	assert_int_equal(score_parse("", &p), -22);
	char buf[16];
	score_format(1250, buf, sizeof buf); assert_string_equal(buf, "12.5");
	score_format(725, buf, sizeof buf); assert_string_equal(buf, "7.25");
	score_format(1000, buf, sizeof buf); assert_string_equal(buf, "10");
	score_format(-50, buf, sizeof buf); assert_string_equal(buf, "-0.5");
}

static void bands_follow_the_decree_bounds(void **state)
{
	(void)state;
	struct score_rules r = R();
	assert_int_equal(score_band_of(&r, 9000, false), SCORE_BAND_EXCELLENT);
	assert_int_equal(score_band_of(&r, 8999, false), SCORE_BAND_GOOD);
	assert_int_equal(score_band_of(&r, 7000, false), SCORE_BAND_GOOD);
	assert_int_equal(score_band_of(&r, 6999, false), SCORE_BAND_DONE);
	assert_int_equal(score_band_of(&r, 5000, false), SCORE_BAND_DONE);
	assert_int_equal(score_band_of(&r, 4999, false), SCORE_BAND_NOT_DONE);
}

static void a_disciplined_person_is_never_above_not_done(void **state)
{
	(void)state;
	struct score_rules r = R();
	assert_int_equal(score_band_of(&r, 9800, true), SCORE_BAND_NOT_DONE);
	struct score_card c[] = { { .person_id = 1, .total = 9800, .discipline = 1000, .disciplined = true, .ranked = true } };
	assert_int_equal(score_rank(&r, c, 1, NULL, 1), 0);
	assert_int_equal(c[0].band, SCORE_BAND_NOT_DONE);
	assert_int_equal(c[0].band_by_score, SCORE_BAND_EXCELLENT);
}

static void card_totals_clamp_and_count_missing_criteria(void **state)
{
	(void)state;
	struct score_criterion crit[] = { { "discipline", SCORE_GROUP_GENERAL, 1000, true },
	                                  { "attitude", SCORE_GROUP_GENERAL, 400, false },
	                                  { "task_results", SCORE_GROUP_TASK, 7000, false } };
	score_pts pts[] = { 950, 500, -1 }, total, general, task;
	assert_int_equal(score_card_total(crit, 3, pts, &total, &general, &task), 1);
	assert_int_equal(general, 1350);
	assert_int_equal(task, 0);
	assert_int_equal(total, 1350);
}

/* Base 'good_or_above': ten people at >= 70, six of them >= 90: 20% of ten is two. */
static void the_cap_keeps_twenty_percent_of_good_or_better_excellent(void **state)
{
	(void)state;
	struct score_rules r = R();
	r.excellent_cap_base = SCORE_CAP_BASE_GOOD_OR_ABOVE;
	struct score_card c[10];
	for (int i = 0; i < 10; i++)
		c[i] = (struct score_card){ .person_id = i + 1, .total = i < 6 ? 9500 - 100 * i : 8000,
		                            .discipline = 1000, .task = 6000, .ranked = true };
	assert_int_equal(score_rank(&r, c, 10, NULL, 1), 0);
	int exc = 0, capped = 0;
	for (int i = 0; i < 10; i++) {
		exc += c[i].band == SCORE_BAND_EXCELLENT;
		capped += c[i].capped;
	}
	assert_int_equal(exc, 2);
	assert_int_equal(capped, 4);
	assert_int_equal(c[0].person_id, 1);
	assert_int_equal(c[0].band, SCORE_BAND_EXCELLENT);
	assert_int_equal(c[2].band, SCORE_BAND_GOOD);
	assert_int_equal(c[2].band_by_score, SCORE_BAND_EXCELLENT);
}

static void an_excellent_unit_may_keep_twenty_five_percent(void **state)
{
	(void)state;
	struct score_rules r = R();
	r.excellent_cap_base = SCORE_CAP_BASE_GOOD_OR_ABOVE;
	struct score_card c[12];
	for (int i = 0; i < 12; i++)
		c[i] = (struct score_card){ .person_id = i + 1, .total = 9900 - 10 * i, .discipline = 1000,
		                            .ranked = true };
	bool excellent[1] = { true };
	score_rank(&r, c, 12, excellent, 1);
	int exc = 0;
	for (int i = 0; i < 12; i++)
		exc += c[i].band == SCORE_BAND_EXCELLENT;
	assert_int_equal(exc, 3);   /* 25% of 12 */
	bool plain[1] = { false };
	score_rank(&r, c, 12, plain, 1);
	exc = 0;
	for (int i = 0; i < 12; i++)
		exc += c[i].band == SCORE_BAND_EXCELLENT;
	assert_int_equal(exc, 2);   /* floor(20% of 12) */
}

static void a_tie_across_the_cap_line_holds_the_whole_tie_back(void **state)
{
	(void)state;
	struct score_rules r = R();
	r.excellent_cap_base = SCORE_CAP_BASE_GOOD_OR_ABOVE;
	/* pool 10 -> cap 2; #1 alone, #2 and #3 tied exactly */
	struct score_card c[10];
	for (int i = 0; i < 10; i++)
		c[i] = (struct score_card){ .person_id = i + 1, .total = 8000, .discipline = 1000, .ranked = true };
	c[0].total = 9700;
	c[1].total = c[2].total = 9500;
	score_rank(&r, c, 10, NULL, 1);
	assert_int_equal(c[0].band, SCORE_BAND_EXCELLENT);
	assert_int_equal(c[1].band, SCORE_BAND_GOOD);
	assert_int_equal(c[2].band, SCORE_BAND_GOOD);
	assert_true(c[1].tie_at_cap);
	assert_true(c[2].tie_at_cap);
	assert_int_equal(c[1].rank, 2);
	assert_int_equal(c[2].rank, 2);
	assert_int_equal(c[3].rank, 4);
}

static void a_tie_on_total_is_broken_by_discipline_then_task(void **state)
{
	(void)state;
	struct score_rules r = R();
	r.excellent_cap_base = SCORE_CAP_BASE_GOOD_OR_ABOVE;   /* cap 2 of 10 */
	struct score_card c[10];
	for (int i = 0; i < 10; i++)
		c[i] = (struct score_card){ .person_id = i + 1, .total = 8000, .discipline = 1000, .ranked = true };
	c[0].total = 9700;
	c[1].total = c[2].total = 9500;
	c[1].discipline = 900;   /* person 3 has the better discipline */
	score_rank(&r, c, 10, NULL, 1);
	assert_int_equal(c[1].person_id, 3);
	assert_int_equal(c[1].band, SCORE_BAND_EXCELLENT);
	assert_int_equal(c[2].person_id, 2);
	assert_int_equal(c[2].band, SCORE_BAND_GOOD);
	assert_false(c[2].tie_at_cap);
	assert_int_equal(c[2].rank, 3);
}

/* n cards in one group: e excellent by score (95 down), the rest good (80). */
static int rank_demo(struct score_rules *r, int n, int e, bool unit_excellent, int *ret_good)
{
	struct score_card *c = calloc((size_t)n, sizeof *c);
	assert_non_null(c);
	for (int i = 0; i < n; i++)
		c[i] = (struct score_card){ .person_id = i + 1, .total = i < e ? 9500 - i : 8000,
		                            .discipline = 1000, .task = 6000, .ranked = true };
	bool exc[1] = { unit_excellent };
	assert_int_equal(score_rank(r, c, n, exc, 1), 0);
	int excellent = 0, good = 0;
	for (int i = 0; i < n; i++) {
		excellent += c[i].band == SCORE_BAND_EXCELLENT;
		good += c[i].band == SCORE_BAND_GOOD;
		if (c[i].band == SCORE_BAND_EXCELLENT)
			assert_true(c[i].total >= 9500 - e);   /* the best keep it */
	}
	free(c);
	*ret_good = good;
	return excellent;
}

/* Issue 13's demo: 300 people, 75 excellent by score beside 225 good (33 %).  NĐ 335/2025:
 * excellent <= 20 % of those rated Hoàn thành tốt.  The cap moves people down to good, which
 * grows the base: the largest E with E <= 20% x (225 + 75 - E) is floor(20 x 300 / 120) = 50,
 * and 50 of 250 good is exactly 20 %; 51 would be 51/249 = 20.5 %. */
static void the_cap_is_twenty_percent_of_those_finally_rated_good(void **state)
{
	(void)state;
	struct score_rules r = R();
	assert_int_equal(r.excellent_cap_base, SCORE_CAP_BASE_GOOD);   /* the decree's words by default */
	int good, e = rank_demo(&r, 300, 75, false, &good);
	assert_int_equal(e, 50);
	assert_int_equal(good, 250);
	assert_true(e * 100 <= 20 * good);
	assert_false((e + 1) * 100 <= 20 * (good - 1));   /* the largest such E */
	/* an excellent unit: 25 % of the good, floor(25 x 300 / 125) = 60, 60 / 240 */
	e = rank_demo(&r, 300, 75, true, &good);
	assert_int_equal(e, 60);
	assert_int_equal(good, 240);
	assert_true(e * 100 <= 25 * good);
	assert_false((e + 1) * 100 <= 25 * (good - 1));
	/* under the cap already: 40 excellent beside 260 good (15 %) stay */
	e = rank_demo(&r, 300, 40, false, &good);
	assert_int_equal(e, 40);
	/* exactly at it: 50 beside 250 */
	e = rank_demo(&r, 300, 50, false, &good);
	assert_int_equal(e, 50);
	/* a small group: 1 excellent beside 4 good is 25 % -> 0; beside 5 good is 20 % -> 1 */
	assert_int_equal(rank_demo(&r, 5, 1, false, &good), 0);
	assert_int_equal(rank_demo(&r, 6, 1, false, &good), 1);
}

/* The other base, a setting of the version: 20 % of those at Hoàn thành tốt or above. */
static void the_cap_base_good_or_above_counts_the_excellent_too(void **state)
{
	(void)state;
	struct score_rules r = R();
	r.excellent_cap_base = SCORE_CAP_BASE_GOOD_OR_ABOVE;
	int good, e = rank_demo(&r, 300, 75, false, &good);
	assert_int_equal(e, 60);    /* 20 % of 300: 60 beside 240 good, 25 % of the good */
	assert_int_equal(good, 240);
	e = rank_demo(&r, 300, 75, true, &good);
	assert_int_equal(e, 75);    /* 25 % of 300: the demo's 75 beside 225, 33 % of the good */
	assert_int_equal(good, 225);
	const char *field = NULL;
	r.excellent_cap_base = 2;
	assert_int_equal(score_rules_check(&r, &field), -22);
	assert_string_equal(field, "excellent_cap_base");
}

static void groups_are_ranked_and_capped_apart(void **state)
{
	(void)state;
	struct score_rules r = R();
	struct score_card c[] = { { .person_id = 1, .group = 1, .total = 9600, .ranked = true },
	                          { .person_id = 2, .group = 0, .total = 9100, .ranked = true },
	                          { .person_id = 3, .group = 1, .total = 5500, .ranked = true },
	                          { .person_id = 4, .group = 0, .total = 3000, .ranked = false } };
	score_rank(&r, c, 4, NULL, 2);
	assert_int_equal(c[0].person_id, 2);
	assert_int_equal(c[0].rank, 1);
	assert_int_equal(c[0].band, SCORE_BAND_GOOD);   /* pool of one: cap 0 */
	assert_int_equal(c[1].band, SCORE_BAND_NOT_RANKED);
	assert_int_equal(c[2].person_id, 1);
	assert_int_equal(c[2].rank, 1);
	assert_int_equal(c[3].rank, 2);
	assert_int_equal(c[3].band, SCORE_BAND_DONE);
}

static void collective_scores_are_the_mean_rounded_half_up(void **state)
{
	(void)state;
	struct score_rules r = R();
	struct score_card c[] = { { .unit = 0, .total = 9001, .ranked = true }, { .unit = 0, .total = 9000, .ranked = true },
	                          { .unit = 1, .total = 7000, .ranked = true }, { .unit = 1, .total = 9999, .ranked = false } };
	struct score_collective u[3] = { { .unit_id = 10 }, { .unit_id = 11 }, { .unit_id = 12 } };
	assert_int_equal(score_collectives(&r, c, 4, u, 3), 0);
	assert_int_equal(u[0].score, 9001);   /* 9000.5 -> 9001 */
	assert_int_equal(u[0].band, SCORE_BAND_EXCELLENT);
	assert_int_equal(u[0].rank, 1);
	assert_int_equal(u[1].members, 1);
	assert_int_equal(u[1].rank, 2);
	assert_int_equal(u[2].band, SCORE_BAND_NOT_RANKED);
	assert_int_equal(u[2].rank, 0);
}

static void award_candidates_stop_at_the_quota_without_splitting_a_tie(void **state)
{
	(void)state;
	struct score_rules r = R();
	r.quota_individuals = 2;
	struct score_card c[] = { { .person_id = 1, .total = 9900, .band = SCORE_BAND_EXCELLENT, .ranked = true },
	                          { .person_id = 2, .total = 9500, .band = SCORE_BAND_EXCELLENT, .ranked = true },
	                          { .person_id = 3, .total = 9500, .band = SCORE_BAND_EXCELLENT, .ranked = true },
	                          { .person_id = 4, .total = 9950, .band = SCORE_BAND_GOOD, .ranked = true } };
	int idx[2];
	bool tie;
	assert_int_equal(score_award_individuals(&r, c, 4, idx, &tie), 1);
	assert_true(tie);
	assert_int_equal(idx[0], 0);
	r.quota_individuals = 3;
	int idx3[3];
	assert_int_equal(score_award_individuals(&r, c, 4, idx3, &tie), 3);
	assert_false(tie);
}

static void achievement_lines_read_as_the_evidence_file_writes_them(void **state)
{
	(void)state;
	struct score_card c = { .total = 9650, .discipline = 1000, .band = SCORE_BAND_EXCELLENT };
	struct score_discipline d = { 0 };
	char buf[256];
	score_achievement_line(&c, &d, 2026, 11, buf, sizeof buf);
	assert_string_equal(buf, "Tháng 11/2026: Hoàn thành xuất sắc nhiệm vụ, 96,5 điểm (kỷ luật, kỷ cương "
	                         "hành chính 10/10); không đi muộn, về sớm, không nghỉ không lý do");
}

static void three_late_arrivals_suggest_a_written_reminder(void **state)
{
	(void)state;
	struct score_rules r = R();
	struct score_discipline d = { .late_count = 3 };
	struct score_alerts a;
	rules_date m = rules_date_from_ymd(2026, 11, 1);
	assert_int_equal(score_alerts_of(&r, &d, false, NULL, 0, m, m + 29, &a), 0);
	assert_int_equal(a.mask, 1u << SCORE_ALERT_WRITTEN_REMINDER);
	d = (struct score_discipline){ .days = 3 };
	score_alerts_of(&r, &d, false, NULL, 0, m, m + 29, &a);
	assert_int_equal(a.mask, (1u << SCORE_ALERT_WRITTEN_REMINDER) | (1u << SCORE_ALERT_HEAD_OF_UNIT));
	d = (struct score_discipline){ .late_count = 2 };
	score_alerts_of(&r, &d, false, NULL, 0, m, m + 29, &a);
	assert_int_equal(a.mask, 0);
}

static void contract_staff_are_warned_at_four_days_in_thirty_across_months(void **state)
{
	(void)state;
	struct score_rules r = R();
	struct score_discipline d = { .days = 1 };
	rules_date m = rules_date_from_ymd(2026, 11, 1);
	/* 2 days late October + 1.5 days in November, within 30 days: 3.5 -> no; one more half -> yes */
	struct score_absence a1[] = { { m - 10, 2 }, { m - 5, 2 }, { m + 3, 2 }, { m + 8, 1 } };
	struct score_alerts a;
	assert_int_equal(score_alerts_of(&r, &d, true, a1, 3, m, m + 29, &a), 0);
	assert_int_equal(a.max30_halves, 6);
	assert_false(a.mask & (1u << SCORE_ALERT_CONTRACT_30));
	score_alerts_of(&r, &d, true, a1, 4, m, m + 29, &a);
	assert_int_equal(a.max30_halves, 7);
	assert_false(a.mask & (1u << SCORE_ALERT_CONTRACT_30));
	struct score_absence a2[] = { { m - 10, 2 }, { m - 5, 2 }, { m + 3, 2 }, { m + 8, 2 } };
	score_alerts_of(&r, &d, true, a2, 4, m, m + 29, &a);
	assert_true(a.mask & (1u << SCORE_ALERT_CONTRACT_30));
	/* the same days for a civil servant: no contract alert */
	score_alerts_of(&r, &d, false, a2, 4, m, m + 29, &a);
	assert_false(a.mask & (1u << SCORE_ALERT_CONTRACT_30));
}

static void contract_staff_are_warned_at_fifteen_days_in_a_year(void **state)
{
	(void)state;
	struct score_rules r = R();
	struct score_discipline d = { 0 };
	rules_date m = rules_date_from_ymd(2026, 11, 1);
	struct score_absence a[15];
	for (int i = 0; i < 15; i++)   /* one day a month or so, never 4 in 30 */
		a[i] = (struct score_absence){ m - 330 + 24 * i, 2 };
	struct score_alerts out;
	assert_int_equal(score_alerts_of(&r, &d, true, a, 15, m, m + 29, &out), 0);
	assert_int_equal(out.last365_halves, 30);
	assert_true(out.mask & (1u << SCORE_ALERT_CONTRACT_365));
	assert_false(out.mask & (1u << SCORE_ALERT_CONTRACT_30));
}

static void default_rules_pass_their_own_check_and_bad_ones_are_named(void **state)
{
	(void)state;
	struct score_rules r = R();
	const char *field = "x";
	assert_int_equal(score_rules_check(&r, &field), 0);
	assert_null(field);
	r.band_good = 9500;
	assert_int_equal(score_rules_check(&r, &field), -22);
	assert_string_equal(field, "bands");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_clean_month_keeps_all_ten_points),
		cmocka_unit_test(each_late_arrival_costs_half_a_point),
		cmocka_unit_test(late_and_early_stop_at_five_points),
		cmocka_unit_test(an_absent_morning_is_an_unexcused_half_day),
		cmocka_unit_test(both_sessions_missed_is_one_unexcused_day),
		cmocka_unit_test(late_beyond_an_hour_is_charged_as_the_half_day_only),
		cmocka_unit_test(early_beyond_an_hour_is_the_half_day_not_an_early_leave),
		cmocka_unit_test(a_missing_tap_is_charged_once_as_a_tap_not_as_a_half_day),
		cmocka_unit_test(a_missing_tap_within_its_two_working_days_costs_nothing_yet),
		cmocka_unit_test(badge_not_worn_costs_a_point_each),
		cmocka_unit_test(the_sub_score_never_goes_below_zero),
		cmocka_unit_test(facts_out_of_order_are_refused),
		cmocka_unit_test(points_round_half_away_from_zero_to_hundredths),
		cmocka_unit_test(bands_follow_the_decree_bounds),
		cmocka_unit_test(a_disciplined_person_is_never_above_not_done),
		cmocka_unit_test(card_totals_clamp_and_count_missing_criteria),
		cmocka_unit_test(the_cap_keeps_twenty_percent_of_good_or_better_excellent),
		cmocka_unit_test(an_excellent_unit_may_keep_twenty_five_percent),
		cmocka_unit_test(the_cap_is_twenty_percent_of_those_finally_rated_good),
		cmocka_unit_test(the_cap_base_good_or_above_counts_the_excellent_too),
		cmocka_unit_test(a_tie_across_the_cap_line_holds_the_whole_tie_back),
		cmocka_unit_test(a_tie_on_total_is_broken_by_discipline_then_task),
		cmocka_unit_test(groups_are_ranked_and_capped_apart),
		cmocka_unit_test(collective_scores_are_the_mean_rounded_half_up),
		cmocka_unit_test(award_candidates_stop_at_the_quota_without_splitting_a_tie),
		cmocka_unit_test(achievement_lines_read_as_the_evidence_file_writes_them),
		cmocka_unit_test(three_late_arrivals_suggest_a_written_reminder),
		cmocka_unit_test(contract_staff_are_warned_at_four_days_in_thirty_across_months),
		cmocka_unit_test(contract_staff_are_warned_at_fifteen_days_in_a_year),
		cmocka_unit_test(default_rules_pass_their_own_check_and_bad_ones_are_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
