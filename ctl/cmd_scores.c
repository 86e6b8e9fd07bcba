/* attendctl summary | score | reminder | alerts: the monthly discipline summary and the
 * emulation scorecards (issue 6, docs/scores.md). */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/hr.h"
#include "doc/labels.h"
#include "doc/pdf.h"
#include "ctl/scores.h"
#include "lib/timeutil.h"

struct opts {
	const char *agency, *month, *as_of, *person, *criterion, *points, *note, *reason, *reference,
	           *on, *alert, *date, *output_dir, *mqtt_config, *mqtt_host, *mqtt_port, *rescore_locked,
	           *lang, *csv_style, *format, *output;
	bool all, publish, rescore, all_status;
};

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "agency", required_argument, NULL, 'a' }, { "month", required_argument, NULL, 'm' },
		{ "as-of", required_argument, NULL, 'A' }, { "person", required_argument, NULL, 'p' },
		{ "criterion", required_argument, NULL, 'k' }, { "points", required_argument, NULL, 'x' },
		{ "note", required_argument, NULL, 'n' }, { "reason", required_argument, NULL, 'r' },
		{ "reference", required_argument, NULL, 'R' }, { "on", required_argument, NULL, 'o' },
		{ "alert", required_argument, NULL, 'L' }, { "date", required_argument, NULL, 'D' },
		{ "output-dir", required_argument, NULL, 'O' }, { "mqtt-config", required_argument, NULL, 'M' },
		{ "mqtt-host", required_argument, NULL, 'H' }, { "mqtt-port", required_argument, NULL, 'P' },
		{ "rescore-locked", required_argument, NULL, 'Z' }, { "all", no_argument, NULL, 'l' },
		{ "publish", no_argument, NULL, 'u' }, { "rescore", no_argument, NULL, 's' },
		{ "all-status", no_argument, NULL, 'T' }, { "lang", required_argument, NULL, 'g' },
		{ "csv-style", required_argument, NULL, 'C' }, { "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'w' }, { 0 },
	};
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'a': o->agency = optarg; break;
		case 'm': o->month = optarg; break;
		case 'A': o->as_of = optarg; break;
		case 'p': o->person = optarg; break;
		case 'k': o->criterion = optarg; break;
		case 'x': o->points = optarg; break;
		case 'n': o->note = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'R': o->reference = optarg; break;
		case 'o': o->on = optarg; break;
		case 'L': o->alert = optarg; break;
		case 'D': o->date = optarg; break;
		case 'O': o->output_dir = optarg; break;
		case 'M': o->mqtt_config = optarg; break;
		case 'H': o->mqtt_host = optarg; break;
		case 'P': o->mqtt_port = optarg; break;
		case 'Z': o->rescore_locked = optarg; break;
		case 'l': o->all = true; break;
		case 'u': o->publish = true; break;
		case 's': o->rescore = true; break;
		case 'T': o->all_status = true; break;
		case 'g': o->lang = optarg; break;
		case 'C': o->csv_style = optarg; break;
		case 'F': o->format = optarg; break;
		case 'w': o->output = optarg; break;
		default: return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("attendctl: unexpected argument '%s'\n"), argv[optind]);
		return -1;
	}
	return 0;
}

static bool need(const char *v, const char *name)
{
	if (!v || !*v)
		fprintf(stderr, _("attendctl: %s is required\n"), name);
	return v && *v;
}

/* A month as its first day; also "current" and "previous" in the agency's zone (so the
 * timer's runs need no date arithmetic in the unit). */
