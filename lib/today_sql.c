/* The SQL of the day so far (lib/today_sql.h); what each list means is said in
 * ctl/hr_today.c, which prints it. */
#include "lib/today_sql.h"

/* COLS: more columns after the six; UNIT: more conditions (the unit variants below). */
#define IN_SQL(COLS, UNIT) \
	"WITH d AS (SELECT $2::date::timestamp AT TIME ZONE a.tz AS t0," \
	"   ($2::date + 1)::timestamp AT TIME ZONE a.tz AS t1, a.tz FROM attend.agency a WHERE a.id = $1)" \
	" SELECT p.code, p.full_name, u.code, to_char(min(t.tapped_at AT TIME ZONE d.tz), 'HH24:MI')," \
	"  to_char(max(t.tapped_at AT TIME ZONE d.tz), 'HH24:MI'), count(*)::int" COLS \
	" FROM d, attend.tap t" \
	" JOIN attend.badge b ON b.uid = t.uid AND b.agency_id = t.agency_id AND t.tapped_at >= b.valid_from" \
	"  AND (b.valid_to IS NULL OR t.tapped_at < b.valid_to)" \
	" JOIN attend.person p ON p.id = b.person_id JOIN attend.org_unit u ON u.id = p.unit_id" \
	/* The bounds as sub-selects, not a join with d: then they bound the index scans and prune \
	 * the month partitions of tap at run time, instead of every tap of the agency's badges \
	 * being read and filtered (tests/bench/bench_web.sh: at 2,000 people 5.0 s -> 1.3 s, loaded). */ \
	" WHERE t.agency_id = $1 AND t.tapped_at >= (SELECT t0 FROM d) AND t.tapped_at < (SELECT t1 FROM d)" \
	"  AND NOT t.duplicate" UNIT \
	" GROUP BY p.id, p.code, p.full_name, u.code ORDER BY u.code, p.code"

const char today_in_sql[] = IN_SQL("", "");

#define LATE_SQL(COLS, UNIT) \
	"SELECT p.code, p.full_name, u.code, s.name, to_char(s.\"start\", 'HH24:MI'), to_char(s.\"in\", 'HH24:MI')," \
	"  s.late" COLS \
	" FROM attend.day_result r" \
	" CROSS JOIN LATERAL jsonb_to_recordset(r.sessions) AS s(\"index\" int, name text, status text," \
	"  \"start\" timestamp, \"in\" timestamp, in_inferred boolean, late int)" \
	" JOIN attend.rule_set rs ON rs.id = r.rule_set_id" \
	" JOIN attend.person p ON p.id = r.person_id JOIN attend.org_unit u ON u.id = p.unit_id" \
	" LEFT JOIN LATERAL (SELECT sp.grace_min FROM attend.schedule_profile sp WHERE sp.name = r.profile" \
	"  AND (sp.agency_id IS NULL OR sp.agency_id = r.agency_id) ORDER BY sp.agency_id NULLS LAST LIMIT 1) g ON true" \
	" WHERE r.agency_id = $1 AND r.work_date = $2 AND s.\"in\" IS NOT NULL AND NOT s.in_inferred" \
	"  AND s.status <> 'excused' AND s.late > coalesce(g.grace_min, rs.grace_min)" UNIT \
	" ORDER BY s.late DESC, p.code, s.\"index\""

const char today_late_sql[] = LATE_SQL("", "");

#define MISSING_OUT_SQL(COLS, UNIT) \
	"SELECT p.code, p.full_name, u.code, s.name, to_char(s.\"in\", 'HH24:MI'), to_char(s.\"end\", 'HH24:MI')" COLS \
	" FROM attend.day_result r" \
	" CROSS JOIN LATERAL jsonb_to_recordset(r.sessions) AS s(\"index\" int, name text, status text," \
	"  missing text, \"in\" timestamp, \"end\" timestamp)" \
	" JOIN attend.person p ON p.id = r.person_id JOIN attend.org_unit u ON u.id = p.unit_id" \
	" WHERE r.agency_id = $1 AND r.work_date = $2 AND s.missing = 'out' AND s.status <> 'excused'" UNIT \
	" ORDER BY u.code, p.code, s.\"index\""

