#!/usr/bin/env bash
# scripts/attend-pki makes a PKI that works as printed: its install lines (with /etc moved into
# the test's folder) put the files where config/mosquitto.conf and attendd.ini look; a real
# mosquitto with the shipped drop-in and ACL takes them; attendd with its edge certificate (the
# key handed over as a systemd credential, %d/attendd-mqtt.key) gets a tap to a recorder login
# made by the script, and the monitor login reads its status but not its door feedback (which
# names the person); with the edge's certificate a publish on its own topic is accepted, on
# another edge's refused.  Keys are mode 600 and not overwritten without --force.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init pki
fail() { echo "FAIL: $*"; exit 1; }
PKI_SH=$SVC_ROOT/scripts/attend-pki
P=$SVC_DIR/site-ca
R=$SVC_DIR/root   # stands for / of the broker's and the edges' hosts

# The script is POSIX sh: run it with dash, as Debian's /bin/sh would.
run_pki() { dash "$PKI_SH" "$@" 2>"$SVC_DIR/pki.err" || { cat "$SVC_DIR/pki.err"; return 1; }; }
# apply OUT: the printed install lines, /etc moved under $R
apply() { grep '^install ' <<< "$1" | sed "s| /etc/| $R/etc/|g" | sh -e; }

out=$(run_pki init "$P" --ip 127.0.0.1 --dns localhost) || fail "init"
apply "$out"
for e in gate-a gate-b; do o=$(run_pki edge "$P" "$e") || fail "edge $e"; apply "$o"; done
edge_out=$(run_pki edge "$P" gate-a --force) || fail "edge gate-a --force"   # the printout of gate-a (new key)
apply "$edge_out"
rec_out=$(run_pki service "$P" recorder-rec-1) || fail "service recorder-rec-1"
apply "$rec_out"
run_pki service "$P" monitor > /dev/null || fail "service monitor"
for k in "$P"/*.key; do [ "$(stat -c %a "$k")" = 600 ] || fail "$k is mode $(stat -c %a "$k")"; done
[ "$(stat -c %a "$R/etc/credstore/attendd-mqtt.key")" = 600 ] || fail "installed edge key mode"
[ "$(stat -c %a "$R/etc/credstore")" = 700 ] || fail "/etc/credstore is not mode 700"
[ "$(stat -c %U:%a "$R/etc/mosquitto/attendd/broker.key")" = "mosquitto:600" ] || fail "installed broker key: $(stat -c %U:%a "$R/etc/mosquitto/attendd/broker.key")"
openssl x509 -in "$P/gate-a.crt" -noout -subject | grep -q "CN *= *gate-a$" || fail "gate-a's CN"
openssl x509 -in "$P/broker.crt" -noout -ext subjectAltName | grep -q "IP Address:127.0.0.1" || fail "broker SAN"
# every credential the printouts name is one its unit loads
for pair in "attendd.service:$edge_out" "attend-recorder.service:$rec_out"; do
	unit=${pair%%:*}
	names=$(sed -n 's|^#   tls_key = %d/||p' <<< "${pair#*:}")
	[ -n "$names" ] || fail "no %d/ key in the printout for $unit"
	for n in $names; do
		grep -qx "LoadCredential=$n" "$SVC_ROOT/systemd/$unit" || fail "$unit does not load the credential $n the printout names"
	done
done
echo "  ok  init, 2 edges and a recorder login: keys mode 600, files installed where printed"

# keys are never overwritten without --force; refused names
before=$(sha256sum "$P/gate-b.key")
if dash "$PKI_SH" edge "$P" gate-b >/dev/null 2>"$SVC_DIR/again.err"; then fail "gate-b's key was made again"; fi
grep -q "gate-b.key exists; not overwritten" "$SVC_DIR/again.err" || fail "unclear refusal: $(cat "$SVC_DIR/again.err")"
[ "$(sha256sum "$P/gate-b.key")" = "$before" ] || fail "gate-b's key changed"
if dash "$PKI_SH" edge "$P" summary >/dev/null 2>&1; then fail "an edge named like the summary login"; fi
if dash "$PKI_SH" edge "$P" 'a/b' >/dev/null 2>&1; then fail "an edge id with '/'"; fi
if dash "$PKI_SH" service "$P" gate-c >/dev/null 2>&1; then fail "a service login the ACL does not know"; fi
echo "  ok  an existing key is kept without --force; an edge named 'summary' or 'a/b', a login 'gate-c' are refused"

# The broker: the shipped drop-in as installed, only its ports and /etc moved.
TLS_PORT=$(free_port)
cp "$SVC_ROOT/config/mosquitto.acl" "$R/etc/mosquitto/attendd/acl"
: > "$R/etc/mosquitto/attendd/passwd"
chmod 755 "$R" "$R/etc" "$R/etc/mosquitto" "$R/etc/mosquitto/attendd"
sed -e "s|^listener 8883$|listener $TLS_PORT 127.0.0.1|;s|^listener 1883 127.0.0.1$|listener $(free_port) 127.0.0.1|" \
    -e "s|/etc/mosquitto/|$R/etc/mosquitto/|" "$SVC_ROOT/config/mosquitto.conf" > "$SVC_DIR/mosquitto.conf"
printf 'log_dest stderr\n' >> "$SVC_DIR/mosquitto.conf"
start_bg mosquitto mosquitto -c "$SVC_DIR/mosquitto.conf"
wait_for 10 "echo > /dev/tcp/127.0.0.1/$TLS_PORT" || { cat "$SVC_DIR/mosquitto.log"; fail "mosquitto did not start with the script's files"; }

# the recorder login (its files as printed) reads every tap
RK=$R/etc/credstore/attend-recorder-mqtt.key
mqtt_sub taps -h 127.0.0.1 -p "$TLS_PORT" --cafile "$R/etc/attendd/tls/ca.pem" --cert "$R/etc/attendd/tls/recorder-rec-1.crt" \
	--key "$RK" -V mqttv5 -q 1 -t 'attend/v1/+/+/tap' || fail "the recorder login cannot subscribe"

# monitoring reads everything it may: status, never the feedback (it names the person)
mqtt_sub mon -h 127.0.0.1 -p "$TLS_PORT" --cafile "$P/ca.pem" --cert "$P/monitor.crt" --key "$P/monitor.key" \
	-V mqttv5 -q 1 -t 'attend/v1/#' || fail "the monitor login cannot subscribe"

# attendd with the [mqtt] lines the script printed; the key through a credentials folder as
# systemd makes it (LoadCredential=attendd-mqtt.key: a copy of /etc/credstore's, mode 400).
echo '{"badges":[]}' > "$SVC_DIR/badges.json"
MQTT_PORT=$TLS_PORT
write_edge_ini gate-a hq in:in
sed -n 's/^#   \(tls_[a-z]* = .*\)/\1/p' <<< "$edge_out" | sed "s| /etc/| $R/etc/|" > "$SVC_DIR/tls.lines"
[ "$(wc -l < "$SVC_DIR/tls.lines")" = 3 ] || fail "the edge printout has no tls_ca, tls_cert, tls_key lines: $edge_out"
sed -i "/^reconnect_max/r $SVC_DIR/tls.lines" "$SVC_DIR/gate-a.ini"
CRED=$SVC_DIR/credentials
mkdir -m 700 "$CRED"
install -m 400 "$R/etc/credstore/attendd-mqtt.key" "$CRED/attendd-mqtt.key"
CREDENTIALS_DIRECTORY=$CRED "$BIN/attendd" -n -c "$SVC_DIR/gate-a.ini" > "$SVC_DIR/check.log" 2>&1 ||
	fail "attendd -n with the script's files: $(cat "$SVC_DIR/check.log")"
CREDENTIALS_DIRECTORY=$CRED start_bg gate-a "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"
wait_for 15 'grep -q "mqtt: connected" "$SVC_DIR/gate-a.log"' || fail "attendd did not connect over TLS: $(tail -5 "$SVC_DIR/gate-a.log" "$SVC_DIR/mosquitto.log")"
echo "2026-11-23T07:28:00+07:00 04A1B2C3" > "$SVC_DIR/gate-a-in.fifo"
wait_for 15 'grep -q "attend/v1/hq/gate-a/tap .*04A1B2C3" "$SVC_DIR/taps.out"' || fail "gate-a's tap did not reach the recorder login"
wait_for 15 'grep -q "attend/v1/hq/gate-a/status .*\"next_seq\":2" "$SVC_DIR/mon.out"' || fail "the monitor login got no status after the tap"
grep -q "/feedback" "$SVC_DIR/mon.out" && fail "the monitor login read the door feedback: $(grep /feedback "$SVC_DIR/mon.out" | head -1)"
grep -q "/tap" "$SVC_DIR/mon.out" && fail "the monitor login read a tap"
echo "  ok  the monitor login (attend-pki service monitor) reads gate-a's status, not its taps nor its feedback (the person's name)"
echo "  ok  attendd with the edge certificate (key as a credential, %d/attendd-mqtt.key): its tap reached the recorder login"

# gate-b's certificate: its own tap topic accepted, gate-a's refused (MQTT v5 PUBACK reason)
pub() { mosquitto_pub -h 127.0.0.1 -p "$TLS_PORT" --cafile "$R/etc/attendd/tls/ca.pem" --cert "$R/etc/attendd/tls/gate-b.crt" \
	--key "$P/gate-b.key" -V mqttv5 -q 1 -t "$1" -m "$2" 2>&1; }
out=$(pub attend/v1/hq/gate-a/tap FORGED-B) || fail "mosquitto_pub: $out"
grep -q "Not authorized" <<< "$out" || fail "gate-b publishing on gate-a's topic was not refused: $out"
out=$(pub attend/v1/hq/gate-b/tap OWN-B) || fail "mosquitto_pub: $out"
grep -q "Not authorized" <<< "$out" && fail "gate-b's own topic was refused: $out"
wait_for 10 'grep -q "attend/v1/hq/gate-b/tap OWN-B" "$SVC_DIR/taps.out"' || fail "gate-b's own tap was not delivered"
grep -q FORGED-B "$SVC_DIR/taps.out" && fail "the forged tap was delivered"
echo "ok: attend-pki's CA, broker and client certificates work as printed (TLS broker, edge, recorder; the ACL by CN)"
