/* The libnfc reader: ACR122U over USB, PN532 boards over UART/I2C/SPI.
 *
 * libnfc blocks and is not safe to share across threads, so each reader owns one device
 * thread that does every libnfc call on its device, and a watchdog thread.  The device thread
 * polls for targets (InAutoPoll on a PN532), reports a badge once, then asks the tag whether it
 * is still there until it leaves, so a badge held on the reader is one tap.  Taps go through a
 * small queue and a pipe the daemon polls.
 *
 * No feedback: libnfc has no public call for the ACR122U's LED and buzzer (they belong to the
 * reader's USB controller, not to the PN532) nor for a PN532 board's GPIO pins, so the driver
 * has no indicator (reader.h: feedback NULL).  The daemon says so at start and counts the
 * answers it could not show; a GPIO line (gpio_feedback.h) or a display on the feedback topic
 * gives the answer instead.  The ACR122U beeps by itself when it reads a card.
 *
 * Some libnfc calls have no timeout (a PN532 poll waits for a tag as long as it takes); if the
 * reader stops answering, the watchdog aborts the call (nfc_abort_command) and the device
 * thread reopens.  A thread hung beyond abort is left its memory when the reader closes (see
 * nfc_close_reader).  A device that is unplugged, or not there at start, is looked for again with
 * a backoff (nfc_list_devices: a USB connstring changes on replug), and the reader is in state
 * error meanwhile, with the reason, including what else holds the reader (pn533, pcscd).
 *
 * Options: connstring = <libnfc connstring, or a driver name such as acr122_usb>
 *          device = auto | <index among the readers found>
 *          types = iso14443a[,felica,iso14443b,jewel]
 *          watchdog_ms = <a libnfc call longer than this is hung> (default 2000) */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <nfc/nfc.h>

#include "lib/log.h"
#include "readers/nfc_util.h"
#include "readers/reader.h"

#define TAPQ_MAX      16
#define LIST_MAX      16
#define CLAIM_MAX     16
#define PRESENCE_MS   100    /* between "is the tag still there" checks */
#define REPEAT_MS     1000   /* the same UID polled again this soon is the same presentation */
#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 8000

struct nfc_rd {
	struct reader *r;
	char *connstring;              /* exact, or a driver name to look for */
	int device_index;              /* -1: the first one no other reader has */
	nfc_modulation types[NFC_TYPES_MAX];
	size_t ntypes;
	int watchdog_ms;

	int wake[2];                   /* [0] is what the daemon polls */
	pthread_t worker, dog;
	bool started;

	pthread_mutex_t mu;            /* guards what follows */
	pthread_cond_t cv;
	bool stop;
	struct reader_tap q[TAPQ_MAX];
	size_t qhead, qlen;
	nfc_device *dev;               /* set while a libnfc call runs on it (for the watchdog) */
	const char *call;
	int64_t call_since_ms, last_abort_ms;
	int aborts;                    /* of the running call */
	char held[NFC_BUFSIZE_CONNSTRING];
};

/* One libnfc context per process; connstrings held by this process's readers. */
static pthread_mutex_t ctx_mu = PTHREAD_MUTEX_INITIALIZER;
static nfc_context *ctx;
static int ctx_users;
static char claimed[CLAIM_MAX][NFC_BUFSIZE_CONNSTRING];

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t real_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void wake_daemon(struct nfc_rd *d)
{
	if (write(d->wake[1], "", 1) < 0) {
		/* the pipe is full: the daemon has a wake-up pending anyway */
	}
}

static bool is_usb(const char *cs)
{
	size_t n = strcspn(cs, ":");
	return n >= 3 && !strncmp(cs + n - 3, "usb", 3);
}

static bool is_claimed(const char *cs)
{
	for (int i = 0; i < CLAIM_MAX; i++)
		if (claimed[i][0] && !strcmp(claimed[i], cs))
			return true;
	return false;
}

static void claim(const char *cs, bool on)
{
	for (int i = 0; i < CLAIM_MAX; i++) {
		if (on && !claimed[i][0]) {
			snprintf(claimed[i], sizeof claimed[i], "%s", cs);
			return;
		}
		if (!on && !strcmp(claimed[i], cs)) {
			claimed[i][0] = '\0';
			return;
		}
	}
}

