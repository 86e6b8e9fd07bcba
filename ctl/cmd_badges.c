/* attendctl badges: enrol a badge by tapping it, list, revoke, reassign (history is kept:
 * a badge row is closed, never deleted), and export the edges' offline badge cache. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"   /* _(): the enrolment dialogue is in the officer's language */

struct opts {
	const char *agency, *person, *uid, *site, *output, *reason, *valid_from;
	long timeout_s;
	bool yes, replace, all;
};

static int parse(int argc, char **argv, struct opts *o, const char *usage)
{
	static const struct option lo[] = {
		{ "agency", required_argument, NULL, 'a' }, { "person", required_argument, NULL, 'p' },
		{ "uid", required_argument, NULL, 'u' },    { "site", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' }, { "reason", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' }, { "yes", no_argument, NULL, 'y' },
		{ "replace", no_argument, NULL, 'R' },      { "all", no_argument, NULL, 'A' },
		{ "valid-from", required_argument, NULL, 'V' },
		{ 0 },
	};
	memset(o, 0, sizeof *o);
	o->timeout_s = 120;
	optind = 1;
	int ch;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'a': o->agency = optarg; break;
		case 'p': o->person = optarg; break;
		case 'u': o->uid = optarg; break;
		case 's': o->site = optarg; break;
		case 'o': o->output = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'V': o->valid_from = optarg; break;
		case 'y': o->yes = true; break;
		case 'R': o->replace = true; break;
		case 'A': o->all = true; break;
		case 't': {
			char *end;
			o->timeout_s = strtol(optarg, &end, 10);
			if (*end || o->timeout_s < 1 || o->timeout_s > 3600) {
				fprintf(stderr, _("attendctl: option --timeout: '%s' is not a number of seconds from 1 to 3600\n"), optarg);
				return -1;
			}
			break;
		}
		default:
			fprintf(stderr, _("usage: %s\n"), usage);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, _("attendctl: unexpected argument '%s'\nusage: %s\n"), argv[optind], usage);
		return -1;
	}
	return 0;
}

/* s left-aligned in a field of w characters (not bytes: Vietnamese names and headings). */
static const char *pad(const char *s, size_t w)
{
	static char buf[8][512];
	static unsigned next;
	char *b = buf[next++ % 8];
	size_t n = hr_width(s);
	snprintf(b, sizeof buf[0], "%s%*s", s, n < w ? (int)(w - n) : 0, "");
	return b;
}

/* Badge UIDs are stored as upper-case hex or digits, as readers report them. */
static bool normalise_uid(const char *in, char *out, size_t len)
{
	size_t n = strlen(in);
	if (n == 0 || n >= len || n > 31) {
		fprintf(stderr, _("attendctl: badge UID '%s' must be 1-31 letters or digits\n"), in);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (!isalnum((unsigned char)in[i])) {
			fprintf(stderr, _("attendctl: badge UID '%s' must be 1-31 letters or digits\n"), in);
			return false;
		}
		out[i] = (char)toupper((unsigned char)in[i]);
	}
	out[n] = '\0';
	return true;
}

static bool need(const char *opt, const char *v)
{
	if (!v)
		fprintf(stderr, _("attendctl: option --%s is required\n"), opt);
	return v != NULL;
}

/* Waits for the next tap of a badge that nobody holds, recorded after we started. */
static bool wait_unknown(struct ctl *c, const char *agency_id, const struct opts *o, char *uid,
                         size_t len, char *where, size_t wlen)
{
	PGresult *r = ctl_exec(c, "badges enroll", "SELECT now()", 0, NULL);
	if (!r)
		return false;
	char since[64];
	snprintf(since, sizeof since, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	if (o->site)
		fprintf(stderr, _("Hold the new badge to any reader of site %s (waiting up to %lds)...\n"),
		        o->site, o->timeout_s);
	else
		fprintf(stderr, _("Hold the new badge to any reader (waiting up to %lds)...\n"), o->timeout_s);
	time_t end = time(NULL) + o->timeout_s;
	const char *p[3] = { since, agency_id, o->site };
	while (time(NULL) < end) {
		r = ctl_exec(c, "badges enroll",
		        "SELECT t.uid, t.site_id || '/' || t.edge_id || '/' || t.reader_id,"
		        "       to_char(t.tapped_at AT TIME ZONE coalesce(s.tz, 'Asia/Ho_Chi_Minh'), 'HH24:MI:SS')"
		        "  FROM attend.tap t LEFT JOIN attend.site s ON s.id = t.site_id"
		        " WHERE t.recorded_at > $1::timestamptz AND t.agency_id = $2::bigint"
		        "   AND ($3::text IS NULL OR t.site_id = $3)"
		        "   AND NOT EXISTS (SELECT 1 FROM attend.badge b WHERE b.uid = t.uid"
		        "                     AND b.valid_from <= now() AND (b.valid_to IS NULL OR b.valid_to > now()))"
		        " ORDER BY t.recorded_at LIMIT 1", 3, p);
		if (!r)
			return false;
		if (PQntuples(r) == 1) {
			snprintf(uid, len, "%s", PQgetvalue(r, 0, 0));
			snprintf(where, wlen, _("%s at %s"), PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2));
			PQclear(r);
			return true;
		}
		PQclear(r);
		usleep(300000);
	}
	fprintf(stderr, _("attendctl: no unknown badge was tapped within %lds\n"), o->timeout_s);
	return false;
}

