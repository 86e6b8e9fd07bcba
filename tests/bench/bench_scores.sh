#!/usr/bin/env bash
# Benchmark of the monthly summary and scores (figures, never pass/fail): BENCH_PEOPLE people
# (default 50,000) in 500 units, November 2026's day results made directly with
# generate_series (21 working days each; 10% late twice, 2% absent a day, 5% a day of leave P,
# 3% a forgotten OUT), every criterion entered for everyone; then `attendctl summary run` with
# files, timed: once (written), again (unchanged), and again with --rescore.
# Run: ATTEND_BUILD=build/rel tests/bench/bench_scores.sh   (KEEP=1 keeps the database)
set -euo pipefail
SVC_CLOCK=real   # benchmarks run on the real clock
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/fixture_november.sh"
N=${BENCH_PEOPLE:-50000}
ms() { date +%s%3N; }
svc_init bench-scores
pg_start
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "ALTER SYSTEM SET shared_buffers = '512MB'" >/dev/null
pg_stop; pg_start
days_setup 0
echo "machine: $(nproc) cores; $N people; PostgreSQL $(psql_q 'SHOW server_version'), fsync off (test server)"
t0=$(ms)
psql_q "INSERT INTO attend.org_unit (agency_id, code, name)
          SELECT a.id, 'u' || i, 'Phòng ' || i FROM attend.agency a, generate_series(1, 500) i;
        INSERT INTO attend.person (agency_id, unit_id, code, full_name, staff_kind)
          SELECT a.id, (SELECT id FROM attend.org_unit WHERE code = 'u' || (1 + i % 500)), 'p' || i, 'Người ' || i,
                 CASE WHEN i % 10 = 0 THEN 'hop_dong' WHEN i % 3 = 0 THEN 'vien_chuc' ELSE 'cong_chuc' END
          FROM attend.agency a, generate_series(1, $N) i;"
bench_november missing-tap
echo "generate: $(( ($(ms) - t0) / 1000 )) s, $(psql_q 'SELECT count(*) FROM attend.day_result') day results,"\
     "$(psql_q 'SELECT count(*) FROM attend.day_exception') exceptions, $(psql_q 'SELECT count(*) FROM attend.score_entry') entered points"
run() {
	local t0 t1
	t0=$(ms)
	"$BIN/attendctl" -d "$PG_SUPER" summary run --agency ubnd-x --month 2026-11 --as-of 2026-11-30 --output-dir "$SVC_DIR/out" "$@" |
		sed 's/^/  /'
	t1=$(ms)
	printf '%-44s %6.2f s\n' "summary run $* (end to end)" "$(echo "($t1 - $t0) / 1000" | bc -l)"
}
run
run
run --rescore
echo "rows: $(psql_q 'SELECT count(*) FROM attend.discipline_summary') summaries, $(psql_q 'SELECT count(*) FROM attend.discipline_deduction') deduction rows,"\
     "$(psql_q 'SELECT count(*) FROM attend.score_alert') alerts; files: $(du -sh "$SVC_DIR/out" | cut -f1)"
