#include "lib/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

static enum log_target target = LOG_TO_STDERR;
/* Set on SIGHUP by the main thread while driver, evaluator and MQTT threads log. */
static atomic_bool verbose;
static const char *ident = "attend";
/* The MQTT library calls back from its own thread: keep whole lines whole. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void log_init(const char *id, enum log_target t, bool v)
{
	ident = id;
	target = t;
	atomic_store_explicit(&verbose, v, memory_order_relaxed);
	if (t == LOG_TO_SYSLOG)
		openlog(id, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_set_verbose(bool v)
{
	atomic_store_explicit(&verbose, v, memory_order_relaxed);
}

bool log_verbose(void)
{
	return atomic_load_explicit(&verbose, memory_order_relaxed);
}

int log_target_parse(const char *s, enum log_target *out)
{
	if (strcmp(s, "stderr") == 0) *out = LOG_TO_STDERR;
	else if (strcmp(s, "syslog") == 0 || strcmp(s, "journal") == 0) *out = LOG_TO_SYSLOG;
	else return -EINVAL;
	return 0;
}

static void vlog(int pri, const char *fmt, va_list ap, const char *suffix)
{
	char msg[2048];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (target == LOG_TO_SYSLOG) {
		if (suffix) syslog(pri, "%s: %s", msg, suffix);
		else        syslog(pri, "%s", msg);
		return;
	}
	struct timespec ts;
	struct tm tm;
	char stamp[32];
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
	pthread_mutex_lock(&lock);
	fprintf(stderr, "%s.%03ld %s: %s%s%s\n", stamp, ts.tv_nsec / 1000000, ident, msg,
	        suffix ? ": " : "", suffix ? suffix : "");
	pthread_mutex_unlock(&lock);
}

#define LOGFN(name, pri, with_errno)                         \
	void name(const char *fmt, ...)                      \
	{                                                    \
		int saved = errno;                           \
		va_list ap;                                  \
		va_start(ap, fmt);                           \
		vlog(pri, fmt, ap, with_errno ? strerror(saved) : NULL); \
		va_end(ap);                                  \
		errno = saved;                               \
	}

LOGFN(log_info, LOG_INFO, 0)
LOGFN(log_warn, LOG_WARNING, 1)
LOGFN(log_warnx, LOG_WARNING, 0)

void log_debug(const char *fmt, ...)
{
	if (!log_verbose())
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap, NULL);
	va_end(ap);
}
