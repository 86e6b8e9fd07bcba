/* The Bảng chấm công (C01-HD) of a unit for a month: the rows, symbols and columns 32–34 of
 * `attendctl timesheet` (the SQL is lib/timesheet_sql.c's, the forming doc/timesheet.c's), as a
 * table that scrolls sideways inside its box with the names column kept in view, the legend of
 * symbols, and the files attendctl writes (CSV, XLSX, PDF, doc/timesheet.c).  HR, unit heads
 * (their units: row-level security) and administrators; everyone on it is logged as viewed
 * (attend.log_data_access). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "doc/timesheet.h"
#include "lib/timesheet_sql.h"
#include "web/input.h"
#include "web/page.h"
#include "web/page_doc.h"
#include "web/unit_pick.h"

static void form(struct page *pg, PGresult *units, const char *unit, const char *first)
{
	struct dbuf *b = &pg->rs->body;
	dbuf_puts(b, "<form class=\"inline\" method=\"get\" action=\"/timesheet\">");
	unit_pick_field(pg, units, unit, NULL);
	html_raw(b, "<div><label for=\"month\">%s</label><input id=\"month\" name=\"month\" "
	         "placeholder=\"mm/yyyy\" inputmode=\"numeric\" required value=\"%.2s/%.4s\"></div>"
	         "<button type=\"submit\">%s</button></form>",
	         T(pg, "Month (mm/yyyy)"), first + 5, first, T(pg, "Show"));
}

static void table(struct page *pg, const struct doc_timesheet *t)
{
	struct dbuf *b = &pg->rs->body;
	PGresult *r = t->rows;
	char buf[64];
	/* The headings are the form's, from attendctl's catalog (doc/doc.h's _()). */
	/* The box scrolls, so it takes the keyboard's focus, named for a screen reader. */
	char label[256];
	snprintf(label, sizeof label, "%s — %s — %02d/%04d", _("TIMESHEET"), t->unit_name, t->month, t->year);
	dbuf_puts(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"");
	html_text(b, label);
	dbuf_puts(b, "\"><table class=\"wide ts\" id=\"timesheet\"><thead><tr><th scope=\"col\" rowspan=\"2\">");
	html_text(b, _("No."));
	dbuf_puts(b, "</th><th scope=\"col\" rowspan=\"2\" class=\"name\">");
	html_text(b, _("Full name"));
	dbuf_puts(b, "</th><th scope=\"col\" rowspan=\"2\">");
	html_text(b, _("Salary grade or position"));
	html_raw(b, "</th><th scope=\"colgroup\" colspan=\"%d\">", t->days_in_month);
	html_text(b, _("Days of the month"));
	dbuf_puts(b, "</th><th scope=\"colgroup\" colspan=\"3\">");
	html_text(b, _("Converted to workdays"));
	dbuf_puts(b, "</th></tr><tr>");
	for (int d = 1; d <= t->days_in_month; d++)
		html_raw(b, "<th scope=\"col\" class=\"d\">%d</th>", d);
	for (int k = 0; k < 3; k++) {
		html_raw(b, "<th scope=\"col\" class=\"pay\" title=\"%d\">", 32 + k);
		html_text(b, doc_timesheet_pay_title(k));
		html_raw(b, " (%d)</th>", 32 + k);
	}
	dbuf_puts(b, "</tr></thead><tbody>");
	for (int i = 0; i < PQntuples(r); i++) {
		html_raw(b, "<tr data-person=\"");
		html_text(b, PQgetvalue(r, i, 1));
		html_raw(b, "\"><td class=\"n\">%d</td><th scope=\"row\" class=\"name\">", i + 1);
		html_text(b, PQgetvalue(r, i, DOC_TIMESHEET_NAME));
		dbuf_puts(b, "</th><td>");
		html_text(b, PQgetvalue(r, i, DOC_TIMESHEET_POSITION));
		dbuf_puts(b, "</td>");
		for (int d = 0; d < t->days_in_month; d++) {
			dbuf_puts(b, "<td class=\"d\">");
			html_text(b, PQgetvalue(r, i, DOC_TIMESHEET_DAY1 + d));
			dbuf_puts(b, "</td>");
		}
		/* hr_num: the document's numbers, a decimal comma in Vietnamese */
		for (int k = 0; k < 3; k++)
			html_raw(b, "<td class=\"n c%d\">%s</td>", 32 + k,
			         hr_num(buf, sizeof buf, atof(PQgetvalue(r, i, DOC_TIMESHEET_PAY + k)), 2));
		dbuf_puts(b, "</tr>");
	}
	dbuf_puts(b, "</tbody><tfoot><tr><td></td><th scope=\"row\" class=\"name\">");
	html_text(b, _("Total"));
	html_raw(b, "</th><td colspan=\"%d\"></td>", t->days_in_month + 1);
	for (int k = 0; k < 3; k++)
		html_raw(b, "<td class=\"n c%d\">%s</td>", 32 + k, hr_num(buf, sizeof buf, t->sum[k], 2));
	dbuf_puts(b, "</tr></tfoot></table></div>");
}

