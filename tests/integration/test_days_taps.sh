#!/usr/bin/env bash
# Day results kept current from taps through the real path (reader -> attendd -> MQTT ->
# recorder -> PostgreSQL -> trigger -> the recorder's evaluator thread), with no command run:
# days appear, a tap that arrives a week late from an offline reader changes its day, and a
# tap at 23:59 local belongs to that date while 00:01 belongs to the next.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
svc_init days-taps
pg_start
mqtt_start
days_setup 3
echo '{"badges":[{"uid":"B1","name":"Một"},{"uid":"B2","name":"Hai"},{"uid":"B3","name":"Ba"}]}' > "$SVC_DIR/badges.json"
write_evaluator_ini rec1
write_edge_ini gate-a hq in1:both
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"; REC_PID=$BG_PID
start_bg gate-a "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"
wait_for 10 'grep -q "mqtt: connected" "$SVC_DIR/gate-a.log"'
fail() { echo "FAIL: $*"; exit 1; }

# Monday 16/11/2026: p1 on time, p2 20 minutes late; Tuesday: p3 forgets the evening OUT.
cat > "$SVC_DIR/gate-a-in1.fifo" <<TAPS
2026-11-16T07:28:00+07:00 B1
2026-11-16T07:50:00+07:00 B2
2026-11-16T11:31:00+07:00 B2
2026-11-16T11:33:00+07:00 B1
2026-11-16T13:25:00+07:00 B1
2026-11-16T13:29:00+07:00 B2
2026-11-16T17:31:00+07:00 B2
2026-11-16T17:35:00+07:00 B1
2026-11-17T07:29:00+07:00 B3
2026-11-17T11:31:00+07:00 B3
2026-11-17T13:28:00+07:00 B3
2026-11-21T23:59:00+07:00 B1
2026-11-22T00:01:00+07:00 B2
TAPS
wait_day p1 2026-11-16 '+|on_time,on_time|' 20 || exit 1
wait_day p2 2026-11-16 '+|late,on_time|late' || exit 1
wait_day p3 2026-11-17 '+/K|on_time,missed|missing_out,unexcused_half_day' || exit 1
[ "$(psql_q "SELECT minutes_late FROM attend.day_result r JOIN attend.person p ON p.id = r.person_id
             WHERE p.code = 'p2' AND work_date = '2026-11-16'")" = 20 ] || fail "p2 minutes late"
[ "$(psql_q "SELECT count(*) FROM attend.day_exception e JOIN attend.person p ON p.id = e.person_id
             WHERE p.code = 'p2' AND e.work_date = '2026-11-16' AND e.kind = 'late' AND e.minutes = 20
             AND e.discipline")" = 1 ] || fail "p2's late exception row"
[ "$(psql_q "SELECT DISTINCT rule_set_id || ' ' || rule_set_label FROM attend.day_result")" = "1 vn-default-2026.1" ] ||
	fail "rule set version not recorded"

# Time zone edge: 23:59 local on Saturday 21/11 is that Saturday's; 00:01 on Sunday is Sunday's.
wait_day p1 2026-11-21 '||tap_on_day_off' || exit 1
wait_day p2 2026-11-22 '||tap_on_day_off' || exit 1
wait_day p1 2026-11-22 '||' || exit 1
wait_day p2 2026-11-21 '||' || exit 1

# A week late: the offline reader's 17:32 OUT of p3 on 17/11 arrives now.
echo "2026-11-17T17:32:00+07:00 B3" > "$SVC_DIR/gate-a-in1.fifo"
wait_day p3 2026-11-17 '+|on_time,on_time|' || exit 1
[ "$(psql_q "SELECT count(*) FROM attend.day_dirty")" = 0 ] || fail "queue not drained"
[ "$(digest_mismatches)" = 0 ] || fail "$(digest_mismatches) digest(s) differ from the SQL definition"
kill -0 "$REC_PID" || fail "recorder died"
grep -q "evaluator" "$SVC_DIR/rec1.log" || true
echo "ok: results appeared by themselves; late tap changed its day; 23:59 vs 00:01 on the right dates"
