/* The SQL of the C01-HD timesheet (lib/timesheet_sql.h), moved out of ctl/hr_timesheet.c so
 * attend-web runs exactly attendctl's statements. */
#include "lib/timesheet_sql.h"

const char timesheet_head_sql[] =
	"SELECT a.name, coalesce(a.qhns_code, ''), u.name, extract(day from"
	" ($3::date + interval '1 month' - interval '1 day'))::int"
	" FROM attend.agency a JOIN attend.org_unit u ON u.agency_id = a.id"
	" WHERE a.id = $1 AND u.id = $2";

const char timesheet_rows_sql[] =
	"SELECT person_id, person_code, full_name,"
	" coalesce(job_position, ''), cells, time_days, unpaid_days, social_insurance_days"
	/* the 31 cells one by one, so a writer takes day d at column 8 + d - 1 */
	", cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7], cells[8]"
	", cells[9], cells[10], cells[11], cells[12], cells[13], cells[14], cells[15], cells[16]"
	", cells[17], cells[18], cells[19], cells[20], cells[21], cells[22], cells[23], cells[24]"
	", cells[25], cells[26], cells[27], cells[28], cells[29], cells[30], cells[31]"
	" FROM attend.timesheet($1, $2, $3)";

const char timesheet_legend_sql[] =
	"SELECT code, name FROM (SELECT DISTINCT ON (s.code) s.code,"
	"  CASE WHEN $2 THEN s.name_vi ELSE s.name_en END AS name,"
	"  array_position(ARRAY['+','Ô','Cô','Ts','T','P','H','Nb','No','N','Lđ'], s.code) AS o"
	"  FROM attend.timesheet_symbol s WHERE s.agency_id IS NULL OR s.agency_id = $1"
	"  ORDER BY s.code, s.agency_id NULLS LAST) t ORDER BY o NULLS LAST, code";

const char timesheet_adjust_sql[] =
	"SELECT p.full_name, a.work_date::text, coalesce(nullif(a.locked_symbol, ''), '-'),"
	"  coalesce(nullif(a.symbol, ''), '-')"
	" FROM attend.day_adjustment a JOIN attend.person p ON p.id = a.person_id"
	" WHERE a.agency_id = $1 AND a.status = 'pending' AND a.work_date >= $2::date"
	"  AND a.work_date < $2::date + interval '1 month'"
	"  AND a.person_id = ANY (attend.report_people($1, $2::date,"
	"   ($2::date + interval '1 month' - interval '1 day')::date, $3, NULL))"
	" ORDER BY p.code, a.work_date";
