/* attend-recorder's work: MQTT -> PostgreSQL.  Receives taps on a shared subscription, inserts
 * them in batches (one transaction each), and only after COMMIT publishes each edge's
 * application ack.  With several brokers listed ([mqtt] host = a, b) it holds one client on
 * each, so an edge is heard on whichever it is connected to; a tap's ack goes back on the broker
 * the tap came from (the edge listens there), and a tap that came on both (an edge that moved
 * while its ack was on the way) is a repeat the (edge, epoch, seq) key absorbs.  A payload
 * that does not decode is kept aside in attend.rejected_payload.
 * While the database is away it keeps retrying and acknowledges nothing. */
#include "recorder/recorder_run.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "evaluator/evaluator.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "lib/mqtt.h"
#include "lib/notify.h"
#include "lib/payload.h"
#include "lib/timeutil.h"
#include "recorder/db.h"
#include "recorder/recorder_batch.h"
#include "recorder/recorder_metrics.h"

struct msg {
	struct msg *next;
	unsigned broker;           /* the index in [mqtt] host it came from */
	char *topic;
	void *payload;
	size_t len;
	int64_t received_us;
};

struct recorder;

/* One client per broker listed: the callbacks' user. */
struct link {
	struct recorder *r;
	struct mqtt *mqtt;
	unsigned broker;
};

struct recorder {
	struct recorder_config cfg;
	struct link links[MQTT_BROKERS_MAX];
	size_t nlinks;
	struct db *db;
	char sub_topic[256];
	char status_topic[256];    /* every edge's status, not shared: each recorder keeps it */

	pthread_mutex_t lock;      /* the queue, filled by the MQTT thread */
	pthread_cond_t cond;
	struct msg *head, **tail;
	size_t queued;
	uint64_t overflow;         /* not taken: the edge re-sends what is not acknowledged */
	struct msg *statuses;      /* the latest status per edge topic, not yet stored */

	uint64_t received, inserted, repeats, rejected, acks, ack_fail, db_failures;
};

/* The MQTT callbacks run on libmosquitto's thread (lib/mqtt.c says why the recorder keeps it). */
static void on_connected(void *u)
{
	struct link *l = u;
	struct recorder *r = l->r;
	char err[300], name[300];
	mqtt_broker_name(l->mqtt, name, sizeof name);
	log_info("mqtt: connected to %s", name);
	if (mqtt_subscribe(l->mqtt, r->sub_topic, err, sizeof err) != 0)
		log_warnx("mqtt: %s; no taps until a reconnect subscribes", err);
	if (mqtt_subscribe(l->mqtt, r->status_topic, err, sizeof err) != 0)
		log_warnx("mqtt: %s; the edges' states are not stored until a reconnect subscribes", err);
}

/* A status replaces the one of the same edge still waiting (it says everything the older one
 * did, newer), so the list holds at most one per edge. */
static void queue_status(struct recorder *r, const char *topic, const void *payload, int len)
{
	void *copy = malloc(len > 0 ? (size_t)len : 1);
	if (!copy) {
		log_warnx("out of memory: the status on %s is not stored (the edge sends it again)", topic);
		return;
	}
	memcpy(copy, payload, (size_t)len);
	pthread_mutex_lock(&r->lock);
	struct msg *m = r->statuses;
	while (m && strcmp(m->topic, topic) != 0)
		m = m->next;
	if (!m && (m = calloc(1, sizeof *m)) && !(m->topic = strdup(topic))) {
		free(m);
		m = NULL;
	} else if (m && !m->payload) {
		m->next = r->statuses;
		r->statuses = m;
	}
	if (m) {
		free(m->payload);
		m->payload = copy;
		m->len = (size_t)len;
		copy = NULL;
	}
	pthread_mutex_unlock(&r->lock);
	if (copy) {
		free(copy);
		log_warnx("out of memory: the status on %s is not stored (the edge sends it again)", topic);
	}
}

