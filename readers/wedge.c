/* The keyboard-wedge reader: cheap 125 kHz (EM4100) USB readers that "type" the card number
 * and Enter.  Read from evdev with an exclusive grab (EVIOCGRAB), so the digits never reach a
 * console or a login prompt.  Name the device by its stable /dev/input/by-id/...-event-kbd
 * path: the eventN number changes from boot to boot.
 *
 * No thread: the daemon polls an epoll fd that holds the device and a timerfd.  The timer ends
 * a partial card number (a card pulled away mid-read) and paces the reopening of a device that
 * is absent or was unplugged; meanwhile the reader is in state error with the reason.
 *
 * The device may also be a FIFO carrying struct input_event records, with no grab: the same
 * code path fed without a kernel device (tests, or a bridge from another input source).
 *
 * Options: device = <path> (required); format = typed | hex (default typed);
 *          timeout_ms = <partial input is dropped after this> (default 500); grab = yes | no */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "readers/reader.h"
#include "readers/wedge_keys.h"

#define TAG_DEV   1
#define TAG_TIMER 2
#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 8000

struct wedge {
	char *device;
	enum wedge_format format;
	int timeout_ms;
	bool grab;
	int ep, dev, timer;
	int backoff_ms;
	char typed[READER_UID_MAX];
	size_t len;
	bool overflow;             /* more keys than a card number has: dropped at Enter */
	int64_t typed_at_us;       /* when the first key of this card came */
	struct input_event ev[32]; /* read but not yet taken: a read may hold two cards */
	size_t evpos, evlen;
	uint64_t bad_reads;
};

static void arm(struct wedge *w, int ms)
{
	struct itimerspec its = { .it_value = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 } };
	timerfd_settime(w->timer, 0, &its, NULL);   /* ms == 0 disarms */
}

static void reset_input(struct wedge *w)
{
	w->len = 0;
	w->overflow = false;
	w->typed[0] = '\0';
}

static void close_device(struct wedge *w)
{
	if (w->dev < 0)
		return;
	epoll_ctl(w->ep, EPOLL_CTL_DEL, w->dev, NULL);
	close(w->dev);
	w->dev = -1;
	w->evpos = w->evlen = 0;
	reset_input(w);
}

/* Reader gone or not there yet: say why and try again later. */
static void lost(struct reader *r, struct wedge *w, const char *what, int err)
{
	close_device(w);
	reader_set_state(r, READER_ERROR, "%s: %s%s%s%s", w->device, what, what[0] ? ": " : "", strerror(err),
	                 err == EACCES ? " (add the attendd user to group input or install "
	                                 "60-attendd-readers.rules, see docs/readers.md)" : "");
	arm(w, w->backoff_ms);
	w->backoff_ms = w->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : w->backoff_ms * 2;
}

static int try_open(struct reader *r, struct wedge *w)
{
	struct stat st;
	if (stat(w->device, &st) != 0) {
		lost(r, w, "", errno);
		return -1;
	}
	bool fifo = S_ISFIFO(st.st_mode);
	w->dev = open(w->device, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (w->dev < 0) {
		lost(r, w, "", errno);
		return -1;
	}
	if (w->grab && !fifo && ioctl(w->dev, EVIOCGRAB, 1) != 0) {
		int e = errno;
		lost(r, w, e == EBUSY ? "another program holds the keyboard grab"
		                      : "cannot grab it (is it an evdev device?)", e);
		return -1;
	}
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = TAG_DEV };
	if (epoll_ctl(w->ep, EPOLL_CTL_ADD, w->dev, &ev) != 0) {
		lost(r, w, "epoll", errno);
		return -1;
	}
	w->backoff_ms = BACKOFF_MIN_MS;
	arm(w, 0);
	reset_input(w);
	reader_set_state(r, READER_ONLINE, "%s%s", w->device, fifo ? " (event stream)" : "");
	return 0;
}

static int wedge_configure(struct reader *r, const char *key, const char *value, char *err, size_t errlen)
{
	struct wedge *w = r->priv;
	if (!w) {
		w = r->priv = calloc(1, sizeof *w);
		if (!w) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		w->ep = w->dev = w->timer = -1;
		w->timeout_ms = 500;
		w->grab = true;
	}
	char *end;
	if (!strcmp(key, "device")) {
		free(w->device);
		w->device = strdup(value);
		return w->device ? 0 : -ENOMEM;
	}
	if (!strcmp(key, "format")) {
		if (wedge_format_parse(value, &w->format) == 0)
			return 0;
		snprintf(err, errlen, "format must be typed or hex");
		return -EINVAL;
	}
	if (!strcmp(key, "timeout_ms")) {
		long v = strtol(value, &end, 10);
		if (*end || end == value || v < 50 || v > 10000) {
			snprintf(err, errlen, "timeout_ms must be 50-10000");
			return -EINVAL;
		}
		w->timeout_ms = (int)v;
		return 0;
	}
	if (!strcmp(key, "grab")) {
		if (strcmp(value, "yes") && strcmp(value, "no")) {
			snprintf(err, errlen, "grab must be yes or no");
			return -EINVAL;
		}
		w->grab = !strcmp(value, "yes");
		return 0;
	}
	snprintf(err, errlen, "unknown option '%s' for driver wedge (device, format, timeout_ms, grab)", key);
	return -EINVAL;
}

