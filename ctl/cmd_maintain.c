/* attendctl maintain: routine upkeep an administrator (or a timer) runs: monthly partitions
 * of raw taps created ahead, and a warning for taps that fell into the default partition
 * (an edge clock far off: they are kept, but HR should know).  `maintain retention ...`:
 * personal data past its retention, ctl/maintain_retention.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/maintain_retention.h"

int cmd_maintain(struct ctl *c, int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "retention"))
		return maintain_retention(c, argc - 1, argv + 1);
	long months = 24;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--months") && i + 1 < argc) {
			char *end;
			months = strtol(argv[++i], &end, 10);
			if (*end || months < 1 || months > 240) {
				fprintf(stderr, "attendctl: maintain: --months '%s' is not a number from 1 to 240\n", argv[i]);
				return 2;
			}
		} else {
			fprintf(stderr, "attendctl: maintain: unexpected argument '%s'\nusage: attendctl maintain [--months N]\n"
			        "       attendctl maintain retention ... (attendctl(1))\n", argv[i]);
			return 2;
		}
	}
	char m[16];
	snprintf(m, sizeof m, "%ld", months);
	const char *p[1] = { m };
	PGresult *r = ctl_exec(c, "maintain", "SELECT attend.ensure_tap_partitions("
	                       "date_trunc('month', attend.now())::date, $1::int)", 1, p);
	if (!r)
		return 1;
	printf("tap partitions: %s created for the next %ld month(s)\n", PQgetvalue(r, 0, 0), months);
	PQclear(r);
	r = ctl_exec(c, "maintain", "SELECT count(*), min(tapped_at)::text, max(tapped_at)::text "
	             "FROM attend.tap_default", 0, NULL);
	if (!r)
		return 1;
	if (strcmp(PQgetvalue(r, 0, 0), "0") != 0)
		fprintf(stderr, "attendctl: maintain: warning: %s tap(s) outside the monthly partitions "
		        "(%s .. %s): an edge clock is far off; they are kept, check attend.edge_clock\n",
		        PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2));
	PQclear(r);
	return 0;
}
