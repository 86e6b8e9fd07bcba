/* attendd's main loop: readers -> debounce -> badge lookup -> journal (fdatasync) -> feedback,
 * then MQTT out and application acks in.  One poll() loop drives the readers, the signals (a
 * signalfd) and libmosquitto (lib/mqtt.h, polled). */
#ifndef ATTEND_EDGE_H
#define ATTEND_EDGE_H

#include <stdbool.h>

#include "edge/edge_config.h"

/* Runs until SIGTERM/SIGINT.  Takes ownership of *cfg.  cli_verbose: -v was given (a reload
 * keeps it).  Returns the exit status. */
int edge_run(const char *config_path, struct edge_config *cfg, bool cli_verbose);

#endif
