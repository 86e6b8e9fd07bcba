/* The month as files for people: CSV (one per table, UTF-8, RFC 4180 quoting) and one XLSX
 * workbook with a sheet per table, built from the same cells so they always agree.  Each file is
 * written under a temporary name and renamed, so a reader never sees half a file. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "ctl/scores.h"

struct table {
	const char *file, *sheet;
	int ncols, nrows, cap;
	const char *const *head;
	char **cells;
};

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
	rules_date_to_ymd(d, &y, &m, &dd);
	cell(t, "%04d-%02d-%02d", y, m, dd);
}

static const char *const h_disc[] = { "code", "full_name", "staff_kind", "working_days", "present_days",
	"late_count", "late_minutes", "early_count", "early_minutes", "unexcused_half_days", "unexcused_days",
	"missing_taps", "missing_taps_open", "badge_not_worn", "excused", "deducted", "sub_score", "rule_set" };
static const char *const h_ded[] = { "code", "work_date", "session", "fact", "cause", "minutes", "tap_at",
	"charge", "why", "points" };
static const char *const h_card[] = { "code", "full_name", "group", "general", "task", "total",
	"missing_criteria", "band_by_score", "band", "rank", "capped", "tie_at_cap", "disciplined" };
static const char *const h_coll[] = { "unit", "name", "members", "score", "band", "rank" };
static const char *const h_award[] = { "kind", "position", "code", "name", "points", "achievements" };
static const char *const h_alert[] = { "code", "full_name", "staff_kind", "alert" };

#define NCOLS(h) ((int)(sizeof h / sizeof h[0]))

static void build(const struct summary *s, struct table *t)
{
	t[0] = (struct table){ "discipline.csv", "Kỷ luật", NCOLS(h_disc), 0, 0, h_disc, NULL };
	t[1] = (struct table){ "deductions.csv", "Trừ điểm", NCOLS(h_ded), 0, 0, h_ded, NULL };
	t[2] = (struct table){ "scorecards.csv", "Thi đua", NCOLS(h_card), 0, 0, h_card, NULL };
	t[3] = (struct table){ "collectives.csv", "Tập thể", NCOLS(h_coll), 0, 0, h_coll, NULL };
	t[4] = (struct table){ "awards.csv", "Đề nghị khen thưởng", NCOLS(h_award), 0, 0, h_award, NULL };
	t[5] = (struct table){ "alerts.csv", "Cảnh báo", NCOLS(h_alert), 0, 0, h_alert, NULL };
	for (int i = 0; i < s->npeople; i++) {
		const struct summary_person *x = &s->people[i];
		const struct score_discipline *d = &x->d;
		cell(&t[0], "%s", x->code); cell(&t[0], "%s", x->name); cell(&t[0], "%s", x->staff_kind);
		cell(&t[0], "%d", x->working_days); cell(&t[0], "%d", x->present_days);
		cell(&t[0], "%d", d->late_count); cell(&t[0], "%d", d->late_minutes);
		cell(&t[0], "%d", d->early_count); cell(&t[0], "%d", d->early_minutes);
		cell(&t[0], "%d", d->half_days); cell(&t[0], "%d", d->days);
		cell(&t[0], "%d", d->missing_taps); cell(&t[0], "%d", d->missing_taps_open);
		cell(&t[0], "%d", d->badge_not_worn); cell(&t[0], "%s", x->excused);
		pts_cell(&t[0], d->deducted); pts_cell(&t[0], d->sub_score); cell(&t[0], "%s", s->rules.label);
		for (int j = x->fact0; j < x->fact0 + x->nfacts; j++) {
			const struct score_fact *f = &s->facts[j];
			static const char *const fk[] = { "late", "early_leave", "missing_tap", "unexcused_half_day", "badge_not_worn" };
			static const char *const ck[] = { "none", "absent", "late", "early", "missing_tap" };
			cell(&t[1], "%s", x->code); date_cell(&t[1], f->date);
			if (f->session >= 0) cell(&t[1], "%d", f->session); else cell(&t[1], "%s", "");
			cell(&t[1], "%s", f->kind < SCORE_FACT_KINDS ? fk[f->kind] : "?");
			cell(&t[1], "%s", f->cause <= SCORE_CAUSE_MISSING_TAP ? ck[f->cause] : "?");
			cell(&t[1], "%d", f->minutes);
			cell(&t[1], "%s", s->fact_tap_at[j] ? s->fact_tap_at[j] : "");
			cell(&t[1], "%s", score_charge_name((enum score_charge)f->charge));
			cell(&t[1], "%s", score_why_name((enum score_why_not)f->why));
			pts_cell(&t[1], -f->points);
		}
		for (int k = 0; k < SCORE_ALERT_KINDS; k++)
			if (x->alerts.mask & (1u << k)) {
				cell(&t[5], "%s", x->code); cell(&t[5], "%s", x->name); cell(&t[5], "%s", x->staff_kind);
				cell(&t[5], "%s", score_alert_name((enum score_alert_kind)k));
			}
	}
	for (int i = 0; i < s->npeople; i++) {   /* cards in rank order */
		const struct score_card *k = &s->cards[i];
		const struct summary_person *x = summary_person_of(s, k->person_id);
		cell(&t[2], "%s", x->code); cell(&t[2], "%s", x->name); cell(&t[2], "%s", summary_group_name(k->group));
		pts_cell(&t[2], x->general); pts_cell(&t[2], x->task); pts_cell(&t[2], x->total);
		cell(&t[2], "%d", x->missing);
		cell(&t[2], "%s", score_band_label((enum score_band)k->band_by_score));
		cell(&t[2], "%s", score_band_label((enum score_band)k->band));
		cell(&t[2], "%d", k->rank); cell(&t[2], "%s", k->capped ? "yes" : "");
		cell(&t[2], "%s", k->tie_at_cap ? "yes" : ""); cell(&t[2], "%s", k->disciplined ? "yes" : "");
	}
	for (int u = 0; u < s->nunits; u++) {
		const struct score_collective *c = &s->coll[u];
		cell(&t[3], "%s", s->units[u].code); cell(&t[3], "%s", s->units[u].name);
		cell(&t[3], "%d", c->members); pts_cell(&t[3], c->score);
		cell(&t[3], "%s", score_band_label((enum score_band)c->band)); cell(&t[3], "%d", c->rank);
	}
	char line[512];
	for (int i = 0; i < s->naward_ind; i++) {
		const struct score_card *k = &s->cards[s->award_ind[i]];
		const struct summary_person *x = summary_person_of(s, k->person_id);
		score_achievement_line(k, &x->d, s->year, s->month, line, sizeof line);
		cell(&t[4], "individual"); cell(&t[4], "%d", i + 1); cell(&t[4], "%s", x->code);
		cell(&t[4], "%s", x->name); pts_cell(&t[4], k->total); cell(&t[4], "%s", line);
	}
	for (int i = 0; i < s->naward_coll; i++) {
		int u = s->award_coll[i];
		score_collective_line(&s->coll[u], s->units[u].excellent_members, s->year, s->month, line, sizeof line);
		cell(&t[4], "collective"); cell(&t[4], "%d", i + 1); cell(&t[4], "%s", s->units[u].code);
		cell(&t[4], "%s", s->units[u].name); pts_cell(&t[4], s->coll[u].score); cell(&t[4], "%s", line);
	}
	for (int i = 0; i < 6; i++)
		t[i].nrows /= t[i].ncols;   /* from cells to rows */
}

