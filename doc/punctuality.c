/* The punctuality report as a document (doc/punctuality.h): moved from ctl/hr_report.c so that
 * attend-web's XLSX and PDF are attendctl's, byte for byte. */
#include <stdio.h>

#include "doc/punctuality.h"

#define FIGURE_COLS \
	{ "working_days", N_("Working days"), HR_INT }, \
	{ "days_present", N_("Days present"), HR_INT }, \
	{ "late_count", N_("Late"), HR_INT }, \
	{ "late_minutes", N_("Late (min)"), HR_INT }, \
	{ "early_count", N_("Early leave"), HR_INT }, \
	{ "early_minutes", N_("Early (min)"), HR_INT }, \
	{ "missing_taps", N_("Missing taps"), HR_INT }, \
	{ "excused_days", N_("Excused days"), HR_NUM }, \
	{ "excused", N_("Excused by symbol"), HR_SYMBOLS }, \
	{ "unexcused_days", N_("Unexcused days"), HR_NUM }, \
	{ "on_time_days", N_("On-time days"), HR_NUM }, \
	{ "on_time_rate", N_("On-time rate"), HR_RATE }

static const struct hr_col people_cols[] = {
	{ "rank", N_("Rank"), HR_INT },
	{ "person", N_("Staff code"), HR_TEXT },
	{ "full_name", N_("Full name"), HR_TEXT },
	{ "unit", N_("Unit"), HR_TEXT },
	FIGURE_COLS,
};

static const struct hr_col unit_cols[] = {
	{ "rank", N_("Rank"), HR_INT },
	{ "unit", N_("Unit"), HR_TEXT },
	{ "unit_name", N_("Unit name"), HR_TEXT },
	{ "people", N_("Number of people"), HR_INT },
	FIGURE_COLS,
};

#define NCOLS(a) ((int)(sizeof a / sizeof a[0]))

int doc_punctuality_write(const struct doc_punctuality *p, enum hr_format fmt, const char *output)
{
	PGresult *const *res = p->res;
	const char *agency = p->agency, *unit = p->unit, *person = p->person, *from = p->from, *to = p->to;
	char subtitle[1024], d1[16], d2[16], meta[1024];
	const char *covers = unit ? p->unit_name : person ? person : "";
	snprintf(subtitle, sizeof subtitle, _("%s%s%s, from %s to %s"), p->agency_name,
	         *covers ? " — " : "", covers, hr_date(d1, sizeof d1, from), hr_date(d2, sizeof d2, to));
	snprintf(meta, sizeof meta,
	         "{\"report\":\"punctuality\",\"agency\":\"%s\",\"unit\":%s%s%s,\"person\":%s%s%s,"
	         "\"from\":\"%s\",\"to\":\"%s\"}", agency, unit ? "\"" : "", unit ? unit : "null",
	         unit ? "\"" : "", person ? "\"" : "", person ? person : "null", person ? "\"" : "", from, to);
	/* Units with their sub-units after the units themselves; left out of the documents for
	 * people when no unit has one (a flat agency), kept (empty) in JSON for programs. */
	struct hr_section sections[4] = {
		{ "people", N_("People"), people_cols, NCOLS(people_cols), res[0] },
		{ "units", N_("Units (own staff)"), unit_cols, NCOLS(unit_cols), res[1] },
		{ "unit_trees", N_("Units with their sub-units"), unit_cols, NCOLS(unit_cols), res[2] },
		{ "total", N_("Total"), unit_cols, NCOLS(unit_cols), res[3] },
	};
	int nsections = 4;
	if (fmt != HR_FMT_JSON && PQntuples(res[2]) == 0) {
		sections[2] = sections[3];
		nsections = 3;
	}
	struct hr_report rep = { _("Punctuality report"), subtitle, meta, sections, nsections };
	static const char *const signers[] = { N_("Prepared by"), N_("Head of agency") };
	return hr_write_signed_report(&rep, signers, 2, fmt, output);
}
