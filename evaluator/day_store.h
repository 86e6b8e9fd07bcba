/* Day evaluation's libpq adapter: loads the inputs of a batch of days into the engine's
 * structs (evaluator/day_inputs.h) and writes results, in the caller's transaction. */
#ifndef ATTEND_DAY_STORE_H
#define ATTEND_DAY_STORE_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "evaluator/day_inputs.h"

struct day_batch {
	struct day_ref ref;
	struct day_person *persons;   /* sorted by id */
	size_t npersons;
	struct rules_tap *taps;       /* storage the persons point into */
	struct rules_request *requests;
};

/* Once per connection: the staging table results are copied into. */
int day_store_prepare(PGconn *db, char *err, size_t errlen);

/* Loads everything needed to evaluate `keys` (sorted with day_key_cmp) at `now_utc` (epoch
 * seconds).  0, or -1 with a message; *ret is then empty. */
int day_store_load(PGconn *db, const struct day_key *keys, size_t n, int64_t now_utc,
                   struct day_batch *ret, char *err, size_t errlen);
void day_batch_free(struct day_batch *b);
const struct day_person *day_batch_person(const struct day_batch *b, int64_t person_id);

/* Writes the COPY rows of day_result_copy_row() and removes the results of `gone` days (the
 * person was not employed then).  A day of a locked month is not rewritten: a changed result
 * becomes a pending attend.day_adjustment.  0, or -1 with a message. */
int day_store_write(PGconn *db, const struct dbuf *rows, const struct day_key *gone, size_t ngone,
                    char *err, size_t errlen);

#endif
