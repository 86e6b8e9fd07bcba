/* The evaluator as a thread of attend-recorder, with its own connection: it evaluates what
 * the queue holds, then sleeps until NOTIFY attend_day_dirty or its timer, which queues
 * today's days and pending days that have settled (attend.day_seed). */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/db_session.h"
#include "evaluator/evaluator.h"
#include "lib/log.h"
#include "lib/timeutil.h"

/* One worker: a thread with its own connection.  Worker 0 also runs the timer. */
struct worker {
	struct evaluator *ev;
	int index;
	pthread_t thread;
	bool started;
	PGconn *db;
	struct evaluator_stats st;
};

struct evaluator {
	struct evaluator_config cfg;
	char name[64];
	evaluator_clock_fn clock;
	int wake_fd;          /* written once, on stop; never read, so every worker sees it */
	atomic_bool stop;
	int nworkers;
	struct evaluator_claims claims;   /* the workers' claims take turns (evaluator/evaluator.c) */
	struct worker w[EVALUATOR_WORKERS_MAX];
	/* The metrics, written by the workers and read by the recorder's main thread. */
	atomic_uint_fast64_t m_days, m_skipped, m_errors, m_last_batch_us;
	atomic_int_fast64_t m_queue, m_lag_ms;   /* sampled by worker 0; m_queue -1: not known */
};


static void close_db(struct worker *w)
{
	PQfinish(w->db);
	w->db = NULL;
}

static int open_db(struct worker *w, char *err, size_t errlen)
{
	struct evaluator *ev = w->ev;
	w->db = PQconnectdb(ev->cfg.conninfo);
	if (PQstatus(w->db) != CONNECTION_OK) {
		snprintf(err, errlen, "evaluator %d: database: %s", w->index, PQerrorMessage(w->db));
		err[strcspn(err, "\n")] = '\0';
		close_db(w);
		return -1;
	}
	PQsetClientEncoding(w->db, "UTF8");
	if (db_session_clock(w->db, err, errlen) != 0) {
		close_db(w);
		return -1;
	}
	char sql[160];
	snprintf(sql, sizeof sql, "SET application_name = 'attend-evaluator %s/%d'", ev->name, w->index);
	PGresult *r = PQexec(w->db, sql);
	PQclear(r);
	r = PQexec(w->db, "LISTEN attend_day_dirty");
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		snprintf(err, errlen, "evaluator: LISTEN: %s", PQresultErrorMessage(r));
	PQclear(r);
	if (!ok || evaluator_prepare(w->db, err, errlen) != 0) {
		err[strcspn(err, "\n")] = '\0';
		close_db(w);
		return -1;
	}
	return 0;
}

/* Timer work: queue today's days (an absent person gets a result) and settled pending ones. */
static int tick(struct worker *w, char *err, size_t errlen)
{
	char now[24];
	snprintf(now, sizeof now, "%" PRId64, w->ev->clock());
	const char *v[1] = { now };
	PGresult *r = PQexecParams(w->db, "SELECT attend.day_seed(to_timestamp($1::bigint))", 1, NULL,
	                           v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		snprintf(err, errlen, "evaluator: day_seed: %s", PQresultErrorMessage(r));
		err[strcspn(err, "\n")] = '\0';
		PQclear(r);
		return -1;
	}
	long n = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (n)
		log_debug("evaluator: timer queued %ld day(s)", n);
	return 0;
}

/* Worker 0 looks at the queue (at most once a second): how many days wait, and since when. */
static void sample_queue(struct worker *w, int64_t *last)
{
	int64_t now = now_monotonic_ms();
	if (w->index != 0 || now - *last < 1000)
		return;
	*last = now;
	PGresult *r = PQexec(w->db, "SELECT count(*), coalesce(round(extract(epoch FROM now() - min(marked_at)) * 1000), 0)"
	                     " FROM attend.day_dirty");
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
	atomic_store(&w->ev->m_queue, ok ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : -1);
	atomic_store(&w->ev->m_lag_ms, ok ? strtoll(PQgetvalue(r, 0, 1), NULL, 10) : 0);
	PQclear(r);
}

