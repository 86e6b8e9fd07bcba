#!/usr/bin/env bash
# Documents written for people (issue 13): every CSV and XLSX the project writes for people —
# the punctuality report, the C01-HD timesheet, today, unknown badges, rejected payloads, the
# monthly summary's files, summary show, alerts — in Vietnamese and English, read back:
#   - no formula injection: people imported (as HR) as =HYPERLINK("http://x","y") and @SUM(1+1),
#     in a unit named +SUM(2), a reason and a badge that start with - and =: every CSV cell
#     of user text that starts with = + - @ TAB CR is written with a leading ', every XLSX cell
#     is a string (openpyxl data_type 's'), never a formula; the C01-HD's "+" stays "+";
#   - no internal identifier (full_name, cong_chuc, hoan_thanh, ...) and no JSON in any of them;
#   - CSV for Excel's regional settings: ';' and decimal ',' in Vietnamese, ',' and '.' with
#     --csv-style excel-en; plain numbers (a negative number stays a number);
#   - the summary's XLSX figures equal the database's, its layout (title, frozen headings,
#     A4 landscape one page wide, signature block).
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/hr.sh"
svc_init documents
pg_start
hr_month_setup
fail() { echo "FAIL: $*"; exit 1; }
hr() { "$BIN/attendctl" -q -d "$HR_DB" "$@"; }
PY=/usr/bin/python3   # Debian's, with python3-openpyxl
D="$SVC_DIR/docs"
mkdir -p "$D"

# Hostile names arrive the way names arrive: HR imports them.
cat > "$SVC_DIR/units.csv" <<'CSV'
code,name,parent
tc,+SUM(2),vp
CSV
cat > "$SVC_DIR/people.csv" <<'CSV'
code,full_name,unit,staff_kind,position
p4,"=HYPERLINK(""http://x"",""y"")",vp,hop_dong,-chuyên viên
p5,@SUM(1+1),tc,vien_chuc,=1+2
CSV
hr import units "$SVC_DIR/units.csv" --agency ubnd-x
hr import people "$SVC_DIR/people.csv" --agency ubnd-x
[ "$(psql_q "SELECT full_name FROM attend.person WHERE code = 'p4'")" = '=HYPERLINK("http://x","y")' ] || fail "import p4"
# p4 and p5 never tap: October is unexcused days for them (deductions, alerts).
"$BIN/attendctl" -q -d "$EVAL_DB" days evaluate --all --agency ubnd-x --from 2026-10-01 --to 2026-10-31 >/dev/null
# An unknown badge and a rejected payload whose text a device or a sender chose.
tap_sql '=1+1' '2026-10-05 08:00'
psql_q "INSERT INTO attend.rejected_payload (topic, payload, reason, recorder, received_at)
        VALUES ('=attend/v1/x', '\\x3d31', '-bad payload', '@rec', '2026-10-05 08:00+07')"
# People's criteria, so the cards have entered points next to the automatic one.
for p in p1 p2 p3 p4 p5; do
	for k in attitude communication ethics dress movement; do hr score set --person $p --month 2026-10 --criterion $k --points 4; done
	hr score set --person $p --month 2026-10 --criterion task_results --points 65.5
done

for lang in vi en; do
	o="$D/$lang"; mkdir -p "$o"
	hr report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --lang $lang --format csv --output "$o/punctuality.csv"
	hr report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --lang $lang --format xlsx --output "$o/punctuality.xlsx"
	hr timesheet --agency ubnd-x --unit vp --month 2026-10 --lang $lang --format csv --output "$o/timesheet.csv"
	hr timesheet --agency ubnd-x --unit vp --month 2026-10 --lang $lang --output "$o/timesheet.xlsx"
	hr today --agency ubnd-x --date 2026-10-05 --lang $lang --format csv --output "$o/today.csv"
	hr today --agency ubnd-x --date 2026-10-05 --lang $lang --format xlsx --output "$o/today.xlsx"
	hr badges unknown --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --lang $lang --format csv --output "$o/unknown.csv"
	hr badges unknown --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --lang $lang --format xlsx --output "$o/unknown.xlsx"
	"$BIN/attendctl" -q -d "$ADMIN_DB" rejected --since 2026-10-01 --lang $lang --format csv --output "$o/rejected.csv"
	"$BIN/attendctl" -q -d "$ADMIN_DB" rejected --since 2026-10-01 --lang $lang --format xlsx --output "$o/rejected.xlsx"
	"$BIN/attendctl" -q -d "$SUMMARY_DB" summary run --agency ubnd-x --month 2026-10 --as-of 2026-10-31 --lang $lang \
		--output-dir "$o/summary"
	hr summary show --agency ubnd-x --month 2026-10 --person p4 --lang $lang --format csv --output "$o/show.csv"
	hr summary show --agency ubnd-x --month 2026-10 --lang $lang --format xlsx --output "$o/show.xlsx"
	hr alerts --agency ubnd-x --month 2026-10 --lang $lang --format csv --output "$o/alerts.csv"
	hr alerts --agency ubnd-x --month 2026-10 --lang $lang --format xlsx --output "$o/alerts.xlsx"
