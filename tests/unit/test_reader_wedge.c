/* The keyboard-wedge driver fed at the evdev level: a FIFO carrying struct input_event, as a
 * USB reader's /dev/input/eventN would (this machine has no uinput).  Same driver code path,
 * minus the grab. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "readers/reader.h"

struct fixture {
	char dir[64], fifo[96];
	int w;             /* the "keyboard" */
	struct reader *r;
};

static void ev(int w, unsigned type, unsigned code, int value)
{
	struct input_event e = { .type = (uint16_t)type, .code = (uint16_t)code, .value = value };
	assert_int_equal(write(w, &e, sizeof e), (ssize_t)sizeof e);
}

/* Types a string as a reader does: press, release, SYN for each key; '\n' is Enter. */
static void type(int w, const char *s)
{
	static const unsigned digit[] = { KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9 };
	for (; *s; s++) {
		unsigned code = *s == '\n' ? KEY_ENTER : *s >= '0' && *s <= '9' ? digit[*s - '0']
		              : *s == 'A' ? KEY_A : *s == 'x' ? KEY_X : KEY_SPACE;
		ev(w, EV_KEY, code, 1);
		ev(w, EV_SYN, SYN_REPORT, 0);
		ev(w, EV_KEY, code, 0);
		ev(w, EV_SYN, SYN_REPORT, 0);
	}
}

static int next_tap(struct reader *r, int ms, struct reader_tap *t)
{
	int64_t waited = 0;
	for (;;) {
		memset(t, 0, sizeof *t);
		if (reader_read(r, t) == 1)
			return 1;
		if (waited >= ms)
			return 0;
		struct pollfd p = { .fd = reader_fd(r), .events = POLLIN };
		poll(&p, 1, 20);
		waited += 20;
	}
}

static bool state_is(struct reader *r, enum reader_state want, const char *reason_part)
{
	enum reader_state s;
	char reason[READER_REASON_MAX];
	reader_get_state(r, &s, reason, sizeof reason, NULL, NULL);
	return s == want && (!reason_part || strstr(reason, reason_part));
}

static int setup_with(void **state, const char *format)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/attendd-wedge-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->fifo, sizeof f->fifo, "%s/event-kbd", f->dir);
	assert_int_equal(mkfifo(f->fifo, 0600), 0);
	char err[256];
	assert_int_equal(reader_new(&f->r, "gate", "wedge", READER_DIR_BOTH), 0);
	assert_int_equal(reader_configure(f->r, "device", f->fifo, err, sizeof err), 0);
	assert_int_equal(reader_configure(f->r, "format", format, err, sizeof err), 0);
	assert_int_equal(reader_configure(f->r, "timeout_ms", "200", err, sizeof err), 0);
	assert_int_equal(reader_open(f->r, err, sizeof err), 0);
	assert_true(state_is(f->r, READER_ONLINE, "event stream"));
	f->w = open(f->fifo, O_WRONLY | O_CLOEXEC);
	assert_true(f->w >= 0);
	*state = f;
	return 0;
}

static int setup_typed(void **state) { return setup_with(state, "typed"); }
static int setup_hex(void **state) { return setup_with(state, "hex"); }

