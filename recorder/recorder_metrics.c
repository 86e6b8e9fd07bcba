#include "recorder/recorder_metrics.h"

#include <errno.h>
#include <stdio.h>

static void one(struct prom *p, const char *name, const char *type, const char *help, double v)
{
	prom_family(p, name, type, help);
	prom_sample(p, name, NULL, NULL, v);
}

void recorder_metrics_render(struct prom *p, const struct recorder_metrics *m)
{
	one(p, "attend_recorder_taps_received_total", "counter",
	    "Tap messages taken from the broker since the recorder started.", (double)m->received);
	prom_family(p, "attend_recorder_taps_stored_total", "counter",
	            "Taps committed to the database: new ones, and repeats the database already had.");
	prom_sample(p, "attend_recorder_taps_stored_total", "kind", "new", (double)m->inserted);
	prom_sample(p, "attend_recorder_taps_stored_total", "kind", "repeat", (double)m->repeats);
	one(p, "attend_recorder_rejected_payloads_total", "counter",
	    "Payloads that did not decode, kept aside in attend.rejected_payload.", (double)m->rejected);
	one(p, "attend_recorder_acks_total", "counter", "Acks published to the edges.", (double)m->acks);
	one(p, "attend_recorder_ack_failures_total", "counter",
	    "Acks that could not be handed to the broker (the edge sends its taps again).", (double)m->ack_fail);
	one(p, "attend_recorder_db_failures_total", "counter",
	    "Batches the database did not take (retried; the edges keep their taps).", (double)m->db_failures);
	one(p, "attend_recorder_queue_length", "gauge",
	    "Messages received and waiting for the database.", (double)m->queued);
	one(p, "attend_recorder_queue_capacity", "gauge", "queue_max: most messages held.",
	    (double)m->queue_max);
	one(p, "attend_recorder_queue_overflow_total", "counter",
	    "Messages not taken because the queue was full (their edges send them again).",
	    (double)m->overflow);
	one(p, "attend_recorder_broker_connected", "gauge",
	    "1 while connected to every broker listed in [mqtt] host.", m->broker_connected ? 1 : 0);
	one(p, "attend_recorder_brokers_connected", "gauge",
	    "Brokers of [mqtt] host the recorder is connected to.", (double)m->brokers_connected);
	one(p, "attend_recorder_brokers", "gauge", "Brokers listed in [mqtt] host.", (double)m->brokers);
	if (m->evaluator)
		evaluator_metrics_render(p, m->evaluator);
}

int recorder_metrics_write(const char *path, const struct recorder_metrics *m, char *err,
                           size_t errlen)
{
	struct prom p;
	if (prom_begin(&p) != 0) {
		snprintf(err, errlen, "metrics: out of memory");
		return -ENOMEM;
	}
	recorder_metrics_render(&p, m);
	return prom_commit(&p, path, err, errlen);
}
