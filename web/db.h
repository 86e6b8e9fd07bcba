/* The web's side of libpq: a person's own login, and nothing else — the web server has no
 * database power of its own (docs/web.md). */
#ifndef ATTEND_WEB_DB_H
#define ATTEND_WEB_DB_H

#include <stddef.h>

#include <libpq-fe.h>

#include "web/session.h"

enum db_login_result {
	DB_LOGIN_OK,
	DB_LOGIN_WRONG,         /* wrong user or password: counts against the rate limit */
	DB_LOGIN_NO_PASSWORD,   /* the server let the login in without asking its password */
	DB_LOGIN_NOT_A_PERSON,  /* a superuser or a service login: not for the browser */
	DB_LOGIN_UNAVAILABLE,   /* the database did not answer */
};

/* Connects to conninfo as user with password (not kept: the caller wipes it).  On
 * DB_LOGIN_OK, *ret_db is the connection and kind/person say who it is. */
enum db_login_result db_login(const char *conninfo, const char *user, const char *password, PGconn **ret_db,
                              enum user_kind *kind, char *person, size_t personlen, char *err, size_t errlen);

#endif
