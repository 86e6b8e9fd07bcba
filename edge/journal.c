#include "edge/journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uuid/uuid.h>
#include <zlib.h>

/* Record layout (host byte order: a journal never leaves its host).
 *   0 u32 magic  4 u32 crc32 of bytes 8..127   8 u64 seq   16 i64 at_us
 *  24 u8 flags  25 u8 direction  26..31 zero   32 epoch (16-byte UUID)
 *  48 uid[32] (NUL-padded)  80 reader[48] (NUL-padded) */
#define REC_MAGIC 0x314a5441u  /* "ATJ1" */
#define STATE_NAME "state"
#define STATE_TMP  "state.tmp"
/* The largest window a healthy journal can hold: the most journal_capacity allows. */
#define JOURNAL_WINDOW_MAX 10000000ull

struct journal {
	int dirfd;
	uint64_t capacity;        /* size of the ring */
	uint64_t seg_records;
	char epoch[EPOCH_LEN];
	uint64_t released;        /* every seq <= released is in the database */
	uint64_t released_saved;  /* the mark last written to `state` */
	uint64_t first, next;     /* retained window */
	struct tap *ring;         /* index seq % capacity; seq == 0 marks a hole */
	uint64_t *segs;           /* first seq of each segment file, ascending */
	size_t nsegs, segs_cap;
	int cur_fd;
	uint64_t cur_count;
	off_t cur_size;
	unsigned char *buf;       /* encode buffer for appends */
	size_t buf_cap;
};

static void seg_name(char out[64], uint64_t first)
{
	snprintf(out, 64, "seg-%020" PRIu64 ".log", first);
}

static void encode(unsigned char r[JOURNAL_RECORD_SIZE], const struct tap *t)
{
	uint32_t magic = REC_MAGIC;
	uuid_t u;
	memset(r, 0, JOURNAL_RECORD_SIZE);
	memcpy(r, &magic, 4);
	memcpy(r + 8, &t->seq, 8);
	memcpy(r + 16, &t->at_us, 8);
	r[24] = t->flags;
	r[25] = (unsigned char)t->direction;
	if (uuid_parse(t->epoch, u) == 0)
		memcpy(r + 32, u, 16);
	strncpy((char *)r + 48, t->uid, 31);
	strncpy((char *)r + 80, t->reader, 47);
	uint32_t crc = (uint32_t)crc32(0L, r + 8, JOURNAL_RECORD_SIZE - 8);
	memcpy(r + 4, &crc, 4);
}

/* 0 for a good record, -1 for a bad one. */
static int decode(const unsigned char r[JOURNAL_RECORD_SIZE], struct tap *t)
{
	uint32_t magic, crc;
	memcpy(&magic, r, 4);
	memcpy(&crc, r + 4, 4);
	if (magic != REC_MAGIC || crc != (uint32_t)crc32(0L, r + 8, JOURNAL_RECORD_SIZE - 8))
		return -1;
	memset(t, 0, sizeof *t);
	memcpy(&t->seq, r + 8, 8);
	memcpy(&t->at_us, r + 16, 8);
	t->flags = r[24];
	t->direction = r[25] <= READER_DIR_OUT ? (enum reader_direction)r[25] : READER_DIR_BOTH;
	uuid_unparse_lower(r + 32, t->epoch);
	memcpy(t->uid, r + 48, 31);
	memcpy(t->reader, r + 80, 47);
	return t->seq ? 0 : -1;
}

#define STATE_SIZE 4096   /* one page, allocated ahead: see spare_state() */

/* The next state file is prepared ahead, with its space allocated, so that writing the
 * released mark never needs new space: when the disk under the journal is full, that mark is
 * exactly what lets the acknowledged segments be deleted and the space come back. */