static void csv_field(FILE *f, const char *v)
{
	fputc('"', f);
	for (; v && *v; v++) {
		if (*v == '"')
			fputc('"', f);
		fputc(*v, f);
	}
	fputc('"', f);
}

static int write_csv(const struct table *t, const char *dir)
{
	char path[4200], tmp[4300];
	snprintf(path, sizeof path, "%s/%s", dir, t->file);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "we");
	if (!f)
		goto fail;
	for (int c = 0; c < t->ncols; c++) {
		if (c) fputc(',', f);
		csv_field(f, t->head[c]);
	}
	fputs("\r\n", f);
	for (int r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			if (c) fputc(',', f);
			csv_field(f, t->cells[r * t->ncols + c]);
		}
		fputs("\r\n", f);
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
	fprintf(stderr, "attendctl: summary: %s: %s\n", tmp, strerror(errno));
	if (f)
		fclose(f);
	unlink(tmp);
	return -1;
}

static int write_xlsx(const struct table *t, int ntables, const char *dir, const char *title)
{
	char path[4200], tmp[4300];
	snprintf(path, sizeof path, "%s/summary.xlsx", dir);
	snprintf(tmp, sizeof tmp, "%s/.summary.tmp.xlsx", dir);
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb) {
		fprintf(stderr, "attendctl: summary: %s: cannot create the workbook\n", tmp);
		return -1;
	}
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (int i = 0; i < ntables; i++) {
		lxw_worksheet *ws = workbook_add_worksheet(wb, t[i].sheet);
		worksheet_write_string(ws, 0, 0, title, bold);
		for (int c = 0; c < t[i].ncols; c++)
			worksheet_write_string(ws, 2, (lxw_col_t)c, t[i].head[c], bold);
		for (int r = 0; r < t[i].nrows; r++)
			for (int c = 0; c < t[i].ncols; c++) {
				const char *v = t[i].cells[r * t[i].ncols + c];
				char *end;
				double num = v && *v ? strtod(v, &end) : 0;
				if (v && *v && !*end && c > 0)   /* numbers as numbers, codes as text */
					worksheet_write_number(ws, (lxw_row_t)(r + 3), (lxw_col_t)c, num, NULL);
				else
					worksheet_write_string(ws, (lxw_row_t)(r + 3), (lxw_col_t)c, v ? v : "", NULL);
			}
	}
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR || rename(tmp, path) != 0) {
		fprintf(stderr, "attendctl: summary: %s: %s\n", path, e != LXW_NO_ERROR ? lxw_strerror(e) : strerror(errno));
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

int summary_write_files(const struct summary *s, const char *dir)
{
	char out[4096];
	snprintf(out, sizeof out, "%s/%s/%s", dir, s->agency_code, s->month_text);
	if (strchr(s->agency_code, '/') || mkdirs(out) != 0) {
		fprintf(stderr, "attendctl: --output-dir: cannot make '%s': %s\n", out, strerror(errno));
		return -1;
	}
	struct table t[6];
	build(s, t);
	char title[256];
	snprintf(title, sizeof title, "%s — tháng %02d/%d — đến ngày %s — %s%s", s->agency_code, s->month, s->year,
	         s->as_of, s->rules.label, s->complete ? "" : " (chưa hết tháng)");
	int rc = 0;
	for (int i = 0; i < 6 && !rc; i++)
		rc = write_csv(&t[i], out);
	if (!rc)
		rc = write_xlsx(t, 6, out, title);
	for (int i = 0; i < 6; i++)
		table_free(&t[i]);
	return rc;
}
