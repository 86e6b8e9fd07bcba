/* A tap: one badge seen by one reader of one edge at one moment.  The idempotency key that
 * makes it count exactly once is (edge, epoch, seq): the edge's journal assigns seq, and epoch
 * names the journal's life (a journal that is lost starts a new epoch, so seqs never repeat). */
#ifndef ATTEND_TAP_H
#define ATTEND_TAP_H

#include <stdbool.h>
#include <stdint.h>

#include "readers/reader.h"

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

#endif
