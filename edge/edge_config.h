/* attendd's configuration (INI; every option is described in config/attendd.ini). */
#ifndef ATTEND_EDGE_CONFIG_H
#define ATTEND_EDGE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/log.h"
#include "lib/mqtt_config.h"
#include "readers/reader.h"

struct edge_config {
	char *edge_id;
	char *site;
	char *journal_dir;
	long journal_capacity;
	long journal_segment;
	long debounce_ms;
	char *badge_cache;
	enum log_target log_target;
	bool verbose;
	long window;             /* taps sent and not yet acknowledged, at most */
	long resend_after_s;     /* an ack this late means: send again */
	long status_interval_s;
	long reader_silent_s;    /* a reader with no tap this long is flagged (0 = never) */
	char *metrics_file;      /* Prometheus text file (node exporter's textfile collector); NULL: none */
	long metrics_interval_s;
	struct mqtt_config mqtt;
	struct reader **readers; /* configured, not opened */
	size_t nreaders;
};

/* 0, or -1 with "file:line: ..." in err.  On failure *c is left empty. */
int  edge_config_load(struct edge_config *c, const char *path, char *err, size_t errlen);
int  edge_config_load_string(struct edge_config *c, const char *name, const char *text,
                             char *err, size_t errlen);
void edge_config_free(struct edge_config *c);

#endif
