/* The edge's badge cache (edge/badge_cache.c) and its reload aside (edge/badge_reload.c):
 * lookups, the list's edge cases, a bad list named by file and line, and a reload that keeps
 * the door answering (run under the SAN build, and under TSan by hand: -fsanitize=thread). */
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "edge/badge_cache.h"
#include "edge/badge_reload.h"

static char dir[256];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/badges-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes text to dir/name; the path in a static buffer of its own per name slot. */
static const char *list(const char *name, const char *text)
{
	static char paths[4][300];
	static int next;
	char *p = paths[next++ % 4];
	snprintf(p, 300, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return p;
}

static struct badge_cache *load_ok(const char *text)
{
	struct badge_cache *c = NULL;
	char err[512] = "";
	int rc = badge_cache_load(&c, list("ok.json", text), err, sizeof err);
	if (rc != 0)
		fail_msg("%s", err);
	return c;
}

/* The message of a list that must be refused; the cache pointer must stay untouched. */
static const char *load_bad(const char *text)
{
	static char err[512];
	struct badge_cache *c = (struct badge_cache *)&err;   /* a sentinel: must stay as it is */
	err[0] = '\0';
	assert_int_equal(badge_cache_load(&c, list("bad.json", text), err, sizeof err), -1);
	assert_ptr_equal(c, (struct badge_cache *)&err);
	assert_non_null(strstr(err, dir));   /* the message names the file */
	return err;
}

static void a_listed_badge_is_found_an_other_is_not(void **state)
{
	(void)state;
	struct badge_cache *c = load_ok("{\"site\":\"hq\",\"badges\":[\n"
	                                " {\"uid\":\"04A1B2C3\",\"person\":\"p1\",\"name\":\"Nguyễn Văn An\"},\n"
	                                " {\"uid\":\"04A1B2C4\",\"person\":\"p2\",\"name\":\"Trần Thị Bình\"}]}\n");
	assert_int_equal(badge_cache_size(c), 2);
	assert_string_equal(badge_cache_lookup(c, "04A1B2C3"), "Nguyễn Văn An");
	assert_string_equal(badge_cache_lookup(c, "04A1B2C4"), "Trần Thị Bình");
	assert_null(badge_cache_lookup(c, "04A1B2C5"));
	assert_null(badge_cache_lookup(c, "04a1b2c3"));   /* uids are compared exactly, as before */
	assert_null(badge_cache_lookup(c, ""));
	badge_cache_free(c);
}

static void no_list_or_an_empty_one_knows_no_badge(void **state)
{
	(void)state;
	struct badge_cache *c;
	char err[256];
	assert_int_equal(badge_cache_load(&c, NULL, err, sizeof err), 0);
	assert_int_equal(badge_cache_size(c), 0);
	assert_null(badge_cache_lookup(c, "04A1B2C3"));
	badge_cache_free(c);
	c = load_ok("{\"badges\":[]}");
	assert_int_equal(badge_cache_size(c), 0);
	assert_null(badge_cache_lookup(c, "04A1B2C3"));
	badge_cache_free(c);
	assert_null(badge_cache_lookup(NULL, "04A1B2C3"));
	badge_cache_free(NULL);
}

/* Validity is decided by `attendctl badges export` (valid_from/valid_to, the person's leaving
 * date): an expired or revoked badge is left out of the list, so after the next reload the
 * door no longer knows it. */
static void an_expired_badge_left_out_of_the_next_list_is_unknown_after_it(void **state)
{
	(void)state;
	struct badge_cache *c = load_ok("{\"badges\":[{\"uid\":\"A1\",\"name\":\"Một\"},{\"uid\":\"A2\",\"name\":\"Hai\"}]}");
	assert_non_null(badge_cache_lookup(c, "A2"));
	badge_cache_free(c);
	c = load_ok("{\"badges\":[{\"uid\":\"A1\",\"name\":\"Một\"}]}");
	assert_null(badge_cache_lookup(c, "A2"));
	assert_string_equal(badge_cache_lookup(c, "A1"), "Một");
	badge_cache_free(c);
}

/* As the json-c object did (a later key replaces an earlier one): the later entry wins. */
static void a_badge_listed_twice_answers_with_the_later_entry(void **state)
{
	(void)state;
	struct badge_cache *c = load_ok("{\"badges\":[{\"uid\":\"A1\",\"name\":\"Cũ\"},{\"uid\":\"B1\",\"name\":\"Bê\"},"
	                                "{\"uid\":\"A1\",\"name\":\"Mới\"}]}");
	assert_string_equal(badge_cache_lookup(c, "A1"), "Mới");
	assert_string_equal(badge_cache_lookup(c, "B1"), "Bê");
	assert_int_equal(badge_cache_size(c), 2);   /* distinct badges */
	badge_cache_free(c);
}

static void the_name_else_the_person_code_is_shown(void **state)
{
	(void)state;
	struct badge_cache *c = load_ok("{\"badges\":[{\"uid\":\"A1\",\"person\":\"p1\"},"
	                                "{\"uid\":\"A2\",\"person\":\"p2\",\"name\":null},"
	                                "{\"uid\":\"A3\",\"person\":42},"
	                                "{\"uid\":\"A\\u00c9\",\"name\":\"Tr\\u1ea7n \\\"B\\\"\"}]}");
	assert_string_equal(badge_cache_lookup(c, "A1"), "p1");
	assert_string_equal(badge_cache_lookup(c, "A2"), "p2");
	assert_string_equal(badge_cache_lookup(c, "A3"), "42");
	assert_string_equal(badge_cache_lookup(c, "AÉ"), "Trần \"B\"");   /* escapes decoded */
	badge_cache_free(c);
}

/* The top object's other members, in any order, are read past. */
static void other_members_of_the_list_are_skipped(void **state)
{
	(void)state;
	struct badge_cache *c = load_ok("  {\"site\":\"hq\", \"generated\":{\"at\":[1,2,{\"x\":null}]},\n"
	                                "   \"badges\" : [ {\"uid\":\"A1\",\"name\":\"Một\"} ] , \"n\":1.5e3 }\n\n");
	assert_string_equal(badge_cache_lookup(c, "A1"), "Một");
	badge_cache_free(c);
	/* commas before a closing bracket: json-c takes them, as the cache always did */
	c = load_ok("{\"badges\":[{\"uid\":\"A1\",\"name\":\"Một\",},\n],}");
	assert_string_equal(badge_cache_lookup(c, "A1"), "Một");
	badge_cache_free(c);
}

static void a_bad_list_is_refused_naming_file_line_and_entry(void **state)
{
	(void)state;
	const char *e = load_bad("{\"badges\":[\n{\"uid\":\"A1\",\"name\":\"Một\"},\n{\"uid\":\"A2\"}]}");
	assert_non_null(strstr(e, "bad.json:3: entry 2 needs \"uid\" and \"name\" or \"person\""));
	e = load_bad("{\"badges\":[\n{\"uid\":\"A1\",\"name\":\"Một\"},\n{\"uid\":7,\"name\":\"Bảy\"}]}");
	assert_non_null(strstr(e, ":3: entry 2 needs"));
	e = load_bad("{\"badges\":[\n{\"uid\":\"A1\",\"name\":\"Một\"},\n\"A2\"]}");
	assert_non_null(strstr(e, ":3: entry 2 needs"));
	e = load_bad("{\"badges\":[\n{\"uid\":\"A1\",\"name\":\"Một\"},\n{\"uid\":\"A2\" \"name\":\"Hai\"}]}");
	assert_non_null(strstr(e, "bad.json:3: "));
	e = load_bad("{\"badges\":[\n{\"uid\":\"A1\",\"name\":\"Một\"}\n{\"uid\":\"A2\",\"name\":\"Hai\"}]}");
	assert_non_null(strstr(e, "bad.json:3: '{' where ',]' was expected"));
	e = load_bad("{\"badges\":[{\"uid\":\"A1\",\"name\":\"Mộ");
	assert_non_null(strstr(e, "bad.json:1: the file ends in the middle of a value"));
	e = load_bad("{\"badges\":[{\"uid\":\"A1\",\"name\":\"Một\"}");
	assert_non_null(strstr(e, "the file ends where ',]' was expected"));
	e = load_bad("{\"site\":\"hq\"}");
	assert_non_null(strstr(e, "expected an object with a \"badges\" array"));
	e = load_bad("{\"badges\":{}}");
	assert_non_null(strstr(e, "expected an object with a \"badges\" array"));
	e = load_bad("[]");
	assert_non_null(strstr(e, "expected an object with a \"badges\" array"));
	e = load_bad("{\"badges\":[],\"badges\":[]}");
	assert_non_null(strstr(e, "a second \"badges\" array"));
	e = load_bad("{\"badges\":[]}\n{}");
	assert_non_null(strstr(e, "bad.json:2: text after the end of the list"));
	e = load_bad("");
	assert_non_null(strstr(e, "the file is empty"));
	struct badge_cache *c;
	char err[512];
	char missing[300];
	snprintf(missing, sizeof missing, "%s/nope.json", dir);
	assert_int_equal(badge_cache_load(&c, missing, err, sizeof err), -1);
	assert_non_null(strstr(err, "nope.json: No such file or directory"));
}

/* Every size of the index (2^bits buckets, from none to many): each listed badge is found
 * with its own name, badges not listed are not. */
static void every_badge_of_a_large_list_is_found(void **state)
{
	(void)state;
	static const size_t sizes[] = { 1, 7, 8, 9, 17, 1000, 20000 };
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t n = sizes[k];
		char path[300], uid[32], name[32];
		snprintf(path, sizeof path, "%s/large.json", dir);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs("{\"badges\":[", f);
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%s{\"uid\":\"04%010zX\",\"name\":\"N%zu\"}", i ? "," : "", i * 7919, i);
		fputs("]}", f);
		assert_int_equal(fclose(f), 0);
		struct badge_cache *c;
		char err[512];
		assert_int_equal(badge_cache_load(&c, path, err, sizeof err), 0);
		assert_int_equal(badge_cache_size(c), n);
		for (size_t i = 0; i < n; i++) {
			snprintf(uid, sizeof uid, "04%010zX", i * 7919);
			snprintf(name, sizeof name, "N%zu", i);
			const char *who = badge_cache_lookup(c, uid);
			assert_non_null(who);
			assert_string_equal(who, name);
			snprintf(uid, sizeof uid, "05%010zX", i * 7919);
			assert_null(badge_cache_lookup(c, uid));
		}
		badge_cache_free(c);
	}
}