static bool confirm(const char *question)
{
	fprintf(stderr, "%s %s ", question, _("[y/N]"));
	char line[16];
	if (!fgets(line, sizeof line, stdin))
		return false;
	/* y for yes; c for "có" in Vietnamese */
	return line[0] == 'y' || line[0] == 'Y' || line[0] == 'c' || line[0] == 'C';
}

static int enroll(struct ctl *c, int argc, char **argv)
{
	static const char *u = "attendctl badges enroll --agency A --person CODE [--uid UID | --site S "
	                       "--timeout SEC] [--valid-from DATE --reason TEXT] [--replace] [--yes]";
	struct opts o;
	char agency_id[32], person_id[32], pa[32], uid[64], where[160] = "";
	if (parse(argc, argv, &o, u) || !need("agency", o.agency) || !need("person", o.person) ||
	    !ctl_agency(c, o.agency, agency_id, sizeof agency_id) ||
	    !ctl_person(c, o.agency, o.person, person_id, pa, sizeof person_id))
		return 1;
	/* A badge valid from a past date (taps made before it was enrolled become the person's)
	 * needs a reason, kept in its note with who enrolled it. */
	if (o.valid_from) {
		if (!ctl_check_date("--valid-from", &o.valid_from))
			return 2;
		const char *pv[2] = { agency_id, o.valid_from };
		PGresult *past = ctl_exec(c, "badges enroll", "SELECT $2::date < (attend.now() AT TIME ZONE tz)::date"
		                          " FROM attend.agency WHERE id = $1::bigint", 2, pv);
		if (!past)
			return 1;
		bool before = PQgetvalue(past, 0, 0)[0] == 't';
		PQclear(past);
		if (before && !o.reason) {
			fprintf(stderr, _("attendctl: badges enroll: --valid-from %s is in the past: give --reason "
			                  "(why the taps before today are this person's)\n"), o.valid_from);
			return 2;
		}
	}
	snprintf(where, sizeof where, "%s", _("typed in"));
	if (o.uid ? !normalise_uid(o.uid, uid, sizeof uid)
	          : !wait_unknown(c, agency_id, &o, uid, sizeof uid, where, sizeof where))
		return 1;
	const char *p1[2] = { person_id, uid };
	PGresult *r = ctl_exec(c, "badges enroll",
	        "SELECT p.full_name, (SELECT string_agg(b.uid, ', ') FROM attend.badge b WHERE b.person_id = p.id"
	        "   AND (b.valid_to IS NULL OR b.valid_to > now())),"
	        " (SELECT q.code || ' ' || q.full_name FROM attend.badge b JOIN attend.person q ON q.id = b.person_id"
	        "   WHERE b.uid = $2 AND (b.valid_to IS NULL OR b.valid_to > now()))"
	        " FROM attend.person p WHERE p.id = $1::bigint", 2, p1);
	if (!r)
		return 1;
	char name[256], current[256], holder[256];
	snprintf(name, sizeof name, "%s", PQgetvalue(r, 0, 0));
	snprintf(current, sizeof current, "%s", PQgetvalue(r, 0, 1));
	snprintf(holder, sizeof holder, "%s", PQgetvalue(r, 0, 2));
	PQclear(r);
	if (holder[0]) {
		fprintf(stderr, _("attendctl: badge %s already belongs to %s (use `badges reassign`)\n"), uid, holder);
		return 1;
	}
	char q[1400];
	int n = snprintf(q, sizeof q, _("Bind badge %s (%s) to %s %s?"), uid, where, o.person, name);
	if (current[0] && n > 0 && (size_t)n < sizeof q)
		snprintf(q + n, sizeof q - (size_t)n, o.replace ? _(" Their current badge %s will be closed.")
		                                                : _(" Their current badge %s stays valid too."), current);
	if (!o.yes && !confirm(q)) {
		fprintf(stderr, "%s", _("attendctl: nothing changed\n"));
		return 1;
	}
	if (!ctl_begin(c))
		return 1;
	const char *p2[3] = { agency_id, uid, person_id };
	if (o.replace) {
		r = ctl_exec(c, "badges enroll", "UPDATE attend.badge SET valid_to = now() WHERE person_id = $1::bigint"
		             " AND (valid_to IS NULL OR valid_to > now())", 1, p2 + 2);
		if (!r) {
			ctl_rollback(c);
			return 1;
		}
		PQclear(r);
	}
	const char *p3[5] = { p2[0], p2[1], p2[2], o.valid_from, o.reason };
	r = ctl_exec(c, "badges enroll", "INSERT INTO attend.badge (agency_id, uid, person_id, valid_from, note)"
	             " SELECT $1::bigint, $2, $3::bigint,"
	             "  coalesce($4::date::timestamp AT TIME ZONE a.tz, now()),"
	             "  'enrolled with attendctl' || coalesce('; valid from ' || $4 || ': ' || $5, '')"
	             " FROM attend.agency a WHERE a.id = $1::bigint", 5, p3);
	if (!r || !ctl_commit(c)) {
		PQclear(r);
		ctl_rollback(c);
		return 1;
	}
	PQclear(r);
	if (!c->quiet)
		printf(_("badge %s now belongs to %s %s\n"), uid, o.person, name);
	return 0;
}

