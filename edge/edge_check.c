/* edge/edge_check.h.  The journal folder must be ours to write; the badge cache may be missing
 * (the door then works with every badge unknown, as at start-up) but not unreadable. */
#include "edge/edge_check.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/config_check.h"
#include "lib/mqtt_check.h"

/* Every file the readers will open: there, and readable (and writable when opened so) by this
 * user; a hot-plug device not plugged in yet is a note, not a problem. */
static void check_reader_files(struct config_check *ck, const struct edge_config *c)
{
	for (size_t i = 0; i < c->nreaders; i++) {
		const struct reader *r = c->readers[i];
		struct reader_file f[READER_FILES_MAX];
		size_t n = reader_files(r, f);
		char section[READER_ID_MAX + 8];
		snprintf(section, sizeof section, "reader.%s", r->id);
		for (size_t j = 0; j < n; j++) {
			if (access(f[j].path, F_OK) != 0 && errno == ENOENT && f[j].hotplug) {
				fprintf(stderr, "attendd: %s:%d: [%s] %s '%s' is not plugged in now: the reader will "
				        "report an error until it is\n", ck->path,
				        ini_option_line(ck->path, section, f[j].option), section, f[j].option, f[j].path);
				continue;
			}
			struct stat st;
			if (stat(f[j].path, &st) == 0 && S_ISDIR(st.st_mode))
				check_problem(ck, section, f[j].option, "'%s': a folder, not a device, a FIFO or a file",
				              f[j].path);
			else if (access(f[j].path, f[j].write ? R_OK | W_OK : R_OK) != 0)
				check_problem(ck, section, f[j].option, "'%s': %s (uid %ld%s)", f[j].path,
				              strerror(errno), (long)geteuid(),
				              f[j].write ? ", needs read and write" : ", needs read");
		}
	}
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
		check_file_folder(&ck, "edge", "metrics_file", c->metrics_file);
	check_reader_files(&ck, c);
	check_mqtt_files(&ck, &c->mqtt);
	if (online && ck.problems == 0) {
		const char *ident = c->mqtt.tls_cert ? c->mqtt.tls_cert :
		                    c->mqtt.username ? c->mqtt.username : "anonymous";
		/* every broker listed: the edge may need any of them (docs/deployment.md) */
		for (size_t b = 0; b < c->mqtt.nbrokers; b++) {
			char id[160], err[512], name[300];
			mqtt_broker_label(&c->mqtt, b, name, sizeof name);
			snprintf(id, sizeof id, "attendd-check-%s-%ld", c->edge_id, (long)getpid());
			if (mqtt_check_online(&c->mqtt, b, id, 10000, err, sizeof err) != 0)
				check_problem(&ck, "mqtt", "host", "broker %s: %s (identity %s)", name, err, ident);
			else
				printf("%s: broker %s accepted this edge's identity (%s)\n", path, name, ident);
		}
	}
	return ck.problems;
}
