#!/usr/bin/env bash
# Scores in the browser (attend-web, headless Chromium through WebDriver, a real PostgreSQL):
# the unit head enters the people-assessed criteria of unit vp for November 2026, the nightly
# job's login runs `attendctl summary run`, and the pages show what attendctl shows: HR's and
# the unit head's summary equal `attendctl summary show --format json` as the same login; p1's
# card shows the entered points and every deduction with its day and taps.  Hostile use: a note
# holding <script> is shown as text, a form without its CSRF token is refused, a bad value names
# its field and writes nothing, staff get 403/404 for the entry form, the summary and another's
# card, a locked month refuses.  Screenshots (desktop and 390 px) in $SVC_DIR/shots.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/web.sh"
svc_init web_scores
scenario_until 2026-11-21
pg_start
days_setup 4
fail() { echo "FAIL: $*"; exit 1; }
# p4 is in unit kt (not the unit head's); every working day of 2..20 November everyone taps on
# time, except: p1 is 20 minutes late on the 16th and forgets the evening OUT on the 17th; p2
# is away all of the 18th.
psql_q "UPDATE attend.person SET full_name = 'Nguyễn Văn An' WHERE code = 'p1';
        UPDATE attend.person SET full_name = 'Trần Thị Bình' WHERE code = 'p2';
        INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'kt', 'Kế toán' FROM attend.agency;
        UPDATE attend.person SET unit_id = (SELECT id FROM attend.org_unit WHERE code = 'kt'), staff_kind = 'vien_chuc'
          WHERE code = 'p4';
        ALTER TABLE attend.tap DISABLE TRIGGER tap_mark_days;
        INSERT INTO attend.tap (edge_id, epoch, seq, site_id, agency_id, reader_id, direction, uid, known_at_edge,
          duplicate, tapped_at, sent_at, received_at, recorder)
        SELECT 'sql', '00000000-0000-0000-0000-000000000002', row_number() OVER (), 'hq', p.agency_id, 'r1', 'both',
          'B' || substr(p.code, 2), true, false, (d + t.t) AT TIME ZONE 'Asia/Ho_Chi_Minh', now(), now(), 'test'
        FROM attend.person p, generate_series('2026-11-02'::timestamp, '2026-11-20', '1 day') d,
          (VALUES (time '07:25'), ('11:35'), ('13:25'), ('17:35')) t(t)
        WHERE extract(isodow FROM d) < 6
          AND NOT (p.code = 'p1' AND ((d = '2026-11-16' AND t.t = '07:25') OR (d = '2026-11-17' AND t.t = '17:35')))
          AND NOT (p.code = 'p2' AND d = '2026-11-18');
        ALTER TABLE attend.tap ENABLE TRIGGER tap_mark_days;"
tap_sql B1 '2026-11-16 07:50'
"$BIN/attendctl" -q -d "$EVAL_DB" days evaluate --all --agency ubnd-x --from 2026-11-02 --to 2026-11-20 >/dev/null
web_logins
web_start
mkdir -p "$SVC_DIR/shots"
export WEB_URL SVC_DIR TEST_TODAY BIN PGPORT
for who in hr head staff; do export "WEB_PW_${who^^}=$(cat "$SVC_DIR/web_$who.pw")"; done
py() { /usr/bin/python3 "$(dirname "$0")/test_web_scores.py" "$1" || fail "browser, $1 (screenshots in $SVC_DIR/shots)"; }

py entry
# What the form wrote is what `attendctl score set` writes, as the unit head's (and HR's) login.
[ "$(psql_q "SELECT string_agg(p.code || ':' || e.criterion || '=' || e.points || ':' || e.entered_by, ' '
             ORDER BY p.code, e.criterion) FROM attend.score_entry e JOIN attend.person p ON p.id = e.person_id")" = \
  "p1:attitude=3.50:web_head p1:communication=4.00:web_head p1:dress=4.00:web_head p1:ethics=4.00:web_head p1:movement=4.00:web_head p1:task_results=65.00:web_head p2:attitude=4.00:web_head p2:task_results=50.00:web_head p4:attitude=2.00:web_hr" ] ||
	fail "the entries: $(psql_q "SELECT * FROM attend.score_entry")"
[ "$(psql_q "SELECT DISTINCT note FROM attend.score_entry JOIN attend.person p ON p.id = person_id WHERE p.code = 'p1'")" = \
  '<script>alert(1)</script> tốt' ] || fail "p1's note: $(psql_q "SELECT note FROM attend.score_entry")"

