/* The attendd rules engine: pure C11, no I/O, no clock, no global mutable state.
 * See docs/rules.md for how it decides. */
#ifndef RULES_RULES_H
#define RULES_RULES_H

#include "rules/calendar.h"
#include "rules/date.h"
#include "rules/day.h"
#include "rules/holidays_parse.h"
#include "rules/pairing.h"
#include "rules/request.h"
#include "rules/ruleset.h"
#include "rules/schedule.h"
#include "rules/symbols.h"
#include "rules/tap.h"

#endif
