/* The command line both daemons share: -c FILE, -n (check and exit; with --online also ask the
 * broker and the database), -d (foreground, stderr), -v (verbose), -h. */
#ifndef ATTEND_CLI_H
#define ATTEND_CLI_H

#include <stdbool.h>

struct daemon_args {
	const char *config;
	bool check, online, debug, verbose;
};

/* -1: go on; otherwise the exit status (0 after -h, 2 for a wrong option or argument). */
int daemon_args_parse(struct daemon_args *a, int argc, char **argv, const char *prog,
                      const char *default_config, const char *verbose_means);

#endif
