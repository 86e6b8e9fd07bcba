/* Login attempts, slowed down per user name and per client address: after a few wrong
 * passwords each further one shuts the door for twice as long (up to a cap), so guessing a
 * password is slow while a person who mistyped waits a second or two. */
#ifndef ATTEND_WEB_RATELIMIT_H
#define ATTEND_WEB_RATELIMIT_H

#include <stdint.h>

struct ratelimit;

/* free_failures wrong attempts are let through at once; then 1, 2, 4 ... seconds up to
 * max_block; an entry is forgotten after forget_s quiet seconds. */
struct ratelimit *ratelimit_new(int free_failures, int max_block, int forget_s);
void ratelimit_free(struct ratelimit *r);
/* 0 if key may try now, else the seconds to wait.  now: monotonic seconds. */
int ratelimit_wait(struct ratelimit *r, const char *key, int64_t now);
void ratelimit_failed(struct ratelimit *r, const char *key, int64_t now);
void ratelimit_succeeded(struct ratelimit *r, const char *key);

#endif
