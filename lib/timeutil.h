/* Clocks and timestamps.  Taps carry wall-clock µs since the epoch (UTC); intervals use the
 * monotonic clock so a clock step never stalls a timer. */
#ifndef ATTEND_TIMEUTIL_H
#define ATTEND_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

int64_t now_realtime_us(void);
int64_t now_monotonic_ms(void);
int64_t now_monotonic_us(void);
/* RFC 3339 in UTC with milliseconds, e.g. 2026-11-23T00:58:01.123Z.  Returns buf. */
char *rfc3339_utc(char *buf, size_t len, int64_t us);
/* Parses RFC 3339 ("2026-11-23T07:58:01.123+07:00", "...Z"); 0 or -EINVAL. */
int rfc3339_parse(const char *s, int64_t *us);

#endif
