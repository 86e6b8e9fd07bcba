/* Loads a new badge cache on a thread of its own, so the door keeps answering from the running
 * cache meanwhile (100,000 badges take about half a second here, more on a small board).
 *
 * Lookups stay on the one thread that takes the result (attendd's main loop): it polls
 * badge_reload_fd() and takes the new cache with badge_reload_take(), so the swap is a pointer
 * assignment on that thread and the old cache is freed there, when no lookup can hold it. */
#ifndef ATTEND_BADGE_RELOAD_H
#define ATTEND_BADGE_RELOAD_H

#include <stddef.h>

#include "edge/badge_cache.h"

struct badge_reload;

int  badge_reload_new(struct badge_reload **ret);   /* 0 or a negative errno */
/* Waits for a load still running, and frees what it made. */
void badge_reload_free(struct badge_reload *r);
/* Readable when a load has finished and its result waits in badge_reload_take(). */
int  badge_reload_fd(const struct badge_reload *r);
/* Starts loading path (NULL: an empty cache).  While a load runs, the latest path asked for
 * is loaded after it.  0 or a negative errno. */
int  badge_reload_start(struct badge_reload *r, const char *path);
/* 1 and *ret the new cache (the caller's to free), 0 if no load has finished, -1 if it
 * failed (err says why: the file and the entry).  A queued path starts loading here. */
int  badge_reload_take(struct badge_reload *r, struct badge_cache **ret, char *err, size_t errlen);
/* A load is running or queued. */
int  badge_reload_busy(const struct badge_reload *r);

#endif
