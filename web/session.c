/* The session table: a list under one mutex (a few hundred sessions at most: a walk is cheap,
 * and every id is compared in constant time so the walk leaks nothing about ids). */
#include "web/session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "lib/timeutil.h"

struct session_table {
	pthread_mutex_t lock;
	struct session *head;
	int count, max, idle_s;
};

struct session_table *session_table_new(int max, int idle_s)
{
	struct session_table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	pthread_mutex_init(&t->lock, NULL);
	t->max = max;
	t->idle_s = idle_s;
	return t;
}

static void session_free(struct session *s)
{
	PQfinish(s->db);
	pthread_mutex_destroy(&s->lock);
	explicit_bzero(s, sizeof *s);
	free(s);
}

void session_table_free(struct session_table *t)
{
	if (!t)
		return;
	for (struct session *s = t->head, *n; s; s = n) {
		n = s->next;
		session_free(s);
	}
	pthread_mutex_destroy(&t->lock);
	free(t);
}

int session_random_hex(char *out, size_t n)
{
	unsigned char b[64];
	if (n > sizeof b)
		return -EINVAL;
	if (getrandom(b, n, 0) != (ssize_t)n)
		return -errno;
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[2 * n] = '\0';
	explicit_bzero(b, sizeof b);
	return 0;
}

bool session_token_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t la = strlen(a), lb = strlen(b);
	if (la != SESSION_TOKEN_LEN || lb != SESSION_TOKEN_LEN)
		return false;
	unsigned char d = 0;
	for (size_t i = 0; i < SESSION_TOKEN_LEN; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

static int64_t now_s(void)
{
	return now_monotonic_ms() / 1000;
}

struct session *session_open(struct session_table *t, PGconn *db, const char *user, const char *person,
                             enum user_kind kind)
{
	struct session *s = calloc(1, sizeof *s);
	if (!s || session_random_hex(s->id, SESSION_TOKEN_LEN / 2) != 0 ||
	    session_random_hex(s->csrf, SESSION_TOKEN_LEN / 2) != 0) {
		free(s);
		PQfinish(db);
		return NULL;
	}
	pthread_mutex_init(&s->lock, NULL);
	snprintf(s->user, sizeof s->user, "%s", user);
	snprintf(s->person, sizeof s->person, "%s", person ? person : "");
	s->kind = kind;
	s->db = db;
	s->last_used = now_s();
	s->refs = 1;
	pthread_mutex_lock(&t->lock);
	if (t->count >= t->max) {
		pthread_mutex_unlock(&t->lock);
		session_free(s);
		errno = EBUSY;
		return NULL;
	}
	s->next = t->head;
	t->head = s;
	t->count++;
	pthread_mutex_unlock(&t->lock);
	pthread_mutex_lock(&s->lock);
	return s;
}

/* Unlinks s (table locked); it is freed by whoever drops the last reference. */
static void unlink_locked(struct session_table *t, struct session *s)
{
	for (struct session **pp = &t->head; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			t->count--;
			s->closed = true;
			return;
		}
}

struct session *session_acquire(struct session_table *t, const char *id)
{
	if (!id || strlen(id) != SESSION_TOKEN_LEN)
		return NULL;
	struct session *found = NULL;
	int64_t now = now_s();
	pthread_mutex_lock(&t->lock);
	for (struct session *s = t->head; s; s = s->next)
		if (session_token_equal(s->id, id))
			found = s;
	if (found && now - found->last_used > t->idle_s) {
		unlink_locked(t, found);
		if (found->refs == 0)
			session_free(found);
		found = NULL;
	}
	if (found)
		found->refs++;
	pthread_mutex_unlock(&t->lock);
	if (found)
		pthread_mutex_lock(&found->lock);
	return found;
}

void session_release(struct session_table *t, struct session *s)
{
	pthread_mutex_unlock(&s->lock);
	pthread_mutex_lock(&t->lock);
	s->last_used = now_s();
	bool gone = --s->refs == 0 && s->closed;
	pthread_mutex_unlock(&t->lock);
	if (gone)
		session_free(s);
}

void session_close(struct session_table *t, struct session *s)
{
	pthread_mutex_lock(&t->lock);
	if (!s->closed)
		unlink_locked(t, s);
	pthread_mutex_unlock(&t->lock);
}

int session_expire(struct session_table *t)
{
	int n = 0;
	int64_t now = now_s();
	struct session *dead = NULL;
	pthread_mutex_lock(&t->lock);
	for (struct session **pp = &t->head; *pp;) {
		struct session *s = *pp;
		if (now - s->last_used > t->idle_s && s->refs == 0) {
			*pp = s->next;
			t->count--;
			s->next = dead;
			dead = s;
			n++;
		} else {
			pp = &s->next;
		}
	}
	pthread_mutex_unlock(&t->lock);
	for (struct session *s = dead, *nx; s; s = nx) {
		nx = s->next;
		session_free(s);
	}
	return n;
}

int session_count(struct session_table *t)
{
	pthread_mutex_lock(&t->lock);
	int n = t->count;
	pthread_mutex_unlock(&t->lock);
	return n;
}
