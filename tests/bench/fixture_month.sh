# shellcheck shell=bash
# The benchmarks' synthetic October 2026, made in SQL with generate_series; sourced by
# bench_days.sh, bench_report.sh and bench_web.sh (on top of tests/lib/services.sh).
#
#   bench_people AGENCY N   N people p1..pN of agency AGENCY (its code) in units of 200
#                           (u0001, u0002, ...), each with a badge B1..BN valid from 1/1/2026
#   bench_taps N            October 2026 for badges B1..BN of agency 1, site 'hq', reader r1:
#                           22 working days, four taps a day (07:30, 11:30, 13:30, 17:30 with
#                           late arrivals and early leaves), about 1 % of taps forgotten —
#                           about 4.4M taps for 50,000 people.  The tap trigger is off while it
#                           runs (as the superuser): it queues nothing; queue the days yourself.

bench_people() {
	local agency=$1 n=$2
	psql_q "INSERT INTO attend.org_unit (agency_id, code, name)
	          SELECT a.id, 'u' || lpad(i::text, 4, '0'), 'Đơn vị ' || i FROM attend.agency a, generate_series(1, ($n + 199) / 200) i
	          WHERE a.code = '$agency';
	        INSERT INTO attend.person (agency_id, unit_id, code, full_name)
	          SELECT u.agency_id, u.id, 'p' || i, 'Người ' || i FROM generate_series(1, $n) i
	          JOIN attend.org_unit u ON u.code = 'u' || lpad(((i - 1) / 200 + 1)::text, 4, '0')
	          JOIN attend.agency a ON a.id = u.agency_id AND a.code = '$agency';
	        INSERT INTO attend.badge (agency_id, uid, person_id, valid_from)
	          SELECT p.agency_id, 'B' || substr(p.code, 2), p.id, '2026-01-01' FROM attend.person p
	          JOIN attend.agency a ON a.id = p.agency_id AND a.code = '$agency';"
}

bench_taps() {
	local n=$1 week
	psql_q "ALTER TABLE attend.tap DISABLE TRIGGER tap_mark_days"
	for week in 0 1 2 3 4; do
		psql_q "INSERT INTO attend.tap (edge_id, epoch, seq, site_id, agency_id, reader_id, direction, uid,
		          known_at_edge, duplicate, tapped_at, sent_at, received_at, recorder)
		        SELECT 'bench', '00000000-0000-0000-0000-00000000000b', (p * 31 + extract(day FROM d)::int) * 4 + s.k,
		          'hq', 1, 'r1', 'both', 'B' || p, true, false, t.at, t.at, t.at, 'bench'
		        FROM generate_series(1, $n) p,
		             generate_series(date '2026-10-01' + 7 * $week, least(date '2026-10-31', date '2026-10-07' + 7 * $week), interval '1 day') d,
		             (VALUES (0, 450, 8), (1, 690, 5), (2, 810, 8), (3, 1050, 5)) s(k, m, spread),
		             LATERAL (SELECT (d::date + make_interval(mins => s.m - s.spread - 3
		                        + CASE WHEN random() < 0.04 THEN (random() * 70)::int ELSE (random() * s.spread)::int END,
		                        secs => (random() * 59)::int)) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS at) t
		        WHERE extract(isodow FROM d) < 6 AND random() > 0.01"
	done
	psql_q "ALTER TABLE attend.tap ENABLE TRIGGER tap_mark_days"
}
