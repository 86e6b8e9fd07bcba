/* Scorecard totals, bands, ranking within comparable groups and the cap on Hoàn thành xuất sắc.
 * The cap (docs/scores.md): the excellent cards E may be at most pct% of the base, never
 * rounded up ("không vượt quá").  Base 'good' (NĐ 335/2025's words): those *finally* rated
 * Hoàn thành tốt, which grows by every card the cap moves down, so with G0 good and E0
 * excellent by score, E <= pct/100 * (G0 + E0 - E), i.e. E <= floor(pct * (G0 + E0) / (100 +
 * pct)).  Base 'good_or_above': E <= floor(pct * (G0 + E0) / 100).  The order is total, then
 * the discipline sub-score, then task results; cards still equal at the cap line are all held
 * at Hoàn thành tốt and flagged, because no number can fairly choose between them (the
 * council decides). */
#include <errno.h>
#include <stdlib.h>

#include "rules/score_card.h"

const char *score_band_name(enum score_band b)
{
	static const char *const n[] = { "not_ranked", "khong_hoan_thanh", "hoan_thanh",
	                                 "hoan_thanh_tot", "hoan_thanh_xuat_sac" };
	return (unsigned)b < sizeof n / sizeof n[0] ? n[b] : "?";
}

const char *score_band_label(enum score_band b)
{
	static const char *const n[] = { "Không xếp loại", "Không hoàn thành nhiệm vụ",
	                                 "Hoàn thành nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
	                                 "Hoàn thành xuất sắc nhiệm vụ" };
	return (unsigned)b < sizeof n / sizeof n[0] ? n[b] : "?";
}

int score_card_total(const struct score_criterion *crit, int ncrit, const score_pts *points,
                     score_pts *ret_total, score_pts *ret_general, score_pts *ret_task)
{
	score_pts general = 0, task = 0;
	int missing = 0;
	for (int i = 0; i < ncrit; i++) {
		score_pts p = points[i];
		if (p < 0) {
			missing++;
			continue;
		}
		if (p > crit[i].max)
			p = crit[i].max;
		if (crit[i].group == SCORE_GROUP_TASK)
			task += p;
		else
			general += p;
	}
	if (ret_total) *ret_total = general + task;
	if (ret_general) *ret_general = general;
	if (ret_task) *ret_task = task;
	return missing;
}

enum score_band score_band_of(const struct score_rules *r, score_pts total, bool disciplined)
{
	if (disciplined || total < r->band_done)
		return SCORE_BAND_NOT_DONE;
	if (total < r->band_good)
		return SCORE_BAND_DONE;
	if (total < r->band_excellent)
		return SCORE_BAND_GOOD;
	return SCORE_BAND_EXCELLENT;
}

/* Same place in the order (ties share a rank). */
static bool same_place(const struct score_card *a, const struct score_card *b)
{
	return a->total == b->total && a->discipline == b->discipline && a->task == b->task;
}

static int by_group_then_merit(const void *pa, const void *pb)
{
	const struct score_card *a = pa, *b = pb;
	if (a->group != b->group) return a->group < b->group ? -1 : 1;
	if (a->ranked != b->ranked) return a->ranked ? -1 : 1;
	if (a->total != b->total) return a->total > b->total ? -1 : 1;
	if (a->discipline != b->discipline) return a->discipline > b->discipline ? -1 : 1;
	if (a->task != b->task) return a->task > b->task ? -1 : 1;
	return (a->person_id > b->person_id) - (a->person_id < b->person_id);
}

