/* The libmosquitto adapter (lib/mqtt.h).
 *
 * Why two ways to run it.  attendd drives libmosquitto from its own poll() loop
 * (mosquitto_socket, mosquitto_loop_read/write/misc, mosquitto_want_write): the door's loop
 * then owns every callback, and the edge needs no lock, queue or wake-up between an MQTT
 * thread and itself.  The recorder keeps libmosquitto's thread (mosquitto_loop_start): its main
 * thread blocks in libpq (recorder/db.c: COPY and COMMIT, a reconnect that waits for a host
 * that does not answer), and while it does, the network must go on -- PUBACKs and keepalive
 * pings to the broker, the next batch filling -- or the broker drops the recorder after 1.5
 * keepalives.  attendctl's summary publish is one message and uses the thread for brevity.
 *
 * One thing libmosquitto cannot do without blocking: name resolution.  mosquitto_connect_async
 * and mosquitto_reconnect_async connect without blocking but resolve the broker's name with a
 * blocking getaddrinfo() first (lib/net_mosq.c, net__try_connect_tcp, 2.0), and a name cannot be
 * resolved ahead and handed over as an address: TLS checks the broker's certificate against
 * the name it was given.  A DNS server that does not answer would stall the door for the
 * resolver's timeout at every attempt.  So in the polled mode each connect attempt runs on a
 * short-lived thread, while the loop leaves the client alone and waits on a pipe; the loop
 * takes the client back once the attempt has returned.  libmosquitto then makes no retries of
 * its own in this mode: the backoff below does, as mosquitto_loop_forever would.
 *
 * Several brokers ([mqtt] host = a, b; docs/wire.md).  The polled mode (the edge) is connected
 * to one at a time: a failed attempt or a lost link moves on to the next in the list at once,
 * and the backoff is taken once a whole round has failed.  The same mosquitto client is pointed
 * at the next broker (mosquitto_connect_async takes the new host), so QoS 1 messages libmosquitto
 * still holds go out on the new link; the edge's journal re-sends the rest.  The threaded mode
 * (recorder, attendctl, -n checks) is one client per broker, pinned with mqtt_use_broker():
 * libmosquitto's own retries go to that broker only. */
#include "lib/mqtt.h"

#include <errno.h>
#include <fcntl.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/timeutil.h"

#define WHY_MAX 160
#define MISC_EVERY_MS 1000      /* keepalive has a resolution of seconds */
#define REFUSED_QUIET_MS 60000  /* the same refusal again within this is a repeat */
#define INFLIGHT_MAX 65535      /* message ids are 16 bits */

/* A QoS 1 message handed to libmosquitto and not yet answered: its topic, so that a PUBACK
 * refusing it (which carries only the message id) can be reported with the topic. */
struct inflight {
	int mid;
	char *topic;
};

enum mode { MODE_NEW = 0, MODE_THREAD, MODE_POLLED };

struct mqtt {
	struct mosquitto *mosq;
	struct mqtt_callbacks cb;
	const struct mqtt_config *cfg;
	enum mode mode;
	atomic_bool connected;
	atomic_bool stopping;         /* mqtt_free() began: a disconnect now is ours */
	pthread_mutex_t lock;         /* what follows; in threaded mode, shared with its thread */
	pthread_cond_t cond;
	int last_acked_mid;
	int last_acked_reason;        /* its PUBACK's reason code (MQTT v5; >= 128: refused) */
	struct inflight *inflight;    /* QoS 1 messages awaiting their PUBACK, oldest first */
	size_t ninflight, cinflight;
	char last_refused[WHY_MAX * 2];   /* topic and reason of the last refusal reported */
	int64_t last_refused_ms;
	char refused[WHY_MAX];        /* the CONNACK's refusal, reported with the close after it */
	struct {                      /* the last down() report per broker, so a repeat is said as one */
		bool reported;
		enum mqtt_down kind;
		char why[WHY_MAX];
	} last[MQTT_BROKERS_MAX];
	size_t broker;                /* the list's broker in use, or being tried */
	size_t down_broker;           /* the one the last down() report was about */
	size_t tried;                 /* polled: brokers tried in this round */

