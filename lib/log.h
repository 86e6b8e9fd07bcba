/* Logging to stderr or syslog (which the journal collects).  After OpenBSD ntpd's log.c:
 * log_warn() appends strerror(errno), log_warnx() does not.  No fatal(): a daemon here stops
 * through its own cleanup, so it logs and returns.  Any thread may log; log_debug() prints only
 * when verbose, which the main thread may change at any time (SIGHUP). */
#ifndef ATTEND_LOG_H
#define ATTEND_LOG_H

#include <stdbool.h>

enum log_target { LOG_TO_STDERR, LOG_TO_SYSLOG };

void log_init(const char *ident, enum log_target target, bool verbose);
void log_set_verbose(bool verbose);
bool log_verbose(void);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parses "stderr" / "syslog" ("journal" is syslog); 0, or -EINVAL if neither. */
int log_target_parse(const char *s, enum log_target *out);

#endif
