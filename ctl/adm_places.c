/* attendctl agency | site | edge | reader: an office's places from an empty database, without
 * SQL.  An administrator's commands (the database refuses others: docs/roles.md).  Registering
 * an edge prints what its host and the broker need: the [edge] section of attendd.ini and the
 * broker's ACL lines pinning the edge to its own topics. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"

struct popts {
	const char *agency, *site, *name, *tz, *qhns, *direction, *host, *port;
};

/* Parses the options every place command knows; the positional arguments stay in argv from
 * optind.  0, or 2 (usage) after saying why. */
static int parse(int argc, char **argv, struct popts *o, const char *usage)
{
	static const struct option lo[] = {
		{ "agency", required_argument, NULL, 'a' }, { "site", required_argument, NULL, 's' },
		{ "name", required_argument, NULL, 'n' },   { "tz", required_argument, NULL, 'z' },
		{ "qhns", required_argument, NULL, 'q' },   { "direction", required_argument, NULL, 'd' },
		{ "broker-host", required_argument, NULL, 'H' }, { "broker-port", required_argument, NULL, 'P' },
		{ 0 },
	};
	memset(o, 0, sizeof *o);
	optind = 0;
	int ch;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'a': o->agency = optarg; break;
		case 's': o->site = optarg; break;
		case 'n': o->name = optarg; break;
		case 'z': o->tz = optarg; break;
		case 'q': o->qhns = optarg; break;
		case 'd': o->direction = optarg; break;
		case 'H': o->host = optarg; break;
		case 'P': o->port = optarg; break;
		default: fprintf(stderr, _("usage: %s\n"), usage); return 2;
		}
	}
	return 0;
}

static int need(const char *what, const char *v)
{
	if (!v)
		fprintf(stderr, _("attendctl: %s is required\n"), what);
	return v ? 0 : 2;
}

static int exec1(struct ctl *c, const char *what, const char *sql, int n, const char *const *p)
{
	PGresult *r = ctl_exec(c, what, sql, n, p);
	if (!r)
		return 1;
	int rows = PQntuples(r) + atoi(PQcmdTuples(r));
	PQclear(r);
	return rows > 0 ? 0 : -1;
}

/* A time zone PostgreSQL knows (pg_timezone_names), so a typo is refused by name. */
static int check_tz(struct ctl *c, const char *tz)
{
	if (!tz)
		return 0;
	const char *p[1] = { tz };
	int rc = exec1(c, "--tz", "SELECT 1 FROM pg_timezone_names WHERE name = $1", 1, p);
	if (rc < 0)
		fprintf(stderr, _("attendctl: --tz '%s' is not a time zone (e.g. Asia/Ho_Chi_Minh)\n"), tz);
	return rc ? 2 : 0;
}

static void print_rows(PGresult *r)
{
	for (int i = 0; i < PQntuples(r); i++) {
		for (int j = 0; j < PQnfields(r); j++)
			printf("%s%s", j ? "  " : "", PQgetvalue(r, i, j));
		printf("\n");
	}
}

static int list(struct ctl *c, const char *what, const char *sql, int n, const char *const *p)
{
	PGresult *r = ctl_exec(c, what, sql, n, p);
	if (!r)
		return 1;
	print_rows(r);
	PQclear(r);
	return 0;
}

static int cmd_agency(struct ctl *c, int argc, char **argv)
{
	static const char *u = "attendctl agency add CODE --name NAME [--tz ZONE] [--qhns CODE] | change CODE [...] | list";
	struct popts o;
	if (parse(argc, argv, &o, u))
		return 2;
	int n = argc - optind;
	char **a = argv + optind;
	if (n == 1 && !strcmp(a[0], "list"))
		return list(c, "agency list", "SELECT code, name, tz, coalesce(qhns_code, '') FROM attend.agency ORDER BY code", 0, NULL);
	if (n != 2 || (strcmp(a[0], "add") && strcmp(a[0], "change"))) {
		fprintf(stderr, _("usage: %s\n"), u);
		return 2;
	}
	if (check_tz(c, o.tz))
		return 2;
	const char *p[4] = { a[1], o.name, o.tz, o.qhns };
	if (!strcmp(a[0], "add")) {
		if (need("--name", o.name))
			return 2;
		int rc = exec1(c, "agency add", "INSERT INTO attend.agency (code, name, tz, qhns_code)"
		               " VALUES ($1, $2, coalesce($3, 'Asia/Ho_Chi_Minh'), $4) RETURNING id", 4, p);
		if (rc == 0 && !c->quiet)
			printf(_("agency %s added\n"), a[1]);
		return rc ? 1 : 0;
	}
	int rc = exec1(c, "agency change", "UPDATE attend.agency SET name = coalesce($2, name), tz = coalesce($3, tz),"
	               " qhns_code = coalesce($4, qhns_code) WHERE code = $1", 4, p);
	if (rc < 0)
		fprintf(stderr, _("attendctl: agency '%s' does not exist\n"), a[1]);
	else if (rc == 0 && !c->quiet)
		printf(_("agency %s changed\n"), a[1]);
	return rc ? 1 : 0;
}

