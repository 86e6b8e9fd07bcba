#include "edge/edge.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "edge/badge_cache.h"
#include "edge/debounce.h"
#include "edge/journal.h"
#include "lib/log.h"
#include "lib/mqtt.h"
#include "lib/notify.h"
#include "edge/outbox.h"
#include "lib/payload.h"
#include "lib/timeutil.h"

#define BATCH_MAX 256          /* taps read before one journal append (group commit) */
#define TICK_MS 1000

struct ack_node {
	struct ack_msg ack;
	struct ack_node *next;
};

struct edge {
	const char *config_path;
	struct edge_config cfg;
	struct journal *journal;
	struct outbox *outbox;
	struct debounce *debounce;
	struct badge_cache *badges;
	struct mqtt *mqtt;
	int sigfd, wakefd;
	char topic_tap[256], topic_ack[256], topic_status[256], topic_feedback[256];

	/* written by the MQTT thread */
	pthread_mutex_t lock;
	struct ack_node *acks, **acks_tail;
	atomic_bool link_changed;

	/* counters, shown in the status topic */
	uint64_t accepted, unknown, refused, repeats, acked, bad_acks;
	bool journal_full;
	int64_t last_tick_ms, last_status_ms;
	int64_t started_us;      /* a reader that never tapped is silent counted from here */
	enum reader_state *reader_states;
	bool *more;              /* take_taps: readers that may still hold taps */
	bool *reader_silent;
};

static void wake(struct edge *e)
{
	uint64_t one = 1;
	if (write(e->wakefd, &one, sizeof one) < 0) {
		/* the counter is saturated: the loop is awake anyway */
	}
}

static void on_connected(void *u)
{
	struct edge *e = u;
	mqtt_subscribe(e->mqtt, e->topic_ack);
	atomic_store(&e->link_changed, true);
	wake(e);
}

static void on_disconnected(void *u, int reason)
{
	(void)reason;
	struct edge *e = u;
	atomic_store(&e->link_changed, true);
	wake(e);
}

static void on_message(void *u, const char *topic, const void *payload, int len)
{
	struct edge *e = u;
	if (strcmp(topic, e->topic_ack) != 0)
		return;
	struct ack_node *n = calloc(1, sizeof *n);
	char reason[200];
	if (!n)
		return;   /* the ack will be missed; its taps are re-sent and acked again */
	if (payload_ack_decode(payload, (size_t)len, &n->ack, reason, sizeof reason) != 0) {
		log_warnx("ack on %s ignored: %s", topic, reason);
		free(n);
		pthread_mutex_lock(&e->lock);
		e->bad_acks++;
		pthread_mutex_unlock(&e->lock);
		return;
	}
	pthread_mutex_lock(&e->lock);
	*e->acks_tail = n;
	e->acks_tail = &n->next;
	pthread_mutex_unlock(&e->lock);
	wake(e);
}

static int send_tap(void *u, const struct tap *t)
{
	struct edge *e = u;
	char *p = payload_tap_encode(e->cfg.edge_id, e->cfg.site, t, now_realtime_us());
	if (!p)
		return -ENOMEM;
	int rc = mqtt_publish(e->mqtt, e->topic_tap, p, strlen(p), false);
	free(p);
	return rc;
}

