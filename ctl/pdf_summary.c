/* The monthly summary as a PDF for leadership to read and sign (A4 portrait): the people with
 * their discipline figures, scorecard total and band; the collectives; the award candidates
 * with their achievement lines; the signature block; then one scorecard per person: the
 * criteria by name, the points, and every discipline fact traced to its day and tap. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/hr.h"
#include "doc/labels.h"
#include "doc/pdf.h"
#include "ctl/scores.h"

#define SIZE 8
#define HEAD_SIZE 7.5

struct doc {
	const struct summary *s;
	const char *agency_name;
};

static const char *pts(char *buf, size_t n, score_pts p)
{
	return hr_num(buf, n, p / 100.0, 2);
}

static const struct summary_person *card_person(const struct summary *s, int i)
{
	return summary_person_of(s, s->cards[i].person_id);
}

/* ---- I. people ---- */

static const char *const people_heads[] = {
	N_("No."), N_("Full name"), N_("Working days"), N_("Late arrivals"),
	N_("Early leaves"), N_("Unexcused half-days"), N_("Unexcused days"), N_("Missing taps"),
	N_("Badge not worn"), N_("Discipline points"), N_("Total points"), N_("Rating"), N_("Rank"),
	N_("Notes"),
};
#define PEOPLE_COLS ((int)(sizeof people_heads / sizeof people_heads[0]))

