/* Parser for the calendar data format of rules/data/holidays-*.tsv (documented in that file
 * and in docs/rules.md).  It reads a buffer, not a file: the caller does the I/O. */
#ifndef RULES_HOLIDAYS_PARSE_H
#define RULES_HOLIDAYS_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "rules/calendar.h"

struct rules_parse_error {
	unsigned line;        /* 1-based; 0 when the error is not about one line */
	char msg[160];
};

/* Parses `len` bytes of `buf` into out[0..cap).  Each entry gets agency_id `agency_id`.
 * Returns 0 and *ret_n; -EINVAL (bad line) or -ENOSPC (more rows than cap) with *err set. */
int rules_holidays_parse(const char *buf, size_t len, uint32_t agency_id,
			 struct rules_cal_entry *out, size_t cap, size_t *ret_n,
			 struct rules_parse_error *err);

#endif
