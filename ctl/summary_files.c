/* The month as files for people: CSV (one per table, for Excel with the region's settings:
 * ctl/hr_cells.c) and one XLSX workbook with a sheet per table (ctl/doc_xlsx.c's layout),
 * built from the same cells so they always agree.  Headings are translated, identifiers are
 * shown by their labels (ctl/labels.h), criteria by their names in the database; the JSON
 * and the MQTT summary keep the identifiers.  Each file is written under a temporary name and
 * renamed, so a reader never sees half a file. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "doc/doc_xlsx.h"
#include "ctl/hr.h"
#include "doc/labels.h"
#include "ctl/scores.h"

#define MAXCOLS 48

enum kind { TEXT, INT, NUM };   /* NUM: points, two places at most */

struct table {
	const char *file;          /* the CSV's name */
	const char *sheet, *title; /* msgids */
	bool sign;                 /* ends with the signature block */
	int ncols, nrows, cap;
	const char *head[MAXCOLS]; /* translated, or a criterion's name */
	enum kind kind[MAXCOLS];
	char **cells;              /* numbers in C form ("7.5", "-0.5"); "" is blank */
};

static void col(struct table *t, const char *head, enum kind k)
{
	if (t->ncols < MAXCOLS) {
		t->head[t->ncols] = head;
		t->kind[t->ncols++] = k;
	}
}

static void cell(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cell(struct table *t, const char *fmt, ...)
{
	/* nrows counts cells until build() ends; then rows */
	if (t->cap == 0 || t->nrows >= t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->cells = realloc(t->cells, (size_t)t->cap * sizeof *t->cells);
	}
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&t->cells[t->nrows], fmt, ap) < 0)
		t->cells[t->nrows] = NULL;
	va_end(ap);
	t->nrows++;
}

static void text(struct table *t, const char *s)
{
	cell(t, "%s", s ? s : "");
}

static void pts_cell(struct table *t, score_pts p)
{
	char b[16];
	score_format(p, b, sizeof b);
	cell(t, "%s", b);
}

static void table_free(struct table *t)
{
	for (int i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
}

static void date_cell(struct table *t, rules_date d)
{
	int y, m, dd;
	char iso[16], b[16];
	rules_date_to_ymd(d, &y, &m, &dd);
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, dd);
	text(t, hr_date(b, sizeof b, iso));
}

static const char *session_name(int session, char *buf, size_t n)
{
	if (session < 0)
		return _("Whole day");
	if (session == 0)
		return _("Morning");
	if (session == 1)
		return _("Afternoon");
	snprintf(buf, n, _("Session %d"), session + 1);
	return buf;
}

static const char *unit_name(const struct summary *s, int64_t id)
{
	for (int u = 0; u < s->nunits; u++)
		if (s->units[u].id == id)
			return s->units[u].name;
	return "";
}

