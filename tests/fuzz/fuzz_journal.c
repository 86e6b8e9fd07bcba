/* Journal recovery on hostile files.  Input layout:
 *   byte 0: flags  bit0 write a state file, bit1 fix each record's CRC (so the fuzzer reaches
 *           the logic behind the checksum: odd seqs, gaps, seqs going backwards), bit2 split
 *           the records over two segments
 *   byte 1: length L of the state file text, then L bytes of it
 *   the rest: segment bytes (records of JOURNAL_RECORD_SIZE)
 * After journal_open succeeds the journal must work: every retained tap is readable, an append
 * lands above the window, release and checkpoint succeed, and it opens again. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "edge/journal.h"
#include "tests/fuzz/fuzz.h"

#define CAPACITY 64
#define SEGMENT 16

static void put(const char *dir, const char *name, const uint8_t *p, size_t n)
{
	char path[400];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || (n && write(fd, p, n) != (ssize_t)n))
		abort();
	close(fd);
}

/* Fresh folder each run, without a shell: the journal makes only flat files. */
static void empty_dir(const char *dir)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		abort();
	DIR *d = opendir(dir);
	if (!d)
		abort();
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, "..")))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

static void fix_crcs(uint8_t *p, size_t n)
{
	for (size_t off = 0; off + JOURNAL_RECORD_SIZE <= n; off += JOURNAL_RECORD_SIZE) {
		uint32_t magic = 0x314a5441u, crc;
		memcpy(p + off, &magic, 4);
		crc = (uint32_t)crc32(0L, p + off + 8, JOURNAL_RECORD_SIZE - 8);
		memcpy(p + off + 4, &crc, 4);
	}
}

FUZZ_TARGET(journal)
{
	if (size < 2)
		return 0;
	unsigned flags = data[0];
	size_t sl = data[1];
	data += 2;
	size -= 2;
	if (sl > size)
		sl = size;
	char dir[300];
	snprintf(dir, sizeof dir, "%s/j", fuzz_tmpdir());
	empty_dir(dir);
	if (flags & 1)
		put(dir, "state", data, sl);
	size_t n = size - sl;
	uint8_t *seg = malloc(n ? n : 1);
	if (!seg)
		abort();
	memcpy(seg, data + sl, n);
	if (flags & 2)
		fix_crcs(seg, n);
	size_t first_part = (flags & 4) ? (n / 2) / JOURNAL_RECORD_SIZE * JOURNAL_RECORD_SIZE : n;
	put(dir, "seg-00000000000000000001.log", seg, first_part);
	if (first_part < n)
		put(dir, "seg-00000000000000000017.log", seg + first_part, n - first_part);
	free(seg);

	struct journal *j;
	struct journal_recovery rec;
	char err[512];
	if (journal_open(&j, dir, CAPACITY, SEGMENT, &rec, err, sizeof err) != 0)
		return 0;
	uint64_t first = journal_first_seq(j), next = journal_next_seq(j);
	if (next < first || first == 0)
		abort();   /* seqs start at 1 and the window is never negative */
	for (uint64_t s = first; s < next && s - first < 4 * CAPACITY; s++) {
		const struct tap *t = journal_get(j, s);
		if (t && (t->seq != s || !memchr(t->uid, '\0', sizeof t->uid)))
			abort();
	}
	struct tap t = { .uid = "04A1B2C3", .reader = "in1", .at_us = 1 };
	if (journal_append(j, &t, 1) == 0 && (t.seq != next || journal_next_seq(j) != next + 1))
		abort();   /* a new tap goes just above what was there */
	journal_release_through(j, journal_next_seq(j) - 1);
	if (journal_checkpoint(j) != 0)
		abort();
	journal_close(j);
	if (journal_open(&j, dir, CAPACITY, SEGMENT, &rec, err, sizeof err) != 0)
		abort();   /* what we wrote ourselves opens again */
	journal_close(j);
	return 0;
}
