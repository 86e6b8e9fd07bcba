/* The libmosquitto adapter: one client, QoS 1, MQTT v5, TLS, a last will, reconnect with
 * backoff.  The network runs on libmosquitto's own thread (mosquitto_loop_start), so the
 * callbacks below run on that thread: keep them short and hand work to the main loop. */
#ifndef ATTEND_MQTT_H
#define ATTEND_MQTT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/mqtt_config.h"

struct mqtt;

struct mqtt_callbacks {
	void (*connected)(void *user);                 /* (re)subscribe here: sessions are clean */
	void (*disconnected)(void *user, int reason);
	void (*message)(void *user, const char *topic, const void *payload, int len);
	void *user;
};

/* will_topic may be NULL.  0 or -1 with a message. */
int  mqtt_new(struct mqtt **ret, const struct mqtt_config *c, const char *client_id,
              const struct mqtt_callbacks *cb, const char *will_topic, const char *will_payload,
              char *err, size_t errlen);
/* Starts connecting in the background; 0 or -1 with a message. */
int  mqtt_start(struct mqtt *m, char *err, size_t errlen);
int  mqtt_subscribe(struct mqtt *m, const char *topic);
/* QoS 1.  0 when handed to libmosquitto; -ENOTCONN when not connected (nothing queued). */
int  mqtt_publish(struct mqtt *m, const char *topic, const void *payload, size_t len, bool retain);
/* QoS 0, not retained, never waits: events a display may miss without harm (door feedback). */
int  mqtt_publish_event(struct mqtt *m, const char *topic, const void *payload, size_t len);
/* QoS 1, and waits up to timeout_ms for the broker's PUBACK: for the last status at a clean
 * stop.  0, -ENOTCONN or -ETIMEDOUT. */
int  mqtt_publish_wait(struct mqtt *m, const char *topic, const void *payload, size_t len,
                       bool retain, int timeout_ms);
bool mqtt_connected(const struct mqtt *m);
/* Publishes nothing more, disconnects cleanly (the will is not sent), stops the thread. */
void mqtt_free(struct mqtt *m);

#endif
