/* Stores a scored month in one transaction: the month's rows are replaced (a rerun gives the
 * same rows), alerts are kept with their first sighting, and the run is recorded.  A locked
 * month that already has a summary is not rewritten: the run is recorded as held, and the
 * caller says so, unless a reason to rescore it is given. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/scores.h"
#include "lib/dbuf.h"
#include "lib/pg_copy.h"

static int copy_in(struct ctl *c, const char *sql, const struct dbuf *rows)
{
	char err[512];
	if (pg_copy_in(c->db, sql, rows, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: summary: %s\n", err);
		return -1;
	}
	return 0;
}

static void pts(struct dbuf *b, score_pts p)
{
	char t[16];
	score_format(p, t, sizeof t);
	dbuf_puts(b, t);
}

static void date_text(struct dbuf *b, rules_date d)
{
	int y, m, dd;
	rules_date_to_ymd(d, &y, &m, &dd);
	dbuf_printf(b, "%04d-%02d-%02d", y, m, dd);
}

static const char *fact_name(uint8_t k)
{
	static const char *const n[] = { "late", "early_leave", "missing_tap", "unexcused_half_day", "badge_not_worn" };
	return k < SCORE_FACT_KINDS ? n[k] : "?";
}

static const char *cause_name(uint8_t k)
{
	static const char *const n[] = { "none", "absent", "late", "early", "missing_tap" };
	return k <= SCORE_CAUSE_MISSING_TAP ? n[k] : "none";
}

static void rows_discipline(const struct summary *s, struct dbuf *b)
{
	for (int i = 0; i < s->npeople; i++) {
		const struct summary_person *x = &s->people[i];
		const struct score_discipline *d = &x->d;
		dbuf_printf(b, "%s\t%s\t%lld\t%lld\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t",
		            s->agency_id, s->month_first, (long long)x->id, (long long)x->unit_id,
		            x->working_days, x->present_days, d->late_count, d->late_minutes, d->early_count,
		            d->early_minutes, d->half_days, d->days, d->missing_taps, d->missing_taps_open,
		            d->badge_not_worn);
		dbuf_copy_text(b, x->excused);
		for (int k = SCORE_CHARGE_LATE_EARLY; k <= SCORE_CHARGE_BADGE_NOT_WORN; k++) {
			dbuf_puts(b, "\t");
			pts(b, d->deduct[k]);
		}
		dbuf_puts(b, "\t");
		pts(b, d->deducted);
		dbuf_puts(b, "\t");
		pts(b, d->sub_score);
		dbuf_printf(b, "\t%d\n", s->rules.version);
	}
}

static void rows_deductions(const struct summary *s, struct dbuf *b)
{
	for (int i = 0; i < s->npeople; i++) {
		const struct summary_person *x = &s->people[i];
		for (int j = x->fact0; j < x->fact0 + x->nfacts; j++) {
			const struct score_fact *f = &s->facts[j];
			dbuf_printf(b, "%s\t%s\t%lld\t", s->agency_id, s->month_first, (long long)x->id);
			date_text(b, f->date);
			if (f->session >= 0)
				dbuf_printf(b, "\t%d", f->session);
			else
				dbuf_puts(b, "\t\\N");
			dbuf_printf(b, "\t%s\t%s\t%d\t%s\t%s\t%s\t", fact_name(f->kind), cause_name(f->cause), f->minutes,
			            s->fact_tap_at[j] ? s->fact_tap_at[j] : "\\N",
			            score_charge_name((enum score_charge)f->charge), score_why_name((enum score_why_not)f->why));
			pts(b, f->points);
			dbuf_puts(b, "\n");
		}
	}
}

static void rows_cards(const struct summary *s, struct dbuf *b)
{
	for (int i = 0; i < s->npeople; i++) {
		const struct summary_person *x = &s->people[i];
		const struct score_card *k = x->card;
		dbuf_printf(b, "%s\t%s\t%lld\t%s\t{", s->agency_id, s->month_first, (long long)x->id,
		            summary_group_name(k->group));
		for (int c = 0; c < s->ncrit; c++) {
			dbuf_printf(b, "%s\"%s\": ", c ? ", " : "", s->crit[c].code);
			if (x->points[c] < 0)
				dbuf_puts(b, "null");
			else
				pts(b, x->points[c]);
		}
		dbuf_printf(b, "}\t%d\t", x->missing);
		pts(b, x->general);
		dbuf_puts(b, "\t");
		pts(b, x->task);
		dbuf_puts(b, "\t");
		pts(b, x->total);
		dbuf_printf(b, "\t%s\t%s\t%s\t%d\t%s\t%s\t%d\n", k->disciplined ? "t" : "f",
		            score_band_name((enum score_band)k->band_by_score), score_band_name((enum score_band)k->band),
		            k->rank, k->capped ? "t" : "f", k->tie_at_cap ? "t" : "f", s->rules.version);
	}
}

static void rows_collectives(const struct summary *s, struct dbuf *b)
{
	for (int u = 0; u < s->nunits; u++) {
		const struct score_collective *c = &s->coll[u];
		dbuf_printf(b, "%s\t%s\t%lld\t%d\t", s->agency_id, s->month_first, (long long)c->unit_id, c->members);
		pts(b, c->score);
		dbuf_printf(b, "\t%s\t%d\n", score_band_name((enum score_band)c->band), c->rank);
	}
}

static void rows_awards(const struct summary *s, struct dbuf *b)
{
	char line[512];
	for (int i = 0; i < s->naward_ind; i++) {
		const struct score_card *k = &s->cards[s->award_ind[i]];
		const struct summary_person *x = summary_person_of(s, k->person_id);
		score_achievement_line(k, &x->d, s->year, s->month, line, sizeof line);
		dbuf_printf(b, "%s\t%s\tindividual\t%d\t%lld\t%lld\t", s->agency_id, s->month_first, i + 1,
		            (long long)x->id, (long long)x->unit_id);
		pts(b, k->total);
		dbuf_puts(b, "\t");
		dbuf_copy_text(b, line);
		dbuf_puts(b, "\n");
	}
	for (int i = 0; i < s->naward_coll; i++) {
		const struct score_collective *c = &s->coll[s->award_coll[i]];
		score_collective_line(c, s->units[s->award_coll[i]].excellent_members, s->year, s->month, line, sizeof line);
		dbuf_printf(b, "%s\t%s\tcollective\t%d\t\\N\t%lld\t", s->agency_id, s->month_first, i + 1,
		            (long long)c->unit_id);
		pts(b, c->score);
		dbuf_puts(b, "\t");
		dbuf_copy_text(b, line);
		dbuf_puts(b, "\n");
	}
}

static void rows_alerts(const struct summary *s, struct dbuf *b)
{
	for (int i = 0; i < s->npeople; i++) {
		const struct summary_person *x = &s->people[i];
		for (int k = 0; k < SCORE_ALERT_KINDS; k++) {
			if (!(x->alerts.mask & (1u << k)))
				continue;
			dbuf_printf(b, "%lld\t%s\t", (long long)x->id, score_alert_name((enum score_alert_kind)k));
			char detail[160];
			if (k == SCORE_ALERT_CONTRACT_30 || k == SCORE_ALERT_CONTRACT_365)
				snprintf(detail, sizeof detail, "unexcused days: %.1f in 30 days, %.1f in 365 days",
				         x->alerts.max30_halves / 2.0, x->alerts.last365_halves / 2.0);
			else
				snprintf(detail, sizeof detail, "late %d, early %d, unexcused days %d, half-days %d",
				         x->d.late_count, x->d.early_count, x->d.days, x->d.half_days);
			dbuf_copy_text(b, detail);
			dbuf_puts(b, "\n");
		}
	}
}

static int exec_ok(struct ctl *c, const char *what, const char *sql, int n, const char *const *p)
{
	PGresult *r = ctl_exec(c, what, sql, n, p);
	PQclear(r);
	return r ? 0 : -1;
}

/* PostgreSQL refuses COPY FROM into a table under row-level security to any role but the
 * owner, and the summary runs as its service login (or HR): rows go by COPY into a temporary
 * twin of the table and from there by INSERT, which the policies check. */