const char today_missing_out_sql[] = MISSING_OUT_SQL("", "");

/* The same lists for the people of unit $3 and its sub-units, each row with the person's id
 * last (for the access log).  The unit's people first, as an array: the taps are then read
 * by badge (tap's (uid, tapped_at) index), not every tap of the agency's day. */
#define UNIT_PEOPLE "ARRAY(SELECT x.id FROM attend.person x WHERE x.agency_id = $1" \
	" AND x.unit_id = ANY (attend.unit_subtree($3)))"
const char today_unit_in_sql[] =
	IN_SQL(", p.id::text", " AND t.uid = ANY (ARRAY(SELECT y.uid FROM attend.badge y WHERE y.agency_id = $1"
	       " AND y.person_id = ANY (" UNIT_PEOPLE ")))");
const char today_unit_late_sql[] = LATE_SQL(", p.id::text", " AND r.person_id = ANY (" UNIT_PEOPLE ")");
const char today_unit_missing_out_sql[] = MISSING_OUT_SQL(", p.id::text", " AND r.person_id = ANY (" UNIT_PEOPLE ")");

/* Per unit (its own people), from the day results of the date: one statement, one pass over
 * the day's results; the agency's total is the ROLLUP row (unit code NULL).  Each result is
 * reduced to its flags in a fenced sub-select (OFFSET 0), then counted per unit id, and only
 * the counts (a row per unit) meet org_unit: row-level security's filter makes the planner
 * expect a few hundred results, not 50,000, so it joins in nested loops — cheap on a row per
 * unit, not on the jsonb of every result (50,000 people, EXPLAIN ANALYZE as HR, load 40-60:
 * 33 s -> 5.8 s; the rest is reading the day's 50,000 results, 200,000 buffer hits). */
const char today_units_sql[] =
	"SELECT u.code, u.name, sum(c.due)::int, sum(c.came)::int, sum(c.late)::int, sum(c.absent)::int,"
	"  sum(c.out)::int, sum(c.leave)::int"
	" FROM (SELECT p.unit_id, count(*) FILTER (WHERE r.working_day) AS due, count(*) FILTER (WHERE r.present) AS came,"
	"         count(*) FILTER (WHERE r.late) AS late, count(*) FILTER (WHERE r.absent) AS absent,"
	"         count(*) FILTER (WHERE r.out) AS out, count(*) FILTER (WHERE r.leave) AS leave"
	"       FROM (SELECT r.person_id, r.working_day, r.present, r.exceptions @> '[{\"kind\": \"late\"}]' AS late,"
	"               r.sessions @> '[{\"status\": \"absent\"}]' AS absent,"
	"               r.exceptions @> '[{\"kind\": \"missing_out\"}]' AS out,"
	"               r.sessions @> '[{\"status\": \"excused\"}]' AS leave"
	"             FROM attend.day_result r WHERE r.agency_id = $1 AND r.work_date = $2 OFFSET 0) r"
	"       JOIN attend.person p ON p.id = r.person_id GROUP BY p.unit_id) c"
	" JOIN attend.org_unit u ON u.id = c.unit_id"
	" GROUP BY ROLLUP ((u.code, u.name)) ORDER BY u.code NULLS FIRST";

const char today_silent_sql[] =
	"SELECT s.id, r.edge_id, r.id, coalesce(r.name, ''),"
	"  coalesce(to_char(l.last AT TIME ZONE s.tz, 'YYYY-MM-DD HH24:MI'), ''),"
	"  CASE WHEN l.last IS NULL THEN NULL ELSE (extract(epoch FROM attend.now() - l.last) / 60)::int END"
	" FROM attend.reader r JOIN attend.edge e ON e.id = r.edge_id JOIN attend.site s ON s.id = e.site_id"
	" LEFT JOIN LATERAL (SELECT max(t.tapped_at) AS last FROM attend.tap t WHERE t.agency_id = s.agency_id"
	"  AND t.edge_id = r.edge_id AND t.reader_id = r.id AND t.tapped_at > attend.now() - interval '7 days') l ON true"
	" WHERE s.agency_id = $1 AND (l.last IS NULL OR l.last < attend.now() - make_interval(mins => $2::int))"
	" ORDER BY s.id, r.edge_id, r.id";
