#!/usr/bin/env bash
# Day results kept current from taps through the real path (reader -> attendd -> MQTT ->
# recorder -> PostgreSQL -> trigger -> the recorder's evaluator thread), with no command run:
# days appear, a tap that arrives a week late from an offline reader changes its day, and a
# tap at 23:59 local belongs to that date while 00:01 belongs to the next; and, by the business
# clock (ATTEND_TEST_NOW), the test's yesterday is over while its today is still in progress.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
svc_init days-taps
scenario_until 2026-11-22
pg_start
mqtt_start
days_setup 4
echo '{"badges":[{"uid":"B1","name":"Một"},{"uid":"B2","name":"Hai"},{"uid":"B3","name":"Ba"},{"uid":"B4","name":"Bốn"}]}' > "$SVC_DIR/badges.json"
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

# Yesterday and today by the business clock.  p4 works every day of the week on a roster that
# ignores the calendar, so neither day is a weekend or a holiday whatever date the suite runs as;
# at 10:00 today the morning is still open and the afternoon to come.  An evaluator on the wall
# clock instead of ATTEND_TEST_NOW would see other days as over or to come and fail here.
psql_q "INSERT INTO attend.schedule_profile (name, follows_calendar, roster_days) VALUES ('every-day', false, '{1,2,3,4,5,6,7}');
        INSERT INTO attend.schedule_session (profile_id, idx, name, starts, ends)
          SELECT p.id, v.idx, v.name, v.starts::time, v.ends::time FROM attend.schedule_profile p,
            (VALUES (0, 'morning', '07:30', '11:30'), (1, 'afternoon', '13:30', '17:30')) v(idx, name, starts, ends)
          WHERE p.name = 'every-day';
        INSERT INTO attend.schedule_assignment (agency_id, person_id, profile_id, valid_from)
          SELECT p.agency_id, p.id, s.id, '$(test_date -7)' FROM attend.person p, attend.schedule_profile s
          WHERE p.code = 'p4' AND s.name = 'every-day'"
y=$(test_date -1)
cat > "$SVC_DIR/gate-a-in1.fifo" <<TAPS
${y}T07:27:00+07:00 B4
${y}T11:32:00+07:00 B4
${y}T13:26:00+07:00 B4
${y}T17:34:00+07:00 B4
${TEST_TODAY}T07:41:00+07:00 B4
TAPS
wait_day p4 "$y" '+|on_time,on_time|' || exit 1
wait_day p4 "$TEST_TODAY" '|pending,pending|' || exit 1
[ "$(psql_q "SELECT recheck_at > '${TEST_TODAY}T10:00:00+07:00' FROM attend.day_result r JOIN attend.person p ON p.id = r.person_id
             WHERE p.code = 'p4' AND work_date = '$TEST_TODAY'")" = t ] || fail "today's result is not due for a later look"

kill -0 "$REC_PID" || fail "recorder died"
grep 'business time stands at' "$SVC_DIR/rec1.log" >/dev/null || fail "the recorder does not say it runs on a test clock"
echo "ok: results appeared by themselves; late tap changed its day; 23:59 vs 00:01 on the right dates; yesterday over, today pending by the test clock ($TEST_TODAY)"
