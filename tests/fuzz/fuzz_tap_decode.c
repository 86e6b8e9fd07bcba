/* The recorder's tap decoder and payload_tap_key on hostile bytes.  Input: an optional topic
 * line ("<topic>\n", when a newline comes within the first 128 bytes), then the payload.
 * Whatever decodes must survive a re-encode and decode to the same tap (times to the
 * millisecond: the wire carries milliseconds, docs/wire.md). */
#include <stdlib.h>
#include <string.h>

#include "lib/payload.h"
#include "tests/fuzz/fuzz.h"

FUZZ_TARGET(tap_decode)
{
	char topic[129] = "attend/v1/hq/gate-a/tap";
	const uint8_t *nl = memchr(data, '\n', size < 128 ? size : 128);
	if (nl) {
		size_t tl = (size_t)(nl - data);
		memcpy(topic, data, tl);
		topic[tl] = '\0';
		size -= tl + 1;
		data = nl + 1;
	}
	struct tap_msg m;
	char reason[256];
	char site[NAME_MAX_LEN], edge[NAME_MAX_LEN], epoch[EPOCH_LEN];
	uint64_t seq;
	(void)payload_tap_key("attend/v1", topic, data, size, site, edge, epoch, &seq);
	if (payload_tap_decode("attend/v1", topic, data, size, &m, reason, sizeof reason) != 0) {
		if (!memchr(reason, '\0', sizeof reason))
			abort();   /* a reason is always a string */
		return 0;
	}
	char *again = payload_tap_encode(m.edge, m.site, &m.tap, m.sent_us);
	if (!again)
		return 0;
	struct tap_msg m2;
	if (payload_tap_decode("attend/v1", topic, again, strlen(again), &m2, reason, sizeof reason) != 0 ||
	    m2.tap.seq != m.tap.seq || m2.tap.at_us / 1000 != m.tap.at_us / 1000 || strcmp(m2.tap.uid, m.tap.uid) ||
	    strcmp(m2.tap.epoch, m.tap.epoch) || strcmp(m2.tap.reader, m.tap.reader) ||
	    m2.tap.flags != m.tap.flags || m2.tap.direction != m.tap.direction)
		abort();   /* what was accepted must round-trip */
	free(again);
	return 0;
}
