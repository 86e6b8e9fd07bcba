/* The edge journal: every tap is appended and fdatasync'd before the person at the door gets
 * an answer, and stays until the recorder's application ack says the database has it.
 *
 * On disk: a folder with a `state` file (epoch, released-through seq) and segment files of
 * fixed-size, CRC-checked records, named after their first seq.  Recovery reads the segments
 * in order and cuts a torn tail.  Seqs are contiguous and never reused: after a restart the
 * next seq is above both the last record and the released-through mark.
 *
 * The journal is bounded (capacity = retained records).  When full it refuses (-ENOSPC); the
 * caller must tell the person and log it: nothing is dropped silently. */
#ifndef ATTEND_JOURNAL_H
#define ATTEND_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/tap.h"

#define JOURNAL_RECORD_SIZE 128

struct journal;

struct journal_recovery {
	uint64_t records;     /* retained records found */
	uint64_t torn_bytes;  /* cut from the tail of the last segment */
	uint64_t corrupt;     /* bad records inside older segments (skipped, logged) */
	int new_epoch;        /* 1 when no state or records were found */
};

/* Opens or creates the journal in dir.  capacity: most retained records; segment_records:
 * records per segment file.  0 or a negative errno with a message. */
int journal_open(struct journal **ret, const char *dir, uint64_t capacity,
                 uint64_t segment_records, struct journal_recovery *rec,
                 char *err, size_t errlen);
void journal_close(struct journal *j);

/* Appends n taps (seq and epoch are assigned into them) with one write and one fdatasync.
 * All or nothing: 0, -ENOSPC when full (capacity) or the disk is full, -EIO otherwise. */
int journal_append(struct journal *j, struct tap *taps, size_t n);

/* Retained window [first, next): taps that are not yet released. */
uint64_t journal_first_seq(const struct journal *j);
uint64_t journal_next_seq(const struct journal *j);
uint64_t journal_capacity(const struct journal *j);
/* How many more taps fit before the journal refuses. */
uint64_t journal_room(const struct journal *j);
const char *journal_epoch(const struct journal *j);
/* The tap with this seq, or NULL if outside the retained window. */
const struct tap *journal_get(const struct journal *j, uint64_t seq);

/* Everything up to and including seq is in the database: forget it (in memory; frees room). */
int journal_release_through(struct journal *j, uint64_t seq);
/* Makes the released mark durable, then deletes segments that hold nothing else.  Called on a
 * timer and at shutdown, off the tap path; a crash before it only means re-sending taps that
 * the database will recognise.  0 or -errno. */
int journal_checkpoint(struct journal *j);

#endif
