#!/usr/bin/env bash
# One journal, one writer: a second attendd on the journal of a running one is refused at once,
# names the folder and the PID that holds it, exits non-zero, and leaves no trace on the broker
# (no "offline" will, no client-id fight); the first keeps running and taking taps.  Killed, the
# first's last will carries connected_at and version.  A lock left by a killed attendd does
# not stop the next one.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init journal-lock
fail() { echo "FAIL: $*"; exit 1; }
mqtt_start
echo '{"badges":[]}' > "$SVC_DIR/badges.json"
write_edge_ini gate-a hq in:in
mqtt_sub status -h 127.0.0.1 -p "$MQTT_PORT" -V mqttv5 -q 1 -t 'attend/v1/hq/gate-a/status'
STARTED=$(date +%s)   # the edge's clock: connected_at in its will is after this
start_bg gate-a "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"
FIRST=$BG_PID
wait_for 15 'grep -q "\"state\":\"online\"" "$SVC_DIR/status.out"' || fail "the first attendd is not online: $(tail -5 "$SVC_DIR/gate-a.log")"

# The second: the same file, so the same journal and the same client id.  -d keeps it in the
# foreground; timeout only bounds a wrong (running) second process.
set +e
out=$(timeout 20 "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini" 2>&1)
rc=$?
set -e
[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "the second attendd was not refused (exit $rc): $out"
grep -q "journal folder $SVC_DIR/gate-a/journal is in use by another attendd (PID $FIRST, in $SVC_DIR/gate-a/journal/lock)" <<< "$out" ||
	fail "the refusal does not name the folder and PID $FIRST: $out"
grep -q "mqtt: connected" <<< "$out" && fail "the second attendd went to the broker: $out"
echo "  ok  a second attendd on the same journal exits $rc at once: $(grep "in use" <<< "$out" | sed 's/.*attendd: //' | cut -c1-100)..."

# The first is undisturbed: still running, still online, and it still takes taps (journaled:
# the released mark does not move without a recorder, the next seq does).
kill -0 "$FIRST" || fail "the first attendd stopped"
echo "2026-11-23T07:28:00+07:00 04A1B2C3" > "$SVC_DIR/gate-a-in.fifo"
wait_for 10 'grep -q "\"next_seq\":2" "$SVC_DIR/status.out"' || fail "the first attendd took no tap after the refusal"
grep -q '"state":"offline"' "$SVC_DIR/status.out" && fail "an offline will was published: $(grep offline "$SVC_DIR/status.out")"
grep -q "lost the broker\|refused the connection" "$SVC_DIR/gate-a.log" && fail "the first attendd was kicked off the broker"
echo "  ok  the first attendd keeps running, online, taking taps; no offline will, no broker fight"

# A killed holder leaves the lock file, not the lock: the next attendd starts.
kill -KILL "$FIRST"; wait "$FIRST" 2>/dev/null || true
# ... and its last will says since when that connection was up and which attendd it was
# (docs/wire.md): the broker publishes it once the killed process's socket is closed.
wait_for 15 'grep -q "\"state\":\"offline\"" "$SVC_DIR/status.out"' || fail "no last will after kill -9"
will=$(grep '"state":"offline"' "$SVC_DIR/status.out" | tail -n 1)
version=$(sed -n 's/^#define ATTEND_VERSION "\(.*\)"$/\1/p' "$SVC_ROOT/lib/version.h")
grep -q "\"version\":\"$version\"" <<< "$will" || fail "the will does not carry version $version: $will"
connected=$(sed -n 's/.*"connected_at":"\([^"]*\)".*/\1/p' <<< "$will")
[ -n "$connected" ] || fail "the will has no connected_at: $will"
c=$(date -d "$connected" +%s) || fail "connected_at '$connected' is not a time"
[ "$c" -ge "$STARTED" ] && [ "$c" -le "$(date +%s)" ] || fail "connected_at $connected is not between the start and the kill"
echo "  ok  the last will of the killed attendd: connected_at $connected, version $version"
start_bg gate-a2 "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"
wait_for 15 'grep -q "ready" "$SVC_DIR/gate-a2.log"' || fail "a new attendd after a killed one: $(tail -5 "$SVC_DIR/gate-a2.log")"
[ "$(cat "$SVC_DIR/gate-a/journal/lock")" = "$BG_PID" ] || fail "the lock file does not name the new holder"
echo "ok: one journal, one writer (refused with folder and PID, the first undisturbed, a dead holder's lock gone)"