/* One batch, counted for the metrics. */
static long batch(struct worker *w)
{
	struct evaluator *ev = w->ev;
	char err[512];
	uint64_t t = (uint64_t)now_monotonic_us(), days = w->st.days, skipped = w->st.skipped;
	long n = evaluator_run_batch(w->db, ev->cfg.batch_size, ev->clock(), &w->st, err, sizeof err);
	if (n < 0) {
		atomic_fetch_add(&ev->m_errors, 1);
		log_warnx("%s", err);
	} else if (w->st.days != days) {
		atomic_store(&ev->m_last_batch_us, (uint64_t)now_monotonic_us() - t);
		atomic_fetch_add(&ev->m_days, w->st.days - days);
	}
	atomic_fetch_add(&ev->m_skipped, w->st.skipped - skipped);
	return n;
}

static bool drain_notifies(PGconn *db)
{
	bool any = false;
	PGnotify *nt;
	PQconsumeInput(db);
	while ((nt = PQnotifies(db))) {
		any = true;
		PQfreemem(nt);
	}
	return any;
}

/* Sleeps until a notification, the wake fd (stop: left readable for every worker), or `ms`. */
static void wait_for_work(struct worker *w, int ms)
{
	struct pollfd p[2] = { { .fd = w->ev->wake_fd, .events = POLLIN }, { .fd = -1, .events = POLLIN } };
	if (w->db)
		p[1].fd = PQsocket(w->db);
	(void)poll(p, 2, ms < 0 ? 0 : ms);
}

/* Every worker LISTENs and drains the queue; FOR UPDATE SKIP LOCKED in the claim keeps them
 * apart.  Only worker 0 runs the timer (attend.day_seed), once per interval. */
static void *run(void *arg)
{
	struct worker *w = arg;
	struct evaluator *ev = w->ev;
	char err[512];
	int64_t next_tick = 0, last_report = now_monotonic_ms(), last_sample = 0;
	uint64_t reported = 0, failures = 0;
	int64_t tick_ms = w->index == 0 ? ev->cfg.interval_s * 1000 : 3600 * 1000;

	while (!atomic_load(&ev->stop)) {
		if (!w->db && open_db(w, err, sizeof err) != 0) {
			if (w->index == 0)
				atomic_store(&ev->m_queue, -1);
			if (failures++ % 20 == 0)
				log_warnx("%s; retrying", err);
			wait_for_work(w, 2000);
			continue;
		}
		if (failures) {
			log_info("evaluator %d: connected after %" PRIu64 " failed attempt(s)", w->index, failures);
			failures = 0;
		}
		int64_t now = now_monotonic_ms();
		if (now >= next_tick) {
			next_tick = now + tick_ms;
			if (w->index == 0 && tick(w, err, sizeof err) != 0) {
				log_warnx("%s", err);
				if (PQstatus(w->db) != CONNECTION_OK)
					close_db(w);
				continue;
			}
		}
		long n;
		do {
			n = batch(w);
			sample_queue(w, &last_sample);
		} while (n > 0 && !atomic_load(&ev->stop));
		if (n < 0) {
			if (PQstatus(w->db) != CONNECTION_OK)
				close_db(w);
			wait_for_work(w, 1000);
			continue;
		}
		now = now_monotonic_ms();
		if (now - last_report >= 10000 && w->st.days != reported) {
			log_info("evaluator %d: %" PRIu64 " day(s) evaluated in %" PRIu64 " batch(es), %" PRIu64
			         " skipped", w->index, w->st.days, w->st.batches, w->st.skipped);
			reported = w->st.days;
			last_report = now;
		}
		if (drain_notifies(w->db))
			continue;   /* arrived while we worked */
		wait_for_work(w, (int)(next_tick - now_monotonic_ms()));
		drain_notifies(w->db);
	}
	close_db(w);
	return NULL;
}

static void stop_workers(struct evaluator *ev)
{
	atomic_store(&ev->stop, true);
	uint64_t one = 1;
	ssize_t wr = write(ev->wake_fd, &one, sizeof one);
	(void)wr;
	for (int i = 0; i < ev->nworkers; i++)
		if (ev->w[i].started)
			pthread_join(ev->w[i].thread, NULL);
}

