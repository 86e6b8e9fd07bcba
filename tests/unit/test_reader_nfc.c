/* The libnfc driver against real libnfc, talking to an emulated PN532 on a pty (the wire is the
 * only thing faked): a tag comes, stays and leaves; 4, 7 and 10-byte UIDs; one tag replaced by
 * another; a reader that hangs mid-command, one that goes dead, and both coming back. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <time.h>

#include <cmocka.h>

#include "readers/reader.h"
#include "tests/tools/pn532_emu.h"

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

static int teardown(void **state)
{
	struct fixture *f = *state;
	reader_free(f->r);
	pn532_emu_stop(f->emu);
	free(f);
	return 0;
}

static const uint8_t uid4[] = { 0x04, 0xA1, 0xB2, 0xC3 };
static const uint8_t uid7[] = { 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x80 };
static const uint8_t uid10[] = { 0x08, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09 };

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
		cmocka_unit_test(missing_port_is_an_error_not_a_failure),
		cmocka_unit_test(bad_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
