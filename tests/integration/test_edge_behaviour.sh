#!/usr/bin/env bash
# attendd as an administrator and a person at the door meet it: -n checks the configuration,
# systemd hears READY=1, the door works with the broker away and the taps follow when it comes
# back, a full journal refuses loudly (answer, log, retained status), the database away means
# no acks and nothing lost, SIGHUP re-reads the badge cache (and keeps a -v given on the command
# line), an ack that does not decode is counted in the status, SIGTERM stops cleanly.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init edge
fail() { echo "FAIL: $*"; exit 1; }

# -- attendd -n: a clear error naming file, line, option and value; non-zero exit ----------
MQTT_PORT=$(free_port)
echo '{"badges":[{"uid":"04A1B2C3","name":"Nguyễn Văn An"}]}' > "$SVC_DIR/badges.json"
write_edge_ini gate-a hq in:in
"$BIN/attendd" -n -c "$SVC_DIR/gate-a.ini" | grep "configuration OK" >/dev/null || fail "-n on a good file"
sed 's/^debounce_ms = .*/debounce_ms = soon/' "$SVC_DIR/gate-a.ini" > "$SVC_DIR/bad.ini"
set +e; out=$("$BIN/attendd" -n -c "$SVC_DIR/bad.ini" 2>&1); rc=$?; set -e
[ $rc = 1 ] || fail "-n on a bad file exits $rc"
line=$(grep -n '^debounce_ms' "$SVC_DIR/bad.ini" | cut -d: -f1)
[ "$out" = "attendd: $SVC_DIR/bad.ini:$line: option 'debounce_ms': value 'soon' is not a whole number from 0 to 600000" ] ||
	fail "-n message: $out"
set +e; "$BIN/attendd" -x >/dev/null 2>&1; rc=$?; set -e
[ $rc = 2 ] || fail "an unknown option exits $rc"

# -- the broker is away at start: the door still answers, the taps wait in the journal -----
pg_start
db_setup
psql_q "INSERT INTO attend.agency (code, name) VALUES ('a', 'A');
        INSERT INTO attend.site (id, agency_id, name) SELECT 'hq', id, 'HQ' FROM attend.agency;"
READER_SILENT_AFTER=3 JOURNAL_CAPACITY=100 JOURNAL_SEGMENT=10 write_edge_ini gate-a hq in:in
python3 - "$SVC_DIR/notify.sock" > "$SVC_DIR/notify.txt" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); s.settimeout(30)
while True:
    msg = s.recv(4096).decode(); print(msg, flush=True)
    if msg.startswith("READY=1"): break
PY
NOTIFY_PID=$!
wait_for 30 '[ -S "$SVC_DIR/notify.sock" ]' || fail "the test's notify socket"
# -v on the command line, verbose off in the file: every tap is logged (log_debug)
NOTIFY_SOCKET="$SVC_DIR/notify.sock" start_bg gate-a "$BIN/attendd" -d -v -c "$SVC_DIR/gate-a.ini"; EDGE=$BG_PID
wait "$NOTIFY_PID" || fail "no READY=1 from attendd"
grep -q '^READY=1' "$SVC_DIR/notify.txt" || fail "READY=1"
exec 3<>"$SVC_DIR/gate-a-in.fifo"
printf '04A1B2C3\n' >&3
for i in $(seq 1 59); do printf 'B%07d\n' "$i"; done >&3
wait_for 10 '[ "$(wc -l < "$SVC_DIR/gate-a-in.feedback")" = 60 ]' || fail "no answers while the broker is away"
[ "$(head -1 "$SVC_DIR/gate-a-in.feedback")" = "accepted Nguyễn Văn An" ] || fail "known badge answer"
[ "$(grep -c '^unknown' "$SVC_DIR/gate-a-in.feedback")" = 59 ] || fail "unknown badge answers"

# -- the broker comes, but the recorder's database is away: no acks, nothing released -------
# Every ack on the edge's topic is watched from before the recorder starts; at the end, none
# may have come before the database was back (and some must have come after).
mqtt_start
mqtt_sub acks -p "$MQTT_PORT" -q 1 -t attend/v1/hq/gate-a/ack
write_recorder_ini rec1
pg_stop
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"; REC=$BG_PID
wait_for 15 'grep -q "retrying (no acks" "$SVC_DIR/rec1.log"' || fail "recorder does not say the database is away"

