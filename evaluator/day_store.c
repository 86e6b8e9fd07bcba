#include "evaluator/day_store.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pg_copy.h"

/* ---- helpers --------------------------------------------------------------------------- */

static int failed(PGresult *r, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "day store: %s: %s", what, PQresultErrorMessage(r));
	err[strcspn(err, "\n")] = '\0';
	PQclear(r);
	return -1;
}

static PGresult *query(PGconn *db, const char *what, const char *sql, int n, const char *const *v,
                       char *err, size_t errlen)
{
	PGresult *r = PQexecParams(db, sql, n, NULL, v, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		failed(r, what, err, errlen);
		return NULL;
	}
	return r;
}

static int64_t i64(PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static bool boolv(PGresult *r, int row, int col)
{
	return PQgetvalue(r, row, col)[0] == 't';
}

static void copy_str(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src);
}

/* "{1,2,3}" into an array of ids. */
static size_t parse_ids(const char *s, int64_t *out, size_t cap)
{
	size_t n = 0;
	while (*s && n < cap) {
		while (*s == '{' || *s == ',' || *s == '}')
			s++;
		if (!*s)
			break;
		char *end;
		out[n++] = strtoll(s, &end, 10);
		if (end == s)
			break;
		s = end;
	}
	return n;
}

/* Array literals for the batch's parameters. */
struct params {
	struct dbuf persons, dfrom, dto, agencies;
	char min_date[16], max_date[16];
};

static void date_text(char *buf, size_t len, rules_date d)
{
	int y, m, dd;
	rules_date_to_ymd(d, &y, &m, &dd);
	snprintf(buf, len, "%04d-%02d-%02d", y, m, dd);
}

static void build_params(struct params *p, const struct day_key *keys, size_t n)
{
	memset(p, 0, sizeof *p);
	dbuf_puts(&p->persons, "{");
	dbuf_puts(&p->dfrom, "{");
	dbuf_puts(&p->dto, "{");
	dbuf_puts(&p->agencies, "{");
	rules_date lo = keys[0].date, hi = keys[0].date;
	int64_t last_agency = -1;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		rules_date a = keys[i].date, b = keys[i].date;
		while (j < n && keys[j].person_id == keys[i].person_id && keys[j].agency_id == keys[i].agency_id) {
			a = keys[j].date < a ? keys[j].date : a;
			b = keys[j].date > b ? keys[j].date : b;
			j++;
		}
		char da[16], db[16];
		date_text(da, sizeof da, a);
		date_text(db, sizeof db, b);
		const char *sep = i ? "," : "";
		dbuf_printf(&p->persons, "%s%" PRId64, sep, keys[i].person_id);
		dbuf_printf(&p->dfrom, "%s%s", sep, da);
		dbuf_printf(&p->dto, "%s%s", sep, db);
		if (keys[i].agency_id != last_agency)
			dbuf_printf(&p->agencies, "%s%" PRId64, last_agency < 0 ? "" : ",", keys[i].agency_id);
		last_agency = keys[i].agency_id;
		lo = a < lo ? a : lo;
		hi = b > hi ? b : hi;
		i = j;
	}
	dbuf_puts(&p->persons, "}");
	dbuf_puts(&p->dfrom, "}");
	dbuf_puts(&p->dto, "}");
	dbuf_puts(&p->agencies, "}");
	/* The engine looks at the day before (a night shift) to two days after. */
	date_text(p->min_date, sizeof p->min_date, lo - 2);
	date_text(p->max_date, sizeof p->max_date, hi + 3);
}

static void params_free(struct params *p)
{
	dbuf_free(&p->persons);
	dbuf_free(&p->dfrom);
	dbuf_free(&p->dto);
	dbuf_free(&p->agencies);
}