/* Does a connstring found by the scan answer to what was configured? */
static bool wanted(const char *cfg, const char *cs)
{
	if (!cfg)
		return true;
	if (!strcmp(cfg, cs))
		return true;
	size_t n = strcspn(cfg, ":");   /* the driver name: a USB address changes on replug */
	return (cfg[n] == '\0' || is_usb(cfg)) && !strncmp(cfg, cs, n) && cs[n] == ':';
}

/* Finds and opens the device; NULL with a reason.  Context calls are serialised. */
static nfc_device *acquire(struct nfc_rd *d, char *why, size_t len)
{
	nfc_device *dev = NULL;
	nfc_connstring cs = "";
	pthread_mutex_lock(&ctx_mu);
	if (d->connstring && strchr(d->connstring, ':') && !is_usb(d->connstring)) {
		snprintf(cs, sizeof cs, "%s", d->connstring);   /* a serial, I2C or SPI port: no scan */
	} else {
		nfc_connstring *list = calloc(LIST_MAX, sizeof *list);
		size_t n = list ? nfc_list_devices(ctx, list, LIST_MAX) : 0;
		int want = d->device_index < 0 ? 0 : d->device_index, seen = 0;
		for (size_t i = 0; i < n && !cs[0]; i++) {
			if (!wanted(d->connstring, list[i]) || is_claimed(list[i]))
				continue;
			if (seen++ == want)
				snprintf(cs, sizeof cs, "%s", list[i]);
		}
		free(list);
		if (!cs[0]) {
			pthread_mutex_unlock(&ctx_mu);
			char holders[300];
			int k = nfc_diag_holders("/", holders, sizeof holders);
			snprintf(why, len, "no NFC reader found%s%s%s%.*s", d->connstring ? " for " : "",
			         d->connstring ? d->connstring : "", k ? ": " : "", (int)sizeof holders, holders);
			return NULL;
		}
	}
	dev = nfc_open(ctx, cs);
	if (dev)
		claim(cs, true);
	pthread_mutex_unlock(&ctx_mu);
	if (!dev) {
		const char *port = strchr(cs, ':');
		char path[256] = "";
		if (port)
			snprintf(path, sizeof path, "%.*s", (int)strcspn(port + 1, ":"), port + 1);
		if (path[0] == '/' && access(path, R_OK | W_OK) != 0)
			snprintf(why, len, "cannot open %.200s: %s%s", cs, strerror(errno),
			         errno == EACCES ? " (add the attendd user to group dialout, see docs/readers.md)" : "");
		else
			snprintf(why, len, "cannot open %.200s: no answer from the reader, or the port is in use", cs);
		return NULL;
	}
	pthread_mutex_lock(&d->mu);
	snprintf(d->held, sizeof d->held, "%s", cs);
	pthread_mutex_unlock(&d->mu);
	return dev;
}

static void release(struct nfc_rd *d, nfc_device *dev)
{
	nfc_close(dev);
	pthread_mutex_lock(&ctx_mu);
	claim(d->held, false);
	pthread_mutex_unlock(&ctx_mu);
}

/* Marks a libnfc call for the watchdog. */
static void watch(struct nfc_rd *d, nfc_device *dev, const char *call)
{
	pthread_mutex_lock(&d->mu);
	d->dev = dev;
	d->call = call;
	d->call_since_ms = mono_ms();
	d->aborts = 0;
	pthread_mutex_unlock(&d->mu);
}

/* Ends the mark; true if the watchdog had to abort the call (the device is then suspect). */
static bool unwatch(struct nfc_rd *d)
{
	pthread_mutex_lock(&d->mu);
	bool aborted = d->aborts > 0;
	d->call = NULL;
	d->dev = NULL;
	pthread_mutex_unlock(&d->mu);
	return aborted;
}

static bool stopping(struct nfc_rd *d)
{
	pthread_mutex_lock(&d->mu);
	bool s = d->stop;
	pthread_mutex_unlock(&d->mu);
	return s;
}

/* Sleeps up to ms, waking early for stop; true when stopping. */
static bool nap(struct nfc_rd *d, int ms)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&d->mu);
	while (!d->stop)
		if (pthread_cond_timedwait(&d->cv, &d->mu, &until) == ETIMEDOUT)
			break;
	bool s = d->stop;
	pthread_mutex_unlock(&d->mu);
	return s;
}

