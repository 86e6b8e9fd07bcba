#!/usr/bin/env bash
# `attendd -n` and `attend-recorder -n` check every file the configuration names, each conninfo,
# and with --online the broker and the database as the configured identity.  Each problem names
# the config file and line, the option and the file:
#  - a missing tls_cert; an expired certificate (made here with `openssl ca`); a key that is not
#    the certificate's;
#  - `conninfo = hostt=x` (refused at load, with file:line, -n or not);
#  - --online against the test's broker and database: accepted; then a wrong database password
#    and a wrong broker password: refused, naming what refused.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/pki.sh"
svc_init config-check
fail() { echo "FAIL: $*"; exit 1; }
pg_start
db_setup
pki_init
pki_cert gate-a; pki_cert gate-b
echo '{"badges":[]}' > "$SVC_DIR/badges.json"

# A broker that wants a name and password (mosquitto's password file), on loopback.
MQTT_PORT=$(free_port)
printf 'rec1-pw\n' > "$SVC_DIR/rec1.pw"; printf 'wrong\n' > "$SVC_DIR/wrong.pw"; chmod 600 "$SVC_DIR"/*.pw
: > "$SVC_DIR/passwd"; mosquitto_passwd -b "$SVC_DIR/passwd" rec1 rec1-pw
chmod 644 "$SVC_DIR/passwd"   # mosquitto drops root for its own user before it reads it
cat > "$SVC_DIR/mosquitto.conf" <<CONF
per_listener_settings false
listener $MQTT_PORT 127.0.0.1
allow_anonymous false
password_file $SVC_DIR/passwd
persistence false
log_dest stderr
log_type error
CONF
start_bg mosquitto mosquitto -c "$SVC_DIR/mosquitto.conf"
wait_for 10 "echo > /dev/tcp/127.0.0.1/$MQTT_PORT" || { cat "$SVC_DIR/mosquitto.log"; fail "broker"; }

# 1. attendd: a tls_cert that is not there
write_edge_ini gate-a hq in:in
sed -i "/^reconnect_max/r /dev/stdin" "$SVC_DIR/gate-a.ini" <<< "$(tls_opts gate-a)"
"$BIN/attendd" -n -c "$SVC_DIR/gate-a.ini" > /dev/null || fail "a good edge config does not pass -n"
sed "s|^tls_cert = .*|tls_cert = $PKI/nothere.crt|" "$SVC_DIR/gate-a.ini" > "$SVC_DIR/nocert.ini"
line=$(grep -n '^tls_cert' "$SVC_DIR/nocert.ini" | cut -d: -f1)
if out=$("$BIN/attendd" -n -c "$SVC_DIR/nocert.ini" 2>&1); then fail "attendd -n passed a missing tls_cert: $out"; fi
grep -q "^attendd: $SVC_DIR/nocert.ini:$line: \[mqtt\] tls_cert '$PKI/nothere.crt': No such file or directory" <<< "$out" ||
	fail "the missing tls_cert is not named with file:line: $out"
echo "  ok  missing tls_cert: $(head -n 1 <<< "$out" | sed "s|$SVC_DIR/||g")"

# 2. an expired certificate, signed by the test CA with dates in the past
mkdir -p "$PKI/ca-db/new"; : > "$PKI/ca-db/index.txt"; echo 1000 > "$PKI/ca-db/serial"
cat > "$PKI/ca.cnf" <<CNF
[ca]
default_ca = d
[d]
database = $PKI/ca-db/index.txt
new_certs_dir = $PKI/ca-db/new
serial = $PKI/ca-db/serial
default_md = sha256
policy = p
[p]
commonName = supplied
CNF
pki_ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=gate-a" -keyout "$PKI/old.key" -out "$PKI/old.csr"
chmod 600 "$PKI/old.key"
pki_ossl ca -batch -config "$PKI/ca.cnf" -cert "$PKI/ca.pem" -keyfile "$PKI/ca.key" \
	-startdate 20200101000000Z -enddate 20200201000000Z -in "$PKI/old.csr" -out "$PKI/old.crt"
sed -e "s|^tls_cert = .*|tls_cert = $PKI/old.crt|" -e "s|^tls_key = .*|tls_key = $PKI/old.key|" \
	"$SVC_DIR/gate-a.ini" > "$SVC_DIR/expired.ini"
if out=$("$BIN/attendd" -n -c "$SVC_DIR/expired.ini" 2>&1); then fail "attendd -n passed an expired certificate: $out"; fi
grep -q "expired.ini:$line: \[mqtt\] tls_cert '$PKI/old.crt': certificate 1 (/CN=gate-a) expired on 2020-02-01 00:00:00 UTC" <<< "$out" ||
	fail "the expired certificate is not named: $out"
echo "  ok  expired certificate: $(head -n 1 <<< "$out" | sed "s|$SVC_DIR/||g")"
# a key that belongs to another certificate
sed "s|^tls_key = .*|tls_key = $PKI/gate-b.key|" "$SVC_DIR/gate-a.ini" > "$SVC_DIR/otherkey.ini"
if out=$("$BIN/attendd" -n -c "$SVC_DIR/otherkey.ini" 2>&1); then fail "attendd -n passed another certificate's key"; fi
grep -q "\[mqtt\] tls_key '$PKI/gate-b.key': this key does not belong to the certificate $PKI/gate-a.crt" <<< "$out" ||
	fail "the wrong key is not named: $out"
echo "  ok  a key that is not the certificate's is named"

# the metrics file's folder: a file in its place is a problem; a folder not made yet is only
# a note (systemd makes the RuntimeDirectory before ExecStartPre's -n)
: > "$SVC_DIR/notafolder"
sed "/^\[edge\]/a metrics_file = $SVC_DIR/notafolder/attendd.prom" "$SVC_DIR/gate-a.ini" > "$SVC_DIR/metrics.ini"
mline=$(grep -n '^metrics_file' "$SVC_DIR/metrics.ini" | cut -d: -f1)
if out=$("$BIN/attendd" -n -c "$SVC_DIR/metrics.ini" 2>&1); then fail "attendd -n passed a metrics folder that is a file: $out"; fi
grep -q "metrics.ini:$mline: \[edge\] metrics_file '$SVC_DIR/notafolder/attendd.prom': '$SVC_DIR/notafolder' is not a folder" <<< "$out" ||
	fail "the metrics folder is not named: $out"
sed "/^\[edge\]/a metrics_file = $SVC_DIR/later/attendd.prom" "$SVC_DIR/gate-a.ini" > "$SVC_DIR/metrics.ini"
out=$("$BIN/attendd" -n -c "$SVC_DIR/metrics.ini" 2>&1) || fail "a metrics folder made at start refused: $out"
grep -q "its folder '$SVC_DIR/later' does not exist yet" <<< "$out" || fail "no note for the folder made at start: $out"
echo "  ok  the metrics file's folder is checked"

# the files the readers open: a sim reader's missing path and a missing GPIO chip are problems
# naming [reader.ID] and the option; a wedge or serial NFC device not plugged in is only a note;
# a device the service user may not read is a problem (checked as attendtest, as the unit would)
cat > "$SVC_DIR/readers.ini" <<INI
[edge]
id = gate-r
site = hq
journal_dir = $SVC_DIR/gate-r/journal
log = stderr
[mqtt]
host = 127.0.0.1
port = $MQTT_PORT
[reader.a]
driver = sim
path = $SVC_DIR/gone.fifo
gpio_accepted = gpiochip77:17
[reader.b]
driver = wedge
device = /dev/input/by-id/usb-not-plugged-event-kbd
[reader.c]
driver = nfc
connstring = pn532_uart:/dev/ttyNOTHERE0
INI
mkdir -p "$SVC_DIR/gate-r"
lno() { grep -n "^$1 " "$SVC_DIR/readers.ini" | cut -d: -f1; }
if out=$("$BIN/attendd" -n -c "$SVC_DIR/readers.ini" 2>&1); then fail "attendd -n passed readers whose files are missing: $out"; fi
grep -q "readers.ini:$(lno path): \[reader.a\] path '$SVC_DIR/gone.fifo': No such file or directory (uid $(id -u), needs read)" <<< "$out" || fail "the sim path: $out"
grep -q "readers.ini:$(lno gpio_accepted): \[reader.a\] gpio_accepted '/dev/gpiochip77': No such file or directory" <<< "$out" || fail "the GPIO chip: $out"
grep -q "readers.ini:$(lno device): \[reader.b\] device '/dev/input/by-id/usb-not-plugged-event-kbd' is not plugged in now" <<< "$out" || fail "the wedge note: $out"
grep -q "readers.ini:$(lno connstring): \[reader.c\] connstring '/dev/ttyNOTHERE0' is not plugged in now" <<< "$out" || fail "the NFC note: $out"
grep -q "readers.ini: 2 problem(s)" <<< "$out" || fail "two problems, two notes: $out"
sed "s|^path = $SVC_DIR/gone.fifo|path = $SVC_DIR|" "$SVC_DIR/readers.ini" > "$SVC_DIR/folder.ini"
if out=$("$BIN/attendd" -n -c "$SVC_DIR/folder.ini" 2>&1); then fail "attendd -n passed a reader path that is a folder: $out"; fi
grep -q "folder.ini:$(lno path): \[reader.a\] path '$SVC_DIR': a folder, not a device, a FIFO or a file" <<< "$out" || fail "a folder as path: $out"
if [ "$(id -u)" = 0 ]; then
	mkfifo "$SVC_DIR/root-only.fifo"; chmod 600 "$SVC_DIR/root-only.fifo"
	sed -e "s|$SVC_DIR/gone.fifo|$SVC_DIR/root-only.fifo|" -e '/^gpio_accepted/d' -e '/^\[reader.b\]/,$d' \
		-e "s|^journal_dir = .*|journal_dir = $SVC_DIR/gate-r-svc/journal|" "$SVC_DIR/readers.ini" > "$SVC_DIR/readers-svc.ini"
	mkdir -p "$SVC_DIR/gate-r-svc"; chown "$SVC_USER" "$SVC_DIR/gate-r-svc"
	if out=$(as_svc_user "$BIN/attendd" -n -c "$SVC_DIR/readers-svc.ini" 2>&1); then fail "a FIFO the service user cannot read passed: $out"; fi
	grep -q "\[reader.a\] path '$SVC_DIR/root-only.fifo': Permission denied (uid $(id -u "$SVC_USER"), needs read)" <<< "$out" ||
		fail "the unreadable FIFO: $out"
	as_svc_user test -r "$SVC_DIR/readers-svc.ini" || fail "fixture: the service user cannot read its config"
fi
echo "  ok  the readers' files: missing, not plugged in yet, not readable by the service user"

# 3. the recorder: conninfo = hostt=x
write_recorder_ini rec1
sed -i "s|^conninfo = .*|conninfo = hostt=x|" "$SVC_DIR/rec1.ini"
cline=$(grep -n '^conninfo' "$SVC_DIR/rec1.ini" | cut -d: -f1)
for args in -n -d; do
	if out=$(timeout 10 "$BIN/attend-recorder" $args -c "$SVC_DIR/rec1.ini" 2>&1); then fail "attend-recorder $args took conninfo = hostt=x"; fi
	grep -q "rec1.ini:$cline: option 'conninfo': 'hostt=x' does not parse: invalid connection option \"hostt\"" <<< "$out" ||
		fail "attend-recorder $args: the bad conninfo is not named with file:line: $out"
	grep -q ready <<< "$out" && fail "attend-recorder $args said ready"
done
echo "  ok  conninfo = hostt=x refused with file:line (-n and at start): $(head -n 1 <<< "$out" | sed "s|$SVC_DIR/||g")"

# 4. --online: the recorder as rec1 (database login with a password, broker user rec1)
psql_q "CREATE ROLE rec_pw LOGIN PASSWORD 'db-pw' IN ROLE attend_recorder"
# this role, and only it, must give its password (the test cluster trusts everyone else)
as_svc_user sed -i "1i host all rec_pw 127.0.0.1/32 scram-sha-256" "$SVC_DIR/pg/pg_hba.conf"
psql_q "SELECT pg_reload_conf()" >/dev/null
printf '127.0.0.1:%s:attend:rec_pw:db-pw\n' "$PGPORT" > "$SVC_DIR/pgpass"; chmod 600 "$SVC_DIR/pgpass"
write_recorder_ini rec1
sed -i -e "s|^conninfo = .*|conninfo = host=127.0.0.1 port=$PGPORT dbname=attend user=rec_pw passfile=$SVC_DIR/pgpass|" \
	-e "/^reconnect_max/a username = rec1\npassword_file = $SVC_DIR/rec1.pw" "$SVC_DIR/rec1.ini"
out=$("$BIN/attend-recorder" -n --online -c "$SVC_DIR/rec1.ini" 2>&1) || fail "--online with the right identities: $out"
grep -q "\[database\] the database answered: user rec_pw on database attend at 127.0.0.1:$PGPORT" <<< "$out" || fail "--online: the database's answer is not shown: $out"
grep -q "broker 127.0.0.1:$MQTT_PORT accepted this recorder's identity (rec1)" <<< "$out" || fail "--online: the broker's answer is not shown: $out"
echo "  ok  --online: $(grep -c "answered\|accepted" <<< "$out") answers (database as rec_pw, broker as rec1)"

printf '127.0.0.1:%s:attend:rec_pw:not-it\n' "$PGPORT" > "$SVC_DIR/pgpass"
if out=$("$BIN/attend-recorder" -n --online -c "$SVC_DIR/rec1.ini" 2>&1); then fail "--online passed a wrong database password"; fi
grep -q "rec1.ini:$cline: \[database\] conninfo the database did not take us: .*password authentication failed for user \"rec_pw\"" <<< "$out" ||
	fail "--online: the wrong database password is not named: $out"
echo "  ok  --online, wrong database password: $(head -n 1 <<< "$out" | sed "s|$SVC_DIR/||g" | cut -c1-120)"

printf '127.0.0.1:%s:attend:rec_pw:db-pw\n' "$PGPORT" > "$SVC_DIR/pgpass"
sed -i "s|^password_file = .*|password_file = $SVC_DIR/wrong.pw|" "$SVC_DIR/rec1.ini"
if out=$("$BIN/attend-recorder" -n --online -c "$SVC_DIR/rec1.ini" 2>&1); then fail "--online passed a wrong broker password"; fi
grep -q "mqtt: broker 127.0.0.1:$MQTT_PORT refused the connection: Not authorized" <<< "$out" || fail "--online: the broker's refusal is not named: $out"
echo "  ok  --online, wrong broker password: $(head -n 1 <<< "$out" | sed "s|$SVC_DIR/||g")"
# two brokers listed, the second not there: each is asked, and the answer names which is which
dead=$(free_port)
sed -i -e "s|^password_file = .*|password_file = $SVC_DIR/rec1.pw|" -e "s|^host = .*|host = 127.0.0.1, 127.0.0.1:$dead|" "$SVC_DIR/rec1.ini"
if out=$("$BIN/attend-recorder" -n --online -c "$SVC_DIR/rec1.ini" 2>&1); then fail "--online passed with a broker not there"; fi
grep -q "broker 127.0.0.1:$MQTT_PORT accepted this recorder's identity (rec1)" <<< "$out" || fail "--online, two brokers: the first's answer is not shown: $out"
grep -q "\[mqtt\] host broker 127.0.0.1:$dead: mqtt: broker 127.0.0.1:$dead not reachable" <<< "$out" || fail "--online, two brokers: the second is not named: $out"
echo "  ok  --online, two brokers: $(grep -c "accepted" <<< "$out") answered, $(grep -c "not reachable" <<< "$out") not reached"
if out=$("$BIN/attendd" --online -c "$SVC_DIR/gate-a.ini" 2>&1); then fail "--online without -n was taken"; fi
echo "ok: -n names a missing or expired certificate, a wrong key, a bad conninfo, the readers' devices and FIFOs, the metrics folder (file:line); --online asks the broker and the database"
