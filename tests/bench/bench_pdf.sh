#!/usr/bin/env bash
# Benchmark of the PDFs (figures, never pass/fail): an agency of BENCH_PEOPLE people (default
# 5,000) in units of 200, November 2026's day results made in SQL (as bench_scores.sh: 10% late
# twice, 2% absent a day, 5% a day of leave P, 3% a forgotten OUT), every criterion entered; then
#  1. the C01-HD timesheet of one unit of 200 as PDF, and as XLSX (the baseline), BENCH_RUNS
#     times each (default 5), as an HR login: the median of `attendctl` end to end;
#  2. the monthly summary of the whole agency: score and store alone, then with the files (CSV,
#     XLSX, and summary.pdf with a scorecard per person, timed by attendctl itself).
# Run: ATTEND_BUILD=build/rel tests/bench/bench_pdf.sh   (make bench runs it too)
set -euo pipefail
SVC_CLOCK=real   # benchmarks run on the real clock
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/fixture_november.sh"
N=${BENCH_PEOPLE:-5000}
RUNS=${BENCH_RUNS:-5}
ms() { date +%s%3N; }
svc_init bench-pdf
pg_start
days_setup 0
echo "machine: $(nproc) cores; $N people; PostgreSQL $(psql_q 'SHOW server_version'), fsync off (test server)"
t0=$(ms)
psql_q "INSERT INTO attend.org_unit (agency_id, code, name)
          SELECT a.id, 'u' || i, 'Phòng ' || i FROM attend.agency a, generate_series(1, ($N + 199) / 200) i;
        INSERT INTO attend.person (agency_id, unit_id, code, full_name, position, staff_kind)
          SELECT a.id, (SELECT id FROM attend.org_unit WHERE code = 'u' || (1 + (i - 1) / 200)), 'p' || lpad(i::text, 5, '0'),
                 'Nguyễn Thị Người ' || i, 'Chuyên viên',
                 CASE WHEN i % 10 = 0 THEN 'hop_dong' WHEN i % 3 = 0 THEN 'vien_chuc' ELSE 'cong_chuc' END
          FROM attend.agency a, generate_series(1, $N) i;"
bench_november
echo "generate: $(( ($(ms) - t0) / 1000 )) s, $(psql_q 'SELECT count(*) FROM attend.day_result') day results"

# 1. The C01-HD of one unit of 200: PDF against the XLSX of the same data.
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
sheet() {   # sheet FORMAT: median ms of RUNS runs
	local i t
	for i in $(seq 1 "$RUNS"); do
		t=$(ms)
		"$BIN/attendctl" -q -d "$HR_DB" timesheet --agency ubnd-x --unit u1 --month 2026-11 --format "$1" \
			--output "$SVC_DIR/c01.$1"
		echo $(( $(ms) - t ))
	done | median
}
xlsx=$(sheet xlsx)
pdf=$(sheet pdf)
printf '%-58s %6d ms  (median of %d)\n' "C01-HD, 1 unit (200 people), XLSX (baseline)" "$xlsx" "$RUNS"
printf '%-58s %6d ms  (median of %d; %s pages, %s)\n' "C01-HD, 1 unit (200 people), PDF" "$pdf" "$RUNS" \
	"$(pdfinfo "$SVC_DIR/c01.pdf" | awk '/^Pages:/ {print $2}')" "$(du -h "$SVC_DIR/c01.pdf" | cut -f1)"
printf '%-58s %6.2f\n' "C01-HD PDF / XLSX" "$(echo "$pdf / $xlsx" | bc -l)"

# 2. The monthly summary of the whole agency: without files, then with CSV, XLSX and PDF.
summary() { "$BIN/attendctl" -d "$SUMMARY_DB" summary run --agency ubnd-x --month 2026-11 --as-of 2026-11-30 "$@"; }
t=$(ms); summary --rescore > /dev/null; bare=$(( $(ms) - t ))
t=$(ms); summary --rescore --output-dir "$SVC_DIR/out" > "$SVC_DIR/run.txt"; all=$(( $(ms) - t ))
pdf_s=$(awk '/summary.pdf:/ {gsub(/[()]/, "", $(NF-1)); print $(NF-1)}' "$SVC_DIR/run.txt")
pdf_ms=$(echo "$pdf_s * 1000" | bc -l | cut -d. -f1)
files=$(( all - bare - pdf_ms ))
out="$SVC_DIR/out/ubnd-x/2026-11"
printf '%-58s %6d ms\n' "summary, $N people: score and store, no files" "$bare"
printf '%-58s %6d ms  (%s)\n' "summary, $N people: CSV + XLSX (baseline)" "$files" "$(du -ch "$out"/*.csv "$out"/*.xlsx | tail -1 | cut -f1)"
printf '%-58s %6d ms  (%s pages, %s)\n' "summary, $N people: summary.pdf with $N scorecards" "$pdf_ms" \
	"$(pdfinfo "$out/summary.pdf" | awk '/^Pages:/ {print $2}')" "$(du -h "$out/summary.pdf" | cut -f1)"
printf '%-58s %6.2f\n' "summary PDF / (CSV + XLSX)" "$(echo "$pdf_ms / $files" | bc -l)"
