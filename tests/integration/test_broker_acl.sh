#!/usr/bin/env bash
# A publish the broker refuses is an error, and the shipped ACL lets every publisher and
# subscriber of the project do its job and nothing more.
#  1. a broker whose ACL refuses the acks: the recorder logs the refusal naming the topic, the
#     edge's tap stays in its journal (never released on a broker PUBACK);
#  2. the same broker refuses another edge's taps: attendd logs it naming the topic, and the
#     tap stays in the journal, not in the database;
#  3. the shipped config and ACL over TLS: `attendctl summary run --publish` as a login the ACL
#     does not know exits non-zero naming the topic; as "summary" it arrives, retained;
#  4. "web" reads the status and the summary, "monitor" the status only, neither can publish.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/pki.sh"
svc_init broker-acl
scenario_until 2026-10-31
fail() { echo "FAIL: $*"; exit 1; }
pg_start
days_setup 2
echo '{"badges":[]}' > "$SVC_DIR/badges.json"

# --- 1 and 2: a plain broker whose ACL (anonymous rules) refuses acks and gate-b's taps ----
MQTT_PORT=$(free_port)
cat > "$SVC_DIR/strict.acl" <<ACL
topic write attend/v1/hq/gate-a/tap
topic write attend/v1/+/+/status
topic read  attend/v1/+/+/ack
topic read  \$share/recorders/attend/v1/+/+/tap
topic read  attend/v1/+/+/tap
ACL
cat > "$SVC_DIR/strict.conf" <<CONF
per_listener_settings false
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
acl_file $SVC_DIR/strict.acl
persistence false
log_dest stderr
log_type error
log_type warning
CONF
start_bg strict-broker mosquitto -c "$SVC_DIR/strict.conf"
STRICT_PID=$BG_PID
wait_for 10 "echo > /dev/tcp/127.0.0.1/$MQTT_PORT" || { cat "$SVC_DIR/strict-broker.log"; fail "broker"; }
RESEND_AFTER=1 write_edge_ini gate-a hq in:in
RESEND_AFTER=1 write_edge_ini gate-b hq in:in
write_recorder_ini rec1
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"
start_bg gate-a "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"
start_bg gate-b "$BIN/attendd" -d -c "$SVC_DIR/gate-b.ini"
wait_for 15 'grep -q "mqtt: connected" "$SVC_DIR/gate-a.log" && grep -q "mqtt: connected" "$SVC_DIR/gate-b.log" && grep -q "mqtt: connected" "$SVC_DIR/rec1.log"' ||
	{ tail -5 "$SVC_DIR"/{gate-a,gate-b,rec1}.log; fail "not connected"; }

mqtt_sub taps -h 127.0.0.1 -p "$MQTT_PORT" -V mqttv5 -q 1 -t attend/v1/hq/gate-a/tap
mqtt_sub acks -h 127.0.0.1 -p "$MQTT_PORT" -V mqttv5 -q 1 -t attend/v1/hq/gate-a/ack
echo "2026-10-20T07:28:00+07:00 B1" > "$SVC_DIR/gate-a-in.fifo"
wait_for 15 '[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE edge_id = '"'gate-a'"'")" = 1 ]' ||
	fail "gate-a's tap did not reach the database"
wait_for 10 'grep -q "refused the ack on attend/v1/hq/gate-a/ack: Not authorized" "$SVC_DIR/rec1.log"' ||
	fail "the recorder did not log the refused ack: $(tail -5 "$SVC_DIR/rec1.log")"
# The edge sends the tap again after resend_after (1 s): a second copy on the wire means the
# first ack was refused and the edge kept the tap instead of releasing it.
wait_for 10 '[ "$(grep -c "gate-a/tap .*\"seq\":1," "$SVC_DIR/taps.out")" -ge 2 ]' ||
	fail "gate-a did not send its tap again: $(cat "$SVC_DIR/taps.out")"
