#!/usr/bin/env bash
# The PDFs to print and sign (cairo + pango): the C01-HD timesheet and the punctuality report as
# HR, the monthly summary with scorecards as the nightly summary job.  Each is read back with
# pdftotext and compared with the database figure by figure; Vietnamese text must survive
# shaping; the heading rows repeat on every page of a long unit; the signatures share a page
# with the last rows; no internal identifier is printed; bad input leaves nothing behind.
# PDF_KEEP=DIR copies the PDFs there (to look at them).
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/hr.sh"
svc_init pdf
pg_start
hr_month_setup
fail() { echo "FAIL: $*"; exit 1; }
# A unit of 60 more people (Kế toán, under Văn phòng): never tapped, so every working day is K;
# enough rows for the timesheet to run onto more pages.
psql_q "INSERT INTO attend.org_unit (agency_id, code, name, parent_id)
          SELECT a.id, 'kt', 'Kế toán', (SELECT id FROM attend.org_unit WHERE code = 'vp') FROM attend.agency a;
        INSERT INTO attend.person (agency_id, unit_id, code, full_name, position)
          SELECT a.id, (SELECT id FROM attend.org_unit WHERE code = 'kt'), 'k' || lpad(i::text, 2, '0'),
                 'Lê Thị Hằng ' || i, 'Kế toán viên' FROM attend.agency a, generate_series(1, 60) i;"
"$BIN/attendctl" -q -d "$EVAL_DB" days evaluate --all --agency ubnd-x --from 2026-10-01 --to 2026-10-31 >/dev/null
hr() { "$BIN/attendctl" -q -d "$HR_DB" "$@"; }
# The unit head's part of the scorecards.
for p in p1 p2 p3; do
	for k in attitude communication ethics dress movement; do hr score set --person $p --month 2026-10 --criterion $k --points 4; done
done
hr score set --person p1 --month 2026-10 --criterion task_results --points 68
hr score set --person p2 --month 2026-10 --criterion task_results --points 60

