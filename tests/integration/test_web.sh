#!/usr/bin/env bash
# attend-web in a real browser (headless Chromium through WebDriver) on a real PostgreSQL with
# the recorder's evaluator running: a staff member justifies a missing OUT tap, the unit head
# approves it, the staff member's day changes; HR sees Today.  Hostile use: a name that is a
# script is shown as text, a form without its CSRF token is refused, another person's page is
# not found, ten wrong passwords are slowed down, cookie flags, a login the database lets in
# without a password is refused.  Screenshots of every page are kept in $SVC_DIR/shots (the
# folder is kept on failure, or with KEEP=1).  The scenario is in November 2026 (the missed
# tap on Monday 16/11); Today is the test's today.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/web.sh"
svc_init web
scenario_until 2026-11-20
pg_start
mqtt_start
days_setup 3
fail() { echo "FAIL: $*"; exit 1; }
psql_q "UPDATE attend.person SET full_name = 'Nguyễn Văn An' WHERE code = 'p1';
        UPDATE attend.person SET full_name = '<script>alert(1)</script>' WHERE code = 'p2';
        UPDATE attend.person SET full_name = 'Lê Thị Cúc' WHERE code = 'p3';
        INSERT INTO attend.edge (id, site_id) VALUES ('sql', 'hq');
        INSERT INTO attend.reader (edge_id, id, name) VALUES ('sql', 'r1', 'Cổng chính'), ('sql', 'r2', 'Cổng sau');
        INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'kt', 'Kế toán' FROM attend.agency;
        INSERT INTO attend.person (agency_id, unit_id, code, full_name)
          SELECT u.agency_id, u.id, 'p4', '=1+2 Phạm Thị Dung' FROM attend.org_unit u WHERE u.code = 'kt';
        INSERT INTO attend.badge (agency_id, uid, person_id, valid_from)
          SELECT agency_id, 'B4', id, '2026-01-01' FROM attend.person WHERE code = 'p4';"
web_logins
write_evaluator_ini rec1
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"
# p1 forgot the evening OUT on Monday 16/11; p2 (the hostile name) came in 20 minutes late today.
tap_sql B1 '2026-11-16 07:28'; tap_sql B1 '2026-11-16 11:32'; tap_sql B1 '2026-11-16 13:27'
tap_sql B2 "$TEST_TODAY 07:50"
# Late arrivals for the punctuality report of 01/11-20/11: p2 (unit vp) twice, p4 (unit kt) once.
tap_sql B2 '2026-11-17 07:50'; tap_sql B2 '2026-11-18 08:05'; tap_sql B4 '2026-11-17 07:45'
wait_day p1 2026-11-16 '+/K|on_time,missed|missing_out,unexcused_half_day' 20 || exit 1
wait_settled || exit 1
web_start
mkdir -p "$SVC_DIR/shots"
export WEB_URL SVC_DIR TEST_TODAY BIN PGPORT
for who in hr head staff; do export "WEB_PW_${who^^}=$(cat "$SVC_DIR/web_$who.pw")"; done
/usr/bin/python3 "$(dirname "$0")/test_web.py" || fail "browser test (screenshots in $SVC_DIR/shots)"
# What the browser did is in the database as the people who did it.
[ "$(psql_q "SELECT created_by || ' ' || status || ' ' || decided_by || ' ' || decision_reason FROM attend.correction")" = \
  "web_staff approved web_head Đúng, đã xác minh" ] || fail "the correction's audit: $(psql_q "SELECT * FROM attend.correction")"
[ "$(day_of p1 2026-11-16)" = '+|on_time,on_time|' ] || fail "p1 16/11: $(day_of p1 2026-11-16)"
# Who viewed whose data (sql/029): HR's report and its CSV named p1..p4, HR opened p2's month,
# the unit head's report and CSV named p1..p3; a person's own views are not logged; nobody writes the log by hand.
# (Today's lists log their day, not a month's first: test_web.py checks those.)
[ "$(psql_q "SELECT string_agg(DISTINCT l.viewer || ':' || l.what || ':' || p.code, ' ' ORDER BY l.viewer || ':' || l.what || ':' || p.code)
             FROM attend.data_access_log l JOIN attend.person p ON p.id = l.person_id
             WHERE l.what IN ('month', 'punctuality', 'punctuality_csv')
               AND NOT (l.what = 'month' AND l.detail NOT LIKE '%-01')")" = \
  "web_head:punctuality:p1 web_head:punctuality:p2 web_head:punctuality:p3 web_head:punctuality_csv:p1 web_head:punctuality_csv:p2 web_head:punctuality_csv:p3 web_hr:month:p2 web_hr:punctuality:p1 web_hr:punctuality:p2 web_hr:punctuality:p3 web_hr:punctuality:p4 web_hr:punctuality_csv:p1 web_hr:punctuality_csv:p2 web_hr:punctuality_csv:p3 web_hr:punctuality_csv:p4" ] ||
	fail "the access log: $(psql_q "SELECT * FROM attend.data_access_log")"
