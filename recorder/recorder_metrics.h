/* attend-recorder's metrics, the Prometheus text format for the node exporter's textfile
 * collector (docs/operations.md "Metrics"). */
#ifndef ATTEND_RECORDER_METRICS_H
#define ATTEND_RECORDER_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evaluator/evaluator_metrics.h"
#include "lib/prom.h"

struct recorder_metrics {
	uint64_t received, inserted, repeats, rejected, acks, ack_fail, db_failures;
	uint64_t queued, queue_max, overflow;
	bool broker_connected;        /* to every broker listed */
	unsigned brokers, brokers_connected;
	const struct evaluator_metrics *evaluator;   /* NULL: no [evaluator] in this recorder */
};

void recorder_metrics_render(struct prom *p, const struct recorder_metrics *m);
/* Renders and replaces path at once.  0, or a negative errno with a message naming the file. */
int  recorder_metrics_write(const char *path, const struct recorder_metrics *m, char *err,
                            size_t errlen);

#endif
