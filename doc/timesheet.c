/* The Bảng chấm công, form C01-HD (Thông tư 107/2017/TT-BTC), of a unit (and its sub-units) for
 * a month, as XLSX through libxlsxwriter, as CSV or JSON (the PDF: doc/pdf_timesheet.c).  The
 * cells are the day results' symbols (attend.timesheet() in sql/011_hr_reports.sql); a pending
 * day is blank.  Moved from ctl/hr_timesheet.c (attendctl timesheet) so attend-web writes the
 * same files. */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "doc/doc_xlsx.h"
#include "doc/doc.h"
#include "doc/pdf.h"
#include "doc/timesheet.h"

#define NDAYS 31
#define COL_DAY0 3                      /* D: day 1 */
#define COL_32 (COL_DAY0 + NDAYS)       /* AI */
#define NCOLS (COL_32 + 3)

/* rows: attend.timesheet(); legend: code, name; adjust: full name, work date, locked symbol,
 * new symbol. */

static const char *const pay_titles[3] = {
	N_("Days paid by time"), N_("Days of unpaid leave"), N_("Days paid by social insurance"),
};

static void write_legend(lxw_worksheet *ws, lxw_row_t row, PGresult *legend, lxw_format *bold,
                         lxw_format *plain)
{
	worksheet_write_string(ws, row, 1, _("Timesheet symbols:"), bold);
	/* Three symbols a line, like the printed form. */
	for (int i = 0; i < PQntuples(legend); i++) {
		char buf[256];
		snprintf(buf, sizeof buf, "- %s: %s", PQgetvalue(legend, i, 1), PQgetvalue(legend, i, 0));
		lxw_row_t r = row + 1 + (lxw_row_t)(i / 3);
		lxw_col_t c = (lxw_col_t)(i % 3 == 0 ? 1 : i % 3 == 1 ? COL_DAY0 + 8 : COL_DAY0 + 20);
		worksheet_write_string(ws, r, c, buf, plain);
	}
}

