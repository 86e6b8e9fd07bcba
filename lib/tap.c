/* Names of directions and outcomes: shared by the edge, the wire codec and the recorder. */
#include "lib/tap.h"

#include <errno.h>
#include <string.h>

const char *reader_direction_name(enum reader_direction d)
{
	switch (d) {
	case READER_DIR_IN:   return "in";
	case READER_DIR_OUT:  return "out";
	case READER_DIR_BOTH: return "both";
	}
	return "?";
}

int reader_direction_parse(const char *s, enum reader_direction *out)
{
	if (strcmp(s, "in") == 0 || strcmp(s, "entrance") == 0) *out = READER_DIR_IN;
	else if (strcmp(s, "out") == 0 || strcmp(s, "exit") == 0) *out = READER_DIR_OUT;
	else if (strcmp(s, "both") == 0) *out = READER_DIR_BOTH;
	else return -EINVAL;
	return 0;
}

const char *feedback_outcome_name(enum feedback_outcome o)
{
	switch (o) {
	case FEEDBACK_ACCEPTED: return "accepted";
	case FEEDBACK_UNKNOWN:  return "unknown";
	case FEEDBACK_REFUSED:  return "refused";
	}
	return "?";
}

int feedback_outcome_parse(const char *s, enum feedback_outcome *out)
{
	if (strcmp(s, "accepted") == 0) *out = FEEDBACK_ACCEPTED;
	else if (strcmp(s, "unknown") == 0) *out = FEEDBACK_UNKNOWN;
	else if (strcmp(s, "refused") == 0) *out = FEEDBACK_REFUSED;
	else return -EINVAL;
	return 0;
}
