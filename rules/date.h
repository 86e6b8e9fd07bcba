/* Civil dates and local time for the rules engine.  Pure arithmetic, no time zone database:
 * the caller turns UTC into "local seconds" with the site's offset once, at the edge. */
#ifndef RULES_DATE_H
#define RULES_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t rules_date;   /* civil date: days since 1970-01-01 */
typedef int64_t rules_lsec;   /* local seconds: UTC epoch seconds + the site's UTC offset */

#define RULES_DAY_SEC   86400
#define RULES_DATE_MIN  ((rules_date)-1000000)   /* open-ended ranges; far from overflow */
#define RULES_DATE_MAX  ((rules_date)1000000)

bool rules_ymd_valid(int y, int m, int d);
rules_date rules_date_from_ymd(int y, int m, int d);
void rules_date_to_ymd(rules_date date, int *ret_y, int *ret_m, int *ret_d);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int rules_weekday(rules_date date);
/* month * 100 + day, for seasonal switch dates that recur every year. */
int rules_mmdd(rules_date date);
/* The civil date a local instant falls on (floor, so negative times work too). */
rules_date rules_date_of(rules_lsec t);
rules_lsec rules_lsec_at(rules_date date, int32_t minute_of_day);
rules_lsec rules_local_from_utc(int64_t utc_sec, int32_t utc_offset_sec);

#endif
