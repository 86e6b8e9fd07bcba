/* The libnfc driver against real libnfc, talking to an emulated PN532 on a pty (the wire is the
 * only thing faked): a tag comes, stays and leaves; 4, 7 and 10-byte UIDs; one tag replaced by
 * another; a reader that hangs mid-command, one that goes dead, and both coming back; taps the
 * daemon did not read in time are counted, and so are answers the reader cannot show.
 *
 * A thread hung in libnfc beyond nfc_abort_command cannot be made on the wire, so two libnfc
 * calls are wrapped at link time (test_reader_nfc.wrap): armed, the next call waits, deaf to
 * aborts, until the test lets it go -- then the reader is closed under it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <nfc/nfc.h>

#include "readers/reader.h"
#include "tests/tools/pn532_emu.h"

static const uint8_t uid4[] = { 0x04, 0xA1, 0xB2, 0xC3 };
static const uint8_t uid7[] = { 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x80 };
static const uint8_t uid10[] = { 0x08, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09 };

enum hang { HANG_OFF = 0, HANG_ARMED, HANG_HELD, HANG_LET_GO };
static pthread_mutex_t hang_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hang_cv = PTHREAD_COND_INITIALIZER;
static enum hang hang_poll, hang_open;

/* True when this call was armed: it waited until let go. */
static bool hold_if_armed(enum hang *h)
{
	pthread_mutex_lock(&hang_mu);
	bool held = *h == HANG_ARMED;
	if (held) {
		*h = HANG_HELD;
		pthread_cond_broadcast(&hang_cv);
		while (*h == HANG_HELD)
			pthread_cond_wait(&hang_cv, &hang_mu);
		*h = HANG_OFF;
	}
	pthread_mutex_unlock(&hang_mu);
	return held;
}

static void hang_set(enum hang *h, enum hang v)
{
	pthread_mutex_lock(&hang_mu);
	*h = v;
	pthread_cond_broadcast(&hang_cv);
	pthread_mutex_unlock(&hang_mu);
}

static bool wait_held(enum hang *h, int ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	pthread_mutex_lock(&hang_mu);
	while (*h != HANG_HELD && pthread_cond_timedwait(&hang_cv, &hang_mu, &until) == 0)
		;
	bool held = *h == HANG_HELD;
	pthread_mutex_unlock(&hang_mu);
	return held;
}

int __real_nfc_initiator_poll_target(nfc_device *pnd, const nfc_modulation *pnmTargetTypes,
                                     const size_t szTargetTypes, const uint8_t uiPollNr,
                                     const uint8_t uiPeriod, nfc_target *pnt);
int __wrap_nfc_initiator_poll_target(nfc_device *pnd, const nfc_modulation *pnmTargetTypes,
                                     const size_t szTargetTypes, const uint8_t uiPollNr,
                                     const uint8_t uiPeriod, nfc_target *pnt);
int __wrap_nfc_initiator_poll_target(nfc_device *pnd, const nfc_modulation *pnmTargetTypes,
                                     const size_t szTargetTypes, const uint8_t uiPollNr,
                                     const uint8_t uiPeriod, nfc_target *pnt)
{
	if (hold_if_armed(&hang_poll)) {
		/* it comes back, long after, with a tag */
		memset(pnt, 0, sizeof *pnt);
		pnt->nm = (nfc_modulation){ NMT_ISO14443A, NBR_106 };
		memcpy(pnt->nti.nai.abtUid, uid4, sizeof uid4);
		pnt->nti.nai.szUidLen = sizeof uid4;
		return 1;
	}
	return __real_nfc_initiator_poll_target(pnd, pnmTargetTypes, szTargetTypes, uiPollNr,
	                                        uiPeriod, pnt);
}

nfc_device *__real_nfc_open(nfc_context *context, const nfc_connstring connstring);
nfc_device *__wrap_nfc_open(nfc_context *context, const nfc_connstring connstring);
nfc_device *__wrap_nfc_open(nfc_context *context, const nfc_connstring connstring)
{
	if (hold_if_armed(&hang_open))
		return NULL;   /* and then fails, as for a reader unplugged meanwhile */
	return __real_nfc_open(context, connstring);
}

struct fixture {
	struct pn532_emu *emu;
	struct reader *r;
};

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for the reader's state; the reason must contain want_reason when given. */
static bool wait_state(struct reader *r, enum reader_state want, const char *want_reason, int ms)
{
	int64_t end = mono_ms() + ms;
	enum reader_state s;
	char reason[READER_REASON_MAX];
	do {
		reader_get_state(r, &s, reason, sizeof reason, NULL, NULL);
		if (s == want && (!want_reason || strstr(reason, want_reason)))
			return true;
		struct timespec ts = { 0, 10 * 1000000 };
		nanosleep(&ts, NULL);
	} while (mono_ms() < end);
	print_message("state %s (%s), wanted %s\n", reader_state_name(s), reason, reader_state_name(want));
	return false;
}