/* Stores the statuses waiting (main thread, between batches).  One that does not decode is
 * said in the log; one the database does not take is kept for the next round. */
static void store_statuses(struct recorder *r)
{
	pthread_mutex_lock(&r->lock);
	struct msg *list = r->statuses;
	r->statuses = NULL;
	pthread_mutex_unlock(&r->lock);
	while (list) {
		struct msg *m = list;
		list = m->next;
		struct status_msg st;
		char why[200];
		if (payload_status_decode(m->payload, m->len, &st, why, sizeof why) != 0) {
			log_warnx("a status on %s that does not decode: %s (not stored)", m->topic, why);
		} else {
			int rc = db_record_status(r->db, &st, m->payload, m->len, why, sizeof why);
			payload_status_free(&st);
			if (rc != 0) {
				log_warnx("%s; stored with the next batch", why);
				pthread_mutex_lock(&r->lock);
				bool newer = false;   /* a newer status of the edge came meanwhile */
				for (struct msg *o = r->statuses; o; o = o->next)
					newer |= !strcmp(o->topic, m->topic);
				if (!newer) {
					m->next = r->statuses;
					r->statuses = m;
					m = NULL;
				}
				pthread_mutex_unlock(&r->lock);
			}
		}
		if (m) {
			free(m->topic);
			free(m->payload);
			free(m);
		}
	}
}

static void on_down(void *u, enum mqtt_down kind, const char *why, bool repeat)
{
	struct link *l = u;
	char line[400];
	if (repeat)
		return;
	mqtt_describe_down(l->mqtt, kind, why, line, sizeof line);
	log_warnx("%s", line);
}

/* An ack the broker refuses never reaches its edge: the edge sends the taps again after its
 * resend_after, the database absorbs the repeats, and the next ack is refused too until the
 * broker's ACL lets this recorder write there.  Logged, once a minute while it lasts. */
static void on_refused(void *u, const char *topic, const char *reason, bool repeat)
{
	struct link *l = u;
	if (repeat)
		return;
	char name[300];
	mqtt_broker_name(l->mqtt, name, sizeof name);
	log_warnx("mqtt: the broker %s refused the ack on %s: %s; the edge keeps its taps and "
	          "sends them again (check the broker's ACL for this recorder)", name, topic, reason);
}

static void on_message(void *u, const char *topic, const void *payload, int len)
{
	struct link *l = u;
	struct recorder *r = l->r;
	size_t tl = strlen(topic);
	if (tl > 7 && !strcmp(topic + tl - 7, "/status")) {
		queue_status(r, topic, payload, len);
		return;
	}
	pthread_mutex_lock(&r->lock);
	if (r->queued >= (size_t)r->cfg.queue_max) {
		if (r->overflow++ % 10000 == 0)
			log_warnx("queue full (%zu messages): not taking more until the database catches "
			          "up; edges will send them again", r->queued);
		pthread_mutex_unlock(&r->lock);
		return;
	}
	pthread_mutex_unlock(&r->lock);
	struct msg *m = calloc(1, sizeof *m);
	if (m) {
		m->topic = strdup(topic);
		m->payload = malloc(len > 0 ? (size_t)len : 1);
	}
	if (!m || !m->topic || !m->payload) {
		if (m) {
			free(m->topic);
			free(m->payload);
		}
		free(m);
		return;
	}
	memcpy(m->payload, payload, (size_t)len);
	m->len = (size_t)len;
	m->broker = l->broker;
	m->received_us = now_realtime_us();
	pthread_mutex_lock(&r->lock);
	*r->tail = m;
	r->tail = &m->next;
	r->queued++;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

static void msg_free(struct msg *m)
{
	while (m) {
		struct msg *n = m->next;
		free(m->topic);
		free(m->payload);
		free(m);
		m = n;
	}
}

/* Waits for the first message (up to 200 ms, to check signals), then up to batch_wait_ms
 * more for the batch to fill.  Returns a detached list of at most batch_max messages. */
static struct msg *take_batch(struct recorder *r, size_t *n)
{
	struct timespec until;
	pthread_mutex_lock(&r->lock);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += 200 * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (!r->queued && pthread_cond_timedwait(&r->cond, &r->lock, &until) == 0)
		;
	if (r->queued && r->queued < (size_t)r->cfg.batch_max && r->cfg.batch_wait_ms > 0) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += r->cfg.batch_wait_ms * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		while (r->queued < (size_t)r->cfg.batch_max &&
		       pthread_cond_timedwait(&r->cond, &r->lock, &until) == 0)
			;
	}
	struct msg *head = r->head, **link = &r->head;
	size_t k = 0;
	while (*link && k < (size_t)r->cfg.batch_max) {
		link = &(*link)->next;
		k++;
	}
	r->head = *link;
	*link = NULL;
	if (!r->head)
		r->tail = &r->head;
	r->queued -= k;
	pthread_mutex_unlock(&r->lock);
	*n = k;
	return k ? head : NULL;
}

