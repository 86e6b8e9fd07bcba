#!/usr/bin/env bash
# Benchmark of attend-web (figures, never pass/fail), issue 14:
#  1. BENCH_PEOPLE people (default 50,000) in units of 200, October 2026 of taps
#     (tests/bench/fixture_month.sh, as bench_days) evaluated by a running attend-recorder's
#     evaluator into day results and exceptions;
#  2. attend-web (this build) on loopback; logins web_hr (HR of the agency), web_head (unit
#     head of vp, the first unit of 200) and web_staff (p1), each with a password
#     (tests/lib/web.sh); 200 sessions opened through the login form (50 HR, 50 unit head,
#     100 staff), each its own database connection;
#  3. with wrk (one thread per connection and one session per connection:
#     tests/bench/web_sessions.lua), BENCH_SECONDS (default 10) per configuration after a 2 s
#     warm-up, with 1 and with 50 sessions at once: the login page (no database: the baseline),
#     Today of 14/10/2026 (HR: the whole agency, its counts per unit; and unit vp of 200, its
#     lists), the punctuality page of unit vp for October (the unit head) and the staff
#     member's October (/me); p50/p95/p99, requests/s, the page's size, the load average while
#     it ran.  Two kinds of run: the closed loop (each session asks again as soon as it has
#     its answer: what the server can do at most) and "people using it" (BENCH_CONC sessions,
#     each waiting BENCH_THINK_MS, default 1000, after each answer: 50 people using it at once,
#     each a click a second);
#  4. the RSS of attend-web (VmRSS) idle, with 200 sessions open, and after the runs.
# Run: ATTEND_BUILD=build/rel tests/bench/bench_web.sh   (KEEP=1 keeps the database;
#      BENCH_PEOPLE=2000 for a smoke run; BENCH_CONC (default 50): sessions at once;
#      BENCH_LOAD_ONLY=1 KEEP=1: stop once the data is loaded, a database to EXPLAIN on;
#      BENCH_DB=FOLDER: run on the database a run kept there instead of loading one)
set -euo pipefail
SVC_CLOCK=real   # benchmarks run on the real clock; Today is shown for a day of October (?date=)
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/web.sh"
. "$(dirname "$0")/fixture_month.sh"
N=${BENCH_PEOPLE:-50000}
SECS=${BENCH_SECONDS:-10}
CONC=${BENCH_CONC:-50}
THINK=${BENCH_THINK_MS:-1000}
LUA="$(cd "$(dirname "$0")" && pwd)/web_sessions.lua"
export EVAL_BATCH=2000 EVAL_INTERVAL=3600
command -v wrk >/dev/null || { echo "bench_web: wrk is needed (Debian package wrk)" >&2; exit 2; }
ms() { date +%s%3N; }
# 200 sessions hold 200 connections, next to the recorder's and ours.
export PG_MAX_CONNECTIONS=260
t0=$(ms)
if [ -n "${BENCH_DB:-}" ]; then
	# A folder kept by an earlier run (KEEP=1): its data as that run left it (an evaluation
	# cut short is finished below), kept again.  Saves the half hour of loading at 50,000.
	KEEP=1 SVC_DIR=$(cd "$BENCH_DB" && pwd)
	trap svc_cleanup EXIT
	PGPORT=$(cat "$SVC_DIR/pgport")
	pg_start
	mqtt_start
	REC_DB="host=127.0.0.1 port=$PGPORT user=recorder_login dbname=attend"
	EVAL_DB="host=127.0.0.1 port=$PGPORT user=evaluator_login dbname=attend"
	# The kept database may be older than this build: its pending migrations first.
	ATTEND_SQL_DIR="$SVC_ROOT/sql" "$BIN/attendctl" -q -d "$PG_SUPER" migrate
	N=$(psql_q "SELECT count(*) FROM attend.person")
	echo; echo "machine: $(nproc) cores; $N people (kept in $SVC_DIR); PostgreSQL $(psql_q 'SHOW server_version'), fsync off (test server)"