static int copy_through(struct ctl *c, const char *table, const struct dbuf *rows)
{
	char sql[256];
	snprintf(sql, sizeof sql, "CREATE TEMP TABLE summary_%s (LIKE attend.%s) ON COMMIT DROP", table, table);
	if (exec_ok(c, table, sql, 0, NULL))
		return -1;
	snprintf(sql, sizeof sql, "COPY summary_%s FROM STDIN", table);
	if (copy_in(c, sql, rows))
		return -1;
	snprintf(sql, sizeof sql, "INSERT INTO attend.%s SELECT * FROM summary_%s", table, table);
	return exec_ok(c, table, sql, 0, NULL);
}

static int write_rows(struct ctl *c, struct summary *s)
{
	const char *p[2] = { s->agency_id, s->month_first };
	static const char *const tables[] = { "discipline_summary", "discipline_deduction", "scorecard",
	                                      "collective_score", "award_candidate" };
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		char sql[128];
		snprintf(sql, sizeof sql, "DELETE FROM attend.%s WHERE agency_id = $1 AND month = $2", tables[t]);
		if (exec_ok(c, tables[t], sql, 2, p))
			return -1;
	}
	struct dbuf b = { 0 };
	int rc = 0;
	rows_discipline(s, &b);
	rc = rc ? rc : copy_through(c, "discipline_summary", &b);
	b.len = 0;
	rows_deductions(s, &b);
	rc = rc ? rc : copy_through(c, "discipline_deduction", &b);
	b.len = 0;
	rows_cards(s, &b);
	rc = rc ? rc : copy_through(c, "scorecard", &b);
	b.len = 0;
	rows_collectives(s, &b);
	rc = rc ? rc : copy_through(c, "collective_score", &b);
	b.len = 0;
	rows_awards(s, &b);
	rc = rc ? rc : copy_through(c, "award_candidate", &b);
	b.len = 0;
	rows_alerts(s, &b);
	if (!rc)
		rc = exec_ok(c, "alerts", "CREATE TEMP TABLE summary_alert_new (person_id bigint, kind text, detail text)"
		                          " ON COMMIT DROP", 0, NULL);
	rc = rc ? rc : copy_in(c, "COPY summary_alert_new FROM STDIN", &b);
	dbuf_free(&b);
	if (!rc)
		rc = exec_ok(c, "alerts",
		        "WITH up AS (INSERT INTO attend.score_alert AS a (agency_id, month, person_id, kind, detail)"
		        "  SELECT $1, $2, person_id, kind, detail FROM summary_alert_new"
		        "  ON CONFLICT (agency_id, month, person_id, kind) DO UPDATE"
		        "  SET detail = EXCLUDED.detail, status = 'open', last_seen = now() RETURNING a.id)"
		        " UPDATE attend.score_alert a SET status = 'withdrawn', last_seen = now()"
		        " WHERE a.agency_id = $1 AND a.month = $2 AND a.status = 'open'"
		        "   AND NOT EXISTS (SELECT FROM summary_alert_new n WHERE n.person_id = a.person_id AND n.kind = a.kind)",
		        2, p);
	return rc;
}