static void publish_status(struct edge *e, const char *state)
{
	bool final = strcmp(state, "stopped") == 0;
	char at[40];
	struct json_object *o = json_object_new_object(), *j = json_object_new_object(),
	                   *taps = json_object_new_object(), *rs = json_object_new_array();
	json_object_object_add(o, "v", json_object_new_int(PAYLOAD_VERSION));
	json_object_object_add(o, "edge", json_object_new_string(e->cfg.edge_id));
	json_object_object_add(o, "site", json_object_new_string(e->cfg.site));
	json_object_object_add(o, "state", json_object_new_string(state));
	json_object_object_add(o, "at", json_object_new_string(rfc3339_utc(at, sizeof at, now_realtime_us())));
	json_object_object_add(j, "epoch", json_object_new_string(journal_epoch(e->journal)));
	json_object_object_add(j, "next_seq", json_object_new_int64((int64_t)journal_next_seq(e->journal)));
	json_object_object_add(j, "pending", json_object_new_int64((int64_t)outbox_pending(e->outbox)));
	json_object_object_add(j, "capacity", json_object_new_int64((int64_t)journal_capacity(e->journal)));
	json_object_object_add(j, "full", json_object_new_boolean(e->journal_full));
	json_object_object_add(o, "journal", j);
	json_object_object_add(taps, "accepted", json_object_new_int64((int64_t)e->accepted));
	json_object_object_add(taps, "unknown", json_object_new_int64((int64_t)e->unknown));
	json_object_object_add(taps, "repeats", json_object_new_int64((int64_t)e->repeats));
	json_object_object_add(taps, "refused", json_object_new_int64((int64_t)e->refused));
	json_object_object_add(taps, "acked", json_object_new_int64((int64_t)e->acked));
	json_object_object_add(o, "taps", taps);
	for (size_t i = 0; i < e->cfg.nreaders; i++) {
		struct reader *r = e->cfg.readers[i];
		enum reader_state s;
		char reason[READER_REASON_MAX];
		int64_t last;
		uint64_t n;
		reader_get_state(r, &s, reason, sizeof reason, &last, &n);
		struct json_object *ro = json_object_new_object();
		json_object_object_add(ro, "id", json_object_new_string(r->id));
		json_object_object_add(ro, "driver", json_object_new_string(r->driver->name));
		json_object_object_add(ro, "direction", json_object_new_string(reader_direction_name(r->direction)));
		json_object_object_add(ro, "state", json_object_new_string(reader_state_name(s)));
		if (reason[0])
			json_object_object_add(ro, "reason", json_object_new_string(reason));
		json_object_object_add(ro, "taps", json_object_new_int64((int64_t)n));
		json_object_object_add(ro, "last_tap", last ? json_object_new_string(rfc3339_utc(at, sizeof at, last)) : NULL);
		json_object_object_add(ro, "silent", json_object_new_boolean(e->reader_silent[i]));
		json_object_array_add(rs, ro);
	}
	json_object_object_add(o, "readers", rs);
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	if (final)
		mqtt_publish_wait(e->mqtt, e->topic_status, s, strlen(s), true, 2000);
	else
		mqtt_publish(e->mqtt, e->topic_status, s, strlen(s), true);
	json_object_put(o);
	e->last_status_ms = now_monotonic_ms();
	notify_status("%" PRIu64 " taps accepted, %" PRIu64 " awaiting ack, journal %s, broker %s",
	              e->accepted + e->unknown, outbox_pending(e->outbox),
	              e->journal_full ? "FULL" : "ok", mqtt_connected(e->mqtt) ? "connected" : "away");
}

/* The answer at the door: the reader's own indicator, and the feedback topic for a display
 * (QoS 0: it never waits on the network, and a display that misses one shows the next). */
static void answer(struct edge *e, struct reader *r, const struct tap *t, enum feedback_outcome o,
                   const char *detail)
{
	reader_feedback(r, o, detail);
	if (!mqtt_connected(e->mqtt))
		return;
	char at[40];
	struct json_object *j = json_object_new_object();
	json_object_object_add(j, "v", json_object_new_int(PAYLOAD_VERSION));
	json_object_object_add(j, "reader", json_object_new_string(r->id));
	json_object_object_add(j, "uid", json_object_new_string(t->uid));
	json_object_object_add(j, "outcome", json_object_new_string(feedback_outcome_name(o)));
	if (o == FEEDBACK_ACCEPTED && detail)
		json_object_object_add(j, "name", json_object_new_string(detail));
	json_object_object_add(j, "at", json_object_new_string(rfc3339_utc(at, sizeof at, t->at_us)));
	const char *s = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN);
	mqtt_publish_event(e->mqtt, e->topic_feedback, s, strlen(s));
	json_object_put(j);
}