	/* polled mode */
	int attempt_pipe[2];          /* the connect attempt's thread says it returned */
	pthread_t attempt;
	bool attempting;
	int attempt_rc, attempt_errno;
	unsigned failures;            /* attempts failed in a row: the backoff */
	int64_t next_attempt_ms, next_misc_ms;
	char *will_topic;             /* for cb.will before each attempt */
};

/* What a libmosquitto return code means, with errno where it says "see errno". */
static const char *why_of(int rc, int err)
{
	if (rc == MOSQ_ERR_ERRNO)
		return strerror(err);
	if (rc == MOSQ_ERR_EAI)
		return gai_strerror(err);
	return mosquitto_strerror(rc);
}

/* b: the broker the report is about (the polled mode may have moved on to the next already). */
static void report(struct mqtt *m, size_t b, enum mqtt_down kind, const char *why)
{
	pthread_mutex_lock(&m->lock);
	bool repeat = m->last[b].reported && m->last[b].kind == kind && strcmp(m->last[b].why, why) == 0;
	m->last[b].reported = true;
	m->last[b].kind = kind;
	snprintf(m->last[b].why, sizeof m->last[b].why, "%s", why);
	m->down_broker = b;
	pthread_mutex_unlock(&m->lock);
	if (m->cb.down)
		m->cb.down(m->cb.user, kind, why, repeat);
}

/* As mosquitto_loop_forever waits: reconnect_min * (n + 1)^2, at most reconnect_max. */
static void schedule_attempt(struct mqtt *m)
{
	int64_t delay = m->cfg->reconnect_min_s * (int64_t)(m->failures + 1) * (m->failures + 1);
	if (delay >= m->cfg->reconnect_max_s)
		delay = m->cfg->reconnect_max_s;
	else
		m->failures++;
	m->next_attempt_ms = now_monotonic_ms() + delay * 1000;
}

/* Polled: the broker in use failed (lost: it was connected).  The next one in the list is tried
 * at once; after a whole round of failures, the backoff.  Returns the broker that failed. */
static size_t next_broker(struct mqtt *m, bool lost)
{
	size_t failed = m->broker;
	size_t n = m->cfg->nbrokers;
	m->tried = lost ? 1 : m->tried + 1;
	m->broker = (m->broker + 1) % n;
	if (m->tried >= n) {
		m->tried = 0;
		schedule_attempt(m);
	} else {
		m->next_attempt_ms = now_monotonic_ms();
	}
	return failed;
}

static void on_connect(struct mosquitto *mosq, void *u, int rc)
{
	(void)mosq;
	struct mqtt *m = u;
	if (rc != 0) {
		/* libmosquitto closes the connection next; that close is what gets reported */
		pthread_mutex_lock(&m->lock);
		snprintf(m->refused, sizeof m->refused, "%s",
		         rc >= 128 ? mosquitto_reason_string(rc) : mosquitto_connack_string(rc));
		pthread_mutex_unlock(&m->lock);
		return;
	}
	pthread_mutex_lock(&m->lock);
	for (size_t i = 0; i < MQTT_BROKERS_MAX; i++)
		m->last[i].reported = false;
	m->failures = 0;
	m->tried = 0;
	pthread_mutex_unlock(&m->lock);
	atomic_store(&m->connected, true);
	if (m->cb.connected)
		m->cb.connected(m->cb.user);
}

static void on_disconnect(struct mosquitto *mosq, void *u, int rc)
{
	(void)mosq;
	struct mqtt *m = u;
	int err = errno;
	bool was = atomic_exchange(&m->connected, false);
	char refused[WHY_MAX];
	pthread_mutex_lock(&m->lock);
	pthread_cond_broadcast(&m->cond);
	snprintf(refused, sizeof refused, "%s", m->refused);
	m->refused[0] = '\0';
	pthread_mutex_unlock(&m->lock);
	if (atomic_load(&m->stopping))
		return;
	size_t b = m->mode == MODE_POLLED ? next_broker(m, was) : m->broker;
	if (was)
		report(m, b, MQTT_LOST, rc == 0 ? "disconnected by the broker" : why_of(rc, err));
	else if (refused[0])
		report(m, b, MQTT_REFUSED, refused);
	else
		report(m, b, MQTT_UNREACHABLE, why_of(rc, err));
}

/* Remembers a QoS 1 message's topic until its PUBACK (m->lock held).  Out of memory, or more
 * messages than ids, forgets the oldest: its refusal is then reported without the topic. */
