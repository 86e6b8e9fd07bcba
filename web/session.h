/* Logged-in sessions: each holds the user's own database connection (opened with the password
 * typed at login, which is not kept), a CSRF token, and a lock so that the connection serves
 * one request at a time.  Identified by a random id (getrandom) in an HttpOnly cookie. */
#ifndef ATTEND_WEB_SESSION_H
#define ATTEND_WEB_SESSION_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <libpq-fe.h>

#define SESSION_TOKEN_LEN 64     /* hex of 32 random bytes */

enum user_kind { USER_STAFF, USER_UNIT_HEAD, USER_HR, USER_ADMIN };

struct session {
	char id[SESSION_TOKEN_LEN + 1];
	char csrf[SESSION_TOKEN_LEN + 1];
	char user[64];
	char person[64];           /* the staff code mapped to the login, "" if none */
	enum user_kind kind;
	PGconn *db;
	pthread_mutex_t lock;      /* held while a request uses db */
	int64_t last_used;         /* monotonic seconds */
	int refs;                  /* requests holding it; freed at 0 once closed */
	bool closed;
	struct session *next;
};

struct session_table;

struct session_table *session_table_new(int max, int idle_s);
void session_table_free(struct session_table *t);

/* n random bytes as hex into out (2n+1 bytes).  0 or a negative errno. */
int session_random_hex(char *out, size_t n);
/* Constant-time comparison of two tokens (a CSRF token, a session id). */
bool session_token_equal(const char *a, const char *b);

/* Takes ownership of db.  The new session is returned held (session_release it); NULL when
 * the table is full (-EBUSY) or memory is short: db is then closed. */
struct session *session_open(struct session_table *t, PGconn *db, const char *user, const char *person,
                             enum user_kind kind);
/* The session of this cookie value, held, its lock taken; NULL if none or expired. */
struct session *session_acquire(struct session_table *t, const char *id);
/* Unlocks and lets go; a closed session is freed with its connection by the last holder. */
void session_release(struct session_table *t, struct session *s);
/* Logout: the session is removed now and its connection closed once released. */
void session_close(struct session_table *t, struct session *s);
/* Closes every session idle beyond the limit; returns how many. */
int session_expire(struct session_table *t);
int session_count(struct session_table *t);

#endif
