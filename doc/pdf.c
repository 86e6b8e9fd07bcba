/* The PDF adapter (ctl/pdf.h): cairo's PDF surface, pango layouts at 72 dpi so a point of
 * text is a point of paper, metrics unhinted so what was measured is what is drawn. */
#include <cairo-pdf.h>
#include <errno.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc/doc.h"
#include "doc/pdf.h"

#define A4_SHORT 595.276
#define A4_LONG 841.890
#define MARGIN 28.35            /* 10 mm */
#define FOOT 22.0               /* room for the page number */
#define PAD_X 2.0
#define PAD_Y 1.6
#define LINE 0.5
#define FONT "Liberation Serif" /* metric-compatible with Times New Roman, the forms' font */
#define NFONTS 16

/* fontconfig 2.14 leaks a few hundred bytes parsing its own XML configuration (in pango's font
 * map thread, FcInitLoadConfigAndFonts): not ours to fix, so a sanitizer build's LeakSanitizer
 * is told to skip exactly that library (it calls this hook; other builds never do). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

/* ...and not to list that skip on every run, which would read like a fault on the terminal. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

struct pdf {
	PangoContext *ctx;
	struct { int key; PangoFontDescription *d; } fonts[NFONTS];
	cairo_t *cr;                /* NULL while counting pages */
	const char *footer;
	double pw, ph;              /* the page */
	double left, width, top, bottom;   /* the text box */
	double y;
	int page, total;
	double lh_size, lh;         /* the last line height asked for */
	GHashTable *cache;          /* cell texts laid out: key -> struct text * */
};

static PangoFontDescription *font(struct pdf *p, double size, bool bold)
{
	int key = (int)(size * 10) * 2 + bold;
	int i = 0;
	for (; i < NFONTS && p->fonts[i].d; i++)
		if (p->fonts[i].key == key)
			return p->fonts[i].d;
	if (i == NFONTS)
		i = NFONTS - 1;   /* never with the few sizes the documents use */
	else {
		p->fonts[i].d = pango_font_description_new();
		p->fonts[i].key = key;
	}
	PangoFontDescription *d = p->fonts[i].d;
	pango_font_description_set_family(d, FONT);
	pango_font_description_set_size(d, (int)(size * PANGO_SCALE));
	pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	p->fonts[i].key = key;
	return d;
}

