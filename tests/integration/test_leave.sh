#!/usr/bin/env bash
# Leave balances (phép năm), each figure computed by hand (docs/reports.md "Leave balances"):
# the class days of Labour Code art. 113, the seniority days of art. 114 (from a service start
# earlier than the hire date), pro rata for a year begun on 1 July, days carried over from 2025
# and lapsing after 31/3, 2.5 days taken with a half-day P (from the evaluator's day results),
# remaining; the warning on a P request beyond the balance, and the refusal when the agency
# says so (nothing written).  Each action under its person's role: the administrator sets the
# rule (ADMIN_DB), HR keeps people's leave facts and makes requests and reports (HR_DB), a unit
# head and a staff member see their own scope.  The scenario is fixed: 2025-2026, seen on
# 15/10/2026 (the test clock), whatever day the suite runs.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
svc_init leave
test_now 2026-10-15T10:00:00+07:00
pg_start
days_setup 5
fail() { echo "FAIL: $*"; exit 1; }
n=0
pass() { n=$((n + 1)); echo "  ok $n $*"; }

# -- fixtures (superuser): units vp (p1-p3) and dc (p4, p5), hire dates, schedules from 2025 --
psql_q "INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'dc', 'Địa chính' FROM attend.agency;
        UPDATE attend.person SET unit_id = (SELECT id FROM attend.org_unit WHERE code = 'dc') WHERE code IN ('p4', 'p5');
        UPDATE attend.person SET hired_on = CASE code WHEN 'p1' THEN date '2023-03-01' WHEN 'p2' THEN '2024-01-01'
          WHEN 'p3' THEN '2020-01-01' WHEN 'p4' THEN '2026-07-01' ELSE '2022-01-10' END;
        UPDATE attend.schedule_assignment SET valid_from = '2025-01-01';
        CREATE ROLE office_admin LOGIN CREATEROLE IN ROLE attend_admin;"
as() { local who=$1; shift; "$BIN/attendctl" -d "host=127.0.0.1 port=$PGPORT dbname=attend user=$who" "$@"; }
ADMIN() { "$BIN/attendctl" -d "$ADMIN_DB" "$@"; }
HR() { "$BIN/attendctl" -d "$HR_DB" "$@"; }
as office_admin -q login add head_dc --kind unit-head >/dev/null
as office_admin -q access grant head_dc ubnd-x --unit dc >/dev/null
as office_admin -q login add staff_p1 --kind staff >/dev/null
as office_admin -q access grant staff_p1 ubnd-x --person p1 >/dev/null

# bal WHO ARGS... -> the JSON report in $SVC_DIR/bal.json;  fig PERSON KEY -> a figure of it
bal() { local who=$1; shift; as "$who" leave balance --agency ubnd-x --format json "$@" > "$SVC_DIR/bal.json"; }
fig() {
	python3 - "$SVC_DIR/bal.json" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
v = [p[sys.argv[3]] for p in d["people"] if p["person"] == sys.argv[2]]
print(("%g" % v[0]) if v and isinstance(v[0], (int, float)) else (v[0] if v else "(no row)"))
PY
}
want() {   # want PERSON KEY VALUE WHY
	local got; got=$(fig "$1" "$2")
	[ "$got" = "$3" ] || fail "$1 $2: expected $3 ($4), got $got"
	pass "$1 $2 = $3 ($4)"
}

# -- the rule: the administrator's; nobody else may change it --------------------------------
ADMIN leave settings --agency ubnd-x --carry-over yes --carry-max 5 --carry-until 31/03 --tracked-from 2025 \
	--lang en > "$SVC_DIR/settings.txt"
grep -E 'carry-over: at most \(days\) +5$' "$SVC_DIR/settings.txt" >/dev/null || fail "settings: $(cat "$SVC_DIR/settings.txt")"
pass "the administrator sets the agency's rule (carry-over at most 5 days, until 31/03, tracked from 2025)"
out=$(HR leave settings --agency ubnd-x --over-balance refuse 2>&1) && fail "HR changed the leave rule: $out"
grep -F "not allowed for the database role 'hr_login'" <<< "$out" >/dev/null || fail "HR refusal: $out"
out=$(as head_dc leave settings --agency ubnd-x --carry-max 1 2>&1) && fail "a unit head changed the leave rule: $out"
grep -F "not allowed for the database role 'head_dc'" <<< "$out" >/dev/null || fail "unit head refusal: $out"
pass "HR and a unit head may read the rule, not change it ($(head -n 1 <<< "$out" | cut -c1-60)...)"

