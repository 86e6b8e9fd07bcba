/* Names for people (ctl/labels.h).  The msgids are English; po/vi.po gives the decrees' words. */
#include <string.h>

#include "ctl/hr.h"
#include "ctl/labels.h"

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

const char *label_yes_no(bool v)
{
	return v ? _("yes") : _("no");
}
