/* attendctl calendar: load holiday data (rules/data/holidays-vn.tsv format) and switch an
 * agency's calendar toggles.  Loading replaces the scope's rows of the years the file covers,
 * in one transaction: a year's provisional rows give way to the notice's official ones. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"   /* _(), hr_date */
#include "rules/rules.h"

#define MAX_ROWS 4096

static char *read_all(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0, n;
	char *buf = malloc(cap);
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			char *b = realloc(buf, cap *= 2);
			if (!b) {
				free(buf);
				buf = NULL;
			}
			buf = b;
		}
	}
	int e = ferror(f) ? EIO : 0;
	fclose(f);
	if (e) {
		free(buf);
		errno = e;
		return NULL;
	}
	*ret_len = len;
	return buf;
}

static int upsert(struct ctl *c, const char *agency_id, const struct rules_cal_entry *e)
{
	int y, m, d;
	char day[16];
	rules_date_to_ymd(e->date, &y, &m, &d);
	snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
	const char *p[8] = { agency_id, day, rules_cal_kind_name(e->kind), e->name_vi, e->name_en,
	                     e->source, e->toggle[0] ? e->toggle : NULL, e->provisional ? "t" : "f" };
	PGresult *r = ctl_exec(c, "calendar load",
	        "INSERT INTO attend.calendar_day AS c (agency_id, day, kind, name_vi, name_en, source, toggle, provisional)"
	        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	        " ON CONFLICT ((coalesce(agency_id, 0)), day, kind, (coalesce(toggle, ''))) DO UPDATE SET"
	        "  name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, source = EXCLUDED.source,"
	        "  provisional = EXCLUDED.provisional, loaded_by = current_user, loaded_at = now()"
	        " WHERE (c.name_vi, c.name_en, c.source, c.provisional)"
	        "  IS DISTINCT FROM (EXCLUDED.name_vi, EXCLUDED.name_en, EXCLUDED.source, EXCLUDED.provisional)",
	        8, p);
	PQclear(r);
	return r ? 0 : -1;
}

/* Rows of the scope in the file's years that the file no longer has. */
static long remove_missing(struct ctl *c, const char *agency_id, const struct rules_cal_entry *rows, size_t n)
{
	char *keys = malloc(n * 64 + 16), *years = malloc(n * 8 + 16);
	if (!keys || !years) {
		free(keys);
		free(years);
		fprintf(stderr, _("attendctl: calendar load: out of memory\n"));
		return -1;
	}
	size_t kl = 0, yl = 0;
	keys[kl++] = '{';
	years[yl++] = '{';
	for (size_t i = 0; i < n; i++) {
		int y, m, d;
		rules_date_to_ymd(rows[i].date, &y, &m, &d);
		kl += (size_t)sprintf(keys + kl, "%s\"%04d-%02d-%02d|%s|%s\"", i ? "," : "", y, m, d,
		                      rules_cal_kind_name(rows[i].kind), rows[i].toggle);
		yl += (size_t)sprintf(years + yl, "%s%d", i ? "," : "", y);
	}
	strcpy(keys + kl, "}");
	strcpy(years + yl, "}");
	const char *p[3] = { agency_id, keys, years };
	PGresult *r = ctl_exec(c, "calendar load",
	        "DELETE FROM attend.calendar_day WHERE agency_id IS NOT DISTINCT FROM $1::bigint"
	        " AND extract(year FROM day)::int = ANY($3::int[])"
	        " AND day::text || '|' || kind || '|' || coalesce(toggle, '') <> ALL($2::text[])", 3, p);
	free(keys);
	free(years);
	if (!r)
		return -1;
	long gone = atol(PQcmdTuples(r));
	PQclear(r);
	return gone;
}

