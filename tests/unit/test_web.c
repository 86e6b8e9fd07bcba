/* attend-web's pure parts: the HTML escaper, the value decoders, token comparison, the login
 * rate limit's schedule, form fields in pieces, and the configuration's refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/html.h"
#include "web/input.h"
#include "web/kv.h"
#include "web/ratelimit.h"
#include "web/session.h"
#include "web/web_config.h"

static void escaper(void **state)
{
	(void)state;
	struct dbuf b = { 0 };
	html_text(&b, "<script>alert('x')</script> & \"Nguyễn\"");
	dbuf_add(&b, "", 1);
	assert_string_equal(b.p, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Nguyễn&quot;");
	dbuf_free(&b);
}

static void dates_and_times(void **state)
{
	(void)state;
	char d[INPUT_DATE_LEN], t[6];
	assert_true(input_date("16/11/2026", d));
	assert_string_equal(d, "2026-11-16");
	assert_true(input_date("2028-02-29", d));
	assert_false(input_date("29/02/2026", d));     /* not a leap year */
	assert_false(input_date("31/04/2026", d));
	assert_false(input_date("16/11/26", d));
	assert_false(input_date("16-11-2026", d));
	assert_false(input_date("1/11/2026 ", d));
	assert_true(input_month("11/2026", d));
	assert_string_equal(d, "2026-11-01");
	assert_false(input_month("13/2026", d));
	assert_true(input_time("07:05", t));
	assert_false(input_time("24:00", t));
	assert_false(input_time("7:05", t));
}

static void ids_codes_texts(void **state)
{
	(void)state;
	char out[16];
	assert_true(input_id("12"));
	assert_false(input_id("012"));
	assert_false(input_id("12a"));
	assert_false(input_id("99999999999999999"));
	assert_true(input_code("Ô"));
	assert_false(input_code(" p1"));
	assert_false(input_code("p\x01"));
	assert_false(input_code("\xff"));
	assert_true(input_text("  quên thẻ \n", 15, out));
	assert_string_equal(out, "quên thẻ");
	assert_false(input_text("   ", 15, out));
	assert_false(input_text("a\x07", 15, out));
	assert_false(input_text("0123456789abcdef", 15, out));
	assert_int_equal(input_choice("out", (const char *const[]){ "in", "out", NULL }), 1);
	assert_int_equal(input_choice("both", (const char *const[]){ "in", "out", NULL }), -1);
}

static void tokens(void **state)
{
	(void)state;
	char a[SESSION_TOKEN_LEN + 1], b[SESSION_TOKEN_LEN + 1];
	assert_int_equal(session_random_hex(a, SESSION_TOKEN_LEN / 2), 0);
	assert_int_equal(session_random_hex(b, SESSION_TOKEN_LEN / 2), 0);
	assert_int_equal(strlen(a), SESSION_TOKEN_LEN);
	assert_string_not_equal(a, b);
	assert_true(session_token_equal(a, a));
	assert_false(session_token_equal(a, b));
	assert_false(session_token_equal(a, NULL));
	assert_false(session_token_equal("", ""));   /* an empty token never matches */
	b[0] = '\0';
	assert_false(session_token_equal(a, b));
}

static void rate_limit(void **state)
{
	(void)state;
	struct ratelimit *r = ratelimit_new(5, 300, 900);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(ratelimit_wait(r, "u:a", 100), 0);
		ratelimit_failed(r, "u:a", 100);
	}
	assert_int_equal(ratelimit_wait(r, "u:a", 100), 0);   /* five are free */
	ratelimit_failed(r, "u:a", 100);
	assert_int_equal(ratelimit_wait(r, "u:a", 100), 1);
	ratelimit_failed(r, "u:a", 101);
	assert_int_equal(ratelimit_wait(r, "u:a", 101), 2);
	for (int i = 0; i < 30; i++)
		ratelimit_failed(r, "u:a", 103);
	assert_int_equal(ratelimit_wait(r, "u:a", 103), 300);  /* capped */
	assert_int_equal(ratelimit_wait(r, "u:b", 103), 0);    /* another name is not blocked */
	ratelimit_succeeded(r, "u:a");
	assert_int_equal(ratelimit_wait(r, "u:a", 103), 0);
	ratelimit_free(r);
}

static void form_pieces(void **state)
{
	(void)state;
	struct kvlist l = { 0 };
	assert_int_equal(kv_add(&l, "reason", "quên ", 6), 0);
	assert_int_equal(kv_append(&l, "reason", "thẻ", strlen("thẻ")), 0);
	assert_int_equal(kv_append(&l, "time", "17:31", 5), 0);
	assert_string_equal(kv_get(&l, "reason"), "quên thẻ");
	assert_string_equal(kv_get(&l, "time"), "17:31");
	assert_null(kv_get(&l, "csrf"));
	kv_free(&l);
}

static void config(void **state)
{
	(void)state;
	struct web_config c;
	char err[512];
	assert_int_equal(web_config_load_string(&c, "web.ini", "[web]\nport = 8443\nsecure_cookies = yes\n"
	                                        "[database]\nconninfo = host=db dbname=attend\n", err, sizeof err), 0);
	assert_int_equal(c.port, 8443);
	assert_true(c.secure_cookies);
	web_config_free(&c);
	assert_int_not_equal(web_config_load_string(&c, "web.ini", "[database]\nconninfo = dbname=attend user=web\n",
	                                            err, sizeof err), 0);
	assert_non_null(strstr(err, "web.ini:2"));
	assert_non_null(strstr(err, "'user' may not be given"));
	assert_int_not_equal(web_config_load_string(&c, "web.ini", "[web]\nsession_idle = 1\n", err, sizeof err), 0);
	assert_non_null(strstr(err, "session_idle"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escaper), cmocka_unit_test(dates_and_times), cmocka_unit_test(ids_codes_texts),
		cmocka_unit_test(tokens), cmocka_unit_test(rate_limit), cmocka_unit_test(form_pieces),
		cmocka_unit_test(config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