static void push_tap(struct nfc_rd *d, const char *uid)
{
	pthread_mutex_lock(&d->mu);
	bool full = d->qlen == TAPQ_MAX;
	if (!full) {
		struct reader_tap *t = &d->q[(d->qhead + d->qlen++) % TAPQ_MAX];
		snprintf(t->uid, sizeof t->uid, "%s", uid);
		t->at_us = real_us();
	}
	pthread_mutex_unlock(&d->mu);
	if (full)
		reader_count_dropped(d->r);   /* the daemon is not reading: status and log show it */
	wake_daemon(d);
}

/* Is this libnfc error the device's fault (reopen), rather than the tag's (it left)? */
static bool device_fault(int res)
{
	return res == NFC_EIO || res == NFC_ENOTSUCHDEV || res == NFC_ESOFT || res == NFC_EOPABORTED;
}

/* Polls until the device fails or the reader stops; sets the reason on failure. */
static void run(struct nfc_rd *d, nfc_device *dev)
{
	char last_uid[READER_UID_MAX] = "";
	int64_t last_seen = 0;
	while (!stopping(d)) {
		nfc_target nt;
		watch(d, dev, "nfc_initiator_poll_target");
		int res = nfc_initiator_poll_target(dev, d->types, d->ntypes, 1, 1, &nt);
		if (unwatch(d))
			return;   /* the watchdog set the reason */
		if (res < 0 && res != NFC_ETIMEOUT) {
			if (!stopping(d))
				reader_set_state(d->r, READER_ERROR, "%s: %s", d->held, nfc_strerror(dev));
			return;
		}
		if (res <= 0)
			continue;
		char uid[READER_UID_MAX];
		if (nfc_target_uid(&nt, uid) != 0)
			continue;
		int64_t now = mono_ms();
		if (strcmp(uid, last_uid) || now - last_seen > REPEAT_MS)
			push_tap(d, uid);
		snprintf(last_uid, sizeof last_uid, "%s", uid);
		last_seen = now;
		/* One presentation: wait for the tag to leave. */
		for (;;) {
			if (nap(d, PRESENCE_MS))
				return;
			watch(d, dev, "nfc_initiator_target_is_present");
			res = nfc_initiator_target_is_present(dev, &nt);
			if (unwatch(d))
				return;
			if (res == 0) {
				last_seen = mono_ms();
				continue;
			}
			if (device_fault(res)) {
				reader_set_state(d->r, READER_ERROR, "%s: %s", d->held, nfc_strerror(dev));
				return;
			}
			if (res != NFC_EDEVNOTSUPP)
				last_uid[0] = '\0';   /* it left: the next time is a new presentation */
			break;   /* a kind libnfc cannot ping: REPEAT_MS keeps it one tap */
		}
		watch(d, dev, "nfc_initiator_deselect_target");
		nfc_initiator_deselect_target(dev);
		if (unwatch(d))
			return;
	}
}

static void *device_thread(void *arg)
{
	struct nfc_rd *d = arg;
	int backoff = BACKOFF_MIN_MS;
	char said[400] = "";
	while (!stopping(d)) {
		char why[400];
		nfc_device *dev = acquire(d, why, sizeof why);
		if (!dev) {
			/* The state's reason is short; the whole fix goes to the log, once. */
			if (strcmp(why, said) && strlen(why) >= READER_REASON_MAX)
				log_warnx("reader %s: %s", d->r->id, why);
			snprintf(said, sizeof said, "%s", why);
			reader_set_state(d->r, READER_ERROR, "%s", why);
			if (nap(d, backoff))
				break;
			backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
			continue;
		}
		watch(d, dev, "nfc_initiator_init");
		int res = nfc_initiator_init(dev);
		bool aborted = unwatch(d);
		if (res < 0 && !aborted)
			reader_set_state(d->r, READER_ERROR, "%s: initiator mode: %s", d->held, nfc_strerror(dev));
		if (res >= 0 && !aborted) {
			/* Fail fast rather than let a poll wait forever for the first tag. */
			nfc_device_set_property_bool(dev, NP_INFINITE_SELECT, false);
			reader_set_state(d->r, READER_ONLINE, "%s", nfc_device_get_name(dev));
			backoff = BACKOFF_MIN_MS;
			run(d, dev);
		}
		release(d, dev);   /* not watched: aborting inside nfc_close would race its own cleanup */
		if (!stopping(d) && nap(d, backoff))
			break;
	}
	return NULL;
}