static void spare_state(struct journal *j)
{
	int fd = openat(j->dirfd, STATE_TMP, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (posix_fallocate(fd, 0, STATE_SIZE) != 0) {
		/* no room right now: write_state() will try to make one itself */
	}
	close(fd);
}

static int write_state(struct journal *j)
{
	char text[STATE_SIZE];
	memset(text, 0, sizeof text);
	int n = snprintf(text, sizeof text, "attendd-journal 1\nepoch %s\nreleased %" PRIu64 "\n",
	                 j->epoch, j->released);
	/* Overwritten in place, not truncated: truncating would free the space set aside. */
	int fd = openat(j->dirfd, STATE_TMP, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	int rc = 0;
	if (pwrite(fd, text, (size_t)n + 1, 0) != n + 1 || fsync(fd) != 0)
		rc = errno ? -errno : -EIO;
	close(fd);
	if (rc == 0 && renameat(j->dirfd, STATE_TMP, j->dirfd, STATE_NAME) != 0)
		rc = -errno;
	if (rc == 0 && fsync(j->dirfd) != 0)   /* the rename itself must survive a crash */
		rc = -errno;
	if (rc == 0) {
		j->released_saved = j->released;
		spare_state(j);                    /* the old state's space, freed by the rename */
	}
	return rc;
}

/* 1 if a state file was read, 0 if there is none, negative on a damaged one. */
static int read_state(struct journal *j, char *err, size_t errlen)
{
	int fd = openat(j->dirfd, STATE_NAME, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "journal state: %s", strerror(errno));
		return -errno;
	}
	char text[256];
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n < 0) {
		snprintf(err, errlen, "journal state: %s", strerror(errno));
		return -EIO;
	}
	text[n] = '\0';
	char epoch[64];
	uint64_t released;
	uuid_t u;
	if (sscanf(text, "attendd-journal 1\nepoch %63s\nreleased %" SCNu64, epoch, &released) != 2 ||
	    uuid_parse(epoch, u) != 0) {
		snprintf(err, errlen, "journal state file is damaged; move it aside to start a new "
		         "epoch (its records are kept and re-sent)");
		return -EINVAL;
	}
	uuid_unparse_lower(u, j->epoch);
	j->released = j->released_saved = released;
	return 1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int list_segments(struct journal *j)
{
	int fd = dup(j->dirfd);
	if (fd < 0)
		return -errno;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		uint64_t first;
		char tail[8];
		if (sscanf(e->d_name, "seg-%20" SCNu64 ".%3s", &first, tail) != 2 || strcmp(tail, "log"))
			continue;
		if (j->nsegs == j->segs_cap) {
			size_t cap = j->segs_cap ? j->segs_cap * 2 : 16;
			uint64_t *s = realloc(j->segs, cap * sizeof *s);
			if (!s) {
				closedir(d);
				return -ENOMEM;
			}
			j->segs = s;
			j->segs_cap = cap;
		}
		j->segs[j->nsegs++] = first;
	}
	closedir(d);
	if (j->nsegs)
		qsort(j->segs, j->nsegs, sizeof *j->segs, cmp_u64);
	return 0;
}

