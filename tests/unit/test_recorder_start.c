/* attend-recorder says why it could not start: each step that fails before the loop logs its
 * own reason (a review found an uninitialised buffer logged after db_new or signalfd failed).
 * signalfd and db_new are wrapped at link time (test_recorder_start.wrap) to fail. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/log.h"
#include "recorder/db.h"
#include "recorder/recorder_config.h"
#include "recorder/recorder_run.h"

static bool fail_signalfd, fail_db_new;

int __real_signalfd(int fd, const sigset_t *mask, int flags);
int __wrap_signalfd(int fd, const sigset_t *mask, int flags);
int __wrap_signalfd(int fd, const sigset_t *mask, int flags)
{
	if (fail_signalfd) {
		errno = EMFILE;
		return -1;
	}
	return __real_signalfd(fd, mask, flags);
}

int __real_db_new(struct db **ret, const char *conninfo, const char *recorder_id);
int __wrap_db_new(struct db **ret, const char *conninfo, const char *recorder_id);
int __wrap_db_new(struct db **ret, const char *conninfo, const char *recorder_id)
{
	if (fail_db_new)
		return -ENOMEM;
	return __real_db_new(ret, conninfo, recorder_id);
}

static const char ini[] =
	"[recorder]\nid = rec1\nlog = stderr\n"
	"[database]\nconninfo = host=127.0.0.1 port=1 dbname=none\n"
	"[mqtt]\nhost = 127.0.0.1\nport = 1\n";

/* Runs the recorder with stderr in a file; returns its exit status and what it logged. */
static int run_logged(char *log, size_t len)
{
	struct recorder_config cfg;
	char err[256];
	assert_int_equal(recorder_config_load_string(&cfg, "test.ini", ini, err, sizeof err), 0);
	char path[] = "/tmp/test_recorder_start.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	log_init("attend-recorder", LOG_TO_STDERR, false);
	int rc = recorder_run(&cfg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	ssize_t n = pread(fd, log, len - 1, 0);
	close(fd);
	log[n > 0 ? n : 0] = '\0';
	return rc;
}

static void a_signalfd_that_fails_is_named(void **state)
{
	(void)state;
	char log[4096];
	fail_signalfd = true;
	fail_db_new = false;
	assert_int_equal(run_logged(log, sizeof log), 1);
	if (!strstr(log, "attend-recorder: signalfd: Too many open files\n"))
		fail_msg("logged: %s", log);
}

static void a_database_handle_that_cannot_be_made_is_named(void **state)
{
	(void)state;
	char log[4096];
	fail_signalfd = false;
	fail_db_new = true;
	assert_int_equal(run_logged(log, sizeof log), 1);
	if (!strstr(log, "attend-recorder: database: Cannot allocate memory\n"))
		fail_msg("logged: %s", log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_signalfd_that_fails_is_named),
		cmocka_unit_test(a_database_handle_that_cannot_be_made_is_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