else
	svc_init bench-web
	pg_start
	mqtt_start
	psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "ALTER SYSTEM SET shared_buffers = '512MB'" >/dev/null
	pg_stop; pg_start
	echo "$PGPORT" > "$SVC_DIR/pgport"
	days_setup 0
	echo; echo "machine: $(nproc) cores; $N people; PostgreSQL $(psql_q 'SHOW server_version'), fsync off (test server)"
	bench_people ubnd-x "$N"
	# The unit head's unit (web_logins grants unit vp) is the first unit of 200.
	psql_q "DELETE FROM attend.org_unit WHERE code = 'vp';
	        UPDATE attend.org_unit SET code = 'vp', name = 'Văn phòng' WHERE code = 'u0001'"
	bench_taps "$N"
	# The timer would also queue today for everyone at its first start: only October is wanted.
	psql_q "INSERT INTO attend.day_seed_state (agency_id, seeded_through) SELECT id, current_date + 1 FROM attend.agency"
	"$BIN/attendctl" -q -d "$ADMIN_DB" days evaluate --all --from 2026-10-01 --to 2026-10-31 --queue-only
fi
if [ "$(psql_q "SELECT EXISTS (SELECT FROM attend.day_dirty)")" = t ]; then
	write_evaluator_ini rec
	start_bg rec "$BIN/attend-recorder" -d -c "$SVC_DIR/rec.ini"; rec=$BG_PID
	# Poll once a second with a cheap query: a count(*) every 0.1 s would steal a core.
	until [ "$(psql_q "SELECT EXISTS (SELECT FROM attend.day_dirty)")" = f ]; do sleep 1; done
	kill -TERM "$rec"; wait "$rec" || true
	psql_q "VACUUM ANALYZE"
fi
echo "load: $(psql_q "SELECT count(*) FROM attend.tap") taps, $(psql_q "SELECT count(*) FROM attend.day_result") day results," \
	"$(psql_q "SELECT count(*) FROM attend.day_exception") exceptions in $(( ($(ms) - t0) / 1000 )) s"

if [ -z "$(psql_q "SELECT 1 FROM pg_roles WHERE rolname = 'web_hr'")" ]; then
	web_logins
else   # a kept folder: its logins, with the passwords of its files
	for who in hr head staff; do psql_q "ALTER ROLE web_$who PASSWORD '$(cat "$SVC_DIR/web_$who.pw")'"; done
fi
if [ "${BENCH_LOAD_ONLY:-0}" = 1 ]; then   # a database to EXPLAIN on (with KEEP=1), no runs
	echo "loaded: $SVC_DIR (port $PGPORT; logins web_hr, web_head, web_staff, passwords in $SVC_DIR/*.pw)"
	exit 0