static int cmd_site(struct ctl *c, int argc, char **argv)
{
	static const char *u = "attendctl site add ID --agency CODE --name NAME [--tz ZONE] | list [--agency CODE]";
	struct popts o;
	if (parse(argc, argv, &o, u))
		return 2;
	int n = argc - optind;
	char **a = argv + optind;
	if (n == 1 && !strcmp(a[0], "list"))
		return list(c, "site list", "SELECT s.id, g.code, s.name, s.tz FROM attend.site s JOIN attend.agency g ON g.id = s.agency_id"
		            " WHERE $1::text IS NULL OR g.code = $1 ORDER BY s.id", 1, (const char *const[]){ o.agency });
	if (n != 2 || strcmp(a[0], "add")) {
		fprintf(stderr, _("usage: %s\n"), u);
		return 2;
	}
	char agency_id[32];
	if (need("--agency", o.agency) || need("--name", o.name) || check_tz(c, o.tz))
		return 2;
	if (!ctl_agency(c, o.agency, agency_id, sizeof agency_id))
		return 1;
	const char *p[4] = { a[1], agency_id, o.name, o.tz };
	/* the agency's zone unless told: a site is mostly where its agency is */
	int rc = exec1(c, "site add", "INSERT INTO attend.site (id, agency_id, name, tz) SELECT $1, $2::bigint, $3,"
	               " coalesce($4, (SELECT tz FROM attend.agency WHERE id = $2::bigint)) RETURNING id", 4, p);
	if (rc == 0 && !c->quiet)
		printf(_("site %s of agency %s added\n"), a[1], o.agency);
	return rc ? 1 : 0;
}

/* What an edge's host and the broker need: attendd.ini's [edge] and [mqtt] sections with the
 * readers known so far, and the ACL lines that keep the edge to its own topics. */
