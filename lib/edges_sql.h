/* The edges and readers as the database knows them, for attendctl edges and attend-web's
 * Devices page: the same SQL in one place.  Parameter of both: $1 an agency code, or NULL for
 * every agency the role sees (row-level security). */
#ifndef ATTEND_EDGES_SQL_H
#define ATTEND_EDGES_SQL_H

/* edge, site, name, last tap received 'YYYY-MM-DD HH24:MI' or '', clock skew (s) or '',
 * clock flagged ('true'/'false'/''), minutes since the last tap received or '', site name;
 * then what the edge last said of itself (attend.edge_status, '' when nothing was heard):
 * state (online/stopped/offline), when received 'YYYY-MM-DD HH24:MI', journal pending, journal
 * capacity, journal full ('true'/'false'), version, minutes since received, taps refused,
 * the status's own time (RFC 3339 UTC) */
extern const char edges_sql[];
/* edge, reader, direction, name, last tap 'YYYY-MM-DD HH24:MI' or '' (30 days back), minutes
 * since the last tap or '', site */
extern const char readers_sql[];

#endif
