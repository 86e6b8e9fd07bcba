/* The broker's own ceiling, measured in the same run as the tap path: one publisher sends N
 * QoS 1 messages of a tap's size, one subscriber (QoS 1) receives them; prints messages/s.
 *   bench_mqtt PORT N */
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_long received;
static atomic_bool subscribed;

static void on_message(struct mosquitto *m, void *u, const struct mosquitto_message *msg)
{
	(void)m; (void)u; (void)msg;
	atomic_fetch_add(&received, 1);
}

static void on_subscribe(struct mosquitto *m, void *u, int mid, int n, const int *q)
{
	(void)m; (void)u; (void)mid; (void)n; (void)q;
	atomic_store(&subscribed, true);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_mqtt PORT N\n");
		return 2;
	}
	int port = atoi(argv[1]);
	long n = atol(argv[2]);
	mosquitto_lib_init();
	struct mosquitto *sub = mosquitto_new("bench-sub", true, NULL);
	struct mosquitto *pub = mosquitto_new("bench-pub", true, NULL);
	mosquitto_int_option(sub, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
	mosquitto_int_option(pub, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
	mosquitto_message_callback_set(sub, on_message);
	mosquitto_subscribe_callback_set(sub, on_subscribe);
	if (mosquitto_connect(sub, "127.0.0.1", port, 30) || mosquitto_connect(pub, "127.0.0.1", port, 30)) {
		fprintf(stderr, "bench_mqtt: cannot connect to 127.0.0.1:%d\n", port);
		return 1;
	}
	mosquitto_loop_start(sub);
	mosquitto_subscribe(sub, NULL, "bench/+/tap", 1);
	while (!atomic_load(&subscribed))
		usleep(1000);
	mosquitto_loop_start(pub);
	/* a payload of the size of a real tap message */
	char payload[300];
	memset(payload, 'x', sizeof payload);
	double t0 = now();
	for (long i = 0; i < n; i++) {
		/* keep the publisher's queue bounded, as attendd's window does */
		while (i - atomic_load(&received) > 5000)
			usleep(100);
		mosquitto_publish(pub, NULL, "bench/e1/tap", sizeof payload, payload, 1, false);
	}
	while (atomic_load(&received) < n && now() - t0 < 120)
		usleep(500);
	double dt = now() - t0;
	printf("%ld %.3f %.0f\n", (long)atomic_load(&received), dt, (double)atomic_load(&received) / dt);
	mosquitto_disconnect(pub);
	mosquitto_disconnect(sub);
	mosquitto_loop_stop(pub, false);
	mosquitto_loop_stop(sub, false);
	mosquitto_destroy(pub);
	mosquitto_destroy(sub);
	mosquitto_lib_cleanup();
	return atomic_load(&received) == n ? 0 : 1;
}