# -- people's leave facts: HR's ------------------------------------------------------------------
bal hr_login
want p3 entitled 13 "hired 01/01/2020: 6 full years by 31/12/2026 -> 12 + 1"
HR -q leave person --agency ubnd-x --person p2 --class heavy >/dev/null
HR -q leave person --agency ubnd-x --person p3 --service-start 01/06/2015 >/dev/null
out=$(as staff_p1 leave person --agency ubnd-x --person p1 --class especially_heavy 2>&1) &&
	fail "staff changed their own leave class: $out"
grep -F "not allowed for the database role 'staff_p1'" <<< "$out" >/dev/null || fail "staff refusal: $out"
out=$(HR leave person --agency ubnd-x --person p1 --class heavyish 2>&1) && fail "an unknown class was taken: $out"
grep -F "leave class 'heavyish' does not exist" <<< "$out" >/dev/null || fail "unknown class: $out"
pass "HR sets a class and a service start; staff may not; an unknown class is refused"

# -- leave taken: approved P, made by HR, evaluated into day results ------------------------------
HR -q request add --person p5 --symbol P --from 03/03/2025 --to 13/03/2025 --approved-by 'Chủ tịch' --reason 'nghỉ phép 2025'
HR -q request add --person p5 --symbol P --from 2026-03-02 --to 2026-03-03 --approved-by 'Chủ tịch'
HR -q request add --person p5 --symbol P --from 2026-03-04 --to 2026-03-04 --part morning --approved-by 'Chủ tịch'
# (the evaluator's work, done here by the superuser: it is not the point of this test)
"$BIN/attendctl" -q -d "$PG_SUPER" days evaluate --all --agency ubnd-x --from 2025-03-01 --to 2025-03-31
"$BIN/attendctl" -q -d "$PG_SUPER" days evaluate --all --agency ubnd-x --from 2026-01-01 --to 2026-12-31
[ "$(day_of p5 2026-03-04 | cut -d'|' -f1)" = "P/K" ] || fail "p5 04/03/2026 is $(day_of p5 2026-03-04)"
# One meaning: the SQL calendar used for days not yet evaluated is the engine's (rules/calendar.c).
read -r days odd <<< "$(psql_q "SELECT count(*), count(*) FILTER (WHERE day_kind <> attend.calendar_day_kind(agency_id, work_date))
                                FROM attend.day_result" | tr '|' ' ')"
[ "$days" -gt 1500 ] && [ "$odd" = 0 ] || fail "attend.calendar_day_kind disagrees with the evaluator on $odd of $days days"
pass "attend.calendar_day_kind() agrees with the evaluator's day kind on all $days days evaluated (2025-2026)"

# -- the figures, as HR sees them on 15/10/2026 --------------------------------------------------
bal hr_login --year 2026
want p1 entitled 12 "normal work, 3 years' service: art. 113(1) 12 days"
want p1 months 12 "employed the whole year"
want p2 entitled 14 "leave class heavy: 14 days"
want p3 service_years 11 "service from 01/06/2015 (an earlier state employer)"
want p3 seniority_days 2 "11 years -> 2 full steps of 5 (art. 114)"
want p3 entitled 14 "12 + 2"
want p4 months 6 "hired 01/07/2026: July to December"
want p4 entitled 6 "12 x 6 / 12 (art. 113(2), NĐ 145/2020 art. 66)"
want p5 carried_over 3 "2025: 12 entitled, 9 taken (03-13/03/2025) -> 3 carried (cap 5)"
want p5 taken 2.5 "02/03 and 03/03 whole days, 04/03 morning (P/K)"
want p5 lapsed 0.5 "3 carried, 2.5 used by 31/03: 0.5 lapsed"
want p5 remaining 12 "12 + 3 - 0.5 lapsed - 2.5 taken"
want p1 carried_over 5 "2025 tracked, nothing taken: 12 unused, capped at 5"
want p1 remaining 12 "the 5 carried lapsed on 31/03 unused"
[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["people"]))' "$SVC_DIR/bal.json")" = 5 ] ||
	fail "HR does not see the agency's 5 people"
bal hr_login --person p5 --as-of 15/03/2026
want p5 lapsed 0 "on 15/03 the carried days are still usable"
want p5 remaining 12.5 "12 + 3 - 2.5"
bal hr_login --year 2025
want p5 taken 9 "2025: 03/03 to 13/03/2025, 9 working days"
want p5 remaining 3 "12 - 9"

