/* CSV input through libcsv (strict mode: a stray quote is an error, not a guess).  The data
 * is fed one line at a time so each record knows the line it ends on. */
#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "ctl/hr.h"
#include "ctl/hr_csv.h"

struct state {
	struct hr_csv *csv;
	struct hr_csv_row cur;
	long line;
	bool nomem;
};

static void on_field(void *s, size_t len, void *data)
{
	struct state *st = data;
	const char *b = s ? s : "";
	while (len && (b[0] == ' ' || b[0] == '\t'))
		b++, len--;
	while (len && (b[len - 1] == ' ' || b[len - 1] == '\t'))
		len--;
	char **f = realloc(st->cur.fields, (st->cur.nfields + 1) * sizeof *f);
	char *copy = malloc(len + 1);
	if (!f || !copy) {
		free(copy);
		if (f)
			st->cur.fields = f;
		st->nomem = true;
		return;
	}
	memcpy(copy, b, len);
	copy[len] = '\0';
	st->cur.fields = f;
	st->cur.fields[st->cur.nfields++] = copy;
}

static void free_row(struct hr_csv_row *r)
{
	for (size_t i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	free(r->fields);
	r->fields = NULL;
	r->nfields = 0;
}

static void on_record(int c, void *data)
{
	(void)c;
	struct state *st = data;
	/* A line with nothing but separators is a blank row Excel left behind. */
	bool blank = true;
	for (size_t i = 0; i < st->cur.nfields; i++)
		blank = blank && !st->cur.fields[i][0];
	if (blank) {
		free_row(&st->cur);
		return;
	}
	struct hr_csv_row *rows = realloc(st->csv->rows, (st->csv->nrows + 1) * sizeof *rows);
	if (!rows) {
		free_row(&st->cur);
		st->nomem = true;
		return;
	}
	st->cur.line = st->line;
	st->csv->rows = rows;
	st->csv->rows[st->csv->nrows++] = st->cur;
	st->cur = (struct hr_csv_row){ 0 };
}

void hr_csv_free(struct hr_csv *csv)
{
	for (size_t i = 0; i < csv->nrows; i++)
		free_row(&csv->rows[i]);
	free(csv->rows);
	csv->rows = NULL;
	csv->nrows = 0;
}

int hr_csv_parse(const char *name, const char *data, size_t len, struct hr_csv *ret, char *err,
                 size_t errlen)
{
	*ret = (struct hr_csv){ 0 };
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		data += 3, len -= 3;
	/* Excel writes ';' where the list separator is ';': decide from the header line. */
	size_t commas = 0, semis = 0;
	for (size_t i = 0; i < len && data[i] != '\n'; i++)
		commas += data[i] == ',', semis += data[i] == ';';
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	csv_set_delim(&p, semis > commas ? ';' : ',');
	struct state st = { .csv = ret, .line = 0 };
	size_t pos = 0;
	int rc = 0;
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
		st.line++;
		if (csv_parse(&p, data + pos, n, on_field, on_record, &st) != n) {
			snprintf(err, errlen, "%s:%ld: %s", name, st.line,
			         csv_error(&p) == CSV_EPARSE ? _("malformed CSV (a quote inside an unquoted field, "
			                                       "or text after a closing quote)")
			                                     : csv_strerror(csv_error(&p)));
			rc = -1;
			break;
		}
		pos += n;
	}
	if (rc == 0 && csv_fini(&p, on_field, on_record, &st) != 0) {
		snprintf(err, errlen, _("%s:%ld: malformed CSV (a quoted field is not closed)"), name, st.line);
		rc = -1;
	}
	if (rc == 0 && st.nomem) {
		snprintf(err, errlen, "%s: out of memory", name);
		rc = -1;
	}
	csv_free(&p);
	free_row(&st.cur);
	if (rc == 0 && ret->nrows == 0) {
		snprintf(err, errlen, _("%s: the file is empty (a header line is needed)"), name);
		rc = -1;
	}
	if (rc != 0)
		hr_csv_free(ret);
	return rc;
}

int hr_csv_read(const char *path, struct hr_csv *ret, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char chunk[65536];
	size_t n;
	while (m && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, n, m);
	bool bad = ferror(f) || !m;
	fclose(f);
	if (m)
		fclose(m);
	if (bad) {
		snprintf(err, errlen, "%s: cannot read", path);
		free(buf);
		return -1;
	}
	int rc = hr_csv_parse(path, buf, len, ret, err, errlen);
	free(buf);
	return rc;
}

/* Lower case of a UTF-8 string (Đ -> đ as well as M -> m), for comparing headings. */
bool hr_csv_same_heading(const char *a, const char *b)
{
	wchar_t wa[128], wb[128];
	size_t na = mbstowcs(wa, a, 128), nb = mbstowcs(wb, b, 128);
	if (na == (size_t)-1 || nb == (size_t)-1 || na >= 128 || nb >= 128 || na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (towlower((wint_t)wa[i]) != towlower((wint_t)wb[i]))
			return false;
	return true;
}
