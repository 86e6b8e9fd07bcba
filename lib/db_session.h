/* What every database session of ours starts with, whichever program opens it. */
#ifndef ATTEND_DB_SESSION_H
#define ATTEND_DB_SESSION_H

#include <stddef.h>

#include <libpq-fe.h>

/* Hands the business clock (lib/clock.h) to the session as attend.now when a test clock is
 * set; does nothing otherwise.  0, or -EIO with the server's message. */
int db_session_clock(PGconn *db, char *err, size_t errlen);

#endif
