/* attend-recorder's work: taps off the broker (a shared subscription), stored in batches, each
 * edge acknowledged after COMMIT; the day evaluator alongside when configured. */
#ifndef ATTEND_RECORDER_RUN_H
#define ATTEND_RECORDER_RUN_H

#include "recorder/recorder_config.h"

/* Runs until SIGTERM/SIGINT.  Takes ownership of *cfg.  Logs why it could not start (log_init
 * first).  Returns the exit status. */
int recorder_run(struct recorder_config *cfg);

#endif
