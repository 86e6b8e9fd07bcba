/* The journal folder's lock (edge/journal_lock.h).  flock, not a PID file alone: a PID file
 * outlives a crash and its PID may be reused, while a flock ends with its process.  The PID is
 * written only to say who holds it. */
#include "edge/journal_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The holder's PID as it wrote it, or 0 when it has not written it yet. */
static long holder_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *end;
	long pid = strtol(buf, &end, 10);
	return pid > 0 && (*end == '\n' || *end == '\0') ? pid : 0;
}

int journal_lock(const char *dir, char *err, size_t errlen)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		int e = errno;
		snprintf(err, errlen, "journal folder %s: %s", dir, strerror(e));
		return -e;
	}
	char path[4096];
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, JOURNAL_LOCK_NAME) >= sizeof path) {
		snprintf(err, errlen, "journal folder %s: name too long", dir);
		return -ENAMETOOLONG;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		int e = errno;
		snprintf(err, errlen, "journal lock %s: %s", path, strerror(e));
		return -e;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		if (e == EWOULDBLOCK) {
			long pid = holder_pid(fd);
			char who[48] = "a process that has not written its PID yet";
			if (pid)
				snprintf(who, sizeof who, "PID %ld", pid);
			snprintf(err, errlen, "journal folder %s is in use by another attendd (%s, in %s): "
			         "one journal has one writer; stop that one, or give this one its own "
			         "journal_dir and edge id", dir, who, path);
			e = EBUSY;
		} else {
			snprintf(err, errlen, "journal lock %s: %s", path, strerror(e));
		}
		close(fd);
		return -e;
	}
	char line[32];
	int n = snprintf(line, sizeof line, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, line, (size_t)n, 0) != n) {
		/* the lock holds without it; only the next one's message names no PID */
	}
	return fd;
}

void journal_unlock(int fd)
{
	if (fd >= 0)
		close(fd);   /* releases the flock; the file stays, so a waiting lock is not lost */
}
