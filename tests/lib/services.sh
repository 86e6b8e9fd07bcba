# shellcheck shell=bash
# Private PostgreSQL and mosquitto on loopback for tests, the demo and the benchmarks.
# Everything lives under one temp folder; servers listen on 127.0.0.1 on free ports and are
# stopped by the PIDs we started them with.  PostgreSQL refuses to run as root, so as root it
# runs as the unprivileged user "attendtest" (created on first use).
#
#   svc_init [name] [dir]      make $SVC_DIR (removed by svc_cleanup unless KEEP=1)
#   pg_start / pg_stop / pg_kill   PostgreSQL; sets PGPORT, PG_SUPER (conninfo as superuser);
#                              PG_MAX_CONNECTIONS (default 50)
#   mqtt_start / mqtt_stop / mqtt_kill   mosquitto; sets MQTT_PORT
#   psql_q SQL                 run SQL as superuser in database attend, print bare rows
#   svc_cleanup                stop everything started, remove the folder (unless KEEP=1)
#
# In tests, `cmd | grep pattern >/dev/null`, not `grep -q`: grep -q leaves at the first match
# and a slower writer then dies of SIGPIPE, which `set -o pipefail` reports as a failure.

SVC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ATTEND_BUILD=${ATTEND_BUILD:-build/rel}
BIN="$SVC_ROOT/$ATTEND_BUILD"
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
SVC_USER=attendtest
SVC_PIDS=()