int evaluator_start(struct evaluator **ret, const struct evaluator_config *cfg, const char *name,
                    evaluator_clock_fn clock, char *err, size_t errlen)
{
	struct evaluator *ev = calloc(1, sizeof *ev);
	if (!ev || !(ev->cfg.conninfo = strdup(cfg->conninfo))) {
		free(ev);
		snprintf(err, errlen, "evaluator: out of memory");
		return -ENOMEM;
	}
	ev->cfg.enabled = cfg->enabled;
	ev->cfg.batch_size = cfg->batch_size;
	ev->cfg.interval_s = cfg->interval_s;
	ev->cfg.workers = cfg->workers < 1 ? 1 : cfg->workers > EVALUATOR_WORKERS_MAX ? EVALUATOR_WORKERS_MAX
	                : cfg->workers;
	snprintf(ev->name, sizeof ev->name, "%s", name);
	ev->clock = clock ? clock : clock_now_s;
	pthread_mutex_init(&ev->claims.lock, NULL);
	atomic_init(&ev->m_queue, -1);
	ev->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int rc = ev->wake_fd < 0 ? errno : 0;
	for (int i = 0; !rc && i < ev->cfg.workers; i++) {
		struct worker *w = &ev->w[i];
		w->ev = ev;
		w->index = i;
		w->st.shared = &ev->claims;
		ev->nworkers = i + 1;
		rc = pthread_create(&w->thread, NULL, run, w);
		w->started = rc == 0;
	}
	if (rc) {
		snprintf(err, errlen, "evaluator: cannot start: %s", strerror(rc));
		if (ev->wake_fd >= 0) {
			stop_workers(ev);
			close(ev->wake_fd);
		}
		pthread_mutex_destroy(&ev->claims.lock);
		free(ev->cfg.conninfo);
		free(ev);
		return -rc;
	}
	log_info("evaluator: %d worker(s), batches of %ld day(s)", ev->nworkers, ev->cfg.batch_size);
	*ret = ev;
	return 0;
}

void evaluator_metrics_get(struct evaluator *ev, struct evaluator_metrics *m)
{
	*m = (struct evaluator_metrics){ .queue_length = -1 };
	if (!ev)
		return;
	m->days = atomic_load(&ev->m_days);
	m->skipped = atomic_load(&ev->m_skipped);
	m->errors = atomic_load(&ev->m_errors);
	m->last_batch_s = (double)atomic_load(&ev->m_last_batch_us) / 1e6;
	m->queue_length = atomic_load(&ev->m_queue);
	m->lag_s = (double)atomic_load(&ev->m_lag_ms) / 1e3;
}

void evaluator_stop(struct evaluator *ev)
{
	if (!ev)
		return;
	stop_workers(ev);
	struct evaluator_stats t = { 0 };
	for (int i = 0; i < ev->nworkers; i++) {
		const struct evaluator_stats *s = &ev->w[i].st;
		log_info("evaluator %d: %" PRIu64 " day(s) in %" PRIu64 " batch(es)", i, s->days, s->batches);
		t.days += s->days;
		t.batches += s->batches;
		t.us_claim += s->us_claim;
		t.us_load += s->us_load;
		t.us_eval += s->us_eval;
		t.us_write += s->us_write;
		t.us_commit += s->us_commit;
	}
	log_info("evaluator: stopped after %" PRIu64 " day(s) in %" PRIu64 " batch(es), %d worker(s)", t.days,
	         t.batches, ev->nworkers);
	/* Summed over the workers (they overlap in time): where the evaluation time went. */
	log_info("evaluator: phases (s, all workers): claim %.1f, load %.1f, evaluate %.1f, write %.1f, commit %.1f",
	         (double)t.us_claim / 1e6, (double)t.us_load / 1e6, (double)t.us_eval / 1e6,
	         (double)t.us_write / 1e6, (double)t.us_commit / 1e6);
	close(ev->wake_fd);
	pthread_mutex_destroy(&ev->claims.lock);
	free(ev->cfg.conninfo);
	free(ev);
}
