/* attendctl month lock|unlock AGENCY YYYY-MM: a locked month keeps its day results; later
 * changes show as adjustments.  Every lock and unlock is kept in attend.month_lock_event. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

static bool month_valid(const char *s)
{
	int y, m, n = 0;
	return strlen(s) == 7 && sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 && y >= 2000 &&
	       y <= 2999 && m >= 1 && m <= 12;
}

static int month_change(struct ctl *c, bool lock, const char *agency, const char *month,
                        const char *reason)
{
	if (!month_valid(month)) {
		fprintf(stderr, "attendctl: month: '%s' is not a month (YYYY-MM)\n", month);
		return 2;
	}
	char agency_id[32], first[16];
	if (!ctl_agency(c, agency, agency_id, sizeof agency_id))
		return 1;
	snprintf(first, sizeof first, "%s-01", month);
	const char *p[3] = { agency_id, first, reason };
	if (!ctl_begin(c))
		return 1;
	PGresult *r = lock
		? ctl_exec(c, "month lock", "INSERT INTO attend.month_lock (agency_id, month, reason)"
		           " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", 3, p)
		: ctl_exec(c, "month unlock", "DELETE FROM attend.month_lock WHERE agency_id = $1 AND month = $2",
		           2, p);
	if (!r) {
		ctl_rollback(c);
		return 1;
	}
	bool changed = atoi(PQcmdTuples(r)) == 1;
	PQclear(r);
	if (!changed) {
		ctl_rollback(c);
		fprintf(stderr, "attendctl: month %s of %s is %s\n", month, agency,
		        lock ? "already locked" : "not locked");
		return 1;
	}
	const char *ev[4] = { agency_id, first, reason, lock ? "lock" : "unlock" };
	r = ctl_exec(c, "month", "INSERT INTO attend.month_lock_event (agency_id, month, action, reason)"
	             " VALUES ($1, $2, $4, $3)", 4, ev);
	PQclear(r);
	if (!r || !ctl_commit(c)) {
		ctl_rollback(c);
		return 1;
	}
	if (!c->quiet)
		printf("%s %s of %s\n", lock ? "locked" : "unlocked", month, agency);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: attendctl month lock|unlock AGENCY YYYY-MM [--reason TEXT]\n");
}

int cmd_month(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *reason = NULL;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "r:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': reason = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	char **a = argv + optind;
	if (argc - optind == 3 && (!strcmp(a[0], "lock") || !strcmp(a[0], "unlock")))
		return month_change(c, !strcmp(a[0], "lock"), a[1], a[2], reason);
	usage(stderr);
	return 2;
}
