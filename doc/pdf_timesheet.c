/* The Bảng chấm công, form C01-HD (Thông tư 107/2017/TT-BTC), as a PDF to print and sign: A4
 * landscape, the form's header, columns A B C 1..31 32 33 34 under their headings (repeated
 * on every page), the Cộng row, changes after a lock, the date line and three signatures kept
 * with the last rows, the legend.  The figures are hr_timesheet.c's, cell for cell. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "doc/pdf.h"
#include "doc/timesheet.h"

#define NDAYS 31
#define COL_DAY0 3
#define COL_32 (COL_DAY0 + NDAYS)
#define NCOLS (COL_32 + 3)
#define SIZE 8
#define HEAD_SIZE 7.5

static const char *const signers[3] = { N_("Timekeeper"), N_("Head of department"), N_("Head of agency") };

static const char *cell(const void *arg, int row, int col, char *buf, size_t n, bool *bold)
{
	const struct pdf_timesheet *t = arg;
	const PGresult *r = t->rows;
	if (row == PQntuples(r)) {   /* the Cộng row */
		*bold = true;
		if (col == 1)
			return _("Total");
		return col >= COL_32 ? hr_num(buf, n, t->sum[col - COL_32], 2) : "";
	}
	if (col == 0) {
		snprintf(buf, n, "%d", row + 1);
		return buf;
	}
	if (col == 1 || col == 2)
		return PQgetvalue(r, row, col + 1);
	if (col < COL_32)
		return col - COL_DAY0 < t->days_in_month ? PQgetvalue(r, row, 8 + col - COL_DAY0) : "";
	return hr_num(buf, n, atof(PQgetvalue(r, row, 5 + col - COL_32)), 2);
}

static void header(struct pdf *p, const struct pdf_timesheet *t)
{
	char a[512], b[512], q[512];
	snprintf(a, sizeof a, _("Agency: %s"), t->agency_name);
	snprintf(b, sizeof b, _("Department: %s"), t->unit_name);
	snprintf(q, sizeof q, _("Budget relation code (Mã QHNS): %s"), t->qhns);
	char *left = pdf_markup("<b>%s</b>\n<b>%s</b>\n<b>%s</b>", a, b, q);
	char *right = pdf_markup("<b>%s</b>\n<i>%s</i>", _("Form C01-HD"),
	                         _("(Issued with Circular 107/2017/TT-BTC of 10/10/2017 of the Ministry of Finance)"));
	struct pdf_block top[2] = { { 0, 0.5, left, 10, PDF_LEFT }, { 0.62, 0.38, right, 10, PDF_CENTER } };
	pdf_blocks(p, top, 2);
	pdf_free(left);
	pdf_free(right);
	pdf_space(p, 8);
	char m[128];
	snprintf(m, sizeof m, _("Month %d year %d"), t->month, t->year);
	char *title = pdf_markup("<b>%s</b>\n%s\n%s", _("TIMESHEET"), m, _("No.: ........"));
	pdf_para(p, title, 12, PDF_CENTER);
	pdf_free(title);
	pdf_space(p, 6);
}

/* The changes after the lock (not applied), one line each. */
static char *adjustments(const struct pdf_timesheet *t)
{
	if (PQntuples(t->adjust) == 0)
		return NULL;
	GString *s = g_string_new(NULL);
	char *m = pdf_markup("<i>%s</i>", _("Changes after the month was locked (not applied):"));
	g_string_append(s, m);
	pdf_free(m);
	for (int i = 0; i < PQntuples(t->adjust); i++) {
		char d[16];
		m = pdf_markup("\n%s, %s: %s -&gt; %s", PQgetvalue(t->adjust, i, 0),
		               hr_date(d, sizeof d, PQgetvalue(t->adjust, i, 1)), PQgetvalue(t->adjust, i, 2),
		               PQgetvalue(t->adjust, i, 3));
		g_string_append(s, m);
		pdf_free(m);
	}
	return g_string_free(s, FALSE);
}