# -- a full journal refuses: the person hears no, the log and the retained status say so ---
for i in $(seq 60 105); do printf 'C%07d\n' "$i"; done >&3
wait_for 10 '[ "$(wc -l < "$SVC_DIR/gate-a-in.feedback")" = 106 ]' || fail "answers when full"
[ "$(grep -c '^refused' "$SVC_DIR/gate-a-in.feedback")" = 6 ] || fail "expected 6 refused, got $(grep -c '^refused' "$SVC_DIR/gate-a-in.feedback")"
grep -q 'REFUSED' "$SVC_DIR/gate-a.log" || fail "no REFUSED in the log"
# the retained status follows the answers at once, but asynchronously: wait for it
last_status() { mosquitto_sub -p "$MQTT_PORT" -t attend/v1/hq/gate-a/status -C 1 -W 5; }
wait_for 10 'last_status | grep -q "\"full\":true"' || fail "status does not say full: $(last_status)"
last_status | grep '"refused":6' >/dev/null || fail "status refused count: $(last_status)"

# -- the database comes back: everything accepted arrives once, the journal drains ---------
[ "$(journal_released gate-a)" = 0 ] || fail "taps released while the database was away"
db_back=$(date +%s.%N)
pg_start
wait_for 30 '[ "$(psql_q "SELECT count(*) FROM attend.tap")" = 100 ]' || fail "taps after the database came back: $(psql_q 'SELECT count(*) FROM attend.tap')"
wait_for 10 '[ "$(journal_released gate-a)" = 100 ]' || fail "journal not drained"
[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE uid LIKE 'C%'")" = 40 ] || fail "refused taps must not be stored"
[ -s "$SVC_DIR/acks.out" ] || fail "no ack seen on the ack topic"
early=$(mawk -v t="$db_back" '$1 < t' "$SVC_DIR/acks.out")
[ -z "$early" ] || fail "acks sent while the database was away: $early"
printf 'D0000001\n' >&3
wait_for 10 '[ "$(tail -1 "$SVC_DIR/gate-a-in.feedback")" = "unknown D0000001" ]' || fail "room again after the acks"

# -- SIGHUP re-reads the badge cache, and keeps the command line's -v ------------------------
grep -q 'tap seq=1 reader=in uid=04A1B2C3 Nguyễn Văn An' "$SVC_DIR/gate-a.log" || fail "-v: taps not logged"
grep -q '^verbose' "$SVC_DIR/gate-a.ini" && fail "the file must leave verbose off for this test"
echo '{"badges":[{"uid":"D0000002","name":"Trần Thị Bình"}]}' > "$SVC_DIR/badges.json"
kill -HUP "$EDGE"
wait_for 10 'grep -q "reloaded: 1 badges" "$SVC_DIR/gate-a.log"' || fail "no reload"
printf 'D0000002\n' >&3
wait_for 10 '[ "$(tail -1 "$SVC_DIR/gate-a-in.feedback")" = "accepted Trần Thị Bình" ]' || fail "new badge after reload"
wait_for 10 'grep -q "tap seq=[0-9]* reader=in uid=D0000002 Trần Thị Bình" "$SVC_DIR/gate-a.log"' ||
	fail "after SIGHUP the taps are no longer logged: the reload dropped -v"

# -- an ack that does not decode is ignored, logged and counted in the status ----------------
mosquitto_pub -p "$MQTT_PORT" -q 1 -t attend/v1/hq/gate-a/ack -m '{"v":1,"epoch":"nope","ranges":[]}'
wait_for 10 'grep -q "ack on attend/v1/hq/gate-a/ack ignored (1 so far, in the status): field \"epoch\" is not a UUID" "$SVC_DIR/gate-a.log"' ||
	fail "a bad ack is not logged"
wait_for 10 'last_status | grep -q "\"bad_acks\":1,"' || fail "status does not count the bad ack: $(last_status)"

# -- a reader with no tap for longer than reader_silent_after is flagged, then not ------------
wait_for 10 'grep -q "reader in: no tap for more than 3s" "$SVC_DIR/gate-a.log"' || fail "silent reader not logged"
wait_for 10 'last_status | grep -q "\"silent\":true"' || fail "status does not flag the silent reader: $(last_status)"
printf 'D0000003\n' >&3
wait_for 10 'last_status | grep -q "\"silent\":false"' || fail "silent flag not cleared by a tap"

# -- SIGTERM: a clean stop, status "stopped" (not the last will) ----------------------------
kill -TERM "$EDGE"
wait "$EDGE" || fail "attendd exit status $?"
last_status | grep '"state":"stopped"' >/dev/null || fail "status after SIGTERM: $(last_status)"
kill -TERM "$REC"; wait "$REC" || fail "recorder exit status $?"
echo "ok: -n, READY=1, broker away, database away (no acks), full journal refused 6 loudly, reload (keeping -v), bad ack counted, silent reader flagged, clean stop"
