/* attendctl's HR tools (import, report, timesheet, today, access): shared pieces. */
#ifndef ATTEND_CTL_HR_H
#define ATTEND_CTL_HR_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ctl/ctl.h"

/* Messages are English msgids with a Vietnamese catalog (po/vi.po), domain "attendctl". */
#define _(s) dgettext("attendctl", s)
#define N_(s) (s)

/* ---- language (ctl/hr_i18n.c) ---- */
/* Picks the language: `lang` ("vi" or "en") if given, else the locale (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG).  Returns false (and says why) for a language it does not know. */
bool hr_lang_init(const char *lang);
bool hr_vi(void);
/* YYYY-MM-DD -> dd/mm/yyyy in Vietnamese, unchanged in English. */
const char *hr_date(char *buf, size_t n, const char *iso);
/* A number with `decimals` places, trailing zeros dropped; decimal comma and '.' thousands in
 * Vietnamese.  hr_pct formats a rate 0..1 as a percentage. */
const char *hr_num(char *buf, size_t n, double v, int decimals);
const char *hr_pct(char *buf, size_t n, double rate);
/* Number of characters (not bytes) of a UTF-8 string, for column alignment. */
size_t hr_width(const char *s);

/* ---- report tables and their writers (ctl/hr_table.c) ---- */
enum hr_format { HR_FMT_TABLE, HR_FMT_CSV, HR_FMT_JSON, HR_FMT_XLSX, HR_FMT_PDF };
enum hr_type { HR_TEXT, HR_INT, HR_NUM, HR_RATE, HR_DATE, HR_SYMBOLS };

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
/* Writes the report to `output` (or stdout; XLSX needs a file).  A file is written under a
 * temporary name and renamed when complete, so a failure leaves nothing half-written. */
int hr_write_report(const struct hr_report *r, enum hr_format fmt, const char *output);

/* Output files: open `path`.tmp (stdout when path is NULL), then commit or discard. */
FILE *hr_out_open(const char *path, char *tmp, size_t tmplen);
int hr_out_close(FILE *f, const char *path, const char *tmp, bool ok);

/* ---- helpers for the HR commands ---- */
/* A unit by code within an agency (id as text); prints why and returns false. */
bool hr_unit(struct ctl *c, const char *agency_id, const char *agency_code, const char *code,
             char *buf, size_t len);
/* YYYY-MM -> first day "YYYY-MM-01"; prints why and returns false. */
bool hr_month(const char *s, char *first, size_t len);

int hr_import(struct ctl *c, int argc, char **argv);
int hr_report_cmd(struct ctl *c, int argc, char **argv);
int hr_timesheet(struct ctl *c, int argc, char **argv);
int hr_today(struct ctl *c, int argc, char **argv);
int hr_access(struct ctl *c, int argc, char **argv);
int hr_badges_unknown(struct ctl *c, int argc, char **argv);   /* attendctl badges unknown */
int hr_rejected(struct ctl *c, int argc, char **argv);
int ctl_login(struct ctl *c, int argc, char **argv);
int hr_edges(struct ctl *c, int argc, char **argv);   /* attendctl edges */
int hr_badges_import(struct ctl *c, int argc, char **argv);   /* attendctl badges import */

#endif