/* Reads every segment; good records above the released mark go to *out. */
static int scan_segments(struct journal *j, struct tap **out, size_t *count,
                         struct journal_recovery *rec, char *err, size_t errlen)
{
	size_t cap = 0;
	*out = NULL;
	*count = 0;
	for (size_t k = 0; k < j->nsegs; k++) {
		bool last = k + 1 == j->nsegs;
		char name[64];
		seg_name(name, j->segs[k]);
		/* The last segment is appended to: O_APPEND, or writes would land at offset 0, over
		 * the first record (pread does not move the offset). */
		int fd = openat(j->dirfd, name, (last ? O_RDWR | O_APPEND : O_RDONLY) | O_CLOEXEC);
		if (fd < 0) {
			snprintf(err, errlen, "journal %s: %s", name, strerror(errno));
			return -errno;
		}
		unsigned char r[JOURNAL_RECORD_SIZE];
		off_t off = 0;
		uint64_t in_seg = 0;
		for (;;) {
			ssize_t n = pread(fd, r, sizeof r, off);
			if (n < 0) {
				snprintf(err, errlen, "journal %s: %s", name, strerror(errno));
				close(fd);
				return -errno;
			}
			if (n == 0)
				break;
			struct tap t;
			if (n < (ssize_t)sizeof r || decode(r, &t) != 0) {
				if (last) {
					/* A crash mid-append leaves a torn tail: it was never fdatasync'd,
					 * so no person was told it was taken.  Cut it. */
					struct stat st;
					fstat(fd, &st);
					rec->torn_bytes += (uint64_t)(st.st_size - off);
					if (ftruncate(fd, off) != 0 || fdatasync(fd) != 0) {
						snprintf(err, errlen, "journal %s: cutting torn tail: %s", name,
						         strerror(errno));
						close(fd);
						return -errno;
					}
					break;
				}
				rec->corrupt++;
				off += (off_t)sizeof r;
				continue;
			}
			/* Appends are contiguous and a segment is named after its first seq, so a
			 * record's place fixes its seq.  One elsewhere is damage, not a tap: taking
			 * it (fuzzing found) let one bad seq size the ring or move seqs backwards. */
			if (t.seq != j->segs[k] + (uint64_t)off / JOURNAL_RECORD_SIZE) {
				rec->corrupt++;
				off += (off_t)sizeof r;
				continue;
			}
			off += (off_t)sizeof r;
			in_seg++;
			if (t.seq <= j->released)
				continue;
			if (*count == cap) {
				cap = cap ? cap * 2 : 1024;
				struct tap *nt = realloc(*out, cap * sizeof *nt);
				if (!nt) {
					close(fd);
					return -ENOMEM;
				}
				*out = nt;
			}
			(*out)[(*count)++] = t;
		}
		if (last) {
			j->cur_fd = fd;
			j->cur_size = off;
			j->cur_count = in_seg;
		} else {
			close(fd);
		}
	}
	return 0;
}

