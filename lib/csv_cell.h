/* Cells of CSV files made for people (attendctl's reports, attend-web's downloads): laid out
 * for the spreadsheet that opens them — Excel reads a CSV with the region's list separator and
 * decimal mark (';' and ',' in Vietnam) and UTF-8 only after a byte order mark — numbers as
 * plain numbers, and text kept text (OWASP's advice on CSV injection: a cell starting with
 * = + - @ TAB or CR would be read as a formula, so it is written with a leading '). */
#ifndef ATTEND_CSV_CELL_H
#define ATTEND_CSV_CELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* SYMBOL: a C01-HD cell ("+", "+/K", "Ô"): written as it is while it is only letters, '+' and
 * '/', else as TEXT.  NUMBER: written as is (a negative number stays a number). */
enum csv_cell { CSV_CELL_TEXT, CSV_CELL_NUMBER, CSV_CELL_SYMBOL };

/* A number: no thousands grouping, `decimals` places with trailing zeros dropped, `mark` as
 * the decimal mark. */
const char *csv_cell_num(char *buf, size_t n, double v, int decimals, char mark);
bool csv_cell_looks_like_formula(const char *s);
void csv_cell_bom(FILE *f);
/* One field: `sep` first unless `first`, quoted by libcsv, a formula-like TEXT made text. */
void csv_cell_field(FILE *f, const char *s, bool first, char sep, enum csv_cell kind);
void csv_cell_end(FILE *f);

#endif
