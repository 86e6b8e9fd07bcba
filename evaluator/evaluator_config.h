/* The [evaluator] section of recorder.ini: the day evaluation worker inside attend-recorder. */
#ifndef ATTEND_EVALUATOR_CONFIG_H
#define ATTEND_EVALUATOR_CONFIG_H

#include <stdbool.h>

struct evaluator_config {
	bool enabled;          /* run the worker thread */
	char *conninfo;        /* its own connection, as a login in role attend_evaluator */
	long batch_size;       /* days per transaction */
	long interval_s;       /* timer: queue today's days and settled pending ones */
	long workers;          /* threads, each with its own connection, sharing the queue */
};

#define EVALUATOR_WORKERS_MAX 16

#endif