/* The file is read in 64 KiB pieces: an entry across two of them, an entry larger than one,
 * and the line of a bad entry far down a file are all as in a small file. */
static void a_long_file_is_read_in_pieces(void **state)
{
	(void)state;
	char path[300];
	snprintf(path, sizeof path, "%s/long.json", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"badges\":[\n", f);
	for (int i = 0; i < 5000; i++)
		fprintf(f, "%s{\"uid\":\"U%d\",\"name\":\"Người số %d\"}\n", i ? "," : "", i, i);
	fputs(",{\"uid\":\"BIG\",\"name\":\"", f);
	for (int i = 0; i < 200000; i++)
		fputc('a' + i % 26, f);
	fputs("\"}]}\n", f);
	assert_int_equal(fclose(f), 0);
	struct badge_cache *c;
	char err[512];
	assert_int_equal(badge_cache_load(&c, path, err, sizeof err), 0);
	assert_int_equal(badge_cache_size(c), 5001);
	assert_string_equal(badge_cache_lookup(c, "U4999"), "Người số 4999");
	assert_int_equal(strlen(badge_cache_lookup(c, "BIG")), 200000);
	badge_cache_free(c);

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"badges\":[\n", f);
	for (int i = 0; i < 5000; i++)
		if (i == 3999)   /* entry 4000, on line 4001 */
			fprintf(f, ",{\"uid\":\"U%d\"}\n", i);
		else
			fprintf(f, "%s{\"uid\":\"U%d\",\"name\":\"N\"}\n", i ? "," : "", i);
	fputs("]}\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(badge_cache_load(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "long.json:4001: entry 4000 needs"));
}

