/* The recorder's configuration (INI; every option is described in config/recorder.ini). */
#ifndef ATTEND_RECORDER_CONFIG_H
#define ATTEND_RECORDER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "evaluator/evaluator_config.h"
#include "lib/log.h"
#include "lib/mqtt_config.h"

struct recorder_config {
	char *id;              /* this instance; several may share the subscription */
	char *share_group;     /* MQTT v5 shared subscription group */
	long batch_max;        /* taps per transaction, at most */
	long batch_wait_ms;    /* how long a batch may wait to fill */
	long queue_max;        /* messages held while the database is slow or away */
	char *metrics_file;    /* Prometheus text file (node exporter's textfile collector); NULL: none */
	long metrics_interval_s;
	enum log_target log_target;
	bool verbose;
	char *conninfo;        /* libpq connection string */
	struct mqtt_config mqtt;
	struct evaluator_config evaluator;   /* [evaluator]: day results kept current */
};

int  recorder_config_load(struct recorder_config *c, const char *path, char *err, size_t errlen);
int  recorder_config_load_string(struct recorder_config *c, const char *name, const char *text,
                                 char *err, size_t errlen);
void recorder_config_free(struct recorder_config *c);
/* A password written into a conninfo makes the file itself a credential: refuse the file if
 * others can read it.  0, or -1 with a message naming the file and the fix. */
int  recorder_config_check_secrets(const struct recorder_config *c, const char *path,
                                   char *err, size_t errlen);

#endif
