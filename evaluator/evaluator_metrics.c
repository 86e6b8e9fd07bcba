#include "evaluator/evaluator_metrics.h"

static void one(struct prom *p, const char *name, const char *type, const char *help, double v)
{
	prom_family(p, name, type, help);
	prom_sample(p, name, NULL, NULL, v);
}

void evaluator_metrics_render(struct prom *p, const struct evaluator_metrics *m)
{
	one(p, "attend_evaluator_evaluated_total", "counter",
	    "Days evaluated and written since the recorder started.", (double)m->days);
	one(p, "attend_evaluator_skipped_total", "counter",
	    "Days that could not be evaluated (no rule set applies): left as they were.", (double)m->skipped);
	one(p, "attend_evaluator_errors_total", "counter",
	    "Evaluation batches that failed and were rolled back (their days stay queued).", (double)m->errors);
	one(p, "attend_evaluator_last_batch_seconds", "gauge",
	    "Wall time of the last batch that wrote days.", m->last_batch_s);
	/* Not known while the database is away: no sample rather than a made-up 0. */
	if (m->queue_length >= 0) {
		one(p, "attend_evaluator_queue_length", "gauge",
		    "Days waiting in attend.day_dirty to be evaluated (all evaluators).", (double)m->queue_length);
		one(p, "attend_evaluator_lag_seconds", "gauge",
		    "Age of the oldest day waiting to be evaluated (0: none waits).", m->lag_s);
	}
}
