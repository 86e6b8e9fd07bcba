/* attend-web's configuration (INI, /etc/attendd/web.ini; config/web.ini explains every option). */
#ifndef ATTEND_WEB_CONFIG_H
#define ATTEND_WEB_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/log.h"

struct web_config {
	char *listen;            /* numeric address */
	long port;
	bool secure_cookies;     /* behind TLS: cookies get Secure */
	long session_idle;       /* seconds without a request before a session is closed */
	long max_sessions;       /* open sessions (each holds one database connection) */
	long max_connections;    /* HTTP connections at once */
	long refresh;            /* seconds between automatic refreshes of the Today page */
	long silent_after;       /* minutes without a tap before a reader is listed as silent */
	char *conninfo;          /* where the database is: never a user or a password */
	char *metrics_file;      /* Prometheus textfile (web/web_metrics.c); NULL: none */
	long metrics_interval;   /* seconds between writes of it */
	enum log_target log_target;
	bool verbose;
};

int web_config_load(struct web_config *c, const char *path, char *err, size_t errlen);
int web_config_load_string(struct web_config *c, const char *name, const char *text,
                           char *err, size_t errlen);
void web_config_free(struct web_config *c);

#endif
