/* The metrics page: Prometheus text format from the status numbers, label values escaped,
 * the file replaced at once and readable by the collector (0644 whatever the umask). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "edge/edge_metrics.h"
#include "lib/prom.h"
#include "recorder/recorder_metrics.h"

static char *page(struct prom *p)
{
	fflush(p->f);
	return p->buf;
}

static void the_edge_page_says_what_the_status_says(void **state)
{
	(void)state;
	struct status_reader rs[1];
	memset(rs, 0, sizeof rs);
	snprintf(rs[0].id, sizeof rs[0].id, "in1");
	snprintf(rs[0].state, sizeof rs[0].state, "online");
	rs[0].dropped = 3;
	struct status_msg m;
	memset(&m, 0, sizeof m);
	m.detail = true;
	m.taps.accepted = 41;
	m.taps.refused = 2;
	m.journal.pending = 7;
	m.journal.capacity = 100000;
	m.journal.full = true;
	m.readers = rs;
	m.nreaders = 1;
	struct prom p;
	assert_int_equal(prom_begin(&p), 0);
	edge_metrics_render(&p, &m, false, 12.5);
	const char *s = page(&p);
	assert_non_null(strstr(s, "# TYPE attend_edge_taps_total counter\n"));
	assert_non_null(strstr(s, "\nattend_edge_taps_total{outcome=\"accepted\"} 41\n"));
	assert_non_null(strstr(s, "\nattend_edge_taps_total{outcome=\"refused\"} 2\n"));
	assert_non_null(strstr(s, "\nattend_edge_journal_pending 7\n"));
	assert_non_null(strstr(s, "\nattend_edge_journal_capacity 100000\n"));
	assert_non_null(strstr(s, "\nattend_edge_journal_full 1\n"));
	assert_non_null(strstr(s, "\nattend_edge_ack_lag_seconds 12.500000\n"));
	assert_non_null(strstr(s, "\nattend_edge_broker_connected 0\n"));
	assert_non_null(strstr(s, "\nattend_edge_reader_up{reader=\"in1\"} 1\n"));
	assert_non_null(strstr(s, "\nattend_edge_reader_dropped_total{reader=\"in1\"} 3\n"));
	prom_discard(&p);
}

static void the_recorder_page_says_its_counters(void **state)
{
	(void)state;
	struct recorder_metrics m = { .received = 10, .inserted = 8, .repeats = 1, .rejected = 1,
	                              .queued = 5, .queue_max = 200000, .overflow = 0,
	                              .broker_connected = true };
	struct prom p;
	assert_int_equal(prom_begin(&p), 0);
	recorder_metrics_render(&p, &m);
	const char *s = page(&p);
	assert_non_null(strstr(s, "\nattend_recorder_taps_received_total 10\n"));
	assert_non_null(strstr(s, "\nattend_recorder_taps_stored_total{kind=\"new\"} 8\n"));
	assert_non_null(strstr(s, "\nattend_recorder_taps_stored_total{kind=\"repeat\"} 1\n"));
	assert_non_null(strstr(s, "\nattend_recorder_rejected_payloads_total 1\n"));
	assert_non_null(strstr(s, "\nattend_recorder_queue_length 5\n"));
	assert_non_null(strstr(s, "\nattend_recorder_queue_capacity 200000\n"));
	assert_non_null(strstr(s, "\nattend_recorder_broker_connected 1\n"));
	prom_discard(&p);
}

static void label_values_are_escaped(void **state)
{
	(void)state;
	struct prom p;
	assert_int_equal(prom_begin(&p), 0);
	prom_sample(&p, "x", "reader", "a\"b\\c\nd", 1);
	assert_string_equal(page(&p), "x{reader=\"a\\\"b\\\\c\\nd\"} 1\n");
	prom_discard(&p);
}

static void two_labels_are_escaped_each(void **state)
{
	(void)state;
	struct prom p;
	assert_int_equal(prom_begin(&p), 0);
	prom_sample2(&p, "x_total", "class", "to\"day", "status", "2xx", 3);
	assert_string_equal(page(&p), "x_total{class=\"to\\\"day\",status=\"2xx\"} 3\n");
	prom_discard(&p);
}

static void the_file_is_replaced_whole_and_readable_by_others(void **state)
{
	(void)state;
	char dir[] = "/tmp/prom-XXXXXX", path[64], err[256];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/attendd.prom", dir);
	mode_t old = umask(077);
	for (int round = 0; round < 2; round++) {
		struct prom p;
		assert_int_equal(prom_begin(&p), 0);
		prom_family(&p, "attend_x", "gauge", "A test.");
		prom_sample(&p, "attend_x", NULL, NULL, round);
		assert_int_equal(prom_commit(&p, path, err, sizeof err), 0);
	}
	umask(old);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	FILE *f = fopen(path, "r");
	char buf[256] = "";
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	assert_string_equal(buf, "# HELP attend_x A test.\n# TYPE attend_x gauge\nattend_x 1\n");
	char tmp[80];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	assert_int_equal(access(tmp, F_OK), -1);
	/* a folder that is not there: the error names the file */
	struct prom p;
	assert_int_equal(prom_begin(&p), 0);
	assert_int_equal(prom_commit(&p, "/nonexistent/attendd.prom", err, sizeof err), -ENOENT);
	assert_non_null(strstr(err, "metrics file '/nonexistent/attendd.prom'"));
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_edge_page_says_what_the_status_says),
		cmocka_unit_test(the_recorder_page_says_its_counters),
		cmocka_unit_test(label_values_are_escaped),
		cmocka_unit_test(two_labels_are_escaped_each),
		cmocka_unit_test(the_file_is_replaced_whole_and_readable_by_others),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
