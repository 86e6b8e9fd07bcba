#!/usr/bin/env bash
# The Debian packages (debian/, `make deb`): built afresh from a copy of the tree into the
# test's folder, checked with lintian, installed on this machine with `dpkg -i` and run from
# their installed paths against the test's PostgreSQL and mosquitto (no systemd):
# /usr/bin/attendctl migrate finds /usr/share/attendd/sql, the holidays load from
# /usr/share/attendd/data, /usr/sbin/attend-recorder and /usr/sbin/attendd carry a tap to the
# database, /usr/sbin/attend-web answers.  Then `dpkg --purge` leaves nothing of them behind
# but the system users (Debian keeps those: debian/*.postrm).
# Needs root (dpkg).  Refuses to run when any of the three packages, or /etc/attendd, is
# already on the machine: it would replace someone's installation.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
fail() { echo "FAIL: $*"; exit 1; }
PKGS=(attendd-edge attendd-server attendctl)
USERS=(attendd attend-recorder attend-web attend-summary)

if [ "$(id -u)" != 0 ]; then echo "SKIP: dpkg -i needs root"; exit 0; fi
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case $st in ''|un*) ;; *) fail "$p is on this machine already ($st): not touching it";; esac
done
[ ! -e /etc/attendd ] || fail "/etc/attendd exists already (a make install?): not touching it"
[ ! -e /var/lib/attendd ] && [ ! -e /var/lib/private/attendd ] ||
	fail "/var/lib/attendd exists already: not touching it"
new_users=()
for u in "${USERS[@]}"; do id "$u" >/dev/null 2>&1 || new_users+=("$u"); done

svc_init deb
installed=0 made_state=0
# Whatever happens, the packages go, and the users this test made (the packages keep them).
deb_cleanup() {
	local rc=$?
	if [ $installed = 1 ]; then
		dpkg --purge "${PKGS[@]}" >> "$SVC_DIR/purge.log" 2>&1 || { echo "dpkg --purge failed:" >&2; cat "$SVC_DIR/purge.log" >&2; rc=1; }
	fi
	if [ $made_state = 1 ]; then   # what step 5 made, if the purge did not remove it
		rm -rf /var/lib/private/attendd; [ ! -L /var/lib/attendd ] || rm -f /var/lib/attendd
	fi
	for u in "${new_users[@]}"; do
		if id "$u" >/dev/null 2>&1; then userdel "$u" 2>/dev/null || true; fi
	done
	(exit $rc); svc_cleanup
}
trap deb_cleanup EXIT

# 1. Build.  Nothing of build/ is reused: the packages are what a clean checkout gives (the
# tree is copied without build/, compiled with PREFIX=/usr); the unit tests already ran in
# `make check`, so not again here (nocheck); no debug symbol packages (noautodbgsym).
start=$(date +%s)
DEB_BUILD_OPTIONS="nocheck noautodbgsym" make -C "$SVC_ROOT" -s deb DEB_DIR="$SVC_DIR/deb" DEB_JOBS=2 > "$SVC_DIR/build.log" 2>&1 ||
	{ tail -30 "$SVC_DIR/build.log"; fail "make deb"; }
debs=()
for p in "${PKGS[@]}"; do
	f=$(ls "$SVC_DIR"/deb/"${p}"_*.deb 2>/dev/null) || fail "make deb did not make $p"
	debs+=("$f")
done
echo "  ok  make deb: ${debs[*]##*/} in $(( $(date +%s) - start )) s"

# 2. lintian, as an unprivileged user (it refuses nothing as root but says not to): no error
# and no warning; every override is justified in debian/*.lintian-overrides.
chmod 755 "$SVC_DIR/deb"
lrc=0
as_svc_user lintian -I --show-overrides "${debs[@]}" > "$SVC_DIR/lintian.log" 2>&1 || lrc=$?
echo "  lintian said (I: information, O: an override, justified in debian/*.lintian-overrides):"
sed 's/^/      /' "$SVC_DIR/lintian.log"
[ $lrc = 0 ] || fail "lintian exited $lrc"
grep -q -E '^(E|W): ' "$SVC_DIR/lintian.log" && fail "lintian reports errors or warnings"
echo "  ok  lintian: no error, no warning"

