/* attendd's main loop: readers -> debounce -> badge lookup -> journal (fdatasync) -> feedback,
 * then MQTT out and application acks in.  One poll() loop; signals arrive on a signalfd. */
#ifndef ATTEND_EDGE_H
#define ATTEND_EDGE_H

#include "edge/edge_config.h"

/* Runs until SIGTERM/SIGINT.  Takes ownership of *cfg.  Returns the exit status. */
int edge_run(const char *config_path, struct edge_config *cfg);

#endif