static bool month_first(struct ctl *c, const char *agency_id, const char *month, char *buf, size_t len)
{
	/* a month as people write it (mm/yyyy or yyyy-mm), read by the one month reader */
	char first[CTL_DATE_LEN], ym[8];
	if (strcmp(month, "current") && strcmp(month, "previous")) {
		if (!ctl_parse_month(month, first)) {
			fprintf(stderr, _("attendctl: --month: '%s' is not a month (mm/yyyy, yyyy-mm, current, previous)\n"),
			        month);
			return false;
		}
		snprintf(ym, sizeof ym, "%.7s", first);
		month = ym;
	}
	const char *p[2] = { agency_id, month };
	PGresult *r = ctl_exec(c, "month",
	        "SELECT to_char(CASE $2 WHEN 'current' THEN date_trunc('month', attend.now() AT TIME ZONE a.tz)"
	        " WHEN 'previous' THEN date_trunc('month', attend.now() AT TIME ZONE a.tz) - interval '1 month'"
	        " ELSE CASE WHEN $2 ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN ($2 || '-01')::timestamp END END, 'YYYY-MM')"
	        " FROM attend.agency a WHERE a.id = $1", 2, p);
	if (!r)
		return false;
	bool ok = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0);
	if (ok)
		snprintf(buf, len, "%s", PQgetvalue(r, 0, 0));
	else
		fprintf(stderr, _("attendctl: --month: '%s' is not a month (mm/yyyy, yyyy-mm, current, previous)\n"), month);
	PQclear(r);
	return ok;
}

static int run_one(struct ctl *c, const struct opts *o, const char *agency, const char *month)
{
	struct summary s = { 0 };
	s.rescore = o->rescore || o->rescore_locked;
	int rc = 1;
	enum summary_outcome out;
	int64_t t0 = now_monotonic_us(), t1 = t0;
	if (summary_load(c, &s, agency, month, o->as_of) != 0 || summary_compute(&s) != 0 ||
	    summary_store(c, &s, o->rescore_locked, &out) != 0)
		goto done;
	t1 = now_monotonic_us();
	static const char *const said[] = { N_("written"), N_("unchanged"),
	                                    N_("HELD: the month is locked and its summary differs"),
	                                    N_("rescored although locked") };
	if (!c->quiet)
		printf(_("%s %s as of %s: %d people, rule set %s, %s (%.2f s)\n"), agency, s.month_text, s.as_of,
		       s.npeople, s.rules.label, _(said[out]),
		       (double)(t1 - t0) / 1e6);
	if (out == SUMMARY_HELD_LOCKED) {
		fprintf(stderr, _("attendctl: summary: %s %s is locked: not rescored (unlock it, or pass"
		                  " --rescore-locked REASON)\n"), agency, s.month_text);
		goto done;   /* nothing written or published: the locked summary stands */
	}
	if (o->output_dir) {
		/* The files are documents signed in Vietnamese offices, like the C01-HD: Vietnamese
		 * unless --lang en; what is said on the terminal follows --lang or the locale. */
		bool said_vi = hr_vi();
		hr_lang_switch(o->lang ? !strcmp(o->lang, "vi") : true);
		PGresult *a = ctl_exec(c, "agency", "SELECT name FROM attend.agency WHERE id = $1", 1,
		                       (const char *const[]){ s.agency_id });
		int e = a && PQntuples(a) == 1 ? summary_write_files(&s, o->output_dir, PQgetvalue(a, 0, 0)) : -1;
		if (e == 0)
			e = pdf_summary(c, &s, o->output_dir);
		PQclear(a);
		hr_lang_switch(said_vi);
		if (e != 0)
			goto done;
	}
	if (o->publish) {
		char *payload = summary_payload(&s, out);
		int e = summary_publish(&s, payload, o->mqtt_config, o->mqtt_host, o->mqtt_port);
		free(payload);
		if (e != 0)
			goto done;
	}
	rc = 0;
done:
	summary_free(&s);
	return rc;
}