# 3. Install.
installed=1
dpkg -i "${debs[@]}" > "$SVC_DIR/install.log" 2>&1 || { cat "$SVC_DIR/install.log"; fail "dpkg -i"; }
for u in "${USERS[@]}"; do id "$u" >/dev/null 2>&1 || fail "no system user $u after install"; done
for fg in attendd.ini:attendd recorder.ini:attend-recorder web.ini:attend-web summary.ini:attend-summary; do
	f=/etc/attendd/${fg%%:*}
	[ "$(stat -c '%a %U %G' "$f")" = "640 root ${fg#*:}" ] || fail "$f is $(stat -c '%a %U %G' "$f"), not 640 root ${fg#*:}"
done
dpkg-query -W -f='${Conffiles}\n' attendd-edge | grep -q ' /etc/attendd/attendd.ini ' || fail "attendd.ini is not a conffile"
dpkg-query -W -f='${Conffiles}\n' attendd-server | grep -q ' /etc/attendd/recorder.ini ' || fail "recorder.ini is not a conffile"
for f in /lib/systemd/system/attendd.service /lib/systemd/system/attend-recorder.service \
	/lib/systemd/system/attend-web.service /lib/systemd/system/attend-summary.timer \
	/lib/udev/rules.d/60-attendd-readers.rules /etc/modprobe.d/attendd-blacklist-pn533.conf \
	/usr/share/attendd/examples/mosquitto.conf /usr/share/attendd/examples/mosquitto.acl \
	/usr/share/locale/vi/LC_MESSAGES/attendctl.mo /usr/share/locale/vi/LC_MESSAGES/attend-web.mo \
	/usr/share/man/man1/attendctl.1.gz /usr/share/man/man8/attendd.8.gz /usr/share/doc/attendd/web.md; do
	[ -e "$f" ] || fail "not installed: $f"