static void heads(const struct summary *s, struct table *t)
{
	t[0] = (struct table){ .file = "discipline.csv", .sheet = N_("Discipline"),
	                       .title = N_("MONTHLY DISCIPLINE SUMMARY"), .sign = true };
	col(&t[0], _("Staff code"), TEXT); col(&t[0], _("Full name"), TEXT); col(&t[0], _("Unit"), TEXT);
	col(&t[0], _("Staff kind"), TEXT); col(&t[0], _("Working days"), INT); col(&t[0], _("Days present"), INT);
	col(&t[0], _("Late"), INT); col(&t[0], _("Late (min)"), INT); col(&t[0], _("Early leave"), INT);
	col(&t[0], _("Early (min)"), INT); col(&t[0], _("Unexcused half-days"), INT);
	col(&t[0], _("Unexcused days"), INT); col(&t[0], _("Missing taps"), INT);
	col(&t[0], _("Missing taps still within the days to justify them"), INT);
	col(&t[0], _("Badge not worn"), INT); col(&t[0], _("Excused by symbol"), TEXT);
	col(&t[0], _("Points deducted"), NUM); col(&t[0], _("Discipline sub-score"), NUM);

	t[1] = (struct table){ .file = "deductions.csv", .sheet = N_("Deductions"),
	                       .title = N_("DEDUCTIONS AND THE DAYS THEY COME FROM") };
	col(&t[1], _("Staff code"), TEXT); col(&t[1], _("Full name"), TEXT); col(&t[1], _("Date"), TEXT);
	col(&t[1], _("Session"), TEXT); col(&t[1], _("Fact"), TEXT); col(&t[1], _("Cause"), TEXT);
	col(&t[1], _("Minutes"), INT); col(&t[1], _("Tap time"), TEXT); col(&t[1], _("Charged as"), TEXT);
	col(&t[1], _("Why"), TEXT); col(&t[1], _("Points"), NUM);

	t[2] = (struct table){ .file = "scorecards.csv", .sheet = N_("Scorecards"),
	                       .title = N_("EMULATION SCORECARDS"), .sign = true };
	col(&t[2], _("Rank"), INT); col(&t[2], _("Staff code"), TEXT); col(&t[2], _("Full name"), TEXT);
	col(&t[2], _("Comparable group"), TEXT);
	for (int k = 0; k < s->ncrit; k++)
		col(&t[2], label_criterion(s->crit[k].code, s->crit_names[k]), NUM);
	col(&t[2], _("General criteria"), NUM); col(&t[2], _("Task results"), NUM); col(&t[2], _("Total points"), NUM);
	col(&t[2], _("Criteria not entered"), INT); col(&t[2], _("Rating by score"), TEXT);
	col(&t[2], _("Rating"), TEXT); col(&t[2], _("Held by the cap"), TEXT);
	col(&t[2], _("Tied at the cap"), TEXT); col(&t[2], _("Disciplined"), TEXT);

	t[3] = (struct table){ .file = "collectives.csv", .sheet = N_("Collectives"),
	                       .title = N_("COLLECTIVE SCORES") };
	col(&t[3], _("Rank"), INT); col(&t[3], _("Unit code"), TEXT); col(&t[3], _("Unit name"), TEXT);
	col(&t[3], _("Members"), INT); col(&t[3], _("Score"), NUM); col(&t[3], _("Rating"), TEXT);

	t[4] = (struct table){ .file = "awards.csv", .sheet = N_("Award candidates"),
	                       .title = N_("AWARD CANDIDATES"), .sign = true };
	col(&t[4], _("Individual or collective"), TEXT); col(&t[4], _("Position"), INT);
	col(&t[4], _("Code"), TEXT); col(&t[4], _("Name"), TEXT); col(&t[4], _("Score"), NUM);
	col(&t[4], _("Achievements"), TEXT);

	t[5] = (struct table){ .file = "alerts.csv", .sheet = N_("Alerts"),
	                       .title = N_("ALERTS FOR PEOPLE TO ACT ON") };
	col(&t[5], _("Staff code"), TEXT); col(&t[5], _("Full name"), TEXT); col(&t[5], _("Unit"), TEXT);
	col(&t[5], _("Staff kind"), TEXT); col(&t[5], _("Alert"), TEXT);
}

#define NTABLES 6

