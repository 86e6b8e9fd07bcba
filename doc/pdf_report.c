/* A report of ctl/hr_table.c's model (the punctuality report) as a PDF: A4 landscape, the
 * title and period, a table per section with its headings repeated on every page, columns as
 * wide as their content, and the signature block kept with the last rows. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "doc/pdf.h"

#define SIZE 8.5
#define HEAD_SIZE 8.5
#define WIDTH_ROWS 400   /* rows measured for a column's width: enough to see its longest text */

static const char *cell(const void *arg, int row, int col, char *buf, size_t n, bool *bold)
{
	const struct hr_section *sec = arg;
	(void)bold;
	return hr_cell_text(buf, n, &sec->cols[col], sec->res, row, col);
}

/* The widest word of a heading: a heading wraps between words, never inside one. */
static double word_width(struct pdf *p, const char *s)
{
	double w = 0;
	char **words = g_strsplit(s, " ", -1);
	for (char **x = words; *x; x++) {
		double ww = pdf_text_width(p, *x, HEAD_SIZE, true);
		if (ww > w)
			w = ww;
	}
	g_strfreev(words);
	return w;
}

static void section(struct pdf *p, const struct hr_section *sec, double keep_tail)
{
	int n = sec->ncols > 32 ? 32 : sec->ncols;
	struct pdf_col cols[32];
	struct pdf_head head[32];
	PGresult *r = sec->res;
	char buf[512];
	for (int i = 0; i < n; i++) {
		const struct hr_col *c = &sec->cols[i];
		bool text = !hr_type_is_number(c->type);
		double w = word_width(p, _(c->title));
		for (int row = 0; row < PQntuples(r) && row < WIDTH_ROWS; row++) {
			bool b = false;
			double cw = pdf_text_width(p, cell(sec, row, i, buf, sizeof buf, &b), SIZE, false);
			if (cw > w)
				w = cw;
		}
		if (text && w > 150)   /* long names wrap rather than squeeze the figures */
			w = 150;
		cols[i] = (struct pdf_col){ w + 6, text ? PDF_LEFT : PDF_RIGHT };
		head[i] = (struct pdf_head){ 0, i, 1, 1, _(c->title) };
	}
	char *title = pdf_markup("<b>%s</b>", _(sec->title));
	pdf_need(p, 70);   /* the section's title with its headings and a first row */
	pdf_para(p, title, 11, PDF_LEFT);
	pdf_free(title);
	pdf_space(p, 3);
	struct pdf_table t = {
		.cols = cols, .ncols = n, .head = head, .nhead = n, .head_rows = 1,
		.size = SIZE, .head_size = HEAD_SIZE, .nrows = PQntuples(r), .cell = cell,
		.arg = sec, .keep_tail = keep_tail,
	};
	pdf_table(p, &t);
	if (PQntuples(r) == 0) {
		pdf_space(p, 2);
		pdf_para(p, _("(no rows)"), SIZE, PDF_LEFT);
	}
}

struct signed_report {
	const struct hr_report *rep;
	const char *const *signers;   /* msgids */
	int nsigners;
};

static int draw(struct pdf *p, const void *arg)
{
	const struct signed_report *sr = arg;
	const struct hr_report *rep = sr->rep;
	char *up = g_utf8_strup(rep->title, -1);
	char *m = pdf_markup("<b>%s</b>", up);
	pdf_para(p, m, 14, PDF_CENTER);
	pdf_free(m);
	g_free(up);
	m = pdf_markup("<i>%s</i>", rep->subtitle);
	pdf_para(p, m, 11, PDF_CENTER);
	pdf_free(m);
	const char *who[4];
	int nwho = sr->nsigners < 4 ? sr->nsigners : 4;
	for (int i = 0; i < nwho; i++)
		who[i] = _(sr->signers[i]);
	double sign = nwho ? 14 + pdf_signatures(p, who, nwho, false) : 0;
	for (int s = 0; s < rep->nsections; s++) {
		pdf_space(p, 10);
		section(p, &rep->sections[s], s == rep->nsections - 1 ? sign : 0);
	}
	if (nwho) {
		pdf_space(p, 14);
		pdf_signatures(p, who, nwho, true);
	}
	return 0;
}

int pdf_write_report(const struct hr_report *rep, const char *const *signers, int nsigners,
                     const char *path)
{
	struct signed_report sr = { rep, signers, nsigners };
	struct pdf_doc d = { rep->title, rep->subtitle, true, draw, &sr };
	return pdf_write(&d, path);
}
