/* Award candidates under quotas, and their lines for the evidence file (trích ngang thành
 * tích).  The same tie rule as the cap: a tie across the quota line keeps the tied group out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "rules/score_card.h"

static bool card_tied(const struct score_card *a, const struct score_card *b)
{
	return a->total == b->total && a->discipline == b->discipline && a->task == b->task;
}

/* Candidates in order are cand[0..m); keep at most quota, not splitting a tie. */
static int cut(int m, int quota, bool (*tied)(const void *, int, int), const void *ctx,
               const int *cand, bool *ret_tie)
{
	*ret_tie = false;
	if (m <= quota)
		return m;
	int k = quota;
	if (k > 0 && tied(ctx, cand[k - 1], cand[k])) {
		*ret_tie = true;
		while (k > 0 && tied(ctx, cand[k - 1], cand[quota]))
			k--;
	}
	return k;
}

static bool cards_tied(const void *ctx, int i, int j)
{
	const struct score_card *c = ctx;
	return card_tied(&c[i], &c[j]);
}

static bool colls_tied(const void *ctx, int i, int j)
{
	const struct score_collective *c = ctx;
	return c[i].score == c[j].score;
}

static int better_card(const struct score_card *a, const struct score_card *b)
{
	if (a->total != b->total) return a->total > b->total;
	if (a->discipline != b->discipline) return a->discipline > b->discipline;
	if (a->task != b->task) return a->task > b->task;
	return a->person_id < b->person_id;
}

int score_award_individuals(const struct score_rules *r, const struct score_card *cards, int n,
                            int *ret_idx, bool *ret_tie)
{
	/* The best quota+1 excellent cards, by insertion (quotas are small). */
	int room = r->quota_individuals + 1, m = 0;
	int *cand = malloc((size_t)room * sizeof *cand);
	if (!cand)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		if (!cards[i].ranked || cards[i].band != SCORE_BAND_EXCELLENT)
			continue;
		int at = m < room ? m++ : room;
		while (at > 0 && better_card(&cards[i], &cards[cand[at - 1]])) {
			if (at < room)
				cand[at] = cand[at - 1];
			at--;
		}
		if (at < room)
			cand[at] = i;
	}
	int k = cut(m, r->quota_individuals, cards_tied, cards, cand, ret_tie);
	for (int i = 0; i < k; i++)
		ret_idx[i] = cand[i];
	free(cand);
	return k;
}

int score_award_collectives(const struct score_rules *r, const struct score_collective *coll,
                            int ncoll, int *ret_idx, bool *ret_tie)
{
	int room = r->quota_collectives + 1, m = 0;
	int *cand = malloc((size_t)room * sizeof *cand);
	if (!cand)
		return -ENOMEM;
	for (int i = 0; i < ncoll; i++) {
		if (!coll[i].members || coll[i].band != SCORE_BAND_EXCELLENT)
			continue;
		int at = m < room ? m++ : room;
		while (at > 0 && (coll[i].score > coll[cand[at - 1]].score ||
		                  (coll[i].score == coll[cand[at - 1]].score &&
		                   coll[i].unit_id < coll[cand[at - 1]].unit_id))) {
			if (at < room)
				cand[at] = cand[at - 1];
			at--;
		}
		if (at < room)
			cand[at] = i;
	}
	int k = cut(m, r->quota_collectives, colls_tied, coll, cand, ret_tie);
	for (int i = 0; i < k; i++)
		ret_idx[i] = cand[i];
	free(cand);
	return k;
}

/* Points with a decimal comma, as Vietnamese documents write them. */
static void vn_points(score_pts p, char *buf, int len)
{
	score_format(p, buf, len);
	for (char *s = buf; *s; s++)
		if (*s == '.')
			*s = ',';
}

void score_achievement_line(const struct score_card *card, const struct score_discipline *d,
                            int year, int month, char *buf, int len)
{
	char total[16], disc[16];
	vn_points(card->total, total, sizeof total);
	vn_points(card->discipline, disc, sizeof disc);
	int off = snprintf(buf, (size_t)len, "Tháng %02d/%d: %s, %s điểm (kỷ luật, kỷ cương hành chính %s/10)",
	                   month, year, score_band_label((enum score_band)card->band), total, disc);
	if (off < 0 || off >= len || !d)
		return;
	if (d->late_count + d->early_count == 0 && d->half_days + d->days == 0)
		snprintf(buf + off, (size_t)(len - off), "; không đi muộn, về sớm, không nghỉ không lý do");
	else
		snprintf(buf + off, (size_t)(len - off), "; đi muộn %d, về sớm %d, nghỉ không lý do %d buổi",
		         d->late_count, d->early_count, d->half_days + 2 * d->days);
}

void score_collective_line(const struct score_collective *c, int excellent_members, int year,
                           int month, char *buf, int len)
{
	char s[16];
	vn_points(c->score, s, sizeof s);
	snprintf(buf, (size_t)len, "Tháng %02d/%d: bình quân %s điểm, %d người, %d Hoàn thành xuất sắc, xếp thứ %d",
	         month, year, s, c->members, excellent_members, c->rank);
}
