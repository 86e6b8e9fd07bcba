/* The edge's ack decoder on hostile bytes; an accepted ack has sane ranges and round-trips. */
#include <stdlib.h>
#include <string.h>

#include "lib/payload.h"
#include "tests/fuzz/fuzz.h"

FUZZ_TARGET(ack_decode)
{
	struct ack_msg a;
	char reason[256];
	if (payload_ack_decode(data, size, &a, reason, sizeof reason) != 0)
		return 0;
	for (size_t i = 0; i < a.n; i++)
		if (a.ranges[i].from == 0 || a.ranges[i].from > a.ranges[i].to)
			abort();   /* the decoder promises 1 <= from <= to */
	char *again = payload_ack_encode(a.epoch, a.ranges, a.n);
	if (again) {
		struct ack_msg b;
		if (payload_ack_decode(again, strlen(again), &b, reason, sizeof reason) != 0 || b.n != a.n ||
		    (a.n && memcmp(a.ranges, b.ranges, a.n * sizeof *a.ranges)))
			abort();
		free(b.ranges);
		free(again);
	}
	free(a.ranges);
	return 0;
}