static int write_xlsx(const struct doc_timesheet *s, const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld.xlsx", path, (long)getpid());
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path, strerror(errno));
		return 1;
	}
	char sheetname[32];
	snprintf(sheetname, sizeof sheetname, "C01-HD %02d-%04d", s->month, s->year);
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheetname);
	lxw_format *bold = workbook_add_format(wb), *title = workbook_add_format(wb),
	           *center = workbook_add_format(wb), *italic = workbook_add_format(wb),
	           *head = workbook_add_format(wb), *cell = workbook_add_format(wb),
	           *name = workbook_add_format(wb), *right = workbook_add_format(wb),
	           *plain = workbook_add_format(wb), *boldc = workbook_add_format(wb);
	lxw_format *all[] = { bold, title, center, italic, head, cell, name, right, plain, boldc };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		format_set_font_name(all[i], "Times New Roman");
		format_set_font_size(all[i], 10);
	}
	format_set_bold(bold);
	format_set_bold(title);
	format_set_font_size(title, 14);
	format_set_align(title, LXW_ALIGN_CENTER);
	format_set_align(center, LXW_ALIGN_CENTER);
	format_set_bold(boldc);
	format_set_align(boldc, LXW_ALIGN_CENTER);
	format_set_italic(italic);
	format_set_align(italic, LXW_ALIGN_CENTER);
	format_set_align(right, LXW_ALIGN_RIGHT);
	format_set_bold(right);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_align(cell, LXW_ALIGN_CENTER);
	format_set_border(cell, LXW_BORDER_THIN);
	format_set_border(name, LXW_BORDER_THIN);

	/* Page: A4 landscape, one page wide, header rows repeated on every page. */
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_set_margins(ws, 0.3, 0.3, 0.4, 0.4);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_center_horizontally(ws);
	worksheet_repeat_rows(ws, 8, 10);
	worksheet_set_column(ws, 0, 0, 4.5, NULL);
	/* names and positions as wide as the longest (counted in characters, not bytes) */
	size_t longest[2] = { 0, 0 };
	for (int i = 0; i < PQntuples(s->rows); i++)
		for (int k = 0; k < 2; k++)
			if (hr_width(PQgetvalue(s->rows, i, 2 + k)) > longest[k])
				longest[k] = hr_width(PQgetvalue(s->rows, i, 2 + k));
	worksheet_set_column(ws, 1, 1, doc_xlsx_width(longest[0] < 18 ? 18 : longest[0], _("Full name")), NULL);
	worksheet_set_column(ws, 2, 2, doc_xlsx_width(longest[1] < 10 ? 10 : longest[1],
	                                              _("Salary grade or position")), NULL);
	worksheet_freeze_panes(ws, 11, 3);   /* headings and names stay in view */
	worksheet_set_column(ws, COL_DAY0, COL_DAY0 + NDAYS - 1, 3.6, NULL);
	worksheet_set_column(ws, COL_32, COL_32 + 2, 9, NULL);

	char buf[512];
	/* The official header. */
	snprintf(buf, sizeof buf, _("Agency: %s"), s->agency_name);
	worksheet_write_string(ws, 0, 0, buf, bold);
	snprintf(buf, sizeof buf, _("Department: %s"), s->unit_name);
	worksheet_write_string(ws, 1, 0, buf, bold);
	snprintf(buf, sizeof buf, _("Budget relation code (Mã QHNS): %s"), s->qhns);
	worksheet_write_string(ws, 2, 0, buf, bold);
	worksheet_merge_range(ws, 0, COL_DAY0 + 22, 0, NCOLS - 1, _("Form C01-HD"), boldc);
	worksheet_merge_range(ws, 1, COL_DAY0 + 22, 2, NCOLS - 1,
	                      _("(Issued with Circular 107/2017/TT-BTC of 10/10/2017 of the Ministry of Finance)"),
	                      italic);
	format_set_text_wrap(italic);
	worksheet_merge_range(ws, 4, 0, 4, NCOLS - 1, _("TIMESHEET"), title);
	snprintf(buf, sizeof buf, _("Month %d year %d"), s->month, s->year);
	worksheet_merge_range(ws, 5, 0, 5, NCOLS - 1, buf, center);
	worksheet_merge_range(ws, 6, 0, 6, NCOLS - 1, _("No.: ........"), center);

	/* Column headings: rows 8-9, then the column codes A B C 1..31 32 33 34 in row 10. */
	worksheet_set_row(ws, 9, 54, NULL);
	worksheet_merge_range(ws, 8, 0, 9, 0, _("No."), head);
	worksheet_merge_range(ws, 8, 1, 9, 1, _("Full name"), head);
	worksheet_merge_range(ws, 8, 2, 9, 2, _("Salary grade or position"), head);
	worksheet_merge_range(ws, 8, COL_DAY0, 8, COL_DAY0 + NDAYS - 1, _("Days of the month"), head);
	worksheet_merge_range(ws, 8, COL_32, 8, COL_32 + 2, _("Converted to workdays"), head);
	for (int d = 1; d <= NDAYS; d++) {
		if (d <= s->days_in_month)
			worksheet_write_number(ws, 9, (lxw_col_t)(COL_DAY0 + d - 1), d, head);
		else
			worksheet_write_blank(ws, 9, (lxw_col_t)(COL_DAY0 + d - 1), head);
	}
	for (int k = 0; k < 3; k++)
		worksheet_write_string(ws, 9, (lxw_col_t)(COL_32 + k), _(pay_titles[k]), head);
	static const char *const codes[] = { "A", "B", "C" };
	for (int k = 0; k < NCOLS; k++) {
		if (k < 3)
			snprintf(buf, sizeof buf, "%s", codes[k]);
		else
			snprintf(buf, sizeof buf, "%d", k - 2);
		worksheet_write_string(ws, 10, (lxw_col_t)k, buf, head);
	}

	/* One row per person. */
	PGresult *r = s->rows;
	lxw_row_t row = 11;
	for (int i = 0; i < PQntuples(r); i++, row++) {
		worksheet_write_number(ws, row, 0, i + 1, cell);
		worksheet_write_string(ws, row, 1, PQgetvalue(r, i, 2), name);
		worksheet_write_string(ws, row, 2, PQgetvalue(r, i, 3), name);
		int d = 0;
		for (; d < s->days_in_month; d++) {
			const char *sym = PQgetvalue(r, i, 8 + d);
			if (*sym)
				worksheet_write_string(ws, row, (lxw_col_t)(COL_DAY0 + d), sym, cell);
			else
				worksheet_write_blank(ws, row, (lxw_col_t)(COL_DAY0 + d), cell);
		}
		for (; d < NDAYS; d++)
			worksheet_write_blank(ws, row, (lxw_col_t)(COL_DAY0 + d), cell);
		for (int k = 0; k < 3; k++)
			worksheet_write_number(ws, row, (lxw_col_t)(COL_32 + k), atof(PQgetvalue(r, i, 5 + k)), cell);
	}
	/* The Cộng row. */
	worksheet_write_blank(ws, row, 0, cell);
	worksheet_write_string(ws, row, 1, _("Total"), head);
	for (int k = 2; k < COL_32; k++)
		worksheet_write_blank(ws, row, (lxw_col_t)k, cell);
	for (int k = 0; k < 3; k++)
		worksheet_write_number(ws, row, (lxw_col_t)(COL_32 + k), s->sum[k], head);

	/* A locked month is printed as locked; changes that came after the lock are listed under
	 * the table so the signer sees them (they apply when the month is unlocked). */
	for (int i = 0; i < PQntuples(s->adjust); i++) {
		char d[16], line[512];
		if (i == 0)
			worksheet_write_string(ws, ++row, 1, _("Changes after the month was locked (not applied):"), italic);
		snprintf(line, sizeof line, "%s, %s: %s -> %s", PQgetvalue(s->adjust, i, 0),
		         hr_date(d, sizeof d, PQgetvalue(s->adjust, i, 1)), PQgetvalue(s->adjust, i, 2),
		         PQgetvalue(s->adjust, i, 3));
		worksheet_write_string(ws, ++row, 1, line, plain);
	}

	/* Signatures: Người chấm công, Phụ trách bộ phận, Thủ trưởng đơn vị. */
	row += 2;
	worksheet_merge_range(ws, row, COL_DAY0 + 22, row, NCOLS - 1, _("Date ..... month ..... year ......."),
	                      italic);
	row++;
	static const char *const signers[3] = { N_("Timekeeper"), N_("Head of department"), N_("Head of agency") };
	const int at[3][2] = { { 0, 2 }, { COL_DAY0 + 9, COL_DAY0 + 19 }, { COL_DAY0 + 22, NCOLS - 1 } };
	for (int k = 0; k < 3; k++) {
		worksheet_merge_range(ws, row, (lxw_col_t)at[k][0], row, (lxw_col_t)at[k][1], _(signers[k]), boldc);
		worksheet_merge_range(ws, row + 1, (lxw_col_t)at[k][0], row + 1, (lxw_col_t)at[k][1],
		                      _("(Signature, full name)"), italic);
	}
	row += 6;
	write_legend(ws, row, s->legend, bold, plain);

	lxw_error err = workbook_close(wb);
	if (err != LXW_NO_ERROR || rename(tmp, path) != 0) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path,
		        err != LXW_NO_ERROR ? lxw_strerror(err) : strerror(errno));
		unlink(tmp);
		return 1;
	}
	return 0;
}