/* Aborts a libnfc call that has run too long; the device thread then reopens the device. */
static void *watchdog_thread(void *arg)
{
	struct nfc_rd *d = arg;
	int period = d->watchdog_ms / 4 > 0 ? d->watchdog_ms / 4 : 1;
	pthread_mutex_lock(&d->mu);
	while (!d->stop) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += (long)period * 1000000;
		until.tv_sec += until.tv_nsec / 1000000000;
		until.tv_nsec %= 1000000000;
		pthread_cond_timedwait(&d->cv, &d->mu, &until);
		int64_t now = mono_ms();
		if (d->stop || !d->call || now - d->call_since_ms < d->watchdog_ms ||
		    (d->aborts && now - d->last_abort_ms < d->watchdog_ms))
			continue;
		d->aborts++;
		d->last_abort_ms = now;
		if (d->aborts == 1)
			reader_set_state(d->r, READER_ERROR, "%s: the reader stopped answering (%s hung for %d ms); "
			                 "reopening", d->held, d->call, d->watchdog_ms);
		else
			reader_set_state(d->r, READER_ERROR, "%s: %s hung and cannot be aborted (the reader died "
			                 "mid-command); replug the reader or restart attendd", d->held, d->call);
		nfc_abort_command(d->dev);
	}
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

static struct nfc_rd *rd_get(struct reader *r, char *err, size_t errlen)
{
	if (r->priv)
		return r->priv;
	struct nfc_rd *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	d->r = r;
	d->device_index = -1;
	d->types[0] = (nfc_modulation){ NMT_ISO14443A, NBR_106 };
	d->ntypes = 1;
	d->watchdog_ms = 2000;
	d->wake[0] = d->wake[1] = -1;
	pthread_mutex_init(&d->mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&d->cv, &ca);
	pthread_condattr_destroy(&ca);
	r->priv = d;
	return d;
}

static int nfc_configure(struct reader *r, const char *key, const char *value, char *err, size_t errlen)
{
	struct nfc_rd *d = rd_get(r, err, errlen);
	if (!d)
		return -ENOMEM;
	char *end;
	if (!strcmp(key, "connstring")) {
		if (!*value || strlen(value) >= NFC_BUFSIZE_CONNSTRING) {
			snprintf(err, errlen, "connstring must be 1-%d characters", NFC_BUFSIZE_CONNSTRING - 1);
			return -EINVAL;
		}
		free(d->connstring);
		d->connstring = strdup(value);
		return d->connstring ? 0 : -ENOMEM;
	}
	if (!strcmp(key, "device")) {
		if (!strcmp(value, "auto")) {
			d->device_index = -1;
			return 0;
		}
		long v = strtol(value, &end, 10);
		if (*end || end == value || v < 0 || v >= LIST_MAX) {
			snprintf(err, errlen, "device must be auto or an index 0-%d", LIST_MAX - 1);
			return -EINVAL;
		}
		d->device_index = (int)v;
		return 0;
	}
	if (!strcmp(key, "types")) {
		int n = nfc_types_parse(value, d->types, err, errlen);
		if (n < 0)
			return n;
		d->ntypes = (size_t)n;
		return 0;
	}
	if (!strcmp(key, "watchdog_ms")) {
		long v = strtol(value, &end, 10);
		if (*end || end == value || v < 100 || v > 60000) {
			snprintf(err, errlen, "watchdog_ms must be 100-60000");
			return -EINVAL;
		}
		d->watchdog_ms = (int)v;
		return 0;
	}
	snprintf(err, errlen, "unknown option '%s' for driver nfc (connstring, device, types, watchdog_ms)", key);
	return -EINVAL;
}