# The nightly job scores the month, as its own login.
"$BIN/attendctl" -d "$SUMMARY_DB" summary run --agency ubnd-x --month 2026-11 --as-of 2026-11-20 > "$SVC_DIR/run.txt" ||
	fail "summary run: $(cat "$SVC_DIR/run.txt")"
for who in hr head; do
	PGPASSWORD=$(cat "$SVC_DIR/web_$who.pw") "$BIN/attendctl" -d "host=127.0.0.1 port=$PGPORT user=web_$who dbname=attend" \
		summary show --agency ubnd-x --month 2026-11 --format json --output "$SVC_DIR/summary_$who.json"
done
py summary

# HR locks November: the unit head's form refuses, nothing more is written.
n=$(psql_q "SELECT count(*) FROM attend.score_entry")
"$BIN/attendctl" -q -d "$HR_DB" month lock ubnd-x 2026-11 --reason "đã chốt"
py locked
[ "$(psql_q "SELECT count(*) FROM attend.score_entry")" = "$n" ] || fail "a locked month got entries"

# Who viewed whose data (sql/029): HR and the unit head saw p1..p3 (and HR p4) in the summary,
# the form and p1's card; staff's own card is not logged.
[ "$(psql_q "SELECT string_agg(DISTINCT l.viewer || ':' || p.code, ' ' ORDER BY l.viewer || ':' || p.code)
             FROM attend.data_access_log l JOIN attend.person p ON p.id = l.person_id")" = \
  "web_head:p1 web_head:p2 web_head:p3 web_hr:p1 web_hr:p2 web_hr:p3 web_hr:p4" ] ||
	fail "the access log: $(psql_q "SELECT viewer, person_id, what, detail FROM attend.data_access_log")"
# ... every one of them as a view of scores (sql/034), and p1 reads it so on /privacy.
[ "$(psql_q "SELECT string_agg(DISTINCT what || ':' || detail, ' ') FROM attend.data_access_log")" = "scores:2026-11-01" ] ||
	fail "the access log's kinds: $(psql_q "SELECT DISTINCT viewer, what, detail FROM attend.data_access_log")"
py privacy

# A unit of 300 people (unit lon, the unit head's too) is one form of about 92 KB, above the
# 16 KiB every other form may have (web/http.h): one bad value saves nothing, then all is saved.
psql_q "INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'lon', 'Phòng lớn' FROM attend.agency;
        INSERT INTO attend.person (agency_id, unit_id, code, full_name)
          SELECT u.agency_id, u.id, 'l' || lpad(i::text, 3, '0'), 'Người lớn ' || i FROM attend.org_unit u, generate_series(1, 300) i
          WHERE u.code = 'lon'"
"$BIN/attendctl" -q -d "host=127.0.0.1 port=$PGPORT user=web_admin dbname=attend" access grant web_head ubnd-x --unit lon
# The leave balances as files (doc/leave_balance.c, attendctl's writer): logged as downloads.
py leave
[ "$(psql_q "SELECT string_agg(DISTINCT l.viewer || ':' || l.what || ':' || l.detail, ' ') FROM attend.data_access_log l
             WHERE l.what LIKE 'leave%'")" = "web_hr:leave_balance_csv:2026 web_hr:leave_balance_pdf:2026 web_hr:leave_balance_xlsx:2026" ] ||
	fail "the leave downloads in the access log: $(psql_q "SELECT viewer, what, detail FROM attend.data_access_log WHERE what LIKE 'leave%'")"
py big_bad
[ "$(psql_q "SELECT count(*) FROM attend.score_entry WHERE month = '2026-10-01'")" = 0 ] || fail "a refused form wrote entries"
py big_ok
[ "$(psql_q "SELECT count(*) || ':' || count(DISTINCT e.person_id) || ':' || string_agg(DISTINCT e.entered_by, ',')
             FROM attend.score_entry e JOIN attend.person p ON p.id = e.person_id JOIN attend.org_unit u ON u.id = p.unit_id
             WHERE e.month = '2026-10-01' AND u.code = 'lon'")" = "1800:300:web_head" ] ||
	fail "unit lon's entries: $(psql_q "SELECT count(*), count(DISTINCT person_id) FROM attend.score_entry WHERE month = '2026-10-01'")"
kill -TERM "$WEB_PID"; wait "$WEB_PID" 2>/dev/null || true
echo "ok: unit head entered criteria (audited as web_head, note escaped, bad values named, CSRF), summary equal to attendctl's for HR and the unit head, p1's card with points and deductions by day, staff refused, locked month refused, views logged as scores, a unit of 300 in one form (all or nothing), leave balances downloaded equal to attendctl's; screenshots in shots/"
