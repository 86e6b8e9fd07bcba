#include "lib/ini.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct trampoline {
	ini_option_fn fn;
	void *user;
	char msg[512];
	bool failed;
};

static int on_option(void *u, const char *section, const char *name, const char *value)
{
	struct trampoline *t = u;
	char msg[512] = "";
	if (!name) /* inih reports a bare section header with name == NULL only if configured */
		return 1;
	if (t->fn(t->user, section, name, value, msg, sizeof msg) == 0)
		return 1;
	if (!t->failed) {   /* inih carries on after an error and reports the first line */
		snprintf(t->msg, sizeof t->msg, "%s", msg[0] ? msg : "invalid option");
		t->failed = true;
	}
	return 0;
}

static int report(int rc, const char *name, struct trampoline *t, char *err, size_t errlen)
{
	if (rc == 0)
		return 0;
	if (rc > 0) {
		if (t->failed)
			snprintf(err, errlen, "%s:%d: %s", name, rc, t->msg);
		else
			snprintf(err, errlen, "%s:%d: syntax error (expected [section] or name = value)",
			         name, rc);
		return -EINVAL;
	}
	if (rc == -1) {
		int e = errno ? errno : EIO;
		snprintf(err, errlen, "%s: %s", name, strerror(e));
		return -e;
	}
	snprintf(err, errlen, "%s: out of memory", name);
	return -ENOMEM;
}

int ini_load(const char *path, ini_option_fn fn, void *user, char *err, size_t errlen)
{
	struct trampoline t = { .fn = fn, .user = user };
	FILE *f = fopen(path, "re");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -e;
	}
	int rc = ini_parse_file(f, on_option, &t);
	fclose(f);
	return report(rc, path, &t, err, errlen);
}

int ini_load_string(const char *name, const char *text, ini_option_fn fn, void *user,
                    char *err, size_t errlen)
{
	struct trampoline t = { .fn = fn, .user = user };
	return report(ini_parse_string(text, on_option, &t), name, &t, err, errlen);
}

int ini_long(const char *name, const char *value, long min, long max, long *out,
             char *err, size_t errlen)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < min || v > max) {
		snprintf(err, errlen, "option '%s': value '%s' is not a whole number from %ld to %ld",
		         name, value, min, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int ini_bool(const char *name, const char *value, bool *out, char *err, size_t errlen)
{
	static const char *yes[] = { "yes", "true", "on", "1" }, *no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(value, yes[i]) == 0) { *out = true; return 0; }
		if (strcasecmp(value, no[i]) == 0) { *out = false; return 0; }
	}
	snprintf(err, errlen, "option '%s': value '%s' is not yes or no", name, value);
	return -EINVAL;
}

int ini_str(const char *name, const char *value, bool allow_empty, char **out,
            char *err, size_t errlen)
{
	if (!allow_empty && !*value) {
		snprintf(err, errlen, "option '%s': must not be empty", name);
		return -EINVAL;
	}
	char *s = strdup(value);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	free(*out);
	*out = s;
	return 0;
}