static int list(struct ctl *c, int argc, char **argv)
{
	struct opts o;
	char agency_id[32];
	if (parse(argc, argv, &o, "attendctl badges list --agency A [--person CODE] [--all]") ||
	    !need("agency", o.agency) || !ctl_agency(c, o.agency, agency_id, sizeof agency_id))
		return 1;
	const char *p[3] = { agency_id, o.person, o.all ? "t" : "f" };
	PGresult *r = ctl_exec(c, "badges list",
	        "SELECT b.uid, p.code, p.full_name, to_char(b.valid_from, 'YYYY-MM-DD HH24:MI'),"
	        "       coalesce(to_char(b.valid_to, 'YYYY-MM-DD HH24:MI'), '')"
	        "  FROM attend.badge b JOIN attend.person p ON p.id = b.person_id"
	        " WHERE b.agency_id = $1::bigint AND ($2::text IS NULL OR p.code = $2)"
	        "   AND ($3::boolean OR b.valid_to IS NULL OR b.valid_to > now())"
	        " ORDER BY p.code, b.valid_from", 3, p);
	if (!r)
		return 1;
	printf("%s %s %s %s %s\n", pad(_("UID"), 20), pad(_("PERSON"), 10), pad(_("NAME"), 30), pad(_("FROM"), 16),
	       _("TO"));
	for (int i = 0; i < PQntuples(r); i++) {
		char from[40], to[40];
		printf("%-20s %s %s %s %s\n", PQgetvalue(r, i, 0), pad(PQgetvalue(r, i, 1), 10),
		       pad(PQgetvalue(r, i, 2), 30), pad(hr_date(from, sizeof from, PQgetvalue(r, i, 3)), 16),
		       hr_date(to, sizeof to, PQgetvalue(r, i, 4)));
	}
	PQclear(r);
	return 0;
}

/* Closes the badge's current binding; with to_person, opens one for that person. */
static int close_badge(struct ctl *c, int argc, char **argv, bool reassign)
{
	struct opts o;
	char agency_id[32], uid[64], person_id[32] = "", pa[32];
	const char *u = reassign ? "attendctl badges reassign --agency A --uid UID --person CODE"
	                         : "attendctl badges revoke --agency A --uid UID [--reason TEXT]";
	if (parse(argc, argv, &o, u) || !need("agency", o.agency) || !need("uid", o.uid) ||
	    (reassign && !need("person", o.person)) || !normalise_uid(o.uid, uid, sizeof uid) ||
	    !ctl_agency(c, o.agency, agency_id, sizeof agency_id) ||
	    (reassign && !ctl_person(c, o.agency, o.person, person_id, pa, sizeof person_id)))
		return 1;
	if (!ctl_begin(c))
		return 1;
	const char *p[3] = { agency_id, uid, o.reason };
	PGresult *r = ctl_exec(c, "badges", "UPDATE attend.badge SET valid_to = now(),"
	        " note = coalesce(note || '; ', '') || coalesce($3, 'closed with attendctl')"
	        " WHERE agency_id = $1::bigint AND uid = $2 AND (valid_to IS NULL OR valid_to > now())", 3, p);
	if (!r) {
		ctl_rollback(c);
		return 1;
	}
	bool found = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	if (!found) {
		ctl_rollback(c);
		fprintf(stderr, _("attendctl: badge %s is not in use in agency %s\n"), uid, o.agency);
		return 1;
	}
	if (reassign) {
		const char *p2[3] = { agency_id, uid, person_id };
		r = ctl_exec(c, "badges reassign", "INSERT INTO attend.badge (agency_id, uid, person_id, note)"
		             " VALUES ($1::bigint, $2, $3::bigint, 'reassigned with attendctl')", 3, p2);
		if (!r) {
			ctl_rollback(c);
			return 1;
		}
		PQclear(r);
	}
	if (!ctl_commit(c))
		return 1;
	if (reassign)
		printf(_("badge %s now belongs to %s\n"), uid, o.person);
	else
		printf(_("badge %s revoked\n"), uid);
	return 0;
}

