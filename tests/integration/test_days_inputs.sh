#!/usr/bin/env bash
# Change an input, see the day change, with the recorder's evaluator running and no evaluation
# command: a leave approved after an absent day, a holiday added to an agency's calendar, the
# 24/11 toggle, a correction adding a missed OUT (only once approved), a correction excluding
# a tap, a night shift across midnight.  Taps go in as the superuser: the tap path is
# test_days_taps.sh's business.  The scenario is a fortnight of November 2026, over by the
# test's today (scenario_until).
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
svc_init days-inputs
scenario_until 2026-11-24
pg_start
mqtt_start
days_setup 5
write_evaluator_ini rec1
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"; REC_PID=$BG_PID
ctl() { "$BIN/attendctl" -q -d "$HR_DB" "$@"; }          # requests, corrections: HR
ctl_admin() { "$BIN/attendctl" -q -d "$ADMIN_DB" "$@"; } # calendars: the administrator
fail() { echo "FAIL: $*"; exit 1; }
full_day() { tap_sql "$1" "$2 07:28"; tap_sql "$1" "$2 11:32"; tap_sql "$1" "$2 13:27"; tap_sql "$1" "$2 17:33"; }

# p1 works Monday and Wednesday, nothing on Tuesday 17/11.
full_day B1 2026-11-16; full_day B1 2026-11-18
wait_day p1 2026-11-17 'K|absent,absent|unexcused_half_day,unexcused_half_day' || exit 1
ctl request add --person p1 --symbol P --from 2026-11-17 --to 2026-11-17 --reason 'việc gia đình'
wait_settled || exit 1
[ "$(day_of p1 2026-11-17)" = 'K|absent,absent|unexcused_half_day,unexcused_half_day' ] ||
	fail "a request not yet approved changed the day"
ctl request approve "$(psql_q "SELECT max(id) FROM attend.request")" --by 'Chủ tịch UBND'
wait_day p1 2026-11-17 'P|excused,excused|' || exit 1

# p2 absent on Thursday 19/11; the agency's own notice makes it a holiday.
full_day B2 2026-11-18; full_day B2 2026-11-20
wait_day p2 2026-11-19 'K|absent,absent|unexcused_half_day,unexcused_half_day' || exit 1
printf '2026-11-19\tholiday\tNghỉ lễ địa phương\tLocal holiday\tQĐ 12/QĐ-UBND\t-\tofficial\n' > "$SVC_DIR/local.tsv"
ctl_admin calendar load "$SVC_DIR/local.tsv" --agency ubnd-x
wait_day p2 2026-11-19 'L||' || exit 1

# 24/11 (Ngày Văn hóa Việt Nam) counts only when the agency switches the toggle on: p2, who
# worked on the 23rd and not on the 24th, was absent, and is not once the day is a holiday.
full_day B2 2026-11-23
wait_day p2 2026-11-24 'K|absent,absent|unexcused_half_day,unexcused_half_day' || exit 1
ctl_admin calendar toggle ubnd-x vn-culture-day on --from 2026-01-01
wait_day p2 2026-11-24 'L||' || exit 1

# p3 forgot the evening OUT on 16/11: a correction adds it, once approved.
tap_sql B3 '2026-11-16 07:28'; tap_sql B3 '2026-11-16 11:32'; tap_sql B3 '2026-11-16 13:27'
wait_day p3 2026-11-16 '+/K|on_time,missed|missing_out,unexcused_half_day' || exit 1
ctl correction add --person p3 --at '2026-11-16 17:31' --dir out --reason 'quên quẹt thẻ'
wait_settled || exit 1
[ "$(day_of p3 2026-11-16)" = '+/K|on_time,missed|missing_out,unexcused_half_day' ] ||
	fail "a correction not yet approved changed the day"
ctl correction approve "$(psql_q "SELECT max(id) FROM attend.correction")" --by 'Trưởng phòng'
wait_day p3 2026-11-16 '+|on_time,on_time|' || exit 1
[ "$(psql_q "SELECT sessions->1->>'out_manual' FROM attend.day_result r JOIN attend.person p ON p.id = r.person_id
             WHERE p.code = 'p3' AND work_date = '2026-11-16'")" = true ] || fail "manual OUT not marked"

# A tap excluded by an approved correction no longer counts: p1's 07:28 on 16/11.
ctl correction exclude --person p1 --at '2026-11-16 07:28' --reason 'thẻ quẹt hộ' --approved-by 'Chánh VP'
wait_day p1 2026-11-16 'K/+|missed,on_time|missing_in,unexcused_half_day' || exit 1
[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE uid = 'B1'")" = 8 ] || fail "a raw tap was touched"

# p5 on night duty 19:00-07:00 every day: the shift of 16/11 ends on the 17th.
psql_q "INSERT INTO attend.schedule_profile (name, follows_calendar, roster_days) VALUES ('night-duty', false, '{1,2,3,4,5,6,7}');
        INSERT INTO attend.schedule_session (profile_id, idx, name, starts, ends)
          SELECT id, 0, 'night', '19:00', '07:00' FROM attend.schedule_profile WHERE name = 'night-duty';
        INSERT INTO attend.schedule_assignment (agency_id, person_id, profile_id, valid_from)
          SELECT p.agency_id, p.id, s.id, '2026-11-16' FROM attend.person p, attend.schedule_profile s
          WHERE p.code = 'p5' AND s.name = 'night-duty'"
tap_sql B5 '2026-11-16 18:55'; tap_sql B5 '2026-11-17 07:03'
wait_day p5 2026-11-16 '+|on_time|' || exit 1
wait_day p5 2026-11-17 'K|absent|unexcused_half_day' || exit 1
[ "$(psql_q "SELECT minutes_worked || ' ' || profile FROM attend.day_result r JOIN attend.person p ON p.id = r.person_id
             WHERE p.code = 'p5' AND work_date = '2026-11-16'")" = '720 night-duty' ] || fail "night shift minutes"

# A badge enrolled after its first taps: those taps become p4's.
tap_sql B99 '2026-11-18 07:25'; tap_sql B99 '2026-11-18 11:35'; tap_sql B99 '2026-11-18 13:25'; tap_sql B99 '2026-11-18 17:35'
wait_settled || exit 1
[ -z "$(day_of p4 2026-11-18)" ] || fail "p4 has a result before the badge"
psql_q "INSERT INTO attend.badge (agency_id, uid, person_id, valid_from)
        SELECT agency_id, 'B99', id, '2026-11-01' FROM attend.person WHERE code = 'p4'"
wait_day p4 2026-11-18 '+|on_time,on_time|' || exit 1

[ "$(psql_q "SELECT count(*) FROM attend.day_dirty")" = 0 ] || fail "queue not drained"
[ "$(digest_mismatches)" = 0 ] || fail "$(digest_mismatches) digest(s) differ from the SQL definition"
[ "$(exception_rows_mismatch)" = 0 ] || fail "$(exception_rows_mismatch) day(s) with stale or missing exception rows"
kill -0 "$REC_PID" || fail "recorder died"
echo "ok: leave approved later, agency holiday, 24/11 toggle, corrections add/exclude, night shift, late badge"
