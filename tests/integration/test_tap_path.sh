#!/usr/bin/env bash
# The tap path end to end on a real PostgreSQL and mosquitto: taps written to the simulated
# readers of one edge reach attend.tap exactly once, each person got an answer, the journal
# drains, repeats are flagged, unknown badges are kept, and a payload that does not decode is
# kept aside without stopping the recorder.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init tap-path
pg_start
mqtt_start
db_setup
psql_q "INSERT INTO attend.agency (code, name) VALUES ('ubnd-x', 'UBND xã X');
        INSERT INTO attend.site (id, agency_id, name) SELECT 'hq', id, 'Trụ sở' FROM attend.agency;"
echo '{"badges":[{"uid":"04A1B2C3","name":"Nguyễn Văn An"},{"uid":"04A1B2C4","name":"Trần Thị Bình"}]}' > "$SVC_DIR/badges.json"
# two recorders share the subscription
BATCH_WAIT_MS=0 BATCH_MAX=20 write_recorder_ini rec1
BATCH_WAIT_MS=0 BATCH_MAX=20 write_recorder_ini rec2
write_edge_ini gate-a hq in1:in out1:out
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"; REC_PID=$BG_PID
start_bg rec2 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec2.ini"; REC2_PID=$BG_PID
start_bg gate-a "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"
wait_for 10 'grep -q "mqtt: connected" "$SVC_DIR/gate-a.log" && grep -q "mqtt: connected" "$SVC_DIR/rec2.log"'

# 400 taps on in1 and 100 on out1; 04A1B2C3 twice in a row (a repeat), one unknown badge.
N_IN=400; N_OUT=100
{
	echo "# a morning"
	echo "2026-11-23T07:28:00+07:00 04a1b2c3"
	echo "2026-11-23T07:28:01+07:00 04A1B2C3"
	echo "2026-11-23T07:29:00+07:00 DEADBEEF"
	for i in $(seq 4 $N_IN); do printf '2026-11-23T07:%02d:%02d+07:00 %08X\n' $((30 + i / 60 % 30)) $((i % 60)) $((0x10000000 + i)); done
} > "$SVC_DIR/in1.taps"
for i in $(seq 1 $N_OUT); do printf '2026-11-23T11:3%d:%02d+07:00 %08X\n' $((i / 60)) $((i % 60)) $((0x20000000 + i)); done > "$SVC_DIR/out1.taps"
cat "$SVC_DIR/in1.taps" > "$SVC_DIR/gate-a-in1.fifo"
cat "$SVC_DIR/out1.taps" > "$SVC_DIR/gate-a-out1.fifo"

# A payload that is not a tap, on a tap topic: kept aside, the recorder carries on.
mosquitto_pub -p "$MQTT_PORT" -q 1 -t attend/v1/hq/gate-z/tap -m '{"v":1,"edge":"gate-z"'

total=$((N_IN + N_OUT))
wait_for 30 '[ "$(psql_q "SELECT count(*) FROM attend.tap")" = "$total" ]' ||
	{ echo "FAIL: expected $total taps, have $(psql_q 'SELECT count(*) FROM attend.tap')"; exit 1; }
wait_for 15 '[ "$(journal_released gate-a)" = "$total" ]' ||
	{ echo "FAIL: journal released $(journal_released gate-a), expected $total"; exit 1; }

fail() { echo "FAIL: $*"; exit 1; }
[ "$(psql_q 'SELECT count(DISTINCT (edge_id, epoch, seq)) FROM attend.tap')" = "$total" ] || fail "duplicate keys"
[ "$(psql_q "SELECT min(seq) || '-' || max(seq) FROM attend.tap")" = "1-$total" ] || fail "seqs are not 1..$total"
[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE duplicate")" = 1 ] || fail "the repeat is not flagged"
[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE known_at_edge")" = 2 ] || fail "known badges"
[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE uid='DEADBEEF' AND NOT known_at_edge")" = 1 ] || fail "unknown badge not kept"
[ "$(psql_q "SELECT tapped_at AT TIME ZONE 'Asia/Ho_Chi_Minh' FROM attend.tap WHERE seq=1")" = "2026-11-23 07:28:00" ] || fail "tap time"
[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE reader_id='out1' AND direction='out'")" = $N_OUT ] || fail "out reader"
[ "$(psql_q "SELECT count(DISTINCT agency_id) FROM attend.tap")" = 1 ] || fail "agency from site"
# every uid written is in the database, as often as written
diff <(grep -hv '^#' "$SVC_DIR/in1.taps" "$SVC_DIR/out1.taps" | awk '{print toupper($2)}' | sort) \
     <(psql_q "SELECT uid FROM attend.tap" | sort) || fail "uids differ"
