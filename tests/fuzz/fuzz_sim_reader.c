/* The simulated reader's line parser, through the driver (a replay file), on hostile lines:
 * every tap it yields has a UID of 1..31 upper-case letters or digits. */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readers/reader.h"
#include "tests/fuzz/fuzz.h"

FUZZ_TARGET(sim_reader)
{
	char path[300];
	snprintf(path, sizeof path, "%s/taps", fuzz_tmpdir());
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	close(fd);
	struct reader *r;
	char err[256];
	if (reader_new(&r, "in1", "sim", READER_DIR_IN) != 0)
		abort();
	if (reader_configure(r, "path", path, err, sizeof err) != 0 || reader_open(r, err, sizeof err) != 0)
		abort();
	struct reader_tap t;
	for (int i = 0; i < 100000 && reader_read(r, &t) == 1; i++) {
		size_t n = strnlen(t.uid, sizeof t.uid);
		if (n == 0 || n >= sizeof t.uid)
			abort();
		for (size_t k = 0; k < n; k++)
			if (!isalnum((unsigned char)t.uid[k]) || islower((unsigned char)t.uid[k]))
				abort();
	}
	reader_free(r);
	return 0;
}
