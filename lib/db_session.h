/* What every database session of ours starts with, whichever program opens it, and how each
 * tells a failover from an error of its own. */
#ifndef ATTEND_DB_SESSION_H
#define ATTEND_DB_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

/* Hands the business clock (lib/clock.h) to the session as attend.now when a test clock is
 * set; does nothing otherwise.  0, or -EIO with the server's message. */
int db_session_clock(PGconn *db, char *err, size_t errlen);

/* What attendctl ("attendctl: " and this) and attend-web's page (a sentence under its title)
 * say, each in the user's language, when the database is switching over: docs/deployment.md. */
#define DB_SESSION_SWITCHING "the database is switching over to its standby; try again in a minute"
#define DB_SESSION_SWITCHING_PAGE "The database is switching over to its standby: try again in a minute."

/* True for an SQLSTATE that means the server went away or cannot take writes now: class 08
 * (connection), 57P01-57P03 (shut down, crashed, not yet accepting connections), 25006
 * (read-only: a standby, or a primary being demoted). */
bool db_session_switching_state(const char *sqlstate);

/* True when the session broke or `r` (NULL for a connection attempt that failed) failed for a
 * reason above: a failover, over in a minute, not an error of the caller's.  A connection
 * that failed counts when a server answered that it is read-only, a standby, starting or
 * shutting down (what libpq's multi-host conninfo meets while no primary is elected yet);
 * a refused connection on its own is a database that is down, not switching. */
bool db_session_switching(PGconn *db, const PGresult *r);

#endif