# every person got an answer
[ "$(cat "$SVC_DIR"/gate-a-*.feedback | wc -l)" = "$total" ] || fail "feedback count"
[ "$(grep -c '^accepted' "$SVC_DIR/gate-a-in1.feedback")" = 2 ] || fail "accepted feedback"
wait_for 10 '[ "$(psql_q "SELECT count(*) FROM attend.rejected_payload")" = 1 ]' || fail "rejected payload not kept"
psql_q "SELECT reason FROM attend.rejected_payload" | grep 'not JSON' >/dev/null || fail "rejected reason"
# the recorder role may insert taps and nothing more
rc=0; out=$(psql "$REC_DB" -qtAX -v ON_ERROR_STOP=1 -c "SELECT count(*) FROM attend.tap" 2>&1) || rc=$?
[ "$rc" != 0 ] && echo "$out" | grep 'permission denied' >/dev/null || fail "recorder can read taps (exit $rc): $out"
kill -0 "$REC_PID" || fail "recorder died"
[ "$(psql_q "SELECT count(DISTINCT recorder) FROM attend.tap")" = 2 ] || fail "the two recorders did not share the taps"
# an edge clock 10 minutes off is flagged (a tap whose "sent" is far from when it arrived)
now_utc=$(date -u +%Y-%m-%dT%H:%M:%S)
mosquitto_pub -p "$MQTT_PORT" -q 1 -t attend/v1/hq/gate-skew/tap -m "{\"v\":1,\"edge\":\"gate-skew\",\"site\":\"hq\",\"epoch\":\"0d4f7a52-3c1e-4b8e-9a55-6f2b1d3c4e5f\",\"seq\":1,\"reader\":\"in\",\"direction\":\"in\",\"uid\":\"AB12\",\"at\":\"${now_utc}Z\",\"known\":false,\"duplicate\":false,\"sent\":\"$(date -u -d '-10 min' +%Y-%m-%dT%H:%M:%S)Z\"}"
wait_for 10 '[ "$(psql_q "SELECT clock_flagged FROM attend.edge_clock WHERE edge_id = '"'gate-skew'"'")" = t ]' || fail "a skewed edge clock is not flagged"
[ "$(psql_q "SELECT clock_flagged FROM attend.edge_clock WHERE edge_id = 'gate-a'")" = f ] || fail "gate-a flagged"

# an edge claiming a site it is not registered at is shown (its taps are kept as they came)
psql_q "INSERT INTO attend.site (id, agency_id, name) SELECT 'branch', id, 'Chi nhánh' FROM attend.agency;
        INSERT INTO attend.edge (id, site_id) VALUES ('gate-a', 'hq'), ('gate-c', 'branch')"
[ "$(psql_q "SELECT count(*) FROM attend.edge_site_mismatch")" = 0 ] || fail "honest edges flagged"
mosquitto_pub -p "$MQTT_PORT" -q 1 -t attend/v1/branch/gate-a/tap -m "{\"v\":1,\"edge\":\"gate-a\",\"site\":\"branch\",\"epoch\":\"0d4f7a52-3c1e-4b8e-9a55-6f2b1d3c4e5f\",\"seq\":1,\"reader\":\"in\",\"direction\":\"in\",\"uid\":\"AB13\",\"at\":\"${now_utc}Z\",\"known\":false,\"duplicate\":false,\"sent\":\"${now_utc}Z\"}"
wait_for 10 '[ "$(psql_q "SELECT edge_id || '"' '"' || registered_site || '"' '"' || claimed_site || '"' '"' || taps FROM attend.edge_site_mismatch")" = "gate-a hq branch 1" ]' ||
	fail "a site mismatch is not shown: $(psql_q "SELECT * FROM attend.edge_site_mismatch")"

# upkeep: partitions ahead, idempotent; a tap with a far-off clock is kept and reported
"$BIN/attendctl" -d "$PG_SUPER" maintain --months 120 | grep -E "tap partitions: [1-9][0-9]* created" >/dev/null || fail "maintain"
"$BIN/attendctl" -d "$PG_SUPER" maintain --months 120 | grep "tap partitions: 0 created" >/dev/null || fail "maintain twice"
printf '1999-01-01T08:00:00+07:00 0BADC10C\n' > "$SVC_DIR/gate-a-in1.fifo"
wait_for 10 '[ "$(psql_q "SELECT count(*) FROM attend.tap_default")" = 1 ]' || fail "a far-off tap was not kept"
"$BIN/attendctl" -d "$PG_SUPER" maintain 2>&1 | grep "1 tap(s) outside the monthly partitions" >/dev/null || fail "maintain does not warn"
echo "ok: $total taps exactly once via 2 recorders ($(psql_q "SELECT string_agg(recorder || ' ' || n, ', ') FROM (SELECT recorder, count(*) n FROM attend.tap GROUP BY 1 ORDER BY 1) x")), journal drained, repeat flagged, unknown kept, bad payload kept aside"