/* What a person reads about a card beyond its band. */
static const char *card_note(char *buf, size_t n, const struct score_card *k, const struct summary_person *x)
{
	buf[0] = '\0';
	size_t len = 0;
	const char *parts[4];
	int np = 0;
	char miss[96];
	if (k->disciplined)
		parts[np++] = _("disciplined this year");
	if (k->capped)
		parts[np++] = _("moved to Completed duties well by the cap on excellent ratings");
	if (k->tie_at_cap)
		parts[np++] = _("tied at the cap: the emulation council decides");
	if (x->missing > 0) {
		snprintf(miss, sizeof miss, _("%d criteria not entered"), x->missing);
		parts[np++] = miss;
	}
	for (int i = 0; i < np; i++) {
		int w = snprintf(buf + len, n - len, "%s%s", i ? "; " : "", parts[i]);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	return buf;
}

struct group_arg {
	const struct summary *s;
	int first;                  /* the group's first card */
};

static const char *people_cell(const void *arg, int row, int col, char *buf, size_t n, bool *bold)
{
	const struct group_arg *a = arg;
	const struct summary *s = a->s;
	row += a->first;
	const struct score_card *k = &s->cards[row];
	const struct summary_person *x = card_person(s, row);
	const struct score_discipline *d = &x->d;
	(void)bold;
	int v;
	switch (col) {
	case 0: v = row - a->first + 1; break;
	case 1: return x->name;
	case 2: v = x->working_days; break;
	case 3: v = d->late_count; break;
	case 4: v = d->early_count; break;
	case 5: v = d->half_days; break;
	case 6: v = d->days; break;
	case 7: v = d->missing_taps; break;
	case 8: v = d->badge_not_worn; break;
	case 9: return pts(buf, n, d->sub_score);
	case 10: return pts(buf, n, x->total);
	case 11: return label_band((enum score_band)k->band);
	case 12:
		if (!k->ranked)
			return "";
		v = k->rank;
		break;
	default: return card_note(buf, n, k, x);
	}
	snprintf(buf, n, "%d", v);
	return buf;
}

/* ---- II. collectives ---- */

static const char *const coll_heads[] = {
	N_("No."), N_("Unit"), N_("Members"), N_("Points"), N_("Rating"), N_("Rank"),
};

static const char *coll_cell(const void *arg, int row, int col, char *buf, size_t n, bool *bold)
{
	const struct summary *s = ((const struct doc *)arg)->s;
	const struct score_collective *c = &s->coll[row];
	(void)bold;
	switch (col) {
	case 0: snprintf(buf, n, "%d", row + 1); return buf;
	case 1: return s->units[row].name;
	case 2: snprintf(buf, n, "%d", c->members); return buf;
	case 3: return c->members ? pts(buf, n, c->score) : "";
	case 4: return label_band((enum score_band)c->band);
	default:
		if (!c->members)
			return "";
		snprintf(buf, n, "%d", c->rank);
		return buf;
	}
}

/* ---- III. award candidates: individuals, then collectives ---- */

static const char *const award_heads[] = { N_("No."), N_("Full name or unit"), N_("Points"), N_("Achievements") };

static const char *award_cell(const void *arg, int row, int col, char *buf, size_t n, bool *bold)
{
	const struct summary *s = ((const struct doc *)arg)->s;
	bool ind = row < s->naward_ind;
	(void)bold;
	if (col == 0) {
		snprintf(buf, n, "%d", row + 1);
		return buf;
	}
	if (ind) {
		const struct score_card *k = &s->cards[s->award_ind[row]];
		const struct summary_person *x = summary_person_of(s, k->person_id);
		if (col == 1)
			return x->name;
		if (col == 2)
			return pts(buf, n, k->total);
		score_achievement_line(k, &x->d, s->year, s->month, buf, (int)n);
		return buf;
	}
	int u = s->award_coll[row - s->naward_ind];
	if (col == 1)
		return s->units[u].name;
	if (col == 2)
		return pts(buf, n, s->coll[u].score);
	score_collective_line(&s->coll[u], s->units[u].excellent_members, s->year, s->month, buf, (int)n);
	return buf;
}

/* ---- IV. one scorecard per person ---- */

struct card_arg {
	const struct doc *doc;
	const struct summary_person *x;
};

static const char *const crit_heads[] = { N_("No."), N_("Criterion"), N_("Maximum"), N_("Points") };

static const char *crit_cell(const void *arg, int row, int col, char *buf, size_t n, bool *bold)
{
	const struct card_arg *a = arg;
	const struct summary *s = a->doc->s;
	if (row == s->ncrit) {   /* the total */
		*bold = true;
		if (col == 1)
			return _("Total");
		if (col == 2)
			return "100";
		return col == 3 ? pts(buf, n, a->x->total) : "";
	}
	switch (col) {
	case 0: snprintf(buf, n, "%d", row + 1); return buf;
	case 1: return s->crit_names[row];
	case 2: return pts(buf, n, s->crit[row].max);
	default:
		return a->x->points[row] < 0 ? _("not entered") : pts(buf, n, a->x->points[row]);
	}
}

static const char *const fact_heads[] = {
	N_("Date"), N_("Session"), N_("Fact"), N_("Tap at"), N_("Minutes"), N_("Charged as"), N_("Why"),
	N_("Points deducted"),
};

static const char *fact_cell(const void *arg, int row, int col, char *buf, size_t n, bool *bold)
{
	const struct card_arg *a = arg;
	const struct summary *s = a->doc->s;
	int j = a->x->fact0 + row;
	const struct score_fact *f = &s->facts[j];
	(void)bold;
	switch (col) {
	case 0: {
		int y, m, d;
		char iso[16];
		rules_date_to_ymd(f->date, &y, &m, &d);
		snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
		return hr_date(buf, n, iso);
	}
	case 1:
		if (f->session < 0)
			return _("whole day");
		snprintf(buf, n, _("session %d"), f->session + 1);
		return buf;
	case 2:
		if (f->cause != SCORE_CAUSE_NONE)
			snprintf(buf, n, "%s (%s)", label_fact((enum score_fact_kind)f->kind),
			         label_cause((enum score_cause)f->cause));
		else
			snprintf(buf, n, "%s", label_fact((enum score_fact_kind)f->kind));
		return buf;
	case 3: {
		const char *t = s->fact_tap_at[j];   /* YYYY-MM-DDTHH:MI:SS, local */
		if (!t || strlen(t) < 16)
			return "";
		snprintf(buf, n, "%.5s", t + 11);
		return buf;
	}
	case 4:
		if (f->minutes <= 0)
			return "";
		snprintf(buf, n, "%d", f->minutes);
		return buf;
	case 5: return label_charge((enum score_charge)f->charge);
	case 6: return label_why((enum score_why_not)f->why);
	default: return f->points ? pts(buf, n, -f->points) : "0";
	}
}

static void heads(struct pdf_head *h, const char *const *titles, int n)
{
	for (int i = 0; i < n; i++)
		h[i] = (struct pdf_head){ 0, i, 1, 1, _(titles[i]) };
}

static void scorecard(struct pdf *p, const struct doc *doc, int i)
{
	const struct summary *s = doc->s;
	const struct score_card *k = &s->cards[i];
	const struct summary_person *x = card_person(s, i);
	struct card_arg a = { doc, x };
	double line = pdf_line_height(p, SIZE) + 3.2;
	/* a card stays on one page when it fits on one */
	pdf_need(p, 4 * 14 + (s->ncrit + 2 + (x->nfacts ? x->nfacts + 1 : 1)) * line + 20);
	char pbuf[32], rank[160];
	const char *unit = k->unit >= 0 && k->unit < s->nunits ? s->units[k->unit].name : "";
	if (k->ranked)
		snprintf(rank, sizeof rank, _("rank %d among %s"), k->rank, label_group(k->group));
	else
		rank[0] = '\0';
	char *m = pdf_markup("<b>%d. %s</b> — %s%s%s", i + 1, x->name, label_staff_kind(x->staff_kind),
	                     *unit ? " — " : "", unit);
	pdf_para(p, m, 10, PDF_LEFT);
	pdf_free(m);
	char band[256];
	snprintf(band, sizeof band, _("Total %s points: %s"), pts(pbuf, sizeof pbuf, x->total),
	         label_band((enum score_band)k->band));
	m = pdf_markup("%s%s%s", band, *rank ? "; " : "", rank);
	pdf_para(p, m, 9, PDF_LEFT);
	pdf_free(m);
	pdf_space(p, 2);

	static const struct pdf_col ccols[] = { { 20, PDF_CENTER }, { 300, PDF_LEFT }, { 50, PDF_RIGHT }, { 50, PDF_RIGHT } };
	struct pdf_head ch[4];
	heads(ch, crit_heads, 4);
	struct pdf_table ct = { .cols = ccols, .ncols = 4, .head = ch, .nhead = 4, .head_rows = 1, .size = SIZE,
	                        .head_size = HEAD_SIZE, .nrows = s->ncrit + 1, .cell = crit_cell, .arg = &a };
	pdf_table(p, &ct);
	pdf_space(p, 4);
	if (x->nfacts == 0) {
		m = pdf_markup("<i>%s</i>", _("No breach of working hours or discipline this month."));
		pdf_para(p, m, 9, PDF_LEFT);
		pdf_free(m);
	} else {
		static const struct pdf_col fcols[] = { { 48, PDF_LEFT }, { 32, PDF_LEFT }, { 140, PDF_LEFT },
		                                        { 32, PDF_CENTER }, { 28, PDF_RIGHT }, { 100, PDF_LEFT },
		                                        { 120, PDF_LEFT }, { 36, PDF_RIGHT } };
		struct pdf_head fh[8];
		heads(fh, fact_heads, 8);
		struct pdf_table ft = { .cols = fcols, .ncols = 8, .head = fh, .nhead = 8, .head_rows = 1, .size = SIZE,
		                        .head_size = HEAD_SIZE, .nrows = x->nfacts, .cell = fact_cell, .arg = &a };
		pdf_table(p, &ft);
	}
	pdf_space(p, 14);
}

static void section_title(struct pdf *p, const char *title)
{
	char *m = pdf_markup("<b>%s</b>", title);
	pdf_need(p, 70);
	pdf_space(p, 8);
	pdf_para(p, m, 11, PDF_LEFT);
	pdf_free(m);
	pdf_space(p, 3);
}

static int draw(struct pdf *p, const void *arg)
{
	const struct doc *doc = arg;
	const struct summary *s = doc->s;
	char *left = pdf_markup("<b>%s</b>", doc->agency_name);
	char *right = pdf_markup("<b>%s</b>\n<b>%s</b>", _("SOCIALIST REPUBLIC OF VIETNAM"),
	                         _("Independence - Freedom - Happiness"));
	struct pdf_block top[2] = { { 0, 0.42, left, 10, PDF_CENTER }, { 0.42, 0.58, right, 10, PDF_CENTER } };
	pdf_blocks(p, top, 2);
	pdf_free(left);
	pdf_free(right);
	pdf_space(p, 14);
	char month[128], asof[160], d[16];
	snprintf(month, sizeof month, _("Month %d year %d"), s->month, s->year);
	snprintf(asof, sizeof asof, s->complete ? _("(figures as of %s)") : _("(figures as of %s; the month is not over)"),
	         hr_date(d, sizeof d, s->as_of));
	char *title = pdf_markup("<b>%s</b>\n<b>%s</b>\n<i>%s</i>", _("SUMMARY OF ADMINISTRATIVE DISCIPLINE AND EMULATION SCORES"),
	                         month, asof);
	pdf_para(p, title, 12, PDF_CENTER);
	pdf_free(title);
	title = pdf_markup("<i>%s %s</i>", _("Score rule set:"), s->rules.label);
	pdf_para(p, title, 8, PDF_CENTER);
	pdf_free(title);

	section_title(p, _("I. Individuals"));
	/* A table per comparable group (staff kind): the rank and the cap are within the group. */
	static const struct pdf_col pcols[] = {
		{ 20, PDF_CENTER }, { 86, PDF_LEFT }, { 26, PDF_RIGHT }, { 26, PDF_RIGHT }, { 26, PDF_RIGHT },
		{ 28, PDF_RIGHT }, { 28, PDF_RIGHT }, { 28, PDF_RIGHT }, { 26, PDF_RIGHT }, { 32, PDF_RIGHT },
		{ 30, PDF_RIGHT }, { 120, PDF_LEFT }, { 24, PDF_RIGHT }, { 52, PDF_LEFT },
	};
	struct pdf_head ph[PEOPLE_COLS];
	heads(ph, people_heads, PEOPLE_COLS);
	for (int first = 0, end; first < s->npeople; first = end) {
		for (end = first; end < s->npeople && s->cards[end].group == s->cards[first].group; end++)
			;
		struct group_arg ga = { s, first };
		char *m = pdf_markup("<b><i>%s</i></b>", label_group(s->cards[first].group));
		pdf_need(p, 60);
		pdf_space(p, 4);
		pdf_para(p, m, 10, PDF_LEFT);
		pdf_free(m);
		pdf_space(p, 2);
		struct pdf_table pt = { .cols = pcols, .ncols = PEOPLE_COLS, .head = ph, .nhead = PEOPLE_COLS,
		                        .head_rows = 1, .size = SIZE, .head_size = HEAD_SIZE, .nrows = end - first,
		                        .cell = people_cell, .arg = &ga };
		pdf_table(p, &pt);
	}

	section_title(p, _("II. Collectives"));
	static const struct pdf_col ucols[] = { { 20, PDF_CENTER }, { 200, PDF_LEFT }, { 50, PDF_RIGHT },
	                                        { 50, PDF_RIGHT }, { 120, PDF_LEFT }, { 40, PDF_RIGHT } };
	struct pdf_head uh[6];
	heads(uh, coll_heads, 6);
	struct pdf_table ut = { .cols = ucols, .ncols = 6, .head = uh, .nhead = 6, .head_rows = 1, .size = SIZE,
	                        .head_size = HEAD_SIZE, .nrows = s->nunits, .cell = coll_cell, .arg = doc };
	pdf_table(p, &ut);

	/* The candidates, then the signatures kept with their last rows. */
	static const char *const signers[] = { N_("Prepared by"), N_("Head of agency") };
	const char *who[2] = { _(signers[0]), _(signers[1]) };
	double sign = 16 + pdf_signatures(p, who, 2, false);
	section_title(p, _("III. Award candidates"));
	int nawards = s->naward_ind + s->naward_coll;
	if (nawards == 0 || s->tie_ind || s->tie_coll) {
		char *m = pdf_markup("<i>%s</i>", nawards == 0 ? _("No candidate this month.")
		                                               : _("A tie across the quota kept the tied candidates out: the emulation council decides."));
		pdf_para(p, m, 9, PDF_LEFT);
		pdf_free(m);
	}
	if (nawards > 0) {
		static const struct pdf_col acols[] = { { 20, PDF_CENTER }, { 110, PDF_LEFT }, { 36, PDF_RIGHT },
		                                        { 320, PDF_LEFT } };
		struct pdf_head ah[4];
		heads(ah, award_heads, 4);
		struct pdf_table at = { .cols = acols, .ncols = 4, .head = ah, .nhead = 4, .head_rows = 1,
		                        .size = SIZE, .head_size = HEAD_SIZE, .nrows = nawards, .cell = award_cell,
		                        .arg = doc, .keep_tail = sign };
		pdf_table(p, &at);
	}
	pdf_space(p, 16);
	pdf_signatures(p, who, 2, true);

	pdf_page_break(p);
	section_title(p, _("IV. Individual scorecards"));
	for (int i = 0; i < s->npeople; i++)
		scorecard(p, doc, i);
	return 0;
}

int pdf_summary(struct ctl *c, const struct summary *s, const char *dir)
{
	PGresult *r = ctl_exec(c, "summary", "SELECT name FROM attend.agency WHERE id = $1", 1,
	                       (const char *const[]){ s->agency_id });
	if (!r)
		return -1;
	struct doc doc = { s, PQntuples(r) ? PQgetvalue(r, 0, 0) : s->agency_code };
	char path[4200], title[512], foot[512];
	snprintf(path, sizeof path, "%s/%s/%s/summary.pdf", dir, s->agency_code, s->month_text);
	snprintf(title, sizeof title, "%s — %s — %02d/%04d", _("SUMMARY OF ADMINISTRATIVE DISCIPLINE AND EMULATION SCORES"),
	         doc.agency_name, s->month, s->year);
	snprintf(foot, sizeof foot, "%s — %02d/%04d", doc.agency_name, s->month, s->year);
	struct pdf_doc d = { title, foot, false, draw, &doc };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = pdf_write(&d, path);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == 0 && !c->quiet)
		printf("%s: %d people (%.2f s)\n", path, s->npeople,
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	PQclear(r);
	return rc == 0 ? 0 : -1;
}
