/* Approved requests: leave and absences with a timesheet symbol, for whole days or sessions. */
#ifndef RULES_REQUEST_H
#define RULES_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "rules/date.h"
#include "rules/ruleset.h"

#define RULES_REQ_WHOLE_DAY 0x00u
#define RULES_REQ_MORNING   0x01u   /* session 0 */
#define RULES_REQ_AFTERNOON 0x02u   /* session 1 */

struct rules_request {
	int64_t id;
	rules_date from, to;             /* inclusive */
	uint8_t sessions;                /* bit per session index; RULES_REQ_WHOLE_DAY = all of them */
	char symbol[RULES_SYMBOL_MAX];   /* "P", "Ô", "CT", ... */
};

/* The request that decides a session: the one whose symbol comes first in the rule set's
 * precedence order; on a tie the lower id (the earlier request).  NULL when none covers it. */
const struct rules_request *rules_request_for_session(const struct rules_ruleset *rs,
						       const struct rules_request *reqs, size_t nreqs,
						       rules_date date, unsigned session_index);

#endif
