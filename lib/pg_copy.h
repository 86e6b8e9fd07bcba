/* COPY ... FROM STDIN with libpq: the one place the programs send rows in bulk (the
 * recorder's taps, the evaluator's day results, attendctl's imports and monthly summary). */
#ifndef ATTEND_PG_COPY_H
#define ATTEND_PG_COPY_H

#include <stddef.h>

#include <libpq-fe.h>

#include "lib/dbuf.h"

/* Runs `copy_sql` (a COPY ... FROM STDIN) and sends `rows`, COPY text made by the caller (see
 * dbuf_copy_text()).  Returns 0; -ENOMEM when `rows` ran out of memory while it was made
 * (nothing is run); or -EIO with the server's or libpq's message, one line, in `err`.  Every
 * result of the COPY is consumed, so the connection takes the next command either way; a
 * transaction the COPY was in is aborted by its failure, and is the caller's to roll back. */
int pg_copy_in(PGconn *db, const char *copy_sql, const struct dbuf *rows, char *err, size_t errlen);

#endif
