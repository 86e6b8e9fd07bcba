/* Timesheet symbols: the official C01-HD set (Thông tư 107/2017/TT-BTC) and local ones. */
#ifndef RULES_SYMBOLS_H
#define RULES_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/ruleset.h"

/* Which "Quy ra công" column of C01-HD a day with this symbol counts in. */
enum rules_pay_class {
	RULES_PAY_NONE = 0,
	RULES_PAY_TIME,              /* column 32: số công hưởng lương thời gian */
	RULES_PAY_UNPAID,            /* column 33: số công nghỉ không lương */
	RULES_PAY_SOCIAL_INSURANCE,  /* column 34: số công hưởng BHXH */
};

struct rules_symbol {
	char code[RULES_SYMBOL_MAX];
	enum rules_pay_class pay;
	bool official;               /* part of the C01-HD legend */
	const char *name_vi;
	const char *name_en;
};

/* The eleven official symbols, in the order of the C01-HD legend. */
const struct rules_symbol *rules_symbols_official(size_t *ret_n);
/* Official plus the common local ones (CT, L, K), in request precedence order. */
const struct rules_symbol *rules_symbols_default(size_t *ret_n);
/* Looks a code up in the rule set's table (or the default one). NULL when unknown. */
const struct rules_symbol *rules_symbol_find(const struct rules_ruleset *rs, const char *code);
/* Position in the precedence order, 0 = strongest; unknown codes rank after every known one. */
int rules_symbol_rank(const struct rules_ruleset *rs, const char *code);
bool rules_symbol_is_official(const char *code);

#endif
