/* The punctuality report: a period and a unit (of those the user's role sees), then the same
 * sections and figures as `attendctl report punctuality` (the SQL is lib/punctuality_sql.c's),
 * a chart of late minutes per unit per day (inline SVG made here, with a table as its
 * fallback), and the report as CSV (lib/csv_cell.c: ';' and a decimal comma in Vietnamese, a
 * BOM, formula-like text kept text).  HR, unit heads and administrators only (by the role
 * the database says the login has); unit heads see their people only (row-level security).  The people named in the rows are logged as viewed (attend.log_data_access). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "doc/punctuality.h"
#include "lib/csv_cell.h"
#include "lib/punctuality_sql.h"
#include "web/chart.h"
#include "web/input.h"
#include "web/page.h"
#include "web/page_doc.h"
#include "web/report_trend.h"
#include "web/unit_pick.h"

enum col_type { C_TEXT, C_INT, C_NUM, C_RATE, C_SYMBOLS };
struct col { const char *title; enum col_type type; };

#define FIGURE_COLS \
	{ N_("Working days"), C_INT }, { N_("Days present"), C_INT }, { N_("Late"), C_INT }, \
	{ N_("Late (min)"), C_INT }, { N_("Early leave"), C_INT }, { N_("Early (min)"), C_INT }, \
	{ N_("Missing taps"), C_INT }, { N_("Excused days"), C_NUM }, { N_("Excused by symbol"), C_SYMBOLS }, \
	{ N_("Unexcused days"), C_NUM }, { N_("On-time days"), C_NUM }, { N_("On-time rate"), C_RATE }

/* The columns of ctl/hr_report.c, in its order, with its headings. */
static const struct col people_cols[] = {
	{ N_("Rank"), C_INT }, { N_("Staff code"), C_TEXT }, { N_("Full name"), C_TEXT }, { N_("Unit"), C_TEXT },
	FIGURE_COLS,
};
static const struct col unit_cols[] = {
	{ N_("Rank"), C_INT }, { N_("Unit"), C_TEXT }, { N_("Unit name"), C_TEXT }, { N_("Number of people"), C_INT },
	FIGURE_COLS,
};
#define NCOLS 16

struct section { const char *id, *title; const struct col *cols; PGresult *res; };

/* A number as people read it (hr_num's way): trailing zeros dropped, thousands grouped, a
 * decimal comma and '.' groups in Vietnamese; csv: no grouping, so a spreadsheet reads it. */
static const char *num(char *buf, size_t n, double v, int decimals, enum lang l, bool csv)
{
	char raw[64];
	csv_cell_num(raw, sizeof raw, v, decimals, '.');
	char *dot = strchr(raw, '.');
	size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw), start = raw[0] == '-', o = 0;
	for (size_t i = 0; i < intlen && o + 2 < n; i++) {
		if (!csv && i > start && (intlen - i) % 3 == 0)
			buf[o++] = l == LANG_VI ? '.' : ',';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
	if (dot)
		snprintf(buf + o, n - o, "%c%s", l == LANG_VI ? ',' : '.', dot + 1);
	return buf;
}

/* {"P": 2, "Ô": 0.5} -> "P 2, Ô 0,5" */
static const char *symbols(char *buf, size_t n, const char *json, enum lang l)
{
	buf[0] = '\0';
	struct json_object *o = json_tokener_parse(json);
	size_t len = 0;
	if (o && json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, key, val) {
			char v[32];
			int w = snprintf(buf + len, n - len, "%s%s %s", len ? ", " : "", key,
			                 num(v, sizeof v, json_object_get_double(val), 2, l, false));
			if (w < 0 || (size_t)w >= n - len)
				break;
			len += (size_t)w;
		}
	}
	json_object_put(o);
	return buf;
}

static const char *cell(char *buf, size_t n, const struct col *c, PGresult *r, int row, int i, enum lang l, bool csv)
{
	if (PQgetisnull(r, row, i))
		return c->type == C_RATE ? "-" : "";
	const char *v = PQgetvalue(r, row, i);
	switch (c->type) {
	case C_NUM: return num(buf, n, atof(v), 2, l, csv);
	case C_RATE: {
		char p[64];
		snprintf(buf, n, "%s%%", num(p, sizeof p, atof(v) * 100.0, 1, l, csv));
		return buf;
	}
	case C_SYMBOLS: return symbols(buf, n, v, l);
	case C_INT:
	case C_TEXT: break;
	}
	return v;
}

