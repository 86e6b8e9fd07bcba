/* Key codes and card number formats of USB keyboard-wedge badge readers (EM4100 125 kHz). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/input-event-codes.h>

#include "readers/wedge_keys.h"

int wedge_key_char(unsigned code)
{
	static const unsigned digits[] = { KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9 };
	static const unsigned keypad[] = { KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4, KEY_KP5, KEY_KP6,
	                                   KEY_KP7, KEY_KP8, KEY_KP9 };
	static const unsigned hex[] = { KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F };
	for (int i = 0; i < 10; i++)
		if (code == digits[i] || code == keypad[i])
			return '0' + i;
	for (int i = 0; i < 6; i++)
		if (code == hex[i])
			return 'A' + i;
	if (code == KEY_ENTER || code == KEY_KPENTER)
		return WEDGE_ENTER;
	if (code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT || code == KEY_NUMLOCK)
		return 0;
	return -1;
}

int wedge_format_parse(const char *s, enum wedge_format *out)
{
	if (!strcmp(s, "typed"))
		*out = WEDGE_TYPED;
	else if (!strcmp(s, "hex"))
		*out = WEDGE_HEX;
	else
		return -1;
	return 0;
}

int wedge_card_uid(const char *typed, enum wedge_format f, char out[READER_UID_MAX])
{
	size_t n = strlen(typed);
	if (n == 0 || n >= READER_UID_MAX)
		return -EINVAL;
	bool digits = strspn(typed, "0123456789") == n;
	if (f == WEDGE_TYPED) {
		if (strspn(typed, "0123456789ABCDEF") != n)
			return -EINVAL;
		memcpy(out, typed, n + 1);
		return 0;
	}
	/* hex: the decimal number must fit the 32 bits an EM4100 reader prints in decimal */
	if (!digits || n > 10)
		return -EINVAL;
	unsigned long long v = strtoull(typed, NULL, 10);
	if (v > 0xFFFFFFFFull)
		return -EINVAL;
	snprintf(out, READER_UID_MAX, "%08llX", v);
	return 0;
}
