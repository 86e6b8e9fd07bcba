/* recorder/recorder_check.h: the [mqtt] files, each conninfo (it parses, the files it names),
 * and with online the broker and each database as the configured identity. */
#include "recorder/recorder_check.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/config_check.h"
#include "lib/mqtt_check.h"
#include "lib/pg_check.h"

struct conninfo_ctx {
	struct config_check *ck;
	const char *section;
};

static void conninfo_file(void *u, const char *keyword, const char *path)
{
	struct conninfo_ctx *x = u;
	char what[64];
	snprintf(what, sizeof what, "conninfo %s", keyword);
	/* reported on the conninfo line: the keyword is inside its value */
	struct config_check *ck = x->ck;
	if (access(path, R_OK) != 0) {
		int line = ini_option_line(ck->path, x->section, "conninfo");
		fprintf(stderr, "%s: %s:%d: [%s] %s '%s': not readable by this user (uid %ld)\n", ck->prog,
		        ck->path, line, x->section, what, path, (long)geteuid());
		ck->problems++;
	}
}

static void check_db(struct config_check *ck, const char *section, const char *conninfo, bool online)
{
	char err[512], who[256];
	if (pg_check_conninfo(conninfo, err, sizeof err) != 0) {
		check_problem(ck, section, "conninfo", "'%s' does not parse: %s", conninfo, err);
		return;
	}
	struct conninfo_ctx x = { .ck = ck, .section = section };
	pg_conninfo_files(conninfo, conninfo_file, &x);
	if (!online)
		return;
	if (pg_check_online(conninfo, who, sizeof who, err, sizeof err) != 0)
		check_problem(ck, section, "conninfo", "the database did not take us: %s", err);
	else
		printf("%s: [%s] the database answered: %s\n", ck->path, section, who);
}

int recorder_config_check(const struct recorder_config *c, const char *path, bool online)
{
	struct config_check ck = { .prog = "attend-recorder", .path = path };
	if (c->metrics_file)
		check_file_folder(&ck, "recorder", "metrics_file", c->metrics_file);
	check_mqtt_files(&ck, &c->mqtt);
	check_db(&ck, "database", c->conninfo, online);
	if (c->evaluator.enabled && c->evaluator.conninfo)
		check_db(&ck, "evaluator", c->evaluator.conninfo, online);
	if (online && ck.problems == 0) {
		const char *ident = c->mqtt.tls_cert ? c->mqtt.tls_cert :
		                    c->mqtt.username ? c->mqtt.username : "anonymous";
		/* every broker listed: the recorder may need any of them (docs/deployment.md) */
		for (size_t b = 0; b < c->mqtt.nbrokers; b++) {
			char id[160], err[512], name[300];
			mqtt_broker_label(&c->mqtt, b, name, sizeof name);
			snprintf(id, sizeof id, "attend-recorder-check-%s-%ld", c->id, (long)getpid());
			if (mqtt_check_online(&c->mqtt, b, id, 10000, err, sizeof err) != 0)
				check_problem(&ck, "mqtt", "host", "broker %s: %s (identity %s)", name, err, ident);
			else
				printf("%s: broker %s accepted this recorder's identity (%s)\n", path, name, ident);
		}
	}
	return ck.problems;
}