# The tests' clock.  ATTEND_TEST_TODAY=YYYY-MM-DD runs the suite as if today were that date
# (default: the real today in Asia/Ho_Chi_Minh).  A test's "now" (ATTEND_TEST_NOW, read by
# every program: lib/clock.h) is that day at 10:00 local, unless the test or the caller
# set ATTEND_TEST_NOW itself; psql sessions get it as attend.now through PGOPTIONS, and
# db_setup lets the test database honour it (sql/020_clock.sql).  The demo and the
# benchmarks set SVC_CLOCK=real before sourcing this file: they run on the real clock.
if [ "${SVC_CLOCK:-test}" = test ]; then
	TEST_TODAY=${ATTEND_TEST_TODAY:-$(TZ=Asia/Ho_Chi_Minh date +%F)}
	[[ $TEST_TODAY =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] && date -d "$TEST_TODAY" >/dev/null 2>&1 ||
		{ echo "ATTEND_TEST_TODAY: '$TEST_TODAY' is not a date (YYYY-MM-DD)" >&2; exit 2; }
	export ATTEND_TEST_NOW=${ATTEND_TEST_NOW:-${TEST_TODAY}T10:00:00+07:00}
	export PGOPTIONS="-c attend.now=$ATTEND_TEST_NOW"
fi

# test_now NOW: this test runs at NOW (RFC 3339) instead; call it before starting programs.
test_now() {
	export ATTEND_TEST_NOW=$1 PGOPTIONS="-c attend.now=$1"
	TEST_TODAY=${1:0:10}
}

# scenario_until DATE: the test's figures are about fixed dates up to DATE and need them to be
# over: when the suite's today is not after DATE, the test runs on the day after it instead.
scenario_until() {
	if [[ ! "$TEST_TODAY" > "$1" ]]; then
		echo "(today $TEST_TODAY is not after this test's scenario: running it on the day after $1)" >&2
		test_now "$(date -d "$1 + 1 day" +%F)T10:00:00+07:00"
	fi
}

# The test's now plus SECONDS (may be negative) as local time: test_local -60 -> 'YYYY-MM-DD HH:MM'.
test_local() {
	TZ=Asia/Ho_Chi_Minh date -d "@$(( $(date -d "$ATTEND_TEST_NOW" +%s) + $1 ))" '+%Y-%m-%d %H:%M'
}

# Local date arithmetic from the test's today: test_date OFFSET_DAYS -> YYYY-MM-DD.
test_date() {
	date -d "$TEST_TODAY $1 day" +%F
}
SVC_MOUNTS=()   # filesystems a test mounted under $SVC_DIR, unmounted at cleanup

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

as_svc_user() {
	if [ "$(id -u)" = 0 ]; then runuser -u "$SVC_USER" -- "$@"; else "$@"; fi
}

svc_init() {   # svc_init NAME [FIXED_DIR]: a fresh temp folder, or FIXED_DIR emptied
	local name=${1:-attend}
	if [ -n "${2:-}" ]; then
		rm -rf "$2" && mkdir -p "$2" && SVC_DIR=$(cd "$2" && pwd)
	else
		SVC_DIR=$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")
	fi
	chmod 755 "$SVC_DIR"
	if [ "$(id -u)" = 0 ] && ! id "$SVC_USER" >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /usr/sbin/nologin "$SVC_USER"
	fi
	trap svc_cleanup EXIT
}

wait_for() {   # wait_for SECONDS 'shell code': re-evaluate the code every 0.1 s until true
	local deadline=$(( $(date +%s) + $1 ))
	until eval "$2" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$deadline" ] && return 1
		sleep 0.1
	done
}

pg_start() {   # pg_start [fsync=on|off]
	local fsync=${1:-off}
	if [ ! -d "$SVC_DIR/pg" ]; then
		mkdir -p "$SVC_DIR/pg" "$SVC_DIR/pgsock"
		[ "$(id -u)" = 0 ] && chown "$SVC_USER" "$SVC_DIR/pg" "$SVC_DIR/pgsock"
		as_svc_user "$PG_BIN/initdb" -D "$SVC_DIR/pg" -U postgres -A trust -E UTF8 \
			--locale=C.UTF-8 --no-sync >"$SVC_DIR/initdb.log" 2>&1 ||
			{ cat "$SVC_DIR/initdb.log" >&2; return 1; }
		PGPORT=$(free_port)
	fi
	# fsync=off only speeds tests up: a killed server still keeps every commit (the OS has
	# it); synchronous_commit stays on, so a COMMIT that returned is never lost.
	as_svc_user "$PG_BIN/pg_ctl" -D "$SVC_DIR/pg" -l "$SVC_DIR/pgsock/pg.log" -w -t 60 \
		-o "-p $PGPORT -k $SVC_DIR/pgsock -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=${PG_MAX_CONNECTIONS:-50}" \
		start >/dev/null || { tail -20 "$SVC_DIR/pgsock/pg.log" >&2; return 1; }
	PG_PID=$(head -n 1 "$SVC_DIR/pg/postmaster.pid")
	PG_SUPER="host=127.0.0.1 port=$PGPORT user=postgres dbname=attend"
	export PGPORT PG_SUPER
	if ! psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -tAc \
		"SELECT 1 FROM pg_database WHERE datname='attend'" | grep -q 1; then
		psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "CREATE DATABASE attend" >/dev/null
	fi
}

pg_stop() {
	[ -n "${PG_PID:-}" ] || return 0
	as_svc_user "$PG_BIN/pg_ctl" -D "$SVC_DIR/pg" -m fast -w stop >/dev/null 2>&1 || true
	PG_PID=
}

pg_kill() {    # SIGKILL the postmaster by its PID; the next pg_start recovers
	[ -n "${PG_PID:-}" ] || return 0
	kill -KILL "$PG_PID" 2>/dev/null || true
	wait_for 30 "! kill -0 $PG_PID" || true
	# orphaned backends exit by themselves once the postmaster is gone; wait for the port
	wait_for 30 "! (echo > /dev/tcp/127.0.0.1/$PGPORT)" 2>/dev/null || true
	rm -f "$SVC_DIR/pg/postmaster.pid"
	PG_PID=
}

psql_q() {
	psql "$PG_SUPER" -v ON_ERROR_STOP=1 -qtAX -c "$1"
}

mqtt_start() {
	[ -n "${MQTT_PORT:-}" ] || MQTT_PORT=$(free_port)
	cat > "$SVC_DIR/mosquitto.conf" <<CONF
# see config/mosquitto.conf for why these limits
per_listener_settings false
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
max_queued_messages 1000000
max_queued_bytes 0
max_inflight_messages 1000
persistence false
log_dest stderr
log_type error
log_type warning
CONF
	mosquitto -c "$SVC_DIR/mosquitto.conf" >>"$SVC_DIR/mosquitto.log" 2>&1 &
	MQTT_PID=$!
	SVC_PIDS+=("$MQTT_PID")
	export MQTT_PORT
	wait_for 10 "echo > /dev/tcp/127.0.0.1/$MQTT_PORT" || { cat "$SVC_DIR/mosquitto.log" >&2; return 1; }
}

mqtt_stop() {
	[ -n "${MQTT_PID:-}" ] || return 0
	kill -TERM "$MQTT_PID" 2>/dev/null || true
	wait "$MQTT_PID" 2>/dev/null || true
	MQTT_PID=
}

mqtt_kill() {
	[ -n "${MQTT_PID:-}" ] || return 0
	kill -KILL "$MQTT_PID" 2>/dev/null || true
	wait "$MQTT_PID" 2>/dev/null || true
	MQTT_PID=
}

# mqtt_sub NAME ARGS...: mosquitto_sub ARGS in the background, each message a line
# "<unix time> <topic> <payload>" in $SVC_DIR/NAME.out (its debug lines in NAME.debug),
# returned once the broker has answered the subscription (SUBACK): nothing published after
# this is missed.  Sets SUB_PID (mosquitto_sub's).  mawk (Debian: required) for its
# -W interactive: line by line, so a test sees each line as it comes.
mqtt_sub() {
	local name=$1; shift
	: > "$SVC_DIR/$name.out"; : > "$SVC_DIR/$name.debug"
	stdbuf -oL mosquitto_sub -d -F '%U %t %p' "$@" 2> "$SVC_DIR/$name.err" > >(mawk -W interactive -v dbg="$SVC_DIR/$name.debug" \
		'/^[0-9]+\.[0-9]+ / { print; next } { print > dbg; fflush(dbg) }' > "$SVC_DIR/$name.out") &
	SUB_PID=$!
	SVC_PIDS+=("$SUB_PID")
	if ! wait_for 10 "grep -q 'received SUBACK' '$SVC_DIR/$name.debug'"; then
		echo "mqtt_sub $name: no SUBACK: $(cat "$SVC_DIR/$name.err" "$SVC_DIR/$name.debug")" >&2
		return 1
	fi
}

# A started program in the background, remembered for cleanup: start_bg NAME CMD...
# Sets BG_PID.  Output goes to $SVC_DIR/NAME.log.
start_bg() {
	local name=$1; shift
	"$@" >>"$SVC_DIR/$name.log" 2>&1 &
	BG_PID=$!
	SVC_PIDS+=("$BG_PID")
}

svc_cleanup() {
	local rc=$?
	for p in "${SVC_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${SVC_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	pg_stop
	for m in "${SVC_MOUNTS[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
	# A sanitizer report from any of our programs fails the test, even if it passed otherwise.
	if grep -l -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$SVC_DIR"/*.log 2>/dev/null; then
		echo "FAIL: sanitizer report in the logs above:" >&2
		grep -h -A12 -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$SVC_DIR"/*.log | head -60 >&2
		rc=1
	fi
	if [ "${KEEP:-0}" = 1 ] || [ $rc -ne 0 ]; then
		echo "(kept $SVC_DIR for a look)" >&2
	else
		rm -rf "$SVC_DIR"
	fi
	exit $rc
}

# The database schema, the roles and one login per role, ready for the programs.
db_setup() {
	ATTEND_SQL_DIR="$SVC_ROOT/sql" "$BIN/attendctl" -q -d "$PG_SUPER" migrate
	# A test database honours the test clock (production refuses it: sql/020_clock.sql).
	[ -z "${ATTEND_TEST_NOW:-}" ] || psql_q "UPDATE attend.clock_policy SET test_clock = true"
	# One login per kind of user and service: a test runs a person's action as that person's
	# login (docs/roles.md), the superuser only makes the database and the fixtures.
	psql_q "DO \$\$ DECLARE r text[];
	BEGIN
	  FOREACH r SLICE 1 IN ARRAY ARRAY[['recorder_login', 'attend_recorder'], ['hr_login', 'attend_hr'],
	      ['admin_login', 'attend_admin'], ['summary_login', 'attend_summary']] LOOP
	    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r[1]) THEN
	      EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', r[1], r[2]);
	    END IF;
	  END LOOP;
	END \$\$"
	REC_DB="host=127.0.0.1 port=$PGPORT user=recorder_login dbname=attend"
	HR_DB="host=127.0.0.1 port=$PGPORT user=hr_login dbname=attend"         # mapped by days_setup
	ADMIN_DB="host=127.0.0.1 port=$PGPORT user=admin_login dbname=attend"
	SUMMARY_DB="host=127.0.0.1 port=$PGPORT user=summary_login dbname=attend"
}