static void legend(struct pdf *p, const PGresult *l)
{
	char *m = pdf_markup("<b>%s</b>", _("Timesheet symbols:"));
	pdf_need(p, 40);
	pdf_para(p, m, 9, PDF_LEFT);
	pdf_free(m);
	/* Three symbols a line, like the printed form. */
	for (int i = 0; i < PQntuples(l); i += 3) {
		struct pdf_block b[3];
		char *t[3] = { NULL, NULL, NULL };
		int n = 0;
		for (; n < 3 && i + n < PQntuples(l); n++) {
			t[n] = pdf_markup("- %s: %s", PQgetvalue(l, i + n, 1), PQgetvalue(l, i + n, 0));
			b[n] = (struct pdf_block){ 0.02 + n * 0.33, 0.31, t[n], 9, PDF_LEFT };
		}
		pdf_blocks(p, b, n);
		for (int k = 0; k < n; k++)
			pdf_free(t[k]);
	}
}

static int draw(struct pdf *p, const void *arg)
{
	const struct pdf_timesheet *t = arg;
	header(p, t);

	struct pdf_col cols[NCOLS];
	cols[0] = (struct pdf_col){ 20, PDF_CENTER };
	cols[1] = (struct pdf_col){ 100, PDF_LEFT };
	cols[2] = (struct pdf_col){ 58, PDF_LEFT };
	for (int d = 0; d < NDAYS; d++)   /* "+/K" fits at 8 pt */
		cols[COL_DAY0 + d] = (struct pdf_col){ 16.4, PDF_CENTER };
	for (int k = 0; k < 3; k++)
		cols[COL_32 + k] = (struct pdf_col){ 34, PDF_RIGHT };

	/* Headings: A B C over two rows, the days and "Quy ra công" over theirs, then the codes. */
	struct pdf_head head[8 + 2 * NCOLS];
	char num[NCOLS][12];
	int h = 0;
	head[h++] = (struct pdf_head){ 0, 0, 2, 1, _("No.") };
	head[h++] = (struct pdf_head){ 0, 1, 2, 1, _("Full name") };
	head[h++] = (struct pdf_head){ 0, 2, 2, 1, _("Salary grade or position") };
	head[h++] = (struct pdf_head){ 0, COL_DAY0, 1, NDAYS, _("Days of the month") };
	head[h++] = (struct pdf_head){ 0, COL_32, 1, 3, _("Converted to workdays") };
	for (int d = 0; d < NDAYS; d++) {
		snprintf(num[COL_DAY0 + d], sizeof num[0], "%d", d + 1);
		head[h++] = (struct pdf_head){ 1, COL_DAY0 + d, 1, 1, d < t->days_in_month ? num[COL_DAY0 + d] : "" };
	}
	for (int k = 0; k < 3; k++)
		head[h++] = (struct pdf_head){ 1, COL_32 + k, 1, 1, doc_timesheet_pay_title(k) };
	static const char *const codes[] = { "A", "B", "C" };
	for (int c = 0; c < NCOLS; c++) {
		const char *code = c < 3 ? codes[c] : num[c];
		if (c >= COL_32)
			snprintf(num[c], sizeof num[0], "%d", c - 2);
		head[h++] = (struct pdf_head){ 2, c, 1, 1, code };
	}

	char *adj = adjustments(t);
	const char *who[3] = { _(signers[0]), _(signers[1]), _(signers[2]) };
	double tail = 10 + pdf_signatures(p, who, 3, false);
	if (adj) {
		struct pdf_block b = { 0.02, 0.96, adj, 9, PDF_LEFT };
		tail += 6 + pdf_blocks_height(p, &b, 1);
	}
	struct pdf_table tab = {
		.cols = cols, .ncols = NCOLS, .head = head, .nhead = h, .head_rows = 3,
		.size = SIZE, .head_size = HEAD_SIZE, .nrows = PQntuples(t->rows) + 1, .cell = cell,
		.arg = t, .keep_tail = tail,
	};
	pdf_table(p, &tab);
	if (adj) {
		struct pdf_block b = { 0.02, 0.96, adj, 9, PDF_LEFT };
		pdf_space(p, 6);
		pdf_blocks(p, &b, 1);
		g_free(adj);
	}
	pdf_space(p, 10);
	pdf_signatures(p, who, 3, true);
	legend(p, t->legend);
	return 0;
}

int pdf_timesheet(const struct pdf_timesheet *t, const char *path)
{
	char title[512], foot[512];
	snprintf(title, sizeof title, "%s — %s — %02d/%04d", _("TIMESHEET"), t->unit_name, t->month, t->year);
	snprintf(foot, sizeof foot, "%s — %s — %s — %02d/%04d", _("Form C01-HD"), t->agency_name, t->unit_name,
	         t->month, t->year);
	struct pdf_doc d = { title, foot, true, draw, t };
	return pdf_write(&d, path);
}
