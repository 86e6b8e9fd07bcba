/* The status (and last will) and door feedback decoders -- what monitoring and a door display
 * read -- on hostile bytes: whatever decodes encodes to a payload that decodes again and
 * encodes to the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/payload.h"
#include "tests/fuzz/fuzz.h"

static char *status_again(const struct status_msg *s)
{
	return s->detail ? payload_status_encode(s) : payload_will_encode(s->edge, s->site, s->connected_at_us, s->version);
}

static char *feedback_again(const struct feedback_msg *f)
{
	struct tap t;
	memset(&t, 0, sizeof t);
	snprintf(t.uid, sizeof t.uid, "%s", f->uid);
	t.at_us = f->at_us;
	return payload_feedback_encode(f->reader, &t, f->outcome, f->name[0] ? f->name : NULL);
}

FUZZ_TARGET(status_decode)
{
	char reason[256];
	struct status_msg s, s2;
	if (payload_status_decode(data, size, &s, reason, sizeof reason) == 0) {
		char *again = status_again(&s), *third = NULL;
		if (again) {
			if (payload_status_decode(again, strlen(again), &s2, reason, sizeof reason) != 0)
				abort();
			third = status_again(&s2);
			if (third && strcmp(again, third) != 0)
				abort();
			payload_status_free(&s2);
		}
		free(again);
		free(third);
		payload_status_free(&s);
	}
	struct feedback_msg f, f2;
	if (payload_feedback_decode(data, size, &f, reason, sizeof reason) == 0) {
		char *again = feedback_again(&f), *third = NULL;
		if (again) {
			if (payload_feedback_decode(again, strlen(again), &f2, reason, sizeof reason) != 0)
				abort();
			third = feedback_again(&f2);
			if (third && strcmp(again, third) != 0)
				abort();
		}
		free(again);
		free(third);
	}
	return 0;
}
