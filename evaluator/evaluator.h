/* The day evaluator: claims days from attend.day_dirty, evaluates them with the rules engine
 * and writes the results, one transaction per batch.  Several evaluators (one per recorder,
 * plus `attendctl days evaluate`) share the queue through FOR UPDATE SKIP LOCKED. */
#ifndef ATTEND_EVALUATOR_H
#define ATTEND_EVALUATOR_H

#include <libpq-fe.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evaluator/evaluator_config.h"
#include "evaluator/evaluator_metrics.h"

struct evaluator_stats {
	uint64_t days;        /* evaluated and written */
	uint64_t gone;        /* outside the person's employment: result removed */
	uint64_t skipped;     /* could not be evaluated (no rule set): left as they were */
	uint64_t batches;
	/* Time spent per phase (µs, monotonic), batches that failed included: claiming days,
	 * loading their inputs, the rules engine with the COPY text, writing, COMMIT. */
	uint64_t us_claim, us_load, us_eval, us_write, us_commit;
	/* Not a figure: where this caller's next claim of bulk days starts (after the last bulk
	 * day it claimed), so that a claim does not walk again over the queue's dead head.
	 * Zeroed: from the start.  Kept by passing the same struct to every batch. */
	struct evaluator_cursor {
		bool set;
		int64_t agency_id, person_id;
		int32_t date;   /* days since 1970-01-01 */
	} bulk_after;
	/* Optional, shared by the workers of one evaluator: their claims take turns and resume
	 * after the last bulk day any of them claimed, so none steps over the others' days. */
	struct evaluator_claims *shared;
};

struct evaluator_claims {
	pthread_mutex_t lock;
	struct evaluator_cursor bulk_after;
};

/* Once per connection, before the first batch. */
int evaluator_prepare(PGconn *db, char *err, size_t errlen);

/* One batch of at most `max` days, evaluated at `now_utc` (epoch seconds) in its own
 * transaction.  Returns the number of days claimed (0: the queue is empty), or -1 with a
 * message (rolled back: the days stay queued). */
long evaluator_run_batch(PGconn *db, long max, int64_t now_utc, struct evaluator_stats *st,
                         char *err, size_t errlen);

/* The worker thread: wakes on NOTIFY attend_day_dirty and every interval_s; reconnects on its
 * own.  `clock` gives UTC epoch seconds (NULL: the wall clock). */
struct evaluator;
typedef int64_t (*evaluator_clock_fn)(void);
int  evaluator_start(struct evaluator **ret, const struct evaluator_config *cfg, const char *name,
                     evaluator_clock_fn clock, char *err, size_t errlen);
/* The figures so far (evaluator/evaluator_metrics.h), for another thread; NULL is fine. */
void evaluator_metrics_get(struct evaluator *ev, struct evaluator_metrics *m);
/* Stops and joins the thread; NULL is fine. */
void evaluator_stop(struct evaluator *ev);

#endif
