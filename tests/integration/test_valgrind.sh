#!/usr/bin/env bash
# valgrind (memcheck) over the daemons on the tap path: attendd and the recorder (with its
# day evaluator) run under valgrind while taps go through, then stop cleanly; any invalid
# read/write, use of uninitialised memory or definite leak fails the test.  Uses the plain
# build (valgrind and ASan do not mix).
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
REL="$SVC_ROOT/build/rel"
[ -x "$REL/attendd" ] || { echo "FAIL: $REL/attendd not built (make all)"; exit 1; }
command -v valgrind >/dev/null || { echo "FAIL: valgrind is not installed (scripts/deps)"; exit 1; }
svc_init valgrind
fail() { echo "FAIL: $*"; exit 1; }
pg_start
mqtt_start
days_setup 5
echo '{"badges":[{"uid":"B1","name":"Người 1"}]}' > "$SVC_DIR/badges.json"
EVAL_INTERVAL=1 write_evaluator_ini rec1
write_edge_ini gate-a hq in:in
VG=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --track-origins=yes --child-silent-after-fork=yes)
start_bg rec1 "${VG[@]}" --log-file="$SVC_DIR/vg-rec1.txt" "$REL/attend-recorder" -d -c "$SVC_DIR/rec1.ini"; REC=$BG_PID
start_bg gate-a "${VG[@]}" --log-file="$SVC_DIR/vg-gate-a.txt" "$REL/attendd" -d -c "$SVC_DIR/gate-a.ini"; EDGE=$BG_PID
wait_for 60 'grep -q "mqtt: connected" "$SVC_DIR/gate-a.log" && grep -q "mqtt: connected" "$SVC_DIR/rec1.log"' || fail "daemons did not start under valgrind"
exec 3<>"$SVC_DIR/gate-a-in.fifo"
for i in 1 2 3 4 5; do printf '2026-11-16T07:2%d:00+07:00 B%d\n2026-11-16T17:3%d:00+07:00 B%d\n' "$i" "$i" "$i" "$i"; done >&3
printf 'NOT-A-UID\nDEADBEEF\n' >&3
mosquitto_pub -p "$MQTT_PORT" -q 1 -t attend/v1/hq/gate-z/tap -m '{"v":1,' # a rejected payload path too
wait_for 60 '[ "$(psql_q "SELECT count(*) FROM attend.tap")" = 11 ]' || fail "taps under valgrind: $(psql_q 'SELECT count(*) FROM attend.tap')"
wait_for 60 '[ "$(day_of p1 2026-11-16)" != "" ]' || fail "no day result under valgrind"
kill -HUP "$EDGE"
wait_for 30 'grep -q "reloaded" "$SVC_DIR/gate-a.log"' || fail "reload"
kill -TERM "$EDGE"; wait "$EDGE" || fail "attendd under valgrind exited $? (see $SVC_DIR/vg-gate-a.txt)"
kill -TERM "$REC"; wait "$REC" || fail "the recorder under valgrind exited $? (see $SVC_DIR/vg-rec1.txt)"
for f in "$SVC_DIR"/vg-*.txt; do
	[ -s "$f" ] && { cat "$f"; fail "valgrind reported errors in $(basename "$f")"; }
done
echo "ok: attendd and attend-recorder (with the evaluator) clean under valgrind memcheck: 11 taps, a reload, a rejected payload, day results, clean stops"
