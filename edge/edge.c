#include "edge/edge.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "edge/badge_cache.h"
#include "edge/badge_reload.h"
#include "edge/debounce.h"
#include "edge/edge_metrics.h"
#include "edge/journal.h"
#include "edge/journal_lock.h"
#include "lib/log.h"
#include "lib/mqtt.h"
#include "lib/notify.h"
#include "edge/outbox.h"
#include "lib/payload.h"
#include "lib/timeutil.h"
#include "lib/version.h"

#define BATCH_MAX 256          /* taps read before one journal append (group commit) */
#define TICK_MS 1000

struct edge {
	const char *config_path;
	struct edge_config cfg;
	bool cli_verbose;        /* -v: a reload keeps it whatever the file says */
	struct journal *journal;
	int journal_lock_fd;     /* held while we run: one journal, one writer */
	struct outbox *outbox;
	struct debounce *debounce;
	struct badge_cache *badges;   /* looked up on this thread only: a reload swaps it here */
	struct badge_reload *badge_reload;
	struct mqtt *mqtt;       /* driven by the loop below: its callbacks run on this thread */
	int sigfd;
	char topic_tap[256], topic_ack[256], topic_status[256], topic_feedback[256];
	bool link_changed;

	/* counters, shown in the status topic */
	uint64_t accepted, unknown, refused, repeats, acked, bad_acks;
	bool journal_full;
	int64_t last_tick_ms, last_status_ms, last_metrics_ms;
	bool metrics_failing;
	int64_t started_us;      /* a reader that never tapped is silent counted from here */
	enum reader_state *reader_states;
	uint64_t *reader_dropped; /* the drops already logged */
	bool *more;              /* take_taps: readers that may still hold taps */
	bool *reader_silent;
};

static void on_connected(void *u)
{
	struct edge *e = u;
	char err[300], name[300];
	mqtt_broker_name(e->mqtt, name, sizeof name);
	log_info("mqtt: connected to %s", name);
	if (mqtt_subscribe(e->mqtt, e->topic_ack, err, sizeof err) != 0)
		log_warnx("mqtt: %s; taps stay in the journal until a reconnect subscribes", err);
	e->link_changed = true;
}

static void on_down(void *u, enum mqtt_down kind, const char *why, bool repeat)
{
	struct edge *e = u;
	char line[400];
	if (!repeat) {
		mqtt_describe_down(e->mqtt, kind, why, line, sizeof line);
		log_warnx("%s", line);
	}
	e->link_changed = true;
}

/* A tap the broker refuses is not released: only the recorder's ack releases a tap, so it stays
 * in the journal and is sent again after resend_after -- and refused again until the broker's
 * ACL lets this edge publish there.  Logged, once a minute while it lasts. */
static void on_refused(void *u, const char *topic, const char *reason, bool repeat)
{
	struct edge *e = u;
	if (repeat)
		return;
	char name[300];
	mqtt_broker_name(e->mqtt, name, sizeof name);
	if (strcmp(topic, e->topic_tap) == 0)
		log_warnx("mqtt: the broker %s refused a tap on %s: %s; taps stay in the journal "
		          "and are sent again (check the broker's ACL for this edge)", name, topic, reason);
	else
		log_warnx("mqtt: the broker %s refused the message on %s: %s (check the broker's "
		          "ACL for this edge)", name, topic, reason);
}

/* The last will of the connection about to be made: a monitor that sees "offline" also sees
 * since when that connection was up and which attendd it was (docs/wire.md). */
static char *will_now(const struct edge *e)
{
	return payload_will_encode(e->cfg.edge_id, e->cfg.site, now_realtime_us(), ATTEND_VERSION);
}

static char *on_will(void *u)
{
	return will_now(u);
}

