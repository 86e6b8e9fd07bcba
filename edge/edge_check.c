/* edge/edge_check.h.  The journal folder must be ours to write; the badge cache may be missing
 * (the door then works with every badge unknown, as at start-up) but not unreadable; the
 * metrics file's folder, if there, must be ours to write; a reader's device or file, if there,
 * must be one we can read. */
#include "edge/edge_check.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/config_check.h"
#include "lib/ini.h"
#include "lib/mqtt_check.h"

/* The metrics page replaces its file through a temporary file beside it (lib/prom.c), so the
 * folder must be writable.  A folder not there yet is only said: systemd makes /run/attendd
 * (RuntimeDirectory=) as the service starts, after a check run by hand. */
static void check_metrics_dir(struct config_check *ck, const char *path, const char *file)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", file);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	struct stat st;
	if (stat(dir, &st) != 0 && errno == ENOENT) {
		fprintf(stderr, "attendd: %s: [edge] metrics_file '%s': the folder '%s' does not exist yet: no metrics "
		        "are written until it does (attendd.service makes /run/attendd as it starts)\n", path, file, dir);
		return;
	}
	check_writable_dir(ck, "edge", "metrics_file", dir);
}

/* The readers' `device` and `path` options are their drivers' own (readers/), so they are read
 * again from the file here.  Only a value that is a path is looked at (a libnfc connstring is
 * not).  One not there is only said: a keyboard-wedge reader may be plugged in later (hot-plug),
 * and the udev rules make its /dev/input/by-id link then. */
static int reader_path_option(void *user, const char *section, const char *name, const char *value,
                              char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	struct config_check *ck = user;
	if (strncmp(section, "reader.", 7) || (strcmp(name, "device") && strcmp(name, "path")) || value[0] != '/')
		return 0;
	struct stat st;
	if (stat(value, &st) != 0) {
		if (errno == ENOENT)
			fprintf(stderr, "attendd: %s: [%s] %s '%s' is not there now: the reader stays offline until it "
			        "is\n", ck->path, section, name, value);
		else
			check_problem(ck, section, name, "'%s': %s", value, strerror(errno));
	} else if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISREG(st.st_mode)) {
		check_problem(ck, section, name, "'%s': not a device, a FIFO or a file", value);
	} else if (access(value, R_OK) != 0) {
		check_problem(ck, section, name, "'%s': not readable by this user (uid %ld): %s (the udev rules "
		              "give the readers to the service's group)", value, (long)geteuid(), strerror(errno));
	}
	return 0;
}

int edge_config_check(const struct edge_config *c, const char *path, bool online)
{
	struct config_check ck = { .prog = "attendd", .path = path };
	check_writable_dir(&ck, "edge", "journal_dir", c->journal_dir);
	if (c->badge_cache && access(c->badge_cache, F_OK) == 0)
		check_readable(&ck, "edge", "badge_cache", c->badge_cache, false);
	else if (c->badge_cache)
		fprintf(stderr, "attendd: %s: [edge] badge_cache '%s' does not exist yet: every badge will "
		        "be unknown at the door until `attendctl badges export` writes it\n", path,
		        c->badge_cache);
	if (c->metrics_file)
		check_metrics_dir(&ck, path, c->metrics_file);
	char err[512];
	if (ini_load(path, reader_path_option, &ck, err, sizeof err) != 0)
		check_problem(&ck, NULL, NULL, "%s", err);
	check_mqtt_files(&ck, &c->mqtt);
	if (online && ck.problems == 0) {
		char id[160];
		snprintf(id, sizeof id, "attendd-check-%s-%ld", c->edge_id, (long)getpid());
		if (mqtt_check_online(&c->mqtt, id, 10000, err, sizeof err) != 0)
			check_problem(&ck, "mqtt", "host", "'%s': %s (identity %s)", c->mqtt.host, err,
			              c->mqtt.tls_cert ? c->mqtt.tls_cert : c->mqtt.username ? c->mqtt.username : "anonymous");
		else
			printf("%s: broker %s:%ld accepted this edge's identity (%s)\n", path, c->mqtt.host,
			       c->mqtt.port, c->mqtt.tls_cert ? c->mqtt.tls_cert :
			       c->mqtt.username ? c->mqtt.username : "anonymous");
	}
	return ck.problems;
}
