#include "lib/cli.h"

#include <getopt.h>
#include <stdio.h>

static void usage(FILE *f, const char *prog, const char *default_config, const char *verbose_means)
{
	fprintf(f,
	        "usage: %s [-n [--online]] [-d] [-v] [-c config]\n"
	        "  -c FILE  configuration (default %s)\n"
	        "  -n       check the configuration and every file it names, and exit\n"
	        "  --online with -n: also connect to the broker (and database) as configured\n"
	        "  -d       stay in the foreground and log to stderr\n"
	        "  -v       verbose: %s\n", prog, default_config, verbose_means);
}

int daemon_args_parse(struct daemon_args *a, int argc, char **argv, const char *prog,
                      const char *default_config, const char *verbose_means)
{
	*a = (struct daemon_args){ .config = default_config };
	static const struct option longs[] = { { "online", no_argument, NULL, 'O' }, { 0 } };
	int ch;
	while ((ch = getopt_long(argc, argv, "c:ndvh", longs, NULL)) != -1) {
		switch (ch) {
		case 'O': a->online = true; break;
		case 'c': a->config = optarg; break;
		case 'n': a->check = true; break;
		case 'd': a->debug = true; break;
		case 'v': a->verbose = true; break;
		case 'h': usage(stdout, prog, default_config, verbose_means); return 0;
		default: usage(stderr, prog, default_config, verbose_means); return 2;
		}
	}
	if (a->online && !a->check) {
		fprintf(stderr, "%s: --online goes with -n\n", prog);
		return 2;
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog, argv[optind]);
		usage(stderr, prog, default_config, verbose_means);
		return 2;
	}
	return -1;
}