static void csv_cell(FILE *f, const char *s, bool first)
{
	hr_csv_field(f, s, first, HR_CELL_TEXT);
}

static void csv_number(FILE *f, double v)
{
	char buf[64];
	hr_csv_field(f, hr_csv_num(buf, sizeof buf, v, 2), false, HR_CELL_NUMBER);
}

/* The same table as CSV: headings, one row per person, the Cộng row. */
static int write_csv(const struct doc_timesheet *s, const char *path)
{
	char tmp[4096], buf[64];
	FILE *f = hr_out_open(path, tmp, sizeof tmp);
	if (!f)
		return 1;
	hr_csv_bom(f);
	csv_cell(f, _("No."), true);
	csv_cell(f, _("Full name"), false);
	csv_cell(f, _("Salary grade or position"), false);
	for (int d = 1; d <= NDAYS; d++) {
		snprintf(buf, sizeof buf, "%d", d);
		csv_cell(f, buf, false);
	}
	for (int k = 0; k < 3; k++)
		csv_cell(f, _(pay_titles[k]), false);
	hr_csv_end(f);
	PGresult *r = s->rows;
	for (int i = 0; i < PQntuples(r); i++) {
		snprintf(buf, sizeof buf, "%d", i + 1);
		hr_csv_field(f, buf, true, HR_CELL_NUMBER);
		csv_cell(f, PQgetvalue(r, i, 2), false);
		csv_cell(f, PQgetvalue(r, i, 3), false);
		for (int d = 0; d < NDAYS; d++)   /* "+" is the worked mark, not the start of a formula */
			hr_csv_field(f, PQgetvalue(r, i, 8 + d), false, HR_CELL_SYMBOL);
		for (int k = 0; k < 3; k++)
			csv_number(f, atof(PQgetvalue(r, i, 5 + k)));
		hr_csv_end(f);
	}
	csv_cell(f, "", true);
	csv_cell(f, _("Total"), false);
	for (int d = 0; d <= NDAYS; d++)
		csv_cell(f, "", false);
	for (int k = 0; k < 3; k++)
		csv_number(f, s->sum[k]);
	hr_csv_end(f);
	for (int i = 0; i < PQntuples(s->adjust); i++) {
		char d[16], line[512];
		snprintf(line, sizeof line, "%s, %s: %s -> %s", PQgetvalue(s->adjust, i, 0),
		         hr_date(d, sizeof d, PQgetvalue(s->adjust, i, 1)), PQgetvalue(s->adjust, i, 2),
		         PQgetvalue(s->adjust, i, 3));
		csv_cell(f, "", true);
		csv_cell(f, i == 0 ? _("Changes after the month was locked (not applied):") : "", false);
		csv_cell(f, line, false);
		hr_csv_end(f);
	}
	return hr_out_close(f, path, tmp, !ferror(f));
}

