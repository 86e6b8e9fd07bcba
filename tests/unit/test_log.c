/* log: log_debug() prints only while verbose, and verbose may change (SIGHUP) while other
 * threads log -- an atomic, so ThreadSanitizer has nothing to say (it found the race of the
 * plain bool this replaced; it exits 66 after a report, and the report itself is in the
 * captured stderr unless TSAN_OPTIONS=log_path=FILE):
 *   make BUILD=build/tsan SANFLAGS=-fsanitize=thread build/tsan/tests/test_log
 *   build/tsan/tests/test_log */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/log.h"

static atomic_bool stop;

static void *chatter(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop))
		log_debug("a driver thread's line");
	return NULL;
}

/* Runs fn with stderr in a file; returns what was written. */
static void capture(void (*fn)(void), char *out, size_t len)
{
	char path[] = "/tmp/test_log.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	ssize_t n = pread(fd, out, len - 1, 0);
	close(fd);
	out[n > 0 ? n : 0] = '\0';
}

static void debug_lines(void)
{
	log_init("attendd", LOG_TO_STDERR, false);
	log_debug("hidden %d", 1);
	log_set_verbose(true);
	log_debug("shown %d", 2);
	log_set_verbose(false);
	log_debug("hidden %d", 3);
	log_warnx("always %d", 4);
}

static void debug_only_while_verbose(void **state)
{
	(void)state;
	char out[1024];
	capture(debug_lines, out, sizeof out);
	assert_null(strstr(out, "hidden"));
	assert_non_null(strstr(out, "attendd: shown 2\n"));
	assert_non_null(strstr(out, "attendd: always 4\n"));
}

static void toggled_while_threads_log(void)
{
	log_init("attendd", LOG_TO_STDERR, false);
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, chatter, NULL), 0);
	for (int i = 0; i < 2000; i++)
		log_set_verbose(i % 2);
	atomic_store(&stop, true);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	log_set_verbose(false);
}

static void verbose_changes_while_threads_log(void **state)
{
	(void)state;
	static char out[1 << 16];
	capture(toggled_while_threads_log, out, sizeof out);
	assert_false(log_verbose());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(debug_only_while_verbose),
		cmocka_unit_test(verbose_changes_while_threads_log),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
