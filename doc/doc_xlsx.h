/* The layout every XLSX made for people shares (libxlsxwriter): a title with the agency, unit
 * and period, bold wrapped headings frozen at the top and repeated on every printed page,
 * columns as wide as their content, A4 landscape one page wide, and a signature block where
 * the document is signed.  Cells of user text are always written as strings (never formulas). */
#ifndef ATTEND_DOC_XLSX_H
#define ATTEND_DOC_XLSX_H

#include <stddef.h>
#include <xlsxwriter.h>

struct doc_xlsx_formats {
	lxw_format *title, *subtitle, *head, *text, *wrap, *integer, *number, *percent,
	           *sign_date, *signer, *sign_note;
};

void doc_xlsx_formats(lxw_workbook *wb, struct doc_xlsx_formats *f);

/* A sheet named `name` cut to the 31 characters a sheet name may have (not bytes), the
 * characters it may not have replaced. */
lxw_worksheet *doc_xlsx_sheet(lxw_workbook *wb, const char *name);

/* Title (row 0) and subtitle lines (rows 1..n); returns the next free row. */
lxw_row_t doc_xlsx_title(lxw_worksheet *ws, const struct doc_xlsx_formats *f, const char *title,
                         const char *const *lines, int nlines);

/* Page setup for a table whose headings are at `head_row`: A4 landscape, one page wide,
 * the heading row repeated on every page and frozen on screen. */
void doc_xlsx_page(lxw_worksheet *ws, lxw_row_t head_row);

/* Column width (in characters) for a column whose longest cell is `longest` characters and
 * whose heading is `heading` (wrapped: its longest word must fit). */
double doc_xlsx_width(size_t longest, const char *heading);
#define DOC_XLSX_WRAP_AT 48   /* a text column wider than this wraps */
/* How many lines `text` takes wrapped in a column `width` wide; a row is set to the height of
 * its tallest wrapped cell (DOC_XLSX_LINE points a line). */
int doc_xlsx_lines(const char *text, double width);
#define DOC_XLSX_LINE 15.0

/* The signature block under a table of `ncols` columns: the date line on the right
 * ("......, ngày ..... tháng ..... năm .......") and each signer with "(Ký, họ tên)", spread
 * across the width.  `signers` are msgids.  Returns the row after the block. */
lxw_row_t doc_xlsx_signatures(lxw_worksheet *ws, const struct doc_xlsx_formats *f, lxw_row_t row,
                              int ncols, const char *const *signers, int nsigners);

#endif
