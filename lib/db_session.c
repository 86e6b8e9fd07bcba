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
