/* The wire format: JSON made and read by json-c.  Topics and an example of each payload are
 * in docs/wire.md.  Decoding never trusts the input: every field is checked, and a payload that
 * fails gets a reason that names the field. */
#ifndef ATTEND_PAYLOAD_H
#define ATTEND_PAYLOAD_H

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

/* Returns a malloc'd NUL-terminated string (free()), or NULL on ENOMEM. */
char *payload_tap_encode(const char *edge, const char *site, const struct tap *t, int64_t sent_us);
/* Topic "<root>/<site>/<edge>/tap".  0, or -1 with a reason. */
int payload_tap_decode(const char *topic_root, const char *topic, const void *buf, size_t len,
                       struct tap_msg *out, char *reason, size_t rlen);

/* For a tap payload that failed to decode: site and edge from the topic, epoch and seq from the
 * JSON where they can still be read, so the payload kept aside can be acknowledged and leaves
 * the edge's journal.  0 when all four were found, else -1. */
int payload_tap_key(const char *topic_root, const char *topic, const void *buf, size_t len,
                    char site[NAME_MAX_LEN], char edge[NAME_MAX_LEN], char epoch[EPOCH_LEN],
                    uint64_t *seq);

char *payload_ack_encode(const char *epoch, const struct ack_range *r, size_t n);
int payload_ack_decode(const void *buf, size_t len, struct ack_msg *out, char *reason, size_t rlen);

/* A valid edge/site/reader id: 1..NAME_MAX_LEN-1 of [A-Za-z0-9._-] (safe inside a topic). */
int payload_valid_name(const char *s, size_t max);

#endif
