/* Turning a committed batch into acks: one message per (broker, site, edge, epoch) with the seqs as
 * ranges.  Pure: no I/O. */
#ifndef ATTEND_RECORDER_BATCH_H
#define ATTEND_RECORDER_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "lib/payload.h"

struct ack_key {
	unsigned broker;              /* the broker the tap came on: its ack goes back there */
	char site[NAME_MAX_LEN];
	char edge[NAME_MAX_LEN];
	char epoch[EPOCH_LEN];
	uint64_t seq;
};

struct ack_group {
	const struct ack_key *key;    /* site, edge, epoch of this group */
	struct ack_range *ranges;
	size_t n;
};

/* Sorts keys in place and groups them.  *groups and each group's ranges are malloc'd: free
 * with ack_groups_free().  Returns the number of groups or -1 on ENOMEM. */
long ack_groups_build(struct ack_key *keys, size_t n, struct ack_group **groups);
void ack_groups_free(struct ack_group *groups, long n);

#endif
