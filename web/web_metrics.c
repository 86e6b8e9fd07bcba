#include "web/web_metrics.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/prom.h"

/* Page classes: a fixed few, so a stray URL cannot make a label of its own. */
static const char *const classes[] = { "login", "logout", "today", "me", "report", "requests", "static", "other" };
#define NCLASS (sizeof classes / sizeof classes[0])
static const char *const statuses[] = { "2xx", "3xx", "4xx", "5xx" };
#define NSTATUS (sizeof statuses / sizeof statuses[0])
static const double bounds[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
static const char *const bound_text[] = { "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1",
                                          "2.5", "5", "10" };
#define NBOUND (sizeof bounds / sizeof bounds[0])

struct web_metrics {
	pthread_mutex_t lock;
	uint64_t requests[NCLASS][NSTATUS];
	uint64_t logins_ok, logins_refused, rate_limited;
	uint64_t buckets[NBOUND];   /* not cumulative here; summed when written */
	uint64_t count;
	double sum;
};

struct web_metrics *web_metrics_new(void)
{
	struct web_metrics *m = calloc(1, sizeof *m);
	if (m)
		pthread_mutex_init(&m->lock, NULL);
	return m;
}

void web_metrics_free(struct web_metrics *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->lock);
	free(m);
}

static bool under(const char *path, const char *top)
{
	size_t n = strlen(top);
	return !strncmp(path, top, n) && (path[n] == '\0' || path[n] == '/');
}

static size_t class_of(const char *path)
{
	static const char *const tops[] = { "/login", "/logout", "/today", "/me", "/report", "/requests" };
	for (size_t i = 0; i < sizeof tops / sizeof tops[0]; i++)
		if (under(path, tops[i]))
			return i;
	if (!strcmp(path, "/style.css") || !strcmp(path, "/favicon.ico"))
		return 6;
	return NCLASS - 1;
}

void web_metrics_request(struct web_metrics *m, const char *method, const char *path, int status,
                         double seconds)
{
	if (!m)
		return;
	size_t c = class_of(path ? path : "");
	size_t s = status >= 200 && status < 600 ? (size_t)(status / 100 - 2) : NSTATUS - 1;
	bool login = c == 0 && method && !strcmp(method, "POST");
	size_t b = 0;
	while (b < NBOUND && seconds > bounds[b])
		b++;
	pthread_mutex_lock(&m->lock);
	m->requests[c][s]++;
	if (login && status == 303)
		m->logins_ok++;
	else if (login && status == 429)
		m->rate_limited++;
	else if (login)
		m->logins_refused++;
	if (b < NBOUND)
		m->buckets[b]++;
	m->count++;
	m->sum += seconds;
	pthread_mutex_unlock(&m->lock);
}

static void one(struct prom *p, const char *name, const char *type, const char *help, double v)
{
	prom_family(p, name, type, help);
	prom_sample(p, name, NULL, NULL, v);
}

int web_metrics_write(struct web_metrics *m, int sessions_open, const char *path, char *err, size_t errlen)
{
	struct web_metrics c;
	pthread_mutex_lock(&m->lock);
	memcpy(&c, m, sizeof c);   /* the figures, not the lock, are used from the copy */
	pthread_mutex_unlock(&m->lock);
	struct prom p;
	if (prom_begin(&p) != 0) {
		snprintf(err, errlen, "metrics: out of memory");
		return -ENOMEM;
	}
	one(&p, "attend_web_sessions_open", "gauge", "Sessions open (each holds a database connection).",
	    sessions_open);
	prom_family(&p, "attend_web_logins_total", "counter", "Login attempts: accepted, or refused (wrong name or password, bad form).");
	prom_sample(&p, "attend_web_logins_total", "outcome", "ok", (double)c.logins_ok);
	prom_sample(&p, "attend_web_logins_total", "outcome", "refused", (double)c.logins_refused);
	one(&p, "attend_web_rate_limited_total", "counter",
	    "Login attempts turned away by the rate limit (too many wrong passwords for a name or an address).",
	    (double)c.rate_limited);
	prom_family(&p, "attend_web_requests_total", "counter", "Requests answered, by page class and status class.");
	for (size_t i = 0; i < NCLASS; i++)
		for (size_t j = 0; j < NSTATUS; j++)
			if (c.requests[i][j])
				prom_sample2(&p, "attend_web_requests_total", "class", classes[i], "status", statuses[j],
				             (double)c.requests[i][j]);
	prom_family(&p, "attend_web_request_duration_seconds", "histogram",
	            "Time from a request's arrival to its answer being ready.");
	uint64_t cum = 0;
	for (size_t b = 0; b < NBOUND; b++) {
		cum += c.buckets[b];
		prom_sample(&p, "attend_web_request_duration_seconds_bucket", "le", bound_text[b], (double)cum);
	}
	prom_sample(&p, "attend_web_request_duration_seconds_bucket", "le", "+Inf", (double)c.count);
	prom_sample(&p, "attend_web_request_duration_seconds_sum", NULL, NULL, c.sum);
	prom_sample(&p, "attend_web_request_duration_seconds_count", NULL, NULL, (double)c.count);
	return prom_commit(&p, path, err, errlen);
}
