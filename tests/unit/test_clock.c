/* The business clock (lib/clock.c): ATTEND_TEST_NOW stops it at a given instant, unset it
 * is the wall clock, a malformed value is refused naming the variable. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/clock.h"
#include "lib/timeutil.h"

static void unset_is_the_wall_clock(void **state)
{
	(void)state;
	unsetenv(CLOCK_TEST_ENV);
	char err[128];
	assert_int_equal(clock_check_env(err, sizeof err), 0);
	assert_null(clock_test_now());
	int64_t before = now_realtime_us(), now = clock_now_us(), after = now_realtime_us();
	assert_true(before <= now && now <= after);
	setenv(CLOCK_TEST_ENV, "", 1);   /* empty is unset (a shell's VAR= ) */
	assert_null(clock_test_now());
	unsetenv(CLOCK_TEST_ENV);
}

static void a_test_instant_stands_still(void **state)
{
	(void)state;
	setenv(CLOCK_TEST_ENV, "2027-02-10T09:00:00+07:00", 1);
	char err[128];
	assert_int_equal(clock_check_env(err, sizeof err), 0);
	assert_string_equal(clock_test_now(), "2027-02-10T09:00:00+07:00");
	assert_int_equal(clock_now_s(), 1802224800);   /* 2027-02-10T02:00:00Z */
	assert_int_equal(clock_now_us(), INT64_C(1802224800) * 1000000);
	assert_int_equal(clock_now_s(), 1802224800);
	unsetenv(CLOCK_TEST_ENV);
}

static void a_bad_value_is_refused_by_name(void **state)
{
	(void)state;
	setenv(CLOCK_TEST_ENV, "10/02/2027 09:00", 1);
	char err[160];
	assert_int_equal(clock_check_env(err, sizeof err), -EINVAL);
	assert_non_null(strstr(err, "ATTEND_TEST_NOW: '10/02/2027 09:00' is not an RFC 3339 time"));
	assert_null(clock_test_now());   /* never half-used */
	unsetenv(CLOCK_TEST_ENV);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unset_is_the_wall_clock),
		cmocka_unit_test(a_test_instant_stands_still),
		cmocka_unit_test(a_bad_value_is_refused_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
