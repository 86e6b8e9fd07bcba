#include "edge/edge_metrics.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void one(struct prom *p, const char *name, const char *type, const char *help, double v)
{
	prom_family(p, name, type, help);
	prom_sample(p, name, NULL, NULL, v);
}

void edge_metrics_render(struct prom *p, const struct status_msg *m, bool broker_connected,
                         double ack_lag_s)
{
	prom_family(p, "attend_edge_taps_total", "counter",
	            "Taps taken at the door since attendd started, by outcome.");
	prom_sample(p, "attend_edge_taps_total", "outcome", "accepted", (double)m->taps.accepted);
	prom_sample(p, "attend_edge_taps_total", "outcome", "unknown", (double)m->taps.unknown);
	prom_sample(p, "attend_edge_taps_total", "outcome", "repeat", (double)m->taps.repeats);
	prom_sample(p, "attend_edge_taps_total", "outcome", "refused", (double)m->taps.refused);
	one(p, "attend_edge_taps_acked_total", "counter",
	    "Taps the recorder acknowledged (committed in the database) since attendd started.",
	    (double)m->taps.acked);
	one(p, "attend_edge_journal_pending", "gauge",
	    "Taps in the journal not yet acknowledged by the recorder (the backlog).",
	    (double)m->journal.pending);
	one(p, "attend_edge_journal_capacity", "gauge", "Most taps the journal keeps.",
	    (double)m->journal.capacity);
	one(p, "attend_edge_journal_full", "gauge", "1 while the journal is full and taps are refused.",
	    m->journal.full ? 1 : 0);
	one(p, "attend_edge_ack_lag_seconds", "gauge",
	    "Age of the oldest tap not yet acknowledged (by its reader time); 0 when none.", ack_lag_s);
	one(p, "attend_edge_bad_acks_total", "counter",
	    "Payloads on the ack topic that did not decode (ignored).", (double)m->bad_acks);
	one(p, "attend_edge_broker_connected", "gauge", "1 while attendd is connected to the broker.",
	    broker_connected ? 1 : 0);
	prom_family(p, "attend_edge_reader_up", "gauge", "1 while the reader is online.");
	for (size_t i = 0; i < m->nreaders; i++)
		prom_sample(p, "attend_edge_reader_up", "reader", m->readers[i].id,
		            strcmp(m->readers[i].state, "online") == 0 ? 1 : 0);
	prom_family(p, "attend_edge_reader_silent", "gauge",
	            "1 while the reader has had no tap for longer than reader_silent_after.");
	for (size_t i = 0; i < m->nreaders; i++)
		prom_sample(p, "attend_edge_reader_silent", "reader", m->readers[i].id,
		            m->readers[i].silent ? 1 : 0);
	prom_family(p, "attend_edge_reader_dropped_total", "counter",
	            "Taps the reader's driver lost because attendd did not read them in time.");
	for (size_t i = 0; i < m->nreaders; i++)
		prom_sample(p, "attend_edge_reader_dropped_total", "reader", m->readers[i].id,
		            (double)m->readers[i].dropped);
}

int edge_metrics_write(const char *path, const struct status_msg *m, bool broker_connected,
                       double ack_lag_s, char *err, size_t errlen)
{
	struct prom p;
	if (prom_begin(&p) != 0) {
		snprintf(err, errlen, "metrics: out of memory");
		return -ENOMEM;
	}
	edge_metrics_render(&p, m, broker_connected, ack_lag_s);
	return prom_commit(&p, path, err, errlen);
}
