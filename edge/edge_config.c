#include "edge/edge_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ini.h"
#include "lib/payload.h"

static void defaults(struct edge_config *c)
{
	memset(c, 0, sizeof *c);
	c->journal_dir = strdup("/var/lib/attendd/journal");
	c->journal_capacity = 100000;
	c->journal_segment = 10000;
	c->debounce_ms = 3000;
	c->log_target = LOG_TO_SYSLOG;
	c->window = 2000;
	c->resend_after_s = 30;
	c->status_interval_s = 30;
	c->reader_silent_s = 0;
	c->metrics_interval_s = 15;
	mqtt_config_init(&c->mqtt);
}

static int set_name(const char *name, const char *value, char **out, char *err, size_t errlen)
{
	if (!payload_valid_name(value, NAME_MAX_LEN)) {
		snprintf(err, errlen, "option '%s': value '%s' must be 1-63 of A-Z a-z 0-9 . _ -",
		         name, value);
		return -1;
	}
	return ini_str(name, value, false, out, err, errlen);
}

static int edge_option(struct edge_config *c, const char *n, const char *v, char *err, size_t errlen)
{
	if (!strcmp(n, "id"))                return set_name(n, v, &c->edge_id, err, errlen);
	if (!strcmp(n, "site"))              return set_name(n, v, &c->site, err, errlen);
	if (!strcmp(n, "journal_dir"))       return ini_str(n, v, false, &c->journal_dir, err, errlen);
	if (!strcmp(n, "journal_capacity"))  return ini_long(n, v, 100, 10000000, &c->journal_capacity, err, errlen);
	if (!strcmp(n, "journal_segment"))   return ini_long(n, v, 10, 1000000, &c->journal_segment, err, errlen);
	if (!strcmp(n, "debounce_ms"))       return ini_long(n, v, 0, 600000, &c->debounce_ms, err, errlen);
	if (!strcmp(n, "badge_cache"))       return ini_str(n, v, false, &c->badge_cache, err, errlen);
	if (!strcmp(n, "verbose"))           return ini_bool(n, v, &c->verbose, err, errlen);
	if (!strcmp(n, "window"))            return ini_long(n, v, 1, 1000000, &c->window, err, errlen);
	if (!strcmp(n, "resend_after"))      return ini_long(n, v, 1, 86400, &c->resend_after_s, err, errlen);
	if (!strcmp(n, "status_interval"))   return ini_long(n, v, 1, 86400, &c->status_interval_s, err, errlen);
	if (!strcmp(n, "metrics_file"))      return ini_str(n, v, false, &c->metrics_file, err, errlen);
	if (!strcmp(n, "metrics_interval"))  return ini_long(n, v, 1, 3600, &c->metrics_interval_s, err, errlen);
	if (!strcmp(n, "reader_silent_after")) return ini_long(n, v, 0, 30 * 86400, &c->reader_silent_s, err, errlen);
	if (!strcmp(n, "log")) {
		if (log_target_parse(v, &c->log_target) == 0)
			return 0;
		snprintf(err, errlen, "option 'log': value '%s' is not stderr or syslog", v);
		return -1;
	}
	snprintf(err, errlen, "unknown option '%s' in [edge]", n);
	return -1;
}

