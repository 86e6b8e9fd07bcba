/* A fixed table (no growth for an attacker to drive): keys hash to a slot; a full table
 * reuses the entry quiet the longest, so a flood of new names cannot unblock an old one
 * before its own block is over (blocked entries are never the quietest). */
#include "web/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096

struct entry {
	char key[96];
	int failures;
	int64_t last, blocked_until;
};

struct ratelimit {
	pthread_mutex_t lock;
	int free_failures, max_block, forget_s;
	struct entry e[SLOTS];
};

struct ratelimit *ratelimit_new(int free_failures, int max_block, int forget_s)
{
	struct ratelimit *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	pthread_mutex_init(&r->lock, NULL);
	r->free_failures = free_failures;
	r->max_block = max_block;
	r->forget_s = forget_s;
	return r;
}

void ratelimit_free(struct ratelimit *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The entry of key (locked), or NULL; with create, a new one in a free or the quietest of
 * 8 probed slots. */
static struct entry *find(struct ratelimit *r, const char *key, int64_t now, int create)
{
	uint32_t h = hash(key);
	struct entry *victim = NULL;
	for (int i = 0; i < 8; i++) {
		struct entry *e = &r->e[(h + (uint32_t)i) % SLOTS];
		if (e->key[0] && now - e->last > r->forget_s && now >= e->blocked_until)
			e->key[0] = '\0';
		if (e->key[0] && !strncmp(e->key, key, sizeof e->key - 1))
			return e;
		if (!victim || !e->key[0] || (victim->key[0] && e->last < victim->last && now >= e->blocked_until))
			victim = e;
	}
	if (!create)
		return NULL;
	memset(victim, 0, sizeof *victim);
	strncpy(victim->key, key, sizeof victim->key - 1);
	return victim;
}

int ratelimit_wait(struct ratelimit *r, const char *key, int64_t now)
{
	pthread_mutex_lock(&r->lock);
	struct entry *e = find(r, key, now, 0);
	int wait = e && e->blocked_until > now ? (int)(e->blocked_until - now) : 0;
	pthread_mutex_unlock(&r->lock);
	return wait;
}

void ratelimit_failed(struct ratelimit *r, const char *key, int64_t now)
{
	pthread_mutex_lock(&r->lock);
	struct entry *e = find(r, key, now, 1);
	e->failures++;
	e->last = now;
	int over = e->failures - r->free_failures;
	if (over > 0) {
		int64_t block = over >= 20 ? r->max_block : (int64_t)1 << (over - 1);
		e->blocked_until = now + (block > r->max_block ? r->max_block : block);
	}
	pthread_mutex_unlock(&r->lock);
}

void ratelimit_succeeded(struct ratelimit *r, const char *key)
{
	pthread_mutex_lock(&r->lock);
	struct entry *e = find(r, key, 0, 0);
	if (e)
		memset(e, 0, sizeof *e);
	pthread_mutex_unlock(&r->lock);
}