static void on_message(void *u, const char *topic, const void *payload, int len)
{
	struct edge *e = u;
	if (strcmp(topic, e->topic_ack) != 0)
		return;
	struct ack_msg ack;
	char reason[200];
	if (payload_ack_decode(payload, (size_t)len, &ack, reason, sizeof reason) != 0) {
		e->bad_acks++;
		log_warnx("ack on %s ignored (%" PRIu64 " so far, in the status): %s", topic,
		          e->bad_acks, reason);
		return;
	}
	for (size_t i = 0; i < ack.n; i++)
		e->acked += outbox_ack(e->outbox, ack.epoch, ack.ranges[i].from, ack.ranges[i].to);
	free(ack.ranges);
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

/* What the status topic and the metrics say, from the same numbers.  0, or -1 (out of memory,
 * logged); m->readers is then to be freed. */
static int fill_status(struct edge *e, enum edge_state state, struct status_msg *m_out)
{
	struct status_msg m;
	memset(&m, 0, sizeof m);
	snprintf(m.edge, sizeof m.edge, "%s", e->cfg.edge_id);
	snprintf(m.site, sizeof m.site, "%s", e->cfg.site);
	m.state = state;
	m.detail = true;
	m.at_us = now_realtime_us();
	snprintf(m.journal.epoch, sizeof m.journal.epoch, "%s", journal_epoch(e->journal));
	m.journal.next_seq = journal_next_seq(e->journal);
	m.journal.pending = outbox_pending(e->outbox);
	m.journal.capacity = journal_capacity(e->journal);
	m.journal.full = e->journal_full;
	m.taps.accepted = e->accepted;
	m.taps.unknown = e->unknown;
	m.taps.repeats = e->repeats;
	m.taps.refused = e->refused;
	m.taps.acked = e->acked;
	m.bad_acks = e->bad_acks;
	struct status_reader *rs = calloc(e->cfg.nreaders ? e->cfg.nreaders : 1, sizeof *rs);
	if (!rs) {
		log_warnx("out of memory for the status");
		return -1;
	}
	m.readers = rs;
	m.nreaders = e->cfg.nreaders;
	for (size_t i = 0; i < e->cfg.nreaders; i++) {
		struct reader *r = e->cfg.readers[i];
		struct reader_status st;
		reader_status(r, &st);
		struct status_reader *o = &rs[i];
		snprintf(o->id, sizeof o->id, "%s", r->id);
		snprintf(o->driver, sizeof o->driver, "%s", r->driver->name);
		o->direction = r->direction;
		snprintf(o->state, sizeof o->state, "%s", reader_state_name(st.state));
		snprintf(o->reason, sizeof o->reason, "%s", st.reason);
		o->taps = st.taps;
		o->last_tap_us = st.last_tap_us;
		o->silent = e->reader_silent[i];
		o->dropped = st.dropped;
		o->answers_not_shown = st.answers_not_shown;
	}
	*m_out = m;
	return 0;
}

static void publish_status(struct edge *e, enum edge_state state)
{
	struct status_msg m;
	if (fill_status(e, state, &m) != 0)
		return;
	char *s = payload_status_encode(&m);
	free(m.readers);
	if (s && state == EDGE_STOPPED)
		mqtt_publish_wait(e->mqtt, e->topic_status, s, strlen(s), true, 2000, NULL, 0);   /* a refusal: on_refused */
	else if (s)
		mqtt_publish(e->mqtt, e->topic_status, s, strlen(s), true);
	free(s);
	e->last_status_ms = now_monotonic_ms();
	notify_status("%" PRIu64 " taps accepted, %" PRIu64 " awaiting ack, journal %s, broker %s",
	              e->accepted + e->unknown, outbox_pending(e->outbox),
	              e->journal_full ? "FULL" : "ok", mqtt_connected(e->mqtt) ? "connected" : "away");
}

/* The metrics file, when configured: written whether or not the broker is there (an edge cut
 * off from it is exactly when an operator needs its numbers). */
static void write_metrics(struct edge *e)
{
	if (!e->cfg.metrics_file)
		return;
	struct status_msg m;
	if (fill_status(e, EDGE_ONLINE, &m) != 0)
		return;
	/* the age of the oldest tap still waiting for the recorder's ack */
	double lag_s = 0;
	const struct tap *oldest = m.journal.pending ? journal_get(e->journal, journal_first_seq(e->journal)) : NULL;
	if (oldest && m.at_us > oldest->at_us)
		lag_s = (double)(m.at_us - oldest->at_us) / 1e6;
	char err[512];
	int rc = edge_metrics_write(e->cfg.metrics_file, &m, mqtt_connected(e->mqtt), lag_s, err, sizeof err);
	free(m.readers);
	/* said once, not every interval, until it works again */
	if (rc != 0 && !e->metrics_failing)
		log_warnx("%s", err);
	e->metrics_failing = rc != 0;
}

/* The answer at the door: the reader's own indicator, and the feedback topic for a display
 * (QoS 0: it never waits on the network, and a display that misses one shows the next). */
static void answer(struct edge *e, struct reader *r, const struct tap *t, enum feedback_outcome o,
                   const char *detail)
{
	reader_feedback(r, o, detail);
	if (!mqtt_connected(e->mqtt))
		return;
	char *s = payload_feedback_encode(r->id, t, o, detail);
	if (s)
		mqtt_publish_event(e->mqtt, e->topic_feedback, s, strlen(s));
	free(s);
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
		publish_status(e, EDGE_ONLINE);
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

static void check_readers(struct edge *e)
{
	int64_t now = now_realtime_us();
	for (size_t i = 0; i < e->cfg.nreaders; i++) {
		struct reader *r = e->cfg.readers[i];
		struct reader_status st;
		reader_status(r, &st);
		const char *sep = st.reason[0] ? ": " : "";
		if (st.state != e->reader_states[i]) {
			if (st.state == READER_ERROR)
				log_warnx("reader %s: %s%s%s", r->id, reader_state_name(st.state), sep, st.reason);
			else
				log_info("reader %s: %s%s%s", r->id, reader_state_name(st.state), sep, st.reason);
			e->reader_states[i] = st.state;
			publish_status(e, EDGE_ONLINE);
		}
		if (st.dropped != e->reader_dropped[i]) {
			log_warnx("reader %s: %" PRIu64 " tap(s) lost in the driver (%" PRIu64 " in all): "
			          "the daemon did not read them in time", r->id,
			          st.dropped - e->reader_dropped[i], st.dropped);
			e->reader_dropped[i] = st.dropped;
			publish_status(e, EDGE_ONLINE);
		}
		int64_t since = st.last_tap_us > e->started_us ? st.last_tap_us : e->started_us;
		bool silent = e->cfg.reader_silent_s > 0 && st.state == READER_ONLINE &&
		              now - since > e->cfg.reader_silent_s * 1000000;
		if (silent != e->reader_silent[i]) {
			e->reader_silent[i] = silent;
			if (silent)
				log_warnx("reader %s: no tap for more than %lds", r->id, e->cfg.reader_silent_s);
			publish_status(e, EDGE_ONLINE);
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
	/* The door answers from the running cache while the new one loads (badge_reloaded). */
	int rc = badge_reload_start(e->badge_reload, nc.badge_cache);
	if (rc != 0)
		log_warnx("reload: badge cache %s: %s; keeping the previous badge cache",
		          nc.badge_cache ? nc.badge_cache : "(none)", strerror(-rc));
	debounce_set_window(e->debounce, nc.debounce_ms);
	log_set_verbose(e->cli_verbose || nc.verbose);   /* the file cannot take back a -v */
	e->cfg.debounce_ms = nc.debounce_ms;
	e->cfg.status_interval_s = nc.status_interval_s;
	e->cfg.reader_silent_s = nc.reader_silent_s;
	e->cfg.metrics_interval_s = nc.metrics_interval_s;
	free(e->cfg.metrics_file);
	e->cfg.metrics_file = nc.metrics_file;
	nc.metrics_file = NULL;
	e->cfg.verbose = nc.verbose;
	free(e->cfg.badge_cache);
	e->cfg.badge_cache = nc.badge_cache;
	nc.badge_cache = NULL;
	if (strcmp(nc.edge_id, e->cfg.edge_id) || strcmp(nc.site, e->cfg.site) ||
	    strcmp(nc.journal_dir, e->cfg.journal_dir) || nc.nreaders != e->cfg.nreaders ||
	    strcmp(nc.mqtt.host, e->cfg.mqtt.host) || nc.mqtt.port != e->cfg.mqtt.port)
		log_warnx("reload: identity, journal, broker or reader changes need a restart");
	edge_config_free(&nc);
	if (!badge_reload_busy(e->badge_reload))
		notify_ready();
}

/* A badge cache loaded aside is ready (or failed): swapped in on this thread, the one that
 * looks up, so the old one is freed when no lookup can hold it. */
static void badge_reloaded(struct edge *e)
{
	struct badge_cache *b;
	char err[600];
	int rc = badge_reload_take(e->badge_reload, &b, err, sizeof err);
	if (rc == 0)
		return;
	if (rc > 0) {
		badge_cache_free(e->badges);
		e->badges = b;
		log_info("reloaded: %zu badges in cache, debounce %ldms", badge_cache_size(e->badges),
		         e->cfg.debounce_ms);
	} else {
		log_warnx("reload: %s; keeping the previous badge cache (%zu badges)", err,
		          badge_cache_size(e->badges));
	}
	if (!badge_reload_busy(e->badge_reload))
		notify_ready();
}

static int setup(struct edge *e)
{
	char err[512];
	struct journal_recovery rec;
	/* Before anything reads the journal, opens a reader or talks to the broker: a second
	 * attendd on this journal leaves without a trace (no will, no taps taken from a reader). */
	e->journal_lock_fd = journal_lock(e->cfg.journal_dir, err, sizeof err);
	if (e->journal_lock_fd < 0) {
		log_warnx("%s", err);
		return -1;
	}
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
	if (!e->badges || badge_reload_new(&e->badge_reload) != 0) {
		log_warnx("out of memory");
		return -1;
	}
	const char *root = e->cfg.mqtt.topic_root;
	snprintf(e->topic_tap, sizeof e->topic_tap, "%s/%s/%s/tap", root, e->cfg.site, e->cfg.edge_id);
	snprintf(e->topic_ack, sizeof e->topic_ack, "%s/%s/%s/ack", root, e->cfg.site, e->cfg.edge_id);
	snprintf(e->topic_status, sizeof e->topic_status, "%s/%s/%s/status", root, e->cfg.site, e->cfg.edge_id);
	snprintf(e->topic_feedback, sizeof e->topic_feedback, "%s/%s/%s/feedback", root, e->cfg.site, e->cfg.edge_id);
	char client_id[160];
	snprintf(client_id, sizeof client_id, "attendd-%s-%s", e->cfg.site, e->cfg.edge_id);
	char *will = will_now(e);
	struct mqtt_callbacks cb = { .connected = on_connected, .down = on_down, .message = on_message,
	                             .refused = on_refused, .will = on_will, .user = e };
	if (!will) {
		log_warnx("out of memory");
		return -1;
	}
	rc = mqtt_new(&e->mqtt, &e->cfg.mqtt, client_id, &cb, e->topic_status, will, err, sizeof err);
	free(will);
	if (rc != 0) {
		log_warnx("%s", err);
		return -1;
	}
	e->reader_states = calloc(e->cfg.nreaders, sizeof *e->reader_states);
	e->reader_dropped = calloc(e->cfg.nreaders, sizeof *e->reader_dropped);
	e->reader_silent = calloc(e->cfg.nreaders, sizeof *e->reader_silent);
	e->more = calloc(e->cfg.nreaders, sizeof *e->more);
	if (!e->reader_states || !e->reader_dropped || !e->reader_silent || !e->more) {
		log_warnx("out of memory");
		return -1;
	}
	for (size_t i = 0; i < e->cfg.nreaders; i++) {
		if (reader_open(e->cfg.readers[i], err, sizeof err) != 0) {
			log_warnx("%s", err);
			return -1;
		}
		struct reader *r = e->cfg.readers[i];
		log_info("reader %s: driver %s, direction %s", r->id, r->driver->name,
		         reader_direction_name(r->direction));
		if (!reader_has_indicator(r))
			log_warnx("reader %s: no indicator (driver %s cannot drive one, and no gpio_* line "
			          "is set): the answer reaches the person only through a display on %s",
			          r->id, r->driver->name, e->topic_feedback);
	}
	if (mqtt_start_polled(e->mqtt, err, sizeof err) != 0) {
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
		publish_status(e, EDGE_STOPPED);
	mqtt_free(e->mqtt);
	outbox_free(e->outbox);
	journal_close(e->journal);
	journal_unlock(e->journal_lock_fd);
	debounce_free(e->debounce);
	badge_reload_free(e->badge_reload);
	badge_cache_free(e->badges);
	free(e->reader_states);
	free(e->reader_dropped);
	free(e->reader_silent);
	free(e->more);
	edge_config_free(&e->cfg);
	if (e->sigfd >= 0)
		close(e->sigfd);
}

int edge_run(const char *config_path, struct edge_config *cfg, bool cli_verbose)
{
	struct edge e = { .config_path = config_path, .cfg = *cfg, .cli_verbose = cli_verbose,
	                  .sigfd = -1, .journal_lock_fd = -1 };
	memset(cfg, 0, sizeof *cfg);

	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	/* Blocked before any thread starts (reader drivers, the MQTT connect attempts), so every
	 * thread inherits the mask and the signals arrive only on the signalfd. */
	pthread_sigmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	e.sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (e.sigfd < 0)
		log_warn("signalfd");
	if (e.sigfd < 0 || setup(&e) != 0) {
		teardown(&e);
		return 1;
	}
	e.started_us = now_realtime_us();
	notify_ready();
	log_info("attendd %s at site %s ready: %zu reader(s), broker(s) %s (port %ld unless given)",
	         e.cfg.edge_id, e.cfg.site, e.cfg.nreaders, e.cfg.mqtt.host, e.cfg.mqtt.port);

	/* One loop: the readers, the signals, a badge cache loaded aside and the broker's socket. */
	size_t npfd = e.cfg.nreaders + 3;
	struct pollfd *pfd = calloc(npfd, sizeof *pfd);
	struct pollfd *sigp = &pfd[npfd - 3], *badgep = &pfd[npfd - 2], *mqttp = &pfd[npfd - 1];
	bool stop = false;
	if (!pfd)
		log_warnx("out of memory");
	while (pfd && !stop) {
		for (size_t i = 0; i < e.cfg.nreaders; i++)
			pfd[i] = (struct pollfd){ .fd = reader_fd(e.cfg.readers[i]), .events = POLLIN };
		*sigp = (struct pollfd){ .fd = e.sigfd, .events = POLLIN };
		*badgep = (struct pollfd){ .fd = badge_reload_fd(e.badge_reload), .events = POLLIN };
		int64_t now = now_monotonic_ms(), wake_at = e.last_tick_ms + TICK_MS;
		for (size_t i = 0; i < e.cfg.nreaders; i++) {   /* feedback pulses end on time */
			int64_t d = reader_deadline(e.cfg.readers[i]);
			if (d >= 0 && d < wake_at)
				wake_at = d;
		}
		int timeout = (int)(wake_at - now);
		if (timeout < 0)
			timeout = 0;
		mqtt_poll_prepare(e.mqtt, mqttp, now, &timeout);
		if (poll(pfd, npfd, timeout) < 0 && errno != EINTR) {
			log_warn("poll");
			break;
		}
		if (sigp->revents & POLLIN) {
			struct signalfd_siginfo si;
			while (read(e.sigfd, &si, sizeof si) == sizeof si) {
				if (si.ssi_signo == SIGHUP)
					reload(&e);
				else
					stop = true;
			}
		}
		if (badgep->revents & POLLIN)
			badge_reloaded(&e);
		now = now_monotonic_ms();
		mqtt_poll_handle(e.mqtt, mqttp->revents, now);   /* acks, link up or down */
		if (e.link_changed) {
			e.link_changed = false;
			outbox_reset(e.outbox);
			if (mqtt_connected(e.mqtt))
				publish_status(&e, EDGE_ONLINE);
		}
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
				publish_status(&e, EDGE_ONLINE);
			if (now - e.last_metrics_ms >= e.cfg.metrics_interval_s * 1000) {
				e.last_metrics_ms = now;
				write_metrics(&e);
			}
		}
	}
	free(pfd);
	notify_stopping();
	log_info("stopping: %" PRIu64 " tap(s) accepted, %" PRIu64 " refused, %" PRIu64
	         " awaiting ack (kept in the journal), %" PRIu64 " bad ack(s)", e.accepted + e.unknown,
	         e.refused, outbox_pending(e.outbox), e.bad_acks);
	teardown(&e);
	return 0;
}
