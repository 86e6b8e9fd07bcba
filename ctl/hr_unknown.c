/* attendctl badges unknown: badges seen at the agency's doors that nobody holds at the time of
 * the tap — where, when, how often — so HR can enrol them or chase them.  A tap of an unknown
 * badge is kept (invariant 6); this is where a person looks at them. */
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"

static const char unknown_sql[] =
	"WITH t AS (SELECT t.uid, t.site_id, t.edge_id, t.reader_id, t.tapped_at,"
	"   t.tapped_at AT TIME ZONE coalesce(s.tz, a.tz) AS local_at"
	"  FROM attend.tap t JOIN attend.agency a ON a.id = t.agency_id LEFT JOIN attend.site s ON s.id = t.site_id"
	"  WHERE t.agency_id = $1::bigint"
	"   AND t.tapped_at >= ($2::date::timestamp AT TIME ZONE a.tz)"
	"   AND t.tapped_at < (($3::date + 1)::timestamp AT TIME ZONE a.tz)"
	"   AND NOT EXISTS (SELECT FROM attend.badge b WHERE b.uid = t.uid AND b.valid_from <= t.tapped_at"
	"                   AND (b.valid_to IS NULL OR b.valid_to > t.tapped_at)))"
	" SELECT uid, count(*)::int, count(DISTINCT local_at::date)::int,"
	"  to_char(min(local_at), 'YYYY-MM-DD HH24:MI'), to_char(max(local_at), 'YYYY-MM-DD HH24:MI'),"
	"  string_agg(DISTINCT site_id || '/' || edge_id || '/' || reader_id, ', ')"
	" FROM t GROUP BY uid ORDER BY count(*) DESC, uid";

static const struct hr_col cols[] = {
	{ "uid", N_("Badge"), HR_TEXT }, { "taps", N_("Taps"), HR_INT },
	{ "days", N_("Days"), HR_INT }, { "first_seen", N_("First seen"), HR_DATETIME },
	{ "last_seen", N_("Last seen"), HR_DATETIME }, { "readers", N_("Where (site/edge/reader)"), HR_TEXT },
};

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl badges unknown --agency CODE [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	                   "                 [--format table|csv|json|xlsx] [--output FILE] [--lang vi|en]\n"));
	fprintf(f, "%s", HR_CSV_STYLE_USAGE);
}

int hr_badges_unknown(struct ctl *c, int argc, char **argv)
{
	const char *agency = NULL, *from = NULL, *to = NULL;
	struct hr_out out = { .format = "table" };
	int done = hr_report_args(argc, argv, (const struct hr_opt[]){ { "agency", &agency }, { "from", &from },
	        { "to", &to }, { NULL } }, &out, usage);
	if (done >= 0)
		return done;
	enum hr_format fmt;
	if (!agency) {
		fprintf(stderr, _("attendctl: badges unknown: --agency CODE is required\n"));
		return 2;
	}
	if (!hr_parse_format(out.format, &fmt) || (from && !ctl_check_date("--from", &from)) ||
	    (to && !ctl_check_date("--to", &to)))
		return 2;
	char agency_id[32];
	if (!ctl_agency(c, agency, agency_id, sizeof agency_id))
		return 1;
	/* Default period: the last 30 days to today, by the agency's clock. */
	PGresult *h = ctl_exec(c, "badges unknown",
	        "SELECT a.name, coalesce($2::date, (attend.now() AT TIME ZONE a.tz)::date - 30)::text,"
	        " coalesce($3::date, (attend.now() AT TIME ZONE a.tz)::date)::text"
	        " FROM attend.agency a WHERE a.id = $1::bigint", 3, (const char *const[]){ agency_id, from, to });
	if (!h)
		return 1;
	char f[16], t[16];
	snprintf(f, sizeof f, "%s", PQgetvalue(h, 0, 1));
	snprintf(t, sizeof t, "%s", PQgetvalue(h, 0, 2));
	if (strcmp(f, t) > 0) {
		fprintf(stderr, _("attendctl: badges unknown: --from %s is after --to %s\n"), f, t);
		PQclear(h);
		return 2;
	}
	PGresult *r = ctl_exec(c, "badges unknown", unknown_sql, 3, (const char *const[]){ agency_id, f, t });
	int rc = 1;
	if (r) {
		char subtitle[512], d1[16], d2[16], meta[256];
		snprintf(subtitle, sizeof subtitle, "%s, %s – %s", PQgetvalue(h, 0, 0), hr_date(d1, sizeof d1, f),
		         hr_date(d2, sizeof d2, t));
		snprintf(meta, sizeof meta, "{\"report\":\"badges_unknown\",\"agency\":\"%s\",\"from\":\"%s\",\"to\":\"%s\"}",
		         agency, f, t);
		struct hr_section s = { "unknown", N_("Unknown badges"), cols, (int)(sizeof cols / sizeof cols[0]), r };
		struct hr_report rep = { _("Unknown badges seen at the doors"), subtitle, meta, &s, 1 };
		rc = hr_write_report(&rep, fmt, out.output);
	}
	PQclear(r);
	PQclear(h);
	return rc;
}