# The timesheet (its page and its three files) named unit vp's p1..p3 for HR and the unit
# head; the report's XLSX and PDF named p1..p4 for HR (sql/030).
docs_log=""
for x in "web_head timesheet timesheet_csv timesheet_pdf timesheet_xlsx" "web_hr punctuality_pdf punctuality_xlsx timesheet timesheet_csv timesheet_pdf timesheet_xlsx"; do
	set -- $x; viewer=$1; shift
	for what; do for p in p1 p2 p3 p4; do
		[ "$p" = p4 ] && [ "${what%%_*}" = timesheet ] && continue
		docs_log="$docs_log $viewer:$what:$p"
	done; done
done
[ "$(psql_q "SELECT string_agg(DISTINCT l.viewer || ':' || l.what || ':' || p.code, ' ' ORDER BY l.viewer || ':' || l.what || ':' || p.code)
             FROM attend.data_access_log l JOIN attend.person p ON p.id = l.person_id
             WHERE l.what NOT IN ('month', 'punctuality', 'punctuality_csv')")" = "${docs_log# }" ] ||
	fail "the access log of the documents: $(psql_q "SELECT viewer, what, person_id FROM attend.data_access_log WHERE what NOT IN ('month', 'punctuality', 'punctuality_csv')")"
as_login() { PGPASSWORD=$(head -n 1 "$SVC_DIR/$1.pw") psql "host=127.0.0.1 port=$PGPORT user=$1 dbname=attend" -qtAX -v ON_ERROR_STOP=1 -c "$2" 2>&1; }
out=$(as_login web_staff "INSERT INTO attend.data_access_log (agency_id, person_id, viewer, what) SELECT agency_id, id, 'x', 'month' FROM attend.person") &&
	fail "staff wrote the log by hand: $out"
[[ $out == *"permission denied"* ]] || fail "writing the log by hand: $out"
# attend.log_data_access() writes only for people the calling login may see: asked by id for
# someone outside, it writes nothing (a unit head and unit kt's p4; staff and p2).
p4=$(psql_q "SELECT id FROM attend.person WHERE code = 'p4'"); p2=$(psql_q "SELECT id FROM attend.person WHERE code = 'p2'")
[ "$(as_login web_head "SELECT attend.log_data_access(ARRAY[$p4]::bigint[], 'month')")" = 0 ] &&
	[ "$(as_login web_staff "SELECT attend.log_data_access(ARRAY[$p2]::bigint[], 'month')")" = 0 ] ||
	fail "a view was logged of someone outside the login's scope"
[ "$(as_login web_staff "SELECT count(*) FROM attend.data_access_log")" = "$(psql_q "SELECT count(*) FROM attend.data_access_log l JOIN attend.person p ON p.id = l.person_id WHERE p.code = 'p1'")" ] ||
	fail "staff read other people's log rows"
grep -q "login of 'web_hr' from 127.0.0.1: slowed down" "$SVC_DIR/web.log" || fail "no slowed-down login in the log"
kill -TERM "$WEB_PID"; wait "$WEB_PID" 2>/dev/null || true

# An idle session is closed, and its database connection with it.
WEB_IDLE=2 web_start web-idle
cookie=$(web_login web_staff)
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$cookie" "$WEB_URL/me")" = 200 ] || fail "the new session does not work"
[ "$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE usename = 'web_staff'")" = 1 ] || fail "no connection of web_staff"
wait_for 10 "grep -q '1 idle session(s) closed' '$SVC_DIR/web-idle.log'" || fail "the idle session was not closed"
[ "$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE usename = 'web_staff'")" = 0 ] || fail "the connection stays open"
[ "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$cookie" "$WEB_URL/me")" = "303 $WEB_URL/login" ] ||
	fail "an expired session still works"
kill -TERM "$WEB_PID"; wait "$WEB_PID" 2>/dev/null || true

# Behind TLS: the cookie is Secure, under the __Host- prefix (no subdomain can set or read it).
WEB_SECURE=true web_start web-tls
token=$(curl -s -c "$SVC_DIR/tls.jar" "$WEB_URL/login" | sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p')
curl -s -o /dev/null -D "$SVC_DIR/tls.headers" --cookie "attend_login=$token" --data-urlencode "login_token=$token" \
	--data-urlencode user=web_staff --data-urlencode "password=$(head -n 1 "$SVC_DIR/web_staff.pw")" "$WEB_URL/login"
grep -qE '^Set-Cookie: __Host-attend_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict; Secure' "$SVC_DIR/tls.headers" ||
	fail "secure cookie: $(cat "$SVC_DIR/tls.headers")"
kill -TERM "$WEB_PID"; wait "$WEB_PID" 2>/dev/null || true
echo "ok: punctuality report (chart, tables and CSV equal to attendctl's, unit head's scope, staff refused), access log, own data download; staff justified a missing OUT, unit head approved, the day changed; HR's Today; hostile name escaped; CSRF, other person, rate limit, cookie flags (Secure behind TLS), trust login refused, idle session closed with its connection; screenshots in shots/"