/* Refused, not journaled: the person must hear no (tap again later, or see HR). */
static void refuse(struct edge *e, struct tap *taps, struct reader **from, size_t n, int rc)
{
	e->refused += n;
	bool was_full = e->journal_full;
	e->journal_full = rc == -ENOSPC;
	for (size_t i = 0; i < n; i++)
		answer(e, from[i], &taps[i], FEEDBACK_REFUSED, taps[i].uid);
	log_warnx("REFUSED %zu tap(s): journal %s (%" PRIu64 " awaiting ack of %" PRIu64 ")", n,
	          rc == -ENOSPC ? "full or disk full" : strerror(-rc), outbox_pending(e->outbox),
	          journal_capacity(e->journal));
	if (!was_full)
		publish_status(e, "online");
}

/* Journals a batch in one append, then answers each person.  Batching only saves syncs: when
 * the journal is nearly full, the taps that fit are taken and only the rest refused. */
static void journal_batch(struct edge *e, struct tap *batch, struct reader **from, size_t n)
{
	size_t fit = n < journal_room(e->journal) ? n : (size_t)journal_room(e->journal);
	int rc = fit ? journal_append(e->journal, batch, fit) : -ENOSPC;
	if (rc != 0) {
		refuse(e, batch, from, n, rc);
		return;
	}
	if (e->journal_full && fit == n) {
		e->journal_full = false;
		log_info("journal has room again");
	}
	for (size_t i = 0; i < fit; i++) {
		const char *who = badge_cache_lookup(e->badges, batch[i].uid);
		bool dup = batch[i].flags & TAP_FLAG_DUPLICATE;
		if (dup)
			e->repeats++;
		if (who) {
			e->accepted++;
			answer(e, from[i], &batch[i], FEEDBACK_ACCEPTED, who);
		} else {
			e->unknown++;
			answer(e, from[i], &batch[i], FEEDBACK_UNKNOWN, batch[i].uid);
		}
		log_debug("tap seq=%" PRIu64 " reader=%s uid=%s %s%s", batch[i].seq, batch[i].reader,
		          batch[i].uid, who ? who : "UNKNOWN BADGE", dup ? " (repeat)" : "");
	}
	if (fit < n)
		refuse(e, batch + fit, from + fit, n - fit, -ENOSPC);
}

/* Reads every reader that polled ready until it has nothing more (a driver may hold several
 * taps in its own buffer, which poll() cannot see), in batches of one journal append each. */
static void take_taps(struct edge *e, const struct pollfd *pfd)
{
	struct tap batch[BATCH_MAX];
	struct reader *from[BATCH_MAX];
	bool *more = e->more;
	size_t active = 0;
	for (size_t i = 0; i < e->cfg.nreaders; i++) {
		more[i] = pfd[i].revents & (POLLIN | POLLHUP | POLLERR);
		active += more[i];
	}
	while (active) {
		size_t n = 0;
		for (size_t i = 0; i < e->cfg.nreaders && n < BATCH_MAX; i++) {
			struct reader *r = e->cfg.readers[i];
			while (more[i] && n < BATCH_MAX) {
				struct reader_tap rt;
				memset(&rt, 0, sizeof rt);
				int rc = reader_read(r, &rt);
				if (rc <= 0) {
					if (rc < 0)
						log_warnx("reader %s: %s", r->id, strerror(-rc));
					more[i] = false;
					active--;
					break;
				}
				struct tap *t = &batch[n];
				memset(t, 0, sizeof *t);
				t->at_us = rt.at_us;
				snprintf(t->uid, sizeof t->uid, "%s", rt.uid);
				snprintf(t->reader, sizeof t->reader, "%s", r->id);
				t->direction = r->direction;
				if (badge_cache_lookup(e->badges, t->uid))
					t->flags |= TAP_FLAG_KNOWN;
				if (debounce_is_repeat(e->debounce, t->uid, t->at_us))
					t->flags |= TAP_FLAG_DUPLICATE;
				from[n++] = r;
			}
		}
		if (n)
			journal_batch(e, batch, from, n);
	}
}