static int summary_run(struct ctl *c, const struct opts *o)
{
	if (!o->agency == !o->all) {
		fprintf(stderr, _("attendctl: summary run: name --agency CODE or --all\n"));
		return 2;
	}
	if (!need(o->month, "--month"))
		return 2;
	if (o->publish && !o->mqtt_config && !o->mqtt_host) {
		fprintf(stderr, _("attendctl: --publish needs --mqtt-config FILE or --mqtt-host HOST\n"));
		return 2;
	}
	PGresult *r = ctl_exec(c, "agencies", "SELECT id, code FROM attend.agency WHERE $1::text IS NULL OR code = $1 ORDER BY code",
	                       1, (const char *const[]){ o->agency });
	if (!r)
		return 1;
	if (PQntuples(r) == 0) {
		fprintf(stderr, _("attendctl: agency '%s' does not exist\n"), o->agency ? o->agency : "(any)");
		PQclear(r);
		return 1;
	}
	int rc = 0;
	bool auto_month = !strcmp(o->month, "auto");
	for (int i = 0; i < PQntuples(r); i++) {
		const char *id = PQgetvalue(r, i, 0), *code = PQgetvalue(r, i, 1);
		char m[8];
		if (auto_month) {
			/* The timer: the month to date, and the previous month until it is locked (missing
			 * taps near its end become due during the first days). */
			char prev[8];
			if (!month_first(c, id, "current", m, sizeof m) || !month_first(c, id, "previous", prev, sizeof prev)) {
				rc = 1;
				continue;
			}
			const char *p[2] = { id, prev };
			PGresult *l = ctl_exec(c, "lock", "SELECT EXISTS (SELECT FROM attend.month_lock WHERE agency_id = $1"
			                                  " AND month = ($2 || '-01')::date)", 2, p);
			bool locked = l && PQgetvalue(l, 0, 0)[0] == 't';
			PQclear(l);
			if (!l || (!locked && run_one(c, o, code, prev) != 0))
				rc = 1;
			else if (locked && !c->quiet)
				printf(_("%s %s: locked, left as it is\n"), code, prev);
		} else if (!month_first(c, id, o->month, m, sizeof m)) {
			rc = 1;
			continue;
		}
		if (run_one(c, o, code, m) != 0)
			rc = 1;
	}
	PQclear(r);
	return rc;
}

/* "11/2026" in Vietnamese, "2026-11" in English. */
static const char *month_text(const char *ym, char *buf, size_t n)
{
	int y, m;
	if (hr_vi() && sscanf(ym, "%4d-%2d", &y, &m) == 2)
		snprintf(buf, n, "%02d/%04d", m, y);
	else
		snprintf(buf, n, "%s", ym);
	return buf;
}

/* A result as a report for people (table, CSV, JSON or XLSX: ctl/hr_table.c); the columns'
 * types show identifiers by their labels, JSON keeps them. */
static int report(const struct opts *o, const char *title, const char *subtitle, const char *key,
                  const char *section, const struct hr_col *cols, int ncols, PGresult *r)
{
	enum hr_format fmt = HR_FMT_TABLE;
	if (o->format && !hr_parse_format(o->format, &fmt))
		return 2;
	struct hr_section sec = { key, section, cols, ncols, r };
	struct hr_report rep = { title, subtitle, NULL, &sec, 1 };
	return hr_write_report(&rep, fmt, o->output);
}

