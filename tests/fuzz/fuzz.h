/* One fuzz target per file.  Built two ways (the fuzzing block of the Makefile):
 * with -DFUZZ_LIBFUZZER the target is libFuzzer's entry point (build/fuzz/, clang); without,
 * it is a plain function fuzz_<name>() that the corpus replay (tests/unit/test_fuzz_corpus.c)
 * calls for every committed corpus file, so `make check` re-runs the corpus under ASan. */
#ifndef ATTEND_FUZZ_H
#define ATTEND_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#ifdef FUZZ_LIBFUZZER
#define FUZZ_TARGET(name)                                                            \
	int fuzz_##name(const uint8_t *data, size_t size);                           \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                 \
	{                                                                            \
		return fuzz_##name(data, size);                                      \
	}                                                                            \
	int fuzz_##name(const uint8_t *data, size_t size)
#else
#define FUZZ_TARGET(name)                                                            \
	int fuzz_##name(const uint8_t *data, size_t size);                           \
	int fuzz_##name(const uint8_t *data, size_t size)
#endif

/* A scratch folder for targets that need files, made once per process and removed at exit. */
const char *fuzz_tmpdir(void);

#endif
