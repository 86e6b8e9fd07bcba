#include "lib/pg_copy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* PQputCopyData() takes an int length; pieces also keep libpq's output buffer small. */
#define PIECE (256 * 1024)

/* Consumes what is left of the COPY's results, so the next command can run.  A connection
 * still in COPY state (its end could not be sent) would answer "still copying" for ever:
 * left as it is, for the caller to reset. */
static void drain(PGconn *db)
{
	PGresult *r;
	while ((r = PQgetResult(db))) {
		ExecStatusType st = PQresultStatus(r);
		PQclear(r);
		if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH)
			break;
	}
}

static int failed(PGconn *db, PGresult *r, const char *why, char *err, size_t errlen)
{
	const char *msg = r ? PQresultErrorMessage(r) : "";
	if (!*msg)
		msg = PQerrorMessage(db);
	if (!*msg)
		msg = why;
	snprintf(err, errlen, "%s", msg);
	err[strcspn(err, "\n")] = '\0';
	PQclear(r);
	drain(db);
	return -EIO;
}

int pg_copy_in(PGconn *db, const char *copy_sql, const struct dbuf *rows, char *err, size_t errlen)
{
	if (rows->oom) {
		snprintf(err, errlen, "out of memory while making the rows to copy");
		return -ENOMEM;
	}
	PGresult *r = PQexec(db, copy_sql);
	if (PQresultStatus(r) != PGRES_COPY_IN)
		return failed(db, r, "not a COPY FROM STDIN", err, errlen);
	PQclear(r);
	const char *abort_why = NULL;
	for (size_t off = 0; off < rows->len;) {
		size_t n = rows->len - off < PIECE ? rows->len - off : PIECE;
		if (PQputCopyData(db, rows->p + off, (int)n) != 1) {
			abort_why = "the client could not send the rows";
			break;
		}
		off += n;
	}
	/* With a reason, the server ends the COPY with an error: nothing of it is kept. */
	if (PQputCopyEnd(db, abort_why) != 1)
		return failed(db, NULL, "the COPY could not be ended", err, errlen);
	r = PQgetResult(db);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		return failed(db, r, abort_why ? abort_why : "the COPY failed", err, errlen);
	PQclear(r);
	drain(db);
	return 0;
}
