/* The punctuality report's trend over months (web/report_trend.h): late minutes and lates per
 * unit for each of the twelve months ending with the report's last day, from
 * attend.punctuality_day for the report's people (the temporary table hr_punctuality, which
 * lib/punctuality_sql.c made in the page's transaction) — the figures of the daily chart
 * summed by month, so the two charts and the tables agree.  Inline SVG made here, no script
 * (the CSP forbids it); every bar has its <title>, the figures are a table under it. */
#include "web/report_trend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MONTHS 12

const char report_trend_sql[] =
	"WITH m AS (SELECT (date_trunc('month', $3::date) - interval '11 months')::date AS first)"
	" SELECT h.unit_code,"
	"  ((extract(year FROM d.work_date) - extract(year FROM m.first)) * 12"
	"   + extract(month FROM d.work_date) - extract(month FROM m.first))::int,"
	"  sum(d.late_minutes)::int, sum(d.late_count)::int,"
	"  to_char(date_trunc('month', d.work_date), 'YYYY-MM')"
	" FROM attend.punctuality_day d JOIN hr_punctuality h ON h.person_id = d.person_id, m"
	" WHERE d.agency_id = $1 AND d.work_date >= m.first AND d.work_date <= $2::date"
	" GROUP BY 1, 2, 5 ORDER BY 1, 2";

/* "YYYY-MM" of slot i (0 = eleven months before the month of `last`, an ISO date) as mm/yyyy. */
static void slot_month(char *buf, size_t n, const char *last, int i)
{
	int y = atoi(last), m = atoi(last + 5);
	int k = y * 12 + (m - 1) - (MONTHS - 1) + i;
	snprintf(buf, n, "%02d/%04d", k % 12 + 1, k / 12);
}

void report_trend(struct page *pg, PGresult *units, PGresult *rows, const char *last)
{
	struct dbuf *b = &pg->rs->body;
	int nunits = PQntuples(units), max = 1;
	for (int i = 0; i < PQntuples(rows); i++)
		if (atoi(PQgetvalue(rows, i, 2)) > max)
			max = atoi(PQgetvalue(rows, i, 2));
	char m0[16], m1[16];
	slot_month(m0, sizeof m0, last, 0);
	slot_month(m1, sizeof m1, last, MONTHS - 1);
	html_raw(b, "<h2 id=\"trend\">%s</h2>", T(pg, "Late minutes per unit per month"));
	if (nunits == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "(no rows)"));
		return;
	}
	const double left = 110, right = 10, top = 24, band = 64, bar_h = 46, axis = 26, width = 800;
	double dw = (width - left - right) / MONTHS, height = top + band * nunits + axis;
	html_raw(b, "<figure class=\"chart\"><svg id=\"trend-chart\" role=\"img\" aria-labelledby=\"trend-title trend-desc\""
	         " viewBox=\"0 0 %.0f %.0f\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"trend-title\">", width, height);
	html_raw(b, T(pg, "Late minutes per unit per month, %s to %s"), m0, m1);
	dbuf_puts(b, "</title><desc id=\"trend-desc\">");
	html_raw(b, T(pg, "%d bars; the tallest is %d minutes. The same figures are in the table below."),
	         PQntuples(rows), max);
	dbuf_puts(b, "</desc>");
	html_raw(b, "<text class=\"scale\" x=\"%.0f\" y=\"14\">", left);
	html_raw(b, T(pg, "scale: the tallest bar is %d min"), max);
	dbuf_puts(b, "</text>");
	for (int u = 0; u < nunits; u++) {
		const char *code = PQgetvalue(units, u, 1);
		double base = top + band * u + bar_h;
		html_raw(b, "<g class=\"band\"><text class=\"unit\" x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", left - 8, base - 4);
		html_text(b, code);
		html_raw(b, "</text><line class=\"axis\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\"/>", left, width - right,
		         base, base);
		for (int i = 0; i < PQntuples(rows); i++) {
			if (strcmp(PQgetvalue(rows, i, 0), code))
				continue;
			int slot = atoi(PQgetvalue(rows, i, 1)), m = atoi(PQgetvalue(rows, i, 2));
			if (m <= 0 || slot < 0 || slot >= MONTHS)
				continue;
			double h = bar_h * m / max < 1 ? 1 : bar_h * m / max;
			char mm[16];
			slot_month(mm, sizeof mm, last, slot);
			html_raw(b, "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"><title>",
			         left + dw * slot + dw * 0.15, base - h, dw * 0.7, h);
			html_text(b, code);
			html_raw(b, " %s: ", mm);
			html_raw(b, T(pg, "%d min late"), m);
			dbuf_puts(b, "</title></rect>");
		}
		dbuf_puts(b, "</g>");
	}
	double y = top + band * nunits + 4;
	for (int i = 0; i < MONTHS; i++) {
		char mm[16];
		slot_month(mm, sizeof mm, last, i);
		mm[2] = '\0';   /* the month's number; the table under the chart has the years */
		html_raw(b, "<text class=\"day\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
		         left + dw * i + dw / 2, y + 12, mm);
	}
	dbuf_puts(b, "</svg><figcaption><details><summary>");
	html_text(b, T(pg, "The chart's figures as a table"));
	dbuf_puts(b, "</summary>");
	if (PQntuples(rows) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "Nobody was late in this period."));
	} else {
		html_raw(b, "<table id=\"trend-table\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>", T(pg, "Unit"),
		         T(pg, "Month"), T(pg, "Late (min)"), T(pg, "Late arrivals"));
		for (int i = 0; i < PQntuples(rows); i++) {
			char mm[16];
			slot_month(mm, sizeof mm, last, atoi(PQgetvalue(rows, i, 1)));
			dbuf_puts(b, "<tr><td>");
			html_text(b, PQgetvalue(rows, i, 0));
			html_raw(b, "</td><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%d</td></tr>", mm,
			         atoi(PQgetvalue(rows, i, 2)), atoi(PQgetvalue(rows, i, 3)));
		}
		dbuf_puts(b, "</tbody></table>");
	}
	dbuf_puts(b, "</details></figcaption></figure>");
}