# -- scope: a unit head sees their unit, staff themselves ---------------------------------------
bal head_dc
people=$(python3 -c 'import json,sys; print(",".join(p["person"] for p in json.load(open(sys.argv[1]))["people"]))' "$SVC_DIR/bal.json")
[ "$people" = "p4,p5" ] || fail "the head of dc sees $people"
want p5 remaining 12 "the same figure for the unit head"
bal staff_p1
people=$(python3 -c 'import json,sys; print(",".join(p["person"] for p in json.load(open(sys.argv[1]))["people"]))' "$SVC_DIR/bal.json")
[ "$people" = "p1" ] || fail "staff sees $people"
out=$(as staff_p1 leave balance --agency ubnd-x --person p2 2>&1) && fail "staff saw p2's balance: $out"
grep -F "person 'p2' does not exist in agency ubnd-x or is not visible to the database role 'staff_p1'" <<< "$out" >/dev/null ||
	fail "staff asking for p2: $out"
pass "the head of dc sees p4 and p5, staff_p1 only p1, and p2's balance is not visible to staff_p1"

# -- a P request beyond the balance: a warning, the request kept ---------------------------------
# p1: 12 remaining; 02/11-18/11/2026 is 13 working days.
before=$(psql_q "SELECT count(*) FROM attend.request")
HR request add --person p1 --symbol P --from 02/11/2026 --to 18/11/2026 --lang en > "$SVC_DIR/req.out" 2> "$SVC_DIR/req.err" ||
	fail "a request over the balance was refused under the warn rule: $(cat "$SVC_DIR/req.err")"
want_msg="attendctl: request add: warning: annual leave of p1 in 2026: this request takes 13 day(s); 12 day(s) remain, of which 0 already asked for and not decided: 1 day(s) over the balance"
[ "$(cat "$SVC_DIR/req.err")" = "$want_msg" ] || fail "warning: expected '$want_msg', got '$(cat "$SVC_DIR/req.err")'"
[ "$(psql_q "SELECT count(*) FROM attend.request")" = $((before + 1)) ] || fail "the warned request was not written"
pass "warning, exit 0, request kept: $(cut -c1-90 "$SVC_DIR/req.err")..."
# staff asks half a day more, in Vietnamese: 13 already asked and not decided
as staff_p1 request add --person p1 --symbol P --from 19/11/2026 --to 19/11/2026 --part morning --lang vi \
	> /dev/null 2> "$SVC_DIR/req.err" || fail "staff's request refused: $(cat "$SVC_DIR/req.err")"
want_msg="attendctl: request add: cảnh báo: phép năm của p1 năm 2026: đơn này cần 0,5 ngày; còn lại 12 ngày, trong đó 13 ngày đã xin và chưa duyệt: vượt số phép 0,5 ngày"
[ "$(cat "$SVC_DIR/req.err")" = "$want_msg" ] || fail "vi warning: expected '$want_msg', got '$(cat "$SVC_DIR/req.err")'"
pass "staff's own request, warned in Vietnamese: $(cut -c1-80 "$SVC_DIR/req.err")..."
bal hr_login
want p1 pending 13.5 "13 + 0.5 asked and not decided"
want p1 available -1.5 "12 - 13.5"

# -- the agency refuses instead: nothing written ------------------------------------------------
ADMIN -q leave settings --agency ubnd-x --over-balance refuse > /dev/null
before=$(psql_q "SELECT count(*) FROM attend.request")
rc=0; HR request add --person p1 --symbol P --from 2026-11-20 --to 2026-11-20 --lang en > /dev/null 2> "$SVC_DIR/req.err" || rc=$?
[ "$rc" != 0 ] || fail "a request over the balance was written under the refuse rule"
grep -F "refused: annual leave of p1 in 2026: this request takes 1 day(s); 12 day(s) remain, of which 13.5 already asked for and not decided: 1 day(s) over the balance. The agency refuses leave beyond the balance; nothing was written" \
	"$SVC_DIR/req.err" >/dev/null || fail "refusal: $(cat "$SVC_DIR/req.err")"
