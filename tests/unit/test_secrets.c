/* Credentials are never world-readable: a password file or TLS key open to others is refused
 * with the option, the file and the fix; 0600 and 0640 (the service's group) are fine. */
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

#include "lib/mqtt_config.h"

static char dir[] = "/tmp/secrets-XXXXXX";

static char *file(const char *name, mode_t mode)
{
	static char p[2][128];
	static int k;
	char *out = p[k++ % 2];
	snprintf(out, sizeof p[0], "%s/%s", dir, name);
	FILE *f = fopen(out, "w");
	assert_non_null(f);
	fputs("secret\n", f);
	fclose(f);
	assert_int_equal(chmod(out, mode), 0);
	return out;
}

static int check(const char *pw, const char *key, char *err, size_t errlen)
{
	struct mqtt_config c;
	mqtt_config_init(&c);
	c.password_file = pw ? strdup(pw) : NULL;
	c.tls_key = key ? strdup(key) : NULL;
	int rc = mqtt_config_check_secrets(&c, err, errlen);
	mqtt_config_free(&c);
	return rc;
}

static void private_files_pass(void **state)
{
	(void)state;
	char err[512] = "";
	assert_int_equal(check(file("pw", 0600), file("key", 0640), err, sizeof err), 0);
	assert_int_equal(check(NULL, NULL, err, sizeof err), 0);   /* nothing to check */
}

static void a_world_readable_key_is_refused_with_the_fix(void **state)
{
	(void)state;
	char err[512] = "";
	char *key = file("key", 0644);
	assert_int_equal(check(NULL, key, err, sizeof err), -EACCES);
	assert_non_null(strstr(err, "tls_key"));
	assert_non_null(strstr(err, key));
	assert_non_null(strstr(err, "readable by others (mode 0644)"));
	assert_non_null(strstr(err, "chmod 600"));
}

static void a_world_readable_password_file_is_refused(void **state)
{
	(void)state;
	char err[512] = "";
	assert_int_equal(check(file("pw", 0604), NULL, err, sizeof err), -EACCES);
	assert_non_null(strstr(err, "password_file"));
	assert_non_null(strstr(err, "chmod 600"));
}

static void a_world_writable_key_is_refused(void **state)
{
	(void)state;
	char err[512] = "";
	assert_int_equal(check(NULL, file("key", 0602), err, sizeof err), -EACCES);
	assert_non_null(strstr(err, "writable by others"));
}

static void a_missing_file_is_named(void **state)
{
	(void)state;
	char err[512] = "";
	assert_int_equal(check("/nonexistent/pw", NULL, err, sizeof err), -ENOENT);
	assert_non_null(strstr(err, "password_file '/nonexistent/pw': No such file"));
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[64];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(private_files_pass),
		cmocka_unit_test(a_world_readable_key_is_refused_with_the_fix),
		cmocka_unit_test(a_world_readable_password_file_is_refused),
		cmocka_unit_test(a_world_writable_key_is_refused),
		cmocka_unit_test(a_missing_file_is_named),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
