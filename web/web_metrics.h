/* attend-web's metrics, the Prometheus text format for the node exporter's textfile collector
 * (docs/operations.md "Metrics"): counted around each request by attend-web.c, written by its
 * main thread every metrics_interval. */
#ifndef ATTEND_WEB_METRICS_H
#define ATTEND_WEB_METRICS_H

#include <stddef.h>

struct web_metrics;

struct web_metrics *web_metrics_new(void);
void web_metrics_free(struct web_metrics *m);
/* One answered request (from any of libmicrohttpd's threads): its page class comes from the
 * path, a login's outcome from a POST /login's status (303 in, 429 rate-limited, else refused). */
void web_metrics_request(struct web_metrics *m, const char *method, const char *path, int status,
                         double seconds);
/* Renders (with the sessions open now) and replaces path at once.  0, or a negative errno with
 * a message naming the file. */
int  web_metrics_write(struct web_metrics *m, int sessions_open, const char *path, char *err, size_t errlen);

#endif
