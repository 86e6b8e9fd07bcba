/* The day evaluator's metrics, written into attend-recorder's metrics file (the evaluator is
 * a thread of the recorder): docs/operations.md "Metrics". */
#ifndef ATTEND_EVALUATOR_METRICS_H
#define ATTEND_EVALUATOR_METRICS_H

#include <stdint.h>

#include "lib/prom.h"

struct evaluator_metrics {
	uint64_t days;            /* days evaluated and written, all workers */
	uint64_t skipped;         /* days that could not be evaluated (no rule set) */
	uint64_t errors;          /* batches that failed (rolled back, the days stay queued) */
	double last_batch_s;      /* wall time of the last batch that wrote days */
	int64_t queue_length;     /* days in attend.day_dirty; -1: not known (database away) */
	double lag_s;             /* age of the oldest queued day (0: none queued) */
};

void evaluator_metrics_render(struct prom *p, const struct evaluator_metrics *m);

#endif
