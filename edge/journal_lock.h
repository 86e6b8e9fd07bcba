/* One journal, one writer: attendd holds an exclusive lock on a file in the journal folder for
 * as long as it runs.  Two processes appending to one journal would hand out the same seqs and
 * tear each other's records, and two edges with one client id kick each other off the broker;
 * the second is refused at once instead. */
#ifndef ATTEND_JOURNAL_LOCK_H
#define ATTEND_JOURNAL_LOCK_H

#include <stddef.h>

#define JOURNAL_LOCK_NAME "lock"

/* Creates dir if needed and takes the lock on dir/lock (flock, released by the kernel when the
 * process ends however it ends), then writes our PID into it for the next one to read.
 * Returns the lock's fd (keep it open; journal_unlock() at the end), or a negative errno with a
 * message: -EBUSY when another process holds it, naming the folder and that process's PID. */
int  journal_lock(const char *dir, char *err, size_t errlen);
void journal_unlock(int fd);

#endif
