/* The SQL of the edges and readers (lib/edges_sql.h); what the columns mean is said in
 * ctl/hr_edges.c, which prints them next to what the edges say of themselves.  An edge's last
 * tap received is the recorder's time (recorded_at), so its age is against now(); a reader's
 * last tap is the tap's own time, so its age is against the business clock, attend.now()
 * (lib/clock.h), as the Today page's silent readers are. */
#include "lib/edges_sql.h"

const char edges_sql[] =
	"SELECT e.id, e.site_id, coalesce(e.name, ''),"
	"  coalesce(to_char(k.last_seen AT TIME ZONE s.tz, 'YYYY-MM-DD HH24:MI'), ''),"
	"  coalesce(k.median_skew_s::text, ''), coalesce(k.clock_flagged::text, ''),"
	"  coalesce((extract(epoch FROM now() - k.last_seen) / 60)::int::text, ''), s.name,"
	/* 8..: what the edge last said of itself, as the recorders stored it (sql/031) */
	"  coalesce(st.state, ''), coalesce(to_char(st.received_at AT TIME ZONE s.tz, 'YYYY-MM-DD HH24:MI'), ''),"
	"  coalesce(st.journal_pending::text, ''), coalesce(st.journal_capacity::text, ''),"
	"  coalesce(st.journal_full::text, ''), coalesce(st.version, ''),"
	"  coalesce((extract(epoch FROM now() - st.received_at) / 60)::int::text, ''),"
	"  coalesce(st.taps_refused::text, ''),"
	"  coalesce(to_char(st.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), '')"
	" FROM attend.edge e JOIN attend.site s ON s.id = e.site_id JOIN attend.agency a ON a.id = s.agency_id"
	" LEFT JOIN attend.edge_clock k ON k.edge_id = e.id"
	" LEFT JOIN attend.edge_status st ON st.edge_id = e.id"
	" WHERE $1::text IS NULL OR a.code = $1 ORDER BY e.site_id, e.id";

const char readers_sql[] =
	"SELECT r.edge_id, r.id, r.direction, coalesce(r.name, ''),"
	"  coalesce(to_char(l.last AT TIME ZONE s.tz, 'YYYY-MM-DD HH24:MI'), ''),"
	"  coalesce((extract(epoch FROM attend.now() - l.last) / 60)::int::text, ''), s.id"
	" FROM attend.reader r JOIN attend.edge e ON e.id = r.edge_id JOIN attend.site s ON s.id = e.site_id"
	" JOIN attend.agency a ON a.id = s.agency_id"
	" LEFT JOIN LATERAL (SELECT max(t.tapped_at) AS last FROM attend.tap t WHERE t.edge_id = r.edge_id"
	"   AND t.reader_id = r.id AND t.tapped_at > attend.now() - interval '30 days') l ON true"
	" WHERE $1::text IS NULL OR a.code = $1 ORDER BY r.edge_id, r.id";