static void inflight_add(struct mqtt *m, int mid, const char *topic)
{
	if (m->ninflight == INFLIGHT_MAX) {
		free(m->inflight[0].topic);
		memmove(m->inflight, m->inflight + 1, --m->ninflight * sizeof *m->inflight);
	}
	if (m->ninflight == m->cinflight) {
		size_t c = m->cinflight ? m->cinflight * 2 : 64;
		struct inflight *n = realloc(m->inflight, c * sizeof *n);
		if (!n)
			return;
		m->inflight = n;
		m->cinflight = c;
	}
	m->inflight[m->ninflight++] = (struct inflight){ .mid = mid, .topic = strdup(topic) };
}

/* Takes the topic of mid out of the table (m->lock held): the caller frees it.  PUBACKs come
 * mostly in order, so the search usually ends at the first entry. */
static char *inflight_take(struct mqtt *m, int mid)
{
	for (size_t i = 0; i < m->ninflight; i++) {
		if (m->inflight[i].mid != mid)
			continue;
		char *t = m->inflight[i].topic;
		memmove(m->inflight + i, m->inflight + i + 1, (m->ninflight - i - 1) * sizeof *m->inflight);
		m->ninflight--;
		return t;
	}
	return NULL;
}

/* MQTT v5: the PUBACK carries a reason code, and a broker that refuses a message (its ACL, a
 * quota) says so only there.  libmosquitto's plain on_publish is called for a refused message
 * as for a delivered one, so the reason is read here. */
static void on_publish(struct mosquitto *mosq, void *u, int mid, int reason, const mosquitto_property *props)
{
	(void)mosq;
	(void)props;
	struct mqtt *m = u;
	pthread_mutex_lock(&m->lock);
	m->last_acked_mid = mid;
	m->last_acked_reason = reason;
	pthread_cond_broadcast(&m->cond);
	char *topic = inflight_take(m, mid);
	bool repeat = false;
	char what[sizeof m->last_refused];
	if (reason >= 128) {
		snprintf(what, sizeof what, "%s\n%s", topic ? topic : "", mosquitto_reason_string(reason));
		int64_t now = now_monotonic_ms();
		repeat = strcmp(what, m->last_refused) == 0 && now - m->last_refused_ms < REFUSED_QUIET_MS;
		if (!repeat) {
			memcpy(m->last_refused, what, sizeof what);
			m->last_refused_ms = now;
		}
	}
	pthread_mutex_unlock(&m->lock);
	if (reason >= 128 && m->cb.refused) {
		char name[64];
		if (!topic)
			snprintf(name, sizeof name, "(message id %d)", mid);
		m->cb.refused(m->cb.user, topic ? topic : name, mosquitto_reason_string(reason), repeat);
	}
	free(topic);
}

static void on_message(struct mosquitto *mosq, void *u, const struct mosquitto_message *msg)
{
	(void)mosq;
	struct mqtt *m = u;
	if (m->cb.message)
		m->cb.message(m->cb.user, msg->topic, msg->payload, msg->payloadlen);
}

static int read_password(const char *path, char *buf, size_t len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "password_file '%s': %s", path, strerror(e));
		return -e;
	}
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

