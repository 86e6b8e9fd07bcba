#!/usr/bin/env bash
# Roles that match the people (docs/roles.md), walked as a matrix: each attendctl command run
# under the login of the person (or service) who would use it succeeds; under a role that must
# not, it fails with a clear message naming the role.  The superuser makes only the database,
# the fixtures (a month of day results: tests/lib/hr.sh) and the first administrator; the
# administrator makes every other login and mapping with attendctl.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/hr.sh"
svc_init roles
pg_start
mqtt_start
hr_month_setup
fail() { echo "FAIL: $*"; exit 1; }
psql_q "CREATE ROLE office_admin LOGIN CREATEROLE IN ROLE attend_admin;
        INSERT INTO attend.agency (code, name) VALUES ('ubnd-y', 'UBND xã Y');
        INSERT INTO attend.org_unit (agency_id, code, name, parent_id)
          SELECT a.id, 'vp-tc', 'Tổ tiếp công dân', u.id FROM attend.agency a JOIN attend.org_unit u ON u.agency_id = a.id
          WHERE a.code = 'ubnd-x' AND u.code = 'vp';
        INSERT INTO attend.person (agency_id, unit_id, code, full_name)
          SELECT agency_id, id, 'p4', 'Lê Văn Tư' FROM attend.org_unit WHERE code = 'vp-tc';"
as() { local who=$1; shift; "$BIN/attendctl" -d "host=127.0.0.1 port=$PGPORT dbname=attend user=$who" "$@"; }
n=0
ok() {   # ok WHO CMD...: succeeds as WHO
	local who=$1 out; shift
	out=$(as "$who" "$@" 2>&1) || fail "$who could not: attendctl $*: $out"
	n=$((n + 1)); printf '  ok %-3d %-12s may     %s\n' "$n" "$who" "$*"
}
no() {   # no WHO WANT CMD...: refused as WHO, saying WANT
	local who=$1 want=$2 out rc=0; shift 2
	out=$(as "$who" "$@" 2>&1) || rc=$?
	[ "$rc" != 0 ] || fail "$who could: attendctl $*: $out"
	grep -qF -- "$want" <<< "$out" || fail "$who: attendctl $*: expected '$want' in: $out"
	n=$((n + 1)); printf '  ok %-3d %-12s may not %s  (%s)\n' "$n" "$who" "$*" "$(head -n 1 <<< "$out" | cut -c1-70)"
}
DENIED="not allowed for the database role"

# -- the administrator makes the logins and says who sees what ------------------------------
echo secret-hr > "$SVC_DIR/hr.pw"; chmod 600 "$SVC_DIR/hr.pw"
ok office_admin login add hr_x --kind hr --password-file "$SVC_DIR/hr.pw"
[ "$(psql_q "SELECT rolpassword LIKE 'SCRAM-SHA-256\$%' FROM pg_authid WHERE rolname = 'hr_x'")" = t ] ||
	fail "hr_x's password is not stored as a SCRAM verifier"
ok office_admin login add head_vp --kind unit-head
ok office_admin login add staff_p1 --kind staff
ok office_admin login add summary_svc --kind summary
ok office_admin login add eval_svc --kind evaluator
ok office_admin login add hr_y --kind hr
ok office_admin access grant hr_x ubnd-x
ok office_admin access grant hr_y ubnd-y
ok office_admin access grant head_vp ubnd-x --unit vp
ok office_admin access grant staff_p1 ubnd-x --person p1
as office_admin access list | grep -E '^head_vp +ubnd-x +unit vp' >/dev/null || fail "access list"
no office_admin "--kind 'boss'" login add boss --kind boss
no hr_x "$DENIED" login add another --kind hr
no hr_x "$DENIED" access grant hr_y ubnd-x
no head_vp "$DENIED" access grant head_vp ubnd-x --unit dc

# the evaluator service, as the recorder runs it (for the days HR asks to evaluate)
EVAL_DB="host=127.0.0.1 port=$PGPORT user=eval_svc dbname=attend" write_evaluator_ini rec1
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"

# -- HR of ubnd-x --------------------------------------------------------------------------
ok hr_x badges enroll --agency ubnd-x --person p3 --uid CAFE0003 --yes
ok hr_x badges list --agency ubnd-x
ok hr_x badges unknown --agency ubnd-x --from 2026-10-01 --to 2026-10-31
ok hr_x request add --person p3 --symbol P --from 2026-10-20 --to 2026-10-20 --reason 'việc riêng'
ok hr_x request approve "$(psql_q "SELECT max(id) FROM attend.request")" --by 'Chủ tịch UBND'
ok hr_x days evaluate --all --agency ubnd-x --from 2026-10-19 --to 2026-10-21
[ "$(day_of p3 2026-10-20 | cut -d'|' -f1)" = P ] || fail "HR's evaluation: p3 20/10 is $(day_of p3 2026-10-20)"
ok hr_x report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --format csv
ok hr_x timesheet --agency ubnd-x --unit vp --month 2026-10 --output "$SVC_DIR/c01.xlsx"
ok hr_x today --agency ubnd-x --date 2026-10-05
ok hr_x summary run --agency ubnd-x --month 2026-10 --output-dir "$SVC_DIR/hr-summary"
no hr_x "agency 'ubnd-y' does not exist" report punctuality --agency ubnd-y --from 2026-10-01 --to 2026-10-31
no hr_x "$DENIED" rejected
no hr_y "person 'p1' does not exist" days show --person p1 --from 2026-10-01 --to 2026-10-31

