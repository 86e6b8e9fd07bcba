/* The libmosquitto adapter: one client, QoS 1, MQTT v5, TLS, a last will, reconnect with
 * backoff.  Two ways to run it (lib/mqtt.c says why both exist):
 *  - polled: the caller's poll() loop drives the network (mqtt_poll_prepare/mqtt_poll_handle),
 *    and every callback runs inside mqtt_poll_handle(), on the caller's thread (attendd);
 *  - threaded: libmosquitto's own thread (mosquitto_loop_start) drives it, and the callbacks
 *    run on that thread: keep them short and hand work over (the recorder, attendctl).
 * Nothing here logs: what happened reaches the caller through the callbacks, and the
 * mqtt_describe_down() line is the one to log. */
#ifndef ATTEND_MQTT_H
#define ATTEND_MQTT_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/mqtt_config.h"

struct mqtt;

enum mqtt_down {
	MQTT_LOST = 0,       /* it was connected */
	MQTT_UNREACHABLE,    /* an attempt did not get to the broker (name, route, refused, TLS) */
	MQTT_REFUSED,        /* the broker answered and refused (CONNACK: bad name, password...) */
};

struct mqtt_callbacks {
	void (*connected)(void *user);                 /* (re)subscribe here: sessions are clean */
	/* The link is down, or an attempt failed; the adapter tries again with the configured
	 * backoff.  why: what libmosquitto or the system said.  repeat: the same as the report
	 * before (a broker away for an hour is one line, not one per attempt).  Not called for
	 * the clean stop of mqtt_free(). */
	void (*down)(void *user, enum mqtt_down kind, const char *why, bool repeat);
	void (*message)(void *user, const char *topic, const void *payload, int len);
	/* The broker answered a QoS 1 publish with a refusal (an MQTT v5 PUBACK reason code of
	 * 128 or more, e.g. "Not authorized" from its ACL): the message went nowhere.  repeat: the
	 * same topic and reason as the report before, less than a minute ago (a tap the ACL
	 * refuses is refused again at every resend; log the first).  May be NULL. */
	void (*refused)(void *user, const char *topic, const char *reason, bool repeat);
	/* Polled mode: the last will for the next connection (malloc'd; NULL keeps the one before),
	 * asked just before each connect attempt, so that it can say when it connected.  May be
	 * NULL: the will given to mqtt_new() stays. */
	char *(*will)(void *user);
	void *user;
};

/* will_topic may be NULL.  0, or a negative errno with a message. */
int  mqtt_new(struct mqtt **ret, const struct mqtt_config *c, const char *client_id,
              const struct mqtt_callbacks *cb, const char *will_topic, const char *will_payload,
              char *err, size_t errlen);

/* Several brokers in [mqtt] host: the polled mode tries them in order from the first, moves to
 * the next when one fails or is lost, and takes the backoff after a whole round.  The threaded
 * mode connects to one only: broker i of the list (default 0), set before mqtt_start(). */
void mqtt_use_broker(struct mqtt *m, size_t i);
/* "host:port" of the broker in use, or being tried, for the log. */
void mqtt_broker_name(struct mqtt *m, char *buf, size_t len);

/* Threaded: starts libmosquitto's thread and connecting in the background.  0, or a negative
 * errno with a message (a broker not there yet is not an error: down() says so). */
int  mqtt_start(struct mqtt *m, char *err, size_t errlen);

/* Polled: starts connecting; from then on the caller's loop calls mqtt_poll_prepare() before
 * each poll() and mqtt_poll_handle() after it.  0, or a negative errno with a message. */
int  mqtt_start_polled(struct mqtt *m, char *err, size_t errlen);
/* Fills *p (fd -1 while there is nothing to wait for but the clock) and lowers *timeout_ms
 * to when the adapter next needs to run (keepalive, the next reconnect attempt). */
void mqtt_poll_prepare(struct mqtt *m, struct pollfd *p, int64_t now_ms, int *timeout_ms);
/* Handles what poll() said of that fd (0: nothing, the clock only). */
void mqtt_poll_handle(struct mqtt *m, short revents, int64_t now_ms);

/* 0, or a negative errno with a message. */
int  mqtt_subscribe(struct mqtt *m, const char *topic, char *err, size_t errlen);
/* QoS 1.  0 when handed to libmosquitto; -ENOTCONN when not connected (nothing queued). */
int  mqtt_publish(struct mqtt *m, const char *topic, const void *payload, size_t len, bool retain);
/* QoS 0, not retained, never waits: events a display may miss without harm (door feedback). */
int  mqtt_publish_event(struct mqtt *m, const char *topic, const void *payload, size_t len);
/* QoS 1, and waits up to timeout_ms for the broker's PUBACK: for the last status at a clean
 * stop, and attendctl's summary.  0, -ENOTCONN, -ETIMEDOUT, or -EACCES when the broker refused
 * the message (why then holds its reason, e.g. "Not authorized"; why may be NULL). */
int  mqtt_publish_wait(struct mqtt *m, const char *topic, const void *payload, size_t len,
                       bool retain, int timeout_ms, char *why, size_t whylen);
bool mqtt_connected(const struct mqtt *m);
/* The line to log for a down() report, e.g. "mqtt: lost the broker 10.0.0.5:1883 (The
 * connection was lost.); reconnecting". */
void mqtt_describe_down(struct mqtt *m, enum mqtt_down kind, const char *why, char *buf,
                        size_t len);
/* Publishes nothing more, disconnects cleanly (the will is not sent), stops the thread. */
void mqtt_free(struct mqtt *m);

#endif
