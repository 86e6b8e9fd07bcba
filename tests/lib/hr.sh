# shellcheck shell=bash
# A month of day results for the HR tool tests (tests/integration/test_hr_*.sh), on top of
# services.sh and days.sh: agency ubnd-x with units vp (p1, p2) and dc (p3), October 2026.
#   p1  on time every working day
#   p2  5/10 late 20 min, 6/10 early 30 min, 7/10 no OUT in the afternoon, 8/10 absent,
#       9/10 annual leave P (approved), 12/10 afternoon sick leave Ô (approved)
#   p3  never tapped
# Results come from the real evaluator (attendctl days evaluate), not from SQL.
hr_month_setup() {
	scenario_until 2026-10-31
	days_setup 3
	psql_q "INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'dc', 'Địa chính' FROM attend.agency;
	        UPDATE attend.person SET unit_id = (SELECT id FROM attend.org_unit WHERE code = 'dc') WHERE code = 'p3';
	        UPDATE attend.person SET full_name = 'Nguyễn Văn An', position = 'Chuyên viên' WHERE code = 'p1';
	        UPDATE attend.person SET full_name = 'Trần Thị Bình' WHERE code = 'p2';
	        UPDATE attend.agency SET qhns_code = '1234567';
	        INSERT INTO attend.edge (id, site_id) VALUES ('sql', 'hq');
	        INSERT INTO attend.reader (edge_id, id, name) VALUES ('sql', 'r1', 'Cổng chính'), ('sql', 'r2', 'Cổng sau');"
	# Normal taps for p1 and p2 on every weekday of October, but p2's special days.
	psql_q "INSERT INTO attend.tap (edge_id, epoch, seq, site_id, agency_id, reader_id, direction, uid,
	          known_at_edge, duplicate, tapped_at, sent_at, received_at, recorder)
	        SELECT 'gen', '00000000-0000-0000-0000-000000000002', row_number() OVER (), 'hq', a.id, 'r1', 'both',
	          b.uid, true, false, (d::date + t)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
	          now() - interval '1 day', now() - interval '1 day', 'test'
	        FROM attend.agency a, (VALUES ('B1'), ('B2')) b(uid), generate_series('2026-10-01'::date, '2026-10-31', '1 day') d,
	          (VALUES (time '07:25'), ('11:35'), ('13:25'), ('17:35')) tt(t)
	        WHERE extract(isodow FROM d) < 6
	          AND NOT (b.uid = 'B2' AND d::date IN ('2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09', '2026-10-12'))"
	local t
	for t in '2026-10-05 07:50' '2026-10-05 11:35' '2026-10-05 13:25' '2026-10-05 17:35' \
	         '2026-10-06 07:25' '2026-10-06 11:35' '2026-10-06 13:25' '2026-10-06 17:00' \
	         '2026-10-07 07:25' '2026-10-07 11:35' '2026-10-07 13:25' \
	         '2026-10-12 07:25' '2026-10-12 11:35'; do
		tap_sql B2 "$t"
	done
	"$BIN/attendctl" -q -d "$PG_SUPER" request add --person p2 --symbol P --from 2026-10-09 --to 2026-10-09 --approved-by 'Chủ tịch'
	"$BIN/attendctl" -q -d "$PG_SUPER" request add --person p2 --symbol Ô --from 2026-10-12 --to 2026-10-12 \
		--part afternoon --approved-by 'Chủ tịch'
	"$BIN/attendctl" -q -d "$PG_SUPER" days evaluate --all --agency ubnd-x --from 2026-10-01 --to 2026-10-31
}