static void section_table(struct page *pg, const struct section *s)
{
	struct dbuf *b = &pg->rs->body;
	html_raw(b, "<h2 id=\"%s\">%s</h2>", s->id, T(pg, s->title));
	if (PQntuples(s->res) == 0) {
		html_raw(b, "<p class=\"empty\">%s</p>", T(pg, "(no rows)"));
		return;
	}
	html_raw(b, "<div class=\"scroll\"><table class=\"wide\" id=\"table-%s\"><thead><tr>", s->id);
	for (int i = 0; i < NCOLS; i++) {
		dbuf_puts(b, "<th scope=\"col\">");
		html_text(b, T(pg, s->cols[i].title));
		dbuf_puts(b, "</th>");
	}
	dbuf_puts(b, "</tr></thead><tbody>");
	for (int row = 0; row < PQntuples(s->res); row++) {
		dbuf_puts(b, "<tr>");
		for (int i = 0; i < NCOLS; i++) {
			char buf[512];
			html_raw(b, "<td%s>", s->cols[i].type == C_TEXT ? "" : " class=\"n\"");
			html_text(b, cell(buf, sizeof buf, &s->cols[i], s->res, row, i, pg->lang, false));
			dbuf_puts(b, "</td>");
		}
		dbuf_puts(b, "</tr>");
	}
	dbuf_puts(b, "</tbody></table></div>");
}

/* Late minutes per unit per day, as bars (web/chart.h): one slot per day of the period.
 * `late`: unit code, day index from `from`, minutes, the date (only days with minutes). */
static void day_bar(char *buf, size_t n, PGresult *late, int row, const void *ctx)
{
	(void)ctx;
	i18n_date(buf, n, PQgetvalue(late, row, 3));
}

struct period { const char *from; int days; };

/* The days under the last band: the first, the last, and every seventh between. */
static bool day_label(char *buf, size_t n, int day, const void *ctx)
{
	const struct period *p = ctx;
	if (day != 0 && day != p->days - 1 && (day % 7 || p->days - 1 - day < 4))
		return false;
	int yy, mm, dd;
	if (sscanf(p->from, "%d-%d-%d", &yy, &mm, &dd) != 3)
		return false;
	/* the date of slot `day`: from + day, by the C library's calendar */
	struct tm t = { .tm_year = yy - 1900, .tm_mon = mm - 1, .tm_mday = dd + day, .tm_hour = 12 };
	timegm(&t);
	snprintf(buf, n, "%02d/%02d", t.tm_mday, t.tm_mon + 1);
	return true;
}

static void day_table(struct page *pg, PGresult *late, const void *ctx)
{
	struct dbuf *b = &pg->rs->body;
	(void)ctx;
	html_raw(b, "<table id=\"chart-table\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	         "<th scope=\"col\">%s</th></tr></thead><tbody>", T(pg, "Unit"), T(pg, "Date"), T(pg, "Late (min)"));
	for (int i = 0; i < PQntuples(late); i++) {
		char d[16];
		dbuf_puts(b, "<tr><td>");
		html_text(b, PQgetvalue(late, i, 0));
		html_raw(b, "</td><td>%s</td><td class=\"n\">%d</td></tr>", i18n_date(d, sizeof d, PQgetvalue(late, i, 3)),
		         atoi(PQgetvalue(late, i, 2)));
	}
	dbuf_puts(b, "</tbody></table>");
}

static void chart(struct page *pg, PGresult *units, PGresult *late, int days, const char *from, const char *to)
{
	char d1[16], d2[16], title[256];
	snprintf(title, sizeof title, T(pg, "Late minutes per unit per day, %s to %s"), i18n_date(d1, sizeof d1, from),
	         i18n_date(d2, sizeof d2, to));
	struct period period = { from, days };
	chart_bands(pg, &(struct band_chart){
		.id = "chart", .svg_id = "late-chart", .heading = T(pg, "Late minutes per unit per day"), .title = title,
		.units = units, .bars = late, .slots = days, .bar_gap = 0.1, .bar_width = 0.8,
		.bar_label = day_bar, .slot_label = day_label, .table = day_table, .ctx = &period });
}

