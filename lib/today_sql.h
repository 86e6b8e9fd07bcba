/* The day so far, as attendctl today and attend-web's Today page both show it: the same SQL
 * in one place.  Parameters: $1 agency id, $2 the date (YYYY-MM-DD); silent readers: $1
 * agency id, $2 minutes without a tap. */
#ifndef ATTEND_TODAY_SQL_H
#define ATTEND_TODAY_SQL_H

/* person code, full name, unit code, first tap HH:MM, last tap HH:MM, taps */
extern const char today_in_sql[];
/* person code, full name, unit code, session, starts HH:MM, in HH:MM, minutes late */
extern const char today_late_sql[];
/* person code, full name, unit code, session, in HH:MM, ends HH:MM */
extern const char today_missing_out_sql[];
/* site, edge, reader, reader name, last tap 'YYYY-MM-DD HH24:MI' or '', minutes silent or NULL */
extern const char today_silent_sql[];

#endif
