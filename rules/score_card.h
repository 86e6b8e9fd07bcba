/* The emulation scorecard (thi đua): criteria as data, bands, the cap on Hoàn thành xuất sắc,
 * ranking within comparable groups, collective scores and award candidates.  Pure. */
#ifndef RULES_SCORE_CARD_H
#define RULES_SCORE_CARD_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/score.h"

enum score_band {
	SCORE_BAND_NOT_RANKED,     /* no scorecard to rank (left, not employed in the month) */
	SCORE_BAND_NOT_DONE,       /* < 50 Không hoàn thành nhiệm vụ */
	SCORE_BAND_DONE,           /* 50–<70 Hoàn thành nhiệm vụ */
	SCORE_BAND_GOOD,           /* 70–<90 Hoàn thành tốt nhiệm vụ */
	SCORE_BAND_EXCELLENT,      /* >= 90 Hoàn thành xuất sắc nhiệm vụ */
};

const char *score_band_name(enum score_band b);    /* "hoan_thanh_tot" ... */
const char *score_band_label(enum score_band b);   /* "Hoàn thành tốt" ... */

enum score_group { SCORE_GROUP_GENERAL, SCORE_GROUP_TASK };

/* One criterion of the card (attend.score_criterion). */
struct score_criterion {
	char code[24];             /* "discipline", "attitude", ... */
	uint8_t group;             /* enum score_group */
	score_pts max;
	bool automatic;            /* filled from the discipline sub-score, not entered */
};

/* The card's total from the points per criterion (-1: not entered yet, counts 0).  Points
 * outside [0, max] are clamped.  Returns how many criteria are missing. */
int score_card_total(const struct score_criterion *crit, int ncrit, const score_pts *points,
                     score_pts *ret_total, score_pts *ret_general, score_pts *ret_task);

/* A band from the total; a disciplined person is never above Không hoàn thành. */
enum score_band score_band_of(const struct score_rules *r, score_pts total, bool disciplined);

struct score_card {
	/* in */
	int64_t person_id;
	int32_t group;             /* comparable group (ranked and capped apart), 0..ngroups-1 */
	int32_t unit;              /* collective index, 0..ncollectives-1, or -1 */
	score_pts total, discipline, task;
	bool disciplined;          /* disciplined during the year */
	bool ranked;               /* false: not ranked (shown, outside bands and caps) */
	/* out */
	uint8_t band_by_score;     /* enum score_band before the discipline rule and the cap */
	uint8_t band;              /* the band given */
	int32_t rank;              /* within the group, 1 = best; ties share ("1224") */
	bool capped;               /* moved down to Hoàn thành tốt by the cap */
	bool tie_at_cap;           /* tied across the cap line: held at Hoàn thành tốt, council decides */
};

/* Sorts the cards by (group, total, discipline, task — descending; person id ascending) and
 * fills rank, bands and the cap.  unit_excellent[g]: the group's unit is itself excellent
 * (25% instead of 20%); NULL = none.  0 or -EINVAL. */
int score_rank(const struct score_rules *r, struct score_card *cards, int n,
               const bool *unit_excellent, int ngroups);

/* The collective score of a unit: the mean of its ranked members' totals (to 0.01, half up). */
struct score_collective {
	int64_t unit_id;
	int32_t members;
	score_pts score;
	uint8_t band;              /* by score; NOT_RANKED without members */
	int32_t rank;              /* 1 = best among the collectives; ties share */
};
int score_collectives(const struct score_rules *r, const struct score_card *cards, int n,
                      struct score_collective *coll, int ncoll);

/* Award candidates: the excellent cards (after the cap), best first, at most the quota.  A tie
 * across the quota line keeps the whole tied group out and sets *ret_tie (council decides).
 * Writes card indexes into ret_idx (room for quota_individuals); returns how many,
 * or -ENOMEM. */
int score_award_individuals(const struct score_rules *r, const struct score_card *cards, int n,
                            int *ret_idx, bool *ret_tie);
/* The same for collectives (excellent band, quota_collectives). */
int score_award_collectives(const struct score_rules *r, const struct score_collective *coll,
                            int ncoll, int *ret_idx, bool *ret_tie);

/* The line for the candidates' list (danh sách trích ngang thành tích), UTF-8. */
void score_achievement_line(const struct score_card *card, const struct score_discipline *d,
                            int year, int month, char *buf, int len);
void score_collective_line(const struct score_collective *c, int excellent_members, int year,
                           int month, char *buf, int len);

#endif
