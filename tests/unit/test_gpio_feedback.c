/* GPIO door feedback.  No GPIO chip exists on the test machine, so libgpiod itself is swapped
 * at link time (-Wl,--wrap, tests/unit/test_gpio_feedback.wrap): the fake keeps each line's
 * level, and the tests check what the door would show, through the reader interface. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gpiod.h>

#include "lib/log.h"
#include "readers/gpio_feedback.h"
#include "readers/reader.h"

/* The fake chip: 64 lines, their levels and who requested them. */
static int level[64], requested[64], released[64];
static int chip_opens, chip_closes, fail_set;
static struct gpiod_chip *fake_chip = (struct gpiod_chip *)&chip_opens;

struct gpiod_chip *__wrap_gpiod_chip_open_lookup(const char *descr);
struct gpiod_chip *__wrap_gpiod_chip_open_lookup(const char *descr)
{
	if (strcmp(descr, "gpiochip0") != 0) {
		errno = ENOENT;
		return NULL;
	}
	chip_opens++;
	return fake_chip;
}

struct gpiod_line *__wrap_gpiod_chip_get_line(struct gpiod_chip *chip, unsigned int offset);
struct gpiod_line *__wrap_gpiod_chip_get_line(struct gpiod_chip *chip, unsigned int offset)
{
	assert_ptr_equal(chip, fake_chip);
	if (offset >= 64) {
		errno = EINVAL;
		return NULL;
	}
	return (struct gpiod_line *)&level[offset];
}

static int idx(struct gpiod_line *l)
{
	return (int)((int *)l - level);
}

int __wrap_gpiod_line_request_output(struct gpiod_line *line, const char *consumer, int def);
int __wrap_gpiod_line_request_output(struct gpiod_line *line, const char *consumer, int def)
{
	assert_string_equal(consumer, "attendd:in1");
	if (requested[idx(line)]) {
		errno = EBUSY;
		return -1;
	}
	requested[idx(line)] = 1;
	level[idx(line)] = def;
	return 0;
}

int __wrap_gpiod_line_set_value(struct gpiod_line *line, int value);
int __wrap_gpiod_line_set_value(struct gpiod_line *line, int value)
{
	assert_true(requested[idx(line)]);
	if (fail_set)
		return -1;
	level[idx(line)] = value;
	return 0;
}

void __wrap_gpiod_line_release(struct gpiod_line *line);
void __wrap_gpiod_line_release(struct gpiod_line *line)
{
	released[idx(line)] = 1;
	requested[idx(line)] = 0;
}

void __wrap_gpiod_chip_close(struct gpiod_chip *chip);
void __wrap_gpiod_chip_close(struct gpiod_chip *chip)
{
	assert_ptr_equal(chip, fake_chip);
	chip_closes++;
}

static char path[64];

