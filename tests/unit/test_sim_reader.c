/* The simulated reader, through the reader interface the daemon uses. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/log.h"
#include "readers/reader.h"

static char path[128];

static struct reader *open_with(const char *text)
{
	snprintf(path, sizeof path, "/tmp/sim-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	struct reader *r;
	char err[256];
	assert_int_equal(reader_new(&r, "in1", "sim", READER_DIR_IN), 0);
	assert_int_equal(reader_configure(r, "path", path, err, sizeof err), 0);
	assert_int_equal(reader_open(r, err, sizeof err), 0);
	return r;
}

static void lines_become_taps(void **state)
{
	(void)state;
	struct reader *r = open_with("# morning\n\n04a1b2c3\n2026-11-23T07:28:00+07:00 DEADBEEF\n  0012345678  \n");
	struct reader_tap t;
	assert_int_equal(reader_read(r, &t), 1);
	assert_string_equal(t.uid, "04A1B2C3");
	assert_true(t.at_us > 0);     /* stamped with the clock */
	assert_int_equal(reader_read(r, &t), 1);
	assert_string_equal(t.uid, "DEADBEEF");
	assert_int_equal(t.at_us, 1795393680LL * 1000000);
	assert_int_equal(reader_read(r, &t), 1);
	assert_string_equal(t.uid, "0012345678");
	assert_int_equal(reader_read(r, &t), 0);
	enum reader_state s;
	uint64_t n;
	reader_get_state(r, &s, NULL, 0, NULL, &n);
	assert_int_equal(s, READER_DONE);
	assert_int_equal(n, 3);
	assert_int_equal(reader_fd(r), -1);   /* a finished file is not polled */
	reader_free(r);
	unlink(path);
}

static void bad_lines_are_skipped_and_the_rest_read(void **state)
{
	(void)state;
	struct reader *r = open_with("yesterday 04A1\nAB-CD\n0123456789012345678901234567890123\nCAFE\nlast-line-without-newline BEEF");
	struct reader_tap t;
	assert_int_equal(reader_read(r, &t), 1);
	assert_string_equal(t.uid, "CAFE");
	assert_int_equal(reader_read(r, &t), 0);
	reader_free(r);
	unlink(path);
}

/* The daemon reads in batches; taps left in the driver's buffer must still come out even
 * though poll() no longer reports the fd (the bug that lost 144 of 500 taps). */
static void many_lines_all_come_out(void **state)
{
	(void)state;
	size_t n = 5000, len = 0;
	char *text = malloc(n * 16);
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "%08zX\n", i);
	struct reader *r = open_with(text);
	free(text);
	struct reader_tap t;
	size_t got = 0;
	while (reader_read(r, &t) == 1) {
		char want[16];
		snprintf(want, sizeof want, "%08zX", got);
		assert_string_equal(t.uid, want);
		got++;
	}
	assert_int_equal(got, n);
	reader_free(r);
	unlink(path);
}

static void feedback_is_written_for_the_door_display(void **state)
{
	(void)state;
	struct reader *r;
	char err[256], fb[160];
	snprintf(path, sizeof path, "/tmp/sim-XXXXXX");
	close(mkstemp(path));
	snprintf(fb, sizeof fb, "%s.fb", path);
	assert_int_equal(reader_new(&r, "in1", "sim", READER_DIR_IN), 0);
	reader_configure(r, "path", path, err, sizeof err);
	reader_configure(r, "feedback", fb, err, sizeof err);
	assert_int_equal(reader_open(r, err, sizeof err), 0);
	reader_feedback(r, FEEDBACK_ACCEPTED, "Nguyễn Văn An");
	reader_feedback(r, FEEDBACK_REFUSED, "04A1");
	reader_free(r);
	FILE *f = fopen(fb, "r");
	char line[128];
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(line, "accepted Nguyễn Văn An\n");
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(line, "refused 04A1\n");
	fclose(f);
	unlink(fb);
	unlink(path);
}

static void a_missing_path_is_a_clear_error(void **state)
{
	(void)state;
	struct reader *r;
	char err[256];
	assert_int_equal(reader_new(&r, "in1", "sim", READER_DIR_IN), 0);
	reader_configure(r, "path", "/nonexistent/fifo", err, sizeof err);
	assert_int_equal(reader_open(r, err, sizeof err), -ENOENT);
	assert_string_equal(err, "reader in1: path /nonexistent/fifo: No such file or directory");
	reader_free(r);
	assert_int_equal(reader_new(&r, "in1", "nope", READER_DIR_IN), -ENOENT);
}

int main(void)
{
	log_init("test", LOG_TO_STDERR, false);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_become_taps),
		cmocka_unit_test(bad_lines_are_skipped_and_the_rest_read),
		cmocka_unit_test(many_lines_all_come_out),
		cmocka_unit_test(feedback_is_written_for_the_door_display),
		cmocka_unit_test(a_missing_path_is_a_clear_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
