/* The wire format: JSON made and read by json-c.  Topics and an example of each payload are
 * in docs/wire.md.  Decoding never trusts the input: every field is checked, and a payload that
 * fails gets a reason that names the field. */
#ifndef ATTEND_PAYLOAD_H
#define ATTEND_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/tap.h"

#define PAYLOAD_VERSION 1
#define NAME_MAX_LEN 64      /* edge and site ids */

struct tap_msg {
	char edge[NAME_MAX_LEN];
	char site[NAME_MAX_LEN];
	struct tap tap;
	int64_t sent_us;         /* the edge's clock when it sent this: clock drift shows here */
};

struct ack_range { uint64_t from, to; };

struct ack_msg {
	char epoch[EPOCH_LEN];
	size_t n;
	struct ack_range *ranges;   /* owned by the caller after decode: free() */
};

char *payload_tap_encode(const char *edge, const char *site, const struct tap *t, int64_t sent_us);
/* Decoders return 0, or -EINVAL with a reason naming the field (-ENOMEM: "out of memory").
 * Encoders return a malloc'd NUL-terminated string (free()), or NULL on ENOMEM. */

/* Topic "<root>/<site>/<edge>/tap". */
int payload_tap_decode(const char *topic_root, const char *topic, const void *buf, size_t len,
                       struct tap_msg *out, char *reason, size_t rlen);

/* For a tap payload that failed to decode: site and edge from the topic, epoch and seq from the
 * JSON where they can still be read, so the payload kept aside can be acknowledged and leaves
 * the edge's journal.  0 when all four were found, else -EINVAL. */
int payload_tap_key(const char *topic_root, const char *topic, const void *buf, size_t len,
                    char site[NAME_MAX_LEN], char edge[NAME_MAX_LEN], char epoch[EPOCH_LEN],
                    uint64_t *seq);

char *payload_ack_encode(const char *epoch, const struct ack_range *r, size_t n);
int payload_ack_decode(const void *buf, size_t len, struct ack_msg *out, char *reason, size_t rlen);

/* The edge's status, retained on <root>/<site>/<edge>/status.  The last will is the same
 * message with state "offline", the time of the connection that vanished and the version, and
 * nothing else (detail false): the edge vanished, so it cannot say more. */
enum edge_state { EDGE_ONLINE = 0, EDGE_STOPPED, EDGE_OFFLINE };
#define STATUS_WORD_MAX   16     /* a reader's state word */
#define STATUS_REASON_MAX 160    /* a reader's reason, as readers/reader.h keeps it */
#define STATUS_VERSION_MAX 32    /* the program version in the last will */

struct status_reader {
	char id[READER_ID_MAX];
	char driver[NAME_MAX_LEN];
	enum reader_direction direction;
	char state[STATUS_WORD_MAX];       /* starting, online, error, done */
	char reason[STATUS_REASON_MAX];    /* "" when there is none */
	uint64_t taps;
	int64_t last_tap_us;               /* 0: none since the edge started */
	bool silent;                       /* no tap for longer than reader_silent_after */
	uint64_t dropped;                  /* taps the driver lost: the daemon did not read in time */
	uint64_t answers_not_shown;        /* outcomes the reader had no indicator for */
};

struct status_msg {
	char edge[NAME_MAX_LEN];
	char site[NAME_MAX_LEN];
	enum edge_state state;
	bool detail;                       /* false: the last will (state offline, nothing else) */
	/* The last will only: when this connection was made (UTC µs, 0: not said, an older edge)
	 * and the program's version ("" when not said). */
	int64_t connected_at_us;
	char version[STATUS_VERSION_MAX];
	int64_t at_us;
	struct {
		char epoch[EPOCH_LEN];
		uint64_t next_seq, pending, capacity;
		bool full;                     /* taps are being refused at the door */
	} journal;
	struct { uint64_t accepted, unknown, repeats, refused, acked; } taps;
	uint64_t bad_acks;                 /* acks on our topic that did not decode: ignored */
	size_t nreaders;
	struct status_reader *readers;     /* after decode: owned, payload_status_free() */
};

const char *edge_state_name(enum edge_state s);
char *payload_status_encode(const struct status_msg *s);
/* The last will: {"v":1,"edge":...,"site":...,"state":"offline","connected_at":...,
 * "version":...}, the connection's time and the program's version (docs/wire.md). */
char *payload_will_encode(const char *edge, const char *site, int64_t connected_at_us,
                          const char *version);
/* A status or a last will.  0, or -EINVAL with a reason (or -ENOMEM). */
int payload_status_decode(const void *buf, size_t len, struct status_msg *out, char *reason,
                          size_t rlen);
void payload_status_free(struct status_msg *s);

/* The answer at the door, for a display: <root>/<site>/<edge>/feedback, QoS 0.  name is the
 * person's name for an accepted badge ("" otherwise: an unknown badge is not named). */
#define FEEDBACK_NAME_MAX 128
struct feedback_msg {
	char reader[READER_ID_MAX];
	char uid[READER_UID_MAX];
	enum feedback_outcome outcome;
	char name[FEEDBACK_NAME_MAX];
	int64_t at_us;                     /* when the badge was seen */
};

/* name may be NULL; it is sent only for an accepted badge. */
char *payload_feedback_encode(const char *reader, const struct tap *t, enum feedback_outcome o,
                              const char *name);
int payload_feedback_decode(const void *buf, size_t len, struct feedback_msg *out, char *reason,
                            size_t rlen);

/* A valid edge/site/reader id: 1..NAME_MAX_LEN-1 of [A-Za-z0-9._-] (safe inside a topic). */
int payload_valid_name(const char *s, size_t max);

#endif