/* -- reloading aside ----------------------------------------------------------------------- */

/* Waits for the loading thread's result; 1, or -1 with err. */
static int wait_take(struct badge_reload *r, struct badge_cache **b, char *err, size_t errlen)
{
	struct pollfd p = { .fd = badge_reload_fd(r), .events = POLLIN };
	for (;;) {
		assert_int_equal(poll(&p, 1, 10000), 1);
		int rc = badge_reload_take(r, b, err, errlen);
		if (rc != 0)
			return rc;
	}
}

static void a_bad_list_on_reload_keeps_the_running_cache(void **state)
{
	(void)state;
	struct badge_reload *r;
	struct badge_cache *running = load_ok("{\"badges\":[{\"uid\":\"A1\",\"name\":\"Một\"}]}"), *b = NULL;
	char err[600];
	assert_int_equal(badge_reload_new(&r), 0);
	assert_int_equal(badge_reload_start(r, list("broken.json", "{\"badges\":[\n{\"uid\":\"A1\"}]}")), 0);
	assert_true(badge_reload_busy(r));
	assert_int_equal(wait_take(r, &b, err, sizeof err), -1);
	assert_null(b);
	assert_non_null(strstr(err, "broken.json:2: entry 1 needs"));
	assert_false(badge_reload_busy(r));
	assert_string_equal(badge_cache_lookup(running, "A1"), "Một");   /* the caller keeps it */
	/* and a good one after it is taken */
	assert_int_equal(badge_reload_start(r, list("good.json", "{\"badges\":[{\"uid\":\"B1\",\"name\":\"Hai\"}]}")), 0);
	assert_int_equal(wait_take(r, &b, err, sizeof err), 1);
	assert_string_equal(badge_cache_lookup(b, "B1"), "Hai");
	badge_cache_free(b);
	badge_cache_free(running);
	badge_reload_free(r);
}

