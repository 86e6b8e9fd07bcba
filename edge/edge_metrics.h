/* attendd's metrics, the Prometheus text format for the node exporter's textfile collector:
 * the numbers of the status topic (docs/wire.md), so both say the same. */
#ifndef ATTEND_EDGE_METRICS_H
#define ATTEND_EDGE_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/payload.h"
#include "lib/prom.h"

/* The page for status m (a full one, detail true) into p. */
void edge_metrics_render(struct prom *p, const struct status_msg *m, bool broker_connected,
                         double ack_lag_s);
/* Renders and replaces path at once.  0, or a negative errno with a message naming the file. */
int  edge_metrics_write(const char *path, const struct status_msg *m, bool broker_connected,
                        double ack_lag_s, char *err, size_t errlen);

#endif
