/* attendd: the edge daemon, one per entrance host. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/edge.h"
#include "daemon/edge_config.h"
#include "daemon/log.h"

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: attendd [-n] [-d] [-v] [-c config]\n"
	        "  -c FILE  configuration (default /etc/attendd/attendd.ini)\n"
	        "  -n       check the configuration and exit\n"
	        "  -d       stay in the foreground and log to stderr\n"
	        "  -v       verbose: log every tap\n");
}

int main(int argc, char **argv)
{
	const char *path = "/etc/attendd/attendd.ini";
	bool check = false, debug = false, verbose = false;
	int ch;
	while ((ch = getopt(argc, argv, "c:ndvh")) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		case 'n': check = true; break;
		case 'd': debug = true; break;
		case 'v': verbose = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "attendd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	struct edge_config cfg;
	char err[512];
	if (edge_config_load(&cfg, path, err, sizeof err) != 0) {
		fprintf(stderr, "attendd: %s\n", err);
		return 1;
	}
	if (check) {
		printf("%s: configuration OK (edge %s, site %s, %zu reader(s))\n", path, cfg.edge_id,
		       cfg.site, cfg.nreaders);
		edge_config_free(&cfg);
		return 0;
	}
	log_init("attendd", debug ? LOG_TO_STDERR : cfg.log_target, verbose || cfg.verbose);
	return edge_run(path, &cfg);
}
