/* The monthly summary's inputs: the score rule set version, criteria, people, the month's
 * facts (discipline exceptions of settled day results, badge-not-worn notes), excused days by
 * symbol, entered points, contract staff's absences over a year, units. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/scores.h"

static PGresult *q(struct ctl *c, const char *what, const char *sql, int n, const char *const *p)
{
	return ctl_exec(c, what, sql, n, p);
}

static score_pts pts(const char *s)
{
	score_pts p = 0;
	if (score_parse(s, &p) != 0)
		p = 0;
	return p;
}

static int load_rules(struct ctl *c, struct summary *s)
{
	/* The version: the one the month was scored with, unless re-scoring. */
	const char *p2[4] = { s->agency_id, s->month_first, s->month_last, s->rescore ? "t" : "f" };
	PGresult *r = q(c, "score rule set",
	        "SELECT v.id, v.label, late_early_each, late_early_cap, half_day_each, day_each, missing_tap_each,"
	        " missing_tap_justify_days, missing_tap_half_day_charged, badge_not_worn_each, discipline_max,"
	        " discipline_floor, band_excellent, band_good, band_done, excellent_cap_pct,"
	        " excellent_cap_pct_unit_excellent, excellent_cap_base, alert_late_reminder, alert_days_reminder, alert_days_head,"
	        " alert_contract_30, alert_contract_365, quota_individuals, quota_collectives"
	        " FROM attend.score_rule_set v WHERE v.id = coalesce("
	        "   (SELECT score_rule_set_id FROM attend.summary_state WHERE agency_id = $1 AND month = $2 AND NOT $4::boolean),"
	        "   attend.score_rule_set_for($1, $3))", 4, p2);
	if (!r)
		return -1;
	if (PQntuples(r) != 1) {
		fprintf(stderr, "attendctl: summary: no score rule set covers %s for agency %s\n", s->month_last, s->agency_code);
		PQclear(r);
		return -1;
	}
	struct score_rules *x = &s->rules;
	int i = 0;
	x->version = atoi(PQgetvalue(r, 0, i++));
	snprintf(x->label, sizeof x->label, "%s", PQgetvalue(r, 0, i++));
	x->late_early_each = pts(PQgetvalue(r, 0, i++));
	x->late_early_cap = pts(PQgetvalue(r, 0, i++));
	x->half_day_each = pts(PQgetvalue(r, 0, i++));
	x->day_each = pts(PQgetvalue(r, 0, i++));
	x->missing_tap_each = pts(PQgetvalue(r, 0, i++));
	x->missing_tap_justify_days = atoi(PQgetvalue(r, 0, i++));
	x->missing_tap_half_day_charged = PQgetvalue(r, 0, i++)[0] == 't';
	x->badge_not_worn_each = pts(PQgetvalue(r, 0, i++));
	x->discipline_max = pts(PQgetvalue(r, 0, i++));
	x->discipline_floor = pts(PQgetvalue(r, 0, i++));
	x->band_excellent = pts(PQgetvalue(r, 0, i++));
	x->band_good = pts(PQgetvalue(r, 0, i++));
	x->band_done = pts(PQgetvalue(r, 0, i++));
	x->excellent_cap_pct = atoi(PQgetvalue(r, 0, i++));
	x->excellent_cap_pct_unit_excellent = atoi(PQgetvalue(r, 0, i++));
	/* the table's CHECK allows 'good' and 'good_or_above' only */
	x->excellent_cap_base = strcmp(PQgetvalue(r, 0, i++), "good_or_above") == 0 ? SCORE_CAP_BASE_GOOD_OR_ABOVE
	                                                                           : SCORE_CAP_BASE_GOOD;
	x->alert_late_reminder = atoi(PQgetvalue(r, 0, i++));
	x->alert_days_reminder = atoi(PQgetvalue(r, 0, i++));
	x->alert_days_head = atoi(PQgetvalue(r, 0, i++));
	x->alert_contract_30 = atoi(PQgetvalue(r, 0, i++));
	x->alert_contract_365 = atoi(PQgetvalue(r, 0, i++));
	x->quota_individuals = atoi(PQgetvalue(r, 0, i++));
	x->quota_collectives = atoi(PQgetvalue(r, 0, i++));
	PQclear(r);
	const char *field;
	if (score_rules_check(x, &field) != 0 || x->quota_individuals > 1023 || x->quota_collectives > 1023) {
		fprintf(stderr, "attendctl: summary: score rule set %d is invalid: %s\n", x->version,
		        field ? field : "quota above 1023");
		return -1;
	}
	char v[16];
	snprintf(v, sizeof v, "%d", x->version);
	const char *pc[1] = { v };
	r = q(c, "criteria", "SELECT code, name_vi, grp, max_points, automatic FROM attend.score_criterion"
	                     " WHERE rule_set_id = $1 ORDER BY position, code", 1, pc);
	if (!r)
		return -1;
	s->ncrit = PQntuples(r);
	s->crit = calloc((size_t)s->ncrit + 1, sizeof *s->crit);
	s->crit_names = calloc((size_t)s->ncrit + 1, sizeof *s->crit_names);
	for (int k = 0; k < s->ncrit; k++) {
		snprintf(s->crit[k].code, sizeof s->crit[k].code, "%s", PQgetvalue(r, k, 0));
		s->crit_names[k] = strdup(PQgetvalue(r, k, 1));
		s->crit[k].group = strcmp(PQgetvalue(r, k, 2), "task") == 0 ? SCORE_GROUP_TASK : SCORE_GROUP_GENERAL;
		s->crit[k].max = pts(PQgetvalue(r, k, 3));
		s->crit[k].automatic = PQgetvalue(r, k, 4)[0] == 't';
	}
	PQclear(r);
	return 0;
}