static int wedge_open(struct reader *r, char *err, size_t errlen)
{
	struct wedge *w = r->priv;
	if (!w || !w->device) {
		snprintf(err, errlen, "reader %s: driver wedge needs 'device' (a /dev/input/by-id/... path)", r->id);
		return -EINVAL;
	}
	w->ep = epoll_create1(EPOLL_CLOEXEC);
	w->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = TAG_TIMER };
	if (w->ep < 0 || w->timer < 0 || epoll_ctl(w->ep, EPOLL_CTL_ADD, w->timer, &ev) != 0) {
		snprintf(err, errlen, "reader %s: %s", r->id, strerror(errno));
		return -errno;
	}
	w->backoff_ms = BACKOFF_MIN_MS;
	try_open(r, w);   /* absent is not fatal: the timer tries again (hot-plug) */
	return 0;
}

static void wedge_close(struct reader *r)
{
	struct wedge *w = r->priv;
	if (!w)
		return;
	if (w->dev >= 0)
		close(w->dev);
	if (w->timer >= 0)
		close(w->timer);
	if (w->ep >= 0)
		close(w->ep);
	free(w->device);
	free(w);
	r->priv = NULL;
}

static int wedge_fd(const struct reader *r)
{
	const struct wedge *w = r->priv;
	return w ? w->ep : -1;
}

static int64_t real_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* One key press; 1 when Enter completed a card number into out. */
static int key(struct reader *r, struct wedge *w, unsigned code, struct reader_tap *out)
{
	int c = wedge_key_char(code);
	if (c == 0)
		return 0;
	if (c == WEDGE_ENTER) {
		arm(w, 0);
		if (!w->len)
			return 0;
		int ok = !w->overflow && wedge_card_uid(w->typed, w->format, out->uid) == 0;
		if (!ok) {
			w->bad_reads++;
			log_warnx("reader %s: '%s%s' is not a card number; ignored", r->id, w->typed,
			          w->overflow ? "..." : "");
		}
		out->at_us = w->typed_at_us;
		reset_input(w);
		return ok;
	}
	if (!w->len)
		w->typed_at_us = real_us();   /* the badge was seen when its first key came */
	if (c < 0 || w->len + 1 >= sizeof w->typed)
		w->overflow = true;   /* a stray key or a stuck one: this read is no card number */
	else
		w->typed[w->len++] = (char)c, w->typed[w->len] = '\0';
	arm(w, w->timeout_ms);
	return 0;
}

static int wedge_read(struct reader *r, struct reader_tap *out)
{
	struct wedge *w = r->priv;
	struct epoll_event evs[2];
	int n = epoll_wait(w->ep, evs, 2, 0);
	bool ready = false;   /* read the device only when it says so: a fresh FIFO reads as EOF */
	for (int i = 0; i < n; i++) {
		if (evs[i].data.u32 == TAG_DEV)
			ready = true;
		if (evs[i].data.u32 != TAG_TIMER)
			continue;
		uint64_t ticks;
		if (read(w->timer, &ticks, sizeof ticks) != sizeof ticks)
			continue;
		if (w->dev < 0) {
			try_open(r, w);
		} else if (w->len) {
			log_debug("reader %s: partial card number '%s' timed out", r->id, w->typed);
			w->bad_reads++;
			reset_input(w);
		}
	}
	while (w->dev >= 0) {
		if (w->evpos == w->evlen) {
			if (!ready)
				return 0;
			ssize_t got = read(w->dev, w->ev, sizeof w->ev);
			if (got < 0 && (errno == EAGAIN || errno == EINTR))
				return 0;
			if (got <= 0) {   /* ENODEV: unplugged; 0: the stream's writer left */
				lost(r, w, "reader gone", got == 0 ? EPIPE : errno);
				return 0;
			}
			w->evpos = 0;
			w->evlen = (size_t)got / sizeof w->ev[0];
		}
		const struct input_event *ev = &w->ev[w->evpos++];
		/* value 1 is a press; 0 a release and 2 an autorepeat: neither types a key */
		if (ev->type == EV_KEY && ev->value == 1 && key(r, w, ev->code, out))
			return 1;
	}
	return 0;
}

static size_t wedge_files(const struct reader *r, struct reader_file *out, size_t max)
{
	const struct wedge *w = r->priv;
	if (!w || !w->device || max == 0)
		return 0;
	*out = (struct reader_file){ .option = "device", .hotplug = true };   /* opened read-only */
	snprintf(out->path, sizeof out->path, "%s", w->device);
	return 1;
}

const struct reader_driver reader_driver_wedge = {
	.name = "wedge",
	.configure = wedge_configure,
	.open = wedge_open,
	.close = wedge_close,
	.fd = wedge_fd,
	.read = wedge_read,
	.files = wedge_files,
};
