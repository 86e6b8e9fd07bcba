# shellcheck shell=bash
# The benchmarks' synthetic November 2026 of day results, made in SQL with generate_series;
# sourced by bench_pdf.sh and bench_scores.sh (on top of tests/lib/services.sh).
#
#   bench_november [missing-tap]   for every person of the database: 21 working days (10% late
#                           twice, 2% absent a day, 5% a day of leave P, 3% a forgotten OUT; with
#                           missing-tap, that OUT also costs the afternoon as an unexcused half
#                           day), and every criterion entered; then ANALYZE.

bench_november() {
	local more=""
	if [ "${1:-}" = missing-tap ]; then
		more="
	        UNION ALL SELECT agency_id, person_id, work_date, 1, 'unexcused_half_day', 'missing_tap', 1, 0, true, NULL
	          FROM pd WHERE n % 33 = 0 AND dd = 17"
	fi
	psql_q "CREATE TEMP TABLE pd AS
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
	          FROM pd WHERE n % 33 = 0 AND dd = 17$more;
	        INSERT INTO attend.score_entry (agency_id, person_id, month, criterion, points)
	        SELECT p.agency_id, p.id, '2026-11-01', k.code, CASE WHEN k.code = 'task_results' THEN 50 + (p.id % 21) ELSE 4 - (p.id % 3) * 0.5 END
	        FROM attend.person p, attend.score_criterion k WHERE k.rule_set_id = 1 AND NOT k.automatic;
	        ANALYZE;"
}
