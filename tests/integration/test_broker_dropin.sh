#!/usr/bin/env bash
# config/mosquitto.conf works as a drop-in beside Debian's stock mosquitto.conf: a real
# mosquitto starts from a copy of /etc/mosquitto/mosquitto.conf (its pid file, persistence
# folder, log file and include_dir pointed into the test's folder) with our drop-in in that
# conf.d, and serves both listeners: TLS with a client certificate (an edge) and plain on
# loopback with a name and password (the summary); the plain listener refuses anonymous clients.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/pki.sh"
svc_init broker-dropin
fail() { echo "FAIL: $*"; exit 1; }
STOCK=${STOCK_MOSQUITTO_CONF:-/etc/mosquitto/mosquitto.conf}
[ -r "$STOCK" ] || fail "no stock $STOCK (Debian's mosquitto package)"
pki_init
pki_cert gate-a

M=$SVC_DIR/mosq
mkdir -p "$M/conf.d" "$M/lib" "$M/log" "$M/run"
# As root mosquitto becomes user "mosquitto" before it writes its pid, log and persistence.
[ "$(id -u)" = 0 ] && chown mosquitto "$M/lib" "$M/log" "$M/run"
sed -e "s|^pid_file .*|pid_file $M/run/mosquitto.pid|" \
    -e "s|^persistence_location .*|persistence_location $M/lib/|" \
    -e "s|^log_dest file .*|log_dest file $M/log/mosquitto.log|" \
    -e "s|^include_dir .*|include_dir $M/conf.d|" "$STOCK" > "$M/mosquitto.conf"
# the copy must still be the stock file in all but those paths
[ "$(grep -c -v '^#\|^$' "$M/mosquitto.conf")" = "$(grep -c -v '^#\|^$' "$STOCK")" ] || fail "stock file copy"
for k in pid_file persistence_location log_dest include_dir; do
	grep -q "^$k $M" "$M/mosquitto.conf" || grep -q "^$k file $M" "$M/mosquitto.conf" || fail "the stock file has no '$k' line to point into the test folder"
done
TLS_PORT=$(free_port); PLAIN_PORT=$(free_port)
BROKER_USERS="summary:s3cret" shipped_broker_conf "$TLS_PORT" "$PLAIN_PORT" > "$M/conf.d/attendd.conf"
start_bg mosquitto mosquitto -c "$M/mosquitto.conf"
MPID=$BG_PID
wait_for 10 "echo > /dev/tcp/127.0.0.1/$TLS_PORT && echo > /dev/tcp/127.0.0.1/$PLAIN_PORT" ||
	fail "mosquitto did not start with the stock file and the drop-in: $(cat "$SVC_DIR/mosquitto.log" "$M/log/mosquitto.log" 2>/dev/null | tail -5)"
kill -0 "$MPID" || fail "mosquitto exited"
echo "  ok  mosquitto starts from the stock mosquitto.conf + our drop-in (no duplicate setting)"

# TLS: an edge with its certificate publishes its status (the ACL lets it) and reads it back
# through a subscriber on loopback.
mqtt_sub st -h 127.0.0.1 -p "$PLAIN_PORT" -u summary -P s3cret -V mqttv5 -q 1 -t 'attend/v1/#'
out=$(mosquitto_pub -h 127.0.0.1 -p "$TLS_PORT" --cafile "$PKI/ca.pem" --cert "$PKI/gate-a.crt" --key "$PKI/gate-a.key" \
	-V mqttv5 -q 1 -t attend/v1/hq/gate-a/tap -m '{"v":1}' 2>&1) || fail "TLS client: $out"
grep -q "Not authorized" <<< "$out" && fail "the edge's own tap was refused: $out"
echo "  ok  a TLS client with its certificate connects and publishes on 8883's stand-in"
# the plain listener: the summary login publishes its summary; anonymous is refused
out=$(mosquitto_pub -h 127.0.0.1 -p "$PLAIN_PORT" -u summary -P s3cret -V mqttv5 -q 1 -r \
	-t attend/v1/ubnd-x/summary/2026-10 -m '{"v":1}' 2>&1) || fail "plain client: $out"
grep -q "Not authorized" <<< "$out" && fail "the summary was refused: $out"
if mosquitto_pub -h 127.0.0.1 -p "$PLAIN_PORT" -V mqttv5 -q 1 -t attend/v1/x -m x >/dev/null 2>&1; then
	fail "an anonymous client was taken on the loopback listener"
fi
echo "  ok  the loopback listener takes a name and password (summary) and refuses anonymous clients"
grep -q "^listener 1883 127.0.0.1$" "$SVC_ROOT/config/mosquitto.conf" || fail "the shipped plain listener is not loopback-only"
echo "ok: the drop-in works beside Debian's stock mosquitto.conf: TLS on 8883, plain on loopback 1883 with passwords"
