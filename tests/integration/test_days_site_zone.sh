#!/usr/bin/env bash
# A tap is timed in its site's zone, not its agency's: p1 works a Monday at a site in Tokyo
# (two hours ahead of the agency's Asia/Ho_Chi_Minh), p2 the same local hours at 'hq'; both
# days are on time.  Read in the agency's zone, p1's morning IN would be 05:28 and the
# afternoon OUT 15:35 (left early).  The evaluator reads the sites' zones once per batch
# (evaluator/day_store.c, load_taps): this is the test of that lookup.  Taps go in as the
# superuser (the tap path is test_days_taps.sh's); the evaluator runs as its own login.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
svc_init days-site-zone
scenario_until 2026-11-22
pg_start
mqtt_start
days_setup 2
fail() { echo "FAIL: $*"; exit 1; }
psql_q "INSERT INTO attend.site (id, agency_id, name, tz) SELECT 'tokyo', agency_id, 'Tokyo', 'Asia/Tokyo'
        FROM attend.site WHERE id = 'hq'"
tap_at() {   # tap_at UID SITE LOCALTIME: a tap at SITE, LOCALTIME in that site's zone
	psql_q "INSERT INTO attend.tap (edge_id, epoch, seq, site_id, agency_id, reader_id, direction, uid,
	          known_at_edge, duplicate, tapped_at, sent_at, received_at, recorder)
	        SELECT 'sql', '00000000-0000-0000-0000-000000000001', coalesce(max(seq), 0) + 1, s.id,
	          s.agency_id, 'r1', 'both', '$1', true, false, '$3'::timestamp AT TIME ZONE s.tz, now(), now(), 'test'
	        FROM attend.site s LEFT JOIN attend.tap t ON t.edge_id = 'sql' WHERE s.id = '$2' GROUP BY s.id"
}
for t in 07:28 11:33 13:25 17:35; do
	tap_at B1 tokyo "2026-11-16 $t"
	tap_at B2 hq "2026-11-16 $t"
done
write_evaluator_ini rec1
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"; REC_PID=$BG_PID
wait_day p2 2026-11-16 '+|on_time,on_time|' 20 || exit 1
wait_day p1 2026-11-16 '+|on_time,on_time|' || exit 1
[ "$(psql_q "SELECT count(*) FROM attend.day_dirty")" = 0 ] || fail "queue not drained"
[ "$(digest_mismatches)" = 0 ] || fail "$(digest_mismatches) digest(s) differ from the SQL definition"
kill -0 "$REC_PID" || fail "recorder died"
echo "ok: a tap is timed in its site's zone (Tokyo), another site's in the agency's"
