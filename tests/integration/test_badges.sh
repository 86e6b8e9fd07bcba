#!/usr/bin/env bash
# Enrolment as an administrator does it: `attendctl badges enroll` waits, a new badge is held
# to a reader, the command shows it and binds it; the exported cache, reloaded by the edge,
# makes the door greet the person by name, on the reader and on the feedback topic.  Then
# list, reassign (history kept), revoke, and bad input.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init badges
fail() { echo "FAIL: $*"; exit 1; }
pg_start
mqtt_start
db_setup
psql_q "INSERT INTO attend.agency (code, name) VALUES ('ubnd-x', 'UBND xã X'), ('ubnd-y', 'UBND xã Y');
        INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'VP', 'Văn phòng' FROM attend.agency;
        INSERT INTO attend.site (id, agency_id, name) SELECT 'hq', id, 'Trụ sở' FROM attend.agency WHERE code = 'ubnd-x';
        INSERT INTO attend.person (agency_id, unit_id, code, full_name)
          SELECT u.agency_id, u.id, v.code, v.name FROM attend.org_unit u
          JOIN attend.agency a ON a.id = u.agency_id AND a.code = 'ubnd-x',
          (VALUES ('CB01', 'Nguyễn Văn An'), ('CB02', 'Trần Thị Bình')) v(code, name);
        INSERT INTO attend.hr_access (role_name, agency_id) SELECT 'hr_login', id FROM attend.agency WHERE code = 'ubnd-x';"
CTL=("$BIN/attendctl" -d "$HR_DB")   # the HR officer's own login
echo '{"badges":[]}' > "$SVC_DIR/badges.json"
write_recorder_ini rec1
write_edge_ini gate-a hq in:in
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"
start_bg gate-a "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"; EDGE=$BG_PID
wait_for 10 'grep -q "mqtt: connected" "$SVC_DIR/gate-a.log" && grep -q "mqtt: connected" "$SVC_DIR/rec1.log"'
exec 3<>"$SVC_DIR/gate-a-in.fifo"

# enrolment by tapping: the command waits, asks, binds
"${CTL[@]}" badges enroll --agency ubnd-x --person CB01 --timeout 20 > "$SVC_DIR/enroll.out" 2> "$SVC_DIR/enroll.err" <<< "y" &
ENROLL=$!
wait_for 10 'grep -q "Hold the new badge" "$SVC_DIR/enroll.err"' || fail "enroll does not ask for a tap"
printf '04a1b2c3d4\n' >&3
wait "$ENROLL" || { cat "$SVC_DIR/enroll.err"; fail "enroll failed"; }
grep -q "Bind badge 04A1B2C3D4 (hq/gate-a/in at" "$SVC_DIR/enroll.err" || fail "enroll did not show the badge: $(cat "$SVC_DIR/enroll.err")"
grep -q "badge 04A1B2C3D4 now belongs to CB01 Nguyễn Văn An" "$SVC_DIR/enroll.out" || fail "enroll output"
[ "$(psql_q "SELECT p.code FROM attend.badge b JOIN attend.person p ON p.id = b.person_id WHERE b.uid = '04A1B2C3D4'")" = CB01 ] || fail "badge not bound"

# answering no changes nothing
"${CTL[@]}" badges enroll --agency ubnd-x --person CB02 --timeout 20 > /dev/null 2> "$SVC_DIR/no.err" <<< "n" &
NO=$!
wait_for 10 'grep -q "Hold the new badge" "$SVC_DIR/no.err"'
printf 'CAFE0001\n' >&3
if wait "$NO"; then fail "enroll answered no but succeeded"; fi
[ "$(psql_q "SELECT count(*) FROM attend.badge WHERE uid = 'CAFE0001'")" = 0 ] || fail "bound although refused"

# in Vietnamese (the locale decides): the question, "c" (có) for yes, the answer
LANG=vi_VN.UTF-8 "${CTL[@]}" badges enroll --agency ubnd-x --person CB02 --uid cafe0002 \
	> "$SVC_DIR/vi.out" 2> "$SVC_DIR/vi.err" <<< "c" || fail "enroll in Vietnamese: $(cat "$SVC_DIR/vi.err")"