static int nfc_open_reader(struct reader *r, char *err, size_t errlen)
{
	struct nfc_rd *d = rd_get(r, err, errlen);
	if (!d)
		return -ENOMEM;
	if (pipe2(d->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		snprintf(err, errlen, "reader %s: pipe: %s", r->id, strerror(errno));
		return -errno;
	}
	pthread_mutex_lock(&ctx_mu);
	if (!ctx)
		nfc_init(&ctx);
	if (ctx)
		ctx_users++;
	pthread_mutex_unlock(&ctx_mu);
	if (!ctx) {
		snprintf(err, errlen, "reader %s: libnfc could not start (nfc_init)", r->id);
		return -ENOMEM;
	}
	reader_set_state(r, READER_STARTING, "looking for %s", d->connstring ? d->connstring : "an NFC reader");
	if (pthread_create(&d->worker, NULL, device_thread, d) != 0) {
		snprintf(err, errlen, "reader %s: cannot start its thread", r->id);
		return -EAGAIN;
	}
	if (pthread_create(&d->dog, NULL, watchdog_thread, d) != 0) {
		pthread_mutex_lock(&d->mu);
		d->stop = true;
		pthread_mutex_unlock(&d->mu);
		pthread_join(d->worker, NULL);
		snprintf(err, errlen, "reader %s: cannot start its watchdog", r->id);
		return -EAGAIN;
	}
	d->started = true;
	return 0;
}

/* The ms a device thread gets to stop: two watchdog periods and a second (5 s by default). */
static int stop_wait_ms(const struct nfc_rd *d)
{
	return 2 * d->watchdog_ms + 1000;
}

static void nfc_close_reader(struct reader *r)
{
	struct nfc_rd *d = r->priv;
	if (!d)
		return;
	if (d->started) {
		pthread_mutex_lock(&d->mu);
		d->stop = true;
		if (d->call)
			nfc_abort_command(d->dev);   /* a poll waiting for a tag returns now */
		pthread_cond_broadcast(&d->cv);
		pthread_mutex_unlock(&d->mu);
		pthread_join(d->dog, NULL);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		int ms = stop_wait_ms(d);
		until.tv_sec += ms / 1000;
		until.tv_nsec += (long)(ms % 1000) * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		if (pthread_timedjoin_np(d->worker, NULL, &until) != 0) {
			/* Hung in libnfc beyond abort: it may return at any time, and then uses its own
			 * state, the reader, its pipe and the libnfc context -- and may hold ctx_mu.  All
			 * of that is left to it (the process is stopping): nothing freed, nothing closed,
			 * no lock taken. */
			log_warnx("reader %s: device thread did not stop within %d ms; left running",
			          r->id, ms);
			reader_pin(r);   /* r->priv stays: the reader holds what its thread uses */
			return;
		}
	}
	if (d->wake[0] >= 0) {
		close(d->wake[0]);
		close(d->wake[1]);
	}
	if (d->started) {
		/* Not for ever: another reader's hung thread may hold it (then the context stays). */
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		if (pthread_mutex_timedlock(&ctx_mu, &until) == 0) {
			if (--ctx_users == 0) {
				nfc_exit(ctx);
				ctx = NULL;
			}
			pthread_mutex_unlock(&ctx_mu);
		}
	}
	r->priv = NULL;
	free(d->connstring);
	pthread_cond_destroy(&d->cv);
	pthread_mutex_destroy(&d->mu);
	free(d);
}

static int nfc_fd(const struct reader *r)
{
	const struct nfc_rd *d = r->priv;
	return d ? d->wake[0] : -1;
}

static int nfc_read(struct reader *r, struct reader_tap *out)
{
	struct nfc_rd *d = r->priv;
	char buf[64];
	while (read(d->wake[0], buf, sizeof buf) > 0)
		;   /* drained first: a tap pushed after this wakes the pipe again */
	pthread_mutex_lock(&d->mu);
	int got = d->qlen > 0;
	if (got) {
		*out = d->q[d->qhead];
		d->qhead = (d->qhead + 1) % TAPQ_MAX;
		d->qlen--;
		if (d->qlen)
			wake_daemon(d);   /* keep the fd readable for the rest */
	}
	pthread_mutex_unlock(&d->mu);
	return got;
}

static size_t nfc_files(const struct reader *r, struct reader_file *out, size_t max)
{
	const struct nfc_rd *d = r->priv;
	if (!d || max == 0 || !nfc_connstring_device(d->connstring, out->path, sizeof out->path))
		return 0;
	out->option = "connstring";
	out->write = out->hotplug = true;   /* a USB serial adaptor comes and goes */
	return 1;
}

const struct reader_driver reader_driver_nfc = {
	.name = "nfc",
	.configure = nfc_configure,
	.open = nfc_open_reader,
	.close = nfc_close_reader,
	.fd = nfc_fd,
	.read = nfc_read,
	.feedback = NULL,   /* see the top of this file */
	.files = nfc_files,
};
