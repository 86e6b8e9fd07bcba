/* The [evaluator] section of recorder.ini: its workers option (several threads, each with its
 * own connection, sharing the queue) and the bad values, named with file:line, option, value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "recorder/recorder_config.h"

#define EVAL "[evaluator]\nenabled = true\nconninfo = dbname=attend user=ev\n"

static void workers_default_to_two(void **state)
{
	(void)state;
	struct recorder_config c;
	char err[512] = "";
	assert_int_equal(recorder_config_load_string(&c, "recorder.ini", EVAL, err, sizeof err), 0);
	assert_int_equal(c.evaluator.workers, 2);
	assert_int_equal(c.evaluator.batch_size, 500);
	recorder_config_free(&c);
}

static void workers_from_one_to_the_maximum_load(void **state)
{
	(void)state;
	struct recorder_config c;
	char err[512] = "";
	assert_int_equal(recorder_config_load_string(&c, "recorder.ini", EVAL "workers = 1\n", err, sizeof err), 0);
	assert_int_equal(c.evaluator.workers, 1);
	recorder_config_free(&c);
	assert_int_equal(recorder_config_load_string(&c, "recorder.ini", EVAL "workers = 16\nbatch_size = 5000\n",
	                                             err, sizeof err), 0);
	assert_int_equal(c.evaluator.workers, EVALUATOR_WORKERS_MAX);
	assert_int_equal(c.evaluator.batch_size, 5000);
	recorder_config_free(&c);
}

static void expect_refused(const char *text, const char *want)
{
	struct recorder_config c;
	char err[512] = "";
	assert_int_equal(recorder_config_load_string(&c, "recorder.ini", text, err, sizeof err), -1);
	if (!strstr(err, want))
		fail_msg("expected '%s' in '%s'", want, err);
}

static void bad_workers_are_refused_with_file_line_option_and_value(void **state)
{
	(void)state;
	expect_refused(EVAL "workers = 0\n", "recorder.ini:4: option 'workers': value '0' is not a whole number from 1 to 16");
	expect_refused(EVAL "workers = 17\n", "recorder.ini:4: option 'workers': value '17'");
	expect_refused(EVAL "workers = two\n", "recorder.ini:4: option 'workers': value 'two'");
	expect_refused(EVAL "workers =\n", "recorder.ini:4:");
	expect_refused(EVAL "threads = 2\n", "recorder.ini:4: unknown option 'threads' in [evaluator]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(workers_default_to_two),
		cmocka_unit_test(workers_from_one_to_the_maximum_load),
		cmocka_unit_test(bad_workers_are_refused_with_file_line_option_and_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