static void publish_acks(struct recorder *r, struct ack_key *keys, size_t nkeys)
{
	struct ack_group *g;
	long ng = ack_groups_build(keys, nkeys, &g);
	if (ng < 0) {
		log_warnx("out of memory building acks; edges will send again");
		return;
	}
	for (long i = 0; i < ng; i++) {
		char topic[256];
		snprintf(topic, sizeof topic, "%s/%s/%s/ack", r->cfg.mqtt.topic_root, g[i].key->site,
		         g[i].key->edge);
		char *p = payload_ack_encode(g[i].key->epoch, g[i].ranges, g[i].n);
		if (p && mqtt_publish(r->links[g[i].key->broker].mqtt, topic, p, strlen(p), false) == 0)
			r->acks++;
		else
			r->ack_fail++;   /* the edge's resend timer covers it; the DB absorbs the repeat */
		free(p);
	}
	ack_groups_free(g, ng);
}

/* Decodes, records (retrying until the database takes it or we are told to stop), acks. */
static void record(struct recorder *r, struct msg *list, size_t n, int sigfd, bool *stop)
{
	struct tap_msg *taps = calloc(n, sizeof *taps);
	int64_t *recv = calloc(n, sizeof *recv);
	struct db_rejected *rej = calloc(n, sizeof *rej);
	char (*reasons)[160] = calloc(n, sizeof *reasons);
	struct ack_key *keys = calloc(n, sizeof *keys);
	size_t nt = 0, nr = 0, nk = 0;
	if (!taps || !recv || !rej || !reasons || !keys) {
		log_warnx("out of memory for a batch of %zu; edges will send again", n);
		goto out;
	}
	for (struct msg *m = list; m; m = m->next) {
		if (payload_tap_decode(r->cfg.mqtt.topic_root, m->topic, m->payload, m->len, &taps[nt],
		                       reasons[nr], sizeof reasons[nr]) == 0) {
			struct ack_key *k = &keys[nk++];
			k->broker = m->broker;
			snprintf(k->site, sizeof k->site, "%s", taps[nt].site);
			snprintf(k->edge, sizeof k->edge, "%s", taps[nt].edge);
			snprintf(k->epoch, sizeof k->epoch, "%s", taps[nt].tap.epoch);
			k->seq = taps[nt].tap.seq;
			recv[nt++] = m->received_us;
			continue;
		}
		log_warnx("rejected payload on %s: %s (kept in attend.rejected_payload)", m->topic, reasons[nr]);
		rej[nr] = (struct db_rejected){ m->topic, m->payload, m->len, reasons[nr], m->received_us };
		/* Kept aside is kept: if we can tell which tap it was, ack it so it leaves the journal. */
		struct ack_key *k = &keys[nk];
		k->broker = m->broker;
		if (payload_tap_key(r->cfg.mqtt.topic_root, m->topic, m->payload, m->len, k->site, k->edge,
		                    k->epoch, &k->seq) == 0)
			nk++;
		nr++;
	}
	int64_t backoff_ms = 250;
	for (;;) {
		char err[512];
		uint64_t ins = 0;
		if (db_record_batch(r->db, taps, recv, nt, rej, nr, &ins, err, sizeof err) == 0) {
			if (r->db_failures) {
				log_info("database is back after %" PRIu64 " failed attempt(s)", r->db_failures);
				r->db_failures = 0;
			}
			r->received += nt;
			r->inserted += ins;
			r->repeats += nt - ins;
			r->rejected += nr;
			publish_acks(r, keys, nk);
			break;
		}
		if (r->db_failures++ % 20 == 0)
			log_warnx("%s; retrying (no acks are sent until it commits)", err);
		notify_status("database unavailable: %s", err);
		/* Wait, but wake for a signal. */
		struct pollfd p = { .fd = sigfd, .events = POLLIN };
		if (poll(&p, 1, (int)backoff_ms) > 0) {
			struct signalfd_siginfo si;
			while (read(sigfd, &si, sizeof si) == sizeof si)
				if (si.ssi_signo != SIGHUP)
					*stop = true;
		}
		if (*stop)
			break;   /* not acknowledged: the edges will send these again */
		if (backoff_ms < 5000)
			backoff_ms *= 2;
	}
out:
	free(taps);
	free(recv);
	free(rej);
	free(reasons);
	free(keys);
}