/* The next tap within ms, as the daemon takes it (poll the fd, read until 0). */
static bool next_tap(struct reader *r, int ms, struct reader_tap *out)
{
	int64_t end = mono_ms() + ms;
	for (;;) {
		memset(out, 0, sizeof *out);
		if (reader_read(r, out) == 1)
			return true;
		int left = (int)(end - mono_ms());
		if (left <= 0)
			return false;
		struct pollfd pfd = { .fd = reader_fd(r), .events = POLLIN };
		poll(&pfd, 1, left);
	}
}

static void expect_tap(struct reader *r, const char *uid)
{
	struct reader_tap t;
	assert_true(next_tap(r, 3000, &t));
	assert_string_equal(t.uid, uid);
	assert_true(t.at_us > 0);
}

static void expect_no_tap(struct reader *r, int ms)
{
	struct reader_tap t;
	if (next_tap(r, ms, &t))
		fail_msg("unexpected tap %s", t.uid);
}

static int setup(void **state, const char *watchdog_ms)
{
	struct fixture *f = calloc(1, sizeof *f);
	char path[64], cs[96], err[256];
	assert_int_equal(pn532_emu_start(&f->emu, path, sizeof path), 0);
	snprintf(cs, sizeof cs, "pn532_uart:%s", path);
	assert_int_equal(reader_new(&f->r, "door1", "nfc", READER_DIR_IN), 0);
	assert_int_equal(reader_configure(f->r, "connstring", cs, err, sizeof err), 0);
	assert_int_equal(reader_configure(f->r, "watchdog_ms", watchdog_ms, err, sizeof err), 0);
	assert_int_equal(reader_open(f->r, err, sizeof err), 0);
	assert_true(wait_state(f->r, READER_ONLINE, "pn532_uart", 5000));
	*state = f;
	return 0;
}

static int setup_default(void **state) { return setup(state, "2000"); }
static int setup_fast_watchdog(void **state) { return setup(state, "400"); }
/* Closing gives a thread 2 x 1000 + 1000 ms; the watchdog (1000 ms) does not abort a call the
 * test holds for less than that. */
static int setup_1s_watchdog(void **state) { return setup(state, "1000"); }

static int teardown(void **state)
{
	struct fixture *f = *state;
	reader_free(f->r);
	pn532_emu_stop(f->emu);
	free(f);
	return 0;
}

static void tag_once_per_presentation(void **state)
{
	struct fixture *f = *state;
	pn532_emu_set_tag(f->emu, uid4, 4, 0x0004, 0x08);          /* MIFARE Classic 1K */
	expect_tap(f->r, "04A1B2C3");
	int64_t t0 = mono_ms();
	reader_feedback(f->r, FEEDBACK_ACCEPTED, "Nguyen Van A");   /* queued, never waits */
	assert_true(mono_ms() - t0 < 50);
	expect_no_tap(f->r, 1500);                                  /* held on the reader: one tap */
	pn532_emu_set_tag(f->emu, NULL, 0, 0, 0);
	expect_no_tap(f->r, 600);
	pn532_emu_set_tag(f->emu, uid4, 4, 0x0004, 0x08);          /* presented again */
	expect_tap(f->r, "04A1B2C3");
	uint64_t taps;
	reader_get_state(f->r, NULL, NULL, 0, NULL, &taps);
	assert_int_equal(taps, 2);
	/* libnfc cannot drive this reader's indicator: the answer above was counted, not lost */
	assert_false(reader_has_indicator(f->r));
	struct reader_status st;
	reader_status(f->r, &st);
	assert_int_equal(st.answers_not_shown, 1);
}

/* The daemon stuck (it reads nothing) while badges keep coming: the driver's queue holds 16,
 * the rest are counted as dropped -- and the 16 are still there. */