static int reader_option(struct edge_config *c, const char *id, const char *n, const char *v,
                         char *err, size_t errlen)
{
	struct reader *r = c->nreaders ? c->readers[c->nreaders - 1] : NULL;
	if (!r || strcmp(r->id, id) != 0) {
		for (size_t i = 0; i < c->nreaders; i++)
			if (!strcmp(c->readers[i]->id, id)) {
				snprintf(err, errlen, "reader '%s' is configured twice", id);
				return -1;
			}
		if (strcmp(n, "driver") != 0) {
			snprintf(err, errlen, "[reader.%s]: 'driver' must be the first option", id);
			return -1;
		}
		if (!payload_valid_name(id, READER_ID_MAX)) {
			snprintf(err, errlen, "reader id '%s' must be 1-47 of A-Z a-z 0-9 . _ -", id);
			return -1;
		}
		struct reader **rs = realloc(c->readers, (c->nreaders + 1) * sizeof *rs);
		if (!rs) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		c->readers = rs;
		int rc = reader_new(&rs[c->nreaders], id, v, READER_DIR_BOTH);
		if (rc == -ENOENT) {
			snprintf(err, errlen, "option 'driver': value '%s' is not a reader driver (%s)", v,
			         reader_driver_names());
			return -1;
		}
		if (rc < 0) {
			snprintf(err, errlen, "reader '%s': %s", id, strerror(-rc));
			return -1;
		}
		c->nreaders++;
		return 0;
	}
	if (!strcmp(n, "driver")) {
		snprintf(err, errlen, "[reader.%s]: 'driver' given twice", id);
		return -1;
	}
	if (!strcmp(n, "direction")) {
		if (reader_direction_parse(v, &r->direction) == 0)
			return 0;
		snprintf(err, errlen, "option 'direction': value '%s' is not in, out or both", v);
		return -1;
	}
	char msg[256] = "";
	if (reader_configure(r, n, v, msg, sizeof msg) != 0) {
		snprintf(err, errlen, "[reader.%s] option '%s', value '%s': %s", id, n, v, msg);
		return -1;
	}
	return 0;
}

static int on_option(void *u, const char *section, const char *name, const char *value,
                     char *err, size_t errlen)
{
	struct edge_config *c = u;
	if (!strcmp(section, "edge"))
		return edge_option(c, name, value, err, errlen);
	if (!strcmp(section, "mqtt"))
		return mqtt_config_set(&c->mqtt, name, value, err, errlen);
	if (!strncmp(section, "reader.", 7))
		return reader_option(c, section + 7, name, value, err, errlen);
	snprintf(err, errlen, "unknown section [%s] (edge, mqtt, reader.<id>)", section);
	return -1;
}

static int finish(struct edge_config *c, const char *name, char *err, size_t errlen)
{
	const char *missing = !c->edge_id ? "[edge] id" : !c->site ? "[edge] site" : NULL;
	if (missing) {
		snprintf(err, errlen, "%s: %s is required", name, missing);
		return -1;
	}
	if (c->nreaders == 0) {
		snprintf(err, errlen, "%s: no reader configured (add a [reader.<id>] section)", name);
		return -1;
	}
	if (c->journal_segment > c->journal_capacity) {
		snprintf(err, errlen, "%s: [edge] journal_segment (%ld) is larger than journal_capacity (%ld)",
		         name, c->journal_segment, c->journal_capacity);
		return -1;
	}
	if (c->mqtt.reconnect_min_s > c->mqtt.reconnect_max_s) {
		snprintf(err, errlen, "%s: [mqtt] reconnect_min is larger than reconnect_max", name);
		return -1;
	}
	return 0;
}

int edge_config_load(struct edge_config *c, const char *path, char *err, size_t errlen)
{
	defaults(c);
	if (ini_load(path, on_option, c, err, errlen) != 0 || finish(c, path, err, errlen) != 0) {
		edge_config_free(c);
		return -1;
	}
	return 0;
}

int edge_config_load_string(struct edge_config *c, const char *name, const char *text,
                            char *err, size_t errlen)
{
	defaults(c);
	if (ini_load_string(name, text, on_option, c, err, errlen) != 0 ||
	    finish(c, name, err, errlen) != 0) {
		edge_config_free(c);
		return -1;
	}
	return 0;
}

void edge_config_free(struct edge_config *c)
{
	free(c->edge_id);
	free(c->site);
	free(c->journal_dir);
	free(c->badge_cache);
	free(c->metrics_file);
	mqtt_config_free(&c->mqtt);
	for (size_t i = 0; i < c->nreaders; i++)
		reader_free(c->readers[i]);
	free(c->readers);
	memset(c, 0, sizeof *c);
}