/* The metrics file, when configured: written with the database or the broker away too. */
static void write_metrics(struct recorder *r, struct evaluator *ev, bool *failing)
{
	struct evaluator_metrics em;
	evaluator_metrics_get(ev, &em);
	struct recorder_metrics m = {
		.received = r->received, .inserted = r->inserted, .repeats = r->repeats,
		.rejected = r->rejected, .acks = r->acks, .ack_fail = r->ack_fail,
		.db_failures = r->db_failures, .queue_max = (uint64_t)r->cfg.queue_max,
		.brokers = (unsigned)r->nlinks, .evaluator = ev ? &em : NULL,
	};
	for (size_t i = 0; i < r->nlinks; i++)
		m.brokers_connected += mqtt_connected(r->links[i].mqtt);
	m.broker_connected = m.brokers_connected == m.brokers;
	pthread_mutex_lock(&r->lock);
	m.queued = r->queued;
	m.overflow = r->overflow;
	pthread_mutex_unlock(&r->lock);
	char err[512];
	int rc = recorder_metrics_write(r->cfg.metrics_file, &m, err, sizeof err);
	if (rc != 0 && !*failing)   /* said once, until it works again */
		log_warnx("%s", err);
	*failing = rc != 0;
}

static void loop(struct recorder *r, struct evaluator *ev, int sigfd)
{
	int64_t last_metrics = 0;
	bool metrics_failing = false;
	bool stop = false;
	int64_t last_report = now_monotonic_ms();
	uint64_t reported = 0;
	while (!stop) {
		struct signalfd_siginfo si;
		while (read(sigfd, &si, sizeof si) == sizeof si) {
			if (si.ssi_signo == SIGHUP)
				log_info("SIGHUP: the recorder has nothing to reload; restart it to change settings");
			else
				stop = true;
		}
		if (stop)
			break;
		size_t n;
		struct msg *batch = take_batch(r, &n);
		if (batch) {
			record(r, batch, n, sigfd, &stop);
			msg_free(batch);
		}
		if (!stop)
			store_statuses(r);
		int64_t now = now_monotonic_ms();
		if (r->cfg.metrics_file && now - last_metrics >= r->cfg.metrics_interval_s * 1000) {
			last_metrics = now;
			write_metrics(r, ev, &metrics_failing);
		}
		if (now - last_report >= 10000 && r->received + r->rejected != reported) {
			reported = r->received + r->rejected;
			last_report = now;
			log_info("%" PRIu64 " taps received, %" PRIu64 " new, %" PRIu64 " repeats, %" PRIu64
			         " rejected, %" PRIu64 " acks sent", r->received, r->inserted, r->repeats,
			         r->rejected, r->acks);
			notify_status("%" PRIu64 " taps recorded, %" PRIu64 " rejected", r->inserted, r->rejected);
		}
	}
}

