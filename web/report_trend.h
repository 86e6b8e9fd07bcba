/* The punctuality report's trend over months: late minutes per unit per month (inline SVG and
 * a table), for the twelve months ending with the report's last day. */
#ifndef ATTEND_WEB_REPORT_TREND_H
#define ATTEND_WEB_REPORT_TREND_H

#include "web/page.h"

/* $1 agency id, $2 the report's last day, $3 the same day (the month of the last slot): unit
 * code, slot 0..11, late minutes, late arrivals, 'YYYY-MM'.  Reads hr_punctuality. */
extern const char report_trend_sql[];
/* units: the report's units section (code in column 1); rows: report_trend_sql's; last: the
 * report's last day, ISO. */
void report_trend(struct page *pg, PGresult *units, PGresult *rows, const char *last);

#endif
