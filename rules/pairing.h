/* Pairing: from raw taps to clusters, and clusters to sessions.  Direction-agnostic: where a tap
 * belongs and whether it is an IN or an OUT follow from its time against the schedule; the
 * reader's direction only breaks exact ties. */
#ifndef RULES_PAIRING_H
#define RULES_PAIRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/ruleset.h"
#include "rules/schedule.h"
#include "rules/tap.h"

#define RULES_MAX_WINDOW_TAPS 256

/* Taps closer together than the rule set's double_tap_sec: one tap for discipline.  Used as an
 * IN it counts from `first`, used as an OUT until `last`, so a double tap never helps or hurts. */
struct rules_cluster {
	rules_lsec first, last;
	int64_t first_id, last_id;
	uint8_t hint;                 /* direction hint of the first tap */
	bool manual_first, manual_last;
	uint16_t ntaps;
};

/* Usable taps (not duplicate, not excluded) in [from, to), sorted, clustered.  Returns the
 * number of clusters; *ret_truncated is set when the window held more than RULES_MAX_WINDOW_TAPS. */
size_t rules_clusters_build(const struct rules_ruleset *rs, const struct rules_tap *taps,
			    size_t ntaps, rules_lsec from, rules_lsec to,
			    struct rules_cluster *out, size_t cap, bool *ret_truncated);

/* What each session got. */
struct rules_session_taps {
	int16_t first, count;         /* owned clusters: [first, first + count) */
	int16_t borrow_in;            /* a neighbour's cluster shared as this session's IN, or -1 */
	int16_t borrow_out;           /* a neighbour's cluster shared as this session's OUT, or -1 */
};

/* Assigns clusters to slots (sorted by start, not overlapping).  owner[c] is the slot index or
 * -1 for a stray tap.  Rules, in order:
 *  1. a cluster inside a session's scheduled span belongs to it;
 *  2. a cluster in a gap belongs only to a neighbour within capture_min of it;
 *  3. several clusters in a gap both neighbours could take: the first closes the earlier
 *     session, the last opens the later one, any in between go to the nearer one;
 *  4. a lone such cluster goes to the neighbour that still lacks that tap, else the nearer;
 *  5. back-to-back shifts (gap <= handover_min): one tap may serve as OUT of one and IN of the
 *     next, when the other lacks it. */
void rules_clusters_assign(const struct rules_ruleset *rs, const struct rules_session_slot *slots,
			   size_t nslots, const struct rules_cluster *cl, size_t ncl,
			   int16_t *owner, struct rules_session_taps *per_slot);

#endif
