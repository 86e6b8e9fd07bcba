/* attendctl login: the database logins of the people and the services (docs/roles.md).  A
 * login is a PostgreSQL role that can log in, a member of one of the group roles; what it may
 * see is then `attendctl access`'s.  Run by an administrator whose login may create roles
 * (CREATEROLE).  Passwords are read from a file (never the command line, which others can
 * see in ps) and sent as a SCRAM verifier computed here, so the server never logs them. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"

static const struct { const char *kind, *role; } kinds[] = {
	{ "admin", "attend_admin" },         { "hr", "attend_hr" },
	{ "unit-head", "attend_unit_head" }, { "staff", "attend_staff" },
	{ "recorder", "attend_recorder" },   { "evaluator", "attend_evaluator" },
	{ "summary", "attend_summary" },
};

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl login add NAME --kind admin|hr|unit-head|staff|recorder|evaluator|summary\n"
	                   "                         [--password-file FILE]\n"
	                   "       attendctl login list\n"
	                   "       attendctl login retire NAME\n"));
}

static bool valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63 || !islower((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/* The first line of `path`, without its newline; NULL (and why) on failure. */
static char *read_password(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, _("attendctl: login: --password-file %s: %s\n"), path, strerror(errno));
		return NULL;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, f);
	fclose(f);
	if (n <= 0) {
		fprintf(stderr, _("attendctl: login: --password-file %s is empty\n"), path);
		free(line);
		return NULL;
	}
	line[strcspn(line, "\r\n")] = '\0';
	if (!*line) {
		fprintf(stderr, _("attendctl: login: --password-file %s is empty\n"), path);
		free(line);
		return NULL;
	}
	return line;
}

static int run(struct ctl *c, const char *sql)
{
	PGresult *r = ctl_exec(c, "login", sql, 0, NULL);
	PQclear(r);
	return r ? 0 : 1;
}

static int add(struct ctl *c, const char *name, const char *kind, const char *pwfile)
{
	const char *role = NULL;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kind && !strcmp(kind, kinds[i].kind))
			role = kinds[i].role;
	if (!role) {
		fprintf(stderr, _("attendctl: login: --kind '%s' is not one of admin, hr, unit-head, staff, "
		                  "recorder, evaluator, summary\n"), kind ? kind : "");
		return 2;
	}
	if (!valid_name(name)) {
		fprintf(stderr, _("attendctl: login: '%s' is not a login name (lower-case letters, digits, '_'; "
		                  "at most 63)\n"), name);
		return 2;
	}
	PGconn *db = ctl_db(c);
	if (!db)
		return 1;
	char *pw = pwfile ? read_password(pwfile) : NULL;
	if (pwfile && !pw)
		return 2;
	char *verifier = pw ? PQencryptPasswordConn(db, pw, name, "scram-sha-256") : NULL;
	if (pw)
		memset(pw, 0, strlen(pw));
	free(pw);
	if (pwfile && !verifier) {
		fprintf(stderr, "attendctl: login: %s", PQerrorMessage(db));
		return 1;
	}
	char *lit = verifier ? PQescapeLiteral(db, verifier, strlen(verifier)) : NULL;
	PQfreemem(verifier);
	char sql[1024];
	snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN IN ROLE %s%s%s", name, role,
	         lit ? " PASSWORD " : "", lit ? lit : "");
	PQfreemem(lit);
	if (run(c, sql))
		return 1;
	if (!c->quiet)
		printf(_("login %s made, a member of %s%s\n"), name, role,
		       pwfile ? _(" (password set)") : _(" (no password: peer or certificate login)"));
	return 0;
}

int ctl_login(struct ctl *c, int argc, char **argv)
{
	const char *kind = NULL, *pwfile = NULL;
	int done = hr_lang_args(argc, argv, (const struct hr_opt[]){ { "kind", &kind }, { "password-file", &pwfile },
	        { NULL } }, usage);
	if (done >= 0)
		return done;
	int n = argc - optind;
	char **a = argv + optind;
	if (n == 2 && !strcmp(a[0], "add"))
		return add(c, a[1], kind, pwfile);
	if (n == 2 && !strcmp(a[0], "retire")) {
		if (!valid_name(a[1])) {
			fprintf(stderr, _("attendctl: login: '%s' is not a login name (lower-case letters, digits, '_'; "
			                  "at most 63)\n"), a[1]);
			return 2;
		}
		char sql[128];
		snprintf(sql, sizeof sql, "ALTER ROLE %s NOLOGIN", a[1]);
		if (run(c, sql))
			return 1;
		if (!c->quiet)
			printf(_("login %s can no longer log in (its rows and history stay)\n"), a[1]);
		return 0;
	}
	if (n == 1 && !strcmp(a[0], "list")) {
		PGresult *r = ctl_exec(c, "login list",
		        "SELECT r.rolname, string_agg(g.rolname, ', ' ORDER BY g.rolname), r.rolcanlogin"
		        " FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid JOIN pg_roles g ON g.oid = m.roleid"
		        " WHERE g.rolname LIKE 'attend\\_%' AND r.rolname NOT LIKE 'attend\\_%'"
		        " GROUP BY r.rolname, r.rolcanlogin ORDER BY 1", 0, NULL);
		if (!r)
			return 1;
		for (int i = 0; i < PQntuples(r); i++)
			printf("%-24s %-40s %s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
			       PQgetvalue(r, i, 2)[0] == 't' ? "" : _("(retired)"));
		PQclear(r);
		return 0;
	}
	usage(stderr);
	return 2;
}