int mqtt_new(struct mqtt **ret, const struct mqtt_config *c, const char *client_id,
             const struct mqtt_callbacks *cb, const char *will_topic, const char *will_payload,
             char *err, size_t errlen)
{
	static bool lib_ready;
	if (c->nbrokers == 0) {   /* mqtt_config_init() always lists one */
		snprintf(err, errlen, "option 'host': no broker");
		return -EINVAL;
	}
	int e = mqtt_config_check_secrets(c, err, errlen);   /* refuse before using them */
	if (e != 0)
		return e;
	if (!lib_ready) {
		mosquitto_lib_init();
		lib_ready = true;
	}
	struct mqtt *m = calloc(1, sizeof *m);
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	m->cb = *cb;
	m->cfg = c;
	m->attempt_pipe[0] = m->attempt_pipe[1] = -1;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->cond, NULL);
	m->mosq = mosquitto_new(client_id, true, m);
	if (!m->mosq) {
		e = errno;
		snprintf(err, errlen, "mosquitto_new: %s", strerror(e));
		mqtt_free(m);
		return -e;
	}
	int rc = mosquitto_int_option(m->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
	if (rc == MOSQ_ERR_SUCCESS && c->username) {
		char pw[256] = "";
		if (c->password_file && (e = read_password(c->password_file, pw, sizeof pw, err, errlen))) {
			mqtt_free(m);
			return e;
		}
		rc = mosquitto_username_pw_set(m->mosq, c->username, c->password_file ? pw : NULL);
		memset(pw, 0, sizeof pw);
	}
	if (rc == MOSQ_ERR_SUCCESS && (c->tls_ca || c->tls_capath)) {
		rc = mosquitto_tls_set(m->mosq, c->tls_ca, c->tls_capath, c->tls_cert, c->tls_key, NULL);
		if (rc == MOSQ_ERR_SUCCESS && c->tls_insecure)
			rc = mosquitto_tls_insecure_set(m->mosq, true);
	}
	if (rc == MOSQ_ERR_SUCCESS && will_topic) {
		rc = mosquitto_will_set(m->mosq, will_topic, (int)strlen(will_payload), will_payload,
		                        1, true);
		if (rc == MOSQ_ERR_SUCCESS && !(m->will_topic = strdup(will_topic)))
			rc = MOSQ_ERR_NOMEM;
	}
	if (rc == MOSQ_ERR_SUCCESS)
		rc = mosquitto_reconnect_delay_set(m->mosq, (unsigned)c->reconnect_min_s,
		                                   (unsigned)c->reconnect_max_s, true);
	if (rc != MOSQ_ERR_SUCCESS) {
		snprintf(err, errlen, "mqtt setup: %s", why_of(rc, errno));
		mqtt_free(m);
		return rc == MOSQ_ERR_NOMEM ? -ENOMEM : -EINVAL;
	}
	mosquitto_connect_callback_set(m->mosq, on_connect);
	mosquitto_disconnect_callback_set(m->mosq, on_disconnect);
	mosquitto_message_callback_set(m->mosq, on_message);
	mosquitto_publish_v5_callback_set(m->mosq, on_publish);
	*ret = m;
	return 0;
}

int mqtt_start(struct mqtt *m, char *err, size_t errlen)
{
	/* The loop thread starts first: libmosquitto (1.6-2.0) never retries a connect_async that
	 * failed before the thread existed (eclipse-mosquitto/mosquitto#1903, #2576), and an edge
	 * that boots before its broker must still deliver once the broker is up. */
	int rc = mosquitto_loop_start(m->mosq);
	if (rc != MOSQ_ERR_SUCCESS) {
		snprintf(err, errlen, "mqtt loop: %s", why_of(rc, errno));
		return -EAGAIN;
	}
	m->mode = MODE_THREAD;
	/* connect_async fails at once only for bad arguments or a name that does not resolve; an
	 * unreachable broker is retried by the loop thread with the backoff set above. */
	const char *host = mqtt_broker_host(m->cfg, m->broker);
	long port = mqtt_broker_port(m->cfg, m->broker);
	rc = mosquitto_connect_async(m->mosq, host, (int)port, (int)m->cfg->keepalive_s);
	int e = errno;
	if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO) {
		snprintf(err, errlen, "mqtt connect to %s:%ld: %s", host, port, why_of(rc, e));
		return -EINVAL;
	}
	if (rc == MOSQ_ERR_ERRNO)
		report(m, m->broker, MQTT_UNREACHABLE, why_of(rc, e));
	return 0;
}

/* --- polled mode ------------------------------------------------------------------------ */

static void *attempt_thread(void *arg)
{
	struct mqtt *m = arg;
	m->attempt_rc = mosquitto_connect_async(m->mosq, mqtt_broker_host(m->cfg, m->broker),
	                                        (int)mqtt_broker_port(m->cfg, m->broker),
	                                        (int)m->cfg->keepalive_s);
	m->attempt_errno = errno;
	/* the loop joins this thread before it reads the results */
	if (write(m->attempt_pipe[1], "", 1) < 0) {
		/* cannot happen: the pipe is empty and ours */
	}
	return NULL;
}

