#include "lib/db_session.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/clock.h"

int db_session_clock(PGconn *db, char *err, size_t errlen)
{
	const char *now = clock_test_now();
	if (!now)
		return 0;
	const char *p[1] = { now };
	PGresult *r = PQexecParams(db, "SELECT set_config('attend.now', $1, false)", 1, NULL, p, NULL, NULL, 0);
	int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : -EIO;
	if (rc) {
		snprintf(err, errlen, "%s: %s", CLOCK_TEST_ENV, PQresultErrorMessage(r));
		err[strcspn(err, "\n")] = '\0';
	}
	PQclear(r);
	return rc;
}

bool db_session_switching_state(const char *s)
{
	if (!s || strlen(s) != 5)
		return false;
	return !strncmp(s, "08", 2) || !strcmp(s, "57P01") || !strcmp(s, "57P02") || !strcmp(s, "57P03") ||
	       !strcmp(s, "25006");
}

bool db_session_switching(PGconn *db, const PGresult *r)
{
	if (!db)
		return false;
	if (r && PQresultStatus(r) != PGRES_FATAL_ERROR && PQresultStatus(r) != PGRES_NONFATAL_ERROR)
		return false;
	if (r && db_session_switching_state(PQresultErrorField(r, PG_DIAG_SQLSTATE)))
		return true;
	if (PQstatus(db) != CONNECTION_BAD)
		return false;
	if (r)
		return true;   /* a session that was up and broke */
	/* libpq's connection errors carry no SQLSTATE: its words (libpq 15, not translated in
	 * Debian for our languages) and the server's for 57P03 and a shutdown. */
	static const char *const words[] = { "session is read-only", "server is in hot standby mode",
	                                     "the database system is starting up",
	                                     "the database system is shutting down",
	                                     "the database system is not yet accepting connections",
	                                     "the database system is in recovery mode" };
	const char *m = PQerrorMessage(db);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strstr(m, words[i]))
			return true;
	return false;
}