static void legend_and_changes(struct page *pg, const struct doc_timesheet *t)
{
	struct dbuf *b = &pg->rs->body;
	if (PQntuples(t->adjust) > 0) {
		dbuf_puts(b, "<h2>");
		html_text(b, _("Changes after the month was locked (not applied):"));
		dbuf_puts(b, "</h2><ul id=\"ts-changes\">");
		for (int i = 0; i < PQntuples(t->adjust); i++) {
			char d[16];
			dbuf_puts(b, "<li>");
			html_text(b, PQgetvalue(t->adjust, i, 0));
			html_raw(b, ", %s: ", hr_date(d, sizeof d, PQgetvalue(t->adjust, i, 1)));
			html_text(b, PQgetvalue(t->adjust, i, 2));
			dbuf_puts(b, " → ");
			html_text(b, PQgetvalue(t->adjust, i, 3));
			dbuf_puts(b, "</li>");
		}
		dbuf_puts(b, "</ul>");
	}
	dbuf_puts(b, "<h2>");
	html_text(b, _("Timesheet symbols:"));
	dbuf_puts(b, "</h2><dl class=\"legend\" id=\"ts-legend\">");
	for (int i = 0; i < PQntuples(t->legend); i++) {
		dbuf_puts(b, "<div><dt>");
		html_text(b, PQgetvalue(t->legend, i, 0));
		dbuf_puts(b, "</dt><dd>");
		html_text(b, PQgetvalue(t->legend, i, 1));
		dbuf_puts(b, "</dd></div>");
	}
	dbuf_puts(b, "</dl>");
}

struct download { const struct doc_timesheet *t; const char *format; };

static int write_doc(const void *arg, const char *path)
{
	const struct download *a = arg;
	return doc_timesheet_write(a->t, a->format, path);
}

