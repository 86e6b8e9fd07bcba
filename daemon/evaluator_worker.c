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

#include "daemon/evaluator.h"
#include "daemon/log.h"
#include "daemon/timeutil.h"

struct evaluator {
	struct evaluator_config cfg;
	char name[64];
	evaluator_clock_fn clock;
	pthread_t thread;
	int wake_fd;
	atomic_bool stop;
	PGconn *db;
	struct evaluator_stats st;
};

static int64_t wall_clock(void)
{
	return (int64_t)time(NULL);
}

static void close_db(struct evaluator *ev)
{
	PQfinish(ev->db);
	ev->db = NULL;
}

static int open_db(struct evaluator *ev, char *err, size_t errlen)
{
	ev->db = PQconnectdb(ev->cfg.conninfo);
	if (PQstatus(ev->db) != CONNECTION_OK) {
		snprintf(err, errlen, "evaluator: database: %s", PQerrorMessage(ev->db));
		err[strcspn(err, "\n")] = '\0';
		close_db(ev);
		return -1;
	}
	PQsetClientEncoding(ev->db, "UTF8");
	char sql[160];
	snprintf(sql, sizeof sql, "SET application_name = 'attend-evaluator %s'", ev->name);
	PGresult *r = PQexec(ev->db, sql);
	PQclear(r);
	r = PQexec(ev->db, "LISTEN attend_day_dirty");
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		snprintf(err, errlen, "evaluator: LISTEN: %s", PQresultErrorMessage(r));
	PQclear(r);
	if (!ok || evaluator_prepare(ev->db, err, errlen) != 0) {
		err[strcspn(err, "\n")] = '\0';
		close_db(ev);
		return -1;
	}
	return 0;
}

/* Timer work: queue today's days (an absent person gets a result) and settled pending ones. */
static int tick(struct evaluator *ev, char *err, size_t errlen)
{
	char now[24];
	snprintf(now, sizeof now, "%" PRId64, ev->clock());
	const char *v[1] = { now };
	PGresult *r = PQexecParams(ev->db, "SELECT attend.day_seed(to_timestamp($1::bigint))", 1, NULL,
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

/* Sleeps until a notification, the wake fd (stop), or `ms`. */
static void wait_for_work(struct evaluator *ev, int ms)
{
	struct pollfd p[2] = { { .fd = ev->wake_fd, .events = POLLIN }, { .fd = -1, .events = POLLIN } };
	if (ev->db)
		p[1].fd = PQsocket(ev->db);
	if (poll(p, 2, ms < 0 ? 0 : ms) > 0 && (p[0].revents & POLLIN)) {
		uint64_t x;
		ssize_t rd = read(ev->wake_fd, &x, sizeof x);
		(void)rd;
	}
}

static void *run(void *arg)
{
	struct evaluator *ev = arg;
	char err[512];
	int64_t next_tick = 0, last_report = now_monotonic_ms();
	uint64_t reported = 0, failures = 0;

	while (!atomic_load(&ev->stop)) {
		if (!ev->db && open_db(ev, err, sizeof err) != 0) {
			if (failures++ % 20 == 0)
				log_warnx("%s; retrying", err);
			wait_for_work(ev, 2000);
			continue;
		}
		if (failures) {
			log_info("evaluator: connected after %" PRIu64 " failed attempt(s)", failures);
			failures = 0;
		}
		int64_t now = now_monotonic_ms();
		if (now >= next_tick) {
			next_tick = now + ev->cfg.interval_s * 1000;
			if (tick(ev, err, sizeof err) != 0) {
				log_warnx("%s", err);
				if (PQstatus(ev->db) != CONNECTION_OK)
					close_db(ev);
				continue;
			}
		}
		long n;
		do {
			n = evaluator_run_batch(ev->db, ev->cfg.batch_size, ev->clock(), &ev->st, err, sizeof err);
		} while (n > 0 && !atomic_load(&ev->stop));
		if (n < 0) {
			log_warnx("%s", err);
			if (PQstatus(ev->db) != CONNECTION_OK)
				close_db(ev);
			wait_for_work(ev, 1000);
			continue;
		}
		now = now_monotonic_ms();
		if (now - last_report >= 10000 && ev->st.days != reported) {
			log_info("evaluator: %" PRIu64 " day(s) evaluated in %" PRIu64 " batch(es), %" PRIu64
			         " skipped", ev->st.days, ev->st.batches, ev->st.skipped);
			reported = ev->st.days;
			last_report = now;
		}
		if (drain_notifies(ev->db))
			continue;   /* arrived while we worked */
		wait_for_work(ev, (int)(next_tick - now_monotonic_ms()));
		drain_notifies(ev->db);
	}
	close_db(ev);
	return NULL;
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
	snprintf(ev->name, sizeof ev->name, "%s", name);
	ev->clock = clock ? clock : wall_clock;
	ev->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int rc = ev->wake_fd < 0 ? errno : pthread_create(&ev->thread, NULL, run, ev);
	if (rc) {
		snprintf(err, errlen, "evaluator: cannot start: %s", strerror(rc));
		if (ev->wake_fd >= 0)
			close(ev->wake_fd);
		free(ev->cfg.conninfo);
		free(ev);
		return -rc;
	}
	*ret = ev;
	return 0;
}

void evaluator_stop(struct evaluator *ev)
{
	if (!ev)
		return;
	atomic_store(&ev->stop, true);
	uint64_t one = 1;
	ssize_t w = write(ev->wake_fd, &one, sizeof one);
	(void)w;
	pthread_join(ev->thread, NULL);
	log_info("evaluator: stopped after %" PRIu64 " day(s) in %" PRIu64 " batch(es)", ev->st.days,
	         ev->st.batches);
	close(ev->wake_fd);
	free(ev->cfg.conninfo);
	free(ev);
}