static int calendar_load(struct ctl *c, const char *path, const char *agency_code)
{
	char agency_id[32] = "";
	if (agency_code && !ctl_agency(c, agency_code, agency_id, sizeof agency_id))
		return 1;
	size_t len;
	char *buf = read_all(path, &len);
	if (!buf) {
		fprintf(stderr, _("attendctl: calendar load: %s: %s\n"), path, strerror(errno));
		return 1;
	}
	struct rules_cal_entry *rows = calloc(MAX_ROWS, sizeof *rows);
	struct rules_parse_error perr = { 0 };
	size_t n = 0;
	int rc = rows ? rules_holidays_parse(buf, len, (uint32_t)atol(agency_id), rows, MAX_ROWS, &n, &perr)
	              : -ENOMEM;
	free(buf);
	if (rc != 0) {
		if (rc == -ENOMEM)
			fprintf(stderr, _("attendctl: calendar load: out of memory\n"));
		else if (perr.line)   /* the engine's reason (rules/, no catalog): a developer's file format */
			fprintf(stderr, _("attendctl: calendar load: %s:%u: %s\n"), path, perr.line, perr.msg);
		else
			fprintf(stderr, _("attendctl: calendar load: %s: %s\n"), path, perr.msg);
		free(rows);
		return 1;
	}
	if (n == 0) {
		fprintf(stderr, _("attendctl: calendar load: %s: no rows (nothing changed)\n"), path);
		free(rows);
		return 1;
	}
	const char *aid = agency_code ? agency_id : NULL;
	long removed = -1;
	if (ctl_begin(c)) {
		size_t i = 0;
		while (i < n && upsert(c, aid, &rows[i]) == 0)
			i++;
		if (i == n && (removed = remove_missing(c, aid, rows, n)) >= 0 && !ctl_commit(c))
			removed = -1;
	}
	free(rows);
	if (removed < 0) {
		ctl_rollback(c);
		fprintf(stderr, _("attendctl: calendar load: nothing was changed\n"));
		return 1;
	}
	if (!c->quiet)
		printf(agency_code ? _("calendar: %zu row(s) from %s for %s; %ld row(s) of those years removed\n")
		                   : _("calendar: %zu row(s) from %s for all agencies (national)%s; %ld row(s) of those "
		                       "years removed\n"), n, path, agency_code ? agency_code : "", removed);
	return 0;
}

/* A new setting row from a date: the previous one with the toggle switched. */
static int calendar_toggle(struct ctl *c, const char *agency_code, const char *toggle,
                           const char *state, const char *from)
{
	if (strcmp(state, "on") != 0 && strcmp(state, "off") != 0) {
		fprintf(stderr, _("attendctl: calendar toggle: state '%s' is not on or off\n"), state);
		return 2;
	}
	if (from && !ctl_check_date("--from", &from))
		return 2;
	char agency_id[32];
	if (!ctl_agency(c, agency_code, agency_id, sizeof agency_id))
		return 1;
	const char *p[4] = { agency_id, toggle, state, from };
	PGresult *r = ctl_exec(c, "calendar toggle",
	        "WITH f AS (SELECT coalesce($4::date, (attend.now() AT TIME ZONE a.tz)::date) AS d FROM attend.agency a"
	        "  WHERE a.id = $1::bigint),"
	        " prev AS (SELECT s.weekly_rest, s.toggles FROM attend.calendar_setting s, f"
	        "  WHERE s.agency_id = $1::bigint AND s.effective_from <= f.d ORDER BY s.effective_from DESC LIMIT 1)"
	        " INSERT INTO attend.calendar_setting AS s (agency_id, effective_from, weekly_rest, toggles)"
	        " SELECT $1::bigint, f.d, coalesce((SELECT weekly_rest FROM prev), '{6,7}'),"
	        "  CASE WHEN $3 = 'on' THEN array(SELECT DISTINCT unnest(coalesce((SELECT toggles FROM prev), '{}') || $2::text))"
	        "       ELSE array_remove(coalesce((SELECT toggles FROM prev), '{}'), $2::text) END FROM f"
	        " ON CONFLICT (agency_id, effective_from) DO UPDATE SET toggles = EXCLUDED.toggles"
	        " RETURNING effective_from, array_to_string(toggles, ', ')", 4, p);
	if (!r)
		return 1;
	if (!c->quiet) {
		char d[16];
		printf(_("calendar of %s from %s: toggles on: %s\n"), agency_code, hr_date(d, sizeof d, PQgetvalue(r, 0, 0)),
		       *PQgetvalue(r, 0, 1) ? PQgetvalue(r, 0, 1) : _("(none)"));
	}
	PQclear(r);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl calendar load FILE [--agency CODE]\n"
	                   "       attendctl calendar toggle AGENCY TOGGLE on|off [--from DATE]\n"
	                   "DATE is dd/mm/yyyy or yyyy-mm-dd.\n"));
}

int cmd_calendar(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "agency", required_argument, NULL, 'a' },
		{ "from", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *agency = NULL, *from = NULL;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "a:f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'a': agency = optarg; break;
		case 'f': from = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	int n = argc - optind;
	char **a = argv + optind;
	if (n == 2 && !strcmp(a[0], "load") && !from)
		return calendar_load(c, a[1], agency);
	if (n == 4 && !strcmp(a[0], "toggle") && !agency)
		return calendar_toggle(c, a[1], a[2], a[3], from);
	usage(stderr);
	return 2;
}
