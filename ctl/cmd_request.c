/* attendctl request: leave and absences with a timesheet symbol (P, Ô, CT, ...), whole or half
 * day.  Only approved requests count; approving one after the fact changes its days. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"   /* _(), hr_num, the session's language */

/* The request's symbol must be one of the agency's timesheet symbols (national or its own).  The
 * database refuses others too (sql/004's trigger), but in English and by the agency's internal
 * id; here the agency is named by its code and the symbols it has are listed. */
static bool symbol_known(struct ctl *c, const char *agency_id, const char *symbol)
{
	PGresult *r = ctl_exec(c, "request add",
	        "SELECT a.code, bool_or(s.code = $2), string_agg(DISTINCT s.code, ', ' ORDER BY s.code)"
	        " FROM attend.agency a JOIN attend.timesheet_symbol s ON s.agency_id IS NULL OR s.agency_id = a.id"
	        " WHERE a.id = $1 GROUP BY a.code", 2, (const char *const[]){ agency_id, symbol });
	if (!r)
		return false;
	bool ok = PQntuples(r) == 1 && PQgetvalue(r, 0, 1)[0] == 't';
	if (!ok && PQntuples(r) == 1)
		fprintf(stderr, _("attendctl: request add: --symbol '%s' is not a timesheet symbol of agency %s "
		                  "(its symbols: %s)\n"), symbol, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 2));
	PQclear(r);
	return ok;
}

static int request_add(struct ctl *c, const char *agency, const char *person, const char *symbol,
                       const char *from, const char *to, const char *part, const char *reason,
                       const char *approved_by)
{
	if (!person || !symbol || !from || !to) {
		fprintf(stderr, _("attendctl: request add: --person, --symbol, --from and --to are required\n"));
		return 2;
	}
	if (!ctl_check_date("--from", &from) || !ctl_check_date("--to", &to))
		return 2;
	if (strcmp(from, to) > 0) {
		char f[16], t[16];
		fprintf(stderr, _("attendctl: request add: --from %s is after --to %s\n"), hr_date(f, sizeof f, from),
		        hr_date(t, sizeof t, to));
		return 2;
	}
	if (strcmp(part, "day") && strcmp(part, "morning") && strcmp(part, "afternoon")) {
		fprintf(stderr, _("attendctl: request add: --part '%s' is not day, morning or afternoon\n"), part);
		return 2;
	}
	char person_id[32], agency_id[32];
	if (!ctl_person(c, agency, person, person_id, agency_id, sizeof person_id))
		return 1;
	if (!symbol_known(c, agency_id, symbol))
		return 2;
	/* Annual leave beyond the balance: the agency's rule says warn (the request is kept) or
	 * refuse (nothing is written).  The database makes the same check in a trigger for every
	 * client (sql/027_leave_balance.sql); here it is said in the user's language. */
	PGresult *check = ctl_exec(c, "request add",
	        "SELECT year, asked, remaining, pending, available, shortfall, refuse"
	        " FROM attend.leave_request_check($1, $2, $3, $4, $5, $6) WHERE shortfall > 0", 6,
	        (const char *const[]){ agency_id, person_id, symbol, from, to, part });
	if (!check)
		return 1;
	bool refuse = PQntuples(check) > 0 && PQgetvalue(check, 0, 6)[0] == 't';
	for (int i = 0; i < PQntuples(check); i++) {
		char asked[32], rem[32], pend[32], over[32];
		hr_num(asked, sizeof asked, atof(PQgetvalue(check, i, 1)), 2);
		hr_num(rem, sizeof rem, atof(PQgetvalue(check, i, 2)), 2);
		hr_num(pend, sizeof pend, atof(PQgetvalue(check, i, 3)), 2);
		hr_num(over, sizeof over, atof(PQgetvalue(check, i, 5)), 2);
		fprintf(stderr, refuse ?
		        _("attendctl: request add: refused: annual leave of %s in %s: this request takes %s day(s); "
		          "%s day(s) remain, of which %s already asked for and not decided: %s day(s) over the balance. "
		          "The agency refuses leave beyond the balance; nothing was written\n") :
		        _("attendctl: request add: warning: annual leave of %s in %s: this request takes %s day(s); "
		          "%s day(s) remain, of which %s already asked for and not decided: %s day(s) over the balance\n"),
		        person, PQgetvalue(check, i, 0), asked, rem, pend, over);
	}
	PQclear(check);
	if (refuse)
		return 1;
	const char *p[8] = { agency_id, person_id, symbol, from, to, part, reason, approved_by };
	/* the trigger's own WARNING was said above, in the user's language */
	if (!ctl_begin(c))
		return 1;
	PGresult *r = ctl_exec(c, "request add", "SET LOCAL client_min_messages = error", 0, NULL);
	PQclear(r);
	r = !r ? NULL : ctl_exec(c, "request add",
	        "INSERT INTO attend.request (agency_id, person_id, symbol, date_from, date_to, part, reason,"
	        " status, decided_by, decided_at)"
	        " VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8::text IS NULL THEN 'requested' ELSE 'approved' END,"
	        "  $8, CASE WHEN $8::text IS NULL THEN NULL ELSE now() END) RETURNING id, status", 8, p);
	if (!r || !ctl_commit(c)) {
		PQclear(r);
		ctl_rollback(c);
		return 1;
	}
	if (!c->quiet) {
		char f[16], t[16];
		bool approved = !strcmp(PQgetvalue(r, 0, 1), "approved");
		printf(approved ? _("request %s: %s for %s, %s to %s (%s), approved\n")
		                : _("request %s: %s for %s, %s to %s (%s), requested\n"),
		       PQgetvalue(r, 0, 0), symbol, person, hr_date(f, sizeof f, from), hr_date(t, sizeof t, to),
		       _(part));
	}
	PQclear(r);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl request add --person CODE --symbol SYM --from DATE --to DATE\n"
	                   "                             [--part day|morning|afternoon] [--reason TEXT]\n"
	                   "                             [--agency CODE] [--approved-by NAME] [--lang vi|en]\n"
	                   "       attendctl request approve|reject ID [--by NAME]\n"));
}

int cmd_request(struct ctl *c, int argc, char **argv)
{
	const char *person = NULL, *agency = NULL, *symbol = NULL, *from = NULL, *to = NULL,
	           *part = "day", *reason = NULL, *approved = NULL, *by = NULL, *lang = NULL;
	int done = hr_help_args(argc, argv, (const struct hr_opt[]){ { "person", &person }, { "agency", &agency },
	        { "symbol", &symbol }, { "from", &from }, { "to", &to }, { "part", &part }, { "reason", &reason },
	        { "approved-by", &approved }, { "by", &by }, { "lang", &lang }, { NULL } }, usage);
	if (done >= 0)
		return done;
	if (!hr_lang_init(lang))
		return 2;
	int n = argc - optind;
	char **a = argv + optind;
	if (n == 1 && !strcmp(a[0], "add"))
		return request_add(c, agency, person, symbol, from, to, part, reason, approved);
	if (n == 2 && (!strcmp(a[0], "approve") || !strcmp(a[0], "reject")))
		return ctl_decide(c, "request", a[1], !strcmp(a[0], "approve") ? "approved" : "rejected", by);
	usage(stderr);
	return 2;
}
