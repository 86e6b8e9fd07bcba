/* The punctuality report's SQL in one place: attendctl report punctuality and attend-web's
 * report page run the same statements, so they show the same figures.  In one transaction:
 * punctuality_people_sql first ($1 agency id, $2 from, $3 to, $4 unit id or NULL, $5 person id
 * or NULL) makes the temporary table hr_punctuality (ON COMMIT DROP); the others read it.
 * Every on-time rate is attend.on_time_rate()'s (sql/023, 026). */
#ifndef ATTEND_PUNCTUALITY_SQL_H
#define ATTEND_PUNCTUALITY_SQL_H

extern const char punctuality_people_sql[];
/* rank, person code, full name, unit code, then the figures (below); no parameters */
extern const char punctuality_rank_people_sql[];
/* rank, unit code, unit name, people, then the figures: each unit's own people; no parameters */
extern const char punctuality_rank_units_sql[];
/* the same, each unit with its sub-units ($1 agency id, $2 unit id or NULL, $3 person id or NULL) */
extern const char punctuality_rank_trees_sql[];
/* NULL rank, unit code or NULL, the unit's or the agency's name, people, the figures ($1, $2 as above)
 * Figures: working days, days present, late count, late minutes, early count, early minutes,
 * missing taps, excused days, excused by symbol (jsonb), unexcused days, on-time days, on-time rate. */
extern const char punctuality_total_sql[];

#endif
