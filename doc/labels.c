/* Names for people (ctl/labels.h).  The msgids are English; po/vi.po gives the decrees' words. */
#include <string.h>

#include "doc/doc.h"
#include "doc/labels.h"

#define PICK(tab, i) ((unsigned)(i) < sizeof(tab) / sizeof((tab)[0]) ? _((tab)[i]) : "?")

const char *label_band(enum score_band b)
{
	static const char *const n[] = {
		N_("Not ranked"), N_("Failed to complete duties"), N_("Completed duties"),
		N_("Completed duties well"), N_("Completed duties excellently"),
	};
	return PICK(n, b);
}

const char *label_staff_kind(const char *kind)
{
	static const struct { const char *id, *name; } k[] = {
		{ "cong_chuc", N_("Civil servant") }, { "vien_chuc", N_("Public employee") },
		{ "hop_dong", N_("Labour contract") }, { "khac", N_("Other") },
	};
	for (size_t i = 0; kind && i < sizeof k / sizeof k[0]; i++)
		if (!strcmp(kind, k[i].id))
			return _(k[i].name);
	return kind ? kind : "";
}

const char *label_group(int group)
{
	/* the groups are the staff kinds, in summary_group_name's order */
	static const char *const ids[] = { "cong_chuc", "vien_chuc", "hop_dong", "khac" };
	return (unsigned)group < sizeof ids / sizeof ids[0] ? label_staff_kind(ids[group]) : "?";
}

const char *label_fact(enum score_fact_kind f)
{
	static const char *const n[] = { N_("Late arrival"), N_("Early leave"), N_("Missing tap"),
	                                 N_("Unexcused half-day"), N_("Badge not worn") };
	return PICK(n, f);
}

const char *label_cause(enum score_cause c)
{
	static const char *const n[] = { "", N_("absent"), N_("late beyond the half-day threshold"),
	                                 N_("left before the half-day threshold"), N_("missing tap") };
	return c == SCORE_CAUSE_NONE ? "" : PICK(n, c);
}

const char *label_charge(enum score_charge c)
{
	static const char *const n[] = { N_("not charged"), N_("late arrival or early leave"),
	                                 N_("unexcused half-day"), N_("unexcused day"),
	                                 N_("missing tap"), N_("badge not worn") };
	return PICK(n, c);
}

const char *label_why(enum score_why_not w)
{
	static const char *const n[] = {
		N_("charged"), N_("counted in the missed half-day"), N_("counted in the unexcused day"),
		N_("beyond the monthly cap for late and early"),
		N_("still within the days to justify it"), N_("charged as the missing tap"),
	};
	return PICK(n, w);
}

const char *label_alert(enum score_alert_kind k)
{
	static const char *const n[] = {
		N_("Suggest a written reminder"), N_("Tell the head of unit"),
		N_("Contract staff: unexcused days within 30 days"),
		N_("Contract staff: unexcused days within 365 days"),
	};
	return PICK(n, k);
}

const char *label_criterion(const char *code, const char *name_vi)
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
	if (!hr_vi())
		for (size_t i = 0; code && i < sizeof k / sizeof k[0]; i++)
			if (!strcmp(code, k[i].code))
				return _(k[i].name);
	return name_vi ? name_vi : code ? code : "";
}

/* The identifiers SQL stores for facts and causes (ctl/summary_store.c writes the same). */
static const char *const fact_ids[] = { "late", "early_leave", "missing_tap", "unexcused_half_day",
                                        "badge_not_worn" };
static const char *const cause_ids[] = { "none", "absent", "late", "early", "missing_tap" };

const char *label_of(enum label_set set, const char *id)
{
	if (!id)
		return "";
	switch (set) {
	case LABEL_STAFF_KIND:
		return label_staff_kind(id);
	case LABEL_BAND:
		for (int b = SCORE_BAND_NOT_RANKED; b <= SCORE_BAND_EXCELLENT; b++)
			if (!strcmp(id, score_band_name((enum score_band)b)))
				return label_band((enum score_band)b);
		break;
	case LABEL_ALERT:
		for (int k = 0; k < SCORE_ALERT_KINDS; k++)
			if (!strcmp(id, score_alert_name((enum score_alert_kind)k)))
				return label_alert((enum score_alert_kind)k);
		break;
	case LABEL_FACT:
		for (size_t k = 0; k < sizeof fact_ids / sizeof fact_ids[0]; k++)
			if (!strcmp(id, fact_ids[k]))
				return label_fact((enum score_fact_kind)k);
		break;
	case LABEL_CAUSE:
		for (size_t k = 0; k < sizeof cause_ids / sizeof cause_ids[0]; k++)
			if (!strcmp(id, cause_ids[k]))
				return label_cause((enum score_cause)k);
		break;
	case LABEL_CHARGE:
		for (int k = SCORE_CHARGE_NONE; k <= SCORE_CHARGE_BADGE_NOT_WORN; k++)
			if (!strcmp(id, score_charge_name((enum score_charge)k)))
				return label_charge((enum score_charge)k);
		break;
	case LABEL_WHY:
		for (int k = SCORE_WHY_CHARGED; k <= SCORE_WHY_AS_MISSING_TAP; k++)
			if (!strcmp(id, score_why_name((enum score_why_not)k)))
				return label_why((enum score_why_not)k);
		break;
	}
	return id;
}

const char *label_yes_no(bool v)
{
	return v ? _("yes") : _("no");
}
