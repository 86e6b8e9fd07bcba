#include "rules/request.h"
#include "rules/symbols.h"

const struct rules_request *rules_request_for_session(const struct rules_ruleset *rs,
						       const struct rules_request *reqs, size_t nreqs,
						       rules_date date, unsigned session_index)
{
	const struct rules_request *best = NULL;
	int best_rank = 0;

	for (size_t i = 0; i < nreqs; i++) {
		const struct rules_request *r = &reqs[i];
		if (date < r->from || date > r->to || !r->symbol[0])
			continue;
		if (r->sessions != RULES_REQ_WHOLE_DAY &&
		    (session_index >= 8 || !(r->sessions & (1u << session_index))))
			continue;
		int rank = rules_symbol_rank(rs, r->symbol);
		if (!best || rank < best_rank || (rank == best_rank && r->id < best->id)) {
			best = r;
			best_rank = rank;
		}
	}
	return best;
}
