/* Civil date arithmetic (proleptic Gregorian), after H. Hinnant's days_from_civil. */
#include "rules/date.h"

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

bool rules_ymd_valid(int y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return false;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 ? leap : 0);
}

rules_date rules_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (rules_date)(era * 146097 + doe - 719468);
}

void rules_date_to_ymd(rules_date date, int *ret_y, int *ret_m, int *ret_d)
{
	int z = date + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp < 10 ? mp + 3 : mp - 9;
	*ret_y = yoe + era * 400 + (m <= 2);
	*ret_m = m;
	*ret_d = d;
}

int rules_weekday(rules_date date)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int64_t r = ((int64_t)date + 3) % 7;
	return (int)(r < 0 ? r + 7 : r) + 1;
}

int rules_mmdd(rules_date date)
{
	int y, m, d;
	rules_date_to_ymd(date, &y, &m, &d);
	return m * 100 + d;
}

rules_date rules_date_of(rules_lsec t)
{
	return (rules_date)floor_div(t, RULES_DAY_SEC);
}

rules_lsec rules_lsec_at(rules_date date, int32_t minute_of_day)
{
	return (rules_lsec)date * RULES_DAY_SEC + (rules_lsec)minute_of_day * 60;
}

rules_lsec rules_local_from_utc(int64_t utc_sec, int32_t utc_offset_sec)
{
	return utc_sec + utc_offset_sec;
}
