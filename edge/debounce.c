#include "edge/debounce.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "readers/reader.h"

/* An open-addressing table: a door sees at most a few thousand badges per window, and
 * entries older than the window are purged when the table fills. */
struct entry {
	char uid[READER_UID_MAX];
	int64_t last_us;
};

struct debounce {
	struct entry *t;
	size_t cap, used;
	int64_t window_us;
	uint64_t repeats;
};

static size_t hash(const char *uid)
{
	return (size_t)crc32(0L, (const unsigned char *)uid, (unsigned)strlen(uid));
}

int debounce_new(struct debounce **ret, int64_t window_ms)
{
	struct debounce *d = calloc(1, sizeof *d);
	if (!d)
		return -ENOMEM;
	d->cap = 1024;
	d->t = calloc(d->cap, sizeof *d->t);
	if (!d->t) {
		free(d);
		return -ENOMEM;
	}
	d->window_us = window_ms * 1000;
	*ret = d;
	return 0;
}

void debounce_free(struct debounce *d)
{
	if (!d)
		return;
	free(d->t);
	free(d);
}

void debounce_set_window(struct debounce *d, int64_t window_ms)
{
	d->window_us = window_ms * 1000;
}

static struct entry *find(struct entry *t, size_t cap, const char *uid)
{
	for (size_t i = hash(uid) & (cap - 1);; i = (i + 1) & (cap - 1))
		if (!t[i].uid[0] || strcmp(t[i].uid, uid) == 0)
			return &t[i];
}

/* Rebuilds the table without entries older than the window, doubling it if still crowded. */
static void rehash(struct debounce *d, int64_t now_us)
{
	size_t live = 0;
	for (size_t i = 0; i < d->cap; i++)
		if (d->t[i].uid[0] && llabs(now_us - d->t[i].last_us) < d->window_us)
			live++;
	size_t cap = d->cap;
	while (live * 2 >= cap)
		cap *= 2;
	struct entry *nt = calloc(cap, sizeof *nt);
	if (!nt)
		return;   /* keep the crowded table; lookups still work */
	for (size_t i = 0; i < d->cap; i++)
		if (d->t[i].uid[0] && llabs(now_us - d->t[i].last_us) < d->window_us)
			*find(nt, cap, d->t[i].uid) = d->t[i];
	free(d->t);
	d->t = nt;
	d->cap = cap;
	d->used = live;
}

bool debounce_is_repeat(struct debounce *d, const char *uid, int64_t at_us)
{
	if (d->used * 4 >= d->cap * 3)
		rehash(d, at_us);
	struct entry *e = find(d->t, d->cap, uid);
	/* Compared with the badge's last tap as processed, in either direction: readers of one
	 * edge replaying offline buffers (or a clock step) may hand taps over out of time order. */
	int64_t gap = at_us - e->last_us;
	bool repeat = e->uid[0] && (gap < 0 ? -gap : gap) < d->window_us;
	if (!e->uid[0]) {
		snprintf(e->uid, sizeof e->uid, "%s", uid);
		d->used++;
	}
	e->last_us = at_us;
	if (repeat)
		d->repeats++;
	return repeat;
}

uint64_t debounce_repeats(const struct debounce *d)
{
	return d->repeats;
}