# -- the head of vp (and of vp-tc under it) ---------------------------------------------------
psql_q "SELECT 1" >/dev/null
as staff_p1 -q request add --person p1 --symbol P --from 2026-10-26 --to 2026-10-26 --reason 'đám cưới'
req_p1=$(psql_q "SELECT max(id) FROM attend.request WHERE status = 'requested'")
ok head_vp request approve "$req_p1" --by 'Chánh Văn phòng'
ok hr_x request add --person p3 --symbol P --from 2026-10-27 --to 2026-10-27 --reason 'ốm'
req_p3=$(psql_q "SELECT max(id) FROM attend.request WHERE status = 'requested'")
no head_vp "is not for the database role 'head_vp' to decide" request approve "$req_p3" --by 'Chánh Văn phòng'
ok head_vp score set --person p4 --month 2026-10 --criterion ethics --points 4
no head_vp "person 'p3' does not exist" score set --person p3 --month 2026-10 --criterion ethics --points 4
as head_vp report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --format json |
	python3 -c "import json, sys; r = json.load(sys.stdin); codes = sorted(p['person'] for p in r['people']); assert codes == ['p1', 'p2', 'p4'], codes" ||
	fail "the unit head's report is not vp and vp-tc"
n=$((n + 1)); printf '  ok %-3d %-12s sees    %s\n' "$n" head_vp "in the punctuality report: p1, p2 (vp) and p4 (vp-tc), not p3 (dc)"
ok head_vp days show --person p4 --from 2026-10-01 --to 2026-10-07
no head_vp "$DENIED" request add --person p4 --symbol P --from 2026-10-29 --to 2026-10-29
no head_vp "$DENIED" badges enroll --agency ubnd-x --person p1 --uid CAFE0009 --yes
no head_vp "$DENIED" month lock ubnd-x 2026-10

# -- a staff member: their own record ---------------------------------------------------------
ok staff_p1 days show --person p1 --from 2026-10-01 --to 2026-10-07
ok staff_p1 request add --person p1 --symbol P --from 2026-10-28 --to 2026-10-28 --reason 'khám bệnh'
as staff_p1 report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --format json |
	python3 -c "import json, sys; r = json.load(sys.stdin); codes = [p['person'] for p in r['people']]; assert codes == ['p1'], codes" ||
	fail "staff sees more than itself in the punctuality report"
n=$((n + 1)); printf '  ok %-3d %-12s sees    %s\n' "$n" staff_p1 "in the punctuality report: itself only"
as staff_p1 badges list --agency ubnd-x | grep -c '^B' | grep -qx 1 || fail "staff sees others' badges: $(as staff_p1 badges list --agency ubnd-x)"
n=$((n + 1)); printf '  ok %-3d %-12s sees    %s\n' "$n" staff_p1 "its own badge only"
[ "$(psql "host=127.0.0.1 port=$PGPORT dbname=attend user=staff_p1" -qtAX -c "SELECT string_agg(DISTINCT uid, ',') FROM attend.tap")" = B1 ] ||
	fail "staff sees others' taps"
n=$((n + 1)); printf '  ok %-3d %-12s sees    %s\n' "$n" staff_p1 "its own taps only (B1)"
no staff_p1 "$DENIED" request add --person p1 --symbol P --from 2026-10-29 --to 2026-10-29 --approved-by 'tự duyệt'
no staff_p1 "person 'p2' does not exist" request add --person p2 --symbol P --from 2026-10-29 --to 2026-10-29
no staff_p1 "person 'p2' does not exist" days show --person p2 --from 2026-10-01 --to 2026-10-07
no staff_p1 "$DENIED" request approve "$req_p3"

# -- the nightly summary, as attend-summary.service runs it (config/summary.env's login) -------
ok summary_svc summary run --all --month 2026-10 --output-dir "$SVC_DIR/summaries"
[ -s "$SVC_DIR/summaries/ubnd-y/2026-10/summary.xlsx" ] || fail "the summary service wrote no XLSX for ubnd-y"
[ "$(psql_q "SELECT count(*) FROM attend.scorecard WHERE month = '2026-10-01'")" -ge 4 ] || fail "no scorecards"
no summary_svc "$DENIED" request add --person p1 --symbol P --from 2026-10-30 --to 2026-10-30
no summary_svc "$DENIED" rejected

# -- the administrator ------------------------------------------------------------------------
ok office_admin rejected
ok office_admin login list
ok office_admin login retire hr_y
[ "$(psql_q "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'hr_y'")" = f ] || fail "retire"
echo "ok: $n rules of the role matrix hold (admin, HR, unit head, staff, summary and evaluator services)"
