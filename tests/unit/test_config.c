/* Configuration: a good file loads; every bad one gets file:line, option and value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "edge/edge_config.h"
#include "recorder/recorder_config.h"

#define GOOD_EDGE \
	"# a comment\n" \
	"[edge]\n" \
	"id = gate-a\n" \
	"site = hq\n" \
	"journal_dir = /var/lib/attendd/journal\n" \
	"debounce_ms = 2500\n" \
	"log = stderr\n" \
	"[mqtt]\n" \
	"host = broker.local\n" \
	"port = 8883\n" \
	"tls_ca = /etc/attendd/ca.pem\n" \
	"[reader.in1]\n" \
	"driver = sim\n" \
	"direction = entrance\n" \
	"path = /run/attendd/in1.fifo\n"

static void a_good_edge_configuration_loads(void **state)
{
	(void)state;
	struct edge_config c;
	char err[512] = "";
	assert_int_equal(edge_config_load_string(&c, "attendd.ini", GOOD_EDGE, err, sizeof err), 0);
	assert_string_equal(c.edge_id, "gate-a");
	assert_string_equal(c.site, "hq");
	assert_int_equal(c.debounce_ms, 2500);
	assert_int_equal(c.log_target, LOG_TO_STDERR);
	assert_string_equal(c.mqtt.host, "broker.local");
	assert_int_equal(c.mqtt.port, 8883);
	assert_string_equal(c.mqtt.tls_ca, "/etc/attendd/ca.pem");
	assert_string_equal(c.mqtt.topic_root, "attend/v1");
	assert_int_equal(c.nreaders, 1);
	assert_string_equal(c.readers[0]->id, "in1");
	assert_int_equal(c.readers[0]->direction, READER_DIR_IN);
	assert_int_equal(c.journal_capacity, 100000);   /* a default */
	edge_config_free(&c);
}

static const struct bad {
	const char *name, *text, *want;
} bad_edge[] = {
	{ "a value out of range", "[edge]\nid = a\nsite = b\ndebounce_ms = -5\n",
	  "attendd.ini:4: option 'debounce_ms': value '-5' is not a whole number from 0 to 600000" },
	{ "not a number", "[edge]\nid = a\nsite = b\njournal_capacity = lots\n",
	  "attendd.ini:4: option 'journal_capacity': value 'lots'" },
	{ "an unknown option", "[edge]\nid = a\nsitte = b\n", "attendd.ini:3: unknown option 'sitte' in [edge]" },
	{ "an unknown section", "[edgy]\nid = a\n", "attendd.ini:2: unknown section [edgy]" },
	{ "a bad id", "[edge]\nid = gate a\n", "attendd.ini:2: option 'id': value 'gate a'" },
	{ "a bad log target", "[edge]\nlog = console\n", "attendd.ini:2: option 'log': value 'console'" },
	{ "a bad port", "[mqtt]\nport = 70000\n", "attendd.ini:2: option 'port': value '70000'" },
	{ "a bad boolean", "[mqtt]\ntls_insecure = maybe\n", "attendd.ini:2: option 'tls_insecure': value 'maybe' is not yes or no" },
	{ "a topic root with a wildcard", "[mqtt]\ntopic_root = attend/#\n", "attendd.ini:2: option 'topic_root'" },
	{ "an unknown driver", "[edge]\nid = a\nsite = b\n[reader.x]\ndriver = magic\n",
	  "attendd.ini:5: option 'driver': value 'magic' is not a reader driver (sim" },
	{ "driver not first", "[edge]\nid = a\nsite = b\n[reader.x]\npath = /tmp/f\ndriver = sim\n",
	  "attendd.ini:5: [reader.x]: 'driver' must be the first option" },
	{ "a bad direction", "[edge]\nid = a\nsite = b\n[reader.x]\ndriver = sim\ndirection = sideways\n",
	  "attendd.ini:6: option 'direction': value 'sideways' is not in, out or both" },
	{ "an option the driver does not know", "[reader.x]\ndriver = sim\nbaud = 9600\n",
	  "attendd.ini:3: [reader.x] option 'baud', value '9600': unknown option 'baud' for driver sim" },
	{ "a reader twice", "[reader.x]\ndriver = sim\n[reader.y]\ndriver = sim\n[reader.x]\ndriver = sim\n",
	  "attendd.ini:6: reader 'x' is configured twice" },
	{ "no id", "[edge]\nsite = b\n[reader.x]\ndriver = sim\n", "attendd.ini: [edge] id is required" },
	{ "no reader", "[edge]\nid = a\nsite = b\n", "attendd.ini: no reader configured" },
	{ "a segment larger than the journal", "[edge]\nid = a\nsite = b\njournal_capacity = 100\njournal_segment = 1000\n[reader.x]\ndriver = sim\n",
	  "journal_segment (1000) is larger than journal_capacity (100)" },
	{ "a syntax error", "[edge]\nid = a\nthis is not an option\n", "attendd.ini:3: syntax error" },
	{ "the first of two errors", "[edge]\nid = a\nbad1 = x\nbad2 = y\n", "attendd.ini:3: unknown option 'bad1'" },
};

