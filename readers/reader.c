/* Reader registry and the thin dispatch every driver goes through. */
#include "readers/reader.h"

#include "readers/gpio_feedback.h"
#include "lib/timeutil.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Every built-in driver, in the order `attendd -n` lists them. */
extern const struct reader_driver reader_driver_sim;
extern const struct reader_driver reader_driver_nfc;
extern const struct reader_driver reader_driver_wedge;

static const struct reader_driver *const drivers[] = {
	&reader_driver_sim,
	&reader_driver_nfc,
	&reader_driver_wedge,
};

const struct reader_driver *reader_driver_find(const char *name)
{
	for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++)
		if (strcmp(drivers[i]->name, name) == 0)
			return drivers[i];
	return NULL;
}

const char *reader_driver_names(void)
{
	static char buf[128];
	if (!buf[0]) {
		size_t off = 0;
		for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++)
			off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s", i ? ", " : "",
			                        drivers[i]->name);
	}
	return buf;
}

int reader_new(struct reader **ret, const char *id, const char *driver, enum reader_direction dir)
{
	const struct reader_driver *d = reader_driver_find(driver);
	if (!d)
		return -ENOENT;
	if (strlen(id) >= READER_ID_MAX)
		return -ENAMETOOLONG;
	struct reader *r = calloc(1, sizeof *r);
	if (!r)
		return -ENOMEM;
	snprintf(r->id, sizeof r->id, "%s", id);
	r->driver = d;
	r->direction = dir;
	pthread_mutex_init(&r->lock, NULL);
	r->state = READER_STARTING;
	*ret = r;
	return 0;
}

int reader_configure(struct reader *r, const char *key, const char *value, char *err, size_t errlen)
{
	int g = gpio_feedback_configure(&r->gpio, key, value, err, errlen);
	if (g != 0)
		return g > 0 ? 0 : -EINVAL;
	if (!r->driver->configure) {
		snprintf(err, errlen, "driver %s takes no option '%s'", r->driver->name, key);
		return -EINVAL;
	}
	return r->driver->configure(r, key, value, err, errlen);
}

int reader_open(struct reader *r, char *err, size_t errlen)
{
	int rc = r->driver->open(r, err, errlen);
	if (rc == 0 && r->gpio) {
		char consumer[64];
		snprintf(consumer, sizeof consumer, "attendd:%s", r->id);
		if (gpio_feedback_open(r->gpio, consumer, err, errlen) != 0)
			return -EIO;
	}
	return rc;
}

void reader_tick(struct reader *r, int64_t now_ms)
{
	gpio_feedback_tick(r->gpio, now_ms);
}

int64_t reader_deadline(const struct reader *r)
{
	return gpio_feedback_deadline(r->gpio);
}

int reader_fd(const struct reader *r)
{
	return r->driver->fd(r);
}

int reader_read(struct reader *r, struct reader_tap *out)
{
	int n = r->driver->read(r, out);
	if (n == 1) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		int64_t now = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
		if (out->at_us == 0)
			out->at_us = now;
		pthread_mutex_lock(&r->lock);
		/* when the daemon got it, not the tap's own stamp (a replayed buffer is old): this
		 * is what "the reader went silent" is measured against */
		r->last_tap_us = now;
		r->taps++;
		pthread_mutex_unlock(&r->lock);
	}
	return n;
}

size_t reader_files(const struct reader *r, struct reader_file out[READER_FILES_MAX])
{
	size_t n = r->driver->files ? r->driver->files(r, out, READER_FILES_MAX) : 0;
	return n + gpio_feedback_files(r->gpio, out + n, READER_FILES_MAX - n);
}

bool reader_has_indicator(const struct reader *r)
{
	return r->driver->feedback || r->gpio;
}

void reader_feedback(struct reader *r, enum feedback_outcome o, const char *detail)
{
	if (r->driver->feedback)
		r->driver->feedback(r, o, detail);
	if (r->gpio && gpio_feedback_signal(r->gpio, o, now_monotonic_ms()) != 0)
		reader_set_state(r, READER_ERROR, "GPIO feedback line could not be set");
	if (!reader_has_indicator(r)) {
		/* the person learns it only from a display on the feedback topic, if there is one */
		pthread_mutex_lock(&r->lock);
		r->answers_not_shown++;
		pthread_mutex_unlock(&r->lock);
	}
}

void reader_pin(struct reader *r)
{
	r->pinned = true;
}

void reader_free(struct reader *r)
{
	if (!r)
		return;
	if (r->driver->close)
		r->driver->close(r);
	gpio_feedback_free(r->gpio);
	r->gpio = NULL;
	if (r->pinned)
		return;   /* left to the thread that still holds it; the process ends soon */
	pthread_mutex_destroy(&r->lock);
	free(r);
}

void reader_set_state(struct reader *r, enum reader_state s, const char *fmt, ...)
{
	pthread_mutex_lock(&r->lock);
	r->state = s;
	r->reason[0] = '\0';
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->reason, sizeof r->reason, fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&r->lock);
}

void reader_get_state(struct reader *r, enum reader_state *s, char *reason, size_t len,
                      int64_t *last_tap_us, uint64_t *taps)
{
	pthread_mutex_lock(&r->lock);
	if (s) *s = r->state;
	if (reason && len) snprintf(reason, len, "%s", r->reason);
	if (last_tap_us) *last_tap_us = r->last_tap_us;
	if (taps) *taps = r->taps;
	pthread_mutex_unlock(&r->lock);
}

void reader_status(struct reader *r, struct reader_status *out)
{
	pthread_mutex_lock(&r->lock);
	out->state = r->state;
	snprintf(out->reason, sizeof out->reason, "%s", r->reason);
	out->last_tap_us = r->last_tap_us;
	out->taps = r->taps;
	out->dropped = r->dropped;
	out->answers_not_shown = r->answers_not_shown;
	pthread_mutex_unlock(&r->lock);
}

void reader_count_dropped(struct reader *r)
{
	pthread_mutex_lock(&r->lock);
	r->dropped++;
	pthread_mutex_unlock(&r->lock);
}

const char *reader_state_name(enum reader_state s)
{
	switch (s) {
	case READER_STARTING: return "starting";
	case READER_ONLINE:   return "online";
	case READER_ERROR:    return "error";
	case READER_DONE:     return "done";
	}
	return "?";
}

int reader_uid_from_bytes(char out[READER_UID_MAX], const uint8_t *b, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	if (n == 0 || n * 2 >= READER_UID_MAX)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 0xf];
	}
	out[2 * n] = '\0';
	return 0;
}