static int summary_show(struct ctl *c, const struct opts *o)
{
	char aid[24], m[8], mt[16];
	if (!need(o->agency, "--agency") || !need(o->month, "--month"))
		return 2;
	if (!ctl_agency(c, o->agency, aid, sizeof aid) || !month_first(c, aid, o->month, m, sizeof m))
		return 1;
	const char *p[3] = { aid, m, o->person };
	PGresult *r = ctl_exec(c, "summary", "SELECT s.as_of, v.label, a.name FROM attend.summary_state s"
	                                     " JOIN attend.score_rule_set v ON v.id = s.score_rule_set_id"
	                                     " JOIN attend.agency a ON a.id = s.agency_id"
	                                     " WHERE s.agency_id = $1 AND s.month = ($2 || '-01')::date", 2, p);
	if (!r)
		return 1;
	if (PQntuples(r) == 0) {
		fprintf(stderr, _("attendctl: summary: no summary for %s %s yet (attendctl summary run)\n"), o->agency, m);
		PQclear(r);
		return 1;
	}
	char sub[512], d[16];
	snprintf(sub, sizeof sub, _("%s, month %s, counted up to %s; score rule set %s"), PQgetvalue(r, 0, 2),
	         month_text(m, mt, sizeof mt), hr_date(d, sizeof d, PQgetvalue(r, 0, 0)), PQgetvalue(r, 0, 1));
	PQclear(r);
	static const struct hr_col cols[] = {
		{ "person", N_("Staff code"), HR_TEXT }, { "full_name", N_("Full name"), HR_TEXT },
		{ "late_count", N_("Late"), HR_INT }, { "late_minutes", N_("Late (min)"), HR_INT },
		{ "early_count", N_("Early leave"), HR_INT }, { "early_minutes", N_("Early (min)"), HR_INT },
		{ "unexcused_half_days", N_("Unexcused half-days"), HR_INT },
		{ "unexcused_days", N_("Unexcused days"), HR_INT }, { "missing_taps", N_("Missing taps"), HR_INT },
		{ "missing_taps_open", N_("Missing taps still within the days to justify them"), HR_INT },
		{ "badge_not_worn", N_("Badge not worn"), HR_INT }, { "excused", N_("Excused by symbol"), HR_SYMBOLS },
		{ "deducted", N_("Points deducted"), HR_NUM }, { "sub_score", N_("Discipline sub-score"), HR_NUM },
		{ "total", N_("Total points"), HR_NUM }, { "band", N_("Rating"), HR_BAND }, { "rank", N_("Rank"), HR_INT },
	};
	PGresult *res[2] = { NULL, NULL };
	res[0] = ctl_exec(c, "summary",
	        "SELECT p.code, p.full_name, d.late_count, d.late_minutes, d.early_count, d.early_minutes,"
	        " d.unexcused_half_days, d.unexcused_days, d.missing_taps, d.missing_taps_open,"
	        " d.badge_not_worn, d.excused, d.deducted, d.sub_score, s.total, s.band, s.rank"
	        " FROM attend.discipline_summary d JOIN attend.person p ON p.id = d.person_id"
	        " JOIN attend.scorecard s ON s.agency_id = d.agency_id AND s.month = d.month AND s.person_id = d.person_id"
	        " WHERE d.agency_id = $1 AND d.month = ($2 || '-01')::date AND ($3::text IS NULL OR p.code = $3)"
	        " ORDER BY s.comparable_group, s.rank, p.code", 3, p);
	static const struct hr_col dcols[] = {
		{ "work_date", N_("Date"), HR_DATE }, { "session", N_("Session"), HR_INT },
		{ "fact", N_("Fact"), HR_FACT }, { "cause", N_("Cause"), HR_CAUSE },
		{ "minutes", N_("Minutes"), HR_INT }, { "tap_at", N_("Tap time"), HR_DATETIME },
		{ "charge", N_("Charged as"), HR_CHARGE }, { "why", N_("Why"), HR_WHY },
		{ "points", N_("Points"), HR_NUM },
	};
	/* a person's deductions with their days (session 1 is the morning; blank: the whole day) */
	if (res[0] && o->person)
		res[1] = ctl_exec(c, "deductions",
		        "SELECT x.work_date, x.session + 1, x.fact, x.cause, x.minutes,"
		        " to_char(x.tap_at AT TIME ZONE a.tz, 'YYYY-MM-DD HH24:MI'), x.charge, x.why, -x.points"
		        " FROM attend.discipline_deduction x JOIN attend.person p ON p.id = x.person_id"
		        " JOIN attend.agency a ON a.id = x.agency_id"
		        " WHERE x.agency_id = $1 AND x.month = ($2 || '-01')::date AND p.code = $3"
		        " ORDER BY x.work_date, x.session NULLS FIRST", 3, p);
	int rc = 1;
	enum hr_format fmt = HR_FMT_TABLE;
	if (res[0] && (!o->person || res[1])) {
		if (o->format && !hr_parse_format(o->format, &fmt))
			rc = 2;
		else {
			struct hr_section sec[2] = {
				{ "people", N_("People"), cols, (int)(sizeof cols / sizeof cols[0]), res[0] },
				{ "deductions", N_("Deductions and the days they come from"), dcols,
				  (int)(sizeof dcols / sizeof dcols[0]), res[1] },
			};
			struct hr_report rep = { _("Monthly discipline summary"), sub, NULL, sec, o->person ? 2 : 1 };
			rc = hr_write_report(&rep, fmt, o->output);
		}
	}
	PQclear(res[0]);
	PQclear(res[1]);
	return rc;
}