static void taps_the_daemon_does_not_take_are_counted(void **state)
{
	struct fixture *f = *state;
	const unsigned presentations = 20;
	int fd = reader_fd(f->r);
	char buf[64];
	for (unsigned i = 0; i < presentations; i++) {
		pn532_emu_set_tag(f->emu, uid4, 4, 0x0004, 0x08);
		/* pushed (or dropped): either way the driver wakes the daemon's fd */
		struct pollfd p = { .fd = fd, .events = POLLIN };
		assert_int_equal(poll(&p, 1, 3000), 1);
		while (read(fd, buf, sizeof buf) > 0)
			;
		/* taken away: the driver polls for a tag again once it has seen it leave */
		unsigned polls = pn532_emu_count(f->emu, 0x60);
		pn532_emu_set_tag(f->emu, NULL, 0, 0, 0);
		int64_t end = mono_ms() + 3000;
		while (pn532_emu_count(f->emu, 0x60) == polls && mono_ms() < end)
			nanosleep(&(struct timespec){ 0, 5 * 1000000 }, NULL);
		assert_true(mono_ms() < end);
	}
	struct reader_status st;
	reader_status(f->r, &st);
	assert_int_equal(st.dropped, presentations - 16);
	struct reader_tap t;
	for (unsigned i = 0; i < 16; i++) {
		assert_true(next_tap(f->r, 1000, &t));
		assert_string_equal(t.uid, "04A1B2C3");
	}
	expect_no_tap(f->r, 200);
}

static int count_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static bool wait_threads(int n, int ms)
{
	int64_t end = mono_ms() + ms;
	while (count_threads() > n && mono_ms() < end)
		nanosleep(&(struct timespec){ 0, 10 * 1000000 }, NULL);
	return count_threads() <= n;
}

/* reader_free() on a thread of its own, so that a close that never returns fails the test. */
struct freeing {
	struct reader *r;
	bool done;
};

static void *free_thread(void *arg)
{
	struct freeing *fr = arg;
	reader_free(fr->r);
	pthread_mutex_lock(&hang_mu);
	fr->done = true;
	pthread_cond_broadcast(&hang_cv);
	pthread_mutex_unlock(&hang_mu);
	return NULL;
}

static bool free_within(struct reader *r, int ms)
{
	static struct freeing fr;   /* a thread that never returns keeps using it */
	fr = (struct freeing){ .r = r };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, free_thread, &fr), 0);
	pthread_detach(t);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	pthread_mutex_lock(&hang_mu);
	while (!fr.done && pthread_cond_timedwait(&hang_cv, &hang_mu, &until) == 0)
		;
	bool done = fr.done;
	pthread_mutex_unlock(&hang_mu);
	return done;
}

/* Readers left to their hung threads: still referenced (for LeakSanitizer too), as they are
 * still in use. */
static struct reader *volatile left_to_thread[2];

/* Hung in a poll when the reader closes: the thread keeps its pipe.  It used to be closed
 * under it, so the tag the thread came back with was written into whatever file had taken the
 * descriptor number since (a journal segment, say). */
static void a_thread_hung_in_a_poll_keeps_its_pipe(void **state)
{
	struct fixture *f = *state;
	int before = count_threads(), fd = reader_fd(f->r);
	hang_set(&hang_poll, HANG_ARMED);
	assert_true(wait_held(&hang_poll, 5000));
	left_to_thread[0] = f->r;
	if (!free_within(f->r, 15000))
		fail_msg("reader_free did not return");
	f->r = NULL;
	assert_int_not_equal(fcntl(fd, F_GETFD), -1);
	hang_set(&hang_poll, HANG_LET_GO);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	assert_int_equal(poll(&p, 1, 5000), 1);       /* its tap woke its own pipe */
	assert_true(wait_threads(before - 2, 10000));  /* then it saw the stop, as did the watchdog */
}

/* Hung opening the device when the reader closes: the close does not wait for the libnfc lock
 * the thread holds (it used to, for ever), and the reader the thread then writes its state to
 * is still there (it used to be freed: a use after free). */
static void a_thread_hung_opening_the_device_keeps_the_reader(void **state)
{
	struct fixture *f = *state;
	int before = count_threads();
	hang_set(&hang_open, HANG_ARMED);
	pn532_emu_set_fault(f->emu, PN532_EMU_HANG);   /* the thread reopens the reader... */
	assert_true(wait_held(&hang_open, 15000));     /* ...and hangs in nfc_open */
	pn532_emu_set_fault(f->emu, PN532_EMU_OK);
	struct reader *r = left_to_thread[1] = f->r;
	if (!free_within(r, 15000))
		fail_msg("reader_free did not return: it waits for the hung thread's lock");
	f->r = NULL;
	hang_set(&hang_open, HANG_LET_GO);
	assert_true(wait_threads(before - 2, 10000));
	enum reader_state st;
	char reason[READER_REASON_MAX];
	reader_get_state(r, &st, reason, sizeof reason, NULL, NULL);
	assert_int_equal(st, READER_ERROR);
	assert_non_null(strstr(reason, "cannot open pn532_uart:"));
}

