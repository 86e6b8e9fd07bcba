/* The business clock: what "now", "today", "pending" and "this month" mean to every program.
 *
 * It is the wall clock, unless the environment variable ATTEND_TEST_NOW holds an RFC 3339
 * time (e.g. 2026-11-20T09:00:00+07:00): then business time stands still at that instant, so
 * a test runs as if it were that moment whatever day it runs on.  This file is the one place
 * that reads the variable; database sessions carry it as the setting attend.now (read by
 * attend.now() in SQL, sql/020_clock.sql).  Device time (a tap's stamp, the journal, logs,
 * timers) stays on the real clocks of lib/timeutil.h. */
#ifndef ATTEND_CLOCK_H
#define ATTEND_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#define CLOCK_TEST_ENV "ATTEND_TEST_NOW"

/* Checks ATTEND_TEST_NOW once at start: 0 when unset or valid, -EINVAL with a message naming
 * the variable and its value otherwise (the program then refuses to start). */
int clock_check_env(char *err, size_t errlen);
/* Business now, UTC µs / s since the epoch. */
int64_t clock_now_us(void);
int64_t clock_now_s(void);
/* The test instant as given (for attend.now), or NULL when the real clock is in use. */
const char *clock_test_now(void);

#endif