static int score_set(struct ctl *c, const struct opts *o)
{
	char pid[24], aid[24], m[8];
	score_pts pts;
	if (!need(o->person, "--person") || !need(o->month, "--month") || !need(o->criterion, "--criterion") ||
	    !need(o->points, "--points"))
		return 2;
	if (score_parse(o->points, &pts) != 0 || pts < 0) {
		fprintf(stderr, _("attendctl: --points: '%s' is not a number of points (e.g. 3.5)\n"), o->points);
		return 2;
	}
	if (!ctl_person(c, o->agency, o->person, pid, aid, sizeof pid) || !month_first(c, aid, o->month, m, sizeof m))
		return 1;
	char ptxt[16];
	score_format(pts, ptxt, sizeof ptxt);
	const char *p[6] = { aid, pid, m, o->criterion, ptxt, o->note };
	/* The criterion of the version in force for that month; automatic ones are not entered. */
	const char *pk[3] = { aid, m, o->criterion };
	PGresult *r = ctl_exec(c, "criterion",
	        "SELECT k.max_points, k.automatic FROM attend.score_criterion k"
	        " WHERE k.rule_set_id = coalesce((SELECT score_rule_set_id FROM attend.summary_state"
	        "   WHERE agency_id = $1 AND month = ($2 || '-01')::date),"
	        "   attend.score_rule_set_for($1, (($2 || '-01')::date + interval '1 month' - interval '1 day')::date))"
	        " AND k.code = $3", 3, pk);
	if (!r)
		return 1;
	if (PQntuples(r) != 1) {
		fprintf(stderr, _("attendctl: --criterion: '%s' is not a criterion of the scorecard for %s\n"), o->criterion, m);
		PQclear(r);
		return 1;
	}
	score_pts max = 0;
	score_parse(PQgetvalue(r, 0, 0), &max);
	bool automatic = PQgetvalue(r, 0, 1)[0] == 't';
	PQclear(r);
	if (automatic) {
		fprintf(stderr, _("attendctl: --criterion: '%s' is filled from the attendance data, not entered\n"), o->criterion);
		return 1;
	}
	if (pts > max) {
		char mt[16];
		score_format(max, mt, sizeof mt);
		fprintf(stderr, _("attendctl: --points: %s is above the criterion's maximum %s\n"), ptxt, mt);
		return 1;
	}
	r = ctl_exec(c, "score set", "INSERT INTO attend.score_entry (agency_id, person_id, month, criterion, points, note)"
	                             " VALUES ($1, $2, ($3 || '-01')::date, $4, $5, $6) RETURNING entered_by, entered_at", 6, p);
	if (!r)
		return 1;
	if (!c->quiet)
		printf(_("%s %s %s = %s (by %s at %s); takes effect at the next summary run\n"), o->person, m,
		       o->criterion, ptxt, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
	PQclear(r);
	return 0;
}

static int score_card(struct ctl *c, const struct opts *o)
{
	char pid[24], aid[24], m[8], mt[16];
	if (!need(o->person, "--person") || !need(o->month, "--month"))
		return 2;
	if (!ctl_person(c, o->agency, o->person, pid, aid, sizeof pid) || !month_first(c, aid, o->month, m, sizeof m))
		return 1;
	const char *p[3] = { aid, pid, m };
	PGresult *r = ctl_exec(c, "card", "SELECT s.total, s.band, s.band_by_score, s.rank, s.comparable_group,"
	                                  " s.capped, s.tie_at_cap, s.disciplined, s.missing_criteria, p.full_name"
	                                  " FROM attend.scorecard s JOIN attend.person p ON p.id = s.person_id"
	                                  " WHERE s.agency_id = $1 AND s.person_id = $2 AND s.month = ($3 || '-01')::date",
	                       3, p);
	if (!r)
		return 1;
	month_text(m, mt, sizeof mt);
	char head[1024] = "";
	if (PQntuples(r) == 1) {
		char total[32];
		hr_num(total, sizeof total, atof(PQgetvalue(r, 0, 0)), 2);
		int n = snprintf(head, sizeof head, _("%s (%s), %s: total %s points, %s (by score: %s); rank %s among %s;"
		                                      " %s criteria not entered"), o->person, PQgetvalue(r, 0, 9), mt, total,
		                 label_of(LABEL_BAND, PQgetvalue(r, 0, 1)), label_of(LABEL_BAND, PQgetvalue(r, 0, 2)),
		                 PQgetvalue(r, 0, 3), label_staff_kind(PQgetvalue(r, 0, 4)), PQgetvalue(r, 0, 8));
		const char *flags[3] = { N_("held back by the cap"), N_("tied at the cap"), N_("disciplined this year") };
		for (int k = 0; k < 3 && n > 0 && (size_t)n < sizeof head; k++)
			if (PQgetvalue(r, 0, 5 + k)[0] == 't')
				n += snprintf(head + n, sizeof head - (size_t)n, "; %s", _(flags[k]));
	} else
		snprintf(head, sizeof head, _("%s, %s: no scorecard yet (attendctl summary run)"), o->person, mt);
	PQclear(r);
	r = ctl_exec(c, "card",
	        "SELECT k.code, k.max_points, coalesce((s.criteria ->> k.code), ''),"
	        " coalesce(e.points::text, ''), coalesce(e.entered_by, ''),"
	        " coalesce(to_char(e.entered_at AT TIME ZONE a.tz, 'YYYY-MM-DD HH24:MI'), ''), k.name_vi"
	        " FROM attend.score_criterion k JOIN attend.agency a ON a.id = $1"
	        " LEFT JOIN attend.scorecard s ON s.agency_id = $1 AND s.person_id = $2 AND s.month = ($3 || '-01')::date"
	        " LEFT JOIN attend.score_entry_current e ON e.agency_id = $1 AND e.person_id = $2"
	        "   AND e.month = ($3 || '-01')::date AND e.criterion = k.code"
	        " WHERE k.rule_set_id = coalesce(s.score_rule_set_id, attend.score_rule_set_for($1, ($3 || '-01')::date))"
	        " ORDER BY k.position", 3, p);
	if (!r)
		return 1;
	/* the criterion by its name (the database's, or English for the shipped ones) */
	for (int i = 0; i < PQntuples(r); i++) {
		const char *name = label_criterion(PQgetvalue(r, i, 0), PQgetvalue(r, i, 6));
		PQsetvalue(r, i, 0, (char *)(uintptr_t)name, (int)strlen(name));
	}
	static const struct hr_col cols[] = {
		{ "criterion", N_("Criterion"), HR_TEXT }, { "max", N_("Maximum"), HR_NUM },
		{ "scored", N_("Scored"), HR_NUM }, { "entered", N_("Entered"), HR_NUM },
		{ "entered_by", N_("Entered by"), HR_TEXT }, { "entered_at", N_("Entered at"), HR_DATETIME },
	};
	int rc = report(o, _("Emulation scorecard"), head, "criteria", N_("Criteria"), cols,
	                (int)(sizeof cols / sizeof cols[0]), r);
	PQclear(r);
	return rc;
}

static int badge_not_worn(struct ctl *c, struct opts *o)
{
	char pid[24], aid[24];
	if (!need(o->person, "--person") || !need(o->date, "--date"))
		return 2;
	if (!ctl_check_date("--date", &o->date) || !ctl_person(c, o->agency, o->person, pid, aid, sizeof pid))
		return 1;
	const char *p[4] = { aid, pid, o->date, o->note };
	PGresult *r = ctl_exec(c, "badge not worn", "INSERT INTO attend.badge_not_worn (agency_id, person_id, work_date, note)"
	                                            " VALUES ($1, $2, $3, $4) RETURNING id", 4, p);
	if (!r)
		return 1;
	if (!c->quiet)
		printf(_("badge not worn %s: %s %s\n"), PQgetvalue(r, 0, 0), o->person, o->date);
	PQclear(r);
	return 0;
}

static int reminder_record(struct ctl *c, struct opts *o)
{
	char pid[24], aid[24], m[8];
	if (!need(o->person, "--person") || !need(o->month, "--month") || !need(o->reason, "--reason"))
		return 2;
	if ((o->on && !ctl_check_date("--on", &o->on)) || !ctl_person(c, o->agency, o->person, pid, aid, sizeof pid) ||
	    !month_first(c, aid, o->month, m, sizeof m))
		return 1;
	if (o->alert && strspn(o->alert, "0123456789") != strlen(o->alert)) {
		fprintf(stderr, _("attendctl: --alert: '%s' is not an alert id\n"), o->alert);
		return 2;
	}
	const char *p[7] = { aid, pid, m, o->on, o->reference, o->reason, o->alert };
	PGresult *r = ctl_exec(c, "reminder",
	        "INSERT INTO attend.reminder (agency_id, person_id, month, issued_on, reference, reason, alert_id)"
	        " SELECT $1, $2, ($3 || '-01')::date, coalesce($4::date, (attend.now() AT TIME ZONE (SELECT tz FROM attend.agency WHERE id = $1::bigint))::date), $5, $6, $7::bigint"
	        " WHERE $7::bigint IS NULL OR EXISTS (SELECT FROM attend.score_alert WHERE id = $7::bigint AND person_id = $2)"
	        " RETURNING id, issued_by", 7, p);
	if (!r)
		return 1;
	int n = PQntuples(r);
	if (n == 0)
		fprintf(stderr, _("attendctl: --alert: alert %s is not an alert of %s\n"), o->alert, o->person);
	else if (!c->quiet)
		printf(_("reminder %s recorded for %s (%s) by %s\n"), PQgetvalue(r, 0, 0), o->person, m, PQgetvalue(r, 0, 1));
	PQclear(r);
	return n ? 0 : 1;
}

static int alerts_list(struct ctl *c, const struct opts *o)
{
	char aid[24], m[8], mt[16];
	if (!need(o->agency, "--agency") || !need(o->month, "--month"))
		return 2;
	if (!ctl_agency(c, o->agency, aid, sizeof aid) || !month_first(c, aid, o->month, m, sizeof m))
		return 1;
	const char *p[3] = { aid, m, o->all_status ? "t" : "f" };
	static const struct hr_col cols[] = {
		{ "id", N_("No."), HR_TEXT }, { "person", N_("Staff code"), HR_TEXT },
		{ "full_name", N_("Full name"), HR_TEXT }, { "staff_kind", N_("Staff kind"), HR_STAFF_KIND },
		{ "kind", N_("Alert"), HR_ALERT }, { "open", N_("Open"), HR_BOOL },
		{ "late_count", N_("Late"), HR_INT }, { "early_count", N_("Early leave"), HR_INT },
		{ "unexcused_days", N_("Unexcused days"), HR_INT }, { "reminders", N_("Reminders recorded"), HR_INT },
	};
	PGresult *r = ctl_exec(c, "alerts",
	        "SELECT a.id, p.code, p.full_name, p.staff_kind, a.kind, a.status = 'open',"
	        " d.late_count, d.early_count, d.unexcused_days,"
	        " (SELECT count(*) FROM attend.reminder r WHERE r.person_id = a.person_id AND r.month = a.month) reminders,"
	        " g.name"
	        " FROM attend.score_alert a JOIN attend.person p ON p.id = a.person_id"
	        " JOIN attend.agency g ON g.id = a.agency_id"
	        " LEFT JOIN attend.discipline_summary d ON d.agency_id = a.agency_id AND d.month = a.month"
	        "  AND d.person_id = a.person_id"
	        " WHERE a.agency_id = $1 AND a.month = ($2 || '-01')::date AND (a.status = 'open' OR $3::boolean)"
	        " ORDER BY p.code, a.kind", 3, p);
	if (!r)
		return 1;
	char sub[512];
	snprintf(sub, sizeof sub, "%s, %s", PQntuples(r) ? PQgetvalue(r, 0, 10) : o->agency, month_text(m, mt, sizeof mt));
	int rc = report(o, _("Alerts for people to act on"), sub, "alerts", N_("Alerts"), cols,
	                (int)(sizeof cols / sizeof cols[0]), r);
	PQclear(r);
	return rc;
}

static int usage(void)
{
	fprintf(stderr,
	        "usage: attendctl summary run (--agency CODE | --all) --month YYYY-MM|current|previous|auto\n"
	        "                 [--as-of DATE] [--output-dir DIR [--lang vi|en]] [--publish (--mqtt-config FILE | --mqtt-host H [--mqtt-port P])]\n"
	        "                 [--rescore] [--rescore-locked REASON]\n"
	        "                 [--lang vi|en] [--csv-style excel-vi|excel-en]\n"
	        "       attendctl summary show --agency CODE --month M [--person CODE] [--lang vi|en]\n"
	        "                 [--format table|csv|json|xlsx] [--output FILE] [--csv-style excel-vi|excel-en]\n"
	        "       attendctl score set --person CODE [--agency CODE] --month M --criterion K --points X [--note TEXT]\n"
	        "       attendctl score card --person CODE [--agency CODE] --month M [--lang vi|en]\n"
	        "       attendctl score badge-not-worn --person CODE [--agency CODE] --date DATE [--note TEXT]\n"
	        "       attendctl reminder record --person CODE [--agency CODE] --month M --reason TEXT [--on DATE]\n"
	        "                 [--reference NO] [--alert ID]\n"
	        "       attendctl alerts --agency CODE --month M [--all-status] [--lang vi|en]\n"
	        "                 [--format table|csv|json|xlsx] [--output FILE] [--csv-style excel-vi|excel-en]\n");
	return 2;
}

static int dispatch(struct ctl *c, int argc, char **argv, int first)
{
	struct opts o = { 0 };
	const char *group = argv[0], *verb = first > 1 && argc > 1 ? argv[1] : "";
	if (parse(argc - (first - 1), argv + (first - 1), &o) != 0)
		return usage();
	/* Messages follow --lang or the locale; summary run writes its files in Vietnamese unless
	 * --lang en (run_one). */
	if (!hr_lang_init(o.lang) || !hr_csv_style_set(o.csv_style))
		return 2;
	int rc;
	if (!strcmp(group, "summary") && !strcmp(verb, "run")) rc = summary_run(c, &o);
	else if (!strcmp(group, "summary") && !strcmp(verb, "show")) rc = summary_show(c, &o);
	else if (!strcmp(group, "score") && !strcmp(verb, "set")) rc = score_set(c, &o);
	else if (!strcmp(group, "score") && !strcmp(verb, "card")) rc = score_card(c, &o);
	else if (!strcmp(group, "score") && !strcmp(verb, "badge-not-worn")) rc = badge_not_worn(c, &o);
	else if (!strcmp(group, "reminder") && !strcmp(verb, "record")) rc = reminder_record(c, &o);
	else if (!strcmp(group, "alerts")) rc = alerts_list(c, &o);
	else rc = usage();
	return rc;
}

static int cmd_verb(struct ctl *c, int argc, char **argv)
{
	return dispatch(c, argc, argv, 2);
}

static int cmd_alerts(struct ctl *c, int argc, char **argv)
{
	return dispatch(c, argc, argv, 1);
}

const struct ctl_command ctl_commands_scores[] = {
	{ "summary", cmd_verb, "monthly discipline summary and scores: run (files, MQTT), show" },
	{ "score", cmd_verb, "emulation scorecards: set a criterion, show a card, badge not worn" },
	{ "reminder", cmd_verb, "record a written reminder issued" },
	{ "alerts", cmd_alerts, "alerts for people to act on (reminders, head of unit, contract staff)" },
	{ NULL, NULL, NULL },
};
