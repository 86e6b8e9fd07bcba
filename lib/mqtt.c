#include "lib/mqtt.h"

#include <errno.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

struct mqtt {
	struct mosquitto *mosq;
	struct mqtt_callbacks cb;
	const struct mqtt_config *cfg;
	atomic_bool connected;
	bool started;
	pthread_mutex_t lock;     /* for mqtt_publish_wait() and a clean stop */
	pthread_cond_t cond;
	int last_acked_mid;
};

static void on_connect(struct mosquitto *mosq, void *u, int rc)
{
	(void)mosq;
	struct mqtt *m = u;
	if (rc != 0) {
		log_warnx("mqtt: broker %s:%ld refused the connection: %s", m->cfg->host, m->cfg->port,
		          mosquitto_connack_string(rc));
		return;
	}
	log_info("mqtt: connected to %s:%ld", m->cfg->host, m->cfg->port);
	atomic_store(&m->connected, true);
	if (m->cb.connected)
		m->cb.connected(m->cb.user);
}

static void on_disconnect(struct mosquitto *mosq, void *u, int rc)
{
	(void)mosq;
	struct mqtt *m = u;
	bool was = atomic_exchange(&m->connected, false);
	pthread_mutex_lock(&m->lock);
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
	if (was && rc != 0)
		log_warnx("mqtt: lost the broker %s:%ld (%s); reconnecting", m->cfg->host, m->cfg->port,
		          mosquitto_strerror(rc));
	if (m->cb.disconnected)
		m->cb.disconnected(m->cb.user, rc);
}

static void on_publish(struct mosquitto *mosq, void *u, int mid)
{
	(void)mosq;
	struct mqtt *m = u;
	pthread_mutex_lock(&m->lock);
	m->last_acked_mid = mid;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
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
		snprintf(err, errlen, "password_file '%s': %s", path, strerror(errno));
		return -1;
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
	if (mqtt_config_check_secrets(c, err, errlen) != 0)   /* refuse before using them */
		return -1;
	if (!lib_ready) {
		mosquitto_lib_init();
		lib_ready = true;
	}
	struct mqtt *m = calloc(1, sizeof *m);
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	m->cb = *cb;
	m->cfg = c;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->cond, NULL);
	m->mosq = mosquitto_new(client_id, true, m);
	if (!m->mosq) {
		snprintf(err, errlen, "mosquitto_new: %s", strerror(errno));
		free(m);
		return -1;
	}
	int rc = mosquitto_int_option(m->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
	if (rc == MOSQ_ERR_SUCCESS && c->username) {
		char pw[256] = "";
		if (c->password_file && read_password(c->password_file, pw, sizeof pw, err, errlen)) {
			mqtt_free(m);
			return -1;
		}
		rc = mosquitto_username_pw_set(m->mosq, c->username, c->password_file ? pw : NULL);
		memset(pw, 0, sizeof pw);
	}
	if (rc == MOSQ_ERR_SUCCESS && (c->tls_ca || c->tls_capath)) {
		rc = mosquitto_tls_set(m->mosq, c->tls_ca, c->tls_capath, c->tls_cert, c->tls_key, NULL);
		if (rc == MOSQ_ERR_SUCCESS && c->tls_insecure)
			rc = mosquitto_tls_insecure_set(m->mosq, true);
	}
	if (rc == MOSQ_ERR_SUCCESS && will_topic)
		rc = mosquitto_will_set(m->mosq, will_topic, (int)strlen(will_payload), will_payload,
		                        1, true);
	if (rc == MOSQ_ERR_SUCCESS)
		rc = mosquitto_reconnect_delay_set(m->mosq, (unsigned)c->reconnect_min_s,
		                                   (unsigned)c->reconnect_max_s, true);
	if (rc != MOSQ_ERR_SUCCESS) {
		snprintf(err, errlen, "mqtt setup: %s", mosquitto_strerror(rc));
		mqtt_free(m);
		return -1;
	}
	mosquitto_connect_callback_set(m->mosq, on_connect);
	mosquitto_disconnect_callback_set(m->mosq, on_disconnect);
	mosquitto_message_callback_set(m->mosq, on_message);
	mosquitto_publish_callback_set(m->mosq, on_publish);
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
		snprintf(err, errlen, "mqtt loop: %s", mosquitto_strerror(rc));
		return -1;
	}
	m->started = true;
	/* connect_async fails at once only for bad arguments or a name that does not resolve; an
	 * unreachable broker is retried by the loop thread with the backoff set above. */
	rc = mosquitto_connect_async(m->mosq, m->cfg->host, (int)m->cfg->port, (int)m->cfg->keepalive_s);
	if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO) {
		snprintf(err, errlen, "mqtt connect to %s:%ld: %s", m->cfg->host, m->cfg->port,
		         mosquitto_strerror(rc));
		return -1;
	}
	if (rc == MOSQ_ERR_ERRNO)
		log_warn("mqtt: broker %s:%ld not reachable yet; will retry", m->cfg->host, m->cfg->port);
	return 0;
}

int mqtt_subscribe(struct mqtt *m, const char *topic)
{
	int rc = mosquitto_subscribe(m->mosq, NULL, topic, 1);
	if (rc != MOSQ_ERR_SUCCESS) {
		log_warnx("mqtt: subscribe %s: %s", topic, mosquitto_strerror(rc));
		return -EIO;
	}
	return 0;
}

int mqtt_publish(struct mqtt *m, const char *topic, const void *payload, size_t len, bool retain)
{
	if (!atomic_load(&m->connected))
		return -ENOTCONN;
	int rc = mosquitto_publish(m->mosq, NULL, topic, (int)len, payload, 1, retain);
	switch (rc) {
	case MOSQ_ERR_SUCCESS:
		return 0;
	case MOSQ_ERR_NO_CONN:
		/* libmosquitto has queued it anyway and may send it after reconnecting; the caller
		 * must not publish it again now (it would arrive twice), only after an ack timeout. */
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

int mqtt_publish_wait(struct mqtt *m, const char *topic, const void *payload, size_t len,
                      bool retain, int timeout_ms)
{
	if (!atomic_load(&m->connected))
		return -ENOTCONN;
	int mid = 0;
	pthread_mutex_lock(&m->lock);
	int rc = mosquitto_publish(m->mosq, &mid, topic, (int)len, payload, 1, retain);
	struct timespec until;
	deadline_in(&until, timeout_ms);
	while (rc == MOSQ_ERR_SUCCESS && m->last_acked_mid != mid && atomic_load(&m->connected))
		if (pthread_cond_timedwait(&m->cond, &m->lock, &until) != 0)
			break;
	bool acked = rc == MOSQ_ERR_SUCCESS && m->last_acked_mid == mid;
	pthread_mutex_unlock(&m->lock);
	return acked ? 0 : -ETIMEDOUT;
}

bool mqtt_connected(const struct mqtt *m)
{
	return atomic_load(&m->connected);
}

void mqtt_free(struct mqtt *m)
{
	if (!m)
		return;
	if (m->mosq) {
		if (m->started) {
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
	}
	pthread_mutex_destroy(&m->lock);
	pthread_cond_destroy(&m->cond);
	free(m);
}
