/* Cells of the files made for people: how a CSV is laid out for the spreadsheet that opens it
 * (Excel reads a CSV with the region's list separator and decimal mark: ';' and ',' in
 * Vietnam), numbers as plain numbers, and text a user typed kept as text (OWASP's advice on
 * CSV injection: a cell starting with = + - @ TAB or CR would be read as a formula). */
#include <csv.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"

static enum hr_csv_style style = HR_CSV_AUTO;

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
	snprintf(buf, n, "%.*f", decimals, v);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*dot = '\0';
		else
			*dot = excel_vi() ? ',' : '.';
	}
	if (!strcmp(buf, "-0"))
		snprintf(buf, n, "0");
	return buf;
}

const char *hr_csv_pct(char *buf, size_t n, double rate)
{
	char num[64];
	snprintf(buf, n, "%s%%", hr_csv_num(num, sizeof num, rate * 100.0, 1));
	return buf;
}

bool hr_cell_looks_like_formula(const char *s)
{
	return s && *s && strchr("=+-@\t\r", *s);
}

void hr_csv_bom(FILE *f)
{
	/* Excel opens a UTF-8 CSV as UTF-8 only with a byte order mark. */
	fputs("\xEF\xBB\xBF", f);
}

/* Only letters (ASCII or not), '+' and '/': the worked mark and its halves, "+/K". */
static bool plain_symbol(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '+' || *s == '/' ||
		      (unsigned char)*s >= 0x80))
			return false;
	return true;
}

void hr_csv_field(FILE *f, const char *s, bool first, enum hr_cell kind)
{
	if (!first)
		fputc(hr_csv_separator(), f);
	if (!s)
		s = "";
	if (kind == HR_CELL_SYMBOL && !plain_symbol(s))
		kind = HR_CELL_TEXT;
	if (kind == HR_CELL_TEXT && hr_cell_looks_like_formula(s)) {
		size_t len = strlen(s);
		char *q = malloc(len + 2);
		if (q) {
			q[0] = '\'';
			memcpy(q + 1, s, len + 1);
			csv_fwrite(f, q, len + 1);
			free(q);
			return;
		}
	}
	csv_fwrite(f, s, strlen(s));
}

void hr_csv_end(FILE *f)
{
	fputs("\r\n", f);
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
