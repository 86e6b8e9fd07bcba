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
          FROM attend.agency a, generate_series(1, $N) i;
        CREATE TEMP TABLE pd AS
          SELECT p.agency_id, p.id person_id, d::date work_date, substr(p.code, 2)::int n, extract(day FROM d)::int dd
          FROM attend.person p, generate_series('2026-11-02'::date, '2026-11-30', '1 day') d
          WHERE extract(isodow FROM d) < 6;
        INSERT INTO attend.day_result (agency_id, person_id, work_date, day_kind, working_day, present, profile,
          symbol, pending, minutes_late, minutes_early, minutes_worked, sessions, exceptions, rule_set_id,
          rule_set_label, digest)
        SELECT agency_id, person_id, work_date, 'working', true, s.present, 'standard', s.symbol, false,
          s.late, 0, s.worked, s.sessions, '[]', 1, 'vn-default-2026.1', 'bench'
        FROM pd CROSS JOIN LATERAL (SELECT
          CASE WHEN n % 50 = 0 AND dd = 10 THEN 'K' WHEN n % 20 = 1 AND dd = 12 THEN 'P' ELSE '+' END symbol,
          NOT (n % 50 = 0 AND dd = 10) AND NOT (n % 20 = 1 AND dd = 12) present,
          CASE WHEN n % 10 = 3 AND dd IN (5, 18) THEN 12 ELSE 0 END late,
          CASE WHEN n % 50 = 0 AND dd = 10 THEN 0 ELSE 480 END worked,
          CASE WHEN n % 50 = 0 AND dd = 10 THEN '[{\"index\":0,\"status\":\"absent\",\"symbol\":\"K\"},{\"index\":1,\"status\":\"absent\",\"symbol\":\"K\"}]'
               WHEN n % 20 = 1 AND dd = 12 THEN '[{\"index\":0,\"status\":\"excused\",\"symbol\":\"P\"},{\"index\":1,\"status\":\"excused\",\"symbol\":\"P\"}]'
               ELSE '[{\"index\":0,\"status\":\"on_time\",\"symbol\":\"+\"},{\"index\":1,\"status\":\"on_time\",\"symbol\":\"+\"}]' END::jsonb sessions) s;
        INSERT INTO attend.day_exception (agency_id, person_id, work_date, seq, kind, cause, session, minutes, discipline, tap_at)
        SELECT agency_id, person_id, work_date, 0, 'late', 'none', 0, 12, true, work_date + time '07:47' FROM pd
          WHERE n % 10 = 3 AND dd IN (5, 18)
        UNION ALL SELECT agency_id, person_id, work_date, s, 'unexcused_half_day', 'absent', s, 0, true, NULL
          FROM pd, generate_series(0, 1) s WHERE n % 50 = 0 AND dd = 10
        UNION ALL SELECT agency_id, person_id, work_date, 0, 'missing_out', 'none', 1, 0, true, work_date + time '13:25'
          FROM pd WHERE n % 33 = 0 AND dd = 17
        UNION ALL SELECT agency_id, person_id, work_date, 1, 'unexcused_half_day', 'missing_tap', 1, 0, true, NULL
          FROM pd WHERE n % 33 = 0 AND dd = 17;
        INSERT INTO attend.score_entry (agency_id, person_id, month, criterion, points)
        SELECT p.agency_id, p.id, '2026-11-01', k.code, CASE WHEN k.code = 'task_results' THEN 50 + (p.id % 21) ELSE 4 - (p.id % 3) * 0.5 END
        FROM attend.person p, attend.score_criterion k WHERE k.rule_set_id = 1 AND NOT k.automatic;
        ANALYZE;"
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