done
# Installed, not enabled: nothing starts unconfigured.
ls /etc/systemd/system/*.wants/attend* 2>/dev/null && fail "a unit was enabled on install"
echo "  ok  dpkg -i: users ${USERS[*]}, configs 0640 root:<service> and conffiles, units not enabled"

# 4. The installed programs from their installed paths.
unset ATTEND_SQL_DIR
pg_start
/usr/bin/attendctl -q -d "$PG_SUPER" migrate > "$SVC_DIR/migrate.log" 2>&1 ||
	fail "/usr/bin/attendctl migrate: $(cat "$SVC_DIR/migrate.log")"
n=$(ls /usr/share/attendd/sql/*.sql | wc -l)
[ "$n" = "$(ls "$SVC_ROOT"/sql/*.sql | wc -l)" ] || fail "the package has $n migrations, the tree $(ls "$SVC_ROOT"/sql/*.sql | wc -l)"
[ "$(psql_q "SELECT count(*) FROM attend.schema_migration")" = "$n" ] || fail "not every migration applied"
/usr/bin/attendctl -q -d "$PG_SUPER" calendar load /usr/share/attendd/data/holidays-vn.tsv > "$SVC_DIR/calendar.log" 2>&1 ||
	fail "attendctl calendar load: $(cat "$SVC_DIR/calendar.log")"
[ "$(psql_q "SELECT count(*) > 0 FROM attend.calendar_day")" = t ] || fail "no holidays loaded"
echo "  ok  /usr/bin/attendctl migrate: $n migrations from /usr/share/attendd/sql; holidays loaded from /usr/share/attendd/data"

BIN=/usr/bin db_setup   # the logins (the schema is there already)
mqtt_start
psql_q "INSERT INTO attend.agency (code, name) VALUES ('ubnd-x', 'UBND xã X');
        INSERT INTO attend.site (id, agency_id, name) SELECT 'hq', id, 'Trụ sở' FROM attend.agency;"
echo '{"badges":[{"uid":"04A1B2C3","name":"Nguyễn Văn An"}]}' > "$SVC_DIR/badges.json"
BATCH_WAIT_MS=0 write_recorder_ini rec1
write_edge_ini gate-a hq in1:in
/usr/sbin/attend-recorder -n -c "$SVC_DIR/rec1.ini" > "$SVC_DIR/rec-n.log" 2>&1 || fail "attend-recorder -n: $(cat "$SVC_DIR/rec-n.log")"
/usr/sbin/attendd -n -c "$SVC_DIR/gate-a.ini" > "$SVC_DIR/edge-n.log" 2>&1 || fail "attendd -n: $(cat "$SVC_DIR/edge-n.log")"
start_bg rec1 /usr/sbin/attend-recorder -d -c "$SVC_DIR/rec1.ini"
start_bg gate-a /usr/sbin/attendd -d -c "$SVC_DIR/gate-a.ini"
wait_for 10 'grep -q "mqtt: connected" "$SVC_DIR/gate-a.log" && grep -q "mqtt: connected" "$SVC_DIR/rec1.log"' ||
	fail "the installed daemons did not connect: $(tail -5 "$SVC_DIR/gate-a.log" "$SVC_DIR/rec1.log")"
echo "${TEST_TODAY}T07:30:00+07:00 04A1B2C3" > "$SVC_DIR/gate-a-in1.fifo"
wait_for 20 '[ "$(psql_q "SELECT count(*) FROM attend.tap")" = 1 ]' ||
	fail "the tap did not reach the database: $(tail -5 "$SVC_DIR/gate-a.log" "$SVC_DIR/rec1.log")"
wait_for 15 '[ "$(journal_released gate-a)" = 1 ]' || fail "the edge's journal was not released (no ack)"
echo "  ok  /usr/sbin/attendd -> broker -> /usr/sbin/attend-recorder -> database: a tap stored and acknowledged"

WEB_PORT=$(free_port)
cat > "$SVC_DIR/web.ini" <<INI
[web]
listen = 127.0.0.1
port = $WEB_PORT
log = stderr

[database]
conninfo = host=127.0.0.1 port=$PGPORT dbname=attend
INI
/usr/sbin/attend-web -n -c "$SVC_DIR/web.ini" > "$SVC_DIR/web-n.log" 2>&1 || fail "attend-web -n: $(cat "$SVC_DIR/web-n.log")"
start_bg web /usr/sbin/attend-web -d -c "$SVC_DIR/web.ini"
wait_for 10 "echo > /dev/tcp/127.0.0.1/$WEB_PORT" || fail "attend-web did not listen: $(cat "$SVC_DIR/web.log")"
code=$(curl -s -o "$SVC_DIR/login.html" -w '%{http_code}' "http://127.0.0.1:$WEB_PORT/login")
[ "$code" = 200 ] || fail "attend-web /login answered $code"
echo "  ok  /usr/sbin/attend-web -n passed, and it serves /login"
for p in "${SVC_PIDS[@]}"; do
	[ "$p" = "${MQTT_PID:-}" ] || kill -TERM "$p" 2>/dev/null || true
done

# 5. Purge.  The state systemd would have made under DynamicUser=yes (StateDirectory=attendd
# and attendd/summary live in /var/lib/private, linked from /var/lib) goes with it.
made_state=1
[ -d /var/lib/private ] || install -d -m 0700 /var/lib/private
mkdir -p /var/lib/private/attendd/journal /var/lib/private/attendd/summary
: > /var/lib/private/attendd/journal/seg-1; : > /var/lib/private/attendd/summary/2026-10.csv
ln -s private/attendd /var/lib/attendd
dpkg --purge "${PKGS[@]}" > "$SVC_DIR/purge.log" 2>&1 || { cat "$SVC_DIR/purge.log"; fail "dpkg --purge"; }
installed=0
for f in /usr/sbin/attendd /usr/sbin/attend-recorder /usr/sbin/attend-web /usr/bin/attendctl /etc/attendd \
	/usr/share/attendd /usr/share/doc/attendd /lib/systemd/system/attendd.service \
	/lib/udev/rules.d/60-attendd-readers.rules /etc/modprobe.d/attendd-blacklist-pn533.conf \
	/usr/lib/sysusers.d/attendd-edge.conf /var/lib/attendd /var/lib/private/attendd; do
	[ ! -e "$f" ] && [ ! -L "$f" ] || fail "left behind after purge: $f"
done
dpkg-statoverride --list '/etc/attendd/*' | grep . && fail "permission overrides left behind"
for u in "${USERS[@]}"; do id "$u" >/dev/null 2>&1 || fail "purge removed the user $u (Debian keeps system users)"; done
echo "  ok  dpkg --purge: programs, /etc/attendd, data, units, state and overrides gone; the system users kept"
echo "ok: make deb, lintian clean, dpkg -i, the installed programs run from /usr, dpkg --purge leaves only the users"