static void rank_group(const struct score_rules *r, struct score_card *c, int n, bool excellent_unit)
{
	int pool = 0, nexc = 0;   /* G0 + E0 (good or above, after the discipline rule), E0 */
	for (int i = 0; i < n; i++) {
		struct score_card *k = &c[i];
		k->capped = k->tie_at_cap = false;
		if (!k->ranked) {
			k->band = k->band_by_score = SCORE_BAND_NOT_RANKED;
			k->rank = 0;
			continue;
		}
		k->rank = (i > 0 && c[i - 1].ranked && same_place(&c[i - 1], k)) ? c[i - 1].rank : i + 1;
		k->band_by_score = (uint8_t)score_band_of(r, k->total, false);
		k->band = (uint8_t)score_band_of(r, k->total, k->disciplined);
		if (k->band >= SCORE_BAND_GOOD)
			pool++;
		if (k->band == SCORE_BAND_EXCELLENT)
			nexc++;
	}
	long pct = excellent_unit ? r->excellent_cap_pct_unit_excellent : r->excellent_cap_pct;
	int cap = (int)(r->excellent_cap_base == SCORE_CAP_BASE_GOOD_OR_ABOVE ? pool * pct / 100
	                                                                       : pool * pct / (100 + pct));
	if (nexc <= cap)
		return;
	/* The excellent cards, in order; the first `cap` stay unless tied with the first card over
	 * the line, in which case the whole tie is held back. */
	int seen = 0, keep = cap;
	const struct score_card *line = NULL, *before = NULL;   /* the first card over, the last in */
	for (int i = 0; i < n && !line; i++) {
		if (!c[i].ranked || c[i].band != SCORE_BAND_EXCELLENT)
			continue;
		if (seen++ == cap)
			line = &c[i];
		else
			before = &c[i];
	}
	bool straddle = before && same_place(before, line);
	for (int i = 0; i < n; i++) {
		struct score_card *k = &c[i];
		if (!k->ranked || k->band != SCORE_BAND_EXCELLENT)
			continue;
		if (keep > 0 && !same_place(k, line)) {
			keep--;
			continue;
		}
		k->band = SCORE_BAND_GOOD;
		k->capped = true;
		k->tie_at_cap = straddle && same_place(k, line);
	}
}

int score_rank(const struct score_rules *r, struct score_card *cards, int n,
               const bool *unit_excellent, int ngroups)
{
	if (!r || n < 0 || (n > 0 && !cards))
		return -EINVAL;
	for (int i = 0; i < n; i++)
		if (cards[i].group < 0 || cards[i].group >= ngroups)
			return -EINVAL;
	qsort(cards, (size_t)n, sizeof *cards, by_group_then_merit);
	for (int a = 0; a < n;) {
		int b = a;
		while (b < n && cards[b].group == cards[a].group)
			b++;
		rank_group(r, cards + a, b - a, unit_excellent && unit_excellent[cards[a].group]);
		a = b;
	}
	return 0;
}

int score_collectives(const struct score_rules *r, const struct score_card *cards, int n,
                      struct score_collective *coll, int ncoll)
{
	if (n < 0 || ncoll < 0)
		return -EINVAL;
	int64_t *sum = calloc((size_t)ncoll + 1, sizeof *sum);
	if (!sum)
		return -ENOMEM;
	for (int u = 0; u < ncoll; u++)
		coll[u].members = 0;
	for (int i = 0; i < n; i++)
		if (cards[i].ranked && cards[i].unit >= 0 && cards[i].unit < ncoll) {
			sum[cards[i].unit] += cards[i].total;
			coll[cards[i].unit].members++;
		}
	for (int u = 0; u < ncoll; u++) {
		struct score_collective *c = &coll[u];
		c->score = c->members ? (score_pts)((2 * sum[u] + c->members) / (2 * c->members)) : 0;
		c->band = c->members ? (uint8_t)score_band_of(r, c->score, false) : SCORE_BAND_NOT_RANKED;
	}
	free(sum);
	/* competition ranking among collectives with members: count the better ones */
	for (int u = 0; u < ncoll; u++) {
		coll[u].rank = 0;
		if (!coll[u].members)
			continue;
		int better = 0;
		for (int v = 0; v < ncoll; v++)
			if (coll[v].members && coll[v].score > coll[u].score)
				better++;
		coll[u].rank = better + 1;
	}
	return 0;
}
