/* The band chart of late minutes (inline SVG, no script: the CSP forbids it): one band per
 * unit, one slot per day or month, one bar per slot with minutes, every bar with its <title>,
 * one scale for all bands so they compare, and the figures as a table under it.  The report's
 * daily chart (web/page_report.c) and its monthly trend (web/report_trend.c) draw with it. */
#ifndef ATTEND_WEB_CHART_H
#define ATTEND_WEB_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "web/page.h"

struct band_chart {
	const char *id;        /* the heading's id; "<id>-title", "<id>-desc" the SVG's */
	const char *svg_id;
	const char *heading;   /* the <h2>, translated */
	const char *title;     /* the SVG's <title>, translated and filled in */
	PGresult *units;       /* the report's units section: one band each, the code in column 1 */
	PGresult *bars;        /* unit code, slot, minutes, then what the callbacks read */
	int slots;
	double bar_gap, bar_width;   /* where a bar starts in its slot and how wide it is (shares) */
	/* The words after the unit in a bar's <title> (its day or month). */
	void (*bar_label)(char *buf, size_t n, PGresult *bars, int row, const void *ctx);
	/* The label under slot i; false: none under this one. */
	bool (*slot_label)(char *buf, size_t n, int slot, const void *ctx);
	/* The figures as a table, inside the figure's <details> (bars has at least one row). */
	void (*table)(struct page *pg, PGresult *bars, const void *ctx);
	const void *ctx;
};

void chart_bands(struct page *pg, const struct band_chart *c);

#endif
