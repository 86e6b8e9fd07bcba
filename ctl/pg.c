/* attendctl's libpq adapter: connection and error reporting in one place. */
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"   /* _() */
#include "lib/db_session.h"

PGconn *ctl_db(struct ctl *c)
{
	if (c->db)
		return c->db;
	PGconn *db = PQconnectdb(c->conninfo ? c->conninfo : "");
	if (PQstatus(db) != CONNECTION_OK) {
		if (db_session_switching(db, NULL))
			fprintf(stderr, "attendctl: %s\n", _(DB_SESSION_SWITCHING));
		else
			fprintf(stderr, _("attendctl: cannot connect to the database%s%s: %s"),
			        c->conninfo ? " " : "", c->conninfo ? c->conninfo : "", PQerrorMessage(db));
		PQfinish(db);
		return NULL;
	}
	PQsetClientEncoding(db, "UTF8");
	char err[512];
	if (db_session_clock(db, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: %s\n", err);
		PQfinish(db);
		return NULL;
	}
	/* Notices (e.g. "relation already exists, skipping") are for developers, not HR. */
	PGresult *r = PQexec(db, "SET client_min_messages = warning");
	PQclear(r);
	c->db = db;
	return db;
}

PGresult *ctl_exec(struct ctl *c, const char *what, const char *sql, int nparams,
                   const char *const *params)
{
	PGconn *db = ctl_db(c);
	if (!db)
		return NULL;
	PGresult *r = PQexecParams(db, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		/* A refusal by grants or row-level security is the role's, not a fault: say whose and
		 * where the roles are written down, in the officer's language. */
		if (db_session_switching(db, r))
			fprintf(stderr, "attendctl: %s: %s\n", what, _(DB_SESSION_SWITCHING));
		else if (state && !strcmp(state, "42501"))
			fprintf(stderr, _("attendctl: %s: not allowed for the database role '%s' (%s); "
			                  "docs/roles.md says which role does this\n"),
			        what, PQuser(db), msg ? msg : "permission denied");
		else
			fprintf(stderr, "attendctl: %s: %s%s%s\n", what, msg ? msg : PQerrorMessage(db),
			        detail ? "\n  " : "", detail ? detail : "");
		PQclear(r);
		return NULL;
	}
	return r;
}
