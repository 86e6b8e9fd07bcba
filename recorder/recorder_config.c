#include "recorder/recorder_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/ini.h"
#include "lib/payload.h"
#include "lib/pg_check.h"

/* A conninfo libpq cannot parse ("hostt=x") is refused here, where the message gets the file
 * and line, instead of at every connection attempt after "ready". */
static int conninfo_set(const char *v, char **out, char *err, size_t errlen)
{
	char why[300];
	if (v[0] && pg_check_conninfo(v, why, sizeof why) != 0) {
		snprintf(err, errlen, "option 'conninfo': '%s' does not parse: %s", v, why);
		return -EINVAL;
	}
	return ini_str("conninfo", v, true, out, err, errlen);
}

static void defaults(struct recorder_config *c)
{
	memset(c, 0, sizeof *c);
	c->id = strdup("recorder");
	c->share_group = strdup("recorders");
	c->batch_max = 1000;
	c->batch_wait_ms = 20;
	c->queue_max = 200000;
	c->metrics_interval_s = 15;
	c->log_target = LOG_TO_SYSLOG;
	c->conninfo = strdup("dbname=attend");
	mqtt_config_init(&c->mqtt);
	c->evaluator.batch_size = 500;
	c->evaluator.interval_s = 30;
	c->evaluator.workers = 2;
}

static int evaluator_option(struct evaluator_config *e, const char *n, const char *v,
                            char *err, size_t errlen)
{
	if (!strcmp(n, "enabled"))    return ini_bool(n, v, &e->enabled, err, errlen);
	if (!strcmp(n, "conninfo"))   return conninfo_set(v, &e->conninfo, err, errlen);
	if (!strcmp(n, "batch_size")) return ini_long(n, v, 1, 10000, &e->batch_size, err, errlen);
	if (!strcmp(n, "interval"))   return ini_long(n, v, 1, 3600, &e->interval_s, err, errlen);
	if (!strcmp(n, "workers"))    return ini_long(n, v, 1, EVALUATOR_WORKERS_MAX, &e->workers, err, errlen);
	snprintf(err, errlen, "unknown option '%s' in [evaluator]", n);
	return -1;
}

/* Checks that need the whole file. */
static int check(struct recorder_config *c, const char *name, char *err, size_t errlen)
{
	if (c->evaluator.enabled && !c->evaluator.conninfo) {
		snprintf(err, errlen, "%s: [evaluator] option 'conninfo' is required when enabled = true "
		         "(a login in role attend_evaluator)", name);
		return -1;
	}
	return 0;
}

static int on_option(void *u, const char *section, const char *n, const char *v,
                     char *err, size_t errlen)
{
	struct recorder_config *c = u;
	if (!strcmp(section, "mqtt"))
		return mqtt_config_set(&c->mqtt, n, v, err, errlen);
	if (!strcmp(section, "database")) {
		if (!strcmp(n, "conninfo"))
			return conninfo_set(v, &c->conninfo, err, errlen);
		snprintf(err, errlen, "unknown option '%s' in [database]", n);
		return -1;
	}
	if (!strcmp(section, "evaluator"))
		return evaluator_option(&c->evaluator, n, v, err, errlen);
	if (strcmp(section, "recorder") != 0) {
		snprintf(err, errlen, "unknown section [%s] (recorder, database, mqtt, evaluator)", section);
		return -1;
	}
	if (!strcmp(n, "id") || !strcmp(n, "share_group")) {
		if (!payload_valid_name(v, NAME_MAX_LEN)) {
			snprintf(err, errlen, "option '%s': value '%s' must be 1-63 of A-Z a-z 0-9 . _ -", n, v);
			return -1;
		}
		return ini_str(n, v, false, !strcmp(n, "id") ? &c->id : &c->share_group, err, errlen);
	}
	if (!strcmp(n, "batch_max"))     return ini_long(n, v, 1, 5000, &c->batch_max, err, errlen);
	if (!strcmp(n, "batch_wait_ms")) return ini_long(n, v, 0, 10000, &c->batch_wait_ms, err, errlen);
	if (!strcmp(n, "queue_max"))     return ini_long(n, v, 100, 10000000, &c->queue_max, err, errlen);
	if (!strcmp(n, "verbose"))       return ini_bool(n, v, &c->verbose, err, errlen);
	if (!strcmp(n, "metrics_file"))  return ini_str(n, v, false, &c->metrics_file, err, errlen);
	if (!strcmp(n, "metrics_interval")) return ini_long(n, v, 1, 3600, &c->metrics_interval_s, err, errlen);
	if (!strcmp(n, "log")) {
		if (log_target_parse(v, &c->log_target) == 0)
			return 0;
		snprintf(err, errlen, "option 'log': value '%s' is not stderr or syslog", v);
		return -1;
	}
	snprintf(err, errlen, "unknown option '%s' in [recorder]", n);
	return -1;
}

int recorder_config_load(struct recorder_config *c, const char *path, char *err, size_t errlen)
{
	defaults(c);
	if (ini_load(path, on_option, c, err, errlen) != 0 || check(c, path, err, errlen) != 0) {
		recorder_config_free(c);
		return -1;
	}
	return 0;
}

int recorder_config_load_string(struct recorder_config *c, const char *name, const char *text,
                                char *err, size_t errlen)
{
	defaults(c);
	if (ini_load_string(name, text, on_option, c, err, errlen) != 0 || check(c, name, err, errlen) != 0) {
		recorder_config_free(c);
		return -1;
	}
	return 0;
}

int recorder_config_check_secrets(const struct recorder_config *c, const char *path,
                                  char *err, size_t errlen)
{
	const char *where = c->conninfo && strcasestr(c->conninfo, "password") ? "[database] conninfo" :
	                    c->evaluator.conninfo && strcasestr(c->evaluator.conninfo, "password") ?
	                    "[evaluator] conninfo" : NULL;
	struct stat st;
	if (!where || stat(path, &st) != 0 || !(st.st_mode & (S_IROTH | S_IWOTH)))
		return 0;
	snprintf(err, errlen, "%s holds a password but the file is readable by others (mode %04o): "
	         "chmod 640 '%s', or better move the password to ~/.pgpass / PGPASSFILE", where,
	         (unsigned)(st.st_mode & 07777), path);
	return -1;
}

void recorder_config_free(struct recorder_config *c)
{
	free(c->id);
	free(c->share_group);
	free(c->metrics_file);
	free(c->conninfo);
	free(c->evaluator.conninfo);
	mqtt_config_free(&c->mqtt);
	memset(c, 0, sizeof *c);
}
