/* lib/mqtt_check.h: one connection through the adapter (lib/mqtt.h), threaded. */
#include "lib/mqtt_check.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "lib/mqtt.h"
#include "lib/timeutil.h"

struct answer {
	pthread_mutex_t lock;   /* the callbacks run on libmosquitto's thread */
	int kind;               /* -1: nothing yet */
	char why[200];
};

static void on_down(void *u, enum mqtt_down kind, const char *why, bool repeat)
{
	(void)repeat;
	struct answer *a = u;
	pthread_mutex_lock(&a->lock);
	if (a->kind < 0) {
		a->kind = (int)kind;
		snprintf(a->why, sizeof a->why, "%s", why);
	}
	pthread_mutex_unlock(&a->lock);
}

int mqtt_check_online(const struct mqtt_config *c, size_t broker, const char *client_id,
                      int timeout_ms, char *err, size_t errlen)
{
	struct answer a = { .lock = PTHREAD_MUTEX_INITIALIZER, .kind = -1 };
	struct mqtt_callbacks cb = { .down = on_down, .user = &a };
	struct mqtt *m = NULL;
	int rc = mqtt_new(&m, c, client_id, &cb, NULL, NULL, err, errlen);
	if (rc == 0) {
		mqtt_use_broker(m, broker);
		rc = mqtt_start(m, err, errlen);
	}
	if (rc != 0) {
		mqtt_free(m);
		return rc;
	}
	int64_t end = now_monotonic_ms() + timeout_ms;
	int kind = -1;
	/* the first answer decides: connected, or the first report of a failed attempt */
	while (!mqtt_connected(m) && kind < 0 && now_monotonic_ms() < end) {
		nanosleep(&(struct timespec){ 0, 20000000 }, NULL);
		pthread_mutex_lock(&a.lock);
		kind = a.kind;
		pthread_mutex_unlock(&a.lock);
	}
	if (mqtt_connected(m)) {
		rc = 0;
	} else if (kind >= 0) {
		mqtt_describe_down(m, (enum mqtt_down)kind, a.why, err, errlen);
		rc = kind == MQTT_REFUSED ? -ECONNREFUSED : -EHOSTUNREACH;
	} else {
		char name[300];
		mqtt_broker_name(m, name, sizeof name);
		snprintf(err, errlen, "mqtt: broker %s did not answer within %d s", name, timeout_ms / 1000);
		rc = -ETIMEDOUT;
	}
	mqtt_free(m);
	return rc;
}
