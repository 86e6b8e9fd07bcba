/* A tap: one badge seen by one reader of one edge at one moment.  The idempotency key that
 * makes it count exactly once is (edge, epoch, seq): the edge's journal assigns seq, and epoch
 * names the journal's life (a journal that is lost starts a new epoch, so seqs never repeat). */
#ifndef ATTEND_TAP_H
#define ATTEND_TAP_H

#include <stdbool.h>
#include <stdint.h>

#define READER_ID_MAX   48      /* fits the journal record */
#define READER_UID_MAX  32      /* hex of a 10-byte ISO14443A UID is 20; EM4100 decimal is 10 */

/* Where the reader stands; a hint for pairing, never the truth (see docs/rules.md). */
enum reader_direction { READER_DIR_BOTH = 0, READER_DIR_IN, READER_DIR_OUT };

/* What the person at the door is told. */
enum feedback_outcome {
	FEEDBACK_ACCEPTED = 0,   /* journaled; known badge */
	FEEDBACK_UNKNOWN,        /* journaled; badge not in the local cache */
	FEEDBACK_REFUSED,        /* NOT journaled (journal full, disk fault): tap again / see HR */
};

#define TAP_FLAG_KNOWN     0x01  /* the badge was in the edge's local cache */
#define TAP_FLAG_DUPLICATE 0x02  /* within the debounce window of the same badge: kept, flagged */

#define EPOCH_LEN 37             /* a UUID as text, with its NUL */

struct tap {
	uint64_t seq;
	char epoch[EPOCH_LEN];
	int64_t at_us;                    /* reader clock, µs since the epoch, UTC */
	char uid[READER_UID_MAX];
	char reader[READER_ID_MAX];
	enum reader_direction direction;  /* the reader's hint */
	uint8_t flags;
};

/* The words of the wire and the configuration for directions and outcomes. */
const char *reader_direction_name(enum reader_direction d);
int  reader_direction_parse(const char *s, enum reader_direction *out);
const char *feedback_outcome_name(enum feedback_outcome o);
int  feedback_outcome_parse(const char *s, enum feedback_outcome *out);   /* 0 or -EINVAL */

#endif
