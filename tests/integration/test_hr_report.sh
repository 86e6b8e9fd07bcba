#!/usr/bin/env bash
# attendctl report punctuality: figures per person, unit and in total from the real day
# results; the four formats (JSON and XLSX read back, CSV through Python's csv module);
# Vietnamese dates and numbers; bad input refused with its name.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/hr.sh"
svc_init hr-report
pg_start
hr_month_setup
fail() { echo "FAIL: $*"; exit 1; }
rep() { "$BIN/attendctl" -d "$HR_DB" report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 "$@"; }

[ "$(day_of p2 2026-10-07)" = '+/K|on_time,missed|missing_out,unexcused_half_day' ] || fail "p2 7/10: $(day_of p2 2026-10-07)"
[ "$(day_of p2 2026-10-12)" = '+/Ô|on_time,excused|' ] || fail "p2 12/10: $(day_of p2 2026-10-12)"

rep --format json --output "$SVC_DIR/r.json"
[ -n "${SHOW:-}" ] && { rep --lang vi; rep --unit vp; }
python3 - "$SVC_DIR/r.json" <<'PY' || fail "JSON figures"
import json, sys
r = json.load(open(sys.argv[1]))
p = {x["person"]: x for x in r["people"]}
def want(got, **kw):
    for k, v in kw.items():
        assert got[k] == v, (got.get("person", got.get("unit")), k, got[k], v)
want(p["p1"], working_days=22, days_present=22, late_count=0, on_time_days=22, on_time_rate=1, rank=1)
want(p["p2"], working_days=22, days_present=20, late_count=1, late_minutes=20, early_count=1,
     early_minutes=30, missing_taps=1, excused_days=1.5, unexcused_days=1.5, on_time_days=16.5,
     excused={"P": 1, "Ô": 0.5}, rank=2)
# 12/10 '+/Ô': an on-time morning is half an on-time day, of half a day due (sql/026)
assert abs(p["p2"]["on_time_rate"] - 16.5 / 20.5) < 1e-4, p["p2"]["on_time_rate"]
want(p["p3"], working_days=22, days_present=0, unexcused_days=22, on_time_rate=0, unit="dc", rank=3)
u = {x["unit"]: x for x in r["units"]}
want(u["vp"], people=2, working_days=44, late_count=1, rank=1)
want(u["dc"], people=1, rank=2)
want(r["total"][0], people=3, working_days=66, days_present=42, on_time_days=38.5)
assert r["from"] == "2026-10-01" and r["agency"] == "ubnd-x"
PY
# The same figures straight from the view, for a BI tool.
[ "$(psql_q "SELECT sum(late_minutes) || '/' || sum(missing_taps) || '/' || count(*) FILTER (WHERE on_time)
             FROM attend.punctuality_day d JOIN attend.person p ON p.id = d.person_id WHERE p.code = 'p2'")" = "20/1/17" ] ||
	fail "view punctuality_day"
[ "$(psql_q "SELECT on_time_rate FROM attend.punctuality_month m JOIN attend.person p ON p.id = m.person_id WHERE p.code = 'p2' AND month = '2026-10-01'")" = "0.8049" ] ||
	fail "view punctuality_month: $(psql_q "SELECT m.* FROM attend.punctuality_month m JOIN attend.person p ON p.id = m.person_id WHERE p.code = 'p2'")"

# One unit, one person; the terminal table in Vietnamese (dates dd/mm/yyyy, decimal comma).
out=$(rep --unit vp --lang vi)
grep -q 'từ 01/10/2026 đến 31/10/2026' <<<"$out" || fail "vi dates: $out"
grep -q 'Trần Thị Bình' <<<"$out" || fail "unit report lacks p2"
grep -q 'Lê\|Người 3' <<<"$out" && fail "unit report has p3"
grep -q '80,5%' <<<"$out" || fail "vi rate: $out"
grep -q 'P 1, Ô 0,5' <<<"$out" || fail "vi symbols: $out"
out=$(rep --person p2 --lang en)
grep -q '80.5%' <<<"$out" || fail "en rate: $out"
[ "$(echo "$out" | grep -c 'p[13] ')" = 0 ] || fail "person report has others: $out"

