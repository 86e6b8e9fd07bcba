/* The annual leave balances as a document (doc/leave_balance.h): moved from ctl/cmd_leave.c so
 * that attend-web's files are attendctl's, byte for byte. */
#include <stdio.h>

#include "doc/leave_balance.h"

/* One statement for people, units and total: the person rows once, in a temporary table. */
const char doc_leave_people_sql[] =
	"CREATE TEMP TABLE hr_leave ON COMMIT DROP AS"
	" SELECT b.*, coalesce((SELECT CASE WHEN $6 THEN c.name_vi ELSE c.name_en END FROM attend.leave_class c"
	"   WHERE c.code = b.leave_class AND (c.agency_id IS NULL OR c.agency_id = $1)"
	"   ORDER BY c.agency_id NULLS LAST LIMIT 1), b.leave_class) AS class_name"
	" FROM attend.leave_balance($1, $2, $3, $4, $5) b";

/* JSON keeps the class's identifier; the other formats are read by people. */
const char doc_leave_people_rows_sql[] =
	"SELECT person_code, full_name, unit_code, CASE WHEN $1 THEN leave_class ELSE class_name END,"
	" service_years, class_days, seniority_days, months, entitled, carried_over, lapsed, taken, booked,"
	" pending, remaining, remaining - pending"
	" FROM hr_leave ORDER BY unit_code, person_code";

#define SUMS "sum(entitled), sum(carried_over), sum(lapsed), sum(taken), sum(booked), sum(pending)," \
	" sum(remaining), sum(remaining - pending)"

const char doc_leave_unit_rows_sql[] =
	"SELECT unit_code, unit_name, count(*)::int, " SUMS
	" FROM hr_leave GROUP BY unit_code, unit_name ORDER BY unit_code";

/* The total has the units' columns (so a CSV's sections line up), named by what it covers:
 * the unit asked for, or the agency ($1 the agency, $2 the unit or NULL). */
const char doc_leave_total_sql[] =
	"SELECT (SELECT code FROM attend.org_unit WHERE id = $2::bigint),"
	" coalesce((SELECT name FROM attend.org_unit WHERE id = $2::bigint),"
	"          (SELECT name FROM attend.agency WHERE id = $1::bigint)),"
	" count(*)::int, " SUMS " FROM hr_leave";

static const struct hr_col people_cols[] = {
	{ "person", N_("Staff code"), HR_TEXT },
	{ "full_name", N_("Full name"), HR_TEXT },
	{ "unit", N_("Unit"), HR_TEXT },
	{ "leave_class", N_("Leave class"), HR_TEXT },
	{ "service_years", N_("Years of service"), HR_INT },
	{ "class_days", N_("Days of the class"), HR_NUM },
	{ "seniority_days", N_("Seniority days"), HR_NUM },
	{ "months", N_("Months worked"), HR_INT },
	{ "entitled", N_("Entitled this year"), HR_NUM },
	{ "carried_over", N_("Carried over"), HR_NUM },
	{ "lapsed", N_("Carried, lapsed"), HR_NUM },
	{ "taken", N_("Taken"), HR_NUM },
	{ "booked", N_("Approved ahead"), HR_NUM },
	{ "pending", N_("Asked, not decided"), HR_NUM },
	{ "remaining", N_("Remaining"), HR_NUM },
	{ "available", N_("Remaining after asked"), HR_NUM },
};

static const struct hr_col unit_cols[] = {
	{ "unit", N_("Unit"), HR_TEXT },
	{ "unit_name", N_("Unit name"), HR_TEXT },
	{ "people", N_("People"), HR_INT },
	{ "entitled", N_("Entitled this year"), HR_NUM },
	{ "carried_over", N_("Carried over"), HR_NUM },
	{ "lapsed", N_("Carried, lapsed"), HR_NUM },
	{ "taken", N_("Taken"), HR_NUM },
	{ "booked", N_("Approved ahead"), HR_NUM },
	{ "pending", N_("Asked, not decided"), HR_NUM },
	{ "remaining", N_("Remaining"), HR_NUM },
	{ "available", N_("Remaining after asked"), HR_NUM },
};

#define NCOLS(a) ((int)(sizeof a / sizeof a[0]))

int doc_leave_balance_write(const struct doc_leave_balance *l, enum hr_format fmt, const char *output)
{
	char subtitle[1024], d1[16], meta[1024];
	const char *agency = l->agency, *unit = l->unit, *person = l->person;
	const char *scope = unit ? l->unit_name : person ? person : "";
	snprintf(subtitle, sizeof subtitle, _("%s%s%s, year %s, as of %s"), l->agency_name,
	         *scope ? " — " : "", scope, l->year, hr_date(d1, sizeof d1, l->as_of));
	snprintf(meta, sizeof meta,
	         "{\"report\":\"leave_balance\",\"agency\":\"%s\",\"unit\":%s%s%s,\"person\":%s%s%s,"
	         "\"year\":%s,\"as_of\":\"%s\"}", agency, unit ? "\"" : "", unit ? unit : "null",
	         unit ? "\"" : "", person ? "\"" : "", person ? person : "null", person ? "\"" : "",
	         l->year, l->as_of);
	struct hr_section sections[3] = {
		{ "people", N_("People"), people_cols, NCOLS(people_cols), l->res[0] },
		{ "units", N_("Units (own staff)"), unit_cols, NCOLS(unit_cols), l->res[1] },
		{ "total", N_("Total"), unit_cols, NCOLS(unit_cols), l->res[2] },
	};
	struct hr_report rep = { _("Annual leave balances"), subtitle, meta, sections, 3 };
	return hr_write_report(&rep, fmt, output);
}
