#!/usr/bin/env bash
# What an edge says of itself reaches the database: the recorder stores each edge's status (and
# its last will) in attend.edge_status, so `attendctl edges` (without a broker login) and the
# web's Devices page show its state, backlog and version as the user's role sees them.
#  - a running edge: online, its version, its journal's backlog and capacity;
#  - the edge killed: the broker's last will makes it offline, the backlog it last said kept;
#  - an older status never undoes a newer one; HR reads only its agencies' edges, and may not
#    write the table.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init edge-status
fail() { echo "FAIL: $*"; exit 1; }
pg_start
mqtt_start
db_setup
psql_q "INSERT INTO attend.agency (code, name) VALUES ('ubnd-x', 'UBND xã X'), ('ubnd-y', 'UBND xã Y');
        INSERT INTO attend.site (id, agency_id, name) SELECT 'hq', id, 'Trụ sở' FROM attend.agency WHERE code = 'ubnd-x';
        INSERT INTO attend.site (id, agency_id, name) SELECT 'hy', id, 'Trụ sở Y' FROM attend.agency WHERE code = 'ubnd-y';
        INSERT INTO attend.edge (id, site_id) VALUES ('gate-a', 'hq'), ('gate-y', 'hy');"
"$BIN/attendctl" -q -d "$ADMIN_DB" access grant hr_login ubnd-x
echo '{"badges":[]}' > "$SVC_DIR/badges.json"
write_recorder_ini rec1
JOURNAL_CAPACITY=5000 JOURNAL_SEGMENT=1000 write_edge_ini gate-a hq in1:in
JOURNAL_CAPACITY=7000 JOURNAL_SEGMENT=1000 write_edge_ini gate-y hy in1:in
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"
wait_for 20 'grep -q "mqtt: connected" "$SVC_DIR/rec1.log"' || fail "recorder did not connect"
start_bg gate-a "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"; EDGE=$BG_PID
start_bg gate-y "$BIN/attendd" -d -c "$SVC_DIR/gate-y.ini"

st() { psql_q "SELECT $1 FROM attend.edge_status WHERE edge_id = '${2:-gate-a}'"; }
wait_for 30 '[ "$(st state)" = online ] && [ "$(st state gate-y)" = online ]' ||
	fail "no online status stored: $(psql_q 'TABLE attend.edge_status')"
[ "$(st journal_capacity)" = 5000 ] || fail "capacity: $(st journal_capacity)"
[ "$(st journal_pending)" = 0 ] || fail "pending: $(st journal_pending)"
[ "$(st journal_full)" = f ] || fail "full: $(st journal_full)"
[ "$(st "detail->'readers'->0->>'id'")" = in1 ] || fail "the readers are not kept: $(st detail)"
echo "  ok  a running edge: online, backlog 0 of 5000, its readers"

# HR (mapped to ubnd-x) reads it through attendctl, without any broker setting
"$BIN/attendctl" -d "$HR_DB" edges --format json > "$SVC_DIR/edges.json"
python3 - "$SVC_DIR/edges.json" <<'PY' || fail "attendctl edges as HR: $(cat "$SVC_DIR/edges.json")"
import json, sys
d = json.load(open(sys.argv[1]))
edges = d["edges"] if isinstance(d, dict) and "edges" in d else d["sections"]["edges"]
ids = [e["edge"] for e in edges]
assert ids == ["gate-a"], ids          # not ubnd-y's edge
e = edges[0]
assert e["state"] == "online", e
assert str(e["backlog"]) == "0", e
PY
out=$(psql "$HR_DB" -qtAX -c "UPDATE attend.edge_status SET state = 'online'" 2>&1) &&
	fail "HR changed an edge's status: $out"
grep -q "permission denied" <<< "$out" || fail "HR's write refused unclearly: $out"
echo "  ok  HR sees its agency's edge online through attendctl edges, may not write"

# an older status (a message delayed somewhere) never undoes a newer one
sent=$(st "sent_at")
psql "$REC_DB" -qtAX -c "SELECT attend.record_edge_status('gate-a', 'hq', 'stopped',
	'$sent'::timestamptz - interval '1 hour', NULL, NULL, 99, 5000, false, 0, NULL)" >/dev/null
[ "$(st state)" = online ] && [ "$(st journal_pending)" = 0 ] || fail "an older status won: $(st 'state, journal_pending')"
echo "  ok  an older status is ignored"

# the edge vanishes: the broker publishes its last will, stored as offline
kill -KILL "$EDGE"
wait_for 60 '[ "$(st state)" = offline ]' || fail "the will was not stored: $(st 'state, received_at')"
[ -n "$(st connected_at)" ] || fail "the will's connected_at is not kept"
[ "$(st version)" = "$(sed -n 's/.*ATTEND_VERSION "\(.*\)".*/\1/p' "$SVC_ROOT/lib/version.h")" ] || fail "the will's version: $(st version)"
[ "$(st journal_capacity)" = 5000 ] || fail "the last backlog said was not kept: $(st 'journal_pending, journal_capacity')"
[ "$(st state gate-y)" = online ] || fail "the other edge changed"
echo "  ok  killed: offline by its will, connected since $(st "to_char(connected_at AT TIME ZONE 'UTC', 'HH24:MI:SS')") UTC, the backlog it last said kept"
echo "ok: edges' statuses and wills stored by the recorder; attendctl edges shows them to HR (its agency only)"
