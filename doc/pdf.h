/* PDF documents for people to print and sign (cairo + pango): A4 pages, Vietnamese text shaped
 * by pango (HarfBuzz), a table engine (column widths, wrapped headings with spans, row heights
 * from the wrapped text, page breaks that repeat the heading rows, the last rows kept with what
 * follows them), blocks of text side by side (title blocks, signature blocks) and "Trang 1/3"
 * on every page.  The writers: pdf_report.c (punctuality), pdf_timesheet.c (C01-HD),
 * ctl/pdf_summary.c (the monthly summary and scorecards: attendctl's, it reads the scores). */
#ifndef ATTEND_DOC_PDF_H
#define ATTEND_DOC_PDF_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

struct pdf;

enum pdf_align { PDF_LEFT, PDF_CENTER, PDF_RIGHT };

struct pdf_doc {
	const char *title;     /* PDF metadata title (translated) */
	const char *footer;    /* small text at the foot of every page, left; NULL none */
	bool landscape;
	/* Lays the document out from the top of page 1.  Called twice: once to count the pages
	 * (nothing drawn), then to draw; it must do the same both times.  0, or -1 to give up. */
	int (*draw)(struct pdf *p, const void *arg);
	const void *arg;
};

/* Writes the document to `path` under a temporary name, renamed when complete (nothing
 * half-written).  0, or 1 with the reason printed. */
int pdf_write(const struct pdf_doc *d, const char *path);

/* ---- flowing content ---- */
/* Text blocks side by side at the current line: x and w are fractions of the text width;
 * markup is pango markup (escape user text with pdf_markup).  The row goes to the next page
 * when it does not fit. */
struct pdf_block {
	double x, w;
	const char *markup;
	double size;           /* points */
	enum pdf_align align;
};
void pdf_blocks(struct pdf *p, const struct pdf_block *b, int n);
double pdf_blocks_height(struct pdf *p, const struct pdf_block *b, int n);
/* One block the width of the page. */
void pdf_para(struct pdf *p, const char *markup, double size, enum pdf_align align);
void pdf_space(struct pdf *p, double points);
/* A new page unless `height` points still fit on this one. */
void pdf_need(struct pdf *p, double height);
void pdf_page_break(struct pdf *p);
/* Height of one line of text at `size` points (for estimates). */
double pdf_line_height(struct pdf *p, double size);
/* Width of a text on one line (for column widths). */
double pdf_text_width(struct pdf *p, const char *text, double size, bool bold);

/* The signature block: each signer's title, "(Ký, họ tên)" under it, the date line over the
 * last one, room to sign.  Returns its height; draws it only when `draw`. */
double pdf_signatures(struct pdf *p, const char *const *who, int n, bool draw);
/* printf into pango markup with every argument escaped (g_markup_printf_escaped); free with
 * pdf_free. */
char *pdf_markup(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pdf_free(char *s);

/* ---- tables ---- */
struct pdf_col {
	double width;          /* relative: the columns share the text width in these proportions */
	enum pdf_align align;  /* of the body cells (numbers right) */
};

/* A heading cell spanning rows x cols of the heading grid (bold, centred, wrapped). */
struct pdf_head {
	int row, col, rows, cols;
	const char *text;
};

struct pdf_table {
	const struct pdf_col *cols;
	int ncols;
	const struct pdf_head *head;
	int nhead, head_rows;  /* repeated at the top of every page the table runs onto */
	double size;           /* body text, points */
	double head_size;      /* 0: as the body */
	int nrows;
	/* The text of a body cell (NULL or "" for blank); may set *bold (a total row). */
	const char *(*cell)(const void *arg, int row, int col, char *buf, size_t n, bool *bold);
	const void *arg;
	/* Height of what must follow the table on the same page (a signature block): the last
	 * keep_rows rows (2 when 0) move to the next page with it rather than leave it alone. */
	double keep_tail;
	int keep_rows;
};
void pdf_table(struct pdf *p, const struct pdf_table *t);

/* ---- the documents ---- */
struct hr_report;
/* The punctuality report (hr_write_report with --format pdf). */
int pdf_write_report(const struct hr_report *r, const char *const *signers, int nsigners,
                     const char *path);

/* The C01-HD timesheet: the cells and queries of ctl/hr_timesheet.c, columns as its rows_sql
 * (name 2, position 3, columns 32-34 at 5-7, day d at 8+d), legend (code, name), adjustments
 * (full name, date, locked symbol, symbol). */
struct pdf_timesheet {
	const char *agency_name, *qhns, *unit_name;
	int year, month, days_in_month;
	const PGresult *rows, *legend, *adjust;
	const double *sum;     /* [3]: the Cộng row */
};
int pdf_timesheet(const struct pdf_timesheet *t, const char *path);

#endif
