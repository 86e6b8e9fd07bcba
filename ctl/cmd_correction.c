/* attendctl correction: a missed tap added, or a tap excluded, as a new audited row (who,
 * when, why, approved by).  Raw taps are never edited; the days are evaluated again. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"   /* _() */

static bool two_digits(const char *s, int max, int *ret)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	*ret = (s[0] - '0') * 10 + (s[1] - '0');
	return *ret <= max;
}

/* "DATE HH:MM[:SS]" (or DATE T HH:MM...), the date as every date of attendctl (dd/mm/yyyy or
 * yyyy-mm-dd): a local time.  *ret_whole_minute when no seconds. */
static bool local_time(const char *s, char *out, size_t len, bool *ret_whole_minute)
{
	char date[16], iso[CTL_DATE_LEN];
	const char *t = s ? s + strcspn(s, " T") : NULL;
	int h, mi, se = 0;
	size_t dl = t ? (size_t)(t - s) : 0, tl = t && *t ? strlen(t + 1) : 0;
	bool ok = t && *t && dl < sizeof date && (tl == 5 || tl == 8);
	if (ok) {
		memcpy(date, s, dl);
		date[dl] = '\0';
		t++;
		ok = ctl_parse_date(date, iso) && two_digits(t, 23, &h) && t[2] == ':' && two_digits(t + 3, 59, &mi) &&
		     (tl == 5 || (t[5] == ':' && two_digits(t + 6, 59, &se)));
	}
	if (!ok) {
		fprintf(stderr, _("attendctl: correction: --at '%s' is not a local time (dd/mm/yyyy HH:MM[:SS] or "
		                  "yyyy-mm-dd HH:MM[:SS])\n"), s ? s : "");
		return false;
	}
	snprintf(out, len, "%s %02d:%02d:%02d", iso, h, mi, se);
	*ret_whole_minute = tl == 5;
	return true;
}

static int correction_add(struct ctl *c, const char *agency, const char *person, const char *at,
                          const char *dir, const char *reason, const char *approved_by)
{
	char when[64], person_id[32], agency_id[32];
	bool minute;
	if (!local_time(at, when, sizeof when, &minute))
		return 2;
	if (strcmp(dir, "in") && strcmp(dir, "out") && strcmp(dir, "both")) {
		fprintf(stderr, _("attendctl: correction: --dir '%s' is not in, out or both\n"), dir);
		return 2;
	}
	if (!ctl_person(c, agency, person, person_id, agency_id, sizeof person_id))
		return 1;
	const char *p[6] = { agency_id, person_id, when, dir, reason, approved_by };
	PGresult *r = ctl_exec(c, "correction add",
	        "INSERT INTO attend.correction (agency_id, person_id, kind, tapped_at, direction, tz, reason,"
	        " status, decided_by, decided_at)"
	        " SELECT a.id, $2, 'add', $3::timestamp AT TIME ZONE a.tz, $4, a.tz, $5,"
	        "  CASE WHEN $6::text IS NULL THEN 'requested' ELSE 'approved' END, $6,"
	        "  CASE WHEN $6::text IS NULL THEN NULL ELSE now() END"
	        " FROM attend.agency a WHERE a.id = $1 RETURNING id, status", 6, p);
	if (!r)
		return 1;
	if (!c->quiet) {
		char shown[CTL_DATE_LEN + 16];
		printf(!strcmp(PQgetvalue(r, 0, 1), "approved") ? _("correction %s: tap of %s added at %s (approved)\n")
		                                                : _("correction %s: tap of %s added at %s (waiting for approval)\n"),
		       PQgetvalue(r, 0, 0), person, hr_date(shown, sizeof shown, when));
	}
	PQclear(r);
	return 0;
}

