/* The HR tools' pure pieces: CSV reading (libcsv, line numbers, BOM, ';'), the
 * Vietnamese/English formats of dates and numbers, and CSV writing for people (Excel's
 * regional separators, plain numbers, text that would be a formula kept as text). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "doc/doc_xlsx.h"
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

/* What hr_csv_field writes for one field after a first one. */
static const char *field(char *buf, size_t n, const char *v, enum hr_cell kind)
{
	FILE *f = fmemopen(buf, n, "w");
	assert_non_null(f);
	hr_csv_field(f, "a", true, HR_CELL_TEXT);
	hr_csv_field(f, v, false, kind);
	fclose(f);
	return buf;
}

static void text_that_looks_like_a_formula_stays_text(void **state)
{
	(void)state;
	char b[256];
	assert_true(hr_lang_init("en"));
	assert_true(hr_csv_style_set(NULL));
	/* OWASP: = + - @ TAB CR first get a leading ' (quoted by libcsv, quotes doubled) */
	assert_string_equal(field(b, sizeof b, "=HYPERLINK(\"http://x\",\"y\")", HR_CELL_TEXT),
	                    "\"a\",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	assert_string_equal(field(b, sizeof b, "@SUM(1+1)", HR_CELL_TEXT), "\"a\",\"'@SUM(1+1)\"");
	assert_string_equal(field(b, sizeof b, "+84 912", HR_CELL_TEXT), "\"a\",\"'+84 912\"");
	assert_string_equal(field(b, sizeof b, "-x", HR_CELL_TEXT), "\"a\",\"'-x\"");
	assert_string_equal(field(b, sizeof b, "\tx", HR_CELL_TEXT), "\"a\",\"'\tx\"");
	assert_string_equal(field(b, sizeof b, "\rx", HR_CELL_TEXT), "\"a\",\"'\rx\"");
	/* ordinary text, an empty cell and numbers are untouched: a negative number stays a number */
	assert_string_equal(field(b, sizeof b, "Trần Thị Bình", HR_CELL_TEXT), "\"a\",\"Trần Thị Bình\"");
	assert_string_equal(field(b, sizeof b, "", HR_CELL_TEXT), "\"a\",\"\"");
	assert_string_equal(field(b, sizeof b, "a=b", HR_CELL_TEXT), "\"a\",\"a=b\"");
	assert_string_equal(field(b, sizeof b, "-0.5", HR_CELL_NUMBER), "\"a\",\"-0.5\"");
	/* the C01-HD's marks stay as the form writes them; a local symbol that could be evaluated not */
	assert_string_equal(field(b, sizeof b, "+", HR_CELL_SYMBOL), "\"a\",\"+\"");
	assert_string_equal(field(b, sizeof b, "+/Ô", HR_CELL_SYMBOL), "\"a\",\"+/Ô\"");
	assert_string_equal(field(b, sizeof b, "+A1", HR_CELL_SYMBOL), "\"a\",\"'+A1\"");
	assert_string_equal(field(b, sizeof b, "=X", HR_CELL_SYMBOL), "\"a\",\"'=X\"");
	assert_true(hr_cell_looks_like_formula("=1") && !hr_cell_looks_like_formula("1=") &&
	            !hr_cell_looks_like_formula("") && !hr_cell_looks_like_formula(NULL));
}

