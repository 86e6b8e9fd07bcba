/* The annual leave balances as a document: the statements over attend.leave_balance(), the
 * sections, columns and headings (the msgids of `attendctl leave balance`), written as a
 * table, CSV, JSON, XLSX or PDF by doc/hr_table.c — one writer for attendctl and attend-web's
 * downloads, so both give the same bytes. */
#ifndef ATTEND_DOC_LEAVE_BALANCE_H
#define ATTEND_DOC_LEAVE_BALANCE_H

#include <libpq-fe.h>

#include "doc/doc.h"

/* In one transaction, in this order: doc_leave_people_sql ($1 agency id, $2 year, $3 as of,
 * $4 unit id or NULL, $5 person id or NULL, $6 Vietnamese names: true/false) fills a
 * temporary table; then the three results below come from it. */
extern const char doc_leave_people_sql[];
extern const char doc_leave_people_rows_sql[];   /* $1: true for JSON (class identifiers) */
extern const char doc_leave_unit_rows_sql[];     /* no parameter */
extern const char doc_leave_total_sql[];         /* $1 agency id, $2 unit id or NULL */

struct doc_leave_balance {
	const char *agency_name;
	const char *agency, *unit, *person;   /* codes as asked (unit, person: NULL for none) */
	const char *unit_name;                /* NULL when no unit was asked */
	const char *year, *as_of;             /* YYYY, YYYY-MM-DD */
	PGresult *res[3];   /* people, units, total (not freed here) */
};

/* Writes the balances to `output` (stdout when NULL; XLSX and PDF need a file): 0, or 1 with
 * the reason printed. */
int doc_leave_balance_write(const struct doc_leave_balance *l, enum hr_format fmt, const char *output);

#endif
