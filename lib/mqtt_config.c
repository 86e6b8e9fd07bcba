#include "lib/mqtt_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/ini.h"

static void brokers_free(struct mqtt_config *c)
{
	for (size_t i = 0; i < c->nbrokers; i++)
		free(c->brokers[i].host);
	c->nbrokers = 0;
}

/* "mq1.example:1883, mq2.example, [fd00::5]:8883": a comma-separated list of host[:port], a
 * numeric IPv6 address in brackets.  The whole list is checked before it replaces the old. */
static int set_brokers(struct mqtt_config *c, const char *value, char *err, size_t errlen)
{
	struct mqtt_config n = { .nbrokers = 0 };
	const char *p = value;
	int rc = 0;
	for (;;) {
		const char *next = p + strcspn(p, ",");
		const char *end = next;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		const char *h = p, *hend = end, *colon = NULL;
		if (h < end && *h == '[') {
			const char *close = memchr(h, ']', (size_t)(end - h));
			if (!close || (close + 1 < end && close[1] != ':')) {
				snprintf(err, errlen, "option 'host': value '%s': '%.*s' is not [IPv6 address]:port",
				         value, (int)(end - p), p);
				rc = -EINVAL;
				break;
			}
			h++;
			hend = close;
			colon = close + 1 < end ? close + 1 : NULL;
		} else {
			colon = memchr(h, ':', (size_t)(end - h));
			if (colon) {
				hend = colon;
				if (memchr(colon + 1, ':', (size_t)(end - colon - 1))) {
					snprintf(err, errlen, "option 'host': value '%s': '%.*s' has more than one ':' "
					         "(write an IPv6 address in brackets: [fd00::5]:1883)", value,
					         (int)(end - p), p);
					rc = -EINVAL;
					break;
				}
			}
		}
		bool space = false;
		for (const char *q = h; q < hend; q++)
			space |= *q == ' ' || *q == '\t';
		if (hend == h || space) {
			snprintf(err, errlen, "option 'host': value '%s': %s", value, hend == h ?
			         "a broker in the list has no host name (brokers are separated by ',')" :
			         "a host name has a space in it (brokers are separated by ',')");
			rc = -EINVAL;
			break;
		}
		long port = 0;
		if (colon) {
			char *e;
			errno = 0;
			port = strtol(colon + 1, &e, 10);
			if (e != end || colon + 1 == end || errno || port < 1 || port > 65535) {
				snprintf(err, errlen, "option 'host': value '%s': port '%.*s' of %.*s is not a "
				         "number from 1 to 65535", value, (int)(end - colon - 1), colon + 1,
				         (int)(hend - h), h);
				rc = -EINVAL;
				break;
			}
		}
		if (n.nbrokers == MQTT_BROKERS_MAX) {
			snprintf(err, errlen, "option 'host': value '%s': more than %d brokers", value,
			         MQTT_BROKERS_MAX);
			rc = -EINVAL;
			break;
		}
		char *name = strndup(h, (size_t)(hend - h));
		if (!name) {
			snprintf(err, errlen, "option 'host': out of memory");
			rc = -ENOMEM;
			break;
		}
		n.brokers[n.nbrokers++] = (struct mqtt_broker){ name, port };
		if (!*next)
			break;
		p = next + 1;
	}
	if (rc == 0)
		rc = ini_str("host", value, false, &c->host, err, errlen);
	if (rc != 0) {
		brokers_free(&n);
		return rc;
	}
	brokers_free(c);
	memcpy(c->brokers, n.brokers, sizeof n.brokers);
	c->nbrokers = n.nbrokers;
	return 0;
}

const char *mqtt_broker_host(const struct mqtt_config *c, size_t i)
{
	return c->brokers[i].host;
}

long mqtt_broker_port(const struct mqtt_config *c, size_t i)
{
	return c->brokers[i].port ? c->brokers[i].port : c->port;
}

void mqtt_broker_label(const struct mqtt_config *c, size_t i, char *buf, size_t len)
{
	const char *h = c->brokers[i].host;
	snprintf(buf, len, strchr(h, ':') ? "[%s]:%ld" : "%s:%ld", h, mqtt_broker_port(c, i));
}

void mqtt_config_init(struct mqtt_config *c)
{
	memset(c, 0, sizeof *c);
	char err[1];
	(void)set_brokers(c, "127.0.0.1", err, sizeof err);
	c->port = 1883;
	c->keepalive_s = 30;
	c->topic_root = strdup("attend/v1");
	c->reconnect_min_s = 1;
	c->reconnect_max_s = 30;
}