static void start_attempt(struct mqtt *m)
{
	/* The CONNECT carries the will: renew it now, before the attempt thread sends it. */
	char *will = m->cb.will && m->will_topic ? m->cb.will(m->cb.user) : NULL;
	if (will) {
		/* on failure the previous will stays registered: still true, only older */
		(void)mosquitto_will_set(m->mosq, m->will_topic, (int)strlen(will), will, 1, true);
		free(will);
	}
	if (pthread_create(&m->attempt, NULL, attempt_thread, m) != 0) {
		schedule_attempt(m);
		report(m, m->broker, MQTT_UNREACHABLE, "cannot start a thread to connect");
		return;
	}
	m->attempting = true;
}

static void end_attempt(struct mqtt *m)
{
	char b;
	while (read(m->attempt_pipe[0], &b, 1) < 0 && errno == EINTR)
		;
	pthread_join(m->attempt, NULL);
	m->attempting = false;
}

int mqtt_start_polled(struct mqtt *m, char *err, size_t errlen)
{
	if (pipe2(m->attempt_pipe, O_CLOEXEC) != 0) {
		int e = errno;
		snprintf(err, errlen, "mqtt: pipe: %s", strerror(e));
		return -e;
	}
	m->mode = MODE_POLLED;
	start_attempt(m);
	return 0;
}

static void lower(int *timeout_ms, int64_t ms)
{
	if (ms < 0)
		ms = 0;
	if (*timeout_ms < 0 || ms < *timeout_ms)
		*timeout_ms = (int)ms;
}

void mqtt_poll_prepare(struct mqtt *m, struct pollfd *p, int64_t now_ms, int *timeout_ms)
{
	*p = (struct pollfd){ .fd = -1 };
	if (m->attempting) {
		p->fd = m->attempt_pipe[0];
		p->events = POLLIN;
		return;
	}
	int s = mosquitto_socket(m->mosq);
	if (s >= 0) {
		p->fd = s;
		p->events = (short)(POLLIN | (mosquitto_want_write(m->mosq) ? POLLOUT : 0));
		lower(timeout_ms, m->next_misc_ms - now_ms);
	} else if (!atomic_load(&m->stopping)) {
		lower(timeout_ms, m->next_attempt_ms - now_ms);
	}
}

static bool has_socket(const struct mqtt *m)
{
	return mosquitto_socket(m->mosq) >= 0;
}

void mqtt_poll_handle(struct mqtt *m, short revents, int64_t now_ms)
{
	if (m->attempting) {
		if (!(revents & POLLIN))
			return;
		end_attempt(m);
		m->next_misc_ms = now_ms + MISC_EVERY_MS;
		if (m->attempt_rc != MOSQ_ERR_SUCCESS) {
			size_t b = next_broker(m, false);
			report(m, b, MQTT_UNREACHABLE, why_of(m->attempt_rc, m->attempt_errno));
		}
		return;   /* the socket is polled from the next round on */
	}
	if (!has_socket(m)) {
		if (!atomic_load(&m->stopping) && now_ms >= m->next_attempt_ms)
			start_attempt(m);
		return;
	}
	if (revents & (POLLIN | POLLERR | POLLHUP))
		mosquitto_loop_read(m->mosq, 1);
	if ((revents & POLLOUT) && has_socket(m)) {
		mosquitto_loop_write(m->mosq, 1);
		/* libmosquitto moves a TLS handshake on only in loop_read, also when the handshake
		 * waits to write: without this, such a handshake waits for the keepalive to fail */
		if (!atomic_load(&m->connected) && has_socket(m))
			mosquitto_loop_read(m->mosq, 1);
	}
	if (has_socket(m) && now_ms >= m->next_misc_ms) {
		mosquitto_loop_misc(m->mosq);   /* keepalive: PINGREQ, or a link found dead */
		m->next_misc_ms = now_ms + MISC_EVERY_MS;
	}
}

/* Runs the polled loop on the client alone until done(m) or the deadline. */
static void run_until(struct mqtt *m, bool (*done)(struct mqtt *m, int mid), int mid, int timeout_ms)
{
	int64_t end = now_monotonic_ms() + timeout_ms;
	for (;;) {
		int64_t now = now_monotonic_ms();
		if (done(m, mid) || now >= end)
			return;
		struct pollfd p;
		int t = (int)(end - now);
		mqtt_poll_prepare(m, &p, now, &t);
		if (poll(&p, 1, t) < 0 && errno != EINTR)
			return;
		mqtt_poll_handle(m, p.revents, now_monotonic_ms());
	}
}