static void build(const struct summary *s, struct table *t)
{
	heads(s, t);
	char b[512];
	for (int i = 0; i < s->npeople; i++) {
		const struct summary_person *x = &s->people[i];
		const struct score_discipline *d = &x->d;
		text(&t[0], x->code); text(&t[0], x->name); text(&t[0], unit_name(s, x->unit_id));
		text(&t[0], label_staff_kind(x->staff_kind));
		cell(&t[0], "%d", x->working_days); cell(&t[0], "%d", x->present_days);
		cell(&t[0], "%d", d->late_count); cell(&t[0], "%d", d->late_minutes);
		cell(&t[0], "%d", d->early_count); cell(&t[0], "%d", d->early_minutes);
		cell(&t[0], "%d", d->half_days); cell(&t[0], "%d", d->days);
		cell(&t[0], "%d", d->missing_taps); cell(&t[0], "%d", d->missing_taps_open);
		cell(&t[0], "%d", d->badge_not_worn); text(&t[0], hr_symbols_text(b, sizeof b, x->excused));
		pts_cell(&t[0], d->deducted); pts_cell(&t[0], d->sub_score);
		for (int j = x->fact0; j < x->fact0 + x->nfacts; j++) {
			const struct score_fact *f = &s->facts[j];
			const char *tap = s->fact_tap_at[j];
			text(&t[1], x->code); text(&t[1], x->name); date_cell(&t[1], f->date);
			text(&t[1], session_name(f->session, b, sizeof b));
			text(&t[1], label_fact((enum score_fact_kind)f->kind));
			text(&t[1], label_cause((enum score_cause)f->cause));
			if (f->minutes) cell(&t[1], "%d", f->minutes); else text(&t[1], "");
			/* the local time of the tap; its date is the row's */
			cell(&t[1], "%.5s", tap && strlen(tap) >= 16 ? tap + 11 : "");
			text(&t[1], label_charge((enum score_charge)f->charge));
			text(&t[1], label_why((enum score_why_not)f->why));
			pts_cell(&t[1], -f->points);
		}
		for (int k = 0; k < SCORE_ALERT_KINDS; k++)
			if (x->alerts.mask & (1u << k)) {
				text(&t[5], x->code); text(&t[5], x->name); text(&t[5], unit_name(s, x->unit_id));
				text(&t[5], label_staff_kind(x->staff_kind));
				text(&t[5], label_alert((enum score_alert_kind)k));
			}
	}
	for (int i = 0; i < s->npeople; i++) {   /* cards in rank order */
		const struct score_card *k = &s->cards[i];
		const struct summary_person *x = summary_person_of(s, k->person_id);
		cell(&t[2], "%d", k->rank); text(&t[2], x->code); text(&t[2], x->name);
		text(&t[2], label_group(k->group));
		for (int c = 0; c < s->ncrit; c++) {
			if (x->points[c] < 0) text(&t[2], ""); else pts_cell(&t[2], x->points[c]);
		}
		pts_cell(&t[2], x->general); pts_cell(&t[2], x->task); pts_cell(&t[2], x->total);
		cell(&t[2], "%d", x->missing);
		text(&t[2], label_band((enum score_band)k->band_by_score));
		text(&t[2], label_band((enum score_band)k->band));
		text(&t[2], k->capped ? label_yes_no(true) : "");
		text(&t[2], k->tie_at_cap ? label_yes_no(true) : "");
		text(&t[2], k->disciplined ? label_yes_no(true) : "");
	}
	for (int u = 0; u < s->nunits; u++) {
		const struct score_collective *c = &s->coll[u];
		cell(&t[3], "%d", c->rank); text(&t[3], s->units[u].code); text(&t[3], s->units[u].name);
		cell(&t[3], "%d", c->members); pts_cell(&t[3], c->score);
		text(&t[3], label_band((enum score_band)c->band));
	}
	char line[512];
	for (int i = 0; i < s->naward_ind; i++) {
		const struct score_card *k = &s->cards[s->award_ind[i]];
		const struct summary_person *x = summary_person_of(s, k->person_id);
		score_achievement_line(k, &x->d, s->year, s->month, line, sizeof line);
		text(&t[4], _("Individual")); cell(&t[4], "%d", i + 1); text(&t[4], x->code);
		text(&t[4], x->name); pts_cell(&t[4], k->total); text(&t[4], line);
	}
	for (int i = 0; i < s->naward_coll; i++) {
		int u = s->award_coll[i];
		score_collective_line(&s->coll[u], s->units[u].excellent_members, s->year, s->month, line, sizeof line);
		text(&t[4], _("Collective")); cell(&t[4], "%d", i + 1); text(&t[4], s->units[u].code);
		text(&t[4], s->units[u].name); pts_cell(&t[4], s->coll[u].score); text(&t[4], line);
	}
	for (int i = 0; i < NTABLES; i++)
		t[i].nrows /= t[i].ncols;   /* from cells to rows */
}

static int write_csv(const struct table *t, const char *dir)
{
	char path[4200], tmp[4300];
	snprintf(path, sizeof path, "%s/%s", dir, t->file);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "we");
	if (!f)
		goto fail;
	hr_csv_bom(f);
	for (int c = 0; c < t->ncols; c++)
		hr_csv_field(f, t->head[c], c == 0, HR_CELL_TEXT);
	hr_csv_end(f);
	for (int r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			const char *v = t->cells[r * t->ncols + c];
			char num[64];
			if (t->kind[c] != TEXT && v && *v)
				hr_csv_field(f, hr_csv_num(num, sizeof num, strtod(v, NULL), 2), c == 0, HR_CELL_NUMBER);
			else
				hr_csv_field(f, v, c == 0, HR_CELL_TEXT);
		}
		hr_csv_end(f);
	}
	bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0)
		ok = false;
	f = NULL;
	if (!ok)
		goto fail;
	if (rename(tmp, path) != 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, _("attendctl: cannot write %s: %s\n"), tmp, strerror(errno));
	if (f)
		fclose(f);
	unlink(tmp);
	return -1;
}

