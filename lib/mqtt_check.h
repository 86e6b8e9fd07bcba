/* The broker side of `-n --online`: connect once with the configured identity (user and
 * password, or client certificate) and say what the broker answered. */
#ifndef ATTEND_MQTT_CHECK_H
#define ATTEND_MQTT_CHECK_H

#include <stddef.h>

#include "lib/mqtt_config.h"

/* Broker `broker` of the list in [mqtt] host (the caller checks each one).
 * 0 when the broker accepted the connection within timeout_ms; else -ECONNREFUSED (the broker
 * refused: bad certificate, name or password), -EHOSTUNREACH (not reached) or -ETIMEDOUT,
 * with the line to print in err. */
int mqtt_check_online(const struct mqtt_config *c, size_t broker, const char *client_id,
                      int timeout_ms, char *err, size_t errlen);

#endif