/* Two reloads asked for while one runs: the latest list is loaded after it, none is lost. */
static void a_reload_asked_during_a_load_follows_it(void **state)
{
	(void)state;
	struct badge_reload *r;
	struct badge_cache *b = NULL;
	char err[600];
	assert_int_equal(badge_reload_new(&r), 0);
	assert_int_equal(badge_reload_start(r, list("one.json", "{\"badges\":[{\"uid\":\"A1\",\"name\":\"Một\"}]}")), 0);
	assert_int_equal(badge_reload_start(r, list("two.json", "{\"badges\":[{\"uid\":\"A2\",\"name\":\"Hai\"}]}")), 0);
	assert_int_equal(badge_reload_start(r, list("three.json", "{\"badges\":[{\"uid\":\"A3\",\"name\":\"Ba\"}]}")), 0);
	assert_int_equal(wait_take(r, &b, err, sizeof err), 1);
	assert_string_equal(badge_cache_lookup(b, "A1"), "Một");
	badge_cache_free(b);
	assert_true(badge_reload_busy(r));
	assert_int_equal(wait_take(r, &b, err, sizeof err), 1);
	assert_string_equal(badge_cache_lookup(b, "A3"), "Ba");
	badge_cache_free(b);
	assert_false(badge_reload_busy(r));
	/* freed with a load still running: it is waited for and its cache freed (ASan says) */
	assert_int_equal(badge_reload_start(r, list("one.json", "{\"badges\":[]}")), 0);
	badge_reload_free(r);
}

#define RELOADS 100
#define BADGES 5000

