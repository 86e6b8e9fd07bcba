#!/usr/bin/env bash
# A locked month keeps its day results: a later change (here a leave approved after the lock)
# becomes a visible pending adjustment, not a rewrite; unlocking applies it.  Also: bad input
# to the day commands gives a clear message, a non-zero exit, and changes nothing.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
svc_init days-locked
scenario_until 2026-10-31
pg_start
mqtt_start
days_setup 2
write_evaluator_ini rec1
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"; REC_PID=$BG_PID
ctl() { "$BIN/attendctl" -q -d "$HR_DB" "$@"; }   # HR: locks, requests, corrections
fail() { echo "FAIL: $*"; exit 1; }

tap_sql B1 '2026-10-12 07:29'; tap_sql B1 '2026-10-12 11:31'; tap_sql B1 '2026-10-12 13:29'; tap_sql B1 '2026-10-12 17:31'
tap_sql B1 '2026-10-14 07:29'
wait_day p1 2026-10-13 'K|absent,absent|unexcused_half_day,unexcused_half_day' || exit 1
wait_day p1 2026-10-12 '+|on_time,on_time|' || exit 1
ctl month lock ubnd-x 2026-10 --reason 'chốt công tháng 10'

# Leave approved after the lock: the locked result stays, the change waits beside it.
ctl request add --person p1 --symbol Ô --from 2026-10-13 --to 2026-10-13 --approved-by 'Chủ tịch'
adj() { psql_q "SELECT coalesce(locked_symbol, '-') || '>' || symbol || ' ' || status FROM attend.day_adjustment a
                JOIN attend.person p ON p.id = a.person_id WHERE p.code = '$1' AND work_date = '$2' ORDER BY a.id"; }
wait_for 10 '[ "$(adj p1 2026-10-13)" = "K>Ô pending" ]' || fail "no adjustment: '$(adj p1 2026-10-13)'"
[ "$(day_of p1 2026-10-13)" = 'K|absent,absent|unexcused_half_day,unexcused_half_day' ] || fail "locked day rewritten"
"$BIN/attendctl" -d "$HR_DB" days show --person p1 --from 2026-10-13 --to 2026-10-13 | grep -q 'adjusted -> Ô' ||
	fail "days show does not show the adjustment"
# Re-evaluation by hand of locked days: nothing rewritten, nothing doubled.
ctl days evaluate --person p1 --from 2026-10-12 --to 2026-10-14
[ "$(psql_q "SELECT count(*) FROM attend.day_adjustment WHERE status = 'pending'")" = 1 ] || fail "adjustments: $(psql_q "SELECT work_date, locked_symbol, symbol FROM attend.day_adjustment")"
[ "$(day_of p1 2026-10-12)" = '+|on_time,on_time|' ] || fail "locked day changed"

ctl month unlock ubnd-x 2026-10
wait_day p1 2026-10-13 'Ô|excused,excused|' || exit 1
wait_for 10 '[ "$(adj p1 2026-10-13)" = "K>Ô applied" ]' || fail "adjustment not applied: '$(adj p1 2026-10-13)'"
[ "$(psql_q "SELECT string_agg(action, ',' ORDER BY id) FROM attend.month_lock_event")" = lock,unlock ] || fail "lock events"

# Bad input: named, refused, nothing written.
before=$(psql_q "SELECT (SELECT count(*) FROM attend.calendar_day) || '/' || (SELECT count(*) FROM attend.month_lock)
                 || '/' || (SELECT count(*) FROM attend.correction) || '/' || (SELECT count(*) FROM attend.request)")
expect_fail() {   # expect_fail 'message part' attendctl-args...
	local want=$1; shift
	local out rc=0
	out=$("$BIN/attendctl" -d "$ADMIN_DB" "$@" 2>&1) || rc=$?
	[ "$rc" -ne 0 ] || fail "attendctl $* succeeded"
	grep -qF -- "$want" <<<"$out" || fail "attendctl $*: expected '$want' in: $out"
}
printf '2026-12-01\tholiday\tA\tA\t\t-\tofficial\n2026-12-02\tfestival\tB\tB\t\t-\tofficial\n' > "$SVC_DIR/bad.tsv"
expect_fail "bad.tsv:2:" calendar load "$SVC_DIR/bad.tsv"
expect_fail "no-such.tsv" calendar load "$SVC_DIR/no-such.tsv"
expect_fail "'2026-13' is not a month" month lock ubnd-x 2026-13
expect_fail "agency 'nope' does not exist" month lock nope 2026-10
expect_fail "is not locked" month unlock ubnd-x 2026-10
expect_fail "person 'p9' does not exist" days show --person p9 --from 2026-10-01 --to 2026-10-31
expect_fail "'2026-02-30' is not a date" days evaluate --all --from 2026-02-30 --to 2026-03-01
expect_fail "--at '2026-10-13 25:00' is not a local time" correction add --person p1 --at '2026-10-13 25:00' --reason x
expect_fail "no taps of p1 at 2026-10-13 09:00:00" correction exclude --person p1 --at '2026-10-13 09:00' --reason x
expect_fail "'Q' is not a timesheet symbol" request add --person p1 --symbol Q --from 2026-10-01 --to 2026-10-01
expect_fail "--part 'evening'" request add --person p1 --symbol P --from 2026-10-01 --to 2026-10-01 --part evening
after=$(psql_q "SELECT (SELECT count(*) FROM attend.calendar_day) || '/' || (SELECT count(*) FROM attend.month_lock)
                || '/' || (SELECT count(*) FROM attend.correction) || '/' || (SELECT count(*) FROM attend.request)")
[ "$before" = "$after" ] || fail "bad input changed something: $before -> $after"

# The evaluator role reads inputs and writes results, and cannot touch raw taps.
rc=0; out=$(psql "$EVAL_DB" -qtAX -v ON_ERROR_STOP=1 -c "DELETE FROM attend.tap" 2>&1) || rc=$?
[ "$rc" != 0 ] && grep -q 'permission denied' <<<"$out" || fail "evaluator may delete taps (exit $rc): $out"
kill -0 "$REC_PID" || fail "recorder died"
echo "ok: locked month adjusted not rewritten, unlock applied it; bad input refused with its name"
