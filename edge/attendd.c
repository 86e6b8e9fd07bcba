/* attendd: the edge daemon, one per entrance host. */
#include <stdio.h>

#include "lib/cli.h"
#include "edge/edge.h"
#include "edge/edge_check.h"
#include "edge/edge_config.h"
#include "lib/log.h"

int main(int argc, char **argv)
{
	struct daemon_args a;
	int rc = daemon_args_parse(&a, argc, argv, "attendd", "/etc/attendd/attendd.ini", "log every tap");
	if (rc >= 0)
		return rc;
	const char *path = a.config;
	struct edge_config cfg;
	char err[512];
	if (edge_config_load(&cfg, path, err, sizeof err) != 0) {
		fprintf(stderr, "attendd: %s\n", err);
		return 1;
	}
	if (mqtt_config_check_secrets(&cfg.mqtt, err, sizeof err) != 0) {   /* -n too */
		fprintf(stderr, "attendd: %s: %s\n", path, err);
		edge_config_free(&cfg);
		return 1;
	}
	if (a.check) {
		int problems = edge_config_check(&cfg, path, a.online);
		if (problems) {
			fprintf(stderr, "attendd: %s: %d problem(s)\n", path, problems);
			edge_config_free(&cfg);
			return 1;
		}
		printf("%s: configuration OK (edge %s, site %s, %zu reader(s))\n", path, cfg.edge_id,
		       cfg.site, cfg.nreaders);
		edge_config_free(&cfg);
		return 0;
	}
	log_init("attendd", a.debug ? LOG_TO_STDERR : cfg.log_target, a.verbose || cfg.verbose);
	return edge_run(path, &cfg, a.verbose);
}