/* --- both modes ------------------------------------------------------------------------- */

int mqtt_subscribe(struct mqtt *m, const char *topic, char *err, size_t errlen)
{
	int rc = mosquitto_subscribe(m->mosq, NULL, topic, 1);
	if (rc != MOSQ_ERR_SUCCESS) {
		snprintf(err, errlen, "subscribe %s: %s", topic, why_of(rc, errno));
		return rc == MOSQ_ERR_NOMEM ? -ENOMEM : -EIO;
	}
	return 0;
}

/* Publishes at QoS 1 and remembers the topic under the message id before a PUBACK can come
 * back: in threaded mode libmosquitto's thread may read the PUBACK before mosquitto_publish
 * has returned, so the lock is held across it (on_publish waits for it); mosquitto_publish
 * calls no callback of a QoS 1 message itself.  In polled mode the PUBACK is read only in
 * mqtt_poll_handle(), on this thread, and the lock is not held (a QoS 0 publish calls
 * on_publish from inside mosquitto_publish). */
static int publish_qos1(struct mqtt *m, int *mid, const char *topic, const void *payload, size_t len,
                        bool retain)
{
	bool hold = m->mode != MODE_POLLED;
	if (hold)
		pthread_mutex_lock(&m->lock);
	int rc = mosquitto_publish(m->mosq, mid, topic, (int)len, payload, 1, retain);
	bool queued = rc == MOSQ_ERR_SUCCESS || rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST ||
	              rc == MOSQ_ERR_ERRNO;
	if (!hold && queued)
		pthread_mutex_lock(&m->lock);
	if (queued)
		inflight_add(m, *mid, topic);
	if (hold || queued)
		pthread_mutex_unlock(&m->lock);
	return rc;
}

int mqtt_publish(struct mqtt *m, const char *topic, const void *payload, size_t len, bool retain)
{
	if (!atomic_load(&m->connected))
		return -ENOTCONN;
	int mid = 0;
	int rc = publish_qos1(m, &mid, topic, payload, len, retain);
	switch (rc) {
	case MOSQ_ERR_SUCCESS:
		return 0;
	case MOSQ_ERR_NO_CONN:
	case MOSQ_ERR_CONN_LOST:
	case MOSQ_ERR_ERRNO:
		/* libmosquitto has queued it anyway (the polled mode writes at once, and a write that
		 * fails leaves it queued) and sends it after reconnecting; the caller must not publish
		 * it again now (it would arrive twice), only after an ack timeout.  The broken link
		 * itself shows in the next poll. */
		return 0;
	case MOSQ_ERR_NOMEM:
		return -ENOMEM;
	case MOSQ_ERR_PAYLOAD_SIZE:
		return -EMSGSIZE;
	default:
		return -EIO;
	}
}

int mqtt_publish_event(struct mqtt *m, const char *topic, const void *payload, size_t len)
{
	if (!atomic_load(&m->connected))
		return -ENOTCONN;
	return mosquitto_publish(m->mosq, NULL, topic, (int)len, payload, 0, false) == MOSQ_ERR_SUCCESS ? 0 : -EIO;
}

static void deadline_in(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	ts->tv_sec += ms / 1000 + ts->tv_nsec / 1000000000L;
	ts->tv_nsec %= 1000000000L;
}

static bool acked_or_down(struct mqtt *m, int mid)
{
	pthread_mutex_lock(&m->lock);
	bool acked = m->last_acked_mid == mid;
	pthread_mutex_unlock(&m->lock);
	return acked || !atomic_load(&m->connected);
}

/* After the wait: 0 when the broker took mid, -EACCES when it refused it, else -ETIMEDOUT. */
static int outcome(struct mqtt *m, int mid, char *why, size_t whylen)
{
	pthread_mutex_lock(&m->lock);
	bool answered = m->last_acked_mid == mid;
	int reason = m->last_acked_reason;
	pthread_mutex_unlock(&m->lock);
	if (answered && reason >= 128) {
		if (why)
			snprintf(why, whylen, "%s", mosquitto_reason_string(reason));
		return -EACCES;
	}
	return answered ? 0 : -ETIMEDOUT;
}