int recorder_run(struct recorder_config *cfg)
{
	struct recorder *r = calloc(1, sizeof *r);
	if (!r) {
		log_warnx("out of memory");
		recorder_config_free(cfg);
		return 1;
	}
	r->cfg = *cfg;
	memset(cfg, 0, sizeof *cfg);
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	r->tail = &r->head;
	snprintf(r->sub_topic, sizeof r->sub_topic, "$share/%s/%s/+/+/tap", r->cfg.share_group,
	         r->cfg.mqtt.topic_root);
	snprintf(r->status_topic, sizeof r->status_topic, "%s/+/+/status", r->cfg.mqtt.topic_root);

	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	/* Blocked before any thread starts, so signals arrive only on the signalfd. */
	pthread_sigmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	int rc = 1;
	struct evaluator *ev = NULL;   /* day results: its own thread and connection */
	char err[512];
	int sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sigfd < 0) {
		log_warn("signalfd");
		goto out;
	}
	int e = db_new(&r->db, r->cfg.conninfo, r->cfg.id);
	if (e != 0) {
		log_warnx("database: %s", strerror(-e));
		goto out;
	}
	char client_id[160];
	snprintf(client_id, sizeof client_id, "attend-recorder-%s", r->cfg.id);
	for (size_t i = 0; i < r->cfg.mqtt.nbrokers; i++) {
		struct link *l = &r->links[i];
		*l = (struct link){ .r = r, .broker = (unsigned)i };
		struct mqtt_callbacks cb = { .connected = on_connected, .down = on_down,
		                             .message = on_message, .refused = on_refused, .user = l };
		if (mqtt_new(&l->mqtt, &r->cfg.mqtt, client_id, &cb, NULL, NULL, err, sizeof err) != 0) {
			log_warnx("%s", err);
			goto out;
		}
		r->nlinks++;
		mqtt_use_broker(l->mqtt, i);
		if (mqtt_start(l->mqtt, err, sizeof err) != 0) {
			log_warnx("%s", err);
			goto out;
		}
	}
	if (r->cfg.evaluator.enabled &&
	    evaluator_start(&ev, &r->cfg.evaluator, r->cfg.id, NULL, err, sizeof err) != 0) {
		log_warnx("%s", err);
		goto out;
	}
	if (clock_test_now())
		log_warnx("business time stands at %s (%s): for tests only", clock_test_now(), CLOCK_TEST_ENV);
	notify_ready();
	log_info("recorder %s ready: %s, batches of up to %ld", r->cfg.id, r->sub_topic, r->cfg.batch_max);
	loop(r, ev, sigfd);
	notify_stopping();
	log_info("stopping: %" PRIu64 " taps received, %" PRIu64 " new, %" PRIu64 " repeats, %" PRIu64
	         " rejected, %" PRIu64 " acks sent", r->received, r->inserted, r->repeats, r->rejected, r->acks);
	rc = 0;
out:
	evaluator_stop(ev);
	for (size_t i = 0; i < r->nlinks; i++)
		mqtt_free(r->links[i].mqtt);   /* its thread stops here: nothing queues after this */
	msg_free(r->head);
	msg_free(r->statuses);
	db_free(r->db);
	recorder_config_free(&r->cfg);
	if (sigfd >= 0)
		close(sigfd);
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
	free(r);
	return rc;
}