/* The same rows for programs (and tests): the cells of the month's days, columns 32-34 as
 * numbers, the Cộng row. */
static int write_json(const struct doc_timesheet *s, const char *path)
{
	char tmp[4096], month[16];
	FILE *f = hr_out_open(path, tmp, sizeof tmp);
	if (!f)
		return 1;
	static const char *const keys[3] = { "time_days", "unpaid_days", "social_insurance_days" };
	json_object *o = json_object_new_object(), *people = json_object_new_array(),
	            *total = json_object_new_object();
	snprintf(month, sizeof month, "%04d-%02d", s->year, s->month);
	json_object_object_add(o, "agency", json_object_new_string(s->agency_name));
	json_object_object_add(o, "unit", json_object_new_string(s->unit_name));
	json_object_object_add(o, "month", json_object_new_string(month));
	json_object_object_add(o, "days_in_month", json_object_new_int(s->days_in_month));
	PGresult *r = s->rows;
	for (int i = 0; i < PQntuples(r); i++) {
		json_object *p = json_object_new_object(), *cells = json_object_new_array();
		json_object_object_add(p, "person", json_object_new_string(PQgetvalue(r, i, 1)));
		json_object_object_add(p, "full_name", json_object_new_string(PQgetvalue(r, i, DOC_TIMESHEET_NAME)));
		json_object_object_add(p, "position", json_object_new_string(PQgetvalue(r, i, DOC_TIMESHEET_POSITION)));
		for (int d = 0; d < s->days_in_month; d++)
			json_object_array_add(cells, json_object_new_string(PQgetvalue(r, i, DOC_TIMESHEET_DAY1 + d)));
		json_object_object_add(p, "cells", cells);
		for (int k = 0; k < 3; k++)
			json_object_object_add(p, keys[k], json_object_new_double(atof(PQgetvalue(r, i, DOC_TIMESHEET_PAY + k))));
		json_object_array_add(people, p);
	}
	for (int k = 0; k < 3; k++)
		json_object_object_add(total, keys[k], json_object_new_double(s->sum[k]));
	json_object_object_add(o, "people", people);
	json_object_object_add(o, "total", total);
	fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return hr_out_close(f, path, tmp, !ferror(f));
}

void doc_timesheet_form(struct doc_timesheet *t, PGresult *head, PGresult *rows, PGresult *legend,
                        PGresult *adjust, const char *first)
{
	*t = (struct doc_timesheet){
		.agency_name = PQgetvalue(head, 0, 0), .qhns = PQgetvalue(head, 0, 1),
		.unit_name = PQgetvalue(head, 0, 2), .days_in_month = atoi(PQgetvalue(head, 0, 3)),
		.head = head, .rows = rows, .legend = legend, .adjust = adjust,
	};
	sscanf(first, "%4d-%2d", &t->year, &t->month);
	for (int i = 0; i < PQntuples(rows); i++)
		for (int k = 0; k < 3; k++)
			t->sum[k] += atof(PQgetvalue(rows, i, DOC_TIMESHEET_PAY + k));
}

void doc_timesheet_free(struct doc_timesheet *t)
{
	PQclear(t->head);
	PQclear(t->rows);
	PQclear(t->legend);
	PQclear(t->adjust);
	*t = (struct doc_timesheet){ 0 };
}

const char *doc_timesheet_pay_title(int k)
{
	return _(pay_titles[k]);
}

const char *doc_timesheet_legend_lang(void)
{
	return hr_vi() ? "true" : "false";
}

bool doc_timesheet_format_ok(const char *format)
{
	return !strcmp(format, "xlsx") || !strcmp(format, "csv") || !strcmp(format, "pdf") ||
	       !strcmp(format, "json");
}

int doc_timesheet_write(const struct doc_timesheet *t, const char *format, const char *path)
{
	if (!strcmp(format, "xlsx"))
		return write_xlsx(t, path);
	if (!strcmp(format, "pdf"))
		return pdf_timesheet(&(struct pdf_timesheet){ t->agency_name, t->qhns, t->unit_name, t->year,
		                     t->month, t->days_in_month, t->rows, t->legend, t->adjust, t->sum }, path);
	if (!strcmp(format, "json"))
		return write_json(t, path);
	return write_csv(t, path);
}
