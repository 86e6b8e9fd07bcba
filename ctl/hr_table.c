/* Report writers: one report (sections of rows from the database) as a terminal table, CSV
 * (quoted by libcsv), JSON (json-c) or XLSX (libxlsxwriter).  Text for people is translated
 * and formatted for the language; JSON keeps English keys, ISO dates and plain numbers. */
#include <csv.h>
#include <errno.h>
#include <json-c/json.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "ctl/hr.h"
#include "ctl/pdf.h"

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

/* {"P": 2, "Ô": 0.5} -> "P 2, Ô 0,5" */
static void symbols_text(char *buf, size_t n, const char *json)
{
	buf[0] = '\0';
	struct json_object *o = json_tokener_parse(json);
	if (!o)
		return;
	size_t len = 0;
	json_object_object_foreach(o, key, val) {
		char num[32];
		hr_num(num, sizeof num, json_object_get_double(val), 2);
		int w = snprintf(buf + len, n - len, "%s%s %s", len ? ", " : "", key, num);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	json_object_put(o);
}

/* The text a person reads for one cell. */
static const char *cell_text(char *buf, size_t n, const struct hr_col *col, PGresult *r, int row, int i)
{
	if (PQgetisnull(r, row, i))
		return col->type == HR_RATE ? "-" : "";
	const char *v = PQgetvalue(r, row, i);
	switch (col->type) {
	case HR_NUM: return hr_num(buf, n, atof(v), 2);
	case HR_RATE: return hr_pct(buf, n, atof(v));
	case HR_DATE: return hr_date(buf, n, v);
	case HR_SYMBOLS: symbols_text(buf, n, v); return buf;
	case HR_INT:
	case HR_TEXT: break;
	}
	return v;
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
				bool right = row >= 0 && sec->cols[i].type != HR_TEXT && sec->cols[i].type != HR_SYMBOLS;
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

static void csv_field(FILE *f, const char *s, bool first)
{
	if (!first)
		fputc(',', f);
	csv_fwrite(f, s, strlen(s));
}

static bool write_csv(FILE *f, const struct hr_report *rep)
{
	/* Excel opens UTF-8 CSV correctly only with a BOM. */
	fputs("\xEF\xBB\xBF", f);
	for (int s = 0; s < rep->nsections; s++) {
		const struct hr_section *sec = &rep->sections[s];
		PGresult *r = sec->res;
		char buf[512];
		if (s)
			fputs("\r\n", f);
		csv_field(f, _("Section"), true);
		for (int i = 0; i < sec->ncols; i++)
			csv_field(f, _(sec->cols[i].title), false);
		fputs("\r\n", f);
		for (int row = 0; row < PQntuples(r); row++) {
			csv_field(f, _(sec->title), true);
			for (int i = 0; i < sec->ncols; i++)
				csv_field(f, cell_text(buf, sizeof buf, &sec->cols[i], r, row, i), false);
			fputs("\r\n", f);
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
	case HR_TEXT:
	case HR_DATE: break;
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

static int write_xlsx(const struct hr_report *rep, const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld.xlsx", path, (long)getpid());
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path, strerror(errno));
		return 1;
	}
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	lxw_format *text = workbook_add_format(wb);
	format_set_border(text, LXW_BORDER_THIN);
	lxw_format *num = workbook_add_format(wb);
	format_set_border(num, LXW_BORDER_THIN);
	format_set_num_format(num, "0.##");
	lxw_format *pct = workbook_add_format(wb);
	format_set_border(pct, LXW_BORDER_THIN);
	format_set_num_format(pct, "0.0%");
	for (int s = 0; s < rep->nsections; s++) {
		const struct hr_section *sec = &rep->sections[s];
		PGresult *r = sec->res;
		lxw_worksheet *ws = workbook_add_worksheet(wb, _(sec->title));
		worksheet_set_landscape(ws);
		worksheet_set_paper(ws, 9);   /* A4 */
		worksheet_fit_to_pages(ws, 1, 0);
		worksheet_write_string(ws, 0, 0, rep->title, bold);
		worksheet_write_string(ws, 1, 0, rep->subtitle, NULL);
		for (int i = 0; i < sec->ncols; i++) {
			worksheet_write_string(ws, 3, (lxw_col_t)i, _(sec->cols[i].title), head);
			worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i,
			                     sec->cols[i].type == HR_TEXT || sec->cols[i].type == HR_SYMBOLS ? 22 : 11, NULL);
		}
		worksheet_repeat_rows(ws, 3, 3);
		char buf[512];
		for (int row = 0; row < PQntuples(r); row++) {
			lxw_row_t xr = (lxw_row_t)(4 + row);
			for (int i = 0; i < sec->ncols; i++) {
				const struct hr_col *col = &sec->cols[i];
				if (PQgetisnull(r, row, i)) {
					worksheet_write_blank(ws, xr, (lxw_col_t)i, text);
					continue;
				}
				const char *v = PQgetvalue(r, row, i);
				switch (col->type) {
				case HR_INT:
				case HR_NUM:
					worksheet_write_number(ws, xr, (lxw_col_t)i, atof(v), num);
					break;
				case HR_RATE:
					worksheet_write_number(ws, xr, (lxw_col_t)i, atof(v), pct);
					break;
				default:
					worksheet_write_string(ws, xr, (lxw_col_t)i,
					                       cell_text(buf, sizeof buf, col, r, row, i), text);
				}
			}
		}
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

int hr_write_report(const struct hr_report *rep, enum hr_format fmt, const char *output)
{
	if (fmt == HR_FMT_PDF)
		return pdf_write_report(rep, output);
	if (fmt == HR_FMT_XLSX) {
		if (!output) {
			fprintf(stderr, _("attendctl: --format xlsx needs --output FILE\n"));
			return 2;
		}
		return write_xlsx(rep, output);
	}
	char tmp[4096];
	FILE *f = hr_out_open(output, tmp, sizeof tmp);
	if (!f)
		return 1;
	bool ok = fmt == HR_FMT_CSV ? write_csv(f, rep) : fmt == HR_FMT_JSON ? write_json(f, rep)
	                                                                        : write_table(f, rep);
	return hr_out_close(f, output, tmp, ok);
}
