#!/usr/bin/env bash
# Transport security with the shipped broker config and ACL: TLS with client certificates whose
# CN is the MQTT user.  A tap goes end to end over TLS (edge gate-a -> recorder-rec-1 -> the
# database -> ack); edge gate-b cannot publish as gate-a nor read gate-a's acks; a client without
# a certificate is refused; a TLS key or password file readable by others stops the daemons.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/pki.sh"
svc_init tls
fail() { echo "FAIL: $*"; exit 1; }
pg_start
db_setup
psql_q "INSERT INTO attend.agency (code, name) VALUES ('ubnd-x', 'UBND xã X');
        INSERT INTO attend.site (id, agency_id, name) SELECT 'hq', id, 'Trụ sở' FROM attend.agency;"
echo '{"badges":[]}' > "$SVC_DIR/badges.json"

# A CA, the broker's certificate (for 127.0.0.1) and one per client, CN = MQTT user.
T=$SVC_DIR/tls
mkdir -p "$T"
ossl() { openssl "$@" 2>>"$SVC_DIR/openssl.log" || { cat "$SVC_DIR/openssl.log" >&2; exit 1; }; }
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
	-subj "/CN=attend test CA" -keyout "$T/ca.key" -out "$T/ca.pem"
cert() {   # cert CN [extension line]
	ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
		-keyout "$T/$1.key" -out "$T/$1.csr"
	printf '%s\n' "${2:-basicConstraints=CA:FALSE}" > "$T/$1.ext"
	ossl x509 -req -in "$T/$1.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial \
		-days 2 -extfile "$T/$1.ext" -out "$T/$1.crt"
	chmod 600 "$T/$1.key"
}
cert broker "subjectAltName=IP:127.0.0.1,DNS:localhost"
cert gate-a; cert gate-b; cert recorder-rec-1
chmod 644 "$T/broker.key"   # mosquitto drops root for its own user before it reads the key

# The shipped config and ACL, with only paths and ports changed (tests/lib/pki.sh).
MQTT_PORT=$(free_port)
PKI=$T
shipped_broker_conf "$MQTT_PORT" "$(free_port)" > "$SVC_DIR/mosquitto.conf"
grep -q "^listener $MQTT_PORT " "$SVC_DIR/mosquitto.conf" || fail "the shipped config has no 'listener 8883' line"
printf 'log_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n' >> "$SVC_DIR/mosquitto.conf"
start_bg mosquitto mosquitto -c "$SVC_DIR/mosquitto.conf"
wait_for 10 "echo > /dev/tcp/127.0.0.1/$MQTT_PORT" || { cat "$SVC_DIR/mosquitto.log"; fail "broker"; }

tls_opts() {   # tls_opts CN: the [mqtt] lines of a client with that certificate
	printf 'tls_ca = %s\ntls_cert = %s\ntls_key = %s\n' "$T/ca.pem" "$T/$1.crt" "$T/$1.key"
}
write_recorder_ini rec1
sed -i "/^reconnect_max/r /dev/stdin" "$SVC_DIR/rec1.ini" <<< "$(tls_opts recorder-rec-1)"
write_edge_ini gate-a hq in:in
sed -i "/^reconnect_max/r /dev/stdin" "$SVC_DIR/gate-a.ini" <<< "$(tls_opts gate-a)"
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"
start_bg gate-a "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"
wait_for 15 'grep -q "mqtt: connected" "$SVC_DIR/gate-a.log" && grep -q "mqtt: connected" "$SVC_DIR/rec1.log"' ||
	{ tail -5 "$SVC_DIR"/{gate-a,rec1,mosquitto}.log; fail "not connected over TLS"; }

sub() {   # sub NAME CN TOPIC...: a mosquitto_sub with that certificate, subscribed when this returns
	local name=$1 cn=$2; shift 2
	local t=(); for x in "$@"; do t+=(-t "$x"); done
	mqtt_sub "$name" -h 127.0.0.1 -p "$MQTT_PORT" --cafile "$T/ca.pem" --cert "$T/$cn.crt" \
		--key "$T/$cn.key" -V mqttv5 -q 1 "${t[@]}"
}
pub() {   # pub CN TOPIC PAYLOAD: mosquitto_pub's exit status
	mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" --cafile "$T/ca.pem" --cert "$T/$1.crt" \
		--key "$T/$1.key" -V mqttv5 -q 1 -t "$2" -m "$3" >>"$SVC_DIR/pub.log" 2>&1
}
sub b-snoop gate-b 'attend/v1/hq/gate-a/ack' 'attend/v1/#'
sub a-acks gate-a 'attend/v1/hq/gate-a/ack'
sub rec-taps recorder-rec-1 'attend/v1/+/+/tap'

# 1. a tap end to end over TLS
echo "2026-11-23T07:28:00+07:00 04A1B2C3" > "$SVC_DIR/gate-a-in.fifo"
wait_for 15 '[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE edge_id = '"'gate-a'"'")" = 1 ]' ||
	fail "the tap did not reach the database over TLS"