static int correction_exclude(struct ctl *c, const char *agency, const char *person, const char *at,
                              const char *reason, const char *approved_by)
{
	char when[64], person_id[32], agency_id[32];
	bool minute;
	if (!local_time(at, when, sizeof when, &minute))
		return 2;
	if (!ctl_person(c, agency, person, person_id, agency_id, sizeof person_id))
		return 1;
	const char *p[3] = { person_id, when, minute ? "60" : "1" };
	PGresult *r = ctl_exec(c, "correction exclude",
	        "SELECT t.edge_id, t.epoch, t.seq, t.tapped_at, to_char(t.tapped_at AT TIME ZONE a.tz, 'YYYY-MM-DD HH24:MI:SS')"
	        " FROM attend.person pe JOIN attend.agency a ON a.id = pe.agency_id"
	        " JOIN attend.badge b ON b.person_id = pe.id"
	        " JOIN attend.tap t ON t.uid = b.uid AND t.tapped_at >= b.valid_from"
	        "  AND (b.valid_to IS NULL OR t.tapped_at < b.valid_to)"
	        "  AND t.tapped_at >= $2::timestamp AT TIME ZONE a.tz"
	        "  AND t.tapped_at < ($2::timestamp + make_interval(secs => $3::int)) AT TIME ZONE a.tz"
	        " WHERE pe.id = $1 ORDER BY t.tapped_at", 3, p);
	if (!r)
		return 1;
	int n = PQntuples(r);
	char shown[CTL_DATE_LEN + 16];
	if (n == 0) {
		fprintf(stderr, _("attendctl: correction exclude: no taps of %s at %s\n"), person,
		        hr_date(shown, sizeof shown, when));
		PQclear(r);
		return 1;
	}
	if (n > 1) {
		char list[512] = "";
		for (int i = 0, o = 0; i < n && o < (int)sizeof list; i++) {
			char t[CTL_DATE_LEN + 16];
			o += snprintf(list + o, sizeof list - (size_t)o, "%s%s", i ? ", " : "",
			              hr_date(t, sizeof t, PQgetvalue(r, i, 4)));
		}
		fprintf(stderr, _("attendctl: correction exclude: several taps of %s at %s: %s; give the seconds\n"),
		        person, hr_date(shown, sizeof shown, when), list);
		PQclear(r);
		return 1;
	}
	const char *q[7] = { agency_id, person_id, PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 0),
	                     PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2), reason };
	const char *q2[8] = { q[0], q[1], q[2], q[3], q[4], q[5], q[6], approved_by };
	PGresult *w = ctl_exec(c, "correction exclude",
	        "INSERT INTO attend.correction (agency_id, person_id, kind, tapped_at, tz, tap_edge_id, tap_epoch,"
	        " tap_seq, reason, status, decided_by, decided_at)"
	        " SELECT a.id, $2, 'exclude', $3, a.tz, $4, $5, $6, $7,"
	        "  CASE WHEN $8::text IS NULL THEN 'requested' ELSE 'approved' END, $8,"
	        "  CASE WHEN $8::text IS NULL THEN NULL ELSE now() END"
	        " FROM attend.agency a WHERE a.id = $1 RETURNING id, status", 8, q2);
	if (w && !c->quiet)
		printf(!strcmp(PQgetvalue(w, 0, 1), "approved") ? _("correction %s: tap of %s at %s excluded (approved)\n")
		                                                : _("correction %s: tap of %s at %s excluded (waiting for approval)\n"),
		       PQgetvalue(w, 0, 0), person, hr_date(shown, sizeof shown, PQgetvalue(r, 0, 4)));
	PQclear(r);
	PQclear(w);
	return w ? 0 : 1;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl correction add --person CODE --at 'DATE HH:MM[:SS]' --reason TEXT\n"
	                   "                                [--dir in|out|both] [--agency CODE] [--approved-by NAME]\n"
	                   "       attendctl correction exclude --person CODE --at 'DATE HH:MM[:SS]' --reason TEXT\n"
	                   "                                [--agency CODE] [--approved-by NAME]\n"
	                   "       attendctl correction approve|reject ID [--by NAME]\n"
	                   "DATE is dd/mm/yyyy or yyyy-mm-dd.  Times are local to the person's agency.  Without\n"
	                   "--approved-by a correction waits for approval and changes nothing yet.\n"));
}

int cmd_correction(struct ctl *c, int argc, char **argv)
{
	const char *person = NULL, *agency = NULL, *at = NULL, *dir = "both", *reason = NULL,
	           *approved = NULL, *by = NULL;
	int done = hr_help_args(argc, argv, (const struct hr_opt[]){ { "person", &person }, { "agency", &agency },
	        { "at", &at }, { "dir", &dir }, { "reason", &reason }, { "approved-by", &approved }, { "by", &by },
	        { NULL } }, usage);
	if (done >= 0)
		return done;
	int n = argc - optind;
	char **a = argv + optind;
	if (n == 1 && (!strcmp(a[0], "add") || !strcmp(a[0], "exclude"))) {
		if (!person || !at || !reason || !*reason) {
			fprintf(stderr, _("attendctl: correction %s: --person, --at and --reason are required\n"), a[0]);
			return 2;
		}
		return !strcmp(a[0], "add") ? correction_add(c, agency, person, at, dir, reason, approved)
		                            : correction_exclude(c, agency, person, at, reason, approved);
	}
	if (n == 2 && (!strcmp(a[0], "approve") || !strcmp(a[0], "reject")))
		return ctl_decide(c, "correction", a[1], !strcmp(a[0], "approve") ? "approved" : "rejected", by);
	usage(stderr);
	return 2;
}
