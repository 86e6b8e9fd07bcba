#!/usr/bin/env bash
# attendctl timesheet: the C01-HD Bảng chấm công of a unit for a month, as XLSX read back with
# openpyxl and as CSV; every day cell and the "Quy ra công" columns 32-34 are checked against
# the day results in the database; header, Cộng row, signatures, legend and page setup.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/hr.sh"
svc_init hr-timesheet
pg_start
hr_month_setup
fail() { echo "FAIL: $*"; exit 1; }

"$BIN/attendctl" -q -d "$HR_DB" timesheet --agency ubnd-x --unit vp --month 2026-10 --output "$SVC_DIR/c01.xlsx"
# The day results as the database has them: code -> 31 cells (blank when pending or absent).
psql_q "SELECT json_object_agg(p.code, (SELECT json_agg(coalesce(CASE WHEN r.pending THEN '' ELSE r.symbol END, '') ORDER BY d)
          FROM generate_series(1, 31) d LEFT JOIN attend.day_result r ON r.person_id = p.id
          AND r.work_date = date '2026-10-01' + d - 1))
        FROM attend.person p WHERE p.code IN ('p1', 'p2')" > "$SVC_DIR/db.json"
/usr/bin/python3 - "$SVC_DIR/c01.xlsx" "$SVC_DIR/db.json" <<'PY' || fail "XLSX does not match the day results"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
db = json.load(open(sys.argv[2]))
ws = wb.active
text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
for want in ["Đơn vị: UBND xã X", "Bộ phận: Văn phòng", "Mã QHNS: 1234567", "BẢNG CHẤM CÔNG",
             "Tháng 10 năm 2026", "Số: ........", "Mẫu số C01-HD", "Ngày trong tháng", "Quy ra công",
             "Số công hưởng lương thời gian", "Số công nghỉ không lương", "Số công hưởng BHXH",
             "Người chấm công", "Phụ trách bộ phận", "Thủ trưởng đơn vị", "(Ký, họ tên)", "Ký hiệu chấm công:",
             "- Ốm, điều dưỡng: Ô", "- Lương thời gian: +", "- Nghỉ phép: P"]:
    assert want in text, want
assert any("Thông tư số 107/2017/TT-BTC" in t for t in text)
assert text.count("(Ký, họ tên)") == 3
assert ws["A9"].value == "STT" and ws["B9"].value == "Họ và tên" and ws["C9"].value.startswith("Ngạch bậc")
assert [ws.cell(10, 4 + d).value for d in range(31)] == list(range(1, 32))
assert ws["AI11"].value == "32" and ws["AK11"].value == "34"
rows = {}
r = 12
while ws.cell(r, 2).value != "Cộng":
    rows[ws.cell(r, 2).value] = r
    r += 1
total_row = r
assert list(rows) == ["Nguyễn Văn An", "Trần Thị Bình"], list(rows)
assert ws.cell(rows["Nguyễn Văn An"], 1).value == 1 and ws.cell(rows["Nguyễn Văn An"], 3).value == "Chuyên viên"
for code, name in (("p1", "Nguyễn Văn An"), ("p2", "Trần Thị Bình")):
    got = [ws.cell(rows[name], 4 + d).value or "" for d in range(31)]
    assert got == db[code], (code, got, db[code])
p2 = [ws.cell(rows["Trần Thị Bình"], c).value for c in (35, 36, 37)]
assert p2 == [20, 0, 0.5], p2
p1 = [ws.cell(rows["Nguyễn Văn An"], c).value for c in (35, 36, 37)]
assert p1 == [22, 0, 0], p1
assert [ws.cell(total_row, c).value for c in (35, 36, 37)] == [42, 0, 0.5]
assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0  # 1 is the OOXML default, left out
PY
# The same through the SQL function a BI tool can call.
[ "$(psql_q "SELECT time_days || '/' || unpaid_days || '/' || social_insurance_days FROM attend.timesheet(
             (SELECT id FROM attend.agency), (SELECT id FROM attend.org_unit WHERE code = 'vp'), '2026-10-01')
             WHERE person_code = 'p2'")" = "20.000/0/0.500" ] || fail "attend.timesheet()"