static int setup(void **state)
{
	(void)state;
	memset(level, 0, sizeof level);
	memset(requested, 0, sizeof requested);
	memset(released, 0, sizeof released);
	chip_opens = chip_closes = fail_set = 0;
	snprintf(path, sizeof path, "/tmp/gpio-sim-XXXXXX");
	close(mkstemp(path));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static struct reader *reader_with(const char *const *opts)
{
	struct reader *r;
	char err[256];
	assert_int_equal(reader_new(&r, "in1", "sim", READER_DIR_IN), 0);
	assert_int_equal(reader_configure(r, "path", path, err, sizeof err), 0);
	for (; *opts; opts += 2)
		if (reader_configure(r, opts[0], opts[1], err, sizeof err) != 0)
			fail_msg("%s = %s: %s", opts[0], opts[1], err);
	if (reader_open(r, err, sizeof err) != 0)
		fail_msg("open: %s", err);
	return r;
}

static void an_accepted_tap_pulses_the_accepted_line(void **state)
{
	(void)state;
	const char *o[] = { "gpio_accepted", "gpiochip0:17", "gpio_refused", "gpiochip0:27",
	                    "gpio_pulse_ms", "300", NULL };
	struct reader *r = reader_with(o);
	assert_int_equal(level[17], 0);
	assert_int_equal(reader_deadline(r), -1);
	reader_feedback(r, FEEDBACK_ACCEPTED, "Nguyễn Văn An");
	assert_int_equal(level[17], 1);
	assert_int_equal(level[27], 0);
	int64_t d = reader_deadline(r);
	assert_true(d > 0);
	reader_tick(r, d - 1);            /* not yet */
	assert_int_equal(level[17], 1);
	reader_tick(r, d);                /* the pulse is over */
	assert_int_equal(level[17], 0);
	assert_int_equal(reader_deadline(r), -1);
	reader_free(r);
	assert_true(released[17] && released[27]);
	assert_int_equal(chip_closes, chip_opens);
}

static void an_unknown_badge_without_its_own_line_shows_as_refused(void **state)
{
	(void)state;
	const char *o[] = { "gpio_accepted", "gpiochip0:17", "gpio_refused", "gpiochip0:27", NULL };
	struct reader *r = reader_with(o);
	reader_feedback(r, FEEDBACK_UNKNOWN, "DEADBEEF");
	assert_int_equal(level[17], 0);
	assert_int_equal(level[27], 1);
	reader_free(r);
}

static void each_outcome_its_line(void **state)
{
	(void)state;
	const char *o[] = { "gpio_accepted", "gpiochip0:17", "gpio_unknown", "gpiochip0:22",
	                    "gpio_refused", "gpiochip0:27", NULL };
	struct reader *r = reader_with(o);
	reader_feedback(r, FEEDBACK_UNKNOWN, "DEADBEEF");
	reader_feedback(r, FEEDBACK_REFUSED, "CAFE");
	assert_int_equal(level[17], 0);
	assert_int_equal(level[22], 1);
	assert_int_equal(level[27], 1);
	reader_free(r);
	assert_int_equal(level[22], 0);   /* nothing is left lit when the daemon stops */
	assert_int_equal(level[27], 0);
}

static void a_line_that_cannot_be_set_puts_the_reader_in_error(void **state)
{
	(void)state;
	const char *o[] = { "gpio_accepted", "gpiochip0:17", NULL };
	struct reader *r = reader_with(o);
	fail_set = 1;
	reader_feedback(r, FEEDBACK_ACCEPTED, "x");
	enum reader_state s;
	char reason[READER_REASON_MAX];
	reader_get_state(r, &s, reason, sizeof reason, NULL, NULL);
	assert_int_equal(s, READER_ERROR);
	assert_non_null(strstr(reason, "GPIO"));
	fail_set = 0;
	reader_free(r);
}

static void bad_gpio_options_are_named(void **state)
{
	(void)state;
	static const struct { const char *k, *v, *want; } bad[] = {
		{ "gpio_accepted", "17", "option 'gpio_accepted': value '17' is not <chip>:<line>" },
		{ "gpio_refused", "gpiochip0:", "option 'gpio_refused': value 'gpiochip0:' is not <chip>:<line>" },
		{ "gpio_refused", "gpiochip0:x", "is not <chip>:<line>" },
		{ "gpio_pulse_ms", "5", "option 'gpio_pulse_ms': value '5' is not a whole number from 20 to 5000" },
		{ "gpio_blink", "1", "unknown option 'gpio_blink'" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct reader *r;
		char err[256] = "";
		assert_int_equal(reader_new(&r, "in1", "sim", READER_DIR_IN), 0);
		if (reader_configure(r, bad[i].k, bad[i].v, err, sizeof err) != -EINVAL || !strstr(err, bad[i].want))
			fail_msg("%s = %s: '%s', wanted '%s'", bad[i].k, bad[i].v, err, bad[i].want);
		reader_free(r);
	}
}

static void a_missing_chip_or_a_busy_line_fails_the_open_clearly(void **state)
{
	(void)state;
	struct reader *r;
	char err[256] = "";
	assert_int_equal(reader_new(&r, "in1", "sim", READER_DIR_IN), 0);
	reader_configure(r, "path", path, err, sizeof err);
	reader_configure(r, "gpio_accepted", "gpiochip9:17", err, sizeof err);
	assert_int_not_equal(reader_open(r, err, sizeof err), 0);
	assert_non_null(strstr(err, "GPIO chip 'gpiochip9'"));
	reader_free(r);
	requested[5] = 1;   /* another program holds line 5 */
	assert_int_equal(reader_new(&r, "in1", "sim", READER_DIR_IN), 0);
	reader_configure(r, "path", path, err, sizeof err);
	reader_configure(r, "gpio_accepted", "gpiochip0:5", err, sizeof err);
	assert_int_not_equal(reader_open(r, err, sizeof err), 0);
	assert_non_null(strstr(err, "GPIO gpiochip0:5"));
	reader_free(r);
}

int main(void)
{
	log_init("test", LOG_TO_STDERR, false);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(an_accepted_tap_pulses_the_accepted_line, setup, teardown),
		cmocka_unit_test_setup_teardown(an_unknown_badge_without_its_own_line_shows_as_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(each_outcome_its_line, setup, teardown),
		cmocka_unit_test_setup_teardown(a_line_that_cannot_be_set_puts_the_reader_in_error, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_gpio_options_are_named, setup, teardown),
		cmocka_unit_test_setup_teardown(a_missing_chip_or_a_busy_line_fails_the_open_clearly, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
