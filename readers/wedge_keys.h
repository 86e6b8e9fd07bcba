/* Pure pieces of the keyboard-wedge driver: key codes to characters, and the card number as
 * typed to the UID attendd keeps.  No I/O, so they are tested case by case. */
#ifndef ATTEND_WEDGE_KEYS_H
#define ATTEND_WEDGE_KEYS_H

#include "readers/reader.h"

#define WEDGE_ENTER '\n'

enum wedge_format {
	WEDGE_TYPED = 0,   /* the digits (or hex letters) as the reader types them */
	WEDGE_HEX,         /* a decimal card number (EM4100: 10 digits, the low 32 bits) as 8 hex digits */
};

/* A key press: '0'-'9', 'A'-'F', WEDGE_ENTER for Enter (main or keypad), 0 for a key to ignore
 * (Shift, which some readers press around letters) and -1 for a key no card number has. */
int wedge_key_char(unsigned code);

/* "typed" / "hex"; -1 if neither. */
int wedge_format_parse(const char *s, enum wedge_format *out);

/* What was typed before Enter -> the UID.  0, or -EINVAL if it is not a card number. */
int wedge_card_uid(const char *typed, enum wedge_format f, char out[READER_UID_MAX]);

#endif
