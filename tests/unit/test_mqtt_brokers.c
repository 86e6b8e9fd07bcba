/* [mqtt] host lists several brokers (docs/wire.md): each with its port or the [mqtt] port; bad
 * input names the option and the value, and leaves the list as it was. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/mqtt_config.h"

static void one_host_is_one_broker_on_the_port_option(void **state)
{
	(void)state;
	struct mqtt_config c;
	char err[256];
	mqtt_config_init(&c);
	assert_int_equal(c.nbrokers, 1);
	assert_string_equal(mqtt_broker_host(&c, 0), "127.0.0.1");
	assert_int_equal(mqtt_config_set(&c, "host", "broker.local", err, sizeof err), 0);
	/* the port may come after host in the file: it is read when the broker is used */
	assert_int_equal(mqtt_config_set(&c, "port", "8883", err, sizeof err), 0);
	assert_int_equal(c.nbrokers, 1);
	assert_string_equal(mqtt_broker_host(&c, 0), "broker.local");
	assert_int_equal(mqtt_broker_port(&c, 0), 8883);
	assert_string_equal(c.host, "broker.local");
	mqtt_config_free(&c);
}

static void a_list_of_brokers_with_and_without_ports(void **state)
{
	(void)state;
	struct mqtt_config c;
	char err[256];
	mqtt_config_init(&c);
	assert_int_equal(mqtt_config_set(&c, "host", " mq1.example:1884 ,mq2.example, [fd00::5]:8883",
	                                 err, sizeof err), 0);
	assert_int_equal(c.nbrokers, 3);
	assert_string_equal(mqtt_broker_host(&c, 0), "mq1.example");
	assert_int_equal(mqtt_broker_port(&c, 0), 1884);
	assert_string_equal(mqtt_broker_host(&c, 1), "mq2.example");
	assert_int_equal(mqtt_broker_port(&c, 1), 1883);
	assert_string_equal(mqtt_broker_host(&c, 2), "fd00::5");
	assert_int_equal(mqtt_broker_port(&c, 2), 8883);
	/* set again (a reload): the new list replaces the old, nothing leaks (ASan) */
	assert_int_equal(mqtt_config_set(&c, "host", "a,b", err, sizeof err), 0);
	assert_int_equal(c.nbrokers, 2);
	assert_string_equal(mqtt_broker_host(&c, 1), "b");
	mqtt_config_free(&c);
}

static void refused(const char *value, const char *says)
{
	struct mqtt_config c;
	char err[256] = "";
	mqtt_config_init(&c);
	assert_int_equal(mqtt_config_set(&c, "host", "keep.me:1999", err, sizeof err), 0);
	assert_int_equal(mqtt_config_set(&c, "host", value, err, sizeof err), -EINVAL);
	char named[300];
	snprintf(named, sizeof named, "option 'host': value '%s'", value);
	if (!strstr(err, named) || !strstr(err, says))
		fail_msg("'%s' gave: %s", value, err);
	assert_int_equal(c.nbrokers, 1);   /* the list before stays */
	assert_string_equal(mqtt_broker_host(&c, 0), "keep.me");
	assert_string_equal(c.host, "keep.me:1999");
	mqtt_config_free(&c);
}

static void bad_lists_are_refused_naming_the_value(void **state)
{
	(void)state;
	refused("mq1:1883,,mq2", "has no host name");
	refused("mq1:1883,", "has no host name");
	refused("mq1:0", "port '0' of mq1 is not a number from 1 to 65535");
	refused("mq1:70000", "port '70000' of mq1");
	refused("mq1:18x3", "port '18x3' of mq1");
	refused("mq1:", "port '' of mq1");
	refused("mq1 mq2", "has a space in it");
	refused("fd00::5", "more than one ':'");
	refused("[fd00::5", "is not [IPv6 address]:port");
	refused("a,b,c,d,e,f,g,h,i", "more than 8 brokers");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_host_is_one_broker_on_the_port_option),
		cmocka_unit_test(a_list_of_brokers_with_and_without_ports),
		cmocka_unit_test(bad_lists_are_refused_naming_the_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
