#!/usr/bin/env bash
# Benchmark of the HR reports (figures, never pass/fail):
#  1. BENCH_PEOPLE people (default 50,000) in units of 200, and October 2026 of day results for
#     each of them (31 days: 22 working days with late arrivals, early leaves, missing taps,
#     leave and absences), made in SQL with generate_series;
#  2. `attendctl report punctuality` for one unit of 200 people for the month, BENCH_RUNS times
#     (default 20), as the superuser and as an HR login under row-level security: p50 and p95
#     of the whole command (connect, query, format);
#  3. the same report for the whole agency, once each way, and the C01-HD timesheet of a unit.
# Run: ATTEND_BUILD=build/rel tests/bench/bench_report.sh   (KEEP=1 keeps the database)
set -euo pipefail
SVC_CLOCK=real   # benchmarks run on the real clock
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/fixture_month.sh"
N=${BENCH_PEOPLE:-50000}
RUNS=${BENCH_RUNS:-20}
ms() { date +%s%N | cut -c1-13; }
svc_init bench-report
pg_start
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "ALTER SYSTEM SET shared_buffers = '512MB'" >/dev/null
pg_stop; pg_start
db_setup
echo; echo "machine: $(nproc) cores; $N people; PostgreSQL $(psql_q 'SHOW server_version'), fsync off (test server)"

t0=$(ms)
psql_q "INSERT INTO attend.agency (code, name) VALUES ('big', 'Tỉnh X')"
bench_people big "$N"
# A day: h picks what happened (late 8%, early 4%, a missing OUT 2%, leave P 3%, absent 2%).
psql_q "INSERT INTO attend.day_result (agency_id, person_id, work_date, day_kind, working_day, present,
          profile, symbol, pending, minutes_late, minutes_early, minutes_worked, sessions, exceptions,
          rule_set_id, rule_set_label, digest)
        SELECT p.agency_id, p.id, d::date,
          CASE WHEN wd THEN 'working' ELSE 'weekend' END, wd, wd AND h >= 5, 'standard',
          CASE WHEN NOT wd THEN '' WHEN h < 2 THEN 'K' WHEN h < 5 THEN 'P' WHEN h < 7 THEN '+/K' ELSE '+' END,
          false, CASE WHEN wd AND h BETWEEN 7 AND 14 THEN 5 + h ELSE 0 END,
          CASE WHEN wd AND h BETWEEN 15 AND 18 THEN 20 ELSE 0 END, CASE WHEN wd AND h >= 5 THEN 470 ELSE 0 END,
          CASE WHEN wd THEN '[{\"index\":0,\"name\":\"morning\",\"status\":\"on_time\",\"present\":true,\"missing\":\"none\",\"symbol\":\"+\",\"start\":\"2026-10-01T07:30:00\",\"end\":\"2026-10-01T11:30:00\",\"in\":\"2026-10-01T07:28:00\",\"out\":\"2026-10-01T11:31:00\",\"late\":0,\"early\":0,\"worked\":240},{\"index\":1,\"name\":\"afternoon\",\"status\":\"on_time\",\"present\":true,\"missing\":\"none\",\"symbol\":\"+\",\"start\":\"2026-10-01T13:30:00\",\"end\":\"2026-10-01T17:30:00\",\"in\":\"2026-10-01T13:29:00\",\"out\":\"2026-10-01T17:31:00\",\"late\":0,\"early\":0,\"worked\":240}]' ELSE '[]' END::jsonb,
          (CASE WHEN NOT wd THEN '[]'
                WHEN h < 2 THEN '[{\"seq\":0,\"kind\":\"unexcused_half_day\",\"cause\":\"absent\",\"session\":0,\"minutes\":0},{\"seq\":1,\"kind\":\"unexcused_half_day\",\"cause\":\"absent\",\"session\":1,\"minutes\":0}]'
                WHEN h BETWEEN 5 AND 6 THEN '[{\"seq\":0,\"kind\":\"missing_out\",\"cause\":\"none\",\"session\":1,\"minutes\":0},{\"seq\":1,\"kind\":\"unexcused_half_day\",\"cause\":\"missing_tap\",\"session\":1,\"minutes\":0}]'
                WHEN h BETWEEN 7 AND 14 THEN '[{\"seq\":0,\"kind\":\"late\",\"cause\":\"none\",\"session\":0,\"minutes\":' || (5 + h) || '}]'
                WHEN h BETWEEN 15 AND 18 THEN '[{\"seq\":0,\"kind\":\"early_leave\",\"cause\":\"none\",\"session\":1,\"minutes\":20}]'
                ELSE '[]' END)::jsonb,
          1, 'vn-default-2026.1', md5(p.id || ' ' || d)
        FROM attend.person p, generate_series('2026-10-01'::date, '2026-10-31', '1 day') d,
          LATERAL (SELECT extract(isodow FROM d) < 6 AS wd, abs(hashint8(p.id * 100 + extract(day FROM d)::int)) % 100 AS h) x;
        ANALYZE;"
echo "load: $N people, $(psql_q "SELECT count(*) FROM attend.day_result") day results in $(( ($(ms) - t0) / 1000 )) s"
psql_q "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hr_big') THEN
          CREATE ROLE hr_big LOGIN IN ROLE attend_hr; END IF; END \$\$"
"$BIN/attendctl" -q -d "$PG_SUPER" access grant hr_big big
HR_DB="host=127.0.0.1 port=$PGPORT user=hr_big dbname=attend"

# p50 / p95 of RUNS runs of a command, in ms.
percentiles() {
	local label=$1; shift
	local times=() i t
	for ((i = 0; i < RUNS; i++)); do
		t=$(ms); "$@" >/dev/null; times+=($(( $(ms) - t )))
	done
	read -r p50 p95 < <(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {
		i50 = int(NR * 0.50 + 0.5); i95 = int(NR * 0.95 + 0.5); if (i95 < 1) i95 = 1; print a[i50], a[i95] }')
	printf '%-66s p50 %4d ms  p95 %4d ms  (%d runs)\n' "$label" "$p50" "$p95" "$RUNS"
}
once() {
	local label=$1; shift
	local t; t=$(ms); "$@" >/dev/null; printf '%-66s %8d ms\n' "$label" $(( $(ms) - t ))
}
unit_report() { "$BIN/attendctl" -d "$1" report punctuality --agency big --unit u0001 --from 2026-10-01 --to 2026-10-31 --format "$2"; }
percentiles "punctuality, 1 unit (200 people), 1 month, JSON, superuser" unit_report "$PG_SUPER" json
percentiles "punctuality, 1 unit (200 people), 1 month, JSON, HR login (RLS)" unit_report "$HR_DB" json
percentiles "punctuality, 1 unit (200 people), 1 month, terminal table, HR (RLS)" unit_report "$HR_DB" table
once "punctuality, whole agency ($N people), 1 month, CSV, superuser" \
	"$BIN/attendctl" -d "$PG_SUPER" report punctuality --agency big --from 2026-10-01 --to 2026-10-31 --format csv
once "punctuality, whole agency ($N people), 1 month, CSV, HR login (RLS)" \
	"$BIN/attendctl" -d "$HR_DB" report punctuality --agency big --from 2026-10-01 --to 2026-10-31 --format csv
once "C01-HD timesheet XLSX, 1 unit (200 people), HR login (RLS)" \
	"$BIN/attendctl" -q -d "$HR_DB" timesheet --agency big --unit u0001 --month 2026-10 --output "$SVC_DIR/c01.xlsx"