static int load_people(struct ctl *c, struct summary *s)
{
	const char *p[4] = { s->agency_id, s->month_first, s->month_last, s->as_of };
	PGresult *r = q(c, "people",
	        "SELECT p.id, p.unit_id, p.code, p.full_name, p.staff_kind, coalesce(a.working, 0),"
	        "  coalesce(a.present, 0), coalesce(x.excused, '{}'),"
	        "  EXISTS (SELECT FROM attend.discipline_decision d WHERE d.person_id = p.id"
	        "          AND d.decided_on BETWEEN date_trunc('year', $2::date)::date AND $3::date)"
	        " FROM attend.person p"
	        " LEFT JOIN (SELECT person_id, count(*) FILTER (WHERE working_day AND NOT pending) working,"
	        "              count(*) FILTER (WHERE working_day AND present AND NOT pending) present"
	        "            FROM attend.day_result WHERE agency_id = $1 AND work_date BETWEEN $2 AND $4"
	        "            GROUP BY 1) a ON a.person_id = p.id"
	        " LEFT JOIN (SELECT person_id, jsonb_object_agg(sym, days) excused FROM ("
	        "              SELECT r.person_id, s->>'symbol' sym,"
	        "                round(sum(1.0 / jsonb_array_length(r.sessions)), 2) days"
	        "              FROM attend.day_result r, jsonb_array_elements(r.sessions) s"
	        "              WHERE r.agency_id = $1 AND r.work_date BETWEEN $2 AND $4"
	        "                AND r.symbol NOT IN ('+', '', 'K') AND s->>'status' = 'excused'"
	        "              GROUP BY 1, 2) e GROUP BY 1) x ON x.person_id = p.id"
	        " WHERE p.agency_id = $1 AND (p.hired_on IS NULL OR p.hired_on <= $4)"
	        "   AND (p.left_on IS NULL OR p.left_on >= $2)"
	        " ORDER BY p.id", 4, p);
	if (!r)
		return -1;
	s->npeople = PQntuples(r);
	s->people = calloc((size_t)s->npeople + 1, sizeof *s->people);
	for (int i = 0; i < s->npeople; i++) {
		struct summary_person *x = &s->people[i];
		x->id = atoll(PQgetvalue(r, i, 0));
		x->unit_id = atoll(PQgetvalue(r, i, 1));
		x->code = strdup(PQgetvalue(r, i, 2));
		x->name = strdup(PQgetvalue(r, i, 3));
		x->staff_kind = strdup(PQgetvalue(r, i, 4));
		x->working_days = atoi(PQgetvalue(r, i, 5));
		x->present_days = atoi(PQgetvalue(r, i, 6));
		x->excused = strdup(PQgetvalue(r, i, 7));
		x->disciplined = PQgetvalue(r, i, 8)[0] == 't';
		x->points = malloc(((size_t)s->ncrit + 1) * sizeof *x->points);
		for (int k = 0; k < s->ncrit; k++)
			x->points[k] = -1;
	}
	PQclear(r);
	return 0;
}

