/* Our request decoders: what a query argument or a form field must be before it reaches SQL
 * (libmicrohttpd has already undone the URL encoding).  Each returns false for anything else;
 * none trusts a length or a terminator it did not check.  Fuzzed by tests/fuzz/fuzz_web_input.c. */
#ifndef ATTEND_WEB_INPUT_H
#define ATTEND_WEB_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#define INPUT_DATE_LEN 11    /* "YYYY-MM-DD" */

/* dd/mm/yyyy (how people write it here) or yyyy-mm-dd, a real calendar date -> "YYYY-MM-DD". */
bool input_date(const char *s, char out[INPUT_DATE_LEN]);
/* mm/yyyy or yyyy-mm -> "YYYY-MM-01". */
bool input_month(const char *s, char out[INPUT_DATE_LEN]);
/* HH:MM, 00:00..23:59 -> "HH:MM". */
bool input_time(const char *s, char out[6]);
/* A database id: 1..2^53, digits only. */
bool input_id(const char *s);
/* One of a NULL-terminated list; returns its index or -1. */
int input_choice(const char *s, const char *const *choices);
/* Free text a person typed (a reason): valid UTF-8, 1..max bytes after trimming, no control
 * characters but none; the trimmed text is written to out (max + 1 bytes). */
bool input_text(const char *s, size_t max, char *out);
/* A code of ours (staff code, agency code, symbol): 1..63 bytes, no control characters or
 * spaces at either end, valid UTF-8 (a symbol is Ô). */
bool input_code(const char *s);

#endif