static void take_acks(struct edge *e)
{
	pthread_mutex_lock(&e->lock);
	struct ack_node *list = e->acks;
	e->acks = NULL;
	e->acks_tail = &e->acks;
	pthread_mutex_unlock(&e->lock);
	while (list) {
		struct ack_node *n = list;
		list = n->next;
		for (size_t i = 0; i < n->ack.n; i++)
			e->acked += outbox_ack(e->outbox, n->ack.epoch, n->ack.ranges[i].from, n->ack.ranges[i].to);
		free(n->ack.ranges);
		free(n);
	}
}

static void check_readers(struct edge *e)
{
	int64_t now = now_realtime_us();
	for (size_t i = 0; i < e->cfg.nreaders; i++) {
		struct reader *r = e->cfg.readers[i];
		enum reader_state s;
		char reason[READER_REASON_MAX];
		int64_t last;
		reader_get_state(r, &s, reason, sizeof reason, &last, NULL);
		if (s != e->reader_states[i]) {
			if (s == READER_ERROR)
				log_warnx("reader %s: %s%s%s", r->id, reader_state_name(s), reason[0] ? ": " : "", reason);
			else
				log_info("reader %s: %s%s%s", r->id, reader_state_name(s), reason[0] ? ": " : "", reason);
			e->reader_states[i] = s;
			publish_status(e, "online");
		}
		int64_t since = last > e->started_us ? last : e->started_us;
		bool silent = e->cfg.reader_silent_s > 0 && s == READER_ONLINE &&
		              now - since > e->cfg.reader_silent_s * 1000000;
		if (silent != e->reader_silent[i]) {
			e->reader_silent[i] = silent;
			if (silent)
				log_warnx("reader %s: no tap for more than %lds", r->id, e->cfg.reader_silent_s);
			publish_status(e, "online");
		}
	}
}

static void reload(struct edge *e)
{
	struct edge_config nc;
	char err[512];
	notify_reloading();
	if (edge_config_load(&nc, e->config_path, err, sizeof err) != 0) {
		log_warnx("reload: %s; keeping the running configuration", err);
		notify_ready();
		return;
	}
	struct badge_cache *b;
	if (badge_cache_load(&b, nc.badge_cache, err, sizeof err) == 0) {
		badge_cache_free(e->badges);
		e->badges = b;
	} else {
		log_warnx("reload: %s; keeping the previous badge cache", err);
	}
	debounce_set_window(e->debounce, nc.debounce_ms);
	log_set_verbose(nc.verbose);
	e->cfg.debounce_ms = nc.debounce_ms;
	e->cfg.status_interval_s = nc.status_interval_s;
	e->cfg.reader_silent_s = nc.reader_silent_s;
	e->cfg.verbose = nc.verbose;
	free(e->cfg.badge_cache);
	e->cfg.badge_cache = nc.badge_cache;
	nc.badge_cache = NULL;
	if (strcmp(nc.edge_id, e->cfg.edge_id) || strcmp(nc.site, e->cfg.site) ||
	    strcmp(nc.journal_dir, e->cfg.journal_dir) || nc.nreaders != e->cfg.nreaders ||
	    strcmp(nc.mqtt.host, e->cfg.mqtt.host) || nc.mqtt.port != e->cfg.mqtt.port)
		log_warnx("reload: identity, journal, broker or reader changes need a restart");
	edge_config_free(&nc);
	log_info("reloaded: %zu badges in cache, debounce %ldms", badge_cache_size(e->badges),
	         e->cfg.debounce_ms);
	notify_ready();
}