# CSV: the same cells.
"$BIN/attendctl" -q -d "$HR_DB" timesheet --agency ubnd-x --unit vp --month 2026-10 --format csv --output "$SVC_DIR/c01.csv"
python3 - "$SVC_DIR/c01.csv" "$SVC_DIR/db.json" <<'PY' || fail "CSV does not match the day results"
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"))   # Excel's Vietnamese separator
db = json.load(open(sys.argv[2]))
assert rows[0][:3] == ["STT", "Họ và tên", "Ngạch bậc lương hoặc cấp bậc chức vụ"] and rows[0][3] == "1", rows[0]
p2 = [r for r in rows if r[1] == "Trần Thị Bình"][0]
assert p2[3:34] == db["p2"], p2
assert p2[34:] == ["20", "0", "0,5"], p2[34:]
assert rows[-1][1] == "Cộng" and rows[-1][34:] == ["42", "0", "0,5"], rows[-1]
PY
# A unit with its sub-units: dc under vp adds p3 (all K: nothing in 32-34).
psql_q "UPDATE attend.org_unit SET parent_id = (SELECT id FROM attend.org_unit WHERE code = 'vp') WHERE code = 'dc'"
"$BIN/attendctl" -q -d "$HR_DB" timesheet --agency ubnd-x --unit vp --month 2026-10 --format csv --output "$SVC_DIR/all.csv"
[ "$(grep -c 'Người 3' "$SVC_DIR/all.csv")" = 1 ] || fail "sub-unit people missing"

# A locked month is printed as locked; a change after the lock is listed under the table.
"$BIN/attendctl" -q -d "$HR_DB" month lock ubnd-x 2026-10
"$BIN/attendctl" -q -d "$HR_DB" request add --person p2 --symbol Ô --from 2026-10-08 --to 2026-10-08 --approved-by 'Chủ tịch'
"$BIN/attendctl" -q -d "$EVAL_DB" days evaluate --person p2 --from 2026-10-08 --to 2026-10-08
"$BIN/attendctl" -q -d "$HR_DB" timesheet --agency ubnd-x --unit vp --month 2026-10 --output "$SVC_DIR/locked.xlsx"
/usr/bin/python3 - "$SVC_DIR/locked.xlsx" <<'PY' || fail "locked month"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
text = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
assert ws["K13"].value == "K", ws["K13"].value            # 8/10 of p2 as locked
assert "Thay đổi sau khi khóa sổ tháng (chưa áp dụng):" in text
assert "Trần Thị Bình, 08/10/2026: K -> Ô" in text, [t for t in text if "Bình" in t]
PY

expect_fail() {
	local want=$1; shift
	local out rc=0
	out=$("$BIN/attendctl" -d "$HR_DB" "$@" 2>&1) || rc=$?
	[ "$rc" -ne 0 ] || fail "attendctl $* succeeded"
	grep -qF -- "$want" <<<"$out" || fail "attendctl $*: expected '$want' in: $out"
}
expect_fail "'2026-13' không phải là tháng" timesheet --agency ubnd-x --unit vp --month 2026-13 --output "$SVC_DIR/x.xlsx"
expect_fail "'2026-13' is not a month" timesheet --agency ubnd-x --unit vp --month 2026-13 --output "$SVC_DIR/x.xlsx" --lang en
expect_fail "unit 'kt' does not exist in agency ubnd-x" timesheet --agency ubnd-x --unit kt --month 2026-10 --output "$SVC_DIR/x.xlsx" --lang en
expect_fail "không có cơ quan 'nope'" timesheet --agency nope --unit vp --month 2026-10 --output "$SVC_DIR/x.xlsx"
expect_fail "--output" timesheet --agency ubnd-x --unit vp --month 2026-10 --lang en
expect_fail "--format 'ods'" timesheet --agency ubnd-x --unit vp --month 2026-10 --format ods --output "$SVC_DIR/x.ods"
expect_fail "$SVC_DIR/no-dir/x.xlsx" timesheet --agency ubnd-x --unit vp --month 2026-10 --output "$SVC_DIR/no-dir/x.xlsx"
[ ! -e "$SVC_DIR/x.xlsx" ] && [ -z "$(ls "$SVC_DIR" | grep '\.tmp')" ] || fail "files left by refused runs: $(ls "$SVC_DIR")"
echo "ok: C01-HD XLSX and CSV match the day results cell by cell; 32-34 and Cộng; header, signatures, legend, A4 landscape 1 page wide; 7 bad inputs refused"
