/* The libpq adapter of the start-up check (lib/pg_check.h). */
#include "lib/pg_check.h"

#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pg_check_conninfo(const char *conninfo, char *err, size_t errlen)
{
	char *msg = NULL;
	PQconninfoOption *o = PQconninfoParse(conninfo, &msg);
	if (!o) {
		snprintf(err, errlen, "%s", msg ? msg : "out of memory");
		err[strcspn(err, "\n")] = '\0';
		PQfreemem(msg);
		return -EINVAL;
	}
	PQconninfoFree(o);
	return 0;
}

void pg_conninfo_files(const char *conninfo, void (*fn)(void *user, const char *keyword,
                       const char *path), void *user)
{
	static const char *const files[] = { "passfile", "sslcert", "sslkey", "sslrootcert", "sslcrl" };
	PQconninfoOption *o = PQconninfoParse(conninfo, NULL);
	for (PQconninfoOption *p = o; p && p->keyword; p++)
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
			if (p->val && p->val[0] && strcmp(p->keyword, files[i]) == 0 &&
			    strcmp(p->val, "system") != 0)   /* sslrootcert=system: the OS's store */
				fn(user, p->keyword, p->val);
	PQconninfoFree(o);
}

int pg_check_online(const char *conninfo, char *who, size_t wholen, char *err, size_t errlen)
{
	if (errlen)
		err[0] = '\0';
	PGconn *db = PQconnectdb(conninfo);
	int rc = 0;
	if (PQstatus(db) != CONNECTION_OK) {
		snprintf(err, errlen, "%s", db ? PQerrorMessage(db) : "out of memory");
		rc = -EIO;
		goto out;
	}
	PGresult *r = PQexec(db, "SELECT current_user, current_database()");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		snprintf(err, errlen, "%s", PQresultErrorMessage(r));
		rc = -EIO;
	} else {
		snprintf(who, wholen, "user %s on database %s at %s:%s", PQgetvalue(r, 0, 0),
		         PQgetvalue(r, 0, 1), PQhost(db), PQport(db));
	}
	PQclear(r);
out:
	err[strcspn(err, "\n")] = '\0';
	PQfinish(db);
	return rc;
}
