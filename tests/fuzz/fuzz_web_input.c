/* attend-web's request decoders on hostile bytes: the input is taken as a query string or a
 * form body ("k=v&k=v"), each piece URL-decoded as libmicrohttpd does (MHD_http_unescape), kept
 * in a request's list (web/kv.c), then read by every value decoder (web/input.c) and written
 * out through the one HTML escaper (web/html.c).  Checks: what a decoder accepts is in the form
 * it promises; escaped text carries no markup character. */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "web/html.h"
#include "web/input.h"
#include "web/kv.h"
#include "web/session.h"

static void check_value(const char *v)
{
	char d[INPUT_DATE_LEN], t[6], text[501];
	if (input_date(v, d) && (strlen(d) != 10 || d[4] != '-' || d[7] != '-'))
		abort();
	if (input_month(v, d) && (strlen(d) != 10 || strcmp(d + 7, "-01")))
		abort();
	if (input_time(v, t) && (strlen(t) != 5 || t[2] != ':'))
		abort();
	if (input_id(v) && (v[0] < '1' || v[0] > '9'))
		abort();
	if (input_text(v, 500, text) && (strlen(text) > 500 || !*text))
		abort();
	(void)input_code(v);
	(void)input_choice(v, (const char *const[]){ "in", "out", NULL });
	(void)session_token_equal(v, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	struct dbuf b = { 0 };
	html_text(&b, v);
	for (size_t i = 0; i < b.len; i++)
		if (b.p[i] == '<' || b.p[i] == '>' || b.p[i] == '"' || b.p[i] == '\'')
			abort();
	dbuf_free(&b);
}

FUZZ_TARGET(web_input)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct kvlist l = { 0 };
	for (char *save = NULL, *pair = strtok_r(s, "&", &save); pair; pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');
		char *val = eq ? eq + 1 : pair + strlen(pair);
		if (eq)
			*eq = '\0';
		MHD_http_unescape(pair);
		size_t vlen = MHD_http_unescape(val);
		/* a repeated key is appended, as a form field that arrives in pieces */
		if (kv_append(&l, pair, val, vlen) != 0)
			break;
	}
	for (size_t i = 0; i < l.n; i++) {
		if (strlen(l.v[i].val) > l.v[i].val_len || kv_get(&l, l.v[i].key) == NULL)
			abort();
		check_value(l.v[i].val);
		check_value(l.v[i].key);
	}
	kv_free(&l);
	free(s);
	return 0;
}