static void csv(struct page *pg, const struct section *secs, int nsecs, const char *from, const char *to)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f) {
		page_error(pg, 500, T(pg, "Something went wrong"));
		return;
	}
	char sep = pg->lang == LANG_VI ? ';' : ',';
	csv_cell_bom(f);
	for (int s = 0; s < nsecs; s++) {
		if (s)
			csv_cell_end(f);
		csv_cell_field(f, T(pg, "Section"), true, sep, CSV_CELL_TEXT);
		for (int i = 0; i < NCOLS; i++)
			csv_cell_field(f, T(pg, secs[s].cols[i].title), false, sep, CSV_CELL_TEXT);
		csv_cell_end(f);
		for (int row = 0; row < PQntuples(secs[s].res); row++) {
			csv_cell_field(f, T(pg, secs[s].title), true, sep, CSV_CELL_TEXT);
			for (int i = 0; i < NCOLS; i++) {
				char buf[512];
				const struct col *c = &secs[s].cols[i];
				bool number = c->type != C_TEXT && c->type != C_SYMBOLS && !PQgetisnull(secs[s].res, row, i);
				csv_cell_field(f, cell(buf, sizeof buf, c, secs[s].res, row, i, pg->lang, true), false, sep,
				               number ? CSV_CELL_NUMBER : CSV_CELL_TEXT);
			}
			csv_cell_end(f);
		}
	}
	if (fclose(f) != 0 || !text) {
		free(text);
		page_error(pg, 500, T(pg, "Something went wrong"));
		return;
	}
	dbuf_add(&pg->rs->body, text, len);
	free(text);
	pg->rs->content_type = "text/csv; charset=utf-8";
	char disp[128];
	snprintf(disp, sizeof disp, "attachment; filename=\"bao-cao-gio-giac-%s_%s.csv\"", from, to);
	pg->rs->disposition = strdup(disp);
}

/* XLSX and PDF: written by the doc layer (doc/punctuality.c) exactly as attendctl writes them. */
struct download { const struct doc_punctuality *d; enum hr_format fmt; };

static int write_doc(const void *arg, const char *path)
{
	const struct download *a = arg;
	return doc_punctuality_write(a->d, a->fmt, path);
}

static void document(struct page *pg, PGresult *const res[4], const char *agency_name, const char *unit,
                     const char *unit_name, const char *from, const char *to, const char *fmt)
{
	page_doc_lang(pg);
	struct doc_punctuality d = {
		.agency_name = agency_name, .agency = "", .unit = unit, .unit_name = unit_name, .from = from, .to = to,
		.res = { res[0], res[1], res[2], res[3] },
	};
	char name[128];
	snprintf(name, sizeof name, "bao-cao-gio-giac-%s_%s.%s", from, to, fmt);
	page_doc_send(pg, name, page_doc_type(fmt), write_doc,
	              &(struct download){ &d, !strcmp(fmt, "xlsx") ? HR_FMT_XLSX : HR_FMT_PDF });
}

static void form(struct page *pg, PGresult *units, const char *from, const char *to, const char *unit)
{
	struct dbuf *b = &pg->rs->body;
	char d1[16], d2[16];
	html_raw(b, "<form class=\"inline\" method=\"get\" action=\"/report\">"
	         "<div><label for=\"from\">%s</label><input id=\"from\" name=\"from\" placeholder=\"dd/mm/yyyy\" "
	         "inputmode=\"numeric\" required value=\"%s\"></div>"
	         "<div><label for=\"to\">%s</label><input id=\"to\" name=\"to\" placeholder=\"dd/mm/yyyy\" "
	         "inputmode=\"numeric\" required value=\"%s\"></div>",
	         T(pg, "From (dd/mm/yyyy)"), i18n_date(d1, sizeof d1, from), T(pg, "To (dd/mm/yyyy)"),
	         i18n_date(d2, sizeof d2, to));
	unit_pick_field(pg, units, unit, T(pg, "All units you may see"));
	html_raw(b, "<button type=\"submit\">%s</button>"
	         "<button type=\"submit\" name=\"format\" value=\"csv\" id=\"download-csv\">%s</button>"
	         "<button type=\"submit\" name=\"format\" value=\"xlsx\" id=\"download-xlsx\">%s</button>"
	         "<button type=\"submit\" name=\"format\" value=\"pdf\" id=\"download-pdf\">%s</button></form>",
	         T(pg, "Show"), T(pg, "Download CSV"), T(pg, "Download XLSX"), T(pg, "Download PDF"));
}

