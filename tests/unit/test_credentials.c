/* A file option of [mqtt] written "%d/NAME" is NAME in $CREDENTIALS_DIRECTORY, where systemd
 * puts a unit's LoadCredential= files; without that variable it is refused, naming the option. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/mqtt_config.h"

static void a_credential_is_found_in_the_credentials_directory(void **state)
{
	(void)state;
	struct mqtt_config c;
	char err[256];
	mqtt_config_init(&c);
	assert_int_equal(setenv("CREDENTIALS_DIRECTORY", "/run/credentials/attendd.service", 1), 0);
	assert_int_equal(mqtt_config_set(&c, "tls_key", "%d/attend_mqtt.key", err, sizeof err), 0);
	assert_string_equal(c.tls_key, "/run/credentials/attendd.service/attend_mqtt.key");
	assert_int_equal(mqtt_config_set(&c, "password_file", "%d/attend_mqtt-password", err, sizeof err), 0);
	assert_string_equal(c.password_file, "/run/credentials/attendd.service/attend_mqtt-password");
	/* set twice (a reload): the last one counts, nothing leaks (ASan) */
	assert_int_equal(mqtt_config_set(&c, "tls_key", "%d/other.key", err, sizeof err), 0);
	assert_string_equal(c.tls_key, "/run/credentials/attendd.service/other.key");
	mqtt_config_free(&c);
}

static void a_plain_path_is_kept_as_written(void **state)
{
	(void)state;
	struct mqtt_config c;
	char err[256];
	mqtt_config_init(&c);
	assert_int_equal(setenv("CREDENTIALS_DIRECTORY", "/run/credentials/x", 1), 0);
	assert_int_equal(mqtt_config_set(&c, "tls_cert", "/etc/attendd/tls/gate-a.crt", err, sizeof err), 0);
	assert_string_equal(c.tls_cert, "/etc/attendd/tls/gate-a.crt");
	/* only a leading "%d/" is the credentials folder */
	assert_int_equal(mqtt_config_set(&c, "tls_ca", "/etc/%d/ca.pem", err, sizeof err), 0);
	assert_string_equal(c.tls_ca, "/etc/%d/ca.pem");
	mqtt_config_free(&c);
}

static void without_credentials_directory_it_is_refused(void **state)
{
	(void)state;
	struct mqtt_config c;
	char err[256];
	mqtt_config_init(&c);
	assert_int_equal(unsetenv("CREDENTIALS_DIRECTORY"), 0);
	assert_int_equal(mqtt_config_set(&c, "tls_key", "%d/attend_mqtt.key", err, sizeof err), -EINVAL);
	assert_non_null(strstr(err, "option 'tls_key': '%d/attend_mqtt.key' names a systemd credential"));
	assert_non_null(strstr(err, "CREDENTIALS_DIRECTORY is not set"));
	assert_null(c.tls_key);
	mqtt_config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_credential_is_found_in_the_credentials_directory),
		cmocka_unit_test(a_plain_path_is_kept_as_written),
		cmocka_unit_test(without_credentials_directory_it_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