int journal_open(struct journal **ret, const char *dir, uint64_t capacity,
                 uint64_t segment_records, struct journal_recovery *rec,
                 char *err, size_t errlen)
{
	struct journal_recovery dummy;
	if (!rec)
		rec = &dummy;
	memset(rec, 0, sizeof *rec);
	if (capacity == 0 || segment_records == 0) {
		snprintf(err, errlen, "journal capacity and segment size must be positive");
		return -EINVAL;
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "journal folder %s: %s", dir, strerror(errno));
		return -errno;
	}
	struct journal *j = calloc(1, sizeof *j);
	if (!j) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	j->cur_fd = -1;
	j->seg_records = segment_records;
	j->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;
	struct tap *found = NULL;
	size_t nfound = 0;
	if (j->dirfd < 0) {
		rc = -errno;
		snprintf(err, errlen, "journal folder %s: %s", dir, strerror(errno));
		goto fail;
	}
	int have_state = read_state(j, err, errlen);
	if (have_state < 0) {
		rc = have_state;
		goto fail;
	}
	if ((rc = list_segments(j)) < 0) {
		snprintf(err, errlen, "journal folder %s: %s", dir, strerror(-rc));
		goto fail;
	}
	if ((rc = scan_segments(j, &found, &nfound, rec, err, errlen)) < 0)
		goto fail;
	rec->records = nfound;

	if (!have_state) {
		if (nfound) {
			/* The state file is gone but records survive: keep their epoch and seqs so
			 * the database recognises them as the same taps. */
			snprintf(j->epoch, sizeof j->epoch, "%s", found[nfound - 1].epoch);
			j->released = found[0].seq - 1;
		} else {
			uuid_t u;
			uuid_generate(u);
			uuid_unparse_lower(u, j->epoch);
			rec->new_epoch = 1;
			j->released = 0;
		}
	}
	uint64_t top = 0;   /* segments may overlap when damaged: the highest seq, not the last */
	for (size_t i = 0; i < nfound; i++)
		if (found[i].seq > top)
			top = found[i].seq;
	if (j->released >= JOURNAL_WINDOW_MAX * 1000000ull || top >= JOURNAL_WINDOW_MAX * 1000000ull) {
		rc = -EINVAL;   /* no journal lives that long; a first seq of 0 would follow */
		snprintf(err, errlen, "journal in %s: seqs beyond %llu: the state or segment files are "
		         "damaged; move the folder aside to start a new epoch", dir,
		         JOURNAL_WINDOW_MAX * 1000000ull);
		goto fail;
	}
	j->first = j->released + 1;
	j->next = nfound ? top + 1 : j->first;
	if (j->next < j->first)
		j->next = j->first;
	if (j->next - j->first > JOURNAL_WINDOW_MAX) {
		rc = -EINVAL;
		snprintf(err, errlen, "journal in %s holds seqs %" PRIu64 "..%" PRIu64 ", more than any "
		         "journal retains (%llu): the files are damaged; move the folder aside to start "
		         "a new epoch", dir, j->first, j->next - 1, JOURNAL_WINDOW_MAX);
		goto fail;
	}
	j->capacity = capacity;
	if (j->next - j->first > j->capacity)
		j->capacity = j->next - j->first;   /* a smaller capacity than what is retained */
	j->ring = calloc(j->capacity, sizeof *j->ring);
	if (!j->ring) {
		rc = -ENOMEM;
		snprintf(err, errlen, "out of memory for a journal of %" PRIu64 " records", j->capacity);
		goto fail;
	}
	for (size_t i = 0; i < nfound; i++)
		if (found[i].seq >= j->first && found[i].seq < j->next)
			j->ring[found[i].seq % j->capacity] = found[i];
	free(found);
	found = NULL;
	if (have_state)
		spare_state(j);
	if (!have_state && (rc = write_state(j)) < 0) {
		snprintf(err, errlen, "journal state in %s: %s", dir, strerror(-rc));
		goto fail;
	}
	/* Append to the last segment only where the next seq belongs (see scan_segments). */
	if (j->cur_fd >= 0 && (j->cur_count >= j->seg_records ||
	    j->segs[j->nsegs - 1] + (uint64_t)j->cur_size / JOURNAL_RECORD_SIZE != j->next)) {
		close(j->cur_fd);
		j->cur_fd = -1;
	}
	*ret = j;
	return 0;
fail:
	free(found);
	journal_close(j);
	return rc;
}

void journal_close(struct journal *j)
{
	if (!j)
		return;
	if (j->cur_fd >= 0)
		close(j->cur_fd);
	if (j->dirfd >= 0)
		close(j->dirfd);
	free(j->ring);
	free(j->segs);
	free(j->buf);
	free(j);
}

