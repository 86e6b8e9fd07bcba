/* The punctuality report as a document: its sections, columns and headings (the msgids of
 * attendctl report punctuality), its title and subtitle, written as a table, CSV, JSON, XLSX
 * or PDF by doc/hr_table.c — the same for attendctl and attend-web's downloads.  The results
 * are those of lib/punctuality_sql.c's statements. */
#ifndef ATTEND_DOC_PUNCTUALITY_H
#define ATTEND_DOC_PUNCTUALITY_H

#include <libpq-fe.h>

#include "doc/doc.h"

struct doc_punctuality {
	const char *agency_name;
	const char *agency, *unit, *person;   /* codes as asked (unit, person: NULL for none) */
	const char *unit_name;                /* NULL when no unit was asked */
	const char *from, *to;                /* YYYY-MM-DD */
	PGresult *res[4];   /* punctuality_rank_people, _units, _trees, _total (not freed here) */
};

/* Writes the report to `output` (stdout when NULL; XLSX and PDF need a file): 0, or 1 with
 * the reason printed. */
int doc_punctuality_write(const struct doc_punctuality *p, enum hr_format fmt, const char *output);

#endif
