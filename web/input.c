#include "web/input.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool real_date(int y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 2000 || y > 2999 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

bool input_date(const char *s, char out[INPUT_DATE_LEN])
{
	int y, m, d;
	if (!s || strlen(s) != 10)
		return false;
	bool ok = (s[2] == '/' && s[5] == '/' && digits(s, 2, &d) && digits(s + 3, 2, &m) && digits(s + 6, 4, &y)) ||
	          (s[4] == '-' && s[7] == '-' && digits(s, 4, &y) && digits(s + 5, 2, &m) && digits(s + 8, 2, &d));
	if (!ok || !real_date(y, m, d))
		return false;
	snprintf(out, INPUT_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return true;
}

bool input_month(const char *s, char out[INPUT_DATE_LEN])
{
	int y, m;
	if (!s || strlen(s) != 7)
		return false;
	bool ok = (s[2] == '/' && digits(s, 2, &m) && digits(s + 3, 4, &y)) ||
	          (s[4] == '-' && digits(s, 4, &y) && digits(s + 5, 2, &m));
	if (!ok || !real_date(y, m, 1))
		return false;
	snprintf(out, INPUT_DATE_LEN, "%04u-%02u-01", (unsigned)y % 10000u, (unsigned)m % 100u);
	return true;
}

bool input_time(const char *s, char out[6])
{
	int h, m;
	if (!s || strlen(s) != 5 || s[2] != ':' || !digits(s, 2, &h) || !digits(s + 3, 2, &m) || h > 23 || m > 59)
		return false;
	snprintf(out, 6, "%02u:%02u", (unsigned)h % 100u, (unsigned)m % 100u);
	return true;
}

bool input_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 16 || s[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return strtoull(s, NULL, 10) <= (1ull << 53);
}

int input_choice(const char *s, const char *const *choices)
{
	if (!s)
		return -1;
	for (int i = 0; choices[i]; i++)
		if (!strcmp(s, choices[i]))
			return i;
	return -1;
}

bool input_text(const char *s, size_t max, char *out)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	while (n && g_ascii_isspace(*s))
		s++, n--;
	while (n && g_ascii_isspace(s[n - 1]))
		n--;
	if (n == 0 || n > max || !g_utf8_validate(s, (gssize)n, NULL))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
			return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

bool input_code(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 63 || !g_utf8_validate(s, (gssize)n, NULL) || g_ascii_isspace(s[0]) ||
	    g_ascii_isspace(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}
