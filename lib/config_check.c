/* lib/config_check.h.  The file tests use access(2): what matters is whether the user who
 * runs the check (the service's user, when run as it) may read the file, not its mode bits. */
#include "lib/config_check.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/tls_check.h"

int ini_option_line(const char *path, const char *section, const char *option)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	char line[1024], cur[128] = "";
	int n = 0, found = 0;
	size_t olen = strlen(option);
	while (!found && fgets(line, sizeof line, f)) {
		n++;
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '[') {
			size_t k = strcspn(s + 1, "]");
			snprintf(cur, sizeof cur, "%.*s", (int)k, s + 1);
		} else if (section && strcmp(cur, section) == 0 && strncmp(s, option, olen) == 0) {
			char *t = s + olen;
			while (*t == ' ' || *t == '\t')
				t++;
			if (*t == '=' || *t == ':')
				found = n;
		}
	}
	fclose(f);
	return found;
}

void check_problem(struct config_check *ck, const char *section, const char *option,
                   const char *fmt, ...)
{
	char msg[768], where[64] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	int line = section && option ? ini_option_line(ck->path, section, option) : 0;
	if (line)
		snprintf(where, sizeof where, ":%d", line);
	if (section && option)
		fprintf(stderr, "%s: %s%s: [%s] %s %s\n", ck->prog, ck->path, where, section, option, msg);
	else
		fprintf(stderr, "%s: %s: %s\n", ck->prog, ck->path, msg);
	ck->problems++;
}

bool check_readable(struct config_check *ck, const char *section, const char *option,
                    const char *path, bool dir)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		check_problem(ck, section, option, "'%s': %s", path, strerror(errno));
		return false;
	}
	if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
		check_problem(ck, section, option, "'%s': not a %s", path, dir ? "folder" : "regular file");
		return false;
	}
	if (access(path, dir ? R_OK | X_OK : R_OK) != 0) {
		check_problem(ck, section, option, "'%s': not readable by this user (uid %ld): %s", path,
		              (long)geteuid(), strerror(errno));
		return false;
	}
	return true;
}

void check_file_folder(struct config_check *ck, const char *section, const char *option,
                       const char *file)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", file);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	struct stat st;
	if (stat(dir, &st) != 0 && errno == ENOENT) {
		int line = ini_option_line(ck->path, section, option);
		fprintf(stderr, "%s: %s:%d: [%s] %s '%s': its folder '%s' does not exist yet (systemd makes "
		        "it at start as the unit's RuntimeDirectory; elsewhere make it)\n", ck->prog,
		        ck->path, line, section, option, file, dir);
		return;
	}
	if (stat(dir, &st) != 0)
		check_problem(ck, section, option, "'%s': folder '%s': %s", file, dir, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		check_problem(ck, section, option, "'%s': '%s' is not a folder", file, dir);
	else if (access(dir, W_OK | X_OK) != 0)
		check_problem(ck, section, option, "'%s': folder '%s' not writable by this user (uid %ld): %s",
		              file, dir, (long)geteuid(), strerror(errno));
}

void check_writable_dir(struct config_check *ck, const char *section, const char *option,
                        const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			check_problem(ck, section, option, "'%s': not a folder", path);
		else if (access(path, W_OK | X_OK) != 0)
			check_problem(ck, section, option, "'%s': not writable by this user (uid %ld): %s",
			              path, (long)geteuid(), strerror(errno));
		return;
	}
	if (errno != ENOENT) {
		check_problem(ck, section, option, "'%s': %s", path, strerror(errno));
		return;
	}
	/* made at start: its parent must let us */
	char parent[4096];
	snprintf(parent, sizeof parent, "%s", path);
	char *slash = strrchr(parent, '/');
	if (slash == parent)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(parent, sizeof parent, ".");
	if (access(parent, W_OK | X_OK) != 0)
		check_problem(ck, section, option, "'%s' does not exist and cannot be made in '%s': %s",
		              path, parent, strerror(errno));
}

static void check_cert(struct config_check *ck, const char *option, const char *path)
{
	char err[512];
	if (check_readable(ck, "mqtt", option, path, false) &&
	    tls_check_cert(path, time(NULL), err, sizeof err) != 0)
		check_problem(ck, "mqtt", option, "'%s': %s", path, err);
}

void check_mqtt_files(struct config_check *ck, const struct mqtt_config *c)
{
	char err[512];
	if (c->password_file)
		check_readable(ck, "mqtt", "password_file", c->password_file, false);
	if (c->tls_ca)
		check_cert(ck, "tls_ca", c->tls_ca);
	if (c->tls_capath)
		check_readable(ck, "mqtt", "tls_capath", c->tls_capath, true);
	if (c->tls_cert)
		check_cert(ck, "tls_cert", c->tls_cert);
	if (c->tls_key && check_readable(ck, "mqtt", "tls_key", c->tls_key, false) &&
	    tls_check_key(c->tls_key, c->tls_cert, err, sizeof err) != 0)
		check_problem(ck, "mqtt", "tls_key", "'%s': %s", c->tls_key, err);
	if ((c->tls_cert != NULL) != (c->tls_key != NULL))
		check_problem(ck, "mqtt", c->tls_cert ? "tls_cert" : "tls_key",
		              "is set without %s: a client certificate needs both", c->tls_cert ? "tls_key" : "tls_cert");
	if ((c->tls_cert || c->tls_key) && !c->tls_ca && !c->tls_capath)
		check_problem(ck, "mqtt", c->tls_cert ? "tls_cert" : "tls_key",
		              "is set but TLS is off: set tls_ca (or tls_capath) too");
}