struct summary_person *summary_person_of(const struct summary *s, int64_t id)
{
	int lo = 0, hi = s->npeople - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (s->people[mid].id == id)
			return &s->people[mid];
		if (s->people[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static uint8_t fact_kind(const char *k)
{
	if (!strcmp(k, "late")) return SCORE_FACT_LATE;
	if (!strcmp(k, "early_leave")) return SCORE_FACT_EARLY_LEAVE;
	if (!strcmp(k, "missing_tap")) return SCORE_FACT_MISSING_TAP;
	if (!strcmp(k, "unexcused_half_day")) return SCORE_FACT_UNEXCUSED_HALF_DAY;
	return SCORE_FACT_BADGE_NOT_WORN;
}

static uint8_t fact_cause(const char *k)
{
	if (!strcmp(k, "absent")) return SCORE_CAUSE_ABSENT;
	if (!strcmp(k, "late")) return SCORE_CAUSE_LATE;
	if (!strcmp(k, "early")) return SCORE_CAUSE_EARLY;
	if (!strcmp(k, "missing_tap")) return SCORE_CAUSE_MISSING_TAP;
	return SCORE_CAUSE_NONE;
}

/* Facts of settled days only: a pending day concludes nothing yet.  A missing tap is open while
 * fewer than justify_days settled working days followed it up to as_of. */
static int load_facts(struct ctl *c, struct summary *s)
{
	char jd[16];
	snprintf(jd, sizeof jd, "%d", s->rules.missing_tap_justify_days);
	const char *p[4] = { s->agency_id, s->month_first, s->as_of, jd };
	PGresult *r = q(c, "facts",
	        "WITH ex AS ("
	        "  SELECT e.person_id, e.work_date, coalesce(e.session, -1) AS session,"
	        "    CASE WHEN e.kind IN ('missing_in', 'missing_out') THEN 'missing_tap' ELSE e.kind END AS fact,"
	        "    e.cause, e.minutes, e.tap_at, jsonb_array_length(r.sessions) AS nsess"
	        "  FROM attend.day_exception e JOIN attend.day_result r USING (agency_id, person_id, work_date)"
	        "  WHERE e.agency_id = $1 AND e.work_date BETWEEN $2 AND $3 AND e.discipline AND NOT r.pending"
	        "    AND e.kind IN ('late', 'early_leave', 'missing_in', 'missing_out', 'unexcused_half_day'))"
	        " SELECT person_id, work_date - date '1970-01-01', session, fact, cause, minutes,"
	        "   to_char(tap_at, 'YYYY-MM-DD\"T\"HH24:MI:SS'), nsess,"
	        "   fact = 'missing_tap' AND (SELECT count(*) FROM attend.day_result w WHERE w.agency_id = $1"
	        "     AND w.person_id = ex.person_id AND w.work_date > ex.work_date AND w.work_date <= $3"
	        "     AND w.working_day AND NOT w.pending) < $4::int"
	        " FROM ex"
	        " UNION ALL"
	        " SELECT person_id, work_date - date '1970-01-01', -1, 'badge_not_worn', 'none', 0, NULL, 0, false"
	        " FROM attend.badge_not_worn WHERE agency_id = $1 AND work_date BETWEEN $2 AND $3"
	        " ORDER BY 1, 2, 3, 4", 4, p);
	if (!r)
		return -1;
	s->nfacts = PQntuples(r);
	s->facts = calloc((size_t)s->nfacts + 1, sizeof *s->facts);
	s->fact_tap_at = calloc((size_t)s->nfacts + 1, sizeof *s->fact_tap_at);
	struct summary_person *cur = NULL;
	for (int i = 0; i < s->nfacts; i++) {
		int64_t pid = atoll(PQgetvalue(r, i, 0));
		if (!cur || cur->id != pid) {
			cur = summary_person_of(s, pid);
			if (cur)
				cur->fact0 = i;
		}
		if (cur)
			cur->nfacts++;
		struct score_fact *f = &s->facts[i];
		f->date = atoi(PQgetvalue(r, i, 1));
		f->session = (int16_t)atoi(PQgetvalue(r, i, 2));
		f->kind = fact_kind(PQgetvalue(r, i, 3));
		f->cause = fact_cause(PQgetvalue(r, i, 4));
		f->minutes = atoi(PQgetvalue(r, i, 5));
		if (!PQgetisnull(r, i, 6))
			s->fact_tap_at[i] = strdup(PQgetvalue(r, i, 6));
		f->day_sessions = (int16_t)atoi(PQgetvalue(r, i, 7));
		f->justify_open = PQgetvalue(r, i, 8)[0] == 't';
	}
	PQclear(r);
	return 0;
}

static int load_entries(struct ctl *c, struct summary *s)
{
	const char *p[2] = { s->agency_id, s->month_first };
	PGresult *r = q(c, "entered points", "SELECT person_id, criterion, points FROM attend.score_entry_current"
	                                     " WHERE agency_id = $1 AND month = $2", 2, p);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		struct summary_person *x = summary_person_of(s, atoll(PQgetvalue(r, i, 0)));
		for (int k = 0; x && k < s->ncrit; k++)
			if (!s->crit[k].automatic && !strcmp(s->crit[k].code, PQgetvalue(r, i, 1)))
				x->points[k] = pts(PQgetvalue(r, i, 2));
	}
	PQclear(r);
	return 0;
}

/* Contract staff's unexcused absences in the 395 days up to as_of (a 365-day window and the
 * 30-day windows ending in the month). */
static int load_absences(struct ctl *c, struct summary *s)
{
	const char *p[3] = { s->agency_id, s->as_of, s->rules.missing_tap_half_day_charged ? "t" : "f" };
	PGresult *r = q(c, "absences",
	        "SELECT e.person_id, e.work_date - date '1970-01-01',"
	        "  CASE WHEN count(*) >= max(jsonb_array_length(r.sessions)) THEN 2 ELSE 1 END"
	        " FROM attend.day_exception e JOIN attend.day_result r USING (agency_id, person_id, work_date)"
	        " JOIN attend.person p ON p.id = e.person_id AND p.staff_kind = 'hop_dong'"
	        " WHERE e.agency_id = $1 AND e.work_date BETWEEN $2::date - 395 AND $2::date"
	        "   AND e.kind = 'unexcused_half_day' AND NOT r.pending AND (e.cause <> 'missing_tap' OR $3::boolean)"
	        " GROUP BY 1, 2 ORDER BY 1, 2", 3, p);
	if (!r)
		return -1;
	s->nabs = PQntuples(r);
	s->abs = calloc((size_t)s->nabs + 1, sizeof *s->abs);
	struct summary_person *cur = NULL;
	for (int i = 0; i < s->nabs; i++) {
		int64_t pid = atoll(PQgetvalue(r, i, 0));
		if (!cur || cur->id != pid) {
			cur = summary_person_of(s, pid);
			if (cur)
				cur->abs0 = i;
		}
		if (cur)
			cur->nabs++;
		s->abs[i].date = atoi(PQgetvalue(r, i, 1));
		s->abs[i].halves = atoi(PQgetvalue(r, i, 2));
	}
	PQclear(r);
	return 0;
}

static int load_units(struct ctl *c, struct summary *s)
{
	const char *p[1] = { s->agency_id };
	PGresult *r = q(c, "units", "SELECT id, code, name FROM attend.org_unit WHERE agency_id = $1 ORDER BY id", 1, p);
	if (!r)
		return -1;
	s->nunits = PQntuples(r);
	s->units = calloc((size_t)s->nunits + 1, sizeof *s->units);
	s->coll = calloc((size_t)s->nunits + 1, sizeof *s->coll);
	for (int i = 0; i < s->nunits; i++) {
		s->units[i].id = s->coll[i].unit_id = atoll(PQgetvalue(r, i, 0));
		s->units[i].code = strdup(PQgetvalue(r, i, 1));
		s->units[i].name = strdup(PQgetvalue(r, i, 2));
	}
	PQclear(r);
	return 0;
}


int summary_load(struct ctl *c, struct summary *s, const char *agency, const char *month,
                 const char *as_of)
{
	char first[CTL_DATE_LEN];
	if (!ctl_check_month("--month", month, first) || sscanf(first, "%4d-%2d", &s->year, &s->month) != 2)
		return -1;
	if (as_of && !ctl_check_date("--as-of", &as_of))
		return -1;
	if (!ctl_agency(c, agency, s->agency_id, sizeof s->agency_id))
		return -1;
	snprintf(s->agency_code, sizeof s->agency_code, "%s", agency);
	snprintf(s->month_text, sizeof s->month_text, "%04d-%02d", s->year, s->month);
	s->first = rules_date_from_ymd(s->year, s->month, 1);
	s->last = (s->month == 12 ? rules_date_from_ymd(s->year + 1, 1, 1)
	                          : rules_date_from_ymd(s->year, s->month + 1, 1)) - 1;
	/* as_of: given, or today in the agency's zone; clamped to the month's last day */
	const char *p[2] = { s->agency_id, as_of };
	PGresult *r = ctl_exec(c, "today", "SELECT coalesce($2::date, (attend.now() AT TIME ZONE tz)::date) - date '1970-01-01'"
	                                   " FROM attend.agency WHERE id = $1", 2, p);
	if (!r)
		return -1;
	s->as_of_date = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (s->as_of_date < s->first) {
		fprintf(stderr, "attendctl: --month: %s has not started (as of the date used)\n", s->month_text);
		return -1;
	}
	if (s->as_of_date >= s->last) {
		s->as_of_date = s->last;
		s->complete = true;
	}
	int y, m, d;
	rules_date_to_ymd(s->first, &y, &m, &d);
	snprintf(s->month_first, sizeof s->month_first, "%04d-%02d-%02d", y, m, d);
	rules_date_to_ymd(s->last, &y, &m, &d);
	snprintf(s->month_last, sizeof s->month_last, "%04d-%02d-%02d", y, m, d);
	rules_date_to_ymd(s->as_of_date, &y, &m, &d);
	snprintf(s->as_of, sizeof s->as_of, "%04d-%02d-%02d", y, m, d);
	if (load_rules(c, s) || load_people(c, s) || load_facts(c, s) || load_entries(c, s) ||
	    load_absences(c, s) || load_units(c, s))
		return -1;
	return 0;
}

void summary_free(struct summary *s)
{
	for (int i = 0; i < s->npeople; i++) {
		struct summary_person *x = &s->people[i];
		free(x->code); free(x->name); free(x->staff_kind); free(x->excused); free(x->points);
	}
	for (int i = 0; i < s->nfacts; i++)
		free(s->fact_tap_at[i]);
	for (int i = 0; i < s->ncrit; i++)
		free(s->crit_names[i]);
	for (int i = 0; i < s->nunits; i++) {
		free(s->units[i].code);
		free(s->units[i].name);
	}
	free(s->people); free(s->facts); free(s->fact_tap_at); free(s->crit); free(s->crit_names);
	free(s->abs); free(s->units); free(s->coll); free(s->cards);
}
