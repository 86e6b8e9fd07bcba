/* Cells of the files made for people: how a CSV is laid out for the spreadsheet that opens it
 * (Excel reads a CSV with the region's list separator and decimal mark: ';' and ',' in
 * Vietnam), numbers as plain numbers, and text a user typed kept as text: the cells
 * themselves are lib/csv_cell.c's, shared with attend-web; the style follows the session. */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "lib/csv_cell.h"

/* The calling thread's, as the language (doc/hr_i18n.c). */
static _Thread_local enum hr_csv_style style = HR_CSV_AUTO;

bool hr_csv_style_set(const char *name)
{
	if (!name)
		style = HR_CSV_AUTO;
	else if (!strcmp(name, "excel-vi"))
		style = HR_CSV_EXCEL_VI;
	else if (!strcmp(name, "excel-en"))
		style = HR_CSV_EXCEL_EN;
	else {
		fprintf(stderr, _("attendctl: --csv-style '%s': choose excel-vi (';' and decimal ',') or excel-en"
		                  " (',' and decimal '.')\n"), name);
		return false;
	}
	return true;
}

static bool excel_vi(void)
{
	return style == HR_CSV_EXCEL_VI || (style == HR_CSV_AUTO && hr_vi());
}

char hr_csv_separator(void)
{
	return excel_vi() ? ';' : ',';
}

const char *hr_csv_num(char *buf, size_t n, double v, int decimals)
{
	return csv_cell_num(buf, n, v, decimals, excel_vi() ? ',' : '.');
}

const char *hr_csv_pct(char *buf, size_t n, double rate)
{
	char num[64];
	snprintf(buf, n, "%s%%", hr_csv_num(num, sizeof num, rate * 100.0, 1));
	return buf;
}

bool hr_cell_looks_like_formula(const char *s)
{
	return csv_cell_looks_like_formula(s);
}

void hr_csv_bom(FILE *f)
{
	csv_cell_bom(f);
}

void hr_csv_field(FILE *f, const char *s, bool first, enum hr_cell kind)
{
	csv_cell_field(f, s, first, hr_csv_separator(),
	               kind == HR_CELL_NUMBER ? CSV_CELL_NUMBER : kind == HR_CELL_SYMBOL ? CSV_CELL_SYMBOL : CSV_CELL_TEXT);
}

void hr_csv_end(FILE *f)
{
	csv_cell_end(f);
}

/* {"P": 2, "Ô": 0.5} -> "P 2, Ô 0,5" */
const char *hr_symbols_text(char *buf, size_t n, const char *json)
{
	buf[0] = '\0';
	struct json_object *o = json ? json_tokener_parse(json) : NULL;
	if (!o)
		return buf;
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
	return buf;
}
