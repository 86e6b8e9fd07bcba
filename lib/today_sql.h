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

/* The three lists of one unit and its sub-units ($3: the unit's id), the person's id last. */
extern const char today_unit_in_sql[];
extern const char today_unit_late_sql[];
extern const char today_unit_missing_out_sql[];
/* Per unit, people of the date ($1 agency, $2 date): unit code, unit name, due (a working
 * day), in, late, absent (a session over with no tap and no request), OUT tap missing, on
 * leave (a session excused); the agency's total first, with unit code and name NULL. */
extern const char today_units_sql[];

#endif
