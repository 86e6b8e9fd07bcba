#include "daemon/mqtt.h"

#include <errno.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/log.h"

struct mqtt {
	struct mosquitto *mosq;
	struct mqtt_callbacks cb;
	const struct mqtt_config *cfg;
	atomic_bool connected;
	bool started;
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
	if (was && rc != 0)
		log_warnx("mqtt: lost the broker %s:%ld (%s); reconnecting", m->cfg->host, m->cfg->port,
		          mosquitto_strerror(rc));
	if (m->cb.disconnected)
		m->cb.disconnected(m->cb.user, rc);
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
	*ret = m;
	return 0;
}

int mqtt_start(struct mqtt *m, char *err, size_t errlen)
{
	/* connect_async fails at once only for bad arguments or a name that does not resolve; an
	 * unreachable broker is retried by the loop thread with the backoff set above. */
	int rc = mosquitto_connect_async(m->mosq, m->cfg->host, (int)m->cfg->port,
	                                 (int)m->cfg->keepalive_s);
	if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO) {
		snprintf(err, errlen, "mqtt connect to %s:%ld: %s", m->cfg->host, m->cfg->port,
		         mosquitto_strerror(rc));
		return -1;
	}
	if (rc == MOSQ_ERR_ERRNO)
		log_warn("mqtt: broker %s:%ld not reachable yet; will retry", m->cfg->host, m->cfg->port);
	rc = mosquitto_loop_start(m->mosq);
	if (rc != MOSQ_ERR_SUCCESS) {
		snprintf(err, errlen, "mqtt loop: %s", mosquitto_strerror(rc));
		return -1;
	}
	m->started = true;
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
			mosquitto_disconnect(m->mosq);
			mosquitto_loop_stop(m->mosq, false);
		}
		mosquitto_destroy(m->mosq);
	}
	free(m);
}