static void write_sheet(lxw_workbook *wb, const struct doc_xlsx_formats *fm, const struct table *t,
                        const char *const *lines, int nlines)
{
	lxw_worksheet *ws = doc_xlsx_sheet(wb, _(t->sheet));
	lxw_row_t head = doc_xlsx_title(ws, fm, _(t->title), lines, nlines) + 1;
	doc_xlsx_page(ws, head);
	int head_lines = 1;
	int *row_lines = calloc((size_t)t->nrows + 1, sizeof *row_lines);
	for (int c = 0; c < t->ncols; c++) {
		size_t longest = 0;
		for (int r = 0; r < t->nrows; r++) {
			const char *v = t->cells[r * t->ncols + c];
			size_t w = v ? hr_width(v) : 0;
			if (w > longest)
				longest = w;
		}
		double width = doc_xlsx_width(longest, t->head[c]);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL);
		if (doc_xlsx_lines(t->head[c], width) > head_lines)
			head_lines = doc_xlsx_lines(t->head[c], width);
		worksheet_write_string(ws, head, (lxw_col_t)c, t->head[c], fm->head);
		for (int r = 0; r < t->nrows; r++) {
			const char *v = t->cells[r * t->ncols + c];
			lxw_row_t xr = head + 1 + (lxw_row_t)r;
			if (!v || !*v)
				worksheet_write_blank(ws, xr, (lxw_col_t)c, fm->text);
			else if (t->kind[c] != TEXT)
				worksheet_write_number(ws, xr, (lxw_col_t)c, strtod(v, NULL),
				                       t->kind[c] == INT ? fm->integer : fm->number);
			else {   /* a string, never a formula, whatever a name starts with */
				worksheet_write_string(ws, xr, (lxw_col_t)c, v, longest > DOC_XLSX_WRAP_AT ? fm->wrap : fm->text);
				int l = longest > DOC_XLSX_WRAP_AT ? doc_xlsx_lines(v, width) : 1;
				if (row_lines && l > row_lines[r])
					row_lines[r] = l;
			}
		}
	}
	worksheet_set_row(ws, head, DOC_XLSX_LINE * head_lines + 3, NULL);
	for (int r = 0; row_lines && r < t->nrows; r++)
		if (row_lines[r] > 1)
			worksheet_set_row(ws, head + 1 + (lxw_row_t)r, DOC_XLSX_LINE * row_lines[r] + 2, NULL);
	free(row_lines);
	if (t->nrows == 0)
		worksheet_write_string(ws, head + 1, 0, _("(no rows)"), fm->text);
	if (t->sign) {
		static const char *const signers[] = { N_("Prepared by"), N_("Head of agency") };
		doc_xlsx_signatures(ws, fm, head + 1 + (lxw_row_t)(t->nrows ? t->nrows : 1), t->ncols, signers, 2);
	}
}

static int write_xlsx(const struct table *t, int ntables, const char *dir, const char *const *lines,
                      int nlines)
{
	char path[4200], tmp[4300];
	snprintf(path, sizeof path, "%s/summary.xlsx", dir);
	snprintf(tmp, sizeof tmp, "%s/.summary.tmp.xlsx", dir);
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), tmp, strerror(errno));
		return -1;
	}
	struct doc_xlsx_formats fm;
	doc_xlsx_formats(wb, &fm);
	for (int i = 0; i < ntables; i++)
		write_sheet(wb, &fm, &t[i], lines, nlines);
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR || rename(tmp, path) != 0) {
		fprintf(stderr, _("attendctl: cannot write %s: %s\n"), path,
		        e != LXW_NO_ERROR ? lxw_strerror(e) : strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int mkdirs(const char *path)
{
	char p[4096];
	snprintf(p, sizeof p, "%s", path);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = 0;
			if (mkdir(p, 0750) != 0 && errno != EEXIST)
				return -1;
			*s = '/';
		}
	return mkdir(p, 0750) != 0 && errno != EEXIST ? -1 : 0;
}

int summary_write_files(const struct summary *s, const char *dir, const char *agency_name)
{
	char out[4096];
	snprintf(out, sizeof out, "%s/%s/%s", dir, s->agency_code, s->month_text);
	if (strchr(s->agency_code, '/') || mkdirs(out) != 0) {
		fprintf(stderr, _("attendctl: --output-dir: cannot make '%s': %s\n"), out, strerror(errno));
		return -1;
	}
	struct table t[NTABLES];
	build(s, t);
	/* under each title: the agency, the period and how far it is counted, the rule set */
	char period[256], asof[16], rules[256];
	snprintf(period, sizeof period, _("Month %02d/%d, counted up to %s%s"), s->month, s->year,
	         hr_date(asof, sizeof asof, s->as_of), s->complete ? "" : _(" (the month is not over)"));
	snprintf(rules, sizeof rules, _("Score rule set: %s"), s->rules.label);
	const char *lines[] = { agency_name && *agency_name ? agency_name : s->agency_code, period, rules };
	int rc = 0;
	for (int i = 0; i < NTABLES && !rc; i++)
		rc = write_csv(&t[i], out);
	if (!rc)
		rc = write_xlsx(t, NTABLES, out, lines, 3);
	for (int i = 0; i < NTABLES; i++)
		table_free(&t[i]);
	return rc;
}
