/* Acks: one message per (broker, site, edge, epoch), seqs merged into ranges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "recorder/recorder_batch.h"

static struct ack_key k(const char *site, const char *edge, const char *epoch, uint64_t seq)
{
	struct ack_key x;
	memset(&x, 0, sizeof x);
	snprintf(x.site, sizeof x.site, "%s", site);
	snprintf(x.edge, sizeof x.edge, "%s", edge);
	snprintf(x.epoch, sizeof x.epoch, "%s", epoch);
	x.seq = seq;
	return x;
}

static void seqs_are_grouped_per_edge_and_merged(void **state)
{
	(void)state;
	struct ack_key keys[] = {
		k("hq", "gate-b", "e1", 7), k("hq", "gate-a", "e1", 3), k("hq", "gate-a", "e1", 1),
		k("hq", "gate-a", "e1", 2), k("hq", "gate-a", "e1", 5), k("hq", "gate-a", "e1", 5),
		k("hq", "gate-a", "e2", 1), k("br", "gate-a", "e1", 9),
	};
	struct ack_group *g;
	long n = ack_groups_build(keys, sizeof keys / sizeof keys[0], &g);
	assert_int_equal(n, 4);
	/* sorted: br/gate-a/e1, hq/gate-a/e1, hq/gate-a/e2, hq/gate-b/e1 */
	assert_string_equal(g[0].key->site, "br");
	assert_int_equal(g[1].n, 2);
	assert_int_equal(g[1].ranges[0].from, 1);
	assert_int_equal(g[1].ranges[0].to, 3);
	assert_int_equal(g[1].ranges[1].from, 5);
	assert_int_equal(g[1].ranges[1].to, 5);
	assert_string_equal(g[2].key->epoch, "e2");
	assert_string_equal(g[3].key->edge, "gate-b");
	assert_int_equal(g[3].ranges[0].from, 7);
	ack_groups_free(g, n);
}

/* Two brokers: the same edge's taps that came on each are acked on each (the edge listens on
 * the one it uses; the other copy's ack is for a link that may be gone, and harmless). */
static void acks_are_grouped_per_broker_too(void **state)
{
	(void)state;
	struct ack_key keys[] = { k("hq", "gate-a", "e1", 1), k("hq", "gate-a", "e1", 2),
	                          k("hq", "gate-a", "e1", 2), k("hq", "gate-a", "e1", 3) };
	keys[2].broker = keys[3].broker = 1;
	struct ack_group *g;
	long n = ack_groups_build(keys, 4, &g);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].key->broker, 0);
	assert_int_equal(g[0].n, 1);
	assert_int_equal(g[0].ranges[0].from, 1);
	assert_int_equal(g[0].ranges[0].to, 2);
	assert_int_equal(g[1].key->broker, 1);
	assert_int_equal(g[1].ranges[0].from, 2);
	assert_int_equal(g[1].ranges[0].to, 3);
	ack_groups_free(g, n);
}

static void an_empty_batch_has_no_acks(void **state)
{
	(void)state;
	struct ack_group *g;
	assert_int_equal(ack_groups_build(NULL, 0, &g), 0);
	assert_null(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seqs_are_grouped_per_edge_and_merged),
		cmocka_unit_test(acks_are_grouped_per_broker_too),
		cmocka_unit_test(an_empty_batch_has_no_acks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