static void *alloc_n(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

/* ---- reference data -------------------------------------------------------------------- */

static int load_rulesets(PGconn *db, const struct params *pa, struct day_ref *ref, char *err, size_t errlen)
{
	const char *v[1] = { pa->agencies.p };
	PGresult *r = query(db, "rule sets",
	        "SELECT id, coalesce(agency_id, 0), label, effective_from - date '1970-01-01',"
	        " coalesce(effective_to - date '1970-01-01', 1000000), grace_min, late_half_day_min,"
	        " early_half_day_min, missing_tap_is_half_day, double_tap_sec, capture_min, handover_min,"
	        " settle_min, clip_worked_to_schedule, sym_worked, sym_absent, sym_holiday, sym_compensatory,"
	        " sym_swapped_day_off, sym_weekend, half_day_separator"
	        " FROM attend.rule_set WHERE agency_id IS NULL OR agency_id = ANY($1::bigint[])",
	        1, v, err, errlen);
	if (!r)
		return -1;
	int n = PQntuples(r);
	ref->rulesets = alloc_n((size_t)n, sizeof *ref->rulesets);
	if (!ref->rulesets) {
		PQclear(r);
		snprintf(err, errlen, "day store: out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct day_ruleset *d = &ref->rulesets[i];
		struct rules_ruleset *rs = &d->rs;
		rules_ruleset_default(rs);
		rs->version = (uint32_t)i64(r, i, 0);
		d->agency_id = i64(r, i, 1);
		copy_str(rs->label, sizeof rs->label, PQgetvalue(r, i, 2));
		d->from = (rules_date)i64(r, i, 3);
		d->to = (rules_date)i64(r, i, 4);
		rs->grace_min = (int32_t)i64(r, i, 5);
		rs->late_half_day_min = (int32_t)i64(r, i, 6);
		rs->early_half_day_min = (int32_t)i64(r, i, 7);
		rs->missing_tap_is_half_day = boolv(r, i, 8);
		rs->double_tap_sec = (int32_t)i64(r, i, 9);
		rs->capture_min = (int32_t)i64(r, i, 10);
		rs->handover_min = (int32_t)i64(r, i, 11);
		rs->settle_min = (int32_t)i64(r, i, 12);
		rs->clip_worked_to_schedule = boolv(r, i, 13);
		copy_str(rs->sym_worked, sizeof rs->sym_worked, PQgetvalue(r, i, 14));
		copy_str(rs->sym_absent, sizeof rs->sym_absent, PQgetvalue(r, i, 15));
		copy_str(rs->sym_holiday, sizeof rs->sym_holiday, PQgetvalue(r, i, 16));
		copy_str(rs->sym_compensatory, sizeof rs->sym_compensatory, PQgetvalue(r, i, 17));
		copy_str(rs->sym_swapped_day_off, sizeof rs->sym_swapped_day_off, PQgetvalue(r, i, 18));
		copy_str(rs->sym_weekend, sizeof rs->sym_weekend, PQgetvalue(r, i, 19));
		copy_str(rs->half_day_separator, sizeof rs->half_day_separator, PQgetvalue(r, i, 20));
	}
	ref->nrulesets = (size_t)n;
	PQclear(r);
	return 0;
}

static enum rules_pay_class pay_class(const char *s)
{
	if (!strcmp(s, "time")) return RULES_PAY_TIME;
	if (!strcmp(s, "unpaid")) return RULES_PAY_UNPAID;
	if (!strcmp(s, "social_insurance")) return RULES_PAY_SOCIAL_INSURANCE;
	return RULES_PAY_NONE;
}

static int load_symbols(PGconn *db, const struct params *pa, struct day_ref *ref, char *err, size_t errlen)
{
	const char *v[1] = { pa->agencies.p };
	PGresult *r = query(db, "timesheet symbols",
	        "SELECT coalesce(agency_id, 0), code, pay_class, official FROM attend.timesheet_symbol"
	        " WHERE agency_id IS NULL OR agency_id = ANY($1::bigint[]) ORDER BY precedence, code",
	        1, v, err, errlen);
	if (!r)
		return -1;
	int n = PQntuples(r);
	if (!(ref->symbols = alloc_n((size_t)n, sizeof *ref->symbols))) {
		PQclear(r);
		snprintf(err, errlen, "day store: out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct day_symbol *s = &ref->symbols[i];
		s->agency_id = i64(r, i, 0);
		copy_str(s->sym.code, sizeof s->sym.code, PQgetvalue(r, i, 1));
		s->sym.pay = pay_class(PQgetvalue(r, i, 2));
		s->sym.official = boolv(r, i, 3);
	}
	ref->nsymbols = (size_t)n;
	PQclear(r);
	return 0;
}

static int load_profiles(PGconn *db, const struct params *pa, struct day_ref *ref, char *err, size_t errlen)
{
	const char *v[1] = { pa->agencies.p };
	PGresult *r = query(db, "schedule profiles",
	        "SELECT p.id, coalesce(p.agency_id, 0), p.name, p.follows_calendar,"
	        " (SELECT coalesce(sum(1 << d), 0) FROM unnest(p.roster_days) d), coalesce(p.grace_min, -1)"
	        " FROM attend.schedule_profile p WHERE p.agency_id IS NULL OR p.agency_id = ANY($1::bigint[])"
	        " ORDER BY p.id", 1, v, err, errlen);
	if (!r)
		return -1;
	int n = PQntuples(r);
	if (!(ref->profiles = alloc_n((size_t)n, sizeof *ref->profiles))) {
		PQclear(r);
		snprintf(err, errlen, "day store: out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct day_profile *p = &ref->profiles[i];
		p->id = i64(r, i, 0);
		p->agency_id = i64(r, i, 1);
		copy_str(p->p.name, sizeof p->p.name, PQgetvalue(r, i, 2));
		p->p.follows_calendar = boolv(r, i, 3);
		p->p.roster_days = (uint8_t)i64(r, i, 4);
		p->p.grace_min = (int16_t)i64(r, i, 5);
	}
	ref->nprofiles = (size_t)n;
	PQclear(r);
	r = query(db, "schedule sessions",
	        "SELECT s.profile_id, s.idx, s.name,"
	        " (extract(hour FROM s.starts) * 60 + extract(minute FROM s.starts))::int,"
	        " (extract(hour FROM s.ends) * 60 + extract(minute FROM s.ends))::int"
	        " FROM attend.schedule_session s JOIN attend.schedule_profile p ON p.id = s.profile_id"
	        " WHERE p.agency_id IS NULL OR p.agency_id = ANY($1::bigint[]) ORDER BY s.profile_id, s.idx",
	        1, v, err, errlen);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t id = i64(r, i, 0);
		for (size_t k = 0; k < ref->nprofiles; k++) {
			struct rules_profile *p = &ref->profiles[k].p;
			if (ref->profiles[k].id != id || p->nsessions >= RULES_MAX_SESSIONS)
				continue;
			struct rules_session_def *d = &p->sessions[p->nsessions++];
			copy_str(d->name, sizeof d->name, PQgetvalue(r, i, 2));
			d->start_min = (int16_t)i64(r, i, 3);
			d->end_min = (int16_t)i64(r, i, 4);
		}
	}
	PQclear(r);
	return 0;
}

static int load_assignments(PGconn *db, const struct params *pa, struct day_ref *ref, char *err, size_t errlen)
{
	const char *v[4] = { pa->agencies.p, pa->persons.p, pa->min_date, pa->max_date };
	PGresult *r = query(db, "schedule assignments",
	        "SELECT agency_id, coalesce(unit_id, 0), coalesce(person_id, 0), profile_id,"
	        " coalesce(summer_profile_id, 0), coalesce(replace(summer_from, '-', '')::int, 0),"
	        " coalesce(replace(summer_to, '-', '')::int, 0), valid_from - date '1970-01-01',"
	        " coalesce(valid_to - date '1970-01-01', 1000000)"
	        " FROM attend.schedule_assignment WHERE agency_id = ANY($1::bigint[])"
	        " AND (person_id IS NULL OR person_id = ANY($2::bigint[]))"
	        " AND valid_from <= $4::date AND (valid_to IS NULL OR valid_to >= $3::date)",
	        4, v, err, errlen);
	if (!r)
		return -1;
	int n = PQntuples(r);
	if (!(ref->assignments = alloc_n((size_t)n, sizeof *ref->assignments))) {
		PQclear(r);
		snprintf(err, errlen, "day store: out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct day_assignment *a = &ref->assignments[i];
		a->agency_id = i64(r, i, 0);
		a->unit_id = i64(r, i, 1);
		a->person_id = i64(r, i, 2);
		a->profile_id = i64(r, i, 3);
		a->summer_profile_id = i64(r, i, 4);
		a->summer_from = (uint16_t)i64(r, i, 5);
		a->summer_to = (uint16_t)i64(r, i, 6);
		a->from = (rules_date)i64(r, i, 7);
		a->to = (rules_date)i64(r, i, 8);
	}
	ref->nassignments = (size_t)n;
	PQclear(r);
	return 0;
}

static int load_calendar(PGconn *db, const struct params *pa, struct day_ref *ref, char *err, size_t errlen)
{
	const char *v[3] = { pa->agencies.p, pa->min_date, pa->max_date };
	PGresult *r = query(db, "calendar",
	        "SELECT coalesce(agency_id, 0), day - date '1970-01-01', kind, provisional, coalesce(toggle, '')"
	        " FROM attend.calendar_day WHERE (agency_id IS NULL OR agency_id = ANY($1::bigint[]))"
	        " AND day BETWEEN $2::date AND $3::date", 3, v, err, errlen);
	if (!r)
		return -1;
	int n = PQntuples(r);
	if (!(ref->cal = alloc_n((size_t)n, sizeof *ref->cal))) {
		PQclear(r);
		snprintf(err, errlen, "day store: out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct rules_cal_entry *e = &ref->cal[i];
		e->agency_id = (uint32_t)i64(r, i, 0);
		e->date = (rules_date)i64(r, i, 1);
		const char *kind = PQgetvalue(r, i, 2);
		e->kind = (uint8_t)rules_cal_kind_parse(kind, strlen(kind));
		e->provisional = boolv(r, i, 3);
		copy_str(e->toggle, sizeof e->toggle, PQgetvalue(r, i, 4));
	}
	ref->ncal = (size_t)n;
	PQclear(r);

	r = query(db, "calendar settings",
	        "SELECT agency_id, effective_from - date '1970-01-01',"
	        " (SELECT coalesce(sum(1 << d), 0) FROM unnest(weekly_rest) d), array_to_string(toggles, ',')"
	        " FROM attend.calendar_setting WHERE agency_id = ANY($1::bigint[])", 1, v, err, errlen);
	if (!r)
		return -1;
	n = PQntuples(r);
	if (!(ref->settings = alloc_n((size_t)n, sizeof *ref->settings))) {
		PQclear(r);
		snprintf(err, errlen, "day store: out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct day_cal_setting *s = &ref->settings[i];
		s->agency_id = i64(r, i, 0);
		s->from = (rules_date)i64(r, i, 1);
		s->weekly_rest = (uint8_t)i64(r, i, 2);
		const char *t = PQgetvalue(r, i, 3);
		while (*t && s->ntoggles < DAY_MAX_TOGGLES) {
			size_t len = strcspn(t, ",");
			snprintf(s->toggles[s->ntoggles++], RULES_TOGGLE_MAX, "%.*s", (int)len, t);
			t += len + (t[len] == ',');
		}
	}
	ref->nsettings = (size_t)n;
	PQclear(r);
	return 0;
}

/* ---- people and their taps and requests ------------------------------------------------ */

static int load_persons(PGconn *db, const struct params *pa, int64_t now_utc, struct day_batch *b,
                        char *err, size_t errlen)
{
	char now[32];
	snprintf(now, sizeof now, "%" PRId64, now_utc);
	const char *v[2] = { pa->persons.p, now };
	PGresult *r = query(db, "people",
	        "WITH RECURSIVE p AS ("
	        "  SELECT pe.id, pe.agency_id, pe.unit_id, pe.hired_on, pe.left_on, a.tz"
	        "  FROM attend.person pe JOIN attend.agency a ON a.id = pe.agency_id"
	        "  WHERE pe.id = ANY($1::bigint[])),"
	        " chain AS ("
	        "  SELECT p.id AS person_id, u.id AS unit_id, u.parent_id, 0 AS depth"
	        "  FROM p JOIN attend.org_unit u ON u.id = p.unit_id"
	        "  UNION ALL SELECT c.person_id, u.id, u.parent_id, c.depth + 1"
	        "  FROM chain c JOIN attend.org_unit u ON u.id = c.parent_id WHERE c.depth < 15)"
	        " SELECT p.id, p.agency_id, coalesce(p.hired_on - date '1970-01-01', -1000000),"
	        "  coalesce(p.left_on - date '1970-01-01', 1000000),"
	        "  extract(epoch FROM to_timestamp($2::bigint) AT TIME ZONE p.tz)::bigint - $2::bigint,"
	        "  (SELECT array_agg(c.unit_id ORDER BY c.depth) FROM chain c WHERE c.person_id = p.id)"
	        " FROM p ORDER BY p.id", 2, v, err, errlen);
	if (!r)
		return -1;
	int n = PQntuples(r);
	if (!(b->persons = alloc_n((size_t)n, sizeof *b->persons))) {
		PQclear(r);
		snprintf(err, errlen, "day store: out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct day_person *p = &b->persons[i];
		p->id = i64(r, i, 0);
		p->agency_id = i64(r, i, 1);
		p->hired_on = (rules_date)i64(r, i, 2);
		p->left_on = (rules_date)i64(r, i, 3);
		p->utc_offset = i64(r, i, 4);
		p->now_local = now_utc + p->utc_offset;
		p->nunits = (uint8_t)parse_ids(PQgetvalue(r, i, 5), p->units, DAY_MAX_UNITS);
	}
	b->npersons = (size_t)n;
	PQclear(r);
	return 0;
}

const struct day_person *day_batch_person(const struct day_batch *b, int64_t person_id)
{
	size_t lo = 0, hi = b->npersons;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (b->persons[mid].id < person_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < b->npersons && b->persons[lo].id == person_id ? &b->persons[lo] : NULL;
}

static uint8_t dir_of(const char *s)
{
	return !strcmp(s, "in") ? RULES_DIR_IN : !strcmp(s, "out") ? RULES_DIR_OUT : RULES_DIR_BOTH;
}

/* Raw taps through the badge valid at the time, in the site's time zone, flagged excluded by
 * an approved correction; then taps added by approved corrections.  The UTC window is a day
 * wider on each side than the engine's local window, whatever the zone. */
static int load_taps(PGconn *db, const struct params *pa, struct day_batch *b, char *err, size_t errlen)
{
	/* The batch's whole window as constants too: the planner then prunes the tap partitions
	 * and puts the time range into the (uid, tapped_at) index condition, instead of visiting
	 * every partition for every person.  The person and agency are joined once per person
	 * (OFFSET 0 keeps that subquery apart), not once per tap; the batch's exclusions are read
	 * once, into a hashed subplan, not looked up per tap: about half the CPU of this query.
	 * The sites' zones likewise: read once into a map (an InitPlan), not joined per tap,
	 * which the planner did with a rescan of attend.site for every tap (more than half of
	 * what was left; a site not visible or not known gives the agency's zone, as before). */
	const char *v[5] = { pa->persons.p, pa->dfrom.p, pa->dto.p, pa->min_date, pa->max_date };
	PGresult *raw = query(db, "taps",
	        "SELECT w.pid, extract(epoch FROM t.tapped_at AT TIME ZONE"
	        "  coalesce((SELECT jsonb_object_agg(s.id, s.tz) FROM attend.site s) ->> t.site_id, w.tz))::bigint,"
	        " t.direction, t.duplicate,"
	        " (t.edge_id, t.epoch, t.seq, w.pid) IN (SELECT c.tap_edge_id, c.tap_epoch, c.tap_seq, c.person_id"
	        "   FROM attend.correction c WHERE c.kind = 'exclude' AND c.status = 'approved'"
	        "   AND c.person_id = ANY($1::bigint[]))"
	        " FROM (SELECT w.*, a.tz FROM unnest($1::bigint[], $2::date[], $3::date[]) AS w(pid, dfrom, dto)"
	        "  JOIN attend.person pe ON pe.id = w.pid JOIN attend.agency a ON a.id = pe.agency_id OFFSET 0) w"
	        " JOIN attend.badge bd ON bd.person_id = w.pid"
	        " JOIN attend.tap t ON t.uid = bd.uid"
	        "  AND t.tapped_at >= $4::timestamp AT TIME ZONE 'UTC' AND t.tapped_at < ($5::date + 1)::timestamp AT TIME ZONE 'UTC'"
	        "  AND t.tapped_at >= greatest(bd.valid_from, (w.dfrom - 2)::timestamp AT TIME ZONE 'UTC')"
	        "  AND t.tapped_at < least(coalesce(bd.valid_to, 'infinity'), (w.dto + 4)::timestamp AT TIME ZONE 'UTC')"
	        " ORDER BY 1, 2", 5, v, err, errlen);
	if (!raw)
		return -1;
	PGresult *add = query(db, "corrections",
	        "SELECT w.pid, c.id, extract(epoch FROM c.tapped_at AT TIME ZONE c.tz)::bigint, c.direction"
	        " FROM unnest($1::bigint[], $2::date[], $3::date[]) AS w(pid, dfrom, dto)"
	        " JOIN attend.correction c ON c.person_id = w.pid AND c.kind = 'add' AND c.status = 'approved'"
	        "  AND c.tapped_at >= (w.dfrom - 2)::timestamp AT TIME ZONE 'UTC'"
	        "  AND c.tapped_at < (w.dto + 4)::timestamp AT TIME ZONE 'UTC' ORDER BY 1, 3", 3, v, err, errlen);
	if (!add) {
		PQclear(raw);
		return -1;
	}
	int nraw = PQntuples(raw), nadd = PQntuples(add);
	b->taps = alloc_n((size_t)(nraw + nadd), sizeof *b->taps);
	if (!b->taps) {
		PQclear(raw);
		PQclear(add);
		snprintf(err, errlen, "day store: out of memory");
		return -1;
	}
	/* Both results are ordered by person, like b->persons: one merge pass. */
	int i = 0, k = 0;
	size_t at = 0;
	for (size_t pi = 0; pi < b->npersons; pi++) {
		struct day_person *p = &b->persons[pi];
		p->taps = &b->taps[at];
		while (i < nraw && i64(raw, i, 0) < p->id)
			i++;
		for (; i < nraw && i64(raw, i, 0) == p->id; i++) {
			struct rules_tap *t = &b->taps[at++];
			t->id = (int64_t)p->ntaps + 1;
			t->at = i64(raw, i, 1);
			t->dir = dir_of(PQgetvalue(raw, i, 2));
			t->flags = (uint8_t)((boolv(raw, i, 3) ? RULES_TAP_DUPLICATE : 0) |
			                     (boolv(raw, i, 4) ? RULES_TAP_EXCLUDED : 0));
			p->ntaps++;
		}
		while (k < nadd && i64(add, k, 0) < p->id)
			k++;
		for (; k < nadd && i64(add, k, 0) == p->id; k++) {
			struct rules_tap *t = &b->taps[at++];
			t->id = -i64(add, k, 1);
			t->at = i64(add, k, 2);
			t->dir = dir_of(PQgetvalue(add, k, 3));
			t->flags = RULES_TAP_MANUAL;
			p->ntaps++;
		}
	}
	PQclear(raw);
	PQclear(add);
	return 0;
}

static int load_requests(PGconn *db, const struct params *pa, struct day_batch *b, char *err, size_t errlen)
{
	const char *v[3] = { pa->persons.p, pa->dfrom.p, pa->dto.p };
	PGresult *r = query(db, "requests",
	        "SELECT w.pid, q.id, q.date_from - date '1970-01-01', q.date_to - date '1970-01-01', q.part, q.symbol"
	        " FROM unnest($1::bigint[], $2::date[], $3::date[]) AS w(pid, dfrom, dto)"
	        " JOIN attend.request q ON q.person_id = w.pid AND q.status = 'approved'"
	        "  AND q.date_from <= w.dto + 3 AND q.date_to >= w.dfrom - 2 ORDER BY 1, 2", 3, v, err, errlen);
	if (!r)
		return -1;
	int n = PQntuples(r);
	if (!(b->requests = alloc_n((size_t)n, sizeof *b->requests))) {
		PQclear(r);
		snprintf(err, errlen, "day store: out of memory");
		return -1;
	}
	int i = 0;
	for (size_t pi = 0; pi < b->npersons; pi++) {
		struct day_person *p = &b->persons[pi];
		while (i < n && i64(r, i, 0) < p->id)
			i++;
		p->requests = &b->requests[i];
		while (i < n && i64(r, i, 0) == p->id) {
			struct rules_request *q = &b->requests[i++];
			q->id = i64(r, i - 1, 1);
			q->from = (rules_date)i64(r, i - 1, 2);
			q->to = (rules_date)i64(r, i - 1, 3);
			const char *part = PQgetvalue(r, i - 1, 4);
			q->sessions = !strcmp(part, "morning") ? RULES_REQ_MORNING
			            : !strcmp(part, "afternoon") ? RULES_REQ_AFTERNOON : RULES_REQ_WHOLE_DAY;
			copy_str(q->symbol, sizeof q->symbol, PQgetvalue(r, i - 1, 5));
			p->nrequests++;
		}
	}
	PQclear(r);
	return 0;
}

void day_batch_free(struct day_batch *b)
{
	free(b->ref.rulesets);
	free(b->ref.symbols);
	free(b->ref.profiles);
	free(b->ref.assignments);
	free(b->ref.cal);
	free(b->ref.settings);
	free(b->persons);
	free(b->taps);
	free(b->requests);
	memset(b, 0, sizeof *b);
}

int day_store_load(PGconn *db, const struct day_key *keys, size_t n, int64_t now_utc,
                   struct day_batch *ret, char *err, size_t errlen)
{
	memset(ret, 0, sizeof *ret);
	if (!n)
		return 0;
	struct params pa;
	build_params(&pa, keys, n);
	int rc = -1;
	if (pa.persons.oom || pa.dfrom.oom || pa.dto.oom || pa.agencies.oom)
		snprintf(err, errlen, "day store: out of memory");
	else if (load_rulesets(db, &pa, &ret->ref, err, errlen) == 0 &&
	         load_symbols(db, &pa, &ret->ref, err, errlen) == 0 &&
	         load_profiles(db, &pa, &ret->ref, err, errlen) == 0 &&
	         load_assignments(db, &pa, &ret->ref, err, errlen) == 0 &&
	         load_calendar(db, &pa, &ret->ref, err, errlen) == 0 &&
	         load_persons(db, &pa, now_utc, ret, err, errlen) == 0 &&
	         load_taps(db, &pa, ret, err, errlen) == 0 &&
	         load_requests(db, &pa, ret, err, errlen) == 0)
		rc = 0;
	params_free(&pa);
	if (rc)
		day_batch_free(ret);
	return rc;
}

/* ---- writing --------------------------------------------------------------------------- */

int day_store_prepare(PGconn *db, char *err, size_t errlen)
{
	PGresult *r = query(db, "staging table",
	        "CREATE TEMP TABLE IF NOT EXISTS day_stage ("
	        " agency_id bigint, person_id bigint, work_date date, day_kind text, working_day boolean,"
	        " present boolean, profile text, symbol text, pending boolean, minutes_late int,"
	        " minutes_early int, minutes_worked int, sessions text, exceptions text,"
	        " rule_set_id int, rule_set_label text, recheck_epoch bigint) ON COMMIT DELETE ROWS",
	        0, NULL, err, errlen);
	PQclear(r);
	return r ? 0 : -1;
}

/* The staged results, their digest (attend.day_digest(), sql/024: what the result says,
 * without the version, from the JSON as staged) and whether their month is locked.  The JSON
 * is staged as text and parsed into jsonb only for the rows written: an unchanged day costs
 * an index probe. */
#define STAGED \
	"WITH s AS (SELECT st.*, to_timestamp(st.recheck_epoch) AS recheck_at," \
	" attend.day_digest(st.day_kind, st.working_day, st.present, st.profile, st.symbol, st.pending," \
	"   st.minutes_late, st.minutes_early, st.minutes_worked, st.sessions, st.exceptions) AS digest," \
	" EXISTS (SELECT FROM attend.month_lock ml WHERE ml.agency_id = st.agency_id" \
	"   AND ml.month = date_trunc('month', st.work_date)::date) AS locked FROM pg_temp.day_stage st)"

/* "a and b are the same day": the three key columns equal. */
#define SAME_DAY(a, b) \
	a ".agency_id = " b ".agency_id AND " a ".person_id = " b ".person_id AND " a ".work_date = " b ".work_date"

/* Open months: write the result where it changed, its exceptions with it, and mark an
 * adjustment waiting from a locked time as applied. */
static const char write_open[] = STAGED
	", up AS (INSERT INTO attend.day_result AS d (agency_id, person_id, work_date, day_kind, working_day,"
	"   present, profile, symbol, pending, minutes_late, minutes_early, minutes_worked, sessions,"
	"   exceptions, rule_set_id, rule_set_label, digest, recheck_at)"
	"  SELECT agency_id, person_id, work_date, day_kind, working_day, present, profile, symbol, pending,"
	"   minutes_late, minutes_early, minutes_worked, sessions::jsonb, exceptions::jsonb, rule_set_id,"
	"   rule_set_label, digest, recheck_at FROM s WHERE NOT locked"
	"   AND NOT EXISTS (SELECT FROM attend.day_result o WHERE " SAME_DAY("o", "s") " AND o.digest = s.digest"
	"    AND o.rule_set_id = s.rule_set_id AND o.recheck_at IS NOT DISTINCT FROM s.recheck_at)"
	"  ON CONFLICT (agency_id, person_id, work_date) DO UPDATE SET day_kind = EXCLUDED.day_kind,"
	"   working_day = EXCLUDED.working_day, present = EXCLUDED.present, profile = EXCLUDED.profile,"
	"   symbol = EXCLUDED.symbol, pending = EXCLUDED.pending, minutes_late = EXCLUDED.minutes_late,"
	"   minutes_early = EXCLUDED.minutes_early, minutes_worked = EXCLUDED.minutes_worked,"
	"   sessions = EXCLUDED.sessions, exceptions = EXCLUDED.exceptions, rule_set_id = EXCLUDED.rule_set_id,"
	"   rule_set_label = EXCLUDED.rule_set_label, digest = EXCLUDED.digest, recheck_at = EXCLUDED.recheck_at,"
	"   evaluated_at = now()"
	"  WHERE d.digest <> EXCLUDED.digest OR d.rule_set_id <> EXCLUDED.rule_set_id"
	"   OR d.recheck_at IS DISTINCT FROM EXCLUDED.recheck_at"
	"  RETURNING d.agency_id, d.person_id, d.work_date, d.exceptions, d.xmax::text = '0' AS inserted),"
	/* Only a day that had a result can have exceptions to replace: a first evaluation (xmax 0:
	 * inserted, not updated) costs no probe at all. */
	" gone AS (DELETE FROM attend.day_exception e USING up WHERE NOT up.inserted AND " SAME_DAY("e", "up") "),"
	" applied AS (UPDATE attend.day_adjustment a SET status = 'applied', applied_at = now() FROM s"
	"   WHERE NOT s.locked AND a.status = 'pending' AND " SAME_DAY("a", "s") "),"
	" ex AS (INSERT INTO attend.day_exception (agency_id, person_id, work_date, seq, kind, cause, session,"
	"   minutes, discipline, tap_at, correction_id)"
	"  SELECT up.agency_id, up.person_id, up.work_date, x.seq, x.kind, x.cause, x.session, x.minutes,"
	"   x.discipline, x.tap_at, x.correction_id"
	"  FROM up, jsonb_to_recordset(up.exceptions) AS x(seq smallint, kind text, cause text, session smallint,"
	"   minutes int, discipline boolean, tap_at timestamp, correction_id bigint))"
	/* Whether a staged day is in a locked month, from `s` already computed: one statement
	 * less per batch. */
	" SELECT EXISTS (SELECT FROM s WHERE s.locked)";

/* Locked months: the result stays; a different evaluation is kept as the pending adjustment,
 * and one that came back to the locked result removes it. */
static const char write_locked[] = STAGED
	", adj AS (INSERT INTO attend.day_adjustment AS a (agency_id, person_id, work_date, locked_symbol,"
	"   symbol, day_kind, present, minutes_late, minutes_early, minutes_worked, sessions, exceptions,"
	"   rule_set_id, digest)"
	"  SELECT s.agency_id, s.person_id, s.work_date, r.symbol, s.symbol, s.day_kind, s.present,"
	"   s.minutes_late, s.minutes_early, s.minutes_worked, s.sessions::jsonb, s.exceptions::jsonb,"
	"   s.rule_set_id, s.digest"
	"  FROM s LEFT JOIN attend.day_result r ON " SAME_DAY("r", "s")
	"  WHERE s.locked AND r.digest IS DISTINCT FROM s.digest"
	"  ON CONFLICT (agency_id, person_id, work_date) WHERE status = 'pending' DO UPDATE SET"
	"   symbol = EXCLUDED.symbol, day_kind = EXCLUDED.day_kind, present = EXCLUDED.present,"
	"   minutes_late = EXCLUDED.minutes_late, minutes_early = EXCLUDED.minutes_early,"
	"   minutes_worked = EXCLUDED.minutes_worked, sessions = EXCLUDED.sessions,"
	"   exceptions = EXCLUDED.exceptions, rule_set_id = EXCLUDED.rule_set_id,"
	"   digest = EXCLUDED.digest, updated_at = now()"
	"  WHERE a.digest <> EXCLUDED.digest OR a.rule_set_id <> EXCLUDED.rule_set_id)"
	" DELETE FROM attend.day_adjustment a USING s JOIN attend.day_result r ON " SAME_DAY("r", "s")
	" WHERE s.locked AND r.digest = s.digest AND a.status = 'pending' AND " SAME_DAY("a", "s");

static int delete_gone(PGconn *db, const struct day_key *gone, size_t n, char *err, size_t errlen)
{
	struct dbuf a = { 0 }, p = { 0 }, d = { 0 };
	for (size_t i = 0; i < n; i++) {
		char dt[16];
		date_text(dt, sizeof dt, gone[i].date);
		dbuf_printf(&a, "%s%" PRId64, i ? "," : "{", gone[i].agency_id);
		dbuf_printf(&p, "%s%" PRId64, i ? "," : "{", gone[i].person_id);
		dbuf_printf(&d, "%s%s", i ? "," : "{", dt);
	}
	dbuf_puts(&a, "}");
	dbuf_puts(&p, "}");
	dbuf_puts(&d, "}");
	int rc = -1;
	if (a.oom || p.oom || d.oom) {
		snprintf(err, errlen, "day store: out of memory");
	} else {
		const char *v[3] = { a.p, p.p, d.p };
		PGresult *r = query(db, "results outside employment",
		        "WITH k AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::date[]) AS k(agency_id, person_id, work_date)"
		        "  WHERE NOT EXISTS (SELECT FROM attend.month_lock ml WHERE ml.agency_id = k.agency_id"
		        "   AND ml.month = date_trunc('month', k.work_date)::date)),"
		        " x AS (DELETE FROM attend.day_exception e USING k"
		        "  WHERE " SAME_DAY("e", "k") ")"
		        " DELETE FROM attend.day_result r USING k WHERE " SAME_DAY("r", "k"), 3, v, err, errlen);
		PQclear(r);
		rc = r ? 0 : -1;
	}
	dbuf_free(&a);
	dbuf_free(&p);
	dbuf_free(&d);
	return rc;
}

int day_store_write(PGconn *db, const struct dbuf *rows, const struct day_key *gone, size_t ngone,
                    char *err, size_t errlen)
{
	if (rows->oom) {
		snprintf(err, errlen, "day store: out of memory");
		return -1;
	}
	if (ngone && delete_gone(db, gone, ngone, err, errlen) != 0)
		return -1;
	if (!rows->len)
		return 0;
	char why[512];
	if (pg_copy_in(db, "COPY pg_temp.day_stage FROM STDIN", rows, why, sizeof why) != 0) {
		snprintf(err, errlen, "day store: COPY: %s", why);
		return -1;
	}
	/* The staging table has no statistics: left alone, the planner merge-joins it against
	 * every exception ever written, and a batch grows slower as the tables grow.  Each staged
	 * day needs a few index probes; say so for this transaction. */
	PGresult *r = query(db, "planner settings", "SELECT set_config('enable_mergejoin', 'off', true),"
	                    " set_config('enable_hashjoin', 'off', true)", 0, NULL, err, errlen);
	if (!r)
		return -1;
	PQclear(r);
	/* Most batches touch no locked month: the write says so, and saves the adjustment
	 * statement. */
	r = query(db, "writing day results", write_open, 0, NULL, err, errlen);
	if (!r)
		return -1;
	bool locked = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (locked) {
		r = query(db, "writing adjustments", write_locked, 0, NULL, err, errlen);
		if (!r)
			return -1;
		PQclear(r);
	}
	/* ON COMMIT DELETE ROWS empties it at COMMIT; clear it now in case the caller goes on.
	 * DELETE, not TRUNCATE: a TRUNCATE gives the table (and its TOAST table and index) new
	 * files at every batch, which COMMIT then has to unlink. */
	r = query(db, "staging table", "DELETE FROM pg_temp.day_stage", 0, NULL, err, errlen);
	PQclear(r);
	return r ? 0 : -1;
}
