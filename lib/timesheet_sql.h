/* The C01-HD timesheet's SQL in one place: attendctl timesheet (ctl/hr_timesheet.c) and
 * attend-web's timesheet page (web/page_timesheet.c) run the same statements, so they show the
 * same rows and symbols; doc/timesheet.c forms and writes what they return. */
#ifndef ATTEND_TIMESHEET_SQL_H
#define ATTEND_TIMESHEET_SQL_H

/* agency name, QHNS code, unit name, days in the month ($1 agency id, $2 unit id, $3 first day) */
extern const char timesheet_head_sql[];
/* id, code, name, position, cells, 32, 33, 34, then the 31 cells one by one (as $1..$3 above):
 * attend.timesheet() of sql/011_hr_reports.sql */
extern const char timesheet_rows_sql[];
/* the legend: code, name; the official symbols in the form's order, then the agency's local
 * ones ($1 agency id, $2 true for the Vietnamese names) */
extern const char timesheet_legend_sql[];
/* changes after the month was locked, not applied: full name, date, locked symbol, symbol
 * ($1 agency id, $2 first day, $3 unit id) */
extern const char timesheet_adjust_sql[];

#endif
