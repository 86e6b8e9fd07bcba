/* attendctl month lock|unlock AGENCY MONTH (11/2026 or 2026-11): a locked month keeps its day results; later
 * changes show as adjustments.  Every lock and unlock is kept in attend.month_lock_event. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"   /* _(), hr_date */

static int month_change(struct ctl *c, bool lock, const char *agency, const char *month,
                        const char *reason)
{
	char agency_id[32], first[CTL_DATE_LEN], shown[16];
	if (!ctl_check_month("month", month, first))
		return 2;
	/* The month as people read it: 11/2026 in Vietnamese, 2026-11 in English. */
	hr_date(shown, sizeof shown, first);
	if (hr_vi())
		memmove(shown, shown + 3, strlen(shown + 3) + 1);
	else
		shown[7] = '\0';
	month = shown;
	if (!ctl_agency(c, agency, agency_id, sizeof agency_id))
		return 1;
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
		fprintf(stderr, lock ? _("attendctl: month %s of %s is already locked\n")
		                     : _("attendctl: month %s of %s is not locked\n"), month, agency);
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
		printf(lock ? _("locked %s of %s\n") : _("unlocked %s of %s\n"), month, agency);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl month lock|unlock AGENCY MONTH [--reason TEXT]\n"
	                   "  MONTH: mm/yyyy or yyyy-mm (11/2026, 2026-11)\n"));
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
