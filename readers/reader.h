/* The reader driver interface.
 *
 * A reader turns a badge held to it into a tap (a UID seen at a moment) and gives the person at
 * the door an answer (feedback).  Drivers differ in how they wait: the simulated driver reads a
 * file or FIFO, the keyboard-wedge driver reads evdev, the libnfc driver blocks inside libnfc.
 * So every reader hands the daemon one pollable fd; a driver that blocks runs its own thread
 * and wakes that fd (a pipe) when it has a tap or its state changed.  The daemon's single poll()
 * loop then calls reader_read() until it returns 0.
 *
 * Threading: open/close/read/feedback are called from the daemon's main thread only.  A driver
 * thread may call reader_set_state(), which is locked.  feedback() must never block: a driver
 * that needs I/O for it (ACR122U LED/buzzer) queues it to its own thread.
 */
#ifndef ATTEND_READER_H
#define ATTEND_READER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/tap.h"

#define READER_REASON_MAX 160

enum reader_state {
	READER_STARTING = 0,
	READER_ONLINE,
	READER_ERROR,            /* with a reason; the driver keeps trying to recover */
	READER_DONE,             /* a finite source (a replay file) reached its end */
};

struct reader_tap {
	char uid[READER_UID_MAX];  /* upper-case hex, or the digits a wedge reader typed */
	int64_t at_us;             /* wall clock (CLOCK_REALTIME) in µs when the badge was seen */
};

struct reader;
struct gpio_feedback;

/* A file a reader will open, as its configuration names it: for `attendd -n`, which checks them
 * all in one place (edge/edge_check.c).  hotplug: a device that may be plugged in after the
 * start (the reader reports an error until it appears), so its absence is not a fault. */
struct reader_file {
	const char *option;        /* "device", "path", "gpio_accepted", ... */
	char path[256];
	bool write;                /* opened for writing too */
	bool hotplug;
};
#define READER_FILES_MAX 8

struct reader_driver {
	const char *name;
	/* Accept one driver option from the configuration; 0 or -EINVAL with a message in err. */
	int  (*configure)(struct reader *r, const char *key, const char *value, char *err, size_t errlen);
	/* Open the device; 0 or a negative errno with a message in err.  A driver that can recover
	 * by itself (hot-plug) should return 0 and report READER_ERROR until the device appears. */
	int  (*open)(struct reader *r, char *err, size_t errlen);
	void (*close)(struct reader *r);
	/* The fd the daemon polls for POLLIN. */
	int  (*fd)(const struct reader *r);
	/* One tap: 1 and *out filled, 0 when none is ready, negative errno on a hard fault. */
	int  (*read)(struct reader *r, struct reader_tap *out);
	/* Optional: NULL when the driver has no indicator it can drive (the daemon then says so
	 * at start, and counts each answer it could not show).  Never blocks. */
	void (*feedback)(struct reader *r, enum feedback_outcome o, const char *detail);
	/* Optional: the files the driver will open (at most max); how many. */
	size_t (*files)(const struct reader *r, struct reader_file *out, size_t max);
};

struct reader {
	char id[READER_ID_MAX];
	enum reader_direction direction;
	const struct reader_driver *driver;
	void *priv;                /* the driver's own state */
	struct gpio_feedback *gpio; /* optional GPIO indicator, any driver (gpio_feedback.h) */

	bool pinned;               /* a driver thread that would not stop still uses it */

	pthread_mutex_t lock;      /* guards the fields below */
	enum reader_state state;
	char reason[READER_REASON_MAX];
	int64_t last_tap_us;       /* wall clock when the daemon last received a tap from it */
	uint64_t taps;
	uint64_t dropped;          /* taps the driver lost: the daemon did not read them in time */
	uint64_t answers_not_shown; /* outcomes with no indicator to show them (no driver, no GPIO) */
};

/* Everything reader_status() copies out, under the lock. */
struct reader_status {
	enum reader_state state;
	char reason[READER_REASON_MAX];
	int64_t last_tap_us;
	uint64_t taps, dropped, answers_not_shown;
};

/* Registry: NULL if no driver has that name. */
const struct reader_driver *reader_driver_find(const char *name);
/* A comma-separated list of the driver names built in, for error messages. */
const char *reader_driver_names(void);

/* 0, or -ENOENT (unknown driver) / -ENOMEM. */
int  reader_new(struct reader **ret, const char *id, const char *driver, enum reader_direction dir);
int  reader_configure(struct reader *r, const char *key, const char *value, char *err, size_t errlen);
int  reader_open(struct reader *r, char *err, size_t errlen);
int  reader_fd(const struct reader *r);
int  reader_read(struct reader *r, struct reader_tap *out);
void reader_feedback(struct reader *r, enum feedback_outcome o, const char *detail);
/* Ends feedback pulses whose time is over; the daemon calls it from its loop. */
void reader_tick(struct reader *r, int64_t now_ms);
/* Monotonic ms when reader_tick() is next needed, or -1. */
int64_t reader_deadline(const struct reader *r);
/* Closes and frees; accepts NULL.  A reader pinned by its driver is closed and left
 * allocated: a driver thread that would not stop (hung in a library call) may still use it. */
void reader_free(struct reader *r);
void reader_pin(struct reader *r);
/* The files the reader will open, its driver's and its GPIO chips (at most READER_FILES_MAX). */
size_t reader_files(const struct reader *r, struct reader_file out[READER_FILES_MAX]);
/* Does an answer reach the person: a driver indicator or a GPIO line? */
bool reader_has_indicator(const struct reader *r);

void reader_set_state(struct reader *r, enum reader_state s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Copies the state out under the lock. */
void reader_get_state(struct reader *r, enum reader_state *s, char *reason, size_t len,
                      int64_t *last_tap_us, uint64_t *taps);
void reader_status(struct reader *r, struct reader_status *out);
/* For a driver's thread: a tap it had to drop (its queue was full). */
void reader_count_dropped(struct reader *r);

const char *reader_state_name(enum reader_state s);

/* Shared by drivers: normalise a UID to upper-case hex; 0 or -EINVAL. */
int  reader_uid_from_bytes(char out[READER_UID_MAX], const uint8_t *b, size_t n);

#endif
