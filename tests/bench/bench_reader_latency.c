/* Software latency of one tap: from the UID read by a driver (the wedge driver, fed evdev
 * events through a FIFO) to the feedback call, through debounce, the badge lookup and the
 * journal's append + fdatasync, as the daemon does it.  Printed with the bare fdatasync time of
 * the same disk in the same run; the aim is p99 within two fdatasyncs.  Figures only: a
 * benchmark does not assert.  BENCH_DIR (default /var/tmp) is where the journal goes. */
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "edge/badge_cache.h"
#include "edge/debounce.h"
#include "edge/journal.h"
#include "readers/reader.h"

#define N 400

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void key(int w, unsigned code)
{
	struct input_event e[2] = { { .type = EV_KEY, .code = (uint16_t)code, .value = 1 },
	                            { .type = EV_KEY, .code = (uint16_t)code, .value = 0 } };
	if (write(w, e, sizeof e) != (ssize_t)sizeof e)
		exit(1);
}

static double pct(const int64_t *v, size_t n, double p)
{
	return v[(size_t)(p * (double)(n - 1))] / 1000.0;
}

int main(void)
{
	const char *base = getenv("BENCH_DIR") ? getenv("BENCH_DIR") : "/var/tmp";
	char dir[256], fifo[300], jdir[300], bare[300], err[256];
	snprintf(dir, sizeof dir, "%s/attendd-bench-XXXXXX", base);
	if (!mkdtemp(dir))
		return perror(dir), 1;
	snprintf(fifo, sizeof fifo, "%s/event-kbd", dir);
	snprintf(jdir, sizeof jdir, "%s/journal", dir);
	snprintf(bare, sizeof bare, "%s/bare", dir);
	mkfifo(fifo, 0600);

	struct reader *r;
	struct debounce *deb;
	struct badge_cache *badges;
	struct journal *j;
	struct journal_recovery rec;
	if (reader_new(&r, "bench", "wedge", READER_DIR_IN) || reader_configure(r, "device", fifo, err, sizeof err) ||
	    reader_open(r, err, sizeof err) || debounce_new(&deb, 30000) ||
	    badge_cache_load(&badges, NULL, err, sizeof err) ||
	    journal_open(&j, jdir, 100000, 10000, &rec, err, sizeof err))
		return fprintf(stderr, "setup: %s\n", err), 1;
	int w = open(fifo, O_WRONLY | O_CLOEXEC);
	static const unsigned digits[] = { KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9 };

	static int64_t lat[N], sync_ns[N];
	for (int i = 0; i < N; i++) {
		char card[16];
		snprintf(card, sizeof card, "%010d", 1000 + i % 50);   /* some repeats, as at a door */
		for (const char *c = card; *c; c++)
			key(w, digits[*c - '0']);
		key(w, KEY_ENTER);
		struct reader_tap rt;
		struct pollfd p = { .fd = reader_fd(r), .events = POLLIN };
		int got = 0;
		while (!got) {
			poll(&p, 1, 1000);
			memset(&rt, 0, sizeof rt);
			got = reader_read(r, &rt) == 1;
		}
		int64_t t0 = now_ns();   /* the driver has the UID */
		struct tap t;
		memset(&t, 0, sizeof t);
		t.at_us = rt.at_us;
		snprintf(t.uid, sizeof t.uid, "%s", rt.uid);
		snprintf(t.reader, sizeof t.reader, "%s", r->id);
		const char *who = badge_cache_lookup(badges, t.uid);
		if (who)
			t.flags |= TAP_FLAG_KNOWN;
		if (debounce_is_repeat(deb, t.uid, t.at_us))
			t.flags |= TAP_FLAG_DUPLICATE;
		int rc = journal_append(j, &t, 1);
		reader_feedback(r, rc ? FEEDBACK_REFUSED : who ? FEEDBACK_ACCEPTED : FEEDBACK_UNKNOWN, t.uid);
		lat[i] = now_ns() - t0;
		if (rc)
			return fprintf(stderr, "journal_append: %d\n", rc), 1;
		journal_release_through(j, t.seq);
	}
	/* The bare fdatasync of one record-sized append, same disk, same run. */
	int fd = open(bare, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	char rec128[JOURNAL_RECORD_SIZE] = { 0 };
	for (int i = 0; i < N; i++) {
		int64_t t0 = now_ns();
		if (write(fd, rec128, sizeof rec128) != (ssize_t)sizeof rec128 || fdatasync(fd) != 0)
			return perror("bare fdatasync"), 1;
		sync_ns[i] = now_ns() - t0;
	}
	close(fd);
	qsort(lat, N, sizeof lat[0], cmp);
	qsort(sync_ns, N, sizeof sync_ns[0], cmp);
	printf("bench_reader_latency: %d taps, journal in %s\n", N, base);
	printf("  tap read -> feedback   p50 %8.1f us   p99 %8.1f us   max %8.1f us\n",
	       pct(lat, N, 0.50), pct(lat, N, 0.99), lat[N - 1] / 1000.0);
	printf("  bare write+fdatasync   p50 %8.1f us   p99 %8.1f us\n", pct(sync_ns, N, 0.50), pct(sync_ns, N, 0.99));
	printf("  p99 / bare p50 = %.2f fdatasyncs (aim: <= 2)\n", pct(lat, N, 0.99) / pct(sync_ns, N, 0.50));

	close(w);
	reader_free(r);
	journal_checkpoint(j);
	journal_close(j);
	debounce_free(deb);
	badge_cache_free(badges);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
