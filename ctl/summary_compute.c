/* Scores a loaded month with the pure engine: discipline per person, scorecards, ranking and
 * the cap, collectives, award candidates, alerts; then a digest of the results (a rerun with
 * the same inputs gives the same digest, which is how a locked month shows it would change). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/scores.h"

static const char *const groups[] = { "cong_chuc", "vien_chuc", "hop_dong", "khac" };
#define NGROUPS 4

const char *summary_group_name(int g)
{
	return g >= 0 && g < NGROUPS ? groups[g] : "khac";
}

static int group_of(const char *kind)
{
	for (int g = 0; g < NGROUPS; g++)
		if (!strcmp(kind, groups[g]))
			return g;
	return NGROUPS - 1;
}

static int unit_index(const struct summary *s, int64_t id)
{
	int lo = 0, hi = s->nunits - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (s->units[mid].id == id)
			return mid;
		if (s->units[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void digest_add(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		*h ^= b[i];
		*h *= 1099511628211ull;   /* FNV-1a */
	}
}

int summary_compute(struct summary *s)
{
	const struct score_rules *r = &s->rules;
	s->cards = calloc((size_t)s->npeople + 1, sizeof *s->cards);
	if (!s->cards)
		return -1;
	int64_t sum = 0;
	for (int i = 0; i < s->npeople; i++) {
		struct summary_person *x = &s->people[i];
		if (score_discipline(r, s->facts + x->fact0, x->nfacts, &x->d) != 0) {
			fprintf(stderr, "attendctl: summary: facts of person %s are out of order\n", x->code);
			return -1;
		}
		for (int k = 0; k < s->ncrit; k++)
			if (s->crit[k].automatic)
				x->points[k] = x->d.sub_score < s->crit[k].max ? x->d.sub_score : s->crit[k].max;
		x->missing = score_card_total(s->crit, s->ncrit, x->points, &x->total, &x->general, &x->task);
		score_alerts_of(r, &x->d, !strcmp(x->staff_kind, "hop_dong"), s->abs + x->abs0, x->nabs,
		                s->first, s->as_of_date, &x->alerts);
		s->cards[i] = (struct score_card){
			.person_id = x->id, .group = group_of(x->staff_kind), .unit = unit_index(s, x->unit_id),
			.total = x->total, .discipline = x->d.sub_score, .task = x->task,
			.disciplined = x->disciplined, .ranked = x->working_days > 0,
		};
		if (s->cards[i].ranked)
			sum += x->total;
	}
	/* The agency's own collective score decides the 25% cap (the unit the decree speaks of is
	 * the agency where the person works). */
	int ranked = 0;
	for (int i = 0; i < s->npeople; i++)
		ranked += s->cards[i].ranked;
	s->unit_excellent = ranked > 0 && (2 * sum + ranked) / (2 * ranked) >= r->band_excellent;
	bool exc[NGROUPS];
	for (int g = 0; g < NGROUPS; g++)
		exc[g] = s->unit_excellent;
	if (score_rank(r, s->cards, s->npeople, exc, NGROUPS) != 0 ||
	    score_collectives(r, s->cards, s->npeople, s->coll, s->nunits) != 0)
		return -1;
	for (int i = 0; i < s->npeople; i++) {
		struct summary_person *x = summary_person_of(s, s->cards[i].person_id);
		x->card = &s->cards[i];
		if (s->cards[i].unit >= 0 && s->cards[i].band == SCORE_BAND_EXCELLENT)
			s->units[s->cards[i].unit].excellent_members++;
	}
	s->naward_ind = score_award_individuals(r, s->cards, s->npeople, s->award_ind, &s->tie_ind);
	s->naward_coll = score_award_collectives(r, s->coll, s->nunits, s->award_coll, &s->tie_coll);
	if (s->naward_ind < 0 || s->naward_coll < 0)
		return -1;

	uint64_t h = 14695981039346656037ull;
	digest_add(&h, &r->version, sizeof r->version);
	for (int i = 0; i < s->npeople; i++) {
		const struct summary_person *x = &s->people[i];
		digest_add(&h, &x->id, sizeof x->id);
		digest_add(&h, &x->d, sizeof x->d);
		digest_add(&h, x->points, (size_t)s->ncrit * sizeof *x->points);
		digest_add(&h, &x->card->band, sizeof x->card->band);
		digest_add(&h, &x->card->rank, sizeof x->card->rank);
		digest_add(&h, &x->alerts.mask, sizeof x->alerts.mask);
		digest_add(&h, x->excused, strlen(x->excused));
	}
	for (int i = 0; i < s->nfacts; i++)
		digest_add(&h, &s->facts[i], sizeof s->facts[i]);
	snprintf(s->digest, sizeof s->digest, "%016llx", (unsigned long long)h);
	return 0;
}