[ "$(journal_released gate-a)" = 0 ] || fail "gate-a released a tap whose ack the broker refused"
[ -s "$SVC_DIR/acks.out" ] && fail "a refused ack was delivered: $(cat "$SVC_DIR/acks.out")"
echo "  ok  an ack the ACL refuses: the recorder logs it with the topic, the edge keeps the tap"

echo "2026-10-20T07:29:00+07:00 B2" > "$SVC_DIR/gate-b-in.fifo"
wait_for 10 'grep -q "refused a tap on attend/v1/hq/gate-b/tap: Not authorized; taps stay in the journal" "$SVC_DIR/gate-b.log"' ||
	fail "gate-b did not log its refused tap: $(tail -5 "$SVC_DIR/gate-b.log")"
[ "$(journal_released gate-b)" = 0 ] || fail "gate-b released a refused tap"
[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE edge_id = 'gate-b'")" = 0 ] || fail "a refused tap is in the database"
# taps are not lost: with the ACL fixed (a SIGHUP re-reads it), the tap goes through at the next resend
echo 'topic write attend/v1/hq/gate-b/tap' >> "$SVC_DIR/strict.acl"
kill -HUP "$STRICT_PID"
wait_for 15 '[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE edge_id = '"'gate-b'"'")" = 1 ]' ||
	fail "gate-b's journaled tap did not arrive once the ACL let it"
echo "  ok  a tap the ACL refuses: logged with the topic, kept in the journal, delivered once allowed"
kill -TERM "${SVC_PIDS[@]}" 2>/dev/null || true
wait "${SVC_PIDS[@]}" 2>/dev/null || true
SVC_PIDS=()

# --- 3 and 4: the shipped config and ACL, TLS, one certificate per login -----------------
pki_init
for cn in gate-a summary web monitor intruder; do pki_cert "$cn"; done
MQTT_PORT=$(free_port)
shipped_broker_conf "$MQTT_PORT" "$(free_port)" > "$SVC_DIR/mosquitto.conf"
printf 'log_dest stderr\nlog_type error\nlog_type warning\n' >> "$SVC_DIR/mosquitto.conf"
start_bg mosquitto mosquitto -c "$SVC_DIR/mosquitto.conf"
wait_for 10 "echo > /dev/tcp/127.0.0.1/$MQTT_PORT" || { cat "$SVC_DIR/mosquitto.log"; fail "broker"; }

sub() {   # sub NAME CN TOPIC: a mosquitto_sub with that certificate
	mqtt_sub "$1" -h 127.0.0.1 -p "$MQTT_PORT" --cafile "$PKI/ca.pem" --cert "$PKI/$2.crt" \
		--key "$PKI/$2.key" -V mqttv5 -q 1 -t "$3"
}
sub web web 'attend/v1/#'
sub monitor monitor 'attend/v1/#'
write_edge_ini gate-a hq in:in
sed -i "/^reconnect_max/r /dev/stdin" "$SVC_DIR/gate-a.ini" <<< "$(tls_opts gate-a)"
start_bg gate-a2 "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"
wait_for 15 'grep -q "attend/v1/hq/gate-a/status" "$SVC_DIR/monitor.out"' || fail "monitor does not read an edge's status"
wait_for 5 'grep -q "attend/v1/hq/gate-a/status" "$SVC_DIR/web.out"' || fail "web does not read an edge's status"

summary_ini() {   # summary_ini CN: the [mqtt] section of summary.ini with that certificate
	printf '[mqtt]\nhost = 127.0.0.1\nport = %s\n%s\n' "$MQTT_PORT" "$(tls_opts "$1")" > "$SVC_DIR/summary-$1.ini"
}
summary_ini intruder
summary_ini summary
TOPIC=attend/v1/ubnd-x/summary/2026-10
if out=$("$BIN/attendctl" -d "$SUMMARY_DB" summary run --agency ubnd-x --month 2026-10 --as-of 2026-10-30 \
	--output-dir "$SVC_DIR/out1" --publish --mqtt-config "$SVC_DIR/summary-intruder.ini" 2>&1); then
	fail "a summary publish the broker refused exited 0: $out"
