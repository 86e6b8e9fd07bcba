/* The HR tools' pure pieces: CSV reading (libcsv, line numbers, BOM, ';') and the
 * Vietnamese/English formats of dates and numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ctl/hr.h"
#include "ctl/hr_csv.h"

static void parse(const char *text, struct hr_csv *csv, char *err, size_t errlen, int want)
{
	assert_int_equal(hr_csv_parse("t.csv", text, strlen(text), csv, err, errlen), want);
}

static void bom_semicolons_and_lines(void **state)
{
	(void)state;
	struct hr_csv csv;
	char err[256];
	parse("\xEF\xBB\xBFM\xC3\xA3;T\xC3\xAAn\r\n\r\na1; \"X; Y\" \r\n;\r\na2;\"two\nlines\"\r\n", &csv, err, sizeof err, 0);
	assert_int_equal(csv.nrows, 3);   /* blank rows dropped */
	assert_string_equal(csv.rows[0].fields[0], "M\xC3\xA3");
	assert_int_equal(csv.rows[1].line, 3);
	assert_string_equal(csv.rows[1].fields[1], "X; Y");
	assert_string_equal(csv.rows[2].fields[1], "two\nlines");
	assert_int_equal(csv.rows[2].line, 6);   /* where the record ends */
	hr_csv_free(&csv);
}

static void malformed_lines_are_named(void **state)
{
	(void)state;
	struct hr_csv csv;
	char err[256];
	parse("a,b\n1,2\n3,\"x\"y\n", &csv, err, sizeof err, -1);
	assert_non_null(strstr(err, "t.csv:3: malformed CSV"));
	parse("a,b\n1,\"open\n", &csv, err, sizeof err, -1);
	assert_non_null(strstr(err, "t.csv:2: malformed CSV (a quoted field is not closed)"));
	parse("", &csv, err, sizeof err, -1);
	assert_non_null(strstr(err, "empty"));
}

static void formats_follow_the_language(void **state)
{
	(void)state;
	char b[64];
	assert_true(hr_lang_init("vi"));
	assert_string_equal(hr_date(b, sizeof b, "2026-11-23"), "23/11/2026");
	assert_string_equal(hr_num(b, sizeof b, 1234567.5, 2), "1.234.567,5");
	assert_string_equal(hr_num(b, sizeof b, 22, 2), "22");
	assert_string_equal(hr_pct(b, sizeof b, 0.82927), "82,9%");
	assert_true(hr_lang_init("en"));
	assert_string_equal(hr_date(b, sizeof b, "2026-11-23"), "2026-11-23");
	assert_string_equal(hr_num(b, sizeof b, -1234.25, 2), "-1,234.25");
	assert_string_equal(hr_pct(b, sizeof b, 1), "100%");
	assert_false(hr_lang_init("fr"));
	assert_int_equal(hr_width("Trần Thị Bình"), 13);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bom_semicolons_and_lines),
		cmocka_unit_test(malformed_lines_are_named),
		cmocka_unit_test(formats_follow_the_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