static int edge_config(struct ctl *c, const char *edge, const struct popts *o)
{
	const char *p[1] = { edge };
	PGresult *r = ctl_exec(c, "edge config", "SELECT e.site_id, coalesce(e.name, '') FROM attend.edge e WHERE e.id = $1", 1, p);
	if (!r)
		return 1;
	if (PQntuples(r) == 0) {
		fprintf(stderr, _("attendctl: edge '%s' does not exist\n"), edge);
		PQclear(r);
		return 1;
	}
	char site[64];
	snprintf(site, sizeof site, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	r = ctl_exec(c, "edge config", "SELECT id, direction, coalesce(name, '') FROM attend.reader WHERE edge_id = $1 ORDER BY id", 1, p);
	if (!r)
		return 1;
	printf("# /etc/attendd/attendd.ini of edge %s (site %s): see config/attendd.ini for every option\n"
	       "[edge]\nid = %s\nsite = %s\n\n[mqtt]\nhost = %s\nport = %s\n", edge, site, edge, site,
	       o->host ? o->host : "broker.example", o->port ? o->port : "8883");
	for (int i = 0; i < PQntuples(r); i++)
		printf("\n[reader.%s]\n# %s\ndriver = nfc\ndirection = %s\n", PQgetvalue(r, i, 0),
		       PQgetvalue(r, i, 2)[0] ? PQgetvalue(r, i, 2) : "(no name)", PQgetvalue(r, i, 1));
	PQclear(r);
	printf("\n# mosquitto ACL (/etc/mosquitto/attendd/acl): edge %s, client certificate CN = %s\n"
	       "user %s\ntopic write attend/v1/%s/%s/tap\ntopic write attend/v1/%s/%s/status\n"
	       "topic write attend/v1/%s/%s/feedback\ntopic read attend/v1/%s/%s/ack\n",
	       edge, edge, edge, site, edge, site, edge, site, edge, site, edge);
	return 0;
}

static int cmd_edge(struct ctl *c, int argc, char **argv)
{
	static const char *u = "attendctl edge add ID --site SITE [--name NAME] [--broker-host H --broker-port P]"
	                       " | config ID | list [--site SITE]";
	struct popts o;
	if (parse(argc, argv, &o, u))
		return 2;
	int n = argc - optind;
	char **a = argv + optind;
	if (n == 1 && !strcmp(a[0], "list"))
		return list(c, "edge list", "SELECT e.id, e.site_id, coalesce(e.name, ''),"
		            " (SELECT count(*) FROM attend.reader r WHERE r.edge_id = e.id) || ' reader(s)'"
		            " FROM attend.edge e WHERE $1::text IS NULL OR e.site_id = $1 ORDER BY e.id", 1,
		            (const char *const[]){ o.site });
	if (n == 2 && !strcmp(a[0], "config"))
		return edge_config(c, a[1], &o);
	if (n != 2 || strcmp(a[0], "add")) {
		fprintf(stderr, _("usage: %s\n"), u);
		return 2;
	}
	if (need("--site", o.site))
		return 2;
	const char *p[3] = { a[1], o.site, o.name };
	int rc = exec1(c, "edge add", "INSERT INTO attend.edge (id, site_id, name) SELECT $1, s.id, $3"
	               " FROM attend.site s WHERE s.id = $2 RETURNING id", 3, p);
	if (rc < 0)
		fprintf(stderr, _("attendctl: site '%s' does not exist\n"), o.site);
	if (rc)
		return 1;
	if (!c->quiet)
		fprintf(stderr, _("edge %s of site %s added; its configuration and broker ACL:\n"), a[1], o.site);
	return edge_config(c, a[1], &o);
}

static int cmd_reader(struct ctl *c, int argc, char **argv)
{
	static const char *u = "attendctl reader add EDGE ID --direction in|out|both [--name NAME] | list [--site SITE]";
	struct popts o;
	if (parse(argc, argv, &o, u))
		return 2;
	int n = argc - optind;
	char **a = argv + optind;
	if (n == 1 && !strcmp(a[0], "list"))
		return list(c, "reader list", "SELECT r.edge_id, r.id, r.direction, coalesce(r.name, '')"
		            " FROM attend.reader r JOIN attend.edge e ON e.id = r.edge_id"
		            " WHERE $1::text IS NULL OR e.site_id = $1 ORDER BY 1, 2", 1, (const char *const[]){ o.site });
	if (n != 3 || strcmp(a[0], "add")) {
		fprintf(stderr, _("usage: %s\n"), u);
		return 2;
	}
	const char *dir = o.direction ? o.direction : "both";
	if (strcmp(dir, "in") && strcmp(dir, "out") && strcmp(dir, "both")) {
		fprintf(stderr, _("attendctl: --direction '%s' is not in, out or both\n"), dir);
		return 2;
	}
	const char *p[4] = { a[1], a[2], dir, o.name };
	int rc = exec1(c, "reader add", "INSERT INTO attend.reader (edge_id, id, direction, name) SELECT e.id, $2, $3, $4"
	               " FROM attend.edge e WHERE e.id = $1 RETURNING id", 4, p);
	if (rc < 0)
		fprintf(stderr, _("attendctl: edge '%s' does not exist\n"), a[1]);
	else if (rc == 0 && !c->quiet)
		printf(_("reader %s of edge %s added (%s)\n"), a[2], a[1], dir);
	return rc ? 1 : 0;
}

const struct ctl_command ctl_commands_places[] = {
	{ "agency", cmd_agency, N_("agencies: add, change, list") },
	{ "site", cmd_site, N_("sites (buildings) of an agency, with their time zone: add, list") },
	{ "edge", cmd_edge, N_("entrance hosts: add (prints attendd.ini and the broker ACL), config, list") },
	{ "reader", cmd_reader, N_("readers of an edge with their direction: add, list") },
	{ NULL, NULL, NULL },
};
