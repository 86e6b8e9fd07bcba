/* The Bảng chấm công, form C01-HD (Thông tư 107/2017/TT-BTC), of a unit for a month: formed from
 * the results of lib/timesheet_sql.c's statements and written as XLSX, CSV, PDF or JSON, the
 * same for attendctl timesheet and attend-web's /timesheet. */
#ifndef ATTEND_DOC_TIMESHEET_H
#define ATTEND_DOC_TIMESHEET_H

#include <libpq-fe.h>
#include <stdbool.h>

#define DOC_TIMESHEET_DAYS 31
/* Columns of timesheet_rows_sql: name 2, position 3, columns 32-34 at 5-7, day d at 8 + d - 1. */
#define DOC_TIMESHEET_NAME 2
#define DOC_TIMESHEET_POSITION 3
#define DOC_TIMESHEET_PAY 5
#define DOC_TIMESHEET_DAY1 8

struct doc_timesheet {
	const char *agency_name, *qhns, *unit_name;
	int year, month, days_in_month;
	PGresult *head, *rows, *legend, *adjust;   /* owned: doc_timesheet_free */
	double sum[3];                             /* the Cộng row: columns 32, 33, 34 */
};

/* Takes the four results (head, rows, legend, adjust: lib/timesheet_sql.h) and the month's
 * first day "YYYY-MM-01"; fills the names and the sums. */
void doc_timesheet_form(struct doc_timesheet *t, PGresult *head, PGresult *rows, PGresult *legend,
                        PGresult *adjust, const char *first);
void doc_timesheet_free(struct doc_timesheet *t);
/* "xlsx", "csv", "pdf" or "json"; false for another. */
bool doc_timesheet_format_ok(const char *format);
/* Writes it to `path` (a temporary name renamed when complete).  0, or 1 with the reason
 * printed. */
int doc_timesheet_write(const struct doc_timesheet *t, const char *format, const char *path);

/* The headings of columns 32, 33, 34 (k = 0..2), translated: one copy for every writer and the web. */
const char *doc_timesheet_pay_title(int k);

/* The symbols' names for the legend, Vietnamese or English: the legend statement's $2. */
const char *doc_timesheet_legend_lang(void);

#endif
