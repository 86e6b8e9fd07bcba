/* The documents made for people (tables, CSV, XLSX, PDF, the C01-HD), shared by attendctl
 * and attend-web: their language, their cells and their writers.  The language and the CSV
 * style are the calling thread's (_Thread_local): attendctl sets them once, attend-web for
 * each request from the session's language, so two requests never see each other's. */
#ifndef ATTEND_DOC_H
#define ATTEND_DOC_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Messages are English msgids with one Vietnamese catalog, po/vi.po, domain "attendctl", for
 * both programs (attend-web binds it too): one translation in one place.  In English the
 * msgid itself, whatever the process's gettext language is. */
#define DOC_DOMAIN "attendctl"
const char *doc_tr(const char *msgid) __attribute__((format_arg(1)));
#define _(s) doc_tr(s)
#define N_(s) (s)

/* ---- language (doc/hr_i18n.c) ---- */
/* This thread's language: Vietnamese (true) or English.  English until set. */
void doc_lang_set(bool vi);
bool hr_vi(void);
/* Binds the "attendctl" catalog: $ATTEND_LOCALEDIR, else "locale" next to the program (the
 * build tree), else the installed LOCALEDIR.  Once per process. */
void doc_bind_catalog(void);
/* YYYY-MM-DD[ rest] -> dd/mm/yyyy[ rest] in Vietnamese, unchanged in English. */
const char *hr_date(char *buf, size_t n, const char *iso);
/* A number with `decimals` places, trailing zeros dropped; decimal comma and '.' thousands in
 * Vietnamese.  hr_pct formats a rate 0..1 as a percentage. */
const char *hr_num(char *buf, size_t n, double v, int decimals);
const char *hr_pct(char *buf, size_t n, double rate);
/* Number of characters (not bytes) of a UTF-8 string, for column alignment. */
size_t hr_width(const char *s);

/* ---- cells of files made for people (doc/hr_cells.c) ---- */
/* CSV as Excel reads it with the region's settings: excel-vi is ';' between fields and a
 * decimal comma, excel-en ',' and a decimal point; AUTO follows the session's language. */
enum hr_csv_style { HR_CSV_AUTO, HR_CSV_EXCEL_VI, HR_CSV_EXCEL_EN };
/* --csv-style NAME ("excel-vi", "excel-en"; NULL = AUTO); false (and says why) otherwise.
 * This thread's, as the language. */
bool hr_csv_style_set(const char *name);
/* The usage line of the option, for the commands that write CSV. */
#define HR_CSV_STYLE_USAGE "                 [--csv-style excel-vi|excel-en]\n"
char hr_csv_separator(void);
/* A number for a CSV cell: plain (no thousands grouping, so a spreadsheet reads a number),
 * the style's decimal mark, trailing zeros dropped.  hr_csv_pct: a rate 0..1 as "82,9%". */
const char *hr_csv_num(char *buf, size_t n, double v, int decimals);
const char *hr_csv_pct(char *buf, size_t n, double rate);
/* Text that a spreadsheet would take for a formula (= + - @ TAB CR first). */
bool hr_cell_looks_like_formula(const char *s);
/* SYMBOL: a C01-HD cell ("+", "+/K", "Ô"): written as it is while it is only letters, '+' and
 * '/' (nothing a spreadsheet can evaluate: no '=', '@', digit, bracket or quote), else as TEXT. */
enum hr_cell { HR_CELL_TEXT, HR_CELL_NUMBER, HR_CELL_SYMBOL };
/* One CSV field (separator first unless `first`, quoted by libcsv).  A TEXT field that looks
 * like a formula is written with a leading ' so it shows as text; a NUMBER is written as is
 * (a negative number stays a number).  Every CSV writer of the project goes through it. */
void hr_csv_field(FILE *f, const char *s, bool first, enum hr_cell kind);
void hr_csv_bom(FILE *f);
void hr_csv_end(FILE *f);
/* {"P": 2, "Ô": 0.5} (excused days by symbol) -> "P 2, Ô 0,5" in the session's language. */
const char *hr_symbols_text(char *buf, size_t n, const char *json);

/* ---- report tables and their writers (doc/hr_table.c) ---- */
enum hr_format { HR_FMT_TABLE, HR_FMT_CSV, HR_FMT_JSON, HR_FMT_XLSX, HR_FMT_PDF };
enum hr_type {
	HR_TEXT, HR_INT, HR_NUM, HR_RATE, HR_DATE, HR_SYMBOLS,
	HR_DATETIME,   /* "YYYY-MM-DD HH:MM": dd/mm/yyyy HH:MM in Vietnamese */
	HR_BOOL,       /* t/f: yes/no (JSON true/false) */
	/* identifiers as SQL stores them, shown by their labels (doc/labels.h); JSON keeps them */
	HR_BAND, HR_STAFF_KIND, HR_ALERT, HR_FACT, HR_CAUSE, HR_CHARGE, HR_WHY,
};

struct hr_col {
	const char *key;     /* JSON key and CSV id, English */
	const char *title;   /* msgid of the heading */
	enum hr_type type;
};

/* A section of a report: columns taken from `res` by position (col i of the spec = column
 * i of the result).  HR_SYMBOLS is a JSON object {"P": 2} shown as "P 2, Ô 0,5". */
struct hr_section {
	const char *key;     /* JSON key / sheet id */
	const char *title;   /* msgid: table caption and XLSX sheet name */
	const struct hr_col *cols;
	int ncols;
	void *res;           /* PGresult * */
};

struct hr_report {
	const char *title;        /* translated */
	const char *subtitle;     /* translated, e.g. the agency and the period */
	const char *meta_json;    /* JSON object of the query (agency, from, to...), for JSON output */
	struct hr_section *sections;
	int nsections;
};

bool hr_parse_format(const char *s, enum hr_format *ret);
/* A cell of a section's result as people read it (labels, dd/mm/yyyy and numbers in the
 * session's language): the one formatter of the table, XLSX and PDF writers. */
const char *hr_cell_text(char *buf, size_t n, const struct hr_col *col, void *res, int row, int i);
bool hr_type_is_number(enum hr_type t);
/* Writes the report to `output` (or stdout; XLSX needs a file).  A file is written under a
 * temporary name and renamed when complete, so a failure leaves nothing half-written. */
int hr_write_report(const struct hr_report *r, enum hr_format fmt, const char *output);
/* The same, for a document that is signed: the XLSX ends each sheet with the date line and a
 * signature block for each of `signers` (msgids, e.g. N_("Prepared by")). */
int hr_write_signed_report(const struct hr_report *r, const char *const *signers, int nsigners,
                           enum hr_format fmt, const char *output);

/* Output files: open `path`.tmp (stdout when path is NULL), then commit or discard. */
FILE *hr_out_open(const char *path, char *tmp, size_t tmplen);
int hr_out_close(FILE *f, const char *path, const char *tmp, bool ok);

#endif