static int teardown(void **state)
{
	struct fixture *f = *state;
	reader_free(f->r);
	if (f->w >= 0)
		close(f->w);
	unlink(f->fifo);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void card_then_enter(void **state)
{
	struct fixture *f = *state;
	struct reader_tap t;
	type(f->w, "0012345678\n");
	assert_int_equal(next_tap(f->r, 1000, &t), 1);
	assert_string_equal(t.uid, "0012345678");
	assert_true(t.at_us > 0);
	/* two cards in one burst are two taps */
	type(f->w, "0000000001\n0000000002\n");
	assert_int_equal(next_tap(f->r, 1000, &t), 1);
	assert_string_equal(t.uid, "0000000001");
	assert_int_equal(next_tap(f->r, 1000, &t), 1);
	assert_string_equal(t.uid, "0000000002");
	assert_int_equal(next_tap(f->r, 100, &t), 0);
}

static void partial_input_times_out(void **state)
{
	struct fixture *f = *state;
	struct reader_tap t;
	type(f->w, "00123");                 /* card pulled away mid-read */
	assert_int_equal(next_tap(f->r, 400, &t), 0);
	type(f->w, "0099999999\n");          /* the next card is whole, not glued to the rest */
	assert_int_equal(next_tap(f->r, 1000, &t), 1);
	assert_string_equal(t.uid, "0099999999");
}

static void stray_keys_spoil_one_read_only(void **state)
{
	struct fixture *f = *state;
	struct reader_tap t;
	type(f->w, "00x1234567\n");          /* a key no card number has */
	assert_int_equal(next_tap(f->r, 300, &t), 0);
	type(f->w, "\n");                    /* a lone Enter is nothing */
	assert_int_equal(next_tap(f->r, 100, &t), 0);
	type(f->w, "0000000042\n");
	assert_int_equal(next_tap(f->r, 1000, &t), 1);
	assert_string_equal(t.uid, "0000000042");
}

static void hex_format(void **state)
{
	struct fixture *f = *state;
	struct reader_tap t;
	type(f->w, "0012345678\n");
	assert_int_equal(next_tap(f->r, 1000, &t), 1);
	assert_string_equal(t.uid, "00BC614E");
	type(f->w, "9999999999\n");          /* more than 32 bits: not an EM4100 number */
	assert_int_equal(next_tap(f->r, 300, &t), 0);
}

static void unplug_and_replug(void **state)
{
	struct fixture *f = *state;
	struct reader_tap t;
	unlink(f->fifo);                     /* unplugged: the by-id link goes away ... */
	close(f->w);                         /* ... and the device reads as gone */
	f->w = -1;
	assert_int_equal(next_tap(f->r, 100, &t), 0);
	assert_true(state_is(f->r, READER_ERROR, "reader gone"));
	/* the reader retries and finds no device: its reason says so (no tap meanwhile) */
	for (int i = 0; i < 100 && !state_is(f->r, READER_ERROR, "No such file"); i++)
		assert_int_equal(next_tap(f->r, 50, &t), 0);
	assert_true(state_is(f->r, READER_ERROR, "No such file"));
	assert_int_equal(mkfifo(f->fifo, 0600), 0);
	for (int i = 0; i < 100 && !state_is(f->r, READER_ONLINE, NULL); i++)
		next_tap(f->r, 50, &t);
	assert_true(state_is(f->r, READER_ONLINE, NULL));
	f->w = open(f->fifo, O_WRONLY | O_CLOEXEC);
	assert_true(f->w >= 0);
	type(f->w, "0000000007\n");
	assert_int_equal(next_tap(f->r, 1000, &t), 1);
	assert_string_equal(t.uid, "0000000007");
}

static void absent_at_start_and_options(void **state)
{
	(void)state;
	struct reader *r;
	char err[256];
	assert_int_equal(reader_new(&r, "gate2", "wedge", READER_DIR_IN), 0);
	assert_int_equal(reader_open(r, err, sizeof err), -EINVAL);   /* no device option */
	assert_non_null(strstr(err, "by-id"));
	assert_int_equal(reader_configure(r, "format", "octal", err, sizeof err), -EINVAL);
	assert_int_equal(reader_configure(r, "grab", "maybe", err, sizeof err), -EINVAL);
	assert_int_equal(reader_configure(r, "timeout_ms", "1", err, sizeof err), -EINVAL);
	assert_int_equal(reader_configure(r, "device", "/dev/input/by-id/usb-none-event-kbd", err, sizeof err), 0);
	assert_int_equal(reader_open(r, err, sizeof err), 0);         /* hot-plug: an error state, not a failure */
	assert_true(state_is(r, READER_ERROR, "usb-none-event-kbd"));
	reader_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(card_then_enter, setup_typed, teardown),
		cmocka_unit_test_setup_teardown(partial_input_times_out, setup_typed, teardown),
		cmocka_unit_test_setup_teardown(stray_keys_spoil_one_read_only, setup_typed, teardown),
		cmocka_unit_test_setup_teardown(hex_format, setup_hex, teardown),
		cmocka_unit_test_setup_teardown(unplug_and_replug, setup_typed, teardown),
		cmocka_unit_test(absent_at_start_and_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