fi
grep -q "refused the publish to $TOPIC: Not authorized" <<< "$out" || fail "the refusal does not name the topic: $out"
echo "  ok  a refused summary publish exits non-zero: $(grep refused <<< "$out" | cut -c1-110)..."

"$BIN/attendctl" -d "$SUMMARY_DB" summary run --agency ubnd-x --month 2026-10 --as-of 2026-10-30 \
	--output-dir "$SVC_DIR/out2" --publish --mqtt-config "$SVC_DIR/summary-summary.ini" > "$SVC_DIR/run.txt" 2>&1 ||
	fail "summary with the shipped ACL: $(cat "$SVC_DIR/run.txt")"
wait_for 10 'grep -q " $TOPIC {" "$SVC_DIR/web.out"' || fail "the summary did not reach web"
# retained: a subscriber that comes later gets it too
sub web-late web "attend/v1/+/summary/+"
wait_for 10 'grep -q " $TOPIC {" "$SVC_DIR/web-late.out"' || fail "the summary is not retained"
echo "  ok  the summary published as 'summary' with the shipped ACL arrives, retained"
# two brokers listed, the first not there: attendctl says so and publishes on the second
dead=$(free_port)
sed "s/^host = .*/host = 127.0.0.1:$dead, 127.0.0.1/" "$SVC_DIR/summary-summary.ini" > "$SVC_DIR/summary-two.ini"
n0=$(grep -c " $TOPIC {" "$SVC_DIR/web.out")
"$BIN/attendctl" -d "$SUMMARY_DB" summary run --agency ubnd-x --month 2026-10 --as-of 2026-10-30 \
	--output-dir "$SVC_DIR/out3" --publish --mqtt-config "$SVC_DIR/summary-two.ini" > "$SVC_DIR/run3.txt" 2>&1 ||
	fail "summary with the first broker not there: $(cat "$SVC_DIR/run3.txt")"
grep -q "on 127.0.0.1:$dead failed: not connected to the broker" "$SVC_DIR/run3.txt" &&
	grep -q "trying the next broker" "$SVC_DIR/run3.txt" || fail "the broker not there is not named: $(cat "$SVC_DIR/run3.txt")"
wait_for 10 '[ "$(grep -c " $TOPIC {" "$SVC_DIR/web.out")" -gt '"$n0"' ]' || fail "the summary did not reach web through the second broker"
echo "  ok  two brokers, the first not there: the summary goes to the second"

# monitor's subscription to attend/v1/# is older than the summary: once it has had a status
# published after the summary (every 2 s), a summary it could read would have come before it.
n=$(wc -l < "$SVC_DIR/monitor.out")
wait_for 10 "[ \$(wc -l < '$SVC_DIR/monitor.out') -gt $n ]" || fail "monitor got no status after the summary"
grep -q "/summary/" "$SVC_DIR/monitor.out" && fail "monitor read a summary"
pub() {   # pub CN TOPIC: mosquitto_pub's report
	mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" --cafile "$PKI/ca.pem" --cert "$PKI/$1.crt" \
		--key "$PKI/$1.key" -V mqttv5 -q 1 -t "$2" -m x 2>&1 || true
}
for who in web monitor; do
	grep -q "Not authorized" <<< "$(pub $who attend/v1/hq/gate-a/status)" || fail "$who could publish a status"
done
grep -q "Not authorized" <<< "$(pub summary attend/v1/hq/gate-a/status)" || fail "summary could publish a status"
echo "  ok  web reads status and summaries, monitor the status only; neither publishes"
echo "ok: refused acks and taps logged and kept, refused summary exits non-zero, the shipped ACL serves every login"
