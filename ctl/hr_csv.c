/* CSV input through libcsv (strict mode: a stray quote is an error, not a guess).  The data
 * is fed one line at a time so each record knows the line it ends on. */
#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

const char *hr_csv_guess_encoding(const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data;
	size_t nul = 0, tones = 0, high = 0;
	if (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)))
		return N_("UTF-16 (Excel's \"Unicode Text\")");
	for (size_t i = 0; i < len; i++) {
		nul += d[i] == 0;
		high += d[i] >= 0x80;
		/* Windows-1258 writes a tone as a combining mark after its letter: grave 0xCC, acute
		 * 0xEC, hook 0xD2, tilde 0xDE, dot below 0xF2 ("Họ" = 48 6F F2). */
		if (i > 0 && (d[i] == 0xCC || d[i] == 0xEC || d[i] == 0xD2 || d[i] == 0xDE || d[i] == 0xF2) &&
		    (g_ascii_isalpha((char)d[i - 1]) || (d[i - 1] && strchr("\xC2\xC3\xCA\xD4\xD5\xDD\xE2\xE3\xEA\xF4\xF5\xFD", d[i - 1]))))
			tones++;
	}
	if (nul * 4 >= len && len > 0)   /* UTF-16 without its byte order mark: every other byte 0 */
		return N_("UTF-16 (Excel's \"Unicode Text\")");
	if (tones > 0 && tones * 4 >= high / 2)
		return N_("Windows-1258 (Vietnamese ANSI)");
	return N_("an older 8-bit encoding (Windows-1252, TCVN3 or VNI)");
}

/* One error for a file that is not UTF-8, whatever its size: where, what it looks like, and
 * how to save it again.  Never the raw bytes (they garble the terminal). */
static int not_utf8(const char *name, const char *data, size_t len, const char *bad, char *err,
                    size_t errlen)
{
	long line = 1;
	for (const char *p = data; p < bad; p++)
		line += *p == '\n';
	snprintf(err, errlen, _("%s: the file is not UTF-8 text (first at line %ld); it looks like %s.\n"
	                        "  Save it again as UTF-8: in Excel, File \342\206\222 Save As \342\206\222 "
	                        "\"CSV UTF-8 (Comma delimited) (*.csv)\"; in LibreOffice, File \342\206\222 Save As "
	                        "\342\206\222 Text CSV, Character set: \"Unicode (UTF-8)\"."),
	         name, line, _(hr_csv_guess_encoding(data, len)));
	return -1;
}

int hr_csv_parse(const char *name, const char *data, size_t len, struct hr_csv *ret, char *err,
                 size_t errlen)
{
	*ret = (struct hr_csv){ 0 };
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		data += 3, len -= 3;
	/* The whole file first: a file in another encoding is one problem, not one per line. */
	const gchar *bad;
	if (!g_utf8_validate_len(data, len, &bad))
		return not_utf8(name, data, len, bad, err, errlen);
	/* Excel writes ';' where the list separator is ';': decide from the header line. */
	size_t commas = 0, semis = 0;
	for (size_t i = 0; i < len && data[i] != '\n'; i++)
		commas += data[i] == ',', semis += data[i] == ';';
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		snprintf(err, errlen, _("%s: out of memory"), name);
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
		snprintf(err, errlen, _("%s: out of memory"), name);
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
		snprintf(err, errlen, _("%s: cannot read"), path);
		free(buf);
		return -1;
	}
	int rc = hr_csv_parse(path, buf, len, ret, err, errlen);
	free(buf);
	return rc;
}

/* The form of a heading that compares: case folded (Đ = đ), composed (NFC: a file from macOS
 * or some Excel exports has "ạ" as "a" + U+0323), every run of blanks and line breaks one
 * space (a heading wrapped in its cell), trimmed.  GLib does the Unicode; NULL if not UTF-8. */
static char *heading_key(const char *s)
{
	if (!g_utf8_validate(s, -1, NULL))
		return NULL;
	char *folded = g_utf8_casefold(s, -1);
	char *nfc = g_utf8_normalize(folded, -1, G_NORMALIZE_NFC);
	g_free(folded);
	if (!nfc)
		return NULL;
	GString *out = g_string_sized_new(strlen(nfc));
	bool space = false;
	for (const char *p = nfc; *p;) {
		gunichar ch = g_utf8_get_char(p);
		p += g_unichar_to_utf8(ch, NULL);
		if (g_unichar_isspace(ch)) {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = false;
		g_string_append_unichar(out, ch);
	}
	g_free(nfc);
	return g_string_free(out, FALSE);
}

bool hr_csv_same_heading(const char *a, const char *b)
{
	char *ka = heading_key(a), *kb = heading_key(b);
	bool same = ka && kb && !strcmp(ka, kb);
	g_free(ka);
	g_free(kb);
	return same;
}