static int new_segment(struct journal *j)
{
	char name[64];
	seg_name(name, j->next);
	int fd = openat(j->dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (fsync(j->dirfd) != 0) {   /* the new name must survive a crash too */
		int e = errno;
		close(fd);
		unlinkat(j->dirfd, name, 0);
		return -e;
	}
	if (j->nsegs == j->segs_cap) {
		size_t cap = j->segs_cap ? j->segs_cap * 2 : 16;
		uint64_t *s = realloc(j->segs, cap * sizeof *s);
		if (!s) {
			close(fd);
			return -ENOMEM;
		}
		j->segs = s;
		j->segs_cap = cap;
	}
	j->segs[j->nsegs++] = j->next;
	if (j->cur_fd >= 0)
		close(j->cur_fd);
	j->cur_fd = fd;
	j->cur_size = 0;
	j->cur_count = 0;
	return 0;
}

int journal_append(struct journal *j, struct tap *taps, size_t n)
{
	if (n == 0)
		return 0;
	if (j->next - j->first + n > j->capacity)
		return -ENOSPC;
	if (j->cur_fd < 0 || j->cur_count >= j->seg_records) {
		int rc = new_segment(j);
		if (rc < 0)
			return rc == -ENOSPC || rc == -EDQUOT || rc == -EFBIG ? -ENOSPC : -EIO;
	}
	size_t bytes = n * JOURNAL_RECORD_SIZE;
	if (bytes > j->buf_cap) {
		unsigned char *b = realloc(j->buf, bytes);
		if (!b)
			return -ENOMEM;
		j->buf = b;
		j->buf_cap = bytes;
	}
	for (size_t i = 0; i < n; i++) {
		taps[i].seq = j->next + i;
		snprintf(taps[i].epoch, sizeof taps[i].epoch, "%s", j->epoch);
		encode(j->buf + i * JOURNAL_RECORD_SIZE, &taps[i]);
	}
	size_t done = 0;
	int rc = 0;
	while (done < bytes) {
		ssize_t w = write(j->cur_fd, j->buf + done, bytes - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		done += (size_t)w;
	}
	if (rc == 0 && fdatasync(j->cur_fd) != 0)
		rc = -errno;
	if (rc < 0) {
		/* All or nothing: whatever part reached the file is cut, and nobody is told yes. */
		if (ftruncate(j->cur_fd, j->cur_size) == 0)
			(void)fdatasync(j->cur_fd);
		return rc == -ENOSPC || rc == -EDQUOT || rc == -EFBIG ? -ENOSPC : -EIO;
	}
	for (size_t i = 0; i < n; i++)
		j->ring[taps[i].seq % j->capacity] = taps[i];
	j->next += n;
	j->cur_size += (off_t)bytes;
	j->cur_count += n;
	return 0;
}

uint64_t journal_first_seq(const struct journal *j) { return j->first; }
uint64_t journal_next_seq(const struct journal *j) { return j->next; }
uint64_t journal_capacity(const struct journal *j) { return j->capacity; }
uint64_t journal_room(const struct journal *j) { return j->capacity - (j->next - j->first); }
const char *journal_epoch(const struct journal *j) { return j->epoch; }

const struct tap *journal_get(const struct journal *j, uint64_t seq)
{
	if (seq < j->first || seq >= j->next)
		return NULL;
	const struct tap *t = &j->ring[seq % j->capacity];
	return t->seq == seq ? t : NULL;
}

int journal_release_through(struct journal *j, uint64_t seq)
{
	if (seq >= j->next)
		seq = j->next - 1;
	if (seq < j->first)
		return 0;
	j->released = seq;
	j->first = seq + 1;
	return 0;
}

int journal_checkpoint(struct journal *j)
{
	if (j->released == j->released_saved)
		return 0;
	int rc = write_state(j);
	if (rc < 0)
		return rc;
	/* Only now, with the mark durable, can whole segments below it go — the current one too
	 * when everything is released: otherwise a journal that once filled its disk would keep
	 * that full segment, and refuse taps, for ever.  The next append starts a new segment. */
	bool all = j->released + 1 >= j->next;
	size_t keep = 0;
	for (size_t k = 0; k < j->nsegs; k++) {
		bool is_cur = k + 1 == j->nsegs;
		if (is_cur && all) {
			if (j->cur_fd >= 0) {
				close(j->cur_fd);
				j->cur_fd = -1;
			}
		}
		if ((is_cur && all) || (!is_cur && j->segs[k + 1] - 1 <= j->released)) {
			char name[64];
			seg_name(name, j->segs[k]);
			if (unlinkat(j->dirfd, name, 0) != 0 && errno != ENOENT) {
				j->segs[keep++] = j->segs[k];
				rc = -errno;
			}
			continue;
		}
		j->segs[keep++] = j->segs[k];
	}
	j->nsegs = keep;
	return rc;
}
