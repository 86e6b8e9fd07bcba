/* The fuzz corpora (tests/fuzz/corpus/<target>/), seeds and every input that once crashed,
 * replayed through the fuzz targets in the ordinary build, so `make unit` and `make SAN=1 unit`
 * re-check them on every run without libFuzzer.  ATTEND_FUZZ_CORPUS overrides the folder. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/fuzz/fuzz.h"
#include "tests/unit/srcdir.h"

int fuzz_tap_decode(const uint8_t *data, size_t size);
int fuzz_ack_decode(const uint8_t *data, size_t size);
int fuzz_status_decode(const uint8_t *data, size_t size);
int fuzz_edge_config(const uint8_t *data, size_t size);
int fuzz_recorder_config(const uint8_t *data, size_t size);
int fuzz_sim_reader(const uint8_t *data, size_t size);
int fuzz_journal(const uint8_t *data, size_t size);
int fuzz_hr_csv(const uint8_t *data, size_t size);
int fuzz_web_input(const uint8_t *data, size_t size);

struct target {
	const char *name;
	int (*fn)(const uint8_t *, size_t);
};

static size_t replay(const struct target *t)
{
	char corpus[4096];
	const char *root = getenv("ATTEND_FUZZ_CORPUS") ? getenv("ATTEND_FUZZ_CORPUS")
	                                                 : test_src_path(corpus, sizeof corpus, "tests/fuzz/corpus");
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/%s", root, t->name);
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("corpus %s: cannot open (ATTEND_SRCDIR names the tree)", dir);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4500];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		uint8_t *buf = malloc(1 << 20);
		assert_non_null(buf);
		size_t len = fread(buf, 1, 1 << 20, f);
		fclose(f);
		/* an exact-size copy, so ASan sees a read one past the end */
		uint8_t *exact = malloc(len ? len : 1);
		assert_non_null(exact);
		memcpy(exact, buf, len);
		free(buf);
		t->fn(exact, len);
		free(exact);
		n++;
	}
	closedir(d);
	assert_true(n > 0);
	return n;
}

#define REPLAY(name)                                                     \
	static void corpus_##name(void **state)                          \
	{                                                                \
		(void)state;                                             \
		static const struct target t = { #name, fuzz_##name };   \
		size_t n = replay(&t);                                   \
		print_message("%s: %zu inputs\n", #name, n);             \
	}

REPLAY(tap_decode)
REPLAY(ack_decode)
REPLAY(status_decode)
REPLAY(edge_config)
REPLAY(recorder_config)
REPLAY(sim_reader)
REPLAY(journal)
REPLAY(hr_csv)
REPLAY(web_input)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corpus_tap_decode),
		cmocka_unit_test(corpus_ack_decode),
		cmocka_unit_test(corpus_status_decode),
		cmocka_unit_test(corpus_edge_config),
		cmocka_unit_test(corpus_recorder_config),
		cmocka_unit_test(corpus_sim_reader),
		cmocka_unit_test(corpus_journal),
		cmocka_unit_test(corpus_hr_csv),
		cmocka_unit_test(corpus_web_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
