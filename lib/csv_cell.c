/* CSV cells for people's spreadsheets (lib/csv_cell.h). */
#include "lib/csv_cell.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

const char *csv_cell_num(char *buf, size_t n, double v, int decimals, char mark)
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
			*dot = mark;
	}
	if (!strcmp(buf, "-0"))
		snprintf(buf, n, "0");
	return buf;
}

bool csv_cell_looks_like_formula(const char *s)
{
	return s && *s && strchr("=+-@\t\r", *s);
}

void csv_cell_bom(FILE *f)
{
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

void csv_cell_field(FILE *f, const char *s, bool first, char sep, enum csv_cell kind)
{
	if (!first)
		fputc(sep, f);
	if (!s)
		s = "";
	if (kind == CSV_CELL_SYMBOL && !plain_symbol(s))
		kind = CSV_CELL_TEXT;
	if (kind == CSV_CELL_TEXT && csv_cell_looks_like_formula(s)) {
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

void csv_cell_end(FILE *f)
{
	fputs("\r\n", f);
}