static int setup(struct edge *e)
{
	char err[512];
	struct journal_recovery rec;
	int rc = journal_open(&e->journal, e->cfg.journal_dir, (uint64_t)e->cfg.journal_capacity,
	                      (uint64_t)e->cfg.journal_segment, &rec, err, sizeof err);
	if (rc < 0) {
		log_warnx("%s", err);
		return -1;
	}
	log_info("journal %s: epoch %s%s, %" PRIu64 " tap(s) awaiting ack, next seq %" PRIu64
	         "%s", e->cfg.journal_dir, journal_epoch(e->journal), rec.new_epoch ? " (new)" : "",
	         rec.records, journal_next_seq(e->journal), rec.torn_bytes ? ", torn tail cut" : "");
	if (rec.torn_bytes)
		log_warnx("journal: cut a torn tail of %" PRIu64 " bytes (a write interrupted before "
		          "its sync; no one was told it was taken)", rec.torn_bytes);
	if (rec.corrupt)
		log_warnx("journal: %" PRIu64 " damaged record(s) inside older segments could not be "
		          "read and will not be sent; check the disk", rec.corrupt);
	if (outbox_new(&e->outbox, e->journal, (uint64_t)e->cfg.window, e->cfg.resend_after_s * 1000) < 0 ||
	    debounce_new(&e->debounce, e->cfg.debounce_ms) < 0) {
		log_warnx("out of memory");
		return -1;
	}
	if (badge_cache_load(&e->badges, e->cfg.badge_cache, err, sizeof err) != 0) {
		/* The door must work anyway: every badge is then recorded as unknown. */
		log_warnx("%s; starting with an empty badge cache", err);
		badge_cache_load(&e->badges, NULL, err, sizeof err);
	}
	const char *root = e->cfg.mqtt.topic_root;
	snprintf(e->topic_tap, sizeof e->topic_tap, "%s/%s/%s/tap", root, e->cfg.site, e->cfg.edge_id);
	snprintf(e->topic_ack, sizeof e->topic_ack, "%s/%s/%s/ack", root, e->cfg.site, e->cfg.edge_id);
	snprintf(e->topic_status, sizeof e->topic_status, "%s/%s/%s/status", root, e->cfg.site, e->cfg.edge_id);
	snprintf(e->topic_feedback, sizeof e->topic_feedback, "%s/%s/%s/feedback", root, e->cfg.site, e->cfg.edge_id);
	char will[256], client_id[160];
	snprintf(will, sizeof will, "{\"v\":%d,\"edge\":\"%s\",\"site\":\"%s\",\"state\":\"offline\"}",
	         PAYLOAD_VERSION, e->cfg.edge_id, e->cfg.site);
	snprintf(client_id, sizeof client_id, "attendd-%s-%s", e->cfg.site, e->cfg.edge_id);
	struct mqtt_callbacks cb = { on_connected, on_disconnected, on_message, e };
	if (mqtt_new(&e->mqtt, &e->cfg.mqtt, client_id, &cb, e->topic_status, will, err, sizeof err) != 0) {
		log_warnx("%s", err);
		return -1;
	}
	e->reader_states = calloc(e->cfg.nreaders, sizeof *e->reader_states);
	e->reader_silent = calloc(e->cfg.nreaders, sizeof *e->reader_silent);
	e->more = calloc(e->cfg.nreaders, sizeof *e->more);
	if (!e->reader_states || !e->reader_silent || !e->more)
		return -1;
	for (size_t i = 0; i < e->cfg.nreaders; i++) {
		if (reader_open(e->cfg.readers[i], err, sizeof err) != 0) {
			log_warnx("%s", err);
			return -1;
		}
		log_info("reader %s: driver %s, direction %s", e->cfg.readers[i]->id,
		         e->cfg.readers[i]->driver->name, reader_direction_name(e->cfg.readers[i]->direction));
	}
	if (mqtt_start(e->mqtt, err, sizeof err) != 0) {
		log_warnx("%s", err);
		return -1;
	}
	return 0;
}

static void teardown(struct edge *e)
{
	if (e->journal)
		journal_checkpoint(e->journal);
	if (e->mqtt && mqtt_connected(e->mqtt))
		publish_status(e, "stopped");
	mqtt_free(e->mqtt);
	outbox_free(e->outbox);
	journal_close(e->journal);
	debounce_free(e->debounce);
	badge_cache_free(e->badges);
	free(e->reader_states);
	free(e->reader_silent);
	free(e->more);
	while (e->acks) {
		struct ack_node *n = e->acks;
		e->acks = n->next;
		free(n->ack.ranges);
		free(n);
	}
	edge_config_free(&e->cfg);
	if (e->sigfd >= 0)
		close(e->sigfd);
	if (e->wakefd >= 0)
		close(e->wakefd);
	pthread_mutex_destroy(&e->lock);
}