static void bad_edge_configurations_name_file_line_option_and_value(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_edge / sizeof bad_edge[0]; i++) {
		struct edge_config c;
		char err[512] = "";
		int rc = edge_config_load_string(&c, "attendd.ini", bad_edge[i].text, err, sizeof err);
		if (rc != -1 || !strstr(err, bad_edge[i].want))
			fail_msg("case '%s': rc %d, error '%s', wanted '%s'", bad_edge[i].name, rc, err, bad_edge[i].want);
		assert_null(c.edge_id);   /* nothing half-loaded */
		assert_int_equal(c.nreaders, 0);
	}
}

static void a_missing_file_is_named(void **state)
{
	(void)state;
	struct edge_config c;
	char err[512];
	assert_int_equal(edge_config_load(&c, "/nonexistent/attendd.ini", err, sizeof err), -1);
	assert_string_equal(err, "/nonexistent/attendd.ini: No such file or directory");
}

static void the_recorder_configuration_loads_and_checks(void **state)
{
	(void)state;
	struct recorder_config c;
	char err[512] = "";
	assert_int_equal(recorder_config_load_string(&c, "recorder.ini",
	        "[recorder]\nid = rec-2\nbatch_max = 200\n[database]\nconninfo = host=db dbname=attend\n"
	        "[mqtt]\nhost = 10.0.0.5\n", err, sizeof err), 0);
	assert_string_equal(c.id, "rec-2");
	assert_int_equal(c.batch_max, 200);
	assert_string_equal(c.conninfo, "host=db dbname=attend");
	assert_string_equal(c.share_group, "recorders");
	recorder_config_free(&c);
	assert_int_equal(recorder_config_load_string(&c, "recorder.ini", "[recorder]\nbatch_max = 0\n",
	                                             err, sizeof err), -1);
	assert_non_null(strstr(err, "recorder.ini:2: option 'batch_max': value '0'"));
	assert_int_equal(recorder_config_load_string(&c, "recorder.ini", "[database]\nhost = x\n",
	                                             err, sizeof err), -1);
	assert_non_null(strstr(err, "recorder.ini:2: unknown option 'host' in [database]"));
}

/* A conninfo with a password makes the file a credential. */
static void a_password_in_a_world_readable_recorder_config_is_refused(void **state)
{
	(void)state;
	char path[] = "/tmp/recorder-ini-XXXXXX";
	int fd = mkstemp(path);
	const char text[] = "[database]\nconninfo = host=db dbname=attend password=secret\n";
	assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	struct recorder_config c;
	char err[512] = "";
	assert_int_equal(recorder_config_load(&c, path, err, sizeof err), 0);
	chmod(path, 0644);
	assert_int_equal(recorder_config_check_secrets(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "[database] conninfo holds a password but the file is readable by others (mode 0644)"));
	chmod(path, 0640);
	assert_int_equal(recorder_config_check_secrets(&c, path, err, sizeof err), 0);
	recorder_config_free(&c);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_good_edge_configuration_loads),
		cmocka_unit_test(bad_edge_configurations_name_file_line_option_and_value),
		cmocka_unit_test(a_missing_file_is_named),
		cmocka_unit_test(the_recorder_configuration_loads_and_checks),
		cmocka_unit_test(a_password_in_a_world_readable_recorder_config_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
