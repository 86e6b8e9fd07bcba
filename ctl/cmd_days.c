/* attendctl days: evaluate days again by hand (repair, a benchmark), and show day results.
 * Evaluation uses the recorder's own evaluator code on the same queue, so it can run while
 * recorders run: they share the work through FOR UPDATE SKIP LOCKED. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"   /* _(), hr_date */
#include "lib/clock.h"
#include "evaluator/evaluator.h"
#include "lib/timeutil.h"

static double mono(void)
{
	return (double)now_monotonic_us() / 1e6;
}

/* Waits until none of the queued days (p: agency, person, from, to) is left in the queue: the
 * evaluator claims a day in the transaction that writes its result, so an empty queue means
 * the results are there. */
static int wait_for_evaluator(struct ctl *c, const char *const p[4], double t0)
{
	static const char left_sql[] =
		"SELECT count(*) FROM attend.day_dirty WHERE ($1::bigint IS NULL OR agency_id = $1::bigint)"
		" AND ($2::bigint IS NULL OR person_id = $2::bigint) AND work_date BETWEEN $3::date AND $4::date";
	const double patience = 600;
	long left = -1;
	for (;;) {
		PGresult *r = ctl_exec(c, "days evaluate", left_sql, 4, p);
		if (!r)
			return 1;
		left = atol(PQgetvalue(r, 0, 0));
		PQclear(r);
		if (left == 0 || mono() - t0 > patience)
			break;
		struct timespec ts = { 0, 300 * 1000000 };
		nanosleep(&ts, NULL);
	}
	if (left > 0) {
		fprintf(stderr, _("attendctl: days evaluate: %ld day(s) still queued after %.0f s: is attend-recorder "
		                  "running with its [evaluator] section enabled?\n"), left, patience);
		return 1;
	}
	if (!c->quiet)
		printf(_("evaluated by the evaluator service in %.2f s; the queue of these days is empty\n"), mono() - t0);
	return 0;
}