int edge_run(const char *config_path, struct edge_config *cfg)
{
	struct edge e = { .config_path = config_path, .cfg = *cfg, .sigfd = -1, .wakefd = -1 };
	memset(cfg, 0, sizeof *cfg);
	pthread_mutex_init(&e.lock, NULL);
	e.acks_tail = &e.acks;

	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	/* Blocked before any thread starts, so every thread inherits the mask and the signals
	 * arrive only on the signalfd. */
	pthread_sigmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	e.sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	e.wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (e.sigfd < 0 || e.wakefd < 0 || setup(&e) != 0) {
		teardown(&e);
		return 1;
	}
	e.started_us = now_realtime_us();
	notify_ready();
	log_info("attendd %s at site %s ready: %zu reader(s), broker %s:%ld", e.cfg.edge_id, e.cfg.site,
	         e.cfg.nreaders, e.cfg.mqtt.host, e.cfg.mqtt.port);

	size_t npfd = e.cfg.nreaders + 2;
	struct pollfd *pfd = calloc(npfd, sizeof *pfd);
	bool stop = false;
	while (pfd && !stop) {
		for (size_t i = 0; i < e.cfg.nreaders; i++)
			pfd[i] = (struct pollfd){ .fd = reader_fd(e.cfg.readers[i]), .events = POLLIN };
		pfd[npfd - 2] = (struct pollfd){ .fd = e.sigfd, .events = POLLIN };
		pfd[npfd - 1] = (struct pollfd){ .fd = e.wakefd, .events = POLLIN };
		int64_t now = now_monotonic_ms(), wake_at = e.last_tick_ms + TICK_MS;
		for (size_t i = 0; i < e.cfg.nreaders; i++) {   /* feedback pulses end on time */
			int64_t d = reader_deadline(e.cfg.readers[i]);
			if (d >= 0 && d < wake_at)
				wake_at = d;
		}
		int timeout = (int)(wake_at - now);
		if (timeout < 0)
			timeout = 0;
		if (poll(pfd, npfd, timeout) < 0 && errno != EINTR) {
			log_warn("poll");
			break;
		}
		if (pfd[npfd - 2].revents & POLLIN) {
			struct signalfd_siginfo si;
			while (read(e.sigfd, &si, sizeof si) == sizeof si) {
				if (si.ssi_signo == SIGHUP)
					reload(&e);
				else
					stop = true;
			}
		}
		if (pfd[npfd - 1].revents & POLLIN) {
			uint64_t v;
			if (read(e.wakefd, &v, sizeof v) < 0) {
				/* nothing to read: another wake consumed it */
			}
		}
		if (atomic_exchange(&e.link_changed, false)) {
			outbox_reset(e.outbox);
			if (mqtt_connected(e.mqtt))
				publish_status(&e, "online");
		}
		take_acks(&e);
		take_taps(&e, pfd);
		now = now_monotonic_ms();
		for (size_t i = 0; i < e.cfg.nreaders; i++)
			reader_tick(e.cfg.readers[i], now);
		if (mqtt_connected(e.mqtt))
			outbox_pump(e.outbox, now, send_tap, &e);
		if (now - e.last_tick_ms >= TICK_MS) {
			e.last_tick_ms = now;
			if (mqtt_connected(e.mqtt))
				outbox_resend_overdue(e.outbox, now, send_tap, &e);
			int rc = journal_checkpoint(e.journal);
			if (rc < 0)
				log_warnx("journal checkpoint: %s", strerror(-rc));
			check_readers(&e);
			if (mqtt_connected(e.mqtt) && now - e.last_status_ms >= e.cfg.status_interval_s * 1000)
				publish_status(&e, "online");
		}
	}
	free(pfd);
	notify_stopping();
	log_info("stopping: %" PRIu64 " tap(s) accepted, %" PRIu64 " refused, %" PRIu64
	         " awaiting ack (kept in the journal)", e.accepted + e.unknown, e.refused,
	         outbox_pending(e.outbox));
	teardown(&e);
	return 0;
}
