#include "lib/clock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/timeutil.h"

/* Read each time rather than cached: getenv is cheap next to what the callers do (a batch of
 * day evaluations, a report), and nothing sets the variable after start. */
static int test_now(int64_t *us)
{
	const char *v = getenv(CLOCK_TEST_ENV);
	if (!v || !*v)
		return 0;
	return rfc3339_parse(v, us) == 0 ? 1 : -EINVAL;
}

int clock_check_env(char *err, size_t errlen)
{
	int64_t us;
	if (test_now(&us) < 0) {
		snprintf(err, errlen, "%s: '%s' is not an RFC 3339 time (e.g. 2026-11-20T09:00:00+07:00)",
		         CLOCK_TEST_ENV, getenv(CLOCK_TEST_ENV));
		return -EINVAL;
	}
	return 0;
}

int64_t clock_now_us(void)
{
	int64_t us;
	return test_now(&us) > 0 ? us : now_realtime_us();
}

int64_t clock_now_s(void)
{
	int64_t us = clock_now_us();
	return us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
}

const char *clock_test_now(void)
{
	int64_t us;
	return test_now(&us) > 0 ? getenv(CLOCK_TEST_ENV) : NULL;
}
