/* attendctl badges import FILE --agency A [--valid-from DATE --reason TEXT] [--dry-run]: badges
 * handed out to many people at once (an office's first day, a new batch of cards), from a CSV
 * as Excel saves it: columns "code" (mã cán bộ) and "uid" (mã thẻ).  Every line is checked —
 * the person exists, the UID is 1-31 letters or digits, no UID twice, none held by someone
 * else — and any error names its line; then nothing is written.  A valid-from date in the past
 * needs a reason, kept in each badge's note with who imported it. */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"
#include "ctl/hr_csv.h"

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl badges import FILE --agency CODE [--valid-from YYYY-MM-DD --reason TEXT] [--dry-run]\n"));
}

static bool uid_ok(const char *s, char *out, size_t len)
{
	size_t n = strlen(s);
	if (n == 0 || n > 31 || n >= len)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]))
			return false;
		out[i] = (char)toupper((unsigned char)s[i]);
	}
	out[n] = '\0';
	return true;
}

int hr_badges_import(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "agency", required_argument, NULL, 'a' }, { "valid-from", required_argument, NULL, 'V' },
		{ "reason", required_argument, NULL, 'r' }, { "dry-run", no_argument, NULL, 'D' },
		{ "lang", required_argument, NULL, 'L' },   { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *agency = NULL, *from = NULL, *reason = NULL, *lang = NULL;
	bool dry = false;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'a': agency = optarg; break;
		case 'V': from = optarg; break;
		case 'r': reason = optarg; break;
		case 'D': dry = true; break;
		case 'L': lang = optarg; break;
		case 'h': hr_lang_init(lang); usage(stdout); return 0;
		default: hr_lang_init(lang); usage(stderr); return 2;
		}
	}
	if (!hr_lang_init(lang))
		return 2;
	if (argc - optind != 1 || !agency) {
		usage(stderr);
		return 2;
	}
	const char *path = argv[optind];
	if (from && !ctl_check_date("--valid-from", &from))
		return 2;
	char agency_id[32];
	if (!ctl_agency(c, agency, agency_id, sizeof agency_id))
		return 1;
	if (from) {
		const char *p[2] = { agency_id, from };
		PGresult *r = ctl_exec(c, "badges import", "SELECT $2::date < (attend.now() AT TIME ZONE tz)::date"
		                       " FROM attend.agency WHERE id = $1::bigint", 2, p);
		if (!r)
			return 1;
		bool past = PQgetvalue(r, 0, 0)[0] == 't';
		PQclear(r);
		if (past && !reason) {
			fprintf(stderr, _("attendctl: badges import: --valid-from %s is in the past: give --reason\n"), from);
			return 2;
		}
	}
	struct hr_csv csv;
	char err[1024];
	if (hr_csv_read(path, &csv, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: %s\n", err);
		return 1;
	}
	static const char *const heads[2][5] = { { "code", "person", "mã cán bộ", "mã", NULL },
	                                         { "uid", "badge", "mã thẻ", "thẻ", NULL } };
	int col[2] = { -1, -1 }, rc = 0;
	for (size_t i = 0; csv.nrows > 0 && i < csv.rows[0].nfields; i++)
		for (int k = 0; k < 2; k++)
			for (const char *const *h = heads[k]; *h; h++)
				if (hr_csv_same_heading(csv.rows[0].fields[i], *h))
					col[k] = (int)i;
	for (int k = 0; k < 2; k++)
		if (col[k] < 0) {
			fprintf(stderr, _("%s:1: no column '%s' (%s)\n"), path, heads[k][0], heads[k][2]);
			rc = 2;
		}
	if (!rc && csv.nrows < 2) {
		fprintf(stderr, _("%s: no rows under the header\n"), path);
		rc = 2;
	}
	PGresult *r = NULL;
	if (!rc && !ctl_begin(c))
		rc = 1;
	if (!rc) {
		r = ctl_exec(c, "badges import", "CREATE TEMP TABLE badge_in (line int, code text, uid text) ON COMMIT DROP", 0, NULL);
		rc = r ? 0 : 1;
		PQclear(r);
	}
	for (size_t i = 1; !rc && i < csv.nrows; i++) {
		const struct hr_csv_row *row = &csv.rows[i];
		const char *code = (size_t)col[0] < row->nfields ? row->fields[col[0]] : "";
		const char *raw = (size_t)col[1] < row->nfields ? row->fields[col[1]] : "";
		char uid[64], line[24];
		if (!uid_ok(raw, uid, sizeof uid)) {
			fprintf(stderr, _("%s:%ld: badge UID '%s' must be 1-31 letters or digits\n"), path, row->line, raw);
			rc = 2;
			continue;
		}
		snprintf(line, sizeof line, "%ld", row->line);
		const char *p[3] = { line, code, uid };
		r = ctl_exec(c, "badges import", "INSERT INTO badge_in VALUES ($1::int, $2, $3)", 3, p);
		rc = r ? 0 : 1;
		PQclear(r);
	}
	if (!rc) {
		const char *p[2] = { agency_id, from };
		r = ctl_exec(c, "badges import",
		        /* (line, what, code, uid, holder): the message is made in C, in the session's language */
		        "SELECT i.line, CASE WHEN p.id IS NULL THEN 'person'"
		        "  WHEN (SELECT count(*) FROM badge_in j WHERE j.uid = i.uid) > 1 THEN 'twice' ELSE 'held' END,"
		        "  i.code, i.uid, (SELECT q.code FROM attend.badge b JOIN attend.person q"
		        "   ON q.id = b.person_id WHERE b.uid = i.uid AND (b.valid_to IS NULL OR b.valid_to > coalesce($2::date::timestamptz, now()))"
		        "   LIMIT 1)"
		        " FROM badge_in i LEFT JOIN attend.person p ON p.agency_id = $1::bigint AND p.code = i.code"
		        " WHERE p.id IS NULL OR (SELECT count(*) FROM badge_in j WHERE j.uid = i.uid) > 1"
		        "   OR EXISTS (SELECT FROM attend.badge b WHERE b.uid = i.uid"
		        "              AND (b.valid_to IS NULL OR b.valid_to > coalesce($2::date::timestamptz, now())))"
		        " ORDER BY i.line", 2, p);
		if (!r)
			rc = 1;
		else if (PQntuples(r) > 0) {
			for (int i = 0; i < PQntuples(r); i++) {
				const char *what = PQgetvalue(r, i, 1);
				fprintf(stderr, "%s:%s: ", path, PQgetvalue(r, i, 0));
				if (!strcmp(what, "person"))
					fprintf(stderr, _("person '%s' does not exist in agency %s\n"), PQgetvalue(r, i, 2), agency);
				else if (!strcmp(what, "twice"))
					fprintf(stderr, _("badge %s is in the file twice\n"), PQgetvalue(r, i, 3));
				else
					fprintf(stderr, _("badge %s already belongs to %s\n"), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4));
			}
			fprintf(stderr, _("attendctl: badges import: nothing imported (%d line(s) to correct)\n"), PQntuples(r));
			rc = 1;
		}
		PQclear(r);
	}
	long n = 0;
	if (!rc) {
		const char *p[3] = { agency_id, from, reason };
		r = ctl_exec(c, "badges import",
		        "INSERT INTO attend.badge (agency_id, uid, person_id, valid_from, note)"
		        " SELECT $1::bigint, i.uid, p.id, coalesce($2::date::timestamp AT TIME ZONE a.tz, now()),"
		        "  'imported with attendctl' || coalesce('; valid from ' || $2 || ': ' || $3, '')"
		        " FROM badge_in i JOIN attend.person p ON p.agency_id = $1::bigint AND p.code = i.code"
		        " JOIN attend.agency a ON a.id = $1::bigint", 3, p);
		if (r)
			n = atol(PQcmdTuples(r));
		rc = r ? 0 : 1;
		PQclear(r);
	}
	hr_csv_free(&csv);
	if (rc || dry) {
		ctl_rollback(c);
		if (!rc && !c->quiet)
			printf(_("%s: %ld badge(s) are good; nothing written (--dry-run)\n"), path, n);
		return rc;
	}
	if (!ctl_commit(c))
		return 1;
	if (!c->quiet)
		printf(_("%s: %ld badge(s) imported for agency %s\n"), path, n, agency);
	return 0;
}
