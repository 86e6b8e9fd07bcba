/* Report writers: one report (sections of rows from the database) as a terminal table, CSV
 * (ctl/hr_cells.c: the region's separator, plain numbers, text kept text), JSON (json-c) or
 * XLSX (libxlsxwriter, ctl/doc_xlsx.c's layout).  Text for people is translated, identifiers
 * are shown by their labels; JSON keeps English keys, identifiers, ISO dates, plain numbers. */
#include <errno.h>
#include <json-c/json.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "doc/doc_xlsx.h"
#include "doc/doc.h"
#include "doc/labels.h"
#include "doc/pdf.h"

bool hr_parse_format(const char *s, enum hr_format *ret)
{
	static const char *const names[] = { "table", "csv", "json", "xlsx", "pdf" };
	for (int i = 0; i < 5; i++)
		if (!strcmp(s, names[i])) {
			*ret = (enum hr_format)i;
			return true;
		}
	fprintf(stderr, _("attendctl: --format '%s': choose table, csv, json, xlsx or pdf\n"), s);
	return false;
}

FILE *hr_out_open(const char *path, char *tmp, size_t tmplen)
{
	if (!path)
		return stdout;
	snprintf(tmp, tmplen, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "we");
	if (!f)
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path, strerror(errno));
	return f;
}

int hr_out_close(FILE *f, const char *path, const char *tmp, bool ok)
{
	if (f == stdout)
		return fflush(stdout) == 0 && ok ? 0 : 1;
	if (fclose(f) != 0 && ok) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path, strerror(errno));
		ok = false;
	}
	if (ok && rename(tmp, path) != 0) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(tmp);
	return ok ? 0 : 1;
}

/* A value as SQL gives it, shown as people read it; `csv`: numbers plain (no grouping) with
 * the CSV style's decimal mark, so a spreadsheet reads them as numbers. */
static const char *shown(char *buf, size_t n, const struct hr_col *col, PGresult *r, int row, int i,
                         bool csv)
{
	if (PQgetisnull(r, row, i))
		return col->type == HR_RATE ? "-" : "";
	const char *v = PQgetvalue(r, row, i);
	switch (col->type) {
	case HR_NUM: return csv ? hr_csv_num(buf, n, atof(v), 2) : hr_num(buf, n, atof(v), 2);
	case HR_RATE: return csv ? hr_csv_pct(buf, n, atof(v)) : hr_pct(buf, n, atof(v));
	case HR_DATE: return hr_date(buf, n, v);
	case HR_DATETIME: {
		char d[16];
		snprintf(d, sizeof d, "%.10s", v);
		snprintf(buf, n, "%s%s", hr_date(d, sizeof d, d), strlen(v) > 10 ? v + 10 : "");
		return buf;
	}
	case HR_SYMBOLS: return hr_symbols_text(buf, n, v);
	case HR_BOOL: return label_yes_no(*v == 't');
	case HR_BAND: return label_of(LABEL_BAND, v);
	case HR_STAFF_KIND: return label_of(LABEL_STAFF_KIND, v);
	case HR_ALERT: return label_of(LABEL_ALERT, v);
	case HR_FACT: return label_of(LABEL_FACT, v);
	case HR_CAUSE: return label_of(LABEL_CAUSE, v);
	case HR_CHARGE: return label_of(LABEL_CHARGE, v);
	case HR_WHY: return label_of(LABEL_WHY, v);
	case HR_INT:
	case HR_TEXT: break;
	}
	return v;
}

const char *hr_cell_text(char *buf, size_t n, const struct hr_col *col, void *res, int row, int i)
{
	return shown(buf, n, col, res, row, i, false);
}

static const char *cell_text(char *buf, size_t n, const struct hr_col *col, PGresult *r, int row, int i)
{
	return hr_cell_text(buf, n, col, r, row, i);
}

bool hr_type_is_number(enum hr_type t)
{
	return t == HR_INT || t == HR_NUM || t == HR_RATE;
}

static bool is_number(enum hr_type t)
{
	return hr_type_is_number(t);
}