void page_report(struct page *pg)
{
	const struct kvlist *q = &pg->rq->query;
	const char *f = kv_get(q, "from"), *t = kv_get(q, "to"), *unit = kv_get(q, "unit"), *fmt = kv_get(q, "format");
	char from[INPUT_DATE_LEN] = "", to[INPUT_DATE_LEN] = "";
	if (unit && !*unit)
		unit = NULL;
	if ((f && *f && !input_date(f, from)) || (t && *t && !input_date(t, to)) || (unit && !input_code(unit)) ||
	    (fmt && strcmp(fmt, "csv") && strcmp(fmt, "xlsx") && strcmp(fmt, "pdf"))) {
		page_error(pg, 400, T(pg, "The period (dd/mm/yyyy), the unit or the format is not valid."));
		return;
	}
	/* The agency the role sees; the period defaults to this month so far.  A period is at
	 * most a year (the chart has a slot per day). */
	PGresult *a = page_query(pg, "SELECT a.id, a.name, coalesce($1::date, date_trunc('month', attend.now() AT TIME ZONE a.tz)::date)::text,"
	                         " coalesce($2::date, (attend.now() AT TIME ZONE a.tz)::date)::text,"
	                         " " UNIT_PICK_MANAGER_SQL " FROM attend.agency a ORDER BY a.code LIMIT 1",
	                         2, (const char *const[]){ *from ? from : NULL, *to ? to : NULL });
	PGresult *units = a ? unit_pick_units(pg) : NULL;
	PGresult *r[7] = { NULL };
	bool begun = false;
	/* A report ranks people against each other: for those who manage them.  Row-level security
	 * would show a staff member their own row only (attendctl does, docs/roles.md); here they
	 * have their month instead.  Whose role it is, the database says. */
	if (!unit_pick_allowed(pg, a, 4, units))
		goto out;
	const char *agency = PQgetvalue(a, 0, 0), *p_from = PQgetvalue(a, 0, 2), *p_to = PQgetvalue(a, 0, 3);
	const char *unit_id = unit_pick_id(units, unit);
	if (unit && !unit_id) {
		page_error(pg, 404, T(pg, "No such unit for your login."));
		goto out;
	}
	if (strcmp(p_from, p_to) > 0) {
		page_error(pg, 400, T(pg, "The period ends before it begins."));
		goto out;
	}
	PGresult *span = page_query(pg, "SELECT ($2::date - $1::date + 1)::int", 2, (const char *const[]){ p_from, p_to });
	int days = span ? atoi(PQgetvalue(span, 0, 0)) : 0;
	PQclear(span);
	if (!span) {
		page_query_failed(pg);
		goto out;
	}
	if (days > 366) {
		page_error(pg, 400, T(pg, "A period of at most a year, please."));
		goto out;
	}
	if (!f && !t) {   /* no period asked yet: the form alone */
		html_begin(&pg->rs->body, pg->lang, pg->s, T(pg, "Punctuality report"), 0);
		form(pg, units, p_from, p_to, unit);
		html_end(&pg->rs->body, pg->lang);
		goto out;
	}
	PGresult *x = page_query(pg, "BEGIN", 0, NULL);
	begun = x != NULL;
	PQclear(x);
	const char *p[5] = { agency, p_from, p_to, unit_id, NULL };
	x = begun ? page_query(pg, punctuality_people_sql, 5, p) : NULL;
	bool ok = x != NULL;
	PQclear(x);
	const char *scope[3] = { agency, unit_id, NULL };
	char detail[64], what[16];
	snprintf(detail, sizeof detail, "%s..%s", p_from, p_to);
	snprintf(what, sizeof what, "%s%s", fmt ? "_" : "", fmt ? fmt : "");
	ok = ok && (r[0] = page_query(pg, punctuality_rank_people_sql, 0, NULL)) &&
	     (r[1] = page_query(pg, punctuality_rank_units_sql, 0, NULL)) &&
	     (r[2] = page_query(pg, punctuality_rank_trees_sql, 3, scope)) &&
	     (r[3] = page_query(pg, punctuality_total_sql, 2, scope)) &&
	     (r[4] = page_query(pg, "SELECT h.unit_code, (d.work_date - $2::date)::int, sum(d.late_minutes)::int, d.work_date::text"
	                        " FROM attend.punctuality_day d JOIN hr_punctuality h ON h.person_id = d.person_id"
	                        " WHERE d.agency_id = $1 AND d.work_date BETWEEN $2 AND $3"
	                        " GROUP BY h.unit_code, d.work_date HAVING sum(d.late_minutes) > 0 ORDER BY 1, 2",
	                        3, (const char *const[]){ agency, p_from, p_to })) &&
	     (r[5] = page_query(pg, "SELECT attend.log_data_access(array_agg(person_id), 'punctuality' || $2, $1) FROM hr_punctuality",
	                        2, (const char *const[]){ detail, what })) &&
	     (fmt || (r[6] = page_query(pg, report_trend_sql, 3, (const char *const[]){ agency, p_to, p_to })));
	if (!ok) {
		page_query_failed(pg);
		goto out;
	}
	x = page_query(pg, "COMMIT", 0, NULL);   /* the log of who was viewed stays; the temporary table goes */
	begun = false;
	if (!x) {
		page_query_failed(pg);
		goto out;
	}
	PQclear(x);
	struct section secs[4] = {
		{ "people", N_("People"), people_cols, r[0] },
		{ "units", N_("Units (own staff)"), unit_cols, r[1] },
		{ "unit-trees", N_("Units with their sub-units"), unit_cols, r[2] },
		{ "total", N_("Total"), unit_cols, r[3] },
	};
	int nsecs = 4;
	if (PQntuples(r[2]) == 0) {   /* a flat agency: as attendctl, no trees section */
		secs[2] = secs[3];
		nsecs = 3;
	}
	if (fmt && !strcmp(fmt, "csv")) {
		csv(pg, secs, nsecs, p_from, p_to);
		goto out;
	}
	if (fmt) {
		const char *unit_name = NULL;
		for (int i = 0; unit && i < PQntuples(units); i++)
			if (!strcmp(PQgetvalue(units, i, 0), unit))
				unit_name = PQgetvalue(units, i, 1);
		document(pg, r, PQgetvalue(a, 0, 1), unit, unit_name, p_from, p_to, fmt);
		goto out;
	}
	struct dbuf *b = &pg->rs->body;
	char d1[16], d2[16];
	html_begin(b, pg->lang, pg->s, T(pg, "Punctuality report"), 0);
	dbuf_puts(b, "<p class=\"sub\">");
	html_text(b, PQgetvalue(a, 0, 1));
	if (unit) {
		dbuf_puts(b, " — ");
		html_text(b, unit);
	}
	html_raw(b, " · %s – %s</p>", i18n_date(d1, sizeof d1, p_from), i18n_date(d2, sizeof d2, p_to));
	form(pg, units, p_from, p_to, unit);
	chart(pg, r[1], r[4], days, p_from, p_to);
	report_trend(pg, r[1], r[6], p_to);
	for (int s = 0; s < nsecs; s++)
		section_table(pg, &secs[s]);
	html_end(b, pg->lang);
out:
	if (begun)
		PQclear(page_query(pg, "ROLLBACK", 0, NULL));
	for (int i = 0; i < 7; i++)
		PQclear(r[i]);
	PQclear(units);
	PQclear(a);
}
