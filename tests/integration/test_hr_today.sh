#!/usr/bin/env bash
# attendctl today: who tapped in, who was late, whose OUT tap is missing, which readers are
# silent — on a day of the test month (--date) and in every format.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/hr.sh"
svc_init hr-today
pg_start
hr_month_setup
fail() { echo "FAIL: $*"; exit 1; }
today() { "$BIN/attendctl" -d "$HR_DB" today --agency ubnd-x "$@"; }
# r1 was heard a minute ago by the test's clock; r2 never.
tap_sql B1 "$(test_local -60)"

today --date 2026-10-05 --format json --output "$SVC_DIR/t5.json"
today --date 2026-10-07 --format json --output "$SVC_DIR/t7.json"
python3 - "$SVC_DIR/t5.json" "$SVC_DIR/t7.json" <<'PY' || fail "today figures"
import json, sys
t5, t7 = (json.load(open(f)) for f in sys.argv[1:3])
assert [x["person"] for x in t5["in"]] == ["p1", "p2"], t5["in"]
p2 = [x for x in t5["in"] if x["person"] == "p2"][0]
assert p2["first_tap"] == "07:50" and p2["last_tap"] == "17:35" and p2["taps"] == 4, p2
assert [(x["person"], x["session"], x["late_minutes"], x["in"]) for x in t5["late"]] == [("p2", "morning", 20, "07:50")], t5["late"]
assert t5["missing_out"] == [], t5["missing_out"]
assert [(x["person"], x["session"], x["in"]) for x in t7["missing_out"]] == [("p2", "afternoon", "13:25")], t7["missing_out"]
assert [x["reader"] for x in t5["silent_readers"]] == ["r2"], t5["silent_readers"]
assert t5["date"] == "2026-10-05"
PY
out=$(today --date 2026-10-05 --lang vi)
for want in "Hôm nay" "05/10/2026" "Có mặt hôm nay" "Thiếu lượt chấm ra" "Đầu đọc im lặng" "Cổng sau"; do
	grep -qF "$want" <<<"$out" || fail "vi: '$want' missing in: $out"
done
today --date 2026-10-05 --format xlsx --output "$SVC_DIR/t.xlsx"
/usr/bin/python3 -c "import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1]); assert wb.sheetnames == ['In today', 'Late', 'OUT tap missing', 'Silent readers'], wb.sheetnames" "$SVC_DIR/t.xlsx" ||
	fail "XLSX sheets"
today --date 2026-10-05 --format csv | python3 -c "import csv, sys; rows = list(csv.reader(sys.stdin)); assert any(r[1:3] == ['p2', 'Trần Thị Bình'] for r in rows), rows" ||
	fail "CSV"
# Without --date: today in the agency's zone by the business clock (nobody tapped today but the
# one B1 tap a minute ago, so no reader of the site is silent but r2).
today --format json | python3 -c "
import json, sys
t = json.load(sys.stdin)
assert t['date'] == '$TEST_TODAY', t['date']
assert [x['person'] for x in t['in']] == ['p1'], t
assert [x['reader'] for x in t['silent_readers']] == ['r2'], t['silent_readers']" || fail "today without --date"

expect_fail() {
	local want=$1; shift
	local out rc=0
	out=$("$BIN/attendctl" -d "$HR_DB" "$@" 2>&1) || rc=$?
	[ "$rc" -ne 0 ] || fail "attendctl $* succeeded"
	grep -qF -- "$want" <<<"$out" || fail "attendctl $*: expected '$want' in: $out"
}
expect_fail "'2026-02-29' is not a date" today --agency ubnd-x --date 2026-02-29
expect_fail "agency 'nope' does not exist" today --agency nope
expect_fail "--silent-after 'x'" today --agency ubnd-x --silent-after x
expect_fail "--agency" today
echo "ok: in, late, missing OUT and silent readers on 5/10 and 7/10 (JSON, table vi, CSV, XLSX); today by the agency's clock; 4 bad inputs refused"