hr timesheet --agency ubnd-x --unit vp --month 2026-10 --format pdf --output "$SVC_DIR/c01.pdf"
hr report punctuality --lang vi --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --format pdf --output "$SVC_DIR/punctuality.pdf"
"$BIN/attendctl" -q -d "$SUMMARY_DB" summary run --agency ubnd-x --month 2026-10 --as-of 2026-10-31 --output-dir "$SVC_DIR/out"
cp "$SVC_DIR/out/ubnd-x/2026-10/summary.pdf" "$SVC_DIR/summary.pdf"
if [ -n "${PDF_KEEP:-}" ]; then mkdir -p "$PDF_KEEP"; cp "$SVC_DIR"/*.pdf "$PDF_KEEP/"; fi
for f in c01 punctuality summary; do
	pdftotext -layout "$SVC_DIR/$f.pdf" "$SVC_DIR/$f.txt"
	pdfinfo "$SVC_DIR/$f.pdf" > "$SVC_DIR/$f.info"
	grep -q '^Creator: *attendctl$' "$SVC_DIR/$f.info" || fail "$f: creator: $(cat "$SVC_DIR/$f.info")"
done
pages() { awk '/^Pages:/ {print $2}' "$SVC_DIR/$1.info"; }

# ---- C01-HD: every day cell of every row and columns 32-34, by the position of each word
# under the column codes A B C 1 .. 34 (pdftotext -bbox), against the database.
pdftotext -bbox "$SVC_DIR/c01.pdf" "$SVC_DIR/c01.html"
psql_q "SELECT json_agg(json_build_object('code', t.person_code, 'name', t.full_name,
          'cells', (SELECT json_agg(coalesce(CASE WHEN r.pending THEN '' ELSE r.symbol END, '') ORDER BY d)
                    FROM generate_series(1, 31) d LEFT JOIN attend.day_result r ON r.person_id = p.id
                    AND r.work_date = date '2026-10-01' + d - 1),
          'pay', json_build_array(t.time_days, t.unpaid_days, t.social_insurance_days)) ORDER BY t.person_code)
        FROM attend.timesheet((SELECT id FROM attend.agency), (SELECT id FROM attend.org_unit WHERE code = 'vp'), '2026-10-01') t
        JOIN attend.person p ON p.code = t.person_code" > "$SVC_DIR/c01.json"
python3 - "$SVC_DIR/c01.html" "$SVC_DIR/c01.json" "$SVC_DIR/c01.txt" <<'PY' || fail "C01-HD PDF does not match the database"
import html, json, re, sys
from decimal import Decimal
db = json.load(open(sys.argv[2]))
text = open(sys.argv[3]).read()
def vi(n):   # as hr_num prints it in Vietnamese: 20, 0,5
    s = format(Decimal(str(n)).normalize(), "f")
    return s.replace(".", ",")
rows = {}    # STT -> {code: text}
pages = re.findall(r"<page.*?</page>", open(sys.argv[1]).read(), re.S)
for page in pages:
    words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)]
    lines = {}
    for w in words:
        lines.setdefault(round((w[1] + w[3]) / 2), []).append(w)
    ys = sorted(lines)
    # the row of column codes: A B C 1 ... 34, on every page (the headings repeat)
    codes = [y for y in ys if [w[4] for w in sorted(lines[y])][:4] == ["A", "B", "C", "1"]]
    assert len(codes) == 1, "column codes not repeated on a page"
    head = sorted(lines[codes[0]])
    assert [w[4] for w in head] == ["A", "B", "C"] + [str(i) for i in range(1, 35)], [w[4] for w in head]
    centre = {w[4]: (w[0] + w[2]) / 2 for w in head}
    for y in ys:
        if y <= codes[0]:
            continue
        ws = sorted(lines[y])
        if not ws[0][4].isdigit() or abs((ws[0][0] + ws[0][2]) / 2 - centre["A"]) > 4:
            continue
        cells = {}
        for w in ws:
            x = (w[0] + w[2]) / 2
            if x < centre["1"] - 6:
                continue
            code = min((abs(x - c), k) for k, c in centre.items() if k not in "ABC")[1]
            cells[code] = w[4]
        rows[int(ws[0][4])] = cells
assert sorted(rows) == list(range(1, len(db) + 1)), sorted(rows)
for i, person in enumerate(db, 1):
    got = rows[i]
    want = {str(d + 1): s for d, s in enumerate(person["cells"]) if s}
    assert {k: v for k, v in got.items() if int(k) <= 31} == want, (person["code"], got, want)
    assert [got.get(k) for k in ("32", "33", "34")] == [vi(n) for n in person["pay"]], (person["code"], got)
    assert re.search(r"\b%d +%s\b" % (i, re.escape(person["name"])), text), person["name"]
# the Cộng row
total = [vi(sum(Decimal(str(p["pay"][k])) for p in db)) for k in range(3)]
assert re.search(r"Cộng +%s +%s +%s\s*$" % tuple(total), text, re.M), total
p2 = [p for p in db if p["code"] == "p2"][0]
assert p2["pay"] == [20, 0, 0.5] and "+/Ô" in p2["cells"] and "+/K" in p2["cells"], p2
for want in ["Đơn vị: UBND xã X", "Bộ phận: Văn phòng", "Mã QHNS: 1234567", "BẢNG CHẤM CÔNG", "Tháng 10 năm 2026",
             "Mẫu số C01-HD", "Thông tư số 107/2017/TT-BTC", "Ngày trong tháng", "Quy ra công", "Người chấm công",
             "Phụ trách bộ phận", "Thủ trưởng đơn vị", "Ký hiệu chấm công:", "Ốm, điều dưỡng: Ô", "Lê Thị Hằng 60"]:
    assert want in text, want
assert text.count("(Ký, họ tên)") == 3
PY
n=$(pages c01)
[ "$n" -ge 2 ] && [ "$n" -le 4 ] || fail "C01-HD of 62 people on $n pages"
grep -q '^Title: *BẢNG CHẤM CÔNG — Văn phòng — 10/2026$' "$SVC_DIR/c01.info" || fail "title: $(grep Title "$SVC_DIR/c01.info")"
grep -q 'Page size: *841.89 x 595.276' "$SVC_DIR/c01.info" || fail "not A4 landscape: $(grep 'Page size' "$SVC_DIR/c01.info")"
for i in $(seq 1 "$n"); do   # each page: the headings, and its number
	pdftotext -layout -f "$i" -l "$i" "$SVC_DIR/c01.pdf" - > "$SVC_DIR/page.txt"
	grep -q "Họ và tên" "$SVC_DIR/page.txt" && grep -q "Trang $i/$n" "$SVC_DIR/page.txt" || fail "C01-HD page $i: no headings or page number"
done
# the signatures are on the page of the last rows (the Cộng row and the last person)
grep -q "Người chấm công" "$SVC_DIR/page.txt" && grep -q "Cộng" "$SVC_DIR/page.txt" && grep -q "Trần Thị Bình" "$SVC_DIR/page.txt" ||
	fail "signatures apart from the last rows"

# ---- the punctuality report: each person's late count, minutes and on-time rate
psql_q "SELECT json_agg(json_build_object('code', person_code, 'name', full_name, 'unit', unit_code, 'late', late_count,
          'minutes', late_minutes, 'rate', on_time_rate))
        FROM attend.punctuality((SELECT id FROM attend.agency), '2026-10-01', '2026-10-31', NULL, NULL)" > "$SVC_DIR/rep.json"
python3 - "$SVC_DIR/punctuality.txt" "$SVC_DIR/rep.json" <<'PY' || fail "punctuality PDF does not match the database"
import json, sys
from decimal import Decimal, ROUND_HALF_UP
text = open(sys.argv[1]).read()
db = json.load(open(sys.argv[2]))
def pct(r):
    if r is None:
        return "-"
    s = format(Decimal(str(r * 100)).quantize(Decimal("0.1"), ROUND_HALF_UP).normalize(), "f")
    return s.replace(".", ",") + "%"
lines = [l.split() for l in text.splitlines()]
assert len(db) == 63
for p in db:
    name = p["name"].split()
    hit = [l for l in lines if len(l) > 3 + len(name) and l[1] == p["code"] and l[2:2 + len(name)] == name]
    assert len(hit) == 1, (p["code"], len(hit))
    figures = hit[0][3 + len(name):]
    assert hit[0][2 + len(name)] == p["unit"]
    assert figures[2] == str(p["late"]) and figures[3] == str(p["minutes"]), (p["code"], figures)
    assert figures[-1] == pct(p["rate"]), (p["code"], figures[-1], pct(p["rate"]))
for want in ["BÁO CÁO CHẤP HÀNH GIỜ GIẤC LÀM VIỆC", "Cá nhân", "Đơn vị (cán bộ trực thuộc)", "Người lập biểu",
             "Thủ trưởng đơn vị", "01/10/2026", "P 1, Ô 0,5", "80,5%"]:
    assert want in text, want
PY
grep -q 'Page size: *841.89 x 595.276' "$SVC_DIR/punctuality.info" || fail "report not A4 landscape"
tail -c 2000 "$SVC_DIR/punctuality.txt" | grep -q "Người lập biểu" || fail "report: signatures not at the end"

# ---- the summary: each person's total and band (the table and the scorecard), as stored
psql_q "SELECT json_agg(json_build_object('name', p.full_name, 'total', s.total, 'band', s.band, 'sub', d.sub_score))
        FROM attend.scorecard s JOIN attend.person p ON p.id = s.person_id
        JOIN attend.discipline_summary d ON d.person_id = s.person_id AND d.month = s.month WHERE s.month = '2026-10-01'" > "$SVC_DIR/sum.json"
python3 - "$SVC_DIR/summary.txt" "$SVC_DIR/sum.json" <<'PY' || fail "summary PDF does not match the database"
import json, re, sys
from decimal import Decimal
text = open(sys.argv[1]).read()
db = json.load(open(sys.argv[2]))
band = {"hoan_thanh_xuat_sac": "Hoàn thành xuất sắc nhiệm vụ", "hoan_thanh_tot": "Hoàn thành tốt nhiệm vụ",
        "hoan_thanh": "Hoàn thành nhiệm vụ", "khong_hoan_thanh": "Không hoàn thành nhiệm vụ"}
def vi(n):
    return format(Decimal(str(n)).normalize(), "f").replace(".", ",")
lines = [l.split() for l in text.splitlines()]
assert len(db) == 63
for p in db:
    name = p["name"].split()
    hit = [l for l in lines if len(l) > 10 + len(name) and l[1:1 + len(name)] == name and l[0].strip("\f").isdigit()
           and l[1 + len(name)].isdigit()]
    assert len(hit) == 1, (p["name"], len(hit))
    figures = hit[0][1 + len(name):]
    assert figures[7] == vi(p["sub"]) and figures[8] == vi(p["total"]), (p["name"], figures, p)
    assert " ".join(figures[9:]).startswith(band[p["band"]]), (p["name"], figures, p["band"])
    # the scorecard's own line
    card = re.search(r"^\f?\d+\. %s — .*\n\s*Tổng ([\d,]+) điểm: ([^;\n]+)" % re.escape(p["name"]), text, re.M)
    assert card and card.group(1) == vi(p["total"]) and card.group(2).strip() == band[p["band"]], (p["name"], card and card.groups())
for want in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỔNG HỢP KỶ LUẬT, KỶ CƯƠNG HÀNH CHÍNH", "Tháng 10 năm 2026",
             "I. Cá nhân", "II. Tập thể", "III. Đề nghị khen thưởng", "IV. Phiếu chấm điểm thi đua",
             "Hoàn thành tốt nhiệm vụ", "Người lập biểu", "Thủ trưởng đơn vị", "(Ký, họ tên)",
             "Chấp hành nghiêm túc kỷ cương, kỷ luật hành chính", "05/10/2026", "07:50", "Đi muộn", "đã trừ điểm",
             "chưa chấm"]:
    assert want in text, want
PY
grep -q 'Page size: *595.276 x 841.89' "$SVC_DIR/summary.info" || fail "summary not A4 portrait"
[ "$(pages summary)" -ge 3 ] || fail "summary pages"

# ---- for people: no identifier of the database or the code in any of them
for f in c01 punctuality summary; do
	if grep -n -E 'cong_chuc|vien_chuc|hop_dong|hoan_thanh|_half_day|missing_t|early_leave|badge_not|late_count|full_name|staff_kind|person_id|in_half_day|as_missing|\{"|":' 		"$SVC_DIR/$f.txt"; then fail "$f: an internal identifier is printed"; fi
done

# ---- English on request; bad input: a message, non-zero, nothing left behind
hr timesheet --agency ubnd-x --unit vp --month 2026-10 --format pdf --lang en --output "$SVC_DIR/c01-en.pdf"
pdftotext -layout "$SVC_DIR/c01-en.pdf" "$SVC_DIR/c01-en.txt"
grep -q "TIMESHEET" "$SVC_DIR/c01-en.txt" && grep -q "Page 1/$n" "$SVC_DIR/c01-en.txt" || fail "English timesheet"
if hr report punctuality --lang vi --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --format pdf 2> "$SVC_DIR/err"; then
	fail "PDF to the terminal"; fi
grep -q "cần --output" "$SVC_DIR/err" || fail "no output: $(cat "$SVC_DIR/err")"
if hr timesheet --agency ubnd-x --unit vp --month 2026-10 --format pdf --output "$SVC_DIR/none/c01.pdf" 2> "$SVC_DIR/err"; then
	fail "wrote into a missing folder"; fi
grep -q "none/c01.pdf" "$SVC_DIR/err" || fail "the file is not named: $(cat "$SVC_DIR/err")"
if hr timesheet --agency ubnd-x --unit vp --month 2026-10 --format pdfx --output "$SVC_DIR/x.pdf" 2> "$SVC_DIR/err"; then
	fail "--format pdfx"; fi
grep -q "chọn xlsx, csv hoặc pdf" "$SVC_DIR/err" || fail "format: $(cat "$SVC_DIR/err")"
[ -z "$(find "$SVC_DIR" -maxdepth 3 -name '*.tmp*')" ] && [ ! -e "$SVC_DIR/x.pdf" ] || fail "temporary files left"
echo "C01-HD $n pages, punctuality $(pages punctuality), summary $(pages summary): figures match the database"
