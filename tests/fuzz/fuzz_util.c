/* Shared by the file-based fuzz targets: one scratch folder per process (on tmpfs when there
 * is one: fdatasync there costs nothing, so the fuzzer spends its time in the parsers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"

static char dir[256];

static void remove_dir(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0) {
		/* a left-over temp folder is harmless */
	}
}

const char *fuzz_tmpdir(void)
{
	if (dir[0])
		return dir;
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	snprintf(dir, sizeof dir, "%s/attend-fuzz.XXXXXX", base);
	if (!mkdtemp(dir))
		abort();
	atexit(remove_dir);
	return dir;
}