static bool write_table(FILE *f, const struct hr_report *rep)
{
	fprintf(f, "%s\n%s\n", rep->title, rep->subtitle);
	for (int s = 0; s < rep->nsections; s++) {
		const struct hr_section *sec = &rep->sections[s];
		PGresult *r = sec->res;
		size_t w[64] = { 0 };
		char buf[512];
		for (int i = 0; i < sec->ncols && i < 64; i++) {
			w[i] = hr_width(_(sec->cols[i].title));
			for (int row = 0; row < PQntuples(r); row++) {
				size_t cw = hr_width(cell_text(buf, sizeof buf, &sec->cols[i], r, row, i));
				if (cw > w[i])
					w[i] = cw;
			}
		}
		fprintf(f, "\n%s\n", _(sec->title));
		for (int row = -1; row < PQntuples(r); row++) {
			for (int i = 0; i < sec->ncols && i < 64; i++) {
				const char *t = row < 0 ? _(sec->cols[i].title)
				                        : cell_text(buf, sizeof buf, &sec->cols[i], r, row, i);
				size_t pad = w[i] - hr_width(t);
				bool right = row >= 0 && is_number(sec->cols[i].type);
				fprintf(f, "%s%*s%s%*s", i ? "  " : "", right ? (int)pad : 0, "", t,
				        right || i == sec->ncols - 1 ? 0 : (int)pad, "");
			}
			fputc('\n', f);
		}
		if (PQntuples(r) == 0)
			fprintf(f, "%s\n", _("(no rows)"));
	}
	return !ferror(f);
}

static bool write_csv(FILE *f, const struct hr_report *rep)
{
	hr_csv_bom(f);
	for (int s = 0; s < rep->nsections; s++) {
		const struct hr_section *sec = &rep->sections[s];
		PGresult *r = sec->res;
		char buf[512];
		if (s)
			hr_csv_end(f);
		hr_csv_field(f, _("Section"), true, HR_CELL_TEXT);
		for (int i = 0; i < sec->ncols; i++)
			hr_csv_field(f, _(sec->cols[i].title), false, HR_CELL_TEXT);
		hr_csv_end(f);
		for (int row = 0; row < PQntuples(r); row++) {
			hr_csv_field(f, _(sec->title), true, HR_CELL_TEXT);
			for (int i = 0; i < sec->ncols; i++)
				hr_csv_field(f, shown(buf, sizeof buf, &sec->cols[i], r, row, i, true), false,
				             is_number(sec->cols[i].type) && !PQgetisnull(r, row, i) ? HR_CELL_NUMBER
				                                                                   : HR_CELL_TEXT);
			hr_csv_end(f);
		}
	}
	return !ferror(f);
}

static struct json_object *json_cell(const struct hr_col *col, PGresult *r, int row, int i)
{
	if (PQgetisnull(r, row, i))
		return NULL;
	const char *v = PQgetvalue(r, row, i);
	switch (col->type) {
	case HR_INT: return json_object_new_int64(atoll(v));
	case HR_NUM:
	case HR_RATE: return json_object_new_double_s(atof(v), v);
	case HR_SYMBOLS: return json_tokener_parse(v);
	case HR_BOOL: return json_object_new_boolean(*v == 't');
	default: break;   /* text, dates and identifiers as they are */
	}
	return json_object_new_string(v);
}