static const char *write_numbered(const char *name, const char *prefix, size_t n)
{
	static char paths[2][300];
	char *p = paths[prefix[0] == 'B'];
	snprintf(p, 300, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs("{\"badges\":[", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s{\"uid\":\"U%zu\",\"name\":\"%s%zu\"}", i ? "," : "", i, prefix, i);
	fputs("]}", f);
	assert_int_equal(fclose(f), 0);
	return p;
}

/* As attendd does it: the door's thread (here the test's) looks up without pause while a list
 * loads on the other thread, takes the new cache when it is ready and frees the old one; 100
 * reloads, every tenth of a broken list.  Every lookup answers, from the old cache or the new. */
static void the_door_answers_through_100_reloads(void **state)
{
	(void)state;
	const char *a = write_numbered("a.json", "A", BADGES), *b = write_numbered("b.json", "B", BADGES);
	const char *broken = list("broken.json", "{\"badges\":[{\"uid\":\"U1\",\"name\":\"x\"},{]}");
	struct badge_reload *r;
	struct badge_cache *c, *next;
	char err[600];
	assert_int_equal(badge_cache_load(&c, a, err, sizeof err), 0);
	assert_int_equal(badge_reload_new(&r), 0);
	size_t reloads = 0, swaps = 0, failed = 0, lookups = 0, during = 0, unanswered = 0, i = 0;
	char uid[32];
	assert_int_equal(badge_reload_start(r, a), 0);
	while (reloads < RELOADS) {
		snprintf(uid, sizeof uid, "U%zu", i++ % BADGES);
		const char *who = badge_cache_lookup(c, uid);
		unanswered += !who || (who[0] != 'A' && who[0] != 'B') || strcmp(who + 1, uid + 1);
		lookups++;
		during += badge_reload_busy(r);
		int rc = badge_reload_take(r, &next, err, sizeof err);
		if (rc == 0)
			continue;
		reloads++;
		if (rc > 0) {
			badge_cache_free(c);
			c = next;
			swaps++;
		} else {
			assert_non_null(strstr(err, "broken.json:1: "));
			failed++;
		}
		if (reloads < RELOADS)
			assert_int_equal(badge_reload_start(r, reloads % 10 == 9 ? broken : reloads % 2 ? b : a), 0);
	}
	assert_int_equal(unanswered, 0);
	assert_int_equal(failed, RELOADS / 10);
	assert_int_equal(swaps, RELOADS - RELOADS / 10);
	assert_true(during >= RELOADS);   /* at least one lookup while each load ran */
	printf("%zu lookups, %zu of them while a list loaded, through %zu reloads\n", lookups, during, reloads);
	badge_cache_free(c);
	badge_reload_free(r);
}

/* A loaded cache is immutable: any number of threads may look up in it at once. */
struct reader_arg {
	const struct badge_cache *c;
	atomic_size_t *wrong;
};

static void *look_up_all(void *p)
{
	struct reader_arg *ra = p;
	char uid[32];
	for (size_t i = 0; i < 4 * BADGES; i++) {
		snprintf(uid, sizeof uid, "U%zu", i % BADGES);
		if (!badge_cache_lookup(ra->c, uid))
			atomic_fetch_add(ra->wrong, 1);
	}
	return NULL;
}

static void threads_look_up_in_one_cache_at_once(void **state)
{
	(void)state;
	struct badge_cache *c;
	char err[600];
	assert_int_equal(badge_cache_load(&c, write_numbered("a.json", "A", BADGES), err, sizeof err), 0);
	atomic_size_t wrong = 0;
	struct reader_arg ra = { c, &wrong };
	pthread_t t[3];
	for (int k = 0; k < 3; k++)
		assert_int_equal(pthread_create(&t[k], NULL, look_up_all, &ra), 0);
	for (int k = 0; k < 3; k++)
		pthread_join(t[k], NULL);
	assert_int_equal(atomic_load(&wrong), 0);
	badge_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_listed_badge_is_found_an_other_is_not),
		cmocka_unit_test(no_list_or_an_empty_one_knows_no_badge),
		cmocka_unit_test(an_expired_badge_left_out_of_the_next_list_is_unknown_after_it),
		cmocka_unit_test(a_badge_listed_twice_answers_with_the_later_entry),
		cmocka_unit_test(the_name_else_the_person_code_is_shown),
		cmocka_unit_test(other_members_of_the_list_are_skipped),
		cmocka_unit_test(a_bad_list_is_refused_naming_file_line_and_entry),
		cmocka_unit_test(every_badge_of_a_large_list_is_found),
		cmocka_unit_test(a_long_file_is_read_in_pieces),
		cmocka_unit_test(a_bad_list_on_reload_keeps_the_running_cache),
		cmocka_unit_test(a_reload_asked_during_a_load_follows_it),
		cmocka_unit_test(the_door_answers_through_100_reloads),
		cmocka_unit_test(threads_look_up_in_one_cache_at_once),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