/* The edges' offline cache for one site: written whole to a temporary file, then renamed, so
 * an edge reloading it never reads half a file. */
static int export_cache(struct ctl *c, int argc, char **argv)
{
	struct opts o;
	if (parse(argc, argv, &o, "attendctl badges export --site S --output FILE") ||
	    !need("site", o.site) || !need("output", o.output))
		return 1;
	const char *p[1] = { o.site };
	PGresult *r = ctl_exec(c, "badges export",
	        "SELECT b.uid, p.code, p.full_name FROM attend.site s"
	        "  JOIN attend.badge b ON b.agency_id = s.agency_id JOIN attend.person p ON p.id = b.person_id"
	        " WHERE s.id = $1 AND b.valid_from <= now() AND (b.valid_to IS NULL OR b.valid_to > now())"
	        "   AND (p.left_on IS NULL OR p.left_on >= current_date) ORDER BY b.uid", 1, p);
	if (!r)
		return 1;
	PGresult *site = ctl_exec(c, "badges export", "SELECT 1 FROM attend.site WHERE id = $1", 1, p);
	if (!site || PQntuples(site) == 0) {
		if (site)
			fprintf(stderr, _("attendctl: site '%s' does not exist\n"), o.site);
		PQclear(site);
		PQclear(r);
		return 1;
	}
	PQclear(site);
	struct json_object *root = json_object_new_object(), *arr = json_object_new_array();
	json_object_object_add(root, "site", json_object_new_string(o.site));
	for (int i = 0; i < PQntuples(r); i++) {
		struct json_object *b = json_object_new_object();
		json_object_object_add(b, "uid", json_object_new_string(PQgetvalue(r, i, 0)));
		json_object_object_add(b, "person", json_object_new_string(PQgetvalue(r, i, 1)));
		json_object_object_add(b, "name", json_object_new_string(PQgetvalue(r, i, 2)));
		json_object_array_add(arr, b);
	}
	int n = PQntuples(r);
	PQclear(r);
	json_object_object_add(root, "badges", arr);
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", o.output);
	int rc = json_object_to_file_ext(tmp, root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	json_object_put(root);
	if (rc != 0 || rename(tmp, o.output) != 0) {
		fprintf(stderr, _("attendctl: badges export: %s: %s\n"), o.output, strerror(errno));
		unlink(tmp);
		return 1;
	}
	printf(_("%d badge(s) of site %s written to %s; `systemctl reload attendd` on the edges\n"), n,
	       o.site, o.output);
	return 0;
}

static int cmd_badges(struct ctl *c, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	if (!strcmp(sub, "enroll") || !strcmp(sub, "enrol")) return enroll(c, argc - 1, argv + 1);
	if (!strcmp(sub, "list"))     return list(c, argc - 1, argv + 1);
	if (!strcmp(sub, "revoke"))   return close_badge(c, argc - 1, argv + 1, false);
	if (!strcmp(sub, "reassign")) return close_badge(c, argc - 1, argv + 1, true);
	if (!strcmp(sub, "export"))   return export_cache(c, argc - 1, argv + 1);
	if (!strcmp(sub, "unknown"))  return hr_badges_unknown(c, argc - 1, argv + 1);
	if (!strcmp(sub, "import"))   return hr_badges_import(c, argc - 1, argv + 1);
	fprintf(stderr, _("attendctl: badges: unknown subcommand '%s' (enroll, import, list, revoke, reassign, export, unknown)\n"), sub);
	return 2;
}

const struct ctl_command ctl_commands_badges[] = {
	{ "badges", cmd_badges, N_("enrol a badge by tapping it; list, revoke, reassign; export the edges' cache") },
	{ NULL, NULL, NULL },
};