fi
web_start
rss() { awk '$1 == "VmRSS:" { printf "%.1f MB", $2 / 1024 }' "/proc/$WEB_PID/status"; }
rss_idle=$(rss)
t0=$(ms)
# logins USER COUNT FILE: COUNT sessions of USER through the login form, 10 at a time (each
# web_login in a folder of its own for its cookie jar).
logins() {
	local i pids=()
	for ((i = 0; i < $2; i++)); do
		mkdir -p "$SVC_DIR/login$i" && ln -sf "$SVC_DIR/$1.pw" "$SVC_DIR/login$i/"
		(SVC_DIR="$SVC_DIR/login$i" web_login "$1" > "$SVC_DIR/login$i/cookie") & pids+=($!)
		if [ ${#pids[@]} = 10 ]; then wait "${pids[@]}"; pids=(); fi
	done
	[ ${#pids[@]} = 0 ] || wait "${pids[@]}"
	cat "$SVC_DIR"/login*/cookie > "$3"; rm -rf "$SVC_DIR"/login*
}
: > "$SVC_DIR/none.cookies"
logins web_hr 50 "$SVC_DIR/hr.cookies"
logins web_head 50 "$SVC_DIR/head.cookies"
logins web_staff 100 "$SVC_DIR/staff.cookies"
[ "$(cat "$SVC_DIR"/{hr,head,staff}.cookies | sort -u | wc -l)" = 200 ] || { echo "bench_web: 200 sessions were not opened" >&2; exit 1; }
echo "200 sessions opened through the login form in $(( $(ms) - t0 )) ms;" \
	"$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE usename LIKE 'web\_%'") database connections"
rss_open=$(rss)

# Requests wrk left behind when it stopped are still being answered: wait until every
# session's connection is idle, or the next run would start on a busy server.
busy() { psql_q "SELECT count(*) FROM pg_stat_activity WHERE usename LIKE 'web\_%' AND state <> 'idle'"; }
idle() { wait_for 300 '[ "$(busy)" = 0 ]' || { echo "bench_web: attend-web still busy after 300 s" >&2; exit 1; }; }

# measure LABEL PATH COOKIES SESSIONS [THINK_MS]: one wrk run; prints a row of the table, with
# the first row's (the baseline's) requests/s over this one's at the same number of sessions
# and the same think time ("x base").
declare -A BASE
measure() {
	local label=$1 path=$2 cookies=$3 c=$4 think=${5:-0} ck bytes code out p50 p95 p99 rps n bad err load
	head -n "$c" "$SVC_DIR/$cookies.cookies" > "$SVC_DIR/run.cookies"
	ck=$(head -n 1 "$SVC_DIR/run.cookies")
	read -r code bytes < <(curl -s -o /dev/null -w '%{http_code} %{size_download}\n' -b "${ck:-none=1}" "$WEB_URL$path")
	[ "$code" = 200 ] || { echo "bench_web: $path answered $code" >&2; exit 1; }
	export BENCH_COOKIES="$SVC_DIR/run.cookies" BENCH_THINK_MS=$think
	nice -n 0 wrk -t "$c" -c "$c" -d 2s --timeout 60s -s "$LUA" "$WEB_URL$path" >/dev/null
	idle
	out=$(nice -n 0 wrk -t "$c" -c "$c" -d "${SECS}s" --timeout 60s -s "$LUA" "$WEB_URL$path")
	idle
	load=$(uptime | sed 's/.*load average: //')
	read -r p50 p95 p99 rps n bad err < <(echo "$out" | sed -n 's/^RESULT //p')
	BASE[$c.$think]=${BASE[$c.$think]:-$rps}
	printf '%-44s %3d %6s %8.2f %8.2f %8.2f %8.1f %6s %7d %9d  %s\n' "$label" "$c" "$think" "$p50" "$p95" "$p99" "$rps" \
		"$(awk -v b="${BASE[$c.$think]}" -v r="$rps" 'BEGIN { if (r > 0) printf "%.0f", b / r; else print "-" }')" \
		"$((bad + err))" "$bytes" "$load"
}
pages() {   # pages SESSIONS THINK_MS: every page, one row each
	measure "login page (no database: the baseline)" /login none "$1" "$2"
	measure "Today 14/10/2026, whole agency (HR)" "/today?date=14/10/2026" hr "$1" "$2"
	measure "Today 14/10/2026, unit vp (200) (HR)" "/today?date=14/10/2026&unit=vp" hr "$1" "$2"
	measure "punctuality, unit vp (200), October (head)" "/report?from=01/10/2026&to=31/10/2026&unit=vp" head "$1" "$2"
	measure "a person's month, October (staff /me)" "/me?month=10/2026" staff "$1" "$2"
}
echo
echo "closed loop: each session asks again as soon as it has its answer (think 0);"
echo "people using it: $CONC sessions, each waiting ${THINK} ms after each answer ($CONC people using it at once, each a click every $((THINK / 1000)) s or so)"
printf '%-44s %3s %6s %8s %8s %8s %8s %6s %7s %9s  %s\n' "page (login)" "ses" "think" "p50 ms" "p95 ms" "p99 ms" "req/s" \
	"x base" "errors" "bytes" "load average (1, 5, 15 min)"
for c in 1 "$CONC"; do
	pages "$c" 0
done
pages "$CONC" "$THINK"
echo
echo "RSS of attend-web: idle $rss_idle; 200 sessions open $rss_open; after the runs, 200 sessions $(rss)" \
	"($(psql_q "SELECT count(*) FROM pg_stat_activity WHERE usename LIKE 'web\_%'") database connections)"