void page_timesheet(struct page *pg)
{
	const struct kvlist *q = &pg->rq->query;
	const char *unit = kv_get(q, "unit"), *m = kv_get(q, "month"), *fmt = kv_get(q, "format");
	char first[INPUT_DATE_LEN] = "";
	if (unit && !*unit)
		unit = NULL;
	if ((m && *m && !input_month(m, first)) || (unit && !input_code(unit)) ||
	    (fmt && strcmp(fmt, "csv") && strcmp(fmt, "xlsx") && strcmp(fmt, "pdf"))) {
		page_error(pg, 400, T(pg, "The unit, the month (mm/yyyy) or the format is not valid."));
		return;
	}
	/* The agency the role sees and this month by its clock; who may see a timesheet, the
	 * database says (as for the report: it names a whole unit's days). */
	PGresult *a = page_query(pg, "SELECT a.id, coalesce($1::date, date_trunc('month', attend.now() AT TIME ZONE a.tz)::date)::text,"
	                         " " UNIT_PICK_MANAGER_SQL " FROM attend.agency a ORDER BY a.code LIMIT 1",
	                         1, (const char *const[]){ *first ? first : NULL });
	PGresult *units = a ? unit_pick_units(pg) : NULL;
	struct doc_timesheet t = { 0 };
	if (!unit_pick_allowed(pg, a, 2, units))
		goto out;
	const char *agency = PQgetvalue(a, 0, 0), *month = PQgetvalue(a, 0, 1);
	/* A unit head's only unit is the one to show. */
	if (!unit && PQntuples(units) == 1)
		unit = PQgetvalue(units, 0, 0);
	const char *unit_id = unit_pick_id(units, unit);
	if (unit && !unit_id) {
		page_error(pg, 404, T(pg, "No such unit for your login."));
		goto out;
	}
	page_doc_lang(pg);
	struct dbuf *b = &pg->rs->body;
	if (!unit) {   /* the form alone */
		html_begin(b, pg->lang, pg->s, _("TIMESHEET"), 0);
		form(pg, units, NULL, month);
		html_end(b, pg->lang);
		goto out;
	}
	const char *p[3] = { agency, unit_id, month };
	PGresult *head = page_query(pg, timesheet_head_sql, 3, p);
	PGresult *rows = head ? page_query(pg, timesheet_rows_sql, 3, p) : NULL;
	PGresult *legend = rows ? page_query(pg, timesheet_legend_sql, 2,
	                                     (const char *const[]){ agency, doc_timesheet_legend_lang() }) : NULL;
	PGresult *adjust = legend ? page_query(pg, timesheet_adjust_sql, 3, (const char *const[]){ agency, month, unit_id })
	                          : NULL;
	if (!adjust) {
		PQclear(head);
		PQclear(rows);
		PQclear(legend);
		page_query_failed(pg);
		goto out;
	}
	doc_timesheet_form(&t, head, rows, legend, adjust, month);
	/* Everyone on the sheet is viewed: logged for them to read (sql/029, 030). */
	struct dbuf ids = { 0 };
	dbuf_puts(&ids, "{");
	for (int i = 0; i < PQntuples(rows); i++)
		dbuf_printf(&ids, "%s%s", i ? "," : "", PQgetvalue(rows, i, 0));
	dbuf_puts(&ids, "}");
	char what[32];
	snprintf(what, sizeof what, "timesheet%s%s", fmt ? "_" : "", fmt ? fmt : "");
	PGresult *logged = page_query(pg, "SELECT attend.log_data_access($1::bigint[], $2, $3)", 3,
	                              (const char *const[]){ ids.p, what, month });
	dbuf_free(&ids);
	PQclear(logged);
	if (!logged) {
		page_query_failed(pg);
		goto out;
	}
	if (fmt) {
		char name[128];
		/* as docs/reports.md names attendctl's: bang-cham-cong-vp-11-2026.xlsx */
		snprintf(name, sizeof name, "bang-cham-cong-%s-%02d-%04d.%s", unit, t.month, t.year, fmt);
		page_doc_send(pg, name, page_doc_type(fmt),
		              write_doc, &(struct download){ &t, fmt });
		goto out;
	}
	char title[256];
	snprintf(title, sizeof title, "%s — %s — %02d/%04d", _("TIMESHEET"), t.unit_name, t.month, t.year);
	html_begin(b, pg->lang, pg->s, title, 0);
	dbuf_puts(b, "<p class=\"sub\">");
	html_text(b, t.agency_name);
	dbuf_puts(b, " · ");
	html_text(b, _("Form C01-HD"));
	dbuf_puts(b, "</p>");
	form(pg, units, unit, month);
	dbuf_puts(b, "<p class=\"downloads\">");
	static const char *const fmts[3] = { "xlsx", "pdf", "csv" };
	static const char *const labels[3] = { N_("Download XLSX"), N_("Download PDF"), N_("Download CSV") };
	for (int k = 0; k < 3; k++) {
		html_raw(b, "<a id=\"download-%s\" href=\"/timesheet?unit=", fmts[k]);
		html_text(b, unit);
		html_raw(b, "&amp;month=%.2s/%.4s&amp;format=%s\">%s</a> ", month + 5, month, fmts[k], T(pg, labels[k]));
	}
	dbuf_puts(b, "</p>");
	table(pg, &t);
	legend_and_changes(pg, &t);
	html_end(b, pg->lang);
out:
	doc_timesheet_free(&t);
	PQclear(units);
	PQclear(a);
}
