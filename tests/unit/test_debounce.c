/* Debounce: repeats within the window are flagged, not dropped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "edge/debounce.h"

#define S 1000000LL

static void a_second_tap_within_the_window_is_a_repeat(void **state)
{
	(void)state;
	struct debounce *d;
	assert_int_equal(debounce_new(&d, 3000), 0);
	assert_false(debounce_is_repeat(d, "04A1B2C3", 100 * S));
	assert_true(debounce_is_repeat(d, "04A1B2C3", 100 * S + 2 * S));
	assert_int_equal(debounce_repeats(d), 1);
	debounce_free(d);
}

static void a_tap_after_the_window_is_new(void **state)
{
	(void)state;
	struct debounce *d;
	debounce_new(&d, 3000);
	assert_false(debounce_is_repeat(d, "04A1B2C3", 100 * S));
	assert_false(debounce_is_repeat(d, "04A1B2C3", 103 * S));
	debounce_free(d);
}

static void another_badge_is_not_a_repeat(void **state)
{
	(void)state;
	struct debounce *d;
	debounce_new(&d, 3000);
	assert_false(debounce_is_repeat(d, "04A1B2C3", 100 * S));
	assert_false(debounce_is_repeat(d, "04A1B2C4", 100 * S));
	debounce_free(d);
}

static void a_card_held_on_the_reader_stays_one_tap(void **state)
{
	(void)state;
	struct debounce *d;
	debounce_new(&d, 3000);
	assert_false(debounce_is_repeat(d, "AA", 0));
	for (int i = 1; i <= 10; i++)   /* read every 2 s for 20 s */
		assert_true(debounce_is_repeat(d, "AA", i * 2 * S));
	debounce_free(d);
}

static void a_zero_window_never_debounces(void **state)
{
	(void)state;
	struct debounce *d;
	debounce_new(&d, 0);
	assert_false(debounce_is_repeat(d, "AA", 5));
	assert_false(debounce_is_repeat(d, "AA", 5));
	debounce_free(d);
}

static void a_morning_rush_of_many_badges_keeps_every_repeat(void **state)
{
	(void)state;
	struct debounce *d;
	debounce_new(&d, 3000);
	char uid[16];
	for (int i = 0; i < 20000; i++) {   /* far beyond the initial table */
		snprintf(uid, sizeof uid, "%08X", i);
		assert_false(debounce_is_repeat(d, uid, i * 1000LL));
	}
	for (int i = 19000; i < 20000; i++) {   /* the last second's badges again */
		snprintf(uid, sizeof uid, "%08X", i);
		assert_true(debounce_is_repeat(d, uid, 20000 * 1000LL));
	}
	assert_int_equal(debounce_repeats(d), 1000);
	debounce_free(d);
}

static void a_window_change_applies_at_once(void **state)
{
	(void)state;
	struct debounce *d;
	debounce_new(&d, 3000);
	debounce_is_repeat(d, "AA", 0);
	debounce_set_window(d, 10000);
	assert_true(debounce_is_repeat(d, "AA", 8 * S));
	debounce_free(d);
}

/* Two readers of one edge replaying their buffers hand over taps out of time order: the
 * lunch OUT at 11:30 must not hide the 07:10 double tap at the entrance (the demo showed 11 of
 * 20 repeats flagged before this was fixed). */
static void taps_out_of_time_order_are_still_debounced(void **state)
{
	(void)state;
	struct debounce *d;
	debounce_new(&d, 3000);
	assert_false(debounce_is_repeat(d, "AA", 11 * 3600 * S + 30 * 60 * S));   /* out, 11:30 */
	assert_false(debounce_is_repeat(d, "AA", 7 * 3600 * S + 10 * 60 * S));    /* in, 07:10 */
	assert_true(debounce_is_repeat(d, "AA", 7 * 3600 * S + 10 * 60 * S + 2 * S));
	assert_true(debounce_is_repeat(d, "AA", 7 * 3600 * S + 10 * 60 * S + 1 * S));
	debounce_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_second_tap_within_the_window_is_a_repeat),
		cmocka_unit_test(a_tap_after_the_window_is_new),
		cmocka_unit_test(another_badge_is_not_a_repeat),
		cmocka_unit_test(a_card_held_on_the_reader_stays_one_tap),
		cmocka_unit_test(a_zero_window_never_debounces),
		cmocka_unit_test(a_morning_rush_of_many_badges_keeps_every_repeat),
		cmocka_unit_test(a_window_change_applies_at_once),
		cmocka_unit_test(taps_out_of_time_order_are_still_debounced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