int summary_store(struct ctl *c, struct summary *s, const char *locked_reason,
                  enum summary_outcome *ret)
{
	if (!ctl_begin(c))
		return -1;
	const char *p[2] = { s->agency_id, s->month_first };
	/* One run at a time per agency and month: the state row is the lock. */
	PGresult *r = ctl_exec(c, "summary state",
	        "SELECT (SELECT digest FROM attend.summary_state WHERE agency_id = $1 AND month = $2 FOR UPDATE),"
	        "       EXISTS (SELECT FROM attend.month_lock WHERE agency_id = $1 AND month = $2),"
	        "       pg_advisory_xact_lock(7402374, hashtext($1::text || $2::text))", 2, p);
	if (!r)
		goto fail;
	bool had = !PQgetisnull(r, 0, 0);
	bool same = had && !strcmp(PQgetvalue(r, 0, 0), s->digest);
	bool locked = PQgetvalue(r, 0, 1)[0] == 't';
	PQclear(r);
	enum summary_outcome out;
	if (same)
		out = SUMMARY_UNCHANGED;
	else if (locked && had && !locked_reason)
		out = SUMMARY_HELD_LOCKED;
	else
		out = locked && had ? SUMMARY_RESCORED_LOCKED : SUMMARY_WRITTEN;
	if ((out == SUMMARY_WRITTEN || out == SUMMARY_RESCORED_LOCKED) && write_rows(c, s))
		goto fail;
	static const char *const names[] = { "written", "unchanged", "held_locked", "rescored_locked" };
	char version[16], people[16];
	snprintf(version, sizeof version, "%d", s->rules.version);
	snprintf(people, sizeof people, "%d", s->npeople);
	const char *pr[8] = { s->agency_id, s->month_first, s->as_of, version, s->digest, people, names[out],
	                      out == SUMMARY_RESCORED_LOCKED ? locked_reason : NULL };
	r = ctl_exec(c, "summary run",
	        "WITH run AS (INSERT INTO attend.summary_run (agency_id, month, as_of, score_rule_set_id, digest,"
	        "  people, outcome, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id)"
	        " INSERT INTO attend.summary_state AS st (agency_id, month, as_of, score_rule_set_id, digest, run_id)"
	        " SELECT $1, $2, $3, $4, $5, id FROM run WHERE $7 IN ('written', 'rescored_locked', 'unchanged')"
	        " ON CONFLICT (agency_id, month) DO UPDATE SET as_of = EXCLUDED.as_of,"
	        "   score_rule_set_id = EXCLUDED.score_rule_set_id, digest = EXCLUDED.digest, run_id = EXCLUDED.run_id",
	        8, pr);
	if (!r)
		goto fail;
	PQclear(r);
	if (!ctl_commit(c))
		goto fail;
	*ret = out;
	return 0;
fail:
	ctl_rollback(c);
	return -1;
}
