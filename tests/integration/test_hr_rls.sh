#!/usr/bin/env bash
# Row-level security: an HR officer of one agency sees only that agency, through attendctl
# (which connects with the caller's own role) and through psql on the tables and report views.
# Two agencies, two HR logins, one HR login mapped to nothing, one admin.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/hr.sh"
svc_init hr-rls
pg_start
hr_month_setup
fail() { echo "FAIL: $*"; exit 1; }
psql_q "INSERT INTO attend.agency (code, name) VALUES ('ubnd-y', 'UBND xã Y');
        INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'vp', 'Văn phòng Y' FROM attend.agency WHERE code = 'ubnd-y';
        INSERT INTO attend.site (id, agency_id, name) SELECT 'hq-y', id, 'Trụ sở Y' FROM attend.agency WHERE code = 'ubnd-y';
        INSERT INTO attend.schedule_assignment (agency_id, profile_id, valid_from)
          SELECT a.id, p.id, '2026-01-01' FROM attend.agency a, attend.schedule_profile p WHERE a.code = 'ubnd-y' AND p.name = 'standard';
        INSERT INTO attend.person (agency_id, unit_id, code, full_name)
          SELECT a.id, u.id, 'q1', 'Hoàng Văn Yên' FROM attend.agency a JOIN attend.org_unit u ON u.agency_id = a.id WHERE a.code = 'ubnd-y';
        DO \$\$ BEGIN
          CREATE ROLE hr_x LOGIN IN ROLE attend_hr; CREATE ROLE hr_y LOGIN IN ROLE attend_hr;
          CREATE ROLE hr_none LOGIN IN ROLE attend_hr;
        END \$\$;"
"$BIN/attendctl" -q -d "$EVAL_DB" days evaluate --all --agency ubnd-y --from 2026-10-01 --to 2026-10-31
"$BIN/attendctl" -q -d "$ADMIN_DB" access grant hr_x ubnd-x
"$BIN/attendctl" -q -d "$ADMIN_DB" access grant hr_y ubnd-y
"$BIN/attendctl" -d "$ADMIN_DB" access list | grep -q '^hr_x .*ubnd-x' || fail "access list"
as() { local who=$1; shift; "$BIN/attendctl" -d "host=127.0.0.1 port=$PGPORT dbname=attend user=$who" "$@"; }
sql_as() { psql "host=127.0.0.1 port=$PGPORT dbname=attend user=$1" -v ON_ERROR_STOP=1 -qtAX -c "$2"; }
seen() {   # what a role sees of each table / view, as "name=count ..."
	sql_as "$1" "SELECT 'agency=' || (SELECT count(*) FROM attend.agency) || ' person=' || (SELECT count(*) FROM attend.person)
	  || ' unit=' || (SELECT count(*) FROM attend.org_unit) || ' day_result=' || (SELECT count(DISTINCT agency_id) FROM attend.day_result)
	  || ' day_session=' || (SELECT count(DISTINCT agency_id) FROM attend.day_session)
	  || ' punctuality_day=' || (SELECT count(DISTINCT person_id) FROM attend.punctuality_day)
	  || ' tap=' || (SELECT count(DISTINCT agency_id) FROM attend.tap) || ' site=' || (SELECT count(*) FROM attend.site)
	  || ' request=' || (SELECT count(*) FROM attend.request) || ' reader=' || (SELECT count(*) FROM attend.reader)
	  || ' symbols=' || (SELECT count(*) > 10 FROM attend.timesheet_symbol)"
}
[ "$(seen hr_x)" = "agency=1 person=3 unit=2 day_result=1 day_session=1 punctuality_day=3 tap=1 site=1 request=2 reader=2 symbols=true" ] ||
	fail "hr_x sees: $(seen hr_x)"
[ "$(seen hr_y)" = "agency=1 person=1 unit=1 day_result=1 day_session=1 punctuality_day=1 tap=0 site=1 request=0 reader=0 symbols=true" ] ||
	fail "hr_y sees: $(seen hr_y)"
[ "$(seen hr_none)" = "agency=0 person=0 unit=0 day_result=0 day_session=0 punctuality_day=0 tap=0 site=0 request=0 reader=0 symbols=true" ] ||
	fail "hr_none sees: $(seen hr_none)"
[ "$(seen admin_login)" = "agency=2 person=4 unit=3 day_result=2 day_session=2 punctuality_day=4 tap=1 site=2 request=2 reader=2 symbols=true" ] ||
	fail "admin sees: $(seen admin_login)"

# attendctl as each officer: their own agency works, the other does not exist for them.
as hr_x report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --format json |
	python3 -c "import json, sys; r = json.load(sys.stdin); assert len(r['people']) == 3, r" || fail "hr_x report"
as hr_y report punctuality --agency ubnd-y --from 2026-10-01 --to 2026-10-31 --format json |
	python3 -c "import json, sys; r = json.load(sys.stdin); assert [p['person'] for p in r['people']] == ['q1'] and r['people'][0]['working_days'] == 22, r" ||
	fail "hr_y report"
