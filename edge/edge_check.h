/* attendd -n: the deep check of an edge's configuration (lib/config_check.h). */
#ifndef ATTEND_EDGE_CHECK_H
#define ATTEND_EDGE_CHECK_H

#include <stdbool.h>

#include "edge/edge_config.h"

/* Prints each problem; returns how many there were.  online: also connect to the broker. */
int edge_config_check(const struct edge_config *c, const char *path, bool online);

#endif