static void uid_lengths_and_two_tags(void **state)
{
	struct fixture *f = *state;
	pn532_emu_set_tag(f->emu, uid7, 7, 0x0044, 0x00);          /* MIFARE Ultralight / NTAG */
	expect_tap(f->r, "04112233445580");
	expect_no_tap(f->r, 800);
	pn532_emu_set_tag(f->emu, uid10, 10, 0x0344, 0x20);        /* ISO14443-4, triple size UID */
	expect_tap(f->r, "08010203040506070809");
	expect_no_tap(f->r, 800);
	pn532_emu_set_tag(f->emu, uid4, 4, 0x0004, 0x08);          /* swapped with no gap */
	expect_tap(f->r, "04A1B2C3");
	pn532_emu_set_tag(f->emu, NULL, 0, 0, 0);
	expect_no_tap(f->r, 400);
}

static void hangs_then_comes_back(void **state)
{
	struct fixture *f = *state;
	pn532_emu_set_fault(f->emu, PN532_EMU_HANG);              /* ACKs, then never answers */
	assert_true(wait_state(f->r, READER_ERROR, "stopped answering", 4000));
	pn532_emu_set_fault(f->emu, PN532_EMU_OK);
	assert_true(wait_state(f->r, READER_ONLINE, NULL, 15000));
	pn532_emu_set_tag(f->emu, uid4, 4, 0x0004, 0x08);
	expect_tap(f->r, "04A1B2C3");
}

static void dead_then_comes_back(void **state)
{
	struct fixture *f = *state;
	pn532_emu_set_fault(f->emu, PN532_EMU_DEAD);              /* no power: not even an ACK */
	assert_true(wait_state(f->r, READER_ERROR, NULL, 6000));
	pn532_emu_set_tag(f->emu, uid7, 7, 0x0044, 0x00);
	expect_no_tap(f->r, 300);
	pn532_emu_set_fault(f->emu, PN532_EMU_OK);
	assert_true(wait_state(f->r, READER_ONLINE, NULL, 15000));
	expect_tap(f->r, "04112233445580");
}

static void missing_port_is_an_error_not_a_failure(void **state)
{
	(void)state;
	struct reader *r;
	char err[256];
	assert_int_equal(reader_new(&r, "door2", "nfc", READER_DIR_OUT), 0);
	assert_int_equal(reader_configure(r, "connstring", "pn532_uart:/dev/attendd-no-such-tty", err, sizeof err), 0);
	assert_int_equal(reader_open(r, err, sizeof err), 0);      /* it may be plugged in later */
	assert_true(wait_state(r, READER_ERROR, "cannot open pn532_uart:/dev/attendd-no-such-tty", 3000));
	reader_free(r);
}

static void bad_options(void **state)
{
	(void)state;
	struct reader *r;
	char err[256];
	assert_int_equal(reader_new(&r, "door3", "nfc", READER_DIR_BOTH), 0);
	assert_int_equal(reader_configure(r, "types", "iso14443a,mifare", err, sizeof err), -EINVAL);
	assert_non_null(strstr(err, "mifare"));
	assert_int_equal(reader_configure(r, "device", "-1", err, sizeof err), -EINVAL);
	assert_int_equal(reader_configure(r, "watchdog_ms", "5", err, sizeof err), -EINVAL);
	assert_int_equal(reader_configure(r, "speed", "9600", err, sizeof err), -EINVAL);
	assert_int_equal(reader_configure(r, "device", "auto", err, sizeof err), 0);
	reader_free(r);
}

int main(void)
{
	setenv("LIBNFC_LOG_LEVEL", "0", 0);   /* the failures these tests cause are expected */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(tag_once_per_presentation, setup_default, teardown),
		cmocka_unit_test_setup_teardown(uid_lengths_and_two_tags, setup_default, teardown),
		cmocka_unit_test_setup_teardown(hangs_then_comes_back, setup_fast_watchdog, teardown),
		cmocka_unit_test_setup_teardown(dead_then_comes_back, setup_fast_watchdog, teardown),
		cmocka_unit_test_setup_teardown(taps_the_daemon_does_not_take_are_counted, setup_default, teardown),
		cmocka_unit_test_setup_teardown(a_thread_hung_in_a_poll_keeps_its_pipe, setup_1s_watchdog, teardown),
		cmocka_unit_test_setup_teardown(a_thread_hung_opening_the_device_keeps_the_reader, setup_1s_watchdog, teardown),
		cmocka_unit_test(missing_port_is_an_error_not_a_failure),
		cmocka_unit_test(bad_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
