/* Where a unit test finds the tree's data files (the holiday table, the fuzz corpora), so its
 * binary runs from any working directory: ATTEND_SRCDIR when set (a moved tree), else the
 * source directory the Makefile compiled it in. */
#ifndef ATTEND_TEST_SRCDIR_H
#define ATTEND_TEST_SRCDIR_H

#include <stdio.h>
#include <stdlib.h>

#ifndef SRCDIR
#define SRCDIR "."
#endif

/* The path of `rel` (relative to the tree's root) in buf. */
static inline const char *test_src_path(char *buf, size_t len, const char *rel)
{
	const char *root = getenv("ATTEND_SRCDIR");
	snprintf(buf, len, "%s/%s", root && *root ? root : SRCDIR, rel);
	return buf;
}

/* Reads the tree's file `rel` into buf; its length, or -1 with a message naming the path. */
static inline long test_src_read(const char *rel, char *buf, size_t len)
{
	char path[4096];
	FILE *f = fopen(test_src_path(path, sizeof path, rel), "rb");
	if (!f) {
		fprintf(stderr, "%s: cannot open (ATTEND_SRCDIR names the tree)\n", path);
		return -1;
	}
	size_t n = fread(buf, 1, len, f);
	fclose(f);
	return (long)n;
}

#endif