static bool write_json(FILE *f, const struct hr_report *rep)
{
	struct json_object *root = rep->meta_json ? json_tokener_parse(rep->meta_json) : NULL;
	if (!root)
		root = json_object_new_object();
	for (int s = 0; s < rep->nsections; s++) {
		const struct hr_section *sec = &rep->sections[s];
		PGresult *r = sec->res;
		struct json_object *arr = json_object_new_array();
		for (int row = 0; row < PQntuples(r); row++) {
			struct json_object *o = json_object_new_object();
			for (int i = 0; i < sec->ncols; i++)
				json_object_object_add(o, sec->cols[i].key, json_cell(&sec->cols[i], r, row, i));
			json_object_array_add(arr, o);
		}
		json_object_object_add(root, sec->key, arr);
	}
	fprintf(f, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
	                                                   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	return !ferror(f);
}

static int write_xlsx(const struct hr_report *rep, const char *const *signers, int nsigners,
                      const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld.xlsx", path, (long)getpid());
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path, strerror(errno));
		return 1;
	}
	struct doc_xlsx_formats fm;
	doc_xlsx_formats(wb, &fm);
	for (int s = 0; s < rep->nsections; s++) {
		const struct hr_section *sec = &rep->sections[s];
		PGresult *r = sec->res;
		lxw_worksheet *ws = doc_xlsx_sheet(wb, _(sec->title));
		/* title, subtitle (agency, unit, period), a blank row, the headings */
		const char *lines[] = { rep->subtitle };
		lxw_row_t head = doc_xlsx_title(ws, &fm, rep->title, lines, 1) + 1;
		doc_xlsx_page(ws, head);
		char buf[512];
		int head_lines = 1;
		int *row_lines = calloc((size_t)PQntuples(r) + 1, sizeof *row_lines);
		for (int i = 0; i < sec->ncols; i++) {
			const struct hr_col *col = &sec->cols[i];
			size_t longest = 0;
			for (int row = 0; row < PQntuples(r); row++) {
				size_t w = hr_width(cell_text(buf, sizeof buf, col, r, row, i));
				if (w > longest)
					longest = w;
			}
			double width = doc_xlsx_width(longest, _(col->title));
			worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width, NULL);
			int hl = doc_xlsx_lines(_(col->title), width);
			if (hl > head_lines)
				head_lines = hl;
			worksheet_write_string(ws, head, (lxw_col_t)i, _(col->title), fm.head);
			for (int row = 0; row < PQntuples(r); row++) {
				lxw_row_t xr = head + 1 + (lxw_row_t)row;
				const char *v = PQgetvalue(r, row, i);
				if (PQgetisnull(r, row, i))
					worksheet_write_blank(ws, xr, (lxw_col_t)i, fm.text);
				else if (col->type == HR_INT)
					worksheet_write_number(ws, xr, (lxw_col_t)i, atof(v), fm.integer);
				else if (col->type == HR_NUM)
					worksheet_write_number(ws, xr, (lxw_col_t)i, atof(v), fm.number);
				else if (col->type == HR_RATE)
					worksheet_write_number(ws, xr, (lxw_col_t)i, atof(v), fm.percent);
				else {   /* text, as a string: never a formula, whatever it starts with */
					const char *t = cell_text(buf, sizeof buf, col, r, row, i);
					worksheet_write_string(ws, xr, (lxw_col_t)i, t, longest > DOC_XLSX_WRAP_AT ? fm.wrap : fm.text);
					int l = longest > DOC_XLSX_WRAP_AT ? doc_xlsx_lines(t, width) : 1;
					if (row_lines && l > row_lines[row])
						row_lines[row] = l;
				}
			}
		}
		worksheet_set_row(ws, head, DOC_XLSX_LINE * head_lines + 3, NULL);
		for (int row = 0; row_lines && row < PQntuples(r); row++)
			if (row_lines[row] > 1)
				worksheet_set_row(ws, head + 1 + (lxw_row_t)row, DOC_XLSX_LINE * row_lines[row] + 2, NULL);
		free(row_lines);
		if (nsigners > 0)
			doc_xlsx_signatures(ws, &fm, head + 1 + (lxw_row_t)PQntuples(r), sec->ncols, signers, nsigners);
	}
	lxw_error err = workbook_close(wb);
	if (err != LXW_NO_ERROR || rename(tmp, path) != 0) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path,
		        err != LXW_NO_ERROR ? lxw_strerror(err) : strerror(errno));
		unlink(tmp);
		return 1;
	}
	return 0;
}

int hr_write_signed_report(const struct hr_report *rep, const char *const *signers, int nsigners,
                           enum hr_format fmt, const char *output)
{
	if (fmt == HR_FMT_PDF)
		return pdf_write_report(rep, signers, nsigners, output);
	if (fmt == HR_FMT_XLSX) {
		if (!output) {
			fprintf(stderr, _("attendctl: --format xlsx needs --output FILE\n"));
			return 2;
		}
		return write_xlsx(rep, signers, nsigners, output);
	}
	char tmp[4096];
	FILE *f = hr_out_open(output, tmp, sizeof tmp);
	if (!f)
		return 1;
	bool ok = fmt == HR_FMT_CSV ? write_csv(f, rep) : fmt == HR_FMT_JSON ? write_json(f, rep)
	                                                                        : write_table(f, rep);
	return hr_out_close(f, output, tmp, ok);
}

int hr_write_report(const struct hr_report *rep, enum hr_format fmt, const char *output)
{
	return hr_write_signed_report(rep, NULL, 0, fmt, output);
}
