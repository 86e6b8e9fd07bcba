/* The SQL of the punctuality report (lib/punctuality_sql.h), as attendctl report punctuality
 * (ctl/hr_report.c) and attend-web's report page (web/page_report.c) both run it. */
#include "lib/punctuality_sql.h"

/* The person rows once, in a temporary table; the unit roll-ups and the total read it.  Every
 * on-time rate is attend.on_time_rate()'s (sql/023, 026), never a formula of this file's. */
const char punctuality_people_sql[] =
	"CREATE TEMP TABLE hr_punctuality ON COMMIT DROP AS"
	" SELECT * FROM attend.punctuality($1, $2, $3, $4, $5)";

/* Every section has the same columns in the same order, so the blocks of the CSV line up:
 * four that say who (rank and names, or rank, unit, unit name and people), then the figures
 * below.  A roll-up's figures are the sums of its people's, `excused` summed by symbol. */
#define FIGURES(p) \
	"sum(" p "working_days)::int, sum(" p "days_present)::int, sum(" p "late_count)::int AS lc," \
	" sum(" p "late_minutes)::int, sum(" p "early_count)::int AS ec, sum(" p "early_minutes)::int," \
	" sum(" p "missing_taps)::int AS mt, sum(" p "excused_days)," \
	" coalesce((SELECT jsonb_object_agg(k, v ORDER BY k) FROM (SELECT e.key AS k, sum(e.value::numeric) AS v" \
	"   FROM jsonb_array_elements(jsonb_agg(" p "excused)) x, jsonb_each_text(x) e GROUP BY 1) s), '{}')," \
	" sum(" p "unexcused_days), sum(" p "on_time_days)," \
	" attend.on_time_rate(sum(" p "on_time_days), sum(" p "working_days), sum(" p "excused_days)) AS rate"

const char punctuality_rank_people_sql[] =
	"SELECT rank() OVER (ORDER BY on_time_rate DESC NULLS LAST, late_count + early_count + missing_taps,"
	"   late_minutes + early_minutes, unexcused_days),"
	" person_code, full_name, unit_code, working_days, days_present, late_count, late_minutes,"
	" early_count, early_minutes, missing_taps, excused_days, excused, unexcused_days, on_time_days,"
	" on_time_rate"
	" FROM hr_punctuality ORDER BY 1, unit_code, person_code";

/* A unit ranked against the others: by its rate, then its exceptions per person. */
#define RANK_UNITS(sql) \
	"SELECT rank() OVER (ORDER BY rate DESC NULLS LAST, (lc + ec + mt)::numeric / people), *" \
	" FROM (" sql ") u ORDER BY 1, 2"
#define UNIT_ROW(p) "u.code, u.name, count(*)::int AS people, " FIGURES(p)

/* The unit itself: its own people (each person once, so these rows add up to the total). */
const char punctuality_rank_units_sql[] =
	RANK_UNITS("SELECT " UNIT_ROW("h.") " FROM hr_punctuality h JOIN attend.org_unit u ON u.id = h.unit_id"
	           " GROUP BY u.id, u.code, u.name");

/* The unit with everything under it, for each unit of the report's scope ($2: the unit asked
 * for, or the whole agency; none for one person) that has people of the report in a sub-unit.
 * A leaf unit's row would repeat its row above, so it has none. */
const char punctuality_rank_trees_sql[] =
	RANK_UNITS("WITH RECURSIVE t(top, id) AS ("
	           "  SELECT u.id, u.id FROM attend.org_unit u WHERE u.agency_id = $1 AND $3::bigint IS NULL"
	           "    AND ($2::bigint IS NULL OR u.id = ANY (attend.unit_subtree($2)))"
	           "  UNION SELECT t.top, c.id FROM attend.org_unit c JOIN t ON c.parent_id = t.id)"
	           " SELECT " UNIT_ROW("h.") " FROM t JOIN hr_punctuality h ON h.unit_id = t.id"
	           " JOIN attend.org_unit u ON u.id = t.top GROUP BY u.id, u.code, u.name"
	           " HAVING count(*) FILTER (WHERE h.unit_id <> t.top) > 0");

/* The total, named by what the report covers: the unit asked for, or the agency. */
const char punctuality_total_sql[] =
	"SELECT NULL::int, (SELECT code FROM attend.org_unit WHERE id = $2::bigint),"
	" coalesce((SELECT name FROM attend.org_unit WHERE id = $2::bigint),"
	"          (SELECT name FROM attend.agency WHERE id = $1::bigint)),"
	" count(*)::int, " FIGURES("")
	" FROM hr_punctuality";
