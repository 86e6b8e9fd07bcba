/* A tap as the engine sees it: an instant, a direction hint and a few flags.  The loader fills
 * these from raw taps and from audited corrections. */
#ifndef RULES_TAP_H
#define RULES_TAP_H

#include <stdint.h>

#include "rules/date.h"

enum rules_dir {
	RULES_DIR_BOTH = 0,   /* a reader used both ways */
	RULES_DIR_IN,         /* entrance reader: only a hint */
	RULES_DIR_OUT,        /* exit reader: only a hint */
};

enum rules_tap_flag {
	RULES_TAP_DUPLICATE = 1u << 0,  /* the edge's debounce marked it a repeat: ignored */
	RULES_TAP_EXCLUDED  = 1u << 1,  /* an approved correction struck it out: ignored */
	RULES_TAP_MANUAL    = 1u << 2,  /* added by an approved correction (a missed tap) */
};

struct rules_tap {
	int64_t id;           /* raw tap id, or the correction's id for a manual tap */
	rules_lsec at;        /* local seconds */
	uint8_t dir;          /* enum rules_dir */
	uint8_t flags;        /* enum rules_tap_flag */
};

#endif