static int days_evaluate(struct ctl *c, bool all, const char *agency, const char *person,
                         const char *from, const char *to, bool queue_only, long batch)
{
	if (all == (person != NULL)) {
		fprintf(stderr, _("attendctl: days evaluate: give --all or --person CODE\n"));
		return 2;
	}
	if (!from || !to) {
		fprintf(stderr, _("attendctl: days evaluate: --from and --to are required\n"));
		return 2;
	}
	if (!ctl_check_date("--from", &from) || !ctl_check_date("--to", &to))
		return 2;
	if (strcmp(from, to) > 0) {
		char f[16], t[16];
		fprintf(stderr, _("attendctl: days evaluate: --from %s is after --to %s\n"), hr_date(f, sizeof f, from),
		        hr_date(t, sizeof t, to));
		return 2;
	}
	char agency_id[32] = "", person_id[32] = "";
	if (person && !ctl_person(c, agency, person, person_id, agency_id, sizeof person_id))
		return 1;
	if (!person && agency && !ctl_agency(c, agency, agency_id, sizeof agency_id))
		return 1;
	const char *p[4] = { agency_id[0] ? agency_id : NULL, person_id[0] ? person_id : NULL, from, to };
	double t0 = mono();
	PGresult *r = ctl_exec(c, "days evaluate", "SELECT attend.mark_all_days($1, $2, $3, $4)", 4, p);
	if (!r)
		return 1;
	long queued = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (!c->quiet)
		printf(_("queued %ld day(s)\n"), queued);
	if (queue_only)
		return 0;
	/* Only the evaluator's role writes day results.  Anyone else (HR) queues the days and waits
	 * for the evaluator service (attend-recorder's [evaluator]) to take them. */
	r = ctl_exec(c, "days evaluate", "SELECT has_table_privilege('attend.day_result', 'INSERT')", 0, NULL);
	if (!r)
		return 1;
	bool may_write = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (!may_write)
		return wait_for_evaluator(c, p, t0);
	char err[512];
	if (evaluator_prepare(c->db, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: days evaluate: %s\n", err);
		return 1;
	}
	struct evaluator_stats st = { 0 };
	long n;
	while ((n = evaluator_run_batch(c->db, batch, clock_now_s(), &st, err, sizeof err)) > 0)
		;
	if (n < 0) {
		fprintf(stderr, _("attendctl: days evaluate: %s (%lu day(s) were written before)\n"), err,
		        (unsigned long)st.days);
		return 1;
	}
	double dt = mono() - t0;
	if (!c->quiet)
		printf(_("evaluated %lu day(s) in %.2f s (%.0f person-days/s), %lu outside employment, %lu "
		         "skipped; the queue is empty\n"), (unsigned long)st.days, dt,
		       dt > 0 ? (double)st.days / dt : 0.0, (unsigned long)st.gone, (unsigned long)st.skipped);
	return st.skipped ? 1 : 0;
}

/* s left-aligned in a field of w characters (not bytes: Vietnamese headings). */
static const char *pad(const char *s, size_t w)
{
	static char buf[8][128];
	static unsigned next;
	char *b = buf[next++ % 8];
	size_t n = hr_width(s);
	snprintf(b, sizeof buf[0], "%s%*s", s, n < w ? (int)(w - n) : 0, "");
	return b;
}

static const char show_sql[] =
	"SELECT to_char(r.work_date, 'YYYY-MM-DD ID'), r.day_kind, r.symbol, r.profile,"
	" coalesce((SELECT string_agg(coalesce(to_char(s.\"in\", 'HH24:MI'), '--:--')"
	"   || CASE WHEN s.in_inferred THEN '*' WHEN s.in_manual THEN 'm' ELSE '' END || '-'"
	"   || coalesce(to_char(s.\"out\", 'HH24:MI'), '--:--')"
	"   || CASE WHEN s.out_inferred THEN '*' WHEN s.out_manual THEN 'm' ELSE '' END"
	"   || ' ' || s.status, '  ' ORDER BY s.\"index\")"
	"  FROM jsonb_to_recordset(r.sessions) AS s(\"index\" int, status text, \"in\" timestamp,"
	"   \"out\" timestamp, in_inferred boolean, out_inferred boolean, in_manual boolean,"
	"   out_manual boolean)), ''),"
	" r.minutes_late, r.minutes_early, r.minutes_worked,"
	" coalesce((SELECT string_agg(e.kind || CASE WHEN e.minutes > 0 THEN ' ' || e.minutes ELSE '' END,"
	"   ', ' ORDER BY e.seq) FROM attend.day_exception e WHERE e.agency_id = r.agency_id"
	"   AND e.person_id = r.person_id AND e.work_date = r.work_date), ''),"
	" coalesce((SELECT a.symbol FROM attend.day_adjustment a WHERE a.status = 'pending'"
	"   AND a.agency_id = r.agency_id AND a.person_id = r.person_id AND a.work_date = r.work_date), ''),"
	" r.rule_set_id"
	" FROM attend.day_result r WHERE r.person_id = $1::bigint AND r.work_date BETWEEN $2::date AND $3::date"
	" ORDER BY r.work_date";

static int days_show(struct ctl *c, const char *agency, const char *person, const char *from,
                     const char *to)
{
	if (!person || !from || !to) {
		fprintf(stderr, _("attendctl: days show: --person, --from and --to are required\n"));
		return 2;
	}
	if (!ctl_check_date("--from", &from) || !ctl_check_date("--to", &to))
		return 2;
	char agency_id[32], person_id[32];
	if (!ctl_person(c, agency, person, person_id, agency_id, sizeof person_id))
		return 1;
	const char *p[3] = { person_id, from, to };
	PGresult *r = ctl_exec(c, "days show", show_sql, 3, p);
	if (!r)
		return 1;
	/* Someone else's days are a view of their personal data: logged for them to read
	 * (sql/029), month by month as attend-web's month page logs it; the function leaves out
	 * the login's own person. */
	PGresult *logged = ctl_exec(c, "days show", "SELECT attend.log_data_access(ARRAY[$1::bigint], 'month', m::date::text)"
	                            " FROM generate_series(date_trunc('month', $2::date), $3::date, interval '1 month') m", 3, p);
	if (!logged) {
		PQclear(r);
		return 1;
	}
	PQclear(logged);
	/* The headings are for people (translated); the values keep the engine's names (day kinds,
	 * statuses, exception kinds), which docs/schema-days.md explains. */
	printf("%s %s %s %s %s %s %s %s  %s\n", pad(_("date"), 14), pad(_("kind"), 20), pad(_("symbol"), 6),
	       pad(_("profile"), 12), pad(_("sessions (in-out, * inferred, m manual)"), 40), pad(_("late"), 4),
	       pad(_("early"), 4), pad(_("work"), 5), _("exceptions"));
	for (int i = 0; i < PQntuples(r); i++) {
		char adj[64] = "";
		if (*PQgetvalue(r, i, 9))   /* a locked month's pending change */
			snprintf(adj, sizeof adj, _("adjusted -> %s"), PQgetvalue(r, i, 9));
		/* "2026-11-02 1": the date, then the ISO weekday named in the session's language */
		static const char *const wd[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
		                                  N_("Sat"), N_("Sun") };
		char day[32], iso[CTL_DATE_LEN];
		const char *v = PQgetvalue(r, i, 0);
		int dow = atoi(v + 11);
		snprintf(iso, sizeof iso, "%.10s", v);
		hr_date(day, sizeof day, iso);
		snprintf(day + strlen(day), sizeof day - strlen(day), " %s", dow >= 1 && dow <= 7 ? _(wd[dow - 1]) : "");
		printf("%s %-20s %-6s %-12s %-40s %4s %4s %5s  %s%s%s\n", pad(day, 14),
		       PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4),
		       PQgetvalue(r, i, 5), PQgetvalue(r, i, 6), PQgetvalue(r, i, 7), PQgetvalue(r, i, 8),
		       *adj && *PQgetvalue(r, i, 8) ? "; " : "", adj);
	}
	if (PQntuples(r) == 0) {
		char f[16], t[16];
		printf(_("(no day results for %s from %s to %s)\n"), person, hr_date(f, sizeof f, from),
		       hr_date(t, sizeof t, to));
	}
	PQclear(r);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl days evaluate (--all [--agency CODE] | --person CODE [--agency CODE])\n"
	                   "                                --from DATE --to DATE [--queue-only] [--batch N]\n"
	                   "       attendctl days show --person CODE [--agency CODE] --from DATE --to DATE\n"
	                   "DATE is dd/mm/yyyy or yyyy-mm-dd.\n"));
}

int cmd_days(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'A' },
		{ "agency", required_argument, NULL, 'a' },
		{ "person", required_argument, NULL, 'p' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "queue-only", no_argument, NULL, 'Q' },
		{ "batch", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *agency = NULL, *person = NULL, *from = NULL, *to = NULL;
	bool all = false, queue_only = false;
	long batch = 1000;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end;
		switch (ch) {
		case 'A': all = true; break;
		case 'a': agency = optarg; break;
		case 'p': person = optarg; break;
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'Q': queue_only = true; break;
		case 'b':
			batch = strtol(optarg, &end, 10);
			if (*end || batch < 1 || batch > 10000) {
				fprintf(stderr, _("attendctl: days: --batch '%s' is not a number 1..10000\n"), optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (argc - optind == 1 && !strcmp(argv[optind], "evaluate"))
		return days_evaluate(c, all, agency, person, from, to, queue_only, batch);
	if (argc - optind == 1 && !strcmp(argv[optind], "show") && !all && !queue_only)
		return days_show(c, agency, person, from, to);
	usage(stderr);
	return 2;
}