grep "Gán thẻ CAFE0002 (nhập tay) cho CB02 Trần Thị Bình? \[c/K\]" "$SVC_DIR/vi.err" >/dev/null || fail "Vietnamese question: $(cat "$SVC_DIR/vi.err")"
grep "thẻ CAFE0002 nay thuộc về CB02 Trần Thị Bình" "$SVC_DIR/vi.out" >/dev/null || fail "Vietnamese answer: $(cat "$SVC_DIR/vi.out")"
"${CTL[@]}" badges revoke --agency ubnd-x --uid CAFE0002 > /dev/null

# the cache for the edges, and the door greets by name (reader and feedback topic)
"${CTL[@]}" badges export --site hq --output "$SVC_DIR/badges.json" | grep "1 badge(s) of site hq" >/dev/null || fail "export"
kill -HUP "$EDGE"
wait_for 10 'grep -q "reloaded: 1 badges" "$SVC_DIR/gate-a.log"' || fail "edge did not reload"
mqtt_sub fb -p "$MQTT_PORT" -t attend/v1/hq/gate-a/feedback -C 1 -W 10
printf '04A1B2C3D4\n' >&3
wait "$SUB_PID" || fail "no message on the feedback topic"
grep -q '"outcome":"accepted","name":"Nguyễn Văn An"' "$SVC_DIR/fb.out" || fail "feedback topic: $(cat "$SVC_DIR/fb.out")"
wait_for 5 '[ "$(tail -1 "$SVC_DIR/gate-a-in.feedback")" = "accepted Nguyễn Văn An" ]' || fail "reader feedback"

# reassign keeps history; revoke closes
"${CTL[@]}" badges reassign --agency ubnd-x --uid 04a1b2c3d4 --person CB02 | grep "now belongs to CB02" >/dev/null || fail "reassign"
[ "$(psql_q "SELECT count(*) FROM attend.badge WHERE uid = '04A1B2C3D4'")" = 2 ] || fail "history not kept"
"${CTL[@]}" badges list --agency ubnd-x | grep "04A1B2C3D4 .*CB02" >/dev/null || fail "list"
[ "$("${CTL[@]}" badges list --agency ubnd-x --all | grep -c 04A1B2C3D4)" = 2 ] || fail "list --all"
"${CTL[@]}" badges revoke --agency ubnd-x --uid 04A1B2C3D4 --reason "lost" | grep revoked >/dev/null || fail "revoke"
[ "$(psql_q "SELECT count(*) FROM attend.badge WHERE uid = '04A1B2C3D4' AND valid_to IS NULL")" = 0 ] || fail "revoke left it open"

# bad input: a clear message naming it, non-zero exit, nothing written
expect_fail() {   # expect_fail 'message part' args...
	local want=$1; shift
	local out rc=0
	out=$("${CTL[@]}" "$@" 2>&1 < /dev/null) || rc=$?
	[ $rc -ne 0 ] || fail "'$*' succeeded"
	echo "$out" | grep -F "$want" >/dev/null || fail "'$*' said: $out (wanted: $want)"
}
before=$(psql_q "SELECT count(*) FROM attend.badge")
expect_fail "person 'CB99' does not exist in agency ubnd-x" badges enroll --agency ubnd-x --person CB99 --uid AA
expect_fail "badge UID 'AB-CD' must be 1-31 letters or digits" badges enroll --agency ubnd-x --person CB01 --uid AB-CD
expect_fail "badge 0000 is not in use in agency ubnd-x" badges revoke --agency ubnd-x --uid 0000
expect_fail "option --timeout: 'soon'" badges enroll --agency ubnd-x --person CB01 --timeout soon
expect_fail "option --person is required" badges reassign --agency ubnd-x --uid AA
expect_fail "site 'nowhere' does not exist" badges export --site nowhere --output "$SVC_DIR/x.json"
expect_fail "unknown subcommand 'eat'" badges eat
"${CTL[@]}" badges enroll --agency ubnd-x --person CB01 --uid BEEF --yes > /dev/null
expect_fail "badge BEEF already belongs to CB01" badges enroll --agency ubnd-x --person CB02 --uid beef --yes
[ "$(psql_q "SELECT count(*) FROM attend.badge")" = $((before + 1)) ] || fail "bad input wrote something"
echo "ok: enrolment by tapping, cache export + reload greets by name (reader and MQTT), reassign with history, revoke, 7 bad inputs refused"