done
# The other CSV style, both ways.
hr report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --lang vi --csv-style excel-en --format csv --output "$D/vi-en.csv"
hr report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --lang en --csv-style excel-vi --format csv --output "$D/en-vi.csv"

# The database's figures for the summary (as the summary's login reads them).
psql "$SUMMARY_DB" -qtAX -c "SELECT json_object_agg(p.code, json_build_object('late', d.late_count, 'days', d.unexcused_days,
          'sub', d.sub_score, 'total', s.total, 'rank', s.rank))
        FROM attend.discipline_summary d JOIN attend.person p ON p.id = d.person_id
        JOIN attend.scorecard s ON s.agency_id = d.agency_id AND s.month = d.month AND s.person_id = d.person_id
        WHERE d.month = '2026-10-01'" > "$D/db.json"

$PY - "$D" <<'PY' || fail "documents"
import csv, glob, io, json, os, re, sys
import openpyxl

root = sys.argv[1]
IDS = ["full_name", "staff_kind", "late_count", "late_minutes", "cong_chuc", "vien_chuc", "hop_dong",
       "hoan_thanh", "khong_hoan_thanh", "not_ranked", "band_by_score", "rule_set", "written_reminder",
       "unexcused_day", "late_early", "badge_not_worn"]
FORMULA = ("=", "+", "-", "@", "\t", "\r")
checked, hostile = [], 0

def number(s, dec):
    t = s[:-1] if s.endswith("%") else s
    if dec == ",":
        t = t.replace(",", ".")
    try:
        float(t)
        return True
    except ValueError:
        return False

def no_identifiers(path, text):
    for w in IDS:
        assert not re.search(r"\b" + w + r"\b", text), f"{path}: internal identifier {w!r}"
    assert '{"' not in text, f"{path}: JSON in a file for people"

def check_csv(path, sep, dec):
    global hostile
    raw = open(path, encoding="utf-8").read()
    assert raw.startswith("\ufeff"), f"{path}: no BOM"
    rows = list(csv.reader(io.StringIO(raw[1:]), delimiter=sep))
    assert len(rows[0]) > 1, f"{path}: not separated by {sep!r}: {rows[0]}"
    for r in rows:
        for v in r:
            if "HYPERLINK" in v or "@SUM" in v or v.startswith("'"):
                assert v.startswith("'") and v[1:2] in FORMULA, f"{path}: {v!r} not kept as text"
                hostile += 1
            elif v[:1] in FORMULA:   # a number, or the C01-HD's worked mark "+", "+/K"
                assert number(v, dec) or ("timesheet" in path and all(ch in "+/" or ch.isalpha() for ch in v)), \
                    f"{path}: {v!r} would be a formula"
            if re.fullmatch(r"-?\d+[.,]\d+%?", v):   # a decimal number in the style's mark
                assert (dec in v) and number(v, dec), f"{path}: {v!r} is not a number with {dec!r}"
            assert not re.fullmatch(r"\d{1,3}([.,]\d{3})+", v), f"{path}: {v!r} grouped thousands"
    no_identifiers(path, raw)
    checked.append(path)
    return rows

def check_xlsx(path):
    global hostile
    wb = openpyxl.load_workbook(path)
    text = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{path}: {ws.title}!{c.coordinate} is a formula: {c.value!r}"
                if isinstance(c.value, str):
                    text.append(c.value)
                    if "HYPERLINK" in c.value or "@SUM" in c.value:
                        assert c.data_type == "s", f"{path}: {c.coordinate} {c.data_type}"
                        hostile += 1
        text.append(ws.title)
    no_identifiers(path, "\n".join(text))
    checked.append(path)
    return wb

for lang in ("vi", "en"):
    sep, dec = (";", ",") if lang == "vi" else (",", ".")
    d = os.path.join(root, lang)
    for f in sorted(glob.glob(d + "/*.csv") + glob.glob(d + "/summary/ubnd-x/2026-10/*.csv")):
        check_csv(f, sep, dec)
    for f in sorted(glob.glob(d + "/*.xlsx") + glob.glob(d + "/summary/ubnd-x/2026-10/*.xlsx")):
        check_xlsx(f)
check_csv(os.path.join(root, "vi-en.csv"), ",", ".")
check_csv(os.path.join(root, "en-vi.csv"), ";", ",")
assert len(checked) == 2 * (13 + 8) + 2, (len(checked), checked)
assert hostile >= 40, f"only {hostile} hostile cells seen"

