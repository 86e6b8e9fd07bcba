/* The rule set: every number the engine uses, with the version recorded in each day result. */
#ifndef RULES_RULESET_H
#define RULES_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RULES_SYMBOL_MAX 8     /* a timesheet symbol, UTF-8, with NUL ("Lđ" is 3 bytes) */
#define RULES_LABEL_MAX  32

struct rules_symbol;

struct rules_ruleset {
	uint32_t version;                 /* id of this rule set version (database key) */
	char label[RULES_LABEL_MAX];      /* e.g. "vn-default-2026.1" */
	int32_t grace_min;                /* late/early within this many minutes is not an exception */
	int32_t late_half_day_min;        /* late by more than this: the session counts as missed */
	int32_t early_half_day_min;       /* early leave by more than this: likewise */
	bool missing_tap_is_half_day;     /* a missing IN or OUT with no request: missed half-day */
	int32_t double_tap_sec;           /* taps closer than this form one cluster (one tap) */
	int32_t capture_min;              /* taps further than this from every session are stray */
	int32_t handover_min;             /* back-to-back shifts: one tap may close one and open the next */
	int32_t settle_min;               /* a session is judged this long after its end */
	bool clip_worked_to_schedule;     /* worked minutes count only inside the scheduled session */
	char sym_worked[RULES_SYMBOL_MAX];        /* "+" */
	char sym_absent[RULES_SYMBOL_MAX];        /* "K": unexcused absence / missed half-day */
	char sym_holiday[RULES_SYMBOL_MAX];       /* "L" */
	char sym_compensatory[RULES_SYMBOL_MAX];  /* "Nb": nghỉ bù after a holiday on a rest day */
	char sym_swapped_day_off[RULES_SYMBOL_MAX]; /* "": like a weekend, the Saturday is worked */
	char sym_weekend[RULES_SYMBOL_MAX];       /* "" */
	char half_day_separator[4];               /* "/": "+/P" = morning worked, afternoon leave */
	/* Request symbols in precedence order, strongest first; NULL means the built-in table. */
	const struct rules_symbol *symbols;
	size_t nsymbols;
};

/* The defaults (docs/rules.md, "Rule set defaults"): grace 5, half-day threshold 60, missing
 * tap = half-day. */
void rules_ruleset_default(struct rules_ruleset *rs);
/* Returns 0 or -EINVAL with a static reason in *ret_why (NULL allowed). */
int rules_ruleset_check(const struct rules_ruleset *rs, const char **ret_why);

#endif
