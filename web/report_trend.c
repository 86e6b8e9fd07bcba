/* The punctuality report's trend over months (web/report_trend.h): late minutes and lates per
 * unit for each of the twelve months ending with the report's last day, from
 * attend.punctuality_day for the report's people (the temporary table hr_punctuality, which
 * lib/punctuality_sql.c made in the page's transaction) — the figures of the daily chart
 * summed by month, so the two charts and the tables agree.  Drawn as the daily chart is
 * (web/chart.c), with the figures in a table under it. */
#include "web/report_trend.h"

#include <stdio.h>
#include <stdlib.h>

#include "web/chart.h"

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

static void month_bar(char *buf, size_t n, PGresult *rows, int row, const void *ctx)
{
	slot_month(buf, n, ctx, atoi(PQgetvalue(rows, row, 1)));
}

static bool month_label(char *buf, size_t n, int slot, const void *ctx)
{
	slot_month(buf, n, ctx, slot);
	buf[2] = '\0';   /* the month's number; the table under the chart has the years */
	return true;
}

static void month_table(struct page *pg, PGresult *rows, const void *ctx)
{
	struct dbuf *b = &pg->rs->body;
	html_raw(b, "<table id=\"trend-table\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>", T(pg, "Unit"),
	         T(pg, "Month"), T(pg, "Late (min)"), T(pg, "Late arrivals"));
	for (int i = 0; i < PQntuples(rows); i++) {
		char mm[16];
		slot_month(mm, sizeof mm, ctx, atoi(PQgetvalue(rows, i, 1)));
		dbuf_puts(b, "<tr><td>");
		html_text(b, PQgetvalue(rows, i, 0));
		html_raw(b, "</td><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%d</td></tr>", mm,
		         atoi(PQgetvalue(rows, i, 2)), atoi(PQgetvalue(rows, i, 3)));
	}
	dbuf_puts(b, "</tbody></table>");
}

void report_trend(struct page *pg, PGresult *units, PGresult *rows, const char *last)
{
	char m0[16], m1[16], title[256];
	slot_month(m0, sizeof m0, last, 0);
	slot_month(m1, sizeof m1, last, MONTHS - 1);
	snprintf(title, sizeof title, T(pg, "Late minutes per unit per month, %s to %s"), m0, m1);
	chart_bands(pg, &(struct band_chart){
		.id = "trend", .svg_id = "trend-chart", .heading = T(pg, "Late minutes per unit per month"), .title = title,
		.units = units, .bars = rows, .slots = MONTHS, .bar_gap = 0.15, .bar_width = 0.7,
		.bar_label = month_bar, .slot_label = month_label, .table = month_table, .ctx = last });
}