wait_for 10 '[ "$(journal_released gate-a)" = 1 ]' || fail "gate-a got no ack over TLS"
wait_for 5 'grep -q "attend/v1/hq/gate-a/ack" "$SVC_DIR/a-acks.out"' || fail "gate-a cannot read its own ack"
echo "  ok  a tap went gate-a -> broker (TLS, client cert) -> recorder-rec-1 -> database, ack back"

# 2. gate-b publishes as gate-a: refused by the ACL, never delivered, never stored.  Its own
# tap, sent the same way, does arrive (so the refusal is the ACL, not a broken client).
tap() {   # tap EDGE SEQ UID
	printf '{"v":1,"edge":"%s","site":"hq","epoch":"0d4f7a52-3c1e-4b8e-9a55-6f2b1d3c4e5f","seq":%s,"reader":"in","direction":"in","uid":"%s","at":"2026-11-23T00:29:00Z","known":false,"duplicate":false,"sent":"2026-11-23T00:29:00Z"}' "$1" "$2" "$3"
}
# The forged tap goes first: a broker delivers one subscriber's messages in the order it
# accepted them, so once the control tap is in the database a forged tap let through would be
# there (or among the rejected payloads) too.
# The broker answers the forged publish with "not authorized" (MQTT v5 PUBACK reason code);
# mosquitto_pub 2.0 reports it as a warning and still exits 0.
pub gate-b attend/v1/hq/gate-a/tap "$(tap gate-a 99 5B00F000)" || fail "mosquitto_pub of the forged tap: $(cat "$SVC_DIR/pub.log")"
grep -q "Publish 1 failed: Not authorized" "$SVC_DIR/pub.log" || fail "the broker did not refuse the forged publish: $(cat "$SVC_DIR/pub.log")"
pub gate-b attend/v1/hq/gate-b/tap "$(tap gate-b 1 B0000001)" || fail "gate-b's own tap: $(cat "$SVC_DIR/pub.log")"
wait_for 10 '[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE uid = '"'B0000001'"'")" = 1 ]' ||
	fail "gate-b's own tap did not arrive (the control)"
wait_for 10 'grep -q B0000001 "$SVC_DIR/rec-taps.out"' || fail "the control tap was not delivered to a subscriber"
[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE uid = '5B00F000'")" = 0 ] || fail "gate-b's forged gate-a tap is in the database"
[ "$(psql_q "SELECT count(*) FROM attend.rejected_payload")" = 0 ] || fail "the forged tap reached the recorder"
grep -q 5B00F000 "$SVC_DIR/rec-taps.out" && fail "the forged tap was delivered to a subscriber"
grep -q B0000001 "$SVC_DIR/rec-taps.out" || fail "the control tap was not delivered"
echo "  ok  gate-b publishing on gate-a's tap topic: refused, not delivered, not in the database"

# 3. gate-b cannot read gate-a's acks (nor anything of gate-a), even subscribed to attend/v1/#
wait_for 5 'grep -q "attend/v1/hq/gate-b/ack" "$SVC_DIR/b-snoop.out"' ||
	fail "gate-b did not get the ack of its own tap (the control: the snooper is connected)"
grep -q "gate-a" "$SVC_DIR/b-snoop.out" && fail "gate-b read gate-a's traffic: $(grep gate-a "$SVC_DIR/b-snoop.out" | head -3)"
echo "  ok  gate-b subscribed to gate-a's ack topic and attend/v1/#: received only its own ack"

# 4. no certificate, no connection
if mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" --cafile "$T/ca.pem" -q 1 -t attend/v1/hq/gate-a/tap \
	-m x >>"$SVC_DIR/pub.log" 2>&1; then fail "a client without a certificate could publish"; fi
echo "  ok  a client without a certificate is refused"

# 5. credentials open to others stop both daemons at start-up (and -n), naming file and fix
cp "$T/gate-a.key" "$T/loose.key"; chmod 644 "$T/loose.key"
sed "s|^tls_key = .*|tls_key = $T/loose.key|" "$SVC_DIR/gate-a.ini" > "$SVC_DIR/loose-edge.ini"
for args in "-n" "-d"; do
	if out=$(timeout 10 "$BIN/attendd" $args -c "$SVC_DIR/loose-edge.ini" 2>&1); then fail "attendd $args started with a world-readable key"; fi
	grep -q "tls_key '$T/loose.key' is readable by others (mode 0644).*chmod 600" <<< "$out" ||
		fail "attendd $args: unclear refusal: $out"
done
echo "secret" > "$T/loose.pw"; chmod 644 "$T/loose.pw"
sed "/^reconnect_max/a username = rec1\npassword_file = $T/loose.pw" "$SVC_DIR/rec1.ini" > "$SVC_DIR/loose-rec.ini"
if out=$(timeout 10 "$BIN/attend-recorder" -d -c "$SVC_DIR/loose-rec.ini" 2>&1); then fail "the recorder started with a world-readable password file"; fi
grep -q "password_file '$T/loose.pw' is readable by others.*chmod 600" <<< "$out" || fail "recorder: unclear refusal: $out"
echo "  ok  a world-readable tls_key (attendd) or password_file (recorder) is refused: $(echo "$out" | head -n 1 | cut -c1-90)..."
echo "ok: TLS end to end, forged publish refused, acks private, no cert no entry, loose credentials refused"