void mqtt_config_free(struct mqtt_config *c)
{
	free(c->host);
	brokers_free(c);
	free(c->username);
	free(c->password_file);
	free(c->tls_ca);
	free(c->tls_capath);
	free(c->tls_cert);
	free(c->tls_key);
	free(c->topic_root);
	memset(c, 0, sizeof *c);
}

/* A file option: "%d/NAME" is NAME in the folder where systemd put the unit's credentials
 * (LoadCredential=, $CREDENTIALS_DIRECTORY), the same spelling as %d in a unit file: a service
 * under DynamicUser= cannot read root's key or password file itself (docs/operations.md). */
static int set_path(const char *name, const char *value, char **dst, char *err, size_t errlen)
{
	if (strncmp(value, "%d/", 3) != 0)
		return ini_str(name, value, false, dst, err, errlen);
	const char *dir = getenv("CREDENTIALS_DIRECTORY");
	if (!dir || !*dir) {
		snprintf(err, errlen, "option '%s': '%s' names a systemd credential, and "
		         "CREDENTIALS_DIRECTORY is not set (start it from its unit, or name the file)",
		         name, value);
		return -EINVAL;
	}
	char *path;
	if (asprintf(&path, "%s/%s", dir, value + 3) < 0) {
		snprintf(err, errlen, "option '%s': out of memory", name);
		return -ENOMEM;
	}
	free(*dst);
	*dst = path;
	return 0;
}

int mqtt_config_set(struct mqtt_config *c, const char *name, const char *value,
                    char *err, size_t errlen)
{
	if (!strcmp(name, "host"))            return set_brokers(c, value, err, errlen);
	if (!strcmp(name, "port"))            return ini_long(name, value, 1, 65535, &c->port, err, errlen);
	if (!strcmp(name, "keepalive"))       return ini_long(name, value, 5, 3600, &c->keepalive_s, err, errlen);
	if (!strcmp(name, "username"))        return ini_str(name, value, false, &c->username, err, errlen);
	if (!strcmp(name, "password_file"))   return set_path(name, value, &c->password_file, err, errlen);
	if (!strcmp(name, "tls_ca"))          return set_path(name, value, &c->tls_ca, err, errlen);
	if (!strcmp(name, "tls_capath"))      return set_path(name, value, &c->tls_capath, err, errlen);
	if (!strcmp(name, "tls_cert"))        return set_path(name, value, &c->tls_cert, err, errlen);
	if (!strcmp(name, "tls_key"))         return set_path(name, value, &c->tls_key, err, errlen);
	if (!strcmp(name, "tls_insecure"))    return ini_bool(name, value, &c->tls_insecure, err, errlen);
	if (!strcmp(name, "reconnect_min"))   return ini_long(name, value, 1, 3600, &c->reconnect_min_s, err, errlen);
	if (!strcmp(name, "reconnect_max"))   return ini_long(name, value, 1, 3600, &c->reconnect_max_s, err, errlen);
	if (!strcmp(name, "topic_root")) {
		size_t n = strlen(value);
		if (!n || value[n - 1] == '/' || strpbrk(value, "+#")) {
			snprintf(err, errlen, "option 'topic_root': value '%s' must be a topic without "
			         "wildcards or a trailing '/'", value);
			return -EINVAL;
		}
		return ini_str(name, value, false, &c->topic_root, err, errlen);
	}
	snprintf(err, errlen, "unknown option '%s' in [mqtt]", name);
	return -EINVAL;
}

/* A credential any local user can read (or replace) is as good as published. */
static int check_private(const char *opt, const char *path, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		int e = errno;
		snprintf(err, errlen, "%s '%s': %s", opt, path, strerror(e));
		return -e;
	}
	if (st.st_mode & (S_IROTH | S_IWOTH)) {
		snprintf(err, errlen, "%s '%s' is %s by others (mode %04o); a credential must not be: "
		         "chmod 600 '%s' (or 640 with the service's group)", opt, path,
		         st.st_mode & S_IROTH ? "readable" : "writable", (unsigned)(st.st_mode & 07777), path);
		return -EACCES;
	}
	return 0;
}

int mqtt_config_check_secrets(const struct mqtt_config *c, char *err, size_t errlen)
{
	int rc = 0;
	if (c->password_file)
		rc = check_private("password_file", c->password_file, err, errlen);
	if (rc == 0 && c->tls_key)
		rc = check_private("tls_key", c->tls_key, err, errlen);
	return rc;
}