static PangoLayout *layout(struct pdf *p, const char *text, bool markup, double size, bool bold,
                           double width, enum pdf_align align)
{
	PangoLayout *l = pango_layout_new(p->ctx);
	pango_layout_set_font_description(l, font(p, size, bold));
	pango_layout_set_width(l, width < 0 ? -1 : (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align == PDF_RIGHT ? PANGO_ALIGN_RIGHT :
	                              align == PDF_CENTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	if (markup)
		pango_layout_set_markup(l, text, -1);
	else
		pango_layout_set_text(l, text, -1);
	return l;
}

static double height_of(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* A cell's text laid out in `width`: words wrap at spaces; a single word (a symbol "+/K", a
 * number, "STT") is never broken inside but set smaller until it fits. */
struct text {
	PangoLayout *l;
	double dx, h;               /* where it starts in the cell, its height */
};

/* The widest word of a text, for headings: they wrap between words, never inside one. */
static double widest_word(struct pdf *p, const char *s, double size, bool bold)
{
	double w = 0;
	char **words = g_strsplit(s, " ", -1);
	for (char **x = words; *x; x++) {
		PangoLayout *l = layout(p, *x, false, size, bold, -1, PDF_LEFT);
		int ww, h;
		pango_layout_get_size(l, &ww, &h);
		g_object_unref(l);
		if ((double)ww / PANGO_SCALE > w)
			w = (double)ww / PANGO_SCALE;
	}
	g_strfreev(words);
	return w;
}

static struct text fit_new(struct pdf *p, const char *s, double size, bool bold, double width,
                           enum pdf_align align, bool whole_words)
{
	struct text t = { 0 };
	if (strchr(s, ' ')) {
		double w = whole_words ? widest_word(p, s, size, bold) : 0;
		if (w > width)
			size = (int)(size * width / w * 10) / 10.0;
		t.l = layout(p, s, false, size, bold, width, align);
		t.h = height_of(t.l);
		return t;
	}
	t.l = layout(p, s, false, size, bold, -1, PDF_LEFT);
	int w, h;
	pango_layout_get_size(t.l, &w, &h);
	double tw = (double)w / PANGO_SCALE;
	if (tw > width && tw > 0) {
		double smaller = (int)(size * width / tw * 10) / 10.0;   /* 0.1 pt steps: few fonts */
		pango_layout_set_font_description(t.l, font(p, smaller < 4.5 ? 4.5 : smaller, bold));
		pango_layout_get_size(t.l, &w, &h);
		tw = (double)w / PANGO_SCALE;
	}
	t.dx = align == PDF_RIGHT ? width - tw : align == PDF_CENTER ? (width - tw) / 2 : 0;
	t.h = (double)h / PANGO_SCALE;
	return t;
}

static void show(struct pdf *p, PangoLayout *l, double x, double y)
{
	if (!p->cr)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

static void end_page(struct pdf *p)
{
	if (p->page == 0 || !p->cr)
		return;
	char buf[64];
	snprintf(buf, sizeof buf, _("Page %d/%d"), p->page, p->total);
	double fy = p->ph - MARGIN - FOOT + 8;
	PangoLayout *l = layout(p, buf, false, 8, false, p->width, PDF_RIGHT);
	show(p, l, p->left, fy);
	g_object_unref(l);
	if (p->footer) {
		l = layout(p, p->footer, false, 8, false, p->width * 0.7, PDF_LEFT);
		show(p, l, p->left, fy);
		g_object_unref(l);
	}
	cairo_show_page(p->cr);
}

static void new_page(struct pdf *p)
{
	end_page(p);
	p->page++;
	p->y = p->top;
}

void pdf_page_break(struct pdf *p)
{
	new_page(p);
}

void pdf_need(struct pdf *p, double height)
{
	if (p->page == 0 || (p->y + height > p->bottom && p->y > p->top))
		new_page(p);
}

void pdf_space(struct pdf *p, double points)
{
	if (p->page == 0)
		new_page(p);
	p->y += points;
}

double pdf_line_height(struct pdf *p, double size)
{
	if (size != p->lh_size) {
		PangoLayout *l = layout(p, "Ấy", false, size, false, 1000, PDF_LEFT);
		p->lh = height_of(l);
		p->lh_size = size;
		g_object_unref(l);
	}
	return p->lh;
}

double pdf_text_width(struct pdf *p, const char *text, double size, bool bold)
{
	PangoLayout *l = layout(p, text, false, size, bold, -1, PDF_LEFT);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	g_object_unref(l);
	return (double)w / PANGO_SCALE;
}

static double blocks(struct pdf *p, const struct pdf_block *b, int n, bool draw)
{
	double h = 0;
	PangoLayout *l[16];
	n = n > 16 ? 16 : n;
	for (int i = 0; i < n; i++) {
		l[i] = layout(p, b[i].markup, true, b[i].size, false, b[i].w * p->width, b[i].align);
		double bh = height_of(l[i]);
		if (bh > h)
			h = bh;
	}
	if (draw) {
		pdf_need(p, h);
		for (int i = 0; i < n; i++)
			show(p, l[i], p->left + b[i].x * p->width, p->y);
		p->y += h;
	}
	for (int i = 0; i < n; i++)
		g_object_unref(l[i]);
	return h;
}

void pdf_blocks(struct pdf *p, const struct pdf_block *b, int n)
{
	blocks(p, b, n, true);
}

double pdf_blocks_height(struct pdf *p, const struct pdf_block *b, int n)
{
	return blocks(p, b, n, false);
}

void pdf_para(struct pdf *p, const char *markup, double size, enum pdf_align align)
{
	struct pdf_block b = { 0, 1, markup, size, align };
	pdf_blocks(p, &b, 1);
}

#define SIGN_ROOM 60.0   /* blank space under a signer's title to sign in */

double pdf_signatures(struct pdf *p, const char *const *who, int n, bool draw)
{
	struct pdf_block b[4] = { 0 };
	char *m[4];
	n = n > 4 ? 4 : n;
	for (int i = 0; i < n; i++) {
		/* the date line over the last signer, as on the forms */
		m[i] = i == n - 1 ? pdf_markup("<i>%s</i>\n<b>%s</b>\n<i>%s</i>", _("Date ..... month ..... year ......."),
		                               who[i], _("(Signature, full name)"))
		                  : pdf_markup("\n<b>%s</b>\n<i>%s</i>", who[i], _("(Signature, full name)"));
		b[i] = (struct pdf_block){ (double)i / n, 1.0 / n, m[i], 10, PDF_CENTER };
	}
	double h = pdf_blocks_height(p, b, n);
	if (draw) {
		pdf_need(p, h + SIGN_ROOM);
		pdf_blocks(p, b, n);
		pdf_space(p, SIGN_ROOM);
	}
	for (int i = 0; i < n; i++)
		pdf_free(m[i]);
	return h + SIGN_ROOM;
}

char *pdf_markup(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = g_markup_vprintf_escaped(fmt, ap);
	va_end(ap);
	return s;
}

void pdf_free(char *s)
{
	g_free(s);
}

/* Tables repeat their texts (headings on every page, symbols, bands, criteria, small
 * numbers): each is shaped once and its layout drawn again wherever it appears.  The caller
 * releases the layout it gets. */
#define CACHE_MAX 20000

static void text_free(gpointer v)
{
	struct text *t = v;
	g_object_unref(t->l);
	g_free(t);
}

static struct text fit(struct pdf *p, const char *s, double size, bool bold, double width, enum pdf_align align,
                       bool whole_words)
{
	char *key = g_strdup_printf("%d|%d|%d|%d|%d|%s", (int)(size * 100), bold, (int)(width * 1000), align,
	                            whole_words, s);
	struct text *hit = g_hash_table_lookup(p->cache, key);
	if (hit) {
		g_free(key);
		g_object_ref(hit->l);
		return *hit;
	}
	struct text t = fit_new(p, s, size, bold, width, align, whole_words);
	if (g_hash_table_size(p->cache) >= CACHE_MAX)   /* names are seldom repeated: start again */
		g_hash_table_remove_all(p->cache);
	struct text *keep = g_memdup2(&t, sizeof t);
	g_object_ref(t.l);
	g_hash_table_insert(p->cache, key, keep);
	return t;
}

/* ---- tables ---- */

struct grid {
	const struct pdf_table *t;
	double x[65];               /* column edges */
	double head_h[8], head_total;
};

static void rect(struct pdf *p, double x, double y, double w, double h)
{
	if (!p->cr)
		return;
	cairo_rectangle(p->cr, x, y, w, h);
	cairo_stroke(p->cr);
}

static void head_layout(struct pdf *p, struct grid *g)
{
	const struct pdf_table *t = g->t;
	double size = t->head_size > 0 ? t->head_size : t->size;
	memset(g->head_h, 0, sizeof g->head_h);
	/* Single-row cells first; a cell over several rows then stretches the last of them. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < t->nhead; i++) {
			const struct pdf_head *c = &t->head[i];
			if ((c->rows > 1) != pass || c->row + c->rows > 8)
				continue;
			double w = g->x[c->col + c->cols] - g->x[c->col] - 2 * PAD_X;
			struct text x = fit(p, c->text, size, true, w, PDF_CENTER, true);
			double h = x.h + 2 * PAD_Y, have = 0;
			g_object_unref(x.l);
			for (int r = c->row; r < c->row + c->rows; r++)
				have += g->head_h[r];
			if (h > have)
				g->head_h[c->row + c->rows - 1] += h - have;
		}
	g->head_total = 0;
	for (int r = 0; r < t->head_rows && r < 8; r++)
		g->head_total += g->head_h[r];
}

static void head_draw(struct pdf *p, struct grid *g)
{
	const struct pdf_table *t = g->t;
	double size = t->head_size > 0 ? t->head_size : t->size;
	if (p->cr)
		for (int i = 0; i < t->nhead; i++) {
			const struct pdf_head *c = &t->head[i];
			double y = p->y, h = 0;
			for (int r = 0; r < c->row; r++)
				y += g->head_h[r];
			for (int r = c->row; r < c->row + c->rows && r < 8; r++)
				h += g->head_h[r];
			double x = g->x[c->col], w = g->x[c->col + c->cols] - x;
			rect(p, x, y, w, h);
			if (!c->text || !*c->text)
				continue;
			struct text tx = fit(p, c->text, size, true, w - 2 * PAD_X, PDF_CENTER, true);
			show(p, tx.l, x + PAD_X + tx.dx, y + (h - tx.h) / 2);
			g_object_unref(tx.l);
		}
	p->y += g->head_total;
}

/* One body row: its layouts and height. */
struct row {
	struct text t[64];
	double h;
};

static void row_layout(struct pdf *p, const struct grid *g, int r, struct row *out)
{
	const struct pdf_table *t = g->t;
	char buf[1024];
	out->h = pdf_line_height(p, t->size) + 2 * PAD_Y;
	for (int c = 0; c < t->ncols; c++) {
		bool bold = false;
		const char *s = t->cell(t->arg, r, c, buf, sizeof buf, &bold);
		out->t[c].l = NULL;
		if (!s || !*s)
			continue;
		out->t[c] = fit(p, s, t->size, bold, g->x[c + 1] - g->x[c] - 2 * PAD_X, t->cols[c].align, false);
		double h = out->t[c].h + 2 * PAD_Y;
		if (h > out->h)
			out->h = h;
	}
}

static void row_free(const struct pdf_table *t, struct row *r)
{
	for (int c = 0; c < t->ncols; c++)
		if (r->t[c].l)
			g_object_unref(r->t[c].l);
}

static void row_draw(struct pdf *p, const struct grid *g, struct row *r)
{
	const struct pdf_table *t = g->t;
	if (p->cr)
		for (int c = 0; c < t->ncols; c++) {
			rect(p, g->x[c], p->y, g->x[c + 1] - g->x[c], r->h);
			if (r->t[c].l)
				show(p, r->t[c].l, g->x[c] + PAD_X + r->t[c].dx, p->y + (r->h - r->t[c].h) / 2);
		}
	p->y += r->h;
}

void pdf_table(struct pdf *p, const struct pdf_table *t)
{
	struct grid g = { .t = t };
	int ncols = t->ncols > 64 ? 64 : t->ncols;
	double sum = 0;
	for (int c = 0; c < ncols; c++)
		sum += t->cols[c].width;
	g.x[0] = p->left;
	for (int c = 0; c < ncols; c++)
		g.x[c + 1] = g.x[c] + p->width * t->cols[c].width / (sum > 0 ? sum : 1);
	head_layout(p, &g);
	if (p->cr)
		cairo_set_line_width(p->cr, LINE);
	int keep = t->keep_tail > 0 ? (t->keep_rows > 0 ? t->keep_rows : 2) : 0;
	if (keep > t->nrows)
		keep = t->nrows;
	struct row *rows = calloc((size_t)(keep + 1), sizeof *rows);
	int have = 0;   /* rows laid out ahead (the kept tail) */
	bool head_on_page = false;
	for (int r = 0; r < t->nrows; r++) {
		struct row *cur = &rows[0];
		if (keep && r == t->nrows - keep) {
			/* The last rows and what follows them go together. */
			double h = t->keep_tail;
			for (int k = 0; k < keep; k++) {
				row_layout(p, &g, r + k, &rows[k]);
				h += rows[k].h;
			}
			have = keep;
			double need = h + (head_on_page ? 0 : g.head_total);
			if (p->page == 0 || (p->y + need > p->bottom && p->y > p->top &&
			                     p->top + g.head_total + h <= p->bottom)) {
				new_page(p);
				head_on_page = false;
			}
		}
		if (have) {
			cur = &rows[keep - have];
			have--;
		} else
			row_layout(p, &g, r, cur);
		if (!head_on_page) {
			pdf_need(p, g.head_total + cur->h);
			head_draw(p, &g);
			head_on_page = true;
		} else if (p->y + cur->h > p->bottom) {
			new_page(p);
			head_draw(p, &g);
		}
		row_draw(p, &g, cur);
		row_free(t, cur);
	}
	if (t->nrows == 0) {
		pdf_need(p, g.head_total);
		head_draw(p, &g);
	}
	free(rows);
}

/* ---- the document ---- */

static int run(struct pdf *p, const struct pdf_doc *d)
{
	p->page = 0;
	p->y = p->top;
	int rc = d->draw(p, d->arg);
	if (p->page == 0)
		new_page(p);
	end_page(p);
	return rc;
}

int pdf_write(const struct pdf_doc *d, const char *path)
{
	if (!path) {
		fprintf(stderr, _("attendctl: --format pdf needs --output FILE\n"));
		return 2;
	}
	struct pdf p = { .footer = d->footer };
	p.pw = d->landscape ? A4_LONG : A4_SHORT;
	p.ph = d->landscape ? A4_SHORT : A4_LONG;
	p.left = MARGIN;
	p.width = p.pw - 2 * MARGIN;
	p.top = MARGIN;
	p.bottom = p.ph - MARGIN - FOOT;
	/* a font map of our own, released at the end (the default one lives as long as the thread) */
	PangoFontMap *fm = pango_cairo_font_map_new();
	p.ctx = pango_font_map_create_context(fm);
	pango_cairo_context_set_resolution(p.ctx, 72);
	pango_context_set_round_glyph_positions(p.ctx, FALSE);
	pango_context_set_language(p.ctx, pango_language_from_string(hr_vi() ? "vi" : "en"));
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p.ctx, fo);
	cairo_font_options_destroy(fo);
	p.cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, text_free);

	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	int rc = 1;
	cairo_surface_t *s = NULL;
	/* First the pages are counted (nothing drawn), then drawn knowing "Trang i/N". */
	if (run(&p, d) != 0)
		goto out;
	p.total = p.page;
	s = cairo_pdf_surface_create(tmp, p.pw, p.ph);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path,
		        cairo_surface_status(s) == CAIRO_STATUS_WRITE_ERROR ? strerror(errno)
		                                                             : cairo_status_to_string(cairo_surface_status(s)));
		goto out;
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "attendctl");
	p.cr = cairo_create(s);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	if (run(&p, d) != 0)
		goto out;
	cairo_destroy(p.cr);
	p.cr = NULL;
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path, cairo_status_to_string(st));
		goto out;
	}
	if (p.page != p.total) {   /* the two passes disagree: a bug, not the user's */
		fprintf(stderr, "attendctl: %s: %d pages counted, %d drawn\n", path, p.total, p.page);
		goto out;
	}
	if (rename(tmp, path) != 0) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (p.cr)
		cairo_destroy(p.cr);
	if (s)
		cairo_surface_destroy(s);
	if (rc != 0)
		unlink(tmp);
	for (int i = 0; i < NFONTS && p.fonts[i].d; i++)
		pango_font_description_free(p.fonts[i].d);
	g_hash_table_destroy(p.cache);
	g_object_unref(p.ctx);
	g_object_unref(fm);
	return rc;
}