int mqtt_publish_wait(struct mqtt *m, const char *topic, const void *payload, size_t len,
                      bool retain, int timeout_ms, char *why, size_t whylen)
{
	if (!atomic_load(&m->connected))
		return -ENOTCONN;
	int mid = 0;
	if (m->mode == MODE_POLLED) {
		if (publish_qos1(m, &mid, topic, payload, len, retain) != MOSQ_ERR_SUCCESS)
			return -ETIMEDOUT;
		run_until(m, acked_or_down, mid, timeout_ms);
		return outcome(m, mid, why, whylen);
	}
	pthread_mutex_lock(&m->lock);
	int rc = mosquitto_publish(m->mosq, &mid, topic, (int)len, payload, 1, retain);
	if (rc == MOSQ_ERR_SUCCESS)
		inflight_add(m, mid, topic);
	struct timespec until;
	deadline_in(&until, timeout_ms);
	while (rc == MOSQ_ERR_SUCCESS && m->last_acked_mid != mid && atomic_load(&m->connected))
		if (pthread_cond_timedwait(&m->cond, &m->lock, &until) != 0)
			break;
	pthread_mutex_unlock(&m->lock);
	return rc == MOSQ_ERR_SUCCESS ? outcome(m, mid, why, whylen) : -ETIMEDOUT;
}

bool mqtt_connected(const struct mqtt *m)
{
	return atomic_load(&m->connected);
}

void mqtt_use_broker(struct mqtt *m, size_t i)
{
	m->broker = i < m->cfg->nbrokers ? i : 0;
}

void mqtt_broker_name(struct mqtt *m, char *buf, size_t len)
{
	pthread_mutex_lock(&m->lock);
	size_t b = m->broker;
	pthread_mutex_unlock(&m->lock);
	mqtt_broker_label(m->cfg, b, buf, len);
}

void mqtt_describe_down(struct mqtt *m, enum mqtt_down kind, const char *why, char *buf,
                        size_t len)
{
	pthread_mutex_lock(&m->lock);
	size_t b = m->down_broker;
	pthread_mutex_unlock(&m->lock);
	char h[300];
	mqtt_broker_label(m->cfg, b, h, sizeof h);
	switch (kind) {
	case MQTT_LOST:
		snprintf(buf, len, "mqtt: lost the broker %s (%s); reconnecting", h, why);
		break;
	case MQTT_UNREACHABLE:
		snprintf(buf, len, "mqtt: broker %s not reachable yet; will retry: %s", h, why);
		break;
	case MQTT_REFUSED:
		snprintf(buf, len, "mqtt: broker %s refused the connection: %s", h, why);
		break;
	}
}

static bool link_closed(struct mqtt *m, int mid)
{
	(void)mid;
	return !has_socket(m);
}

void mqtt_free(struct mqtt *m)
{
	if (!m)
		return;
	atomic_store(&m->stopping, true);
	if (m->mode == MODE_POLLED) {
		if (m->attempting)
			end_attempt(m);   /* an attempt cannot be called off; it ends by itself */
		/* DISCONNECT, so the broker does not publish the last will for a clean stop; it is
		 * written at once when the socket takes it, else by the loop below */
		if (atomic_load(&m->connected) && mosquitto_disconnect(m->mosq) == MOSQ_ERR_SUCCESS)
			run_until(m, link_closed, 0, 2000);
	} else if (m->mode == MODE_THREAD) {
		/* Wait (briefly) until the broker has our DISCONNECT, so it does not publish the
		 * last will ("offline") for a clean stop. */
		pthread_mutex_lock(&m->lock);
		bool was = atomic_load(&m->connected);
		mosquitto_disconnect(m->mosq);
		struct timespec until;
		deadline_in(&until, 2000);
		while (was && atomic_load(&m->connected))
			if (pthread_cond_timedwait(&m->cond, &m->lock, &until) != 0)
				break;
		pthread_mutex_unlock(&m->lock);
		mosquitto_loop_stop(m->mosq, false);
	}
	mosquitto_destroy(m->mosq);
	if (m->attempt_pipe[0] >= 0) {
		close(m->attempt_pipe[0]);
		close(m->attempt_pipe[1]);
	}
	for (size_t i = 0; i < m->ninflight; i++)
		free(m->inflight[i].topic);
	free(m->inflight);
	free(m->will_topic);
	pthread_mutex_destroy(&m->lock);
	pthread_cond_destroy(&m->cond);
	free(m);
}