[ "$(psql_q "SELECT count(*) FROM attend.request")" = "$before" ] || fail "the refused request was written"
pass "refused, exit $rc, nothing written: $(cut -c1-80 "$SVC_DIR/req.err")..."
# any other client (attend-web, psql) meets the same rule in the database
out=$(psql "$HR_DB" -v ON_ERROR_STOP=1 -qtAX -c "INSERT INTO attend.request (agency_id, person_id, symbol, date_from, date_to)
        SELECT agency_id, id, 'P', '2026-11-20', '2026-11-20' FROM attend.person WHERE code = 'p1'" 2>&1) &&
	fail "the database took a request over the balance: $out"
grep -F "annual leave request exceeds the balance of 2026: 1 day(s) asked, -1.5 available, 1 over" <<< "$out" >/dev/null ||
	fail "the trigger's refusal: $out"
[ "$(psql_q "SELECT count(*) FROM attend.request")" = "$before" ] || fail "the trigger let a request through"
# within the balance, and not P: taken as before
HR -q request add --person p2 --symbol P --from 2026-11-20 --to 2026-11-20 || fail "p2's request within the balance refused"
HR -q request add --person p1 --symbol Ô --from 2026-11-20 --to 2026-11-20 || fail "a sick-leave request was refused"
pass "the database refuses it too (psql as HR); within the balance or not P: written"

# -- formats, languages, bad input ----------------------------------------------------------------
HR leave balance --agency ubnd-x --unit dc --lang vi > "$SVC_DIR/bal-vi.txt"
grep -E '^p5 +Người 5 +dc +Điều kiện bình thường ' "$SVC_DIR/bal-vi.txt" >/dev/null || fail "vi table: $(cat "$SVC_DIR/bal-vi.txt")"
grep -F 'Số dư phép năm' "$SVC_DIR/bal-vi.txt" >/dev/null || fail "vi title: $(head -n 2 "$SVC_DIR/bal-vi.txt")"
HR leave balance --agency ubnd-x --format csv --output "$SVC_DIR/bal.csv" --lang en
grep -F '"People","p5","Người 5","dc","Normal working conditions","4","12","0","12","12","3","0.5","2.5","0","0","12","12"' \
	"$SVC_DIR/bal.csv" >/dev/null || fail "CSV: $(cat "$SVC_DIR/bal.csv")"
# the units (own staff) and the total have the same columns, so the CSV's sections line up; the
# total is named by what it covers (the agency here) and adds up the units
/usr/bin/python3 - "$SVC_DIR/bal.csv" <<'PY' || fail "CSV sections: $(cat "$SVC_DIR/bal.csv")"
import sys, csv
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
units = [r for r in rows if r and r[0] == "Units (own staff)"]
total = [r for r in rows if r and r[0] == "Total"]
assert units and len(total) == 1, (units, total)
assert all(len(r) == len(total[0]) for r in units), (units, total)
assert total[0][1] == "" and total[0][2] == "UBND xã X", total
assert int(total[0][3]) == sum(int(r[3]) for r in units), (units, total)
PY
HR leave balance --agency ubnd-x --format xlsx --output "$SVC_DIR/bal.xlsx"
/usr/bin/python3 - "$SVC_DIR/bal.xlsx" <<'PY' || fail "XLSX"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
rows = [[c.value for c in r] for ws in wb for r in ws.iter_rows()]
p5 = [r for r in rows if "p5" in r]
assert p5 and 12 in p5[0] and 2.5 in p5[0], p5
PY
pass "table in Vietnamese, CSV and XLSX read back"
bad() {   # bad WANT ARGS...: refused with WANT, exit 2
	local want=$1 out rc=0; shift
	out=$(HR "$@" 2>&1) || rc=$?
	[ "$rc" = 2 ] || fail "attendctl $*: exit $rc: $out"
	grep -F -- "$want" <<< "$out" >/dev/null || fail "attendctl $*: expected '$want' in: $out"
}
bad "--year '19' is not a year (2000-2999)" leave balance --agency ubnd-x --year 19 --lang en
bad "--as-of '31/02/2026' is not a date" leave balance --agency ubnd-x --as-of 31/02/2026 --lang en
bad "--as-of 2025-05-01 is not in --year 2026" leave balance --agency ubnd-x --year 2026 --as-of 2025-05-01 --lang en
bad "give --unit or --person, not both" leave balance --agency ubnd-x --unit dc --person p5 --lang en
bad "--carry-until '30/02' is not a day of the year" leave settings --agency ubnd-x --carry-until 30/02 --lang en
bad "--over-balance 'maybe' is not warn or refuse" leave settings --agency ubnd-x --over-balance maybe --lang en
bad "--opening-year and --opening-days go together" leave person --person p1 --opening-year 2025 --lang en
bad "không phải là năm" leave balance --agency ubnd-x --year 20x6 --lang vi
pass "8 bad inputs, each named, exit 2"
echo "ok: leave balances ($n checks)"
