/* attend-recorder -n: the deep check of a recorder's configuration (lib/config_check.h). */
#ifndef ATTEND_RECORDER_CHECK_H
#define ATTEND_RECORDER_CHECK_H

#include <stdbool.h>

#include "recorder/recorder_config.h"

/* Prints each problem; returns how many there were.  online: also connect to the broker and
 * the database(s) as configured and say who they took us for. */
int recorder_config_check(const struct recorder_config *c, const char *path, bool online);

#endif
