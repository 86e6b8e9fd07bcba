/* The HR tools' pure pieces: CSV reading (libcsv, line numbers, BOM, ';') and the
 * Vietnamese/English formats of dates and numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

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

/* A file that is not UTF-8 is one error, naming what it looks like, with no raw bytes. */
static void other_encodings_are_one_hint(void **state)
{
	(void)state;
	assert_true(hr_lang_init("en"));
	struct hr_csv csv;
	char err[1024];
	/* "Họ và tên,Chức vụ\nNguyễn Văn Đức,..." as iconv -t WINDOWS-1258 writes it (tones as
	 * combining marks after their letters) */
	static const char cp1258[] = "code,Ho\xF2 v\xE0 t\xEAn,unit\na1,Nguy\xEA\xDEn V\xE3n \xD0\xFD\xEC" "c,vp\n";
	assert_int_equal(hr_csv_parse("t.csv", cp1258, sizeof cp1258 - 1, &csv, err, sizeof err), -1);
	assert_non_null(strstr(err, "t.csv: the file is not UTF-8 text (first at line 1)"));
	assert_non_null(strstr(err, "Windows-1258 (Vietnamese ANSI)"));
	assert_non_null(strstr(err, "CSV UTF-8 (Comma delimited) (*.csv)"));
	assert_non_null(strstr(err, "Unicode (UTF-8)"));
	assert_true(g_utf8_validate(err, -1, NULL));   /* only the hint's own text: no byte of the file */
	/* UTF-16 as Excel's "Unicode Text" writes it: a byte order mark, then two bytes a letter */
	static const char utf16[] = "\xFF\xFE" "c\x00o\x00" "d\x00" "e\x00\t\x00n\x00" "a\x00m\x00" "e\x00\r\x00\n\x00";
	assert_int_equal(hr_csv_parse("u.csv", utf16, sizeof utf16 - 1, &csv, err, sizeof err), -1);
	assert_non_null(strstr(err, "UTF-16 (Excel's \"Unicode Text\")"));
	/* Windows-1252 (a Western name): not Vietnamese, said so */
	static const char cp1252[] = "code,name\nx1,Caf\xE9 M\xFCller\n";
	assert_int_equal(hr_csv_parse("w.csv", cp1252, sizeof cp1252 - 1, &csv, err, sizeof err), -1);
	assert_non_null(strstr(err, "first at line 2"));
	assert_non_null(strstr(err, "an older 8-bit encoding"));
}

static void headings_compare_as_people_read_them(void **state)
{
	(void)state;
	/* composed (NFC) and decomposed (NFD, as macOS writes) */
	assert_true(hr_csv_same_heading("Ng\xE1\xBA\xA1" "ch b\xE1\xBA\xAD" "c", "nga\xCC\xA3" "ch ba\xCC\xA3\xCC\x82" "c"));
	assert_true(hr_csv_same_heading("\xC4\x90\xC6\xA0N V\xE1\xBB\x8A", "\xC4\x91\xC6\xA1n v\xE1\xBB\x8B"));   /* Đ = đ */
	/* wrapped in its cell, blanks around and a no-break space */
	assert_true(hr_csv_same_heading("Ng\xE1\xBA\xA1" "ch b\xE1\xBA\xAD" "c l\xC6\xB0\xC6\xA1ng\nho\xE1\xBA\xB7" "c  c\xE1\xBA\xA5p",
	                                " ng\xE1\xBA\xA1" "ch b\xE1\xBA\xAD" "c\xC2\xA0l\xC6\xB0\xC6\xA1ng ho\xE1\xBA\xB7" "c c\xE1\xBA\xA5p "));
	assert_false(hr_csv_same_heading("m\xC3\xA3", "ma"));   /* the tone is part of the word */
	assert_false(hr_csv_same_heading("m\xE3", "m\xC3\xA3"));  /* not UTF-8: never equal */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bom_semicolons_and_lines),
		cmocka_unit_test(malformed_lines_are_named),
		cmocka_unit_test(formats_follow_the_language),
		cmocka_unit_test(other_encodings_are_one_hint),
		cmocka_unit_test(headings_compare_as_people_read_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