# Configuration files for one edge and one recorder.  write_edge_ini NAME SITE READERS...
# where each reader is id:direction (a FIFO $SVC_DIR/NAME-id.fifo is made for it).
write_edge_ini() {
	local name=$1 site=$2; shift 2
	mkdir -p "$SVC_DIR/$name"
	cat > "$SVC_DIR/$name.ini" <<INI
[edge]
id = $name
site = $site
journal_dir = $SVC_DIR/$name/journal
journal_capacity = ${JOURNAL_CAPACITY:-200000}
journal_segment = ${JOURNAL_SEGMENT:-10000}
badge_cache = $SVC_DIR/badges.json
debounce_ms = ${DEBOUNCE_MS:-3000}
resend_after = ${RESEND_AFTER:-5}
status_interval = 2
window = ${WINDOW:-2000}
reader_silent_after = ${READER_SILENT_AFTER:-0}
log = stderr

[mqtt]
host = 127.0.0.1
port = $MQTT_PORT
reconnect_min = 1
reconnect_max = 2
INI
	for r in "$@"; do
		local id=${r%%:*} dir=${r##*:}
		[ -p "$SVC_DIR/$name-$id.fifo" ] || mkfifo "$SVC_DIR/$name-$id.fifo"
		cat >> "$SVC_DIR/$name.ini" <<INI

[reader.$id]
driver = sim
direction = $dir
path = $SVC_DIR/$name-$id.fifo
feedback = $SVC_DIR/$name-$id.feedback
INI
	done
}

write_recorder_ini() {
	local name=$1
	cat > "$SVC_DIR/$name.ini" <<INI
[recorder]
id = $name
batch_max = ${BATCH_MAX:-1000}
batch_wait_ms = ${BATCH_WAIT_MS:-20}
log = stderr

[database]
conninfo = $REC_DB

[mqtt]
host = 127.0.0.1
port = $MQTT_PORT
reconnect_min = 1
reconnect_max = 2
INI
}

# Released-through mark of an edge's journal (taps the database has acknowledged).
journal_released() {
	sed -n 's/^released //p' "$SVC_DIR/$1/journal/state" 2>/dev/null || echo 0
}