static void csv_style_follows_the_language_or_the_option(void **state)
{
	(void)state;
	char b[256];
	assert_true(hr_lang_init("vi"));
	assert_true(hr_csv_style_set(NULL));
	assert_int_equal(hr_csv_separator(), ';');
	assert_string_equal(field(b, sizeof b, "1,5", HR_CELL_NUMBER), "\"a\";\"1,5\"");
	/* plain numbers: no thousands grouping, the style's decimal mark, no trailing zeros */
	assert_string_equal(hr_csv_num(b, sizeof b, 1234567.5, 2), "1234567,5");
	assert_string_equal(hr_csv_num(b, sizeof b, -2.50, 2), "-2,5");
	assert_string_equal(hr_csv_num(b, sizeof b, 22, 2), "22");
	assert_string_equal(hr_csv_num(b, sizeof b, -0.001, 2), "0");
	assert_string_equal(hr_csv_pct(b, sizeof b, 0.82927), "82,9%");
	assert_true(hr_csv_style_set("excel-en"));
	assert_int_equal(hr_csv_separator(), ',');
	assert_string_equal(hr_csv_num(b, sizeof b, 1234567.5, 2), "1234567.5");
	assert_true(hr_lang_init("en"));
	assert_true(hr_csv_style_set("excel-vi"));
	assert_int_equal(hr_csv_separator(), ';');
	assert_string_equal(hr_csv_pct(b, sizeof b, 1), "100%");
	assert_true(hr_csv_style_set(NULL));
	assert_int_equal(hr_csv_separator(), ',');
	assert_string_equal(hr_csv_num(b, sizeof b, 0.25, 2), "0.25");
	assert_false(hr_csv_style_set("excel-fr"));
	/* the terminal keeps grouping for the eye; the symbols of excused days read as text */
	assert_string_equal(hr_num(b, sizeof b, 1234.5, 2), "1,234.5");
	assert_string_equal(hr_symbols_text(b, sizeof b, "{\"P\": 3.00, \"\u00d4\": 0.5}"), "P 3, Ô 0.5");
	assert_string_equal(hr_symbols_text(b, sizeof b, "{}"), "");
}

static void xlsx_widths_count_characters(void **state)
{
	(void)state;
	/* a column is as wide as its longest cell in characters (not bytes), and its heading's
	 * longest word; a heading wraps in the lines the width holds */
	double w = doc_xlsx_width(hr_width("Nguyễn Thị Thanh Hương"), "Họ và tên");
	assert_true(w >= 22 && w < 30);
	assert_true(doc_xlsx_width(2, "Thiếu lượt chấm") >= doc_xlsx_width(5, "x"));
	assert_true(doc_xlsx_width(500, "x") <= DOC_XLSX_WRAP_AT * 1.1 + 2);
	/* counted on the safe side: a row a line too tall cuts nothing, a line too few would */
	assert_in_range(doc_xlsx_lines("Ngày làm việc", doc_xlsx_width(2, "Ngày làm việc")), 2, 3);
	assert_int_equal(doc_xlsx_lines("Họ và tên", doc_xlsx_width(20, "Họ và tên")), 1);
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

/* attend-web writes documents for a Vietnamese and an English request at once: each thread's
 * language and CSV style are its own (doc/doc.h, _Thread_local). */
static void *one_language(void *arg)
{
	bool vi = *(const bool *)arg;
	doc_lang_set(vi);
	hr_csv_style_set(NULL);
	for (int i = 0; i < 20000; i++) {
		char buf[32];
		static const char total[] = "Total";
		if (strcmp(hr_num(buf, sizeof buf, 1234.5, 2), vi ? "1.234,5" : "1,234.5") ||
		    hr_csv_separator() != (vi ? ';' : ',') || hr_vi() != vi ||
		    (!vi && _(total) != total))   /* English is the msgid itself, whatever the process's gettext says */
			return (void *)1;
		sched_yield();
	}
	return NULL;
}

static void each_thread_has_its_language(void **state)
{
	(void)state;
	assert_true(hr_lang_init("vi"));   /* the process's gettext speaks Vietnamese */
	static bool langs[2] = { true, false };
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, one_language, &langs[i]), 0);
	for (int i = 0; i < 2; i++) {
		void *bad = (void *)1;
		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_null(bad);
	}
	assert_true(hr_vi());   /* the main thread's own, untouched by the others */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bom_semicolons_and_lines),
		cmocka_unit_test(malformed_lines_are_named),
		cmocka_unit_test(formats_follow_the_language),
		cmocka_unit_test(text_that_looks_like_a_formula_stays_text),
		cmocka_unit_test(csv_style_follows_the_language_or_the_option),
		cmocka_unit_test(xlsx_widths_count_characters),
		cmocka_unit_test(other_encodings_are_one_hint),
		cmocka_unit_test(headings_compare_as_people_read_them),
		cmocka_unit_test(each_thread_has_its_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
