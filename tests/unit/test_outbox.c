/* The outbox: a tap leaves the journal only on the recorder's ack, is sent again after a
 * reconnect or when its ack is overdue, and the window bounds what is in flight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "edge/outbox.h"

static char dir[256], err[512];
static struct journal *j;
static struct outbox *o;
static uint64_t sent[1000];
static size_t nsent;
static int refuse_after = -1;

static int send_fn(void *u, const struct tap *t)
{
	(void)u;
	if (refuse_after >= 0 && (int)nsent >= refuse_after)
		return -1;
	sent[nsent++] = t->seq;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/outbox-XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(journal_open(&j, dir, 100, 10, NULL, err, sizeof err), 0);
	for (int i = 0; i < 10; i++) {
		struct tap t;
		memset(&t, 0, sizeof t);
		snprintf(t.uid, sizeof t.uid, "%04X", i);
		assert_int_equal(journal_append(j, &t, 1), 0);
	}
	assert_int_equal(outbox_new(&o, j, 4, 30000), 0);
	nsent = 0;
	refuse_after = -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	outbox_free(o);
	journal_close(j);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static void the_window_bounds_what_is_in_flight(void **state)
{
	(void)state;
	assert_int_equal(outbox_pump(o, 1000, send_fn, NULL), 4);
	assert_int_equal(outbox_inflight(o), 4);
	assert_int_equal(outbox_pump(o, 1000, send_fn, NULL), 0);
	assert_int_equal(outbox_ack(o, journal_epoch(j), 1, 2), 2);
	assert_int_equal(outbox_pump(o, 1000, send_fn, NULL), 2);
	assert_int_equal(sent[4], 5);
	assert_int_equal(sent[5], 6);
}

static void only_the_acknowledged_prefix_leaves_the_journal(void **state)
{
	(void)state;
	outbox_pump(o, 1000, send_fn, NULL);
	assert_int_equal(outbox_ack(o, journal_epoch(j), 3, 4), 2);   /* out of order */
	assert_int_equal(journal_first_seq(j), 1);
	assert_int_equal(outbox_pending(o), 10);
	assert_int_equal(outbox_ack(o, journal_epoch(j), 1, 2), 2);
	assert_int_equal(journal_first_seq(j), 5);
	assert_int_equal(outbox_pending(o), 6);
}

static void a_repeated_ack_counts_once(void **state)
{
	(void)state;
	outbox_pump(o, 1000, send_fn, NULL);
	assert_int_equal(outbox_ack(o, journal_epoch(j), 1, 3), 3);
	assert_int_equal(outbox_ack(o, journal_epoch(j), 1, 3), 0);
	assert_int_equal(outbox_inflight(o), 1);
}

static void an_ack_for_another_epoch_is_ignored(void **state)
{
	(void)state;
	outbox_pump(o, 1000, send_fn, NULL);
	assert_int_equal(outbox_ack(o, "00000000-0000-4000-8000-000000000000", 1, 4), 0);
	assert_int_equal(journal_first_seq(j), 1);
}

static void an_ack_beyond_the_journal_is_clamped(void **state)
{
	(void)state;
	outbox_pump(o, 1000, send_fn, NULL);
	assert_int_equal(outbox_ack(o, journal_epoch(j), 1, 1000000), 10);
	assert_int_equal(journal_first_seq(j), 11);
	assert_int_equal(outbox_pending(o), 0);
}

static void a_reconnect_sends_everything_unacknowledged_again(void **state)
{
	(void)state;
	outbox_pump(o, 1000, send_fn, NULL);             /* 1..4 */
	outbox_ack(o, journal_epoch(j), 2, 2);
	outbox_reset(o);
	nsent = 0;
	assert_int_equal(outbox_pump(o, 2000, send_fn, NULL), 4);
	assert_int_equal(sent[0], 1);
	assert_int_equal(sent[1], 3);                    /* 2 is acknowledged: not again */
	assert_int_equal(sent[2], 4);
	assert_int_equal(sent[3], 5);
}

static void an_overdue_ack_means_send_again(void **state)
{
	(void)state;
	outbox_pump(o, 1000, send_fn, NULL);
	nsent = 0;
	assert_int_equal(outbox_resend_overdue(o, 1000 + 29999, send_fn, NULL), 0);
	outbox_ack(o, journal_epoch(j), 1, 1);
	assert_int_equal(outbox_resend_overdue(o, 1000 + 30000, send_fn, NULL), 3);
	assert_int_equal(sent[0], 2);
	assert_int_equal(outbox_inflight(o), 3);         /* re-sending adds nothing in flight */
}

static void a_refused_send_is_tried_again_later(void **state)
{
	(void)state;
	refuse_after = 2;
	assert_int_equal(outbox_pump(o, 1000, send_fn, NULL), 2);
	refuse_after = -1;
	assert_int_equal(outbox_pump(o, 1000, send_fn, NULL), 2);
	assert_int_equal(sent[2], 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_window_bounds_what_is_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(only_the_acknowledged_prefix_leaves_the_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(a_repeated_ack_counts_once, setup, teardown),
		cmocka_unit_test_setup_teardown(an_ack_for_another_epoch_is_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(an_ack_beyond_the_journal_is_clamped, setup, teardown),
		cmocka_unit_test_setup_teardown(a_reconnect_sends_everything_unacknowledged_again, setup, teardown),
		cmocka_unit_test_setup_teardown(an_overdue_ack_means_send_again, setup, teardown),
		cmocka_unit_test_setup_teardown(a_refused_send_is_tried_again_later, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
