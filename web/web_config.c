#include "web/web_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "lib/ini.h"

static void defaults(struct web_config *c)
{
	memset(c, 0, sizeof *c);
	c->listen = strdup("127.0.0.1");
	c->port = 8080;
	c->session_idle = 900;
	c->max_sessions = 200;
	c->max_connections = 64;
	c->refresh = 60;
	c->silent_after = 30;
	c->conninfo = strdup("dbname=attend");
	c->log_target = LOG_TO_SYSLOG;
	c->metrics_interval = 15;
}

static int web_option(struct web_config *c, const char *n, const char *v, char *err, size_t errlen)
{
	if (!strcmp(n, "listen"))          return ini_str(n, v, false, &c->listen, err, errlen);
	if (!strcmp(n, "port"))            return ini_long(n, v, 1, 65535, &c->port, err, errlen);
	if (!strcmp(n, "secure_cookies"))  return ini_bool(n, v, &c->secure_cookies, err, errlen);
	if (!strcmp(n, "session_idle"))    return ini_long(n, v, 2, 86400, &c->session_idle, err, errlen);
	if (!strcmp(n, "max_sessions"))    return ini_long(n, v, 1, 100000, &c->max_sessions, err, errlen);
	if (!strcmp(n, "max_connections")) return ini_long(n, v, 4, 10000, &c->max_connections, err, errlen);
	if (!strcmp(n, "refresh"))         return ini_long(n, v, 10, 3600, &c->refresh, err, errlen);
	if (!strcmp(n, "silent_after"))    return ini_long(n, v, 1, 10080, &c->silent_after, err, errlen);
	if (!strcmp(n, "verbose"))         return ini_bool(n, v, &c->verbose, err, errlen);
	if (!strcmp(n, "metrics_file"))    return ini_str(n, v, false, &c->metrics_file, err, errlen);
	if (!strcmp(n, "metrics_interval")) return ini_long(n, v, 1, 3600, &c->metrics_interval, err, errlen);
	if (!strcmp(n, "log")) {
		if (log_target_parse(v, &c->log_target) == 0)
			return 0;
		snprintf(err, errlen, "option 'log': value '%s' is not stderr or syslog", v);
		return -1;
	}
	snprintf(err, errlen, "unknown option '%s' in [web]", n);
	return -1;
}

/* The database's address only: each session logs in as its user, so a user or a password
 * here would give the web server a power of its own. */
static int conninfo_option(struct web_config *c, const char *n, const char *v, char *err, size_t errlen)
{
	if (strcmp(n, "conninfo")) {
		snprintf(err, errlen, "unknown option '%s' in [database]", n);
		return -1;
	}
	char *perr = NULL;
	PQconninfoOption *o = PQconninfoParse(v, &perr);
	if (!o) {
		snprintf(err, errlen, "option 'conninfo': value '%s' does not parse: %s", v, perr ? perr : "out of memory");
		PQfreemem(perr);
		return -1;
	}
	const char *bad = NULL;
	for (PQconninfoOption *i = o; i->keyword; i++)
		if (i->val && (!strcmp(i->keyword, "user") || !strcmp(i->keyword, "password") ||
		               !strcmp(i->keyword, "passfile")))
			bad = i->keyword;
	PQconninfoFree(o);
	if (bad) {
		snprintf(err, errlen, "option 'conninfo': '%s' may not be given: every session logs in as its own "
		         "user with the password typed in the login form", bad);
		return -1;
	}
	return ini_str(n, v, false, &c->conninfo, err, errlen);
}

static int on_option(void *u, const char *section, const char *n, const char *v, char *err, size_t errlen)
{
	struct web_config *c = u;
	if (!strcmp(section, "web"))
		return web_option(c, n, v, err, errlen);
	if (!strcmp(section, "database"))
		return conninfo_option(c, n, v, err, errlen);
	snprintf(err, errlen, "unknown section [%s] (web, database)", section);
	return -1;
}

int web_config_load(struct web_config *c, const char *path, char *err, size_t errlen)
{
	defaults(c);
	if (ini_load(path, on_option, c, err, errlen) != 0) {
		web_config_free(c);
		return -1;
	}
	return 0;
}

int web_config_load_string(struct web_config *c, const char *name, const char *text, char *err, size_t errlen)
{
	defaults(c);
	if (ini_load_string(name, text, on_option, c, err, errlen) != 0) {
		web_config_free(c);
		return -1;
	}
	return 0;
}

void web_config_free(struct web_config *c)
{
	free(c->listen);
	free(c->conninfo);
	free(c->metrics_file);
	memset(c, 0, sizeof *c);
}
