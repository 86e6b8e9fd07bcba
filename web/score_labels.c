/* The names people read for the score tables' identifiers: the same English msgids as
 * ctl/labels.c (web/ may not include ctl/), translated by po/web/vi.po with the decrees' words.
 * This file goes when doc/labels lands: the labels move there, shared by attendctl and
 * attend-web. */
#include <string.h>

#include "rules/score.h"
#include "rules/score_card.h"
#include "web/page_scores.h"

const char *score_label_band(const char *id)
{
	static const char *const n[] = {
		N_("Not ranked"), N_("Failed to complete duties"), N_("Completed duties"),
		N_("Completed duties well"), N_("Completed duties excellently"),
	};
	for (int b = SCORE_BAND_NOT_RANKED; b <= SCORE_BAND_EXCELLENT; b++)
		if (!strcmp(id, score_band_name((enum score_band)b)))
			return n[b];
	return id;
}

const char *score_label_staff_kind(const char *id)
{
	static const struct { const char *id, *name; } k[] = {
		{ "cong_chuc", N_("Civil servant") }, { "vien_chuc", N_("Public employee") },
		{ "hop_dong", N_("Labour contract") }, { "khac", N_("Other") },
	};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (!strcmp(id, k[i].id))
			return k[i].name;
	return id;
}

/* The identifiers ctl/summary_store.c writes for facts and causes. */
const char *score_label_fact(const char *id)
{
	static const struct { const char *id, *name; } k[] = {
		{ "late", N_("Late arrival") }, { "early_leave", N_("Early leave") }, { "missing_tap", N_("Missing tap") },
		{ "unexcused_half_day", N_("Unexcused half-day") }, { "badge_not_worn", N_("Badge not worn") },
	};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (!strcmp(id, k[i].id))
			return k[i].name;
	return id;
}

const char *score_label_cause(const char *id)
{
	static const struct { const char *id, *name; } k[] = {
		{ "none", "" }, { "absent", N_("absent") }, { "late", N_("late beyond the half-day threshold") },
		{ "early", N_("left before the half-day threshold") }, { "missing_tap", N_("missing tap") },
	};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (!strcmp(id, k[i].id))
			return k[i].name;
	return id;
}

const char *score_label_charge(const char *id)
{
	static const char *const n[] = { N_("not charged"), N_("late arrival or early leave"),
	                                 N_("unexcused half-day"), N_("unexcused day"),
	                                 N_("missing tap"), N_("badge not worn") };
	for (int c = SCORE_CHARGE_NONE; c <= SCORE_CHARGE_BADGE_NOT_WORN; c++)
		if (!strcmp(id, score_charge_name((enum score_charge)c)))
			return n[c];
	return id;
}

const char *score_label_why(const char *id)
{
	static const char *const n[] = {
		N_("charged"), N_("counted in the missed half-day"), N_("counted in the unexcused day"),
		N_("beyond the monthly cap for late and early"),
		N_("still within the days to justify it"), N_("charged as the missing tap"),
	};
	for (int w = SCORE_WHY_CHARGED; w <= SCORE_WHY_AS_MISSING_TAP; w++)
		if (!strcmp(id, score_why_name((enum score_why_not)w)))
			return n[w];
	return id;
}

const char *score_label_criterion_en(const char *code)
{
	static const struct { const char *code, *name; } k[] = {
		{ "discipline", N_("Strict administrative discipline") },
		{ "attitude", N_("Dedicated and responsible attitude") },
		{ "communication", N_("Proper communication and conduct") },
		{ "ethics", N_("Ethics and lifestyle") },
		{ "dress", N_("Neat and proper dress") },
		{ "movement", N_("Taking part in emulation movements") },
		{ "task_results", N_("Professional skill and task results") },
	};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (!strcmp(code, k[i].code))
			return k[i].name;
	return NULL;
}
