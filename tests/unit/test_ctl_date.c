/* attendctl's one reading of the dates and months people type (ctl/cmd_common.c): ISO and the
 * Vietnamese d/m/yyyy, m/yyyy, d/m; days that do not exist refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"

static void date_is(const char *in, const char *want)
{
	char iso[CTL_DATE_LEN] = "";
	if (!want) {
		if (ctl_parse_date(in, iso))
			fail_msg("'%s' was read as %s", in ? in : "(null)", iso);
		return;
	}
	if (!ctl_parse_date(in, iso))
		fail_msg("'%s' was refused", in);
	assert_string_equal(iso, want);
}

static void dates(void **state)
{
	(void)state;
	date_is("2026-11-16", "2026-11-16");
	date_is("16/11/2026", "2026-11-16");           /* the case */
	date_is("01/11/2026", "2026-11-01");
	date_is("1/2/2026", "2026-02-01");             /* one digit, as people type it: 1 February */
	date_is("29/02/2028", "2028-02-29");           /* a leap year */
	date_is("29/02/2027", NULL);                   /* not one */
	date_is("2027-02-29", NULL);
	date_is("29/02/2100", NULL);                   /* a century that is not a leap year */
	date_is("29/02/2000", "2000-02-29");
	date_is("31/11/2026", NULL);
	date_is("31/12/2026", "2026-12-31");
	date_is("0/1/2026", NULL);
	date_is("16/13/2026", NULL);
	date_is("11/16/2026", NULL);                   /* month/day/year is not read */
	date_is("16/11/26", NULL);                     /* a two-digit year: which century? */
	date_is("16/11/02026", NULL);
	date_is("2026-1-16", NULL);                    /* ISO keeps its two digits */
	date_is("2026-11-16 ", NULL);
	date_is(" 16/11/2026", NULL);
	date_is("+1/11/2026", NULL);
	date_is("16/11/2026x", NULL);
	date_is("16-11-2026", NULL);
	date_is("16.11.2026", NULL);
	date_is("16/11", NULL);
	date_is("", NULL);
	date_is(NULL, NULL);
	date_is("1899-12-31", NULL);                   /* years 1900..2200 */
	date_is("1/1/1900", "1900-01-01");
	date_is("31/12/2200", "2200-12-31");
	date_is("1/1/2201", NULL);
}

static void month_is(const char *in, const char *want)
{
	char first[CTL_DATE_LEN] = "";
	if (!want) {
		if (ctl_parse_month(in, first))
			fail_msg("'%s' was read as %s", in, first);
		return;
	}
	if (!ctl_parse_month(in, first))
		fail_msg("'%s' was refused", in);
	assert_string_equal(first, want);
}

static void months(void **state)
{
	(void)state;
	month_is("2026-11", "2026-11-01");
	month_is("11/2026", "2026-11-01");
	month_is("1/2027", "2027-01-01");
	month_is("01/2027", "2027-01-01");
	month_is("13/2026", NULL);
	month_is("2026-13", NULL);
	month_is("0/2026", NULL);
	month_is("2026-1", NULL);
	month_is("11/26", NULL);
	month_is("11-2026", NULL);
	month_is("2026-11-01", NULL);
	month_is("", NULL);
}

static void month_days(void **state)
{
	(void)state;
	char md[CTL_DATE_LEN];
	assert_true(ctl_parse_month_day("1/4", md));
	assert_string_equal(md, "04-01");
	assert_true(ctl_parse_month_day("04-16", md));
	assert_string_equal(md, "04-16");
	assert_true(ctl_parse_month_day("29/2", md));   /* recurs in leap years */
	assert_false(ctl_parse_month_day("31/4", md));
	assert_false(ctl_parse_month_day("4/31", md));
	assert_false(ctl_parse_month_day("1/4/2026", md));
}

/* The checked forms point the option at its ISO form; a refusal leaves it as it was. */
static void checked_options(void **state)
{
	(void)state;
	assert_true(hr_lang_init("en"));
	const char *v = "16/11/2026";
	assert_true(ctl_check_date("--from", &v));
	assert_string_equal(v, "2026-11-16");
	const char *bad = "16/11/26";
	assert_false(ctl_check_date("--from", &bad));
	assert_string_equal(bad, "16/11/26");
	char first[CTL_DATE_LEN];
	assert_true(ctl_check_month("--month", "11/2026", first));
	assert_string_equal(first, "2026-11-01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates),
		cmocka_unit_test(months),
		cmocka_unit_test(month_days),
		cmocka_unit_test(checked_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
