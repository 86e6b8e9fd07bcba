/* The band chart of late minutes (web/chart.h). */
#include "web/chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void chart_bands(struct page *pg, const struct band_chart *c)
{
	struct dbuf *b = &pg->rs->body;
	int nunits = PQntuples(c->units), nbars = PQntuples(c->bars), max = 1;
	for (int i = 0; i < nbars; i++)
		if (atoi(PQgetvalue(c->bars, i, 2)) > max)
			max = atoi(PQgetvalue(c->bars, i, 2));
	html_raw(b, "<h2 id=\"%s\">%s</h2>", c->id, c->heading);
	if (nunits == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "(no rows)"));
		return;
	}
	const double left = 110, right = 10, top = 24, band = 64, bar_h = 46, axis = 26, width = 800;
	double dw = (width - left - right) / c->slots, height = top + band * nunits + axis;
	html_raw(b, "<figure class=\"chart\"><svg id=\"%s\" role=\"img\" aria-labelledby=\"%s-title %s-desc\""
	         " viewBox=\"0 0 %.0f %.0f\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"%s-title\">",
	         c->svg_id, c->id, c->id, width, height, c->id);
	html_text(b, c->title);
	html_raw(b, "</title><desc id=\"%s-desc\">", c->id);
	html_raw(b, T(pg, "%d bars; the tallest is %d minutes. The same figures are in the table below."), nbars, max);
	dbuf_puts(b, "</desc>");
	html_raw(b, "<text class=\"scale\" x=\"%.0f\" y=\"14\">", left);
	html_raw(b, T(pg, "scale: the tallest bar is %d min"), max);
	dbuf_puts(b, "</text>");
	for (int u = 0; u < nunits; u++) {
		const char *code = PQgetvalue(c->units, u, 1);
		double base = top + band * u + bar_h;
		html_raw(b, "<g class=\"band\"><text class=\"unit\" x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", left - 8, base - 4);
		html_text(b, code);
		html_raw(b, "</text><line class=\"axis\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\"/>", left, width - right,
		         base, base);
		for (int i = 0; i < nbars; i++) {
			if (strcmp(PQgetvalue(c->bars, i, 0), code))
				continue;
			int slot = atoi(PQgetvalue(c->bars, i, 1)), m = atoi(PQgetvalue(c->bars, i, 2));
			if (m <= 0 || slot < 0 || slot >= c->slots)
				continue;
			double h = bar_h * m / max < 1 ? 1 : bar_h * m / max;
			double w = dw * c->bar_width < 1 ? 1 : dw * c->bar_width;   /* a year of days: still a pixel */
			char label[64];
			c->bar_label(label, sizeof label, c->bars, i, c->ctx);
			html_raw(b, "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"><title>",
			         left + dw * slot + dw * c->bar_gap, base - h, w, h);
			html_text(b, code);
			html_raw(b, " %s: ", label);
			html_raw(b, T(pg, "%d min late"), m);
			dbuf_puts(b, "</title></rect>");
		}
		dbuf_puts(b, "</g>");
	}
	double y = top + band * nunits + 4;
	for (int i = 0; i < c->slots; i++) {
		char label[64];
		if (!c->slot_label(label, sizeof label, i, c->ctx))
			continue;
		html_raw(b, "<text class=\"day\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
		         left + dw * i + dw / 2, y + 12, label);
	}
	dbuf_puts(b, "</svg><figcaption><details><summary>");
	html_text(b, T(pg, "The chart's figures as a table"));
	dbuf_puts(b, "</summary>");
	if (nbars == 0)
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "Nobody was late in this period."));
	else
		c->table(pg, c->bars, c->ctx);
	dbuf_puts(b, "</details></figcaption></figure>");
}