# CSV (BOM, quoted by libcsv) and XLSX read back by independent readers.
rep --format csv --output "$SVC_DIR/r.csv" --lang vi
python3 - "$SVC_DIR/r.csv" <<'PY' || fail "CSV"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"))   # Excel's Vietnamese separator
assert rows[0][:4] == ["Phần", "Xếp hạng", "Mã cán bộ", "Họ và tên"], rows[0]
p2 = [r for r in rows if len(r) > 2 and r[2] == "p2"][0]
assert p2[8] == "20" and p2[13] == "P 1, Ô 0,5" and p2[-1] == "80,5%", p2
PY
rep --format xlsx --output "$SVC_DIR/r.xlsx"
# The report function without its agency (psql, a BI tool): a clear refusal, not a syntax error
# quoting the function's internal SQL.
rc=0; out=$(psql "$HR_DB" -qtAX -v ON_ERROR_STOP=1 -c "SELECT count(*) FROM attend.punctuality(NULL, '2026-10-01', '2026-10-31')" 2>&1) || rc=$?
[ "$rc" != 0 ] && grep -q 'a report needs an agency and a period: agency NULL' <<< "$out" && ! grep -qi 'syntax' <<< "$out" ||
	fail "attend.punctuality(NULL, ...): $out"
# Dates as Vietnamese users write them (dd/mm/yyyy) give the same report.
"$BIN/attendctl" -d "$HR_DB" report punctuality --agency ubnd-x --from 01/10/2026 --to 31/10/2026 --format json --output "$SVC_DIR/r-vn.json"
cmp <(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps(r['people']))" "$SVC_DIR/r.json") \
    <(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps(r['people']))" "$SVC_DIR/r-vn.json") >/dev/null ||
	fail "--from 01/10/2026 --to 31/10/2026 differs from the ISO dates"
out=$(LANG=vi_VN.UTF-8 "$BIN/attendctl" -d "$HR_DB" report punctuality --agency ubnd-x --from 31/02/2026 --to 31/10/2026 2>&1) && fail "31/02/2026 accepted"
grep -q "'31/02/2026' không phải là ngày" <<< "$out" || fail "the Vietnamese refusal of 31/02/2026: $out"
/usr/bin/python3 - "$SVC_DIR/r.xlsx" <<'PY' || fail "XLSX"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["People", "Units (own staff)", "Total"], wb.sheetnames
ws = wb["People"]
head = [c.value for c in ws[4]]
assert head[1] == "Staff code" and head[-1] == "On-time rate", head
rows = {r[1]: r for r in ws.iter_rows(min_row=5, values_only=True)}
assert rows["p2"][7] == 20 and abs(rows["p2"][15] - 0.8049) < 1e-4, rows["p2"]
assert ws.page_setup.orientation == "landscape"
PY

# Bad input: named, non-zero, no file left behind.
expect_fail() {
	local want=$1; shift
	local out rc=0
	out=$("$BIN/attendctl" -d "$HR_DB" "$@" 2>&1) || rc=$?
	[ "$rc" -ne 0 ] || fail "attendctl $* succeeded"
	grep -qF -- "$want" <<<"$out" || fail "attendctl $*: expected '$want' in: $out"
}
expect_fail "'2026-10-32' is not a date" report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-32
expect_fail "--from 2026-11-01 is after --to 2026-10-31" report punctuality --agency ubnd-x --from 2026-11-01 --to 2026-10-31
expect_fail "unit 'kt' does not exist in agency ubnd-x" report punctuality --agency ubnd-x --unit kt --from 2026-10-01 --to 2026-10-31
expect_fail "person 'p9' does not exist" report punctuality --agency ubnd-x --person p9 --from 2026-10-01 --to 2026-10-31
expect_fail "agency 'nope' does not exist" report punctuality --agency nope --from 2026-10-01 --to 2026-10-31
expect_fail "--format 'ods'" report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --format ods
expect_fail "--lang 'fr'" report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --lang fr
expect_fail "needs --output" report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --format xlsx
expect_fail "cannot write $SVC_DIR/no-dir/r.csv" report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --format csv --output "$SVC_DIR/no-dir/r.csv"
[ -z "$(ls "$SVC_DIR" | grep '\.tmp')" ] || fail "temporary files left: $(ls "$SVC_DIR")"
echo "ok: punctuality per person/unit/total matches the day results; table (vi/en), CSV, JSON, XLSX read back; 9 bad inputs refused"