# Vietnamese labels where the identifiers were.
rows = check_csv(os.path.join(root, "vi/summary/ubnd-x/2026-10/discipline.csv"), ";", ",")
head = rows[0]
assert head[:4] == ["Mã cán bộ", "Họ và tên", "Đơn vị", "Loại cán bộ"], head
p4 = [r for r in rows if r[0] == "p4"][0]
assert p4[1] == "'=HYPERLINK(\"http://x\",\"y\")" and p4[3] == "Hợp đồng lao động", p4
p5 = [r for r in rows if r[0] == "p5"][0]
assert p5[2] == "'+SUM(2)" and p5[3] == "Viên chức", p5
ded = check_csv(os.path.join(root, "vi/summary/ubnd-x/2026-10/deductions.csv"), ";", ",")
assert any(r[0] == "p4" and r[2] == "01/10/2026" and r[8] == "nghỉ cả ngày không lý do" and r[10] == "-5"
           for r in ded), ded[:3]
cards = check_csv(os.path.join(root, "vi/summary/ubnd-x/2026-10/scorecards.csv"), ";", ",")
assert "Chấp hành nghiêm túc kỷ cương, kỷ luật hành chính" in cards[0], cards[0]
assert any(v.endswith("nhiệm vụ") and v.startswith("Hoàn thành") for r in cards[1:] for v in r), cards[1]
alerts = check_csv(os.path.join(root, "vi/summary/ubnd-x/2026-10/alerts.csv"), ";", ",")
assert any(r[-1] == "Đề nghị nhắc nhở bằng văn bản" for r in alerts), alerts
en = check_csv(os.path.join(root, "en/summary/ubnd-x/2026-10/scorecards.csv"), ",", ".")
assert "Strict administrative discipline" in en[0] and "Rating" in en[0], en[0]
pu = check_csv(os.path.join(root, "vi/punctuality.csv"), ";", ",")
p2 = [r for r in pu if len(r) > 2 and r[2] == "p2"][0]
assert p2[13] == "P 1, Ô 0,5" and p2[-1] == "80,5%" and p2[12] == "1,5", p2

# The summary workbook: figures equal the database, and its layout.
db = json.load(open(os.path.join(root, "db.json")))
wb = openpyxl.load_workbook(os.path.join(root, "vi/summary/ubnd-x/2026-10/summary.xlsx"))
assert wb.sheetnames == ["Kỷ luật", "Trừ điểm", "Thi đua", "Tập thể", "Đề nghị khen thưởng", "Cảnh báo"], wb.sheetnames
ws = wb["Kỷ luật"]
assert ws["A1"].value == "BẢNG TỔNG HỢP CHẤP HÀNH KỶ LUẬT, KỶ CƯƠNG HÀNH CHÍNH", ws["A1"].value
assert ws["A2"].value == "UBND xã X" and "10/2026" in ws["A3"].value and "31/10/2026" in ws["A3"].value, (ws["A2"].value, ws["A3"].value)
hr_ = [c.value for c in ws[6]]
assert hr_[0] == "Mã cán bộ" and ws.freeze_panes == "A7", (hr_, ws.freeze_panes)
ps = ws.page_setup   # A4 landscape, one page wide (fitToWidth unset is 1), as many pages down as needed
assert ps.orientation == "landscape" and int(ps.paperSize) == 9 and ps.fitToWidth in (None, 1) and ps.fitToHeight == 0
assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$6:$6", ws.print_title_rows
col = {h: i for i, h in enumerate(hr_)}
seen = 0
for r in ws.iter_rows(min_row=7, values_only=True):
    if r[0] in db:
        x = db[r[0]]
        assert r[col["Đi muộn"]] == x["late"] and r[col["Nghỉ không lý do (ngày)"]] == x["days"], (r, x)
        assert abs(r[col["Điểm kỷ luật"]] - x["sub"]) < 1e-9, (r, x)
        seen += 1
assert seen == len(db) == 5, (seen, db)
ws = wb["Thi đua"]
hc = [c.value for c in ws[6]]
for r in ws.iter_rows(min_row=7, values_only=True):
    if r[1] in db:
        assert abs(r[hc.index("Tổng điểm")] - db[r[1]]["total"]) < 1e-9 and r[0] == db[r[1]]["rank"], (r, db[r[1]])
values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
assert "Người lập biểu" in values and "Thủ trưởng đơn vị" in values and values.count("(Ký, họ tên)") == 2, values[-8:]
assert any(v.startswith("......, ngày") for v in values), values[-8:]
# a name is not cut: its column is as wide as the longest name
w = ws.column_dimensions["C"].width
assert w >= len('=HYPERLINK("http://x","y")'), w
print(f"{len(checked)} files checked, {hostile} hostile cells kept as text")
PY
grep -q "^$(printf '\xef\xbb\xbf')" "$D/vi/timesheet.csv" || fail "timesheet CSV has no BOM"

# Bad input: the style named, non-zero, nothing written.
out=$("$BIN/attendctl" -d "$HR_DB" report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --format csv \
	--csv-style excel-fr --lang vi --output "$D/bad.csv" 2>&1) && fail "--csv-style excel-fr accepted"
grep -q "excel-fr" <<< "$out" || fail "bad style message: $out"
[ ! -e "$D/bad.csv" ] || fail "a file was written for a bad style"
echo "ok: every CSV/XLSX for people in vi and en: hostile text kept text, no identifiers or JSON, Excel's separators, summary figures = database"