out=$(as hr_x report punctuality --agency ubnd-y --from 2026-10-01 --to 2026-10-31 2>&1) && fail "hr_x read ubnd-y"
grep -q "agency 'ubnd-y' does not exist" <<<"$out" || fail "hr_x on ubnd-y: $out"
out=$(as hr_y timesheet --agency ubnd-x --unit vp --month 2026-10 --output "$SVC_DIR/x.xlsx" 2>&1) && fail "hr_y timesheet of ubnd-x"
[ ! -e "$SVC_DIR/x.xlsx" ] || fail "a refused timesheet was written"
as hr_y -q timesheet --agency ubnd-y --unit vp --month 2026-10 --format csv --output "$SVC_DIR/y.csv"
grep -q 'Hoàng Văn Yên' "$SVC_DIR/y.csv" && ! grep -q 'Nguyễn Văn An' "$SVC_DIR/y.csv" || fail "hr_y timesheet"
as hr_y today --agency ubnd-y --date 2026-10-05 --format json |
	python3 -c "import json, sys; t = json.load(sys.stdin); assert t['silent_readers'] == [] and t['in'] == [], t" ||
	fail "hr_y sees ubnd-x's readers or taps"

# Writing: HR imports its own staff; rows of another agency are refused by the policy.
printf 'code,full_name,unit\nx9,Người mới,vp\n' > "$SVC_DIR/p.csv"
as hr_x -q import people "$SVC_DIR/p.csv" --agency ubnd-x
out=$(as hr_x import people "$SVC_DIR/p.csv" --agency ubnd-y 2>&1) && fail "hr_x imported into ubnd-y"
grep -q "agency 'ubnd-y' does not exist" <<<"$out" || fail "hr_x import ubnd-y: $out"
out=$(sql_as hr_x "INSERT INTO attend.person (agency_id, unit_id, code, full_name)
        SELECT a.id, 1, 'z1', 'Z' FROM (SELECT $(psql_q "SELECT id FROM attend.agency WHERE code = 'ubnd-y'") AS id) a" 2>&1) && fail "hr_x inserted a ubnd-y person"
grep -q "row-level security" <<<"$out" || fail "insert into ubnd-y: $out"
out=$(sql_as hr_x "UPDATE attend.person SET full_name = 'X' WHERE code = 'q1'" 2>&1)
[ "$(psql_q "SELECT full_name FROM attend.person WHERE code = 'q1'")" = "Hoàng Văn Yên" ] || fail "hr_x changed q1"
# The mapping is the administrators' to change.
out=$(as hr_x access grant hr_x ubnd-y 2>&1) && fail "hr_x granted itself ubnd-y"
# (a later migration may grant HR SELECT on every table: it still sees only its own mapping)
rc=0; out=$(sql_as hr_x "SELECT string_agg(role_name, ',') FROM attend.hr_access" 2>&1) || rc=$?
case "$rc:$out" in [1-9]*:*"permission denied"*|0:hr_x) ;; *) fail "hr_x reads others' mappings (exit $rc): $out" ;; esac
[ "$(psql_q "SELECT count(*) FROM attend.person WHERE code IN ('x9', 'z1')")" = 1 ] || fail "person rows"
# Scores and raw MQTT input: each officer sees only its agency's summaries and scorecards;
# rejected payloads are the administrators' alone.
"$BIN/attendctl" -q -d "$SUMMARY_DB" summary run --all --month 2026-10 > /dev/null
psql_q "INSERT INTO attend.rejected_payload (received_at, topic, payload, reason, recorder) VALUES (now(), 't', 'x', 'r', 'rec')"
scores_seen() {
	sql_as "$1" "SELECT (SELECT count(DISTINCT agency_id) FROM attend.scorecard) || ' ' || (SELECT count(DISTINCT agency_id) FROM attend.discipline_summary)
	  || ' ' || (SELECT count(DISTINCT agency_id) FROM attend.summary_state) || ' ' || (SELECT count(DISTINCT agency_id) FROM attend.discipline_deduction)"
}
[ "$(scores_seen hr_x)" = "1 1 1 1" ] || fail "hr_x sees scores of: $(scores_seen hr_x)"
[ "$(sql_as hr_y "SELECT string_agg(DISTINCT p.code, ',') FROM attend.scorecard s JOIN attend.person p ON p.id = s.person_id")" = q1 ] ||
	fail "hr_y scorecards"
[ "$(scores_seen admin_login)" = "2 2 2 2" ] || fail "admin sees scores of: $(scores_seen admin_login)"
out=$(sql_as hr_x "SELECT count(*) FROM attend.rejected_payload" 2>&1) && fail "hr_x reads rejected payloads: $out"
echo "$out" | grep "permission denied" >/dev/null || fail "rejected payloads: $out"

"$BIN/attendctl" -q -d "$ADMIN_DB" access revoke hr_x ubnd-x
[ "$(sql_as hr_x "SELECT count(*) FROM attend.person")" = 0 ] || fail "revoked hr_x still sees people"
out=$("$BIN/attendctl" -d "$ADMIN_DB" access grant nobody_role ubnd-x 2>&1) && fail "granted a missing role"
grep -q "database role 'nobody_role' does not exist" <<<"$out" || fail "missing role: $out"
echo "ok: hr_x sees only ubnd-x, hr_y only ubnd-y, unmapped HR nothing, admin all (tables, views, attendctl); cross-agency writes refused; revoke takes effect"
