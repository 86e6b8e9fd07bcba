#include "web/db.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/db_session.h"

/* Who the login is: its group role (the most powerful one first) and its person, if mapped.
 * A superuser is refused: row-level security does not apply to it. */
static const char who_sql[] =
	"SELECT r.rolsuper,"
	" CASE WHEN pg_has_role('attend_admin', 'MEMBER') THEN 'admin'"
	"  WHEN pg_has_role('attend_hr', 'MEMBER') THEN 'hr'"
	"  WHEN pg_has_role('attend_unit_head', 'MEMBER') THEN 'unit_head'"
	"  WHEN pg_has_role('attend_staff', 'MEMBER') THEN 'staff' ELSE '' END,"
	" coalesce((SELECT p.code FROM attend.person_login l JOIN attend.person p ON p.id = l.person_id"
	"  WHERE l.role_name = current_user), '')"
	" FROM pg_roles r WHERE r.rolname = current_user";

/* The server's notices (the leave balance trigger's WARNING: the page says it in the user's
 * language) are not for the daemon's log. */
static void no_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

enum db_login_result db_login(const char *conninfo, const char *user, const char *password, PGconn **ret_db,
                              enum user_kind *kind, char *person, size_t personlen, char *err, size_t errlen)
{
	/* conninfo first and expanded; the later keywords override anything in it.  No
	 * password file: only the typed password may log in. */
	const char *const keys[] = { "dbname", "user", "password", "passfile", "application_name",
	                             "connect_timeout", NULL };
	const char *const vals[] = { conninfo, user, password, "/dev/null", "attend-web", "10", NULL };
	PGconn *db = PQconnectdbParams(keys, vals, 1);
	if (!db) {
		snprintf(err, errlen, "out of memory");
		return DB_LOGIN_UNAVAILABLE;
	}
	if (PQstatus(db) != CONNECTION_OK) {
		const char *m = PQerrorMessage(db);
		bool auth = strstr(m, "authentication failed") || strstr(m, "password") || strstr(m, "role \"");
		snprintf(err, errlen, "%s", m);
		err[strcspn(err, "\n")] = '\0';
		PQfinish(db);
		return auth ? DB_LOGIN_WRONG : DB_LOGIN_UNAVAILABLE;
	}
	/* trust or peer in pg_hba.conf would let anyone in under any password. */
	if (!PQconnectionUsedPassword(db)) {
		snprintf(err, errlen, "the database let '%s' in without checking the password: pg_hba.conf must "
		         "require scram-sha-256 for attend-web's address", user);
		PQfinish(db);
		return DB_LOGIN_NO_PASSWORD;
	}
	PQsetNoticeProcessor(db, no_notice, NULL);
	if (db_session_clock(db, err, errlen) != 0) {
		PQfinish(db);
		return DB_LOGIN_UNAVAILABLE;
	}
	PGresult *r = PQexec(db, who_sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		snprintf(err, errlen, "who is '%s': %s", user, PQerrorMessage(db));
		err[strcspn(err, "\n")] = '\0';
		PQclear(r);
		PQfinish(db);
		return DB_LOGIN_UNAVAILABLE;
	}
	const char *k = PQgetvalue(r, 0, 1);
	bool super = PQgetvalue(r, 0, 0)[0] == 't';
	if (super || !*k) {
		snprintf(err, errlen, "'%s' is %s, not a person's login", user, super ? "a superuser" : "a service");
		PQclear(r);
		PQfinish(db);
		return DB_LOGIN_NOT_A_PERSON;
	}
	*kind = !strcmp(k, "admin") ? USER_ADMIN : !strcmp(k, "hr") ? USER_HR :
	        !strcmp(k, "unit_head") ? USER_UNIT_HEAD : USER_STAFF;
	snprintf(person, personlen, "%s", PQgetvalue(r, 0, 2));
	PQclear(r);
	*ret_db = db;
	return DB_LOGIN_OK;
}
