/* The recorder's libpq adapter: one transaction per batch, idempotent on (edge, epoch, seq). */
#ifndef ATTEND_DB_H
#define ATTEND_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/payload.h"

struct db;

struct db_rejected {
	const char *topic;
	const void *payload;
	size_t len;
	const char *reason;
	int64_t received_us;
};

/* Never fails for an unreachable database: the connection is (re)made on use. */
int  db_new(struct db **ret, const char *conninfo, const char *recorder_id);
void db_free(struct db *d);

/* Inserts the taps (those already present are skipped) and the rejected payloads, and
 * commits.  0 after COMMIT, with *inserted = rows new to the database; -1 with a message
 * (nothing committed: the caller keeps the batch and tries again). */
int db_record_batch(struct db *d, const struct tap_msg *taps, const int64_t *received_us, size_t n,
                    const struct db_rejected *rej, size_t nrej, uint64_t *inserted,
                    char *err, size_t errlen);

/* What an edge said of itself (a status or its last will, decoded from payload), into
 * attend.edge_status (sql/031): 0, or -1 with a message. */
int db_record_status(struct db *d, const struct status_msg *s, const void *payload, size_t len,
                     char *err, size_t errlen);

#endif
