/* systemd readiness and status (sd_notify); a no-op outside systemd. */
#ifndef ATTEND_NOTIFY_H
#define ATTEND_NOTIFY_H

void notify_ready(void);
void notify_reloading(void);
void notify_stopping(void);
void notify_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
