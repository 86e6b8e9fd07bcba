/* The [mqtt] section, shared by attendd, the recorder and attendctl. */
#ifndef ATTEND_MQTT_CONFIG_H
#define ATTEND_MQTT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* One broker of the list in `host`. */
struct mqtt_broker {
	char *host;
	long port;             /* 0: the [mqtt] port */
};

#define MQTT_BROKERS_MAX 8

struct mqtt_config {
	char *host;            /* as written: "mq1:1883, mq2:8883" (several brokers, docs/wire.md) */
	struct mqtt_broker brokers[MQTT_BROKERS_MAX];   /* host, parsed */
	size_t nbrokers;
	long port;
	long keepalive_s;
	char *username;
	char *password_file;   /* first line is the password; must not be world-readable */
	char *tls_ca;          /* CA file: TLS is on when this or tls_capath is set */
	char *tls_capath;
	char *tls_cert;        /* client certificate and key (per-edge identity) */
	char *tls_key;
	bool tls_insecure;     /* skip host name check: test benches only */
	char *topic_root;      /* versioned: "attend/v1" */
	long reconnect_min_s;
	long reconnect_max_s;
};

void mqtt_config_init(struct mqtt_config *c);
void mqtt_config_free(struct mqtt_config *c);
/* One option of [mqtt]; 0, or a negative errno with a message naming option and value.  A file
 * option (password_file, tls_*) written "%d/NAME" is NAME in $CREDENTIALS_DIRECTORY (systemd's
 * LoadCredential=), refused when that is not set. */
int  mqtt_config_set(struct mqtt_config *c, const char *name, const char *value,
                     char *err, size_t errlen);

/* Broker i of the list (i < c->nbrokers): its host, and its port or else the [mqtt] port. */
const char *mqtt_broker_host(const struct mqtt_config *c, size_t i);
long mqtt_broker_port(const struct mqtt_config *c, size_t i);
/* "host:port" of broker i ("[v6]:port"), as the log and the checks name it. */
void mqtt_broker_label(const struct mqtt_config *c, size_t i, char *buf, size_t len);

/* The password file and the TLS key must not be readable or writable by others: 0, or -EACCES
 * (-errno when the file cannot be looked at) with a message naming the option, the file and the
 * fix (chmod 600). */
int  mqtt_config_check_secrets(const struct mqtt_config *c, char *err, size_t errlen);

#endif
