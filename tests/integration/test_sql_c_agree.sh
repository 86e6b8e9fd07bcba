#!/usr/bin/env bash
# One meaning in one place: where C and SQL both need a rule, they agree (docs/architecture.md).
#  1. The dates a tap can change: attend.tap_dates() (sql/022) against rules_dates_affected()
#     on a table of cases (midnight, night shifts, capture windows, other time zones), and
#     the triggers that mark them (a tap, a badge enrolled after its taps, a correction) call
#     it with the widest capture of all rule sets; it is inlined into the tap trigger's query.
#  2. A rule set's defaults and ranges: the shipped version 1 and attend.rule_set's column
#     DEFAULTs are rules_ruleset_default(); boundary values are accepted or refused alike by
#     the table's CHECKs and by rules_ruleset_check().
#  3. The on-time rate has one definition, attend.on_time_rate() (sql/023): the formula it
#     replaced gives the same figures, and no view, function or attendctl query has its own.
#     (Its numerator, the on-time days weighted by the share of each day due, is sql/026's;
#     a late beyond the half-day threshold counted as the summary counts it:
#     tests/integration/test_report_figures.sh.)
#  4. A day result's digest has one definition, attend.day_digest() (sql/024), computed when
#     the evaluator writes: the evaluator's JSON is the text of the jsonb stored, so the digest
#     of each stored row is the one written; an unchanged day is not rewritten, and a locked
#     month gets an adjustment only for the day that changed.
# C's answers come from tests/tools/rules_probe.c, fed what the evaluator's loader feeds it.
# Fixed dates (a fortnight of November 2026, over by the test's today); no evaluator running
# but attendctl's own: nothing here depends on the day it runs.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
svc_init sql-c-agree
scenario_until 2026-11-14
pg_start
db_setup
fail() { echo "FAIL: $*"; exit 1; }
probe() { "$BIN/tools/rules_probe" "$@"; }
tsv() { psql "$PG_SUPER" -v ON_ERROR_STOP=1 -qtAX -F $'\t' -c "$1"; }
# compare WHAT C_FILE SQL_FILE: the same lines, or the differing ones shown
compare() {
	if ! diff "$2" "$3" > "$SVC_DIR/diff"; then
		echo "FAIL: $1: C (<) and SQL (>) disagree:"; cat "$SVC_DIR/diff"; exit 1
	fi
}

# ---- 1. the dates a tap can change ------------------------------------------------------
psql_q "CREATE TABLE agree_tap (n serial, at timestamptz, tz text, capture int, what text)"
psql_q "INSERT INTO agree_tap (at, tz, capture, what) VALUES
  ('2026-11-16 23:59:00+07', 'Asia/Ho_Chi_Minh', 240, 'a tap at 23:59 local'),
  ('2026-11-17 00:01:00+07', 'Asia/Ho_Chi_Minh', 240, 'a tap at 00:01 local'),
  ('2026-11-16 23:59:59+07', 'Asia/Ho_Chi_Minh', 0,   'the last second of a day, no capture'),
  ('2026-11-17 00:00:00+07', 'Asia/Ho_Chi_Minh', 0,   'midnight, no capture'),
  ('2026-11-17 07:05:00+07', 'Asia/Ho_Chi_Minh', 240, 'the OUT of a night shift 19:00-07:00'),
  ('2026-11-16 18:55:00+07', 'Asia/Ho_Chi_Minh', 240, 'the IN of a night shift'),
  ('2026-11-17 03:59:59+07', 'Asia/Ho_Chi_Minh', 240, 't - capture one second before midnight'),
  ('2026-11-17 04:00:00+07', 'Asia/Ho_Chi_Minh', 240, 't - capture at midnight'),
  ('2026-11-16 19:59:59+07', 'Asia/Ho_Chi_Minh', 240, 't + capture one second before midnight'),
  ('2026-11-16 20:00:00+07', 'Asia/Ho_Chi_Minh', 240, 't + capture at midnight'),
  ('2026-11-16 12:00:00+07', 'Asia/Ho_Chi_Minh', 720, 'the widest capture (12 h) from noon'),
  ('2026-11-16 11:59:59+07', 'Asia/Ho_Chi_Minh', 720, 'the widest capture, a second before noon'),
  ('2026-11-16 23:59:30+07', 'Asia/Ho_Chi_Minh', 1,   'a one-minute capture'),
  ('2026-11-16 23:30:00+07', 'Asia/Ho_Chi_Minh', 30,  'a rule set with capture 30'),
  ('2026-11-16 17:30:00+00', 'Asia/Bangkok',     240, 'Bangkok: 00:30 the next day'),
  ('2026-11-16 17:30:00+00', 'UTC',              240, 'the same instant in UTC: 17:30'),
  ('2026-11-16 16:59:59+00', 'Asia/Bangkok',     0,   'Bangkok 23:59:59'),
  ('2026-11-16 16:59:59+00', 'UTC',              0,   'the same instant in UTC'),
  ('2026-11-16 15:30:00+00', 'Asia/Tokyo',       240, 'Tokyo: 00:30 the next day'),
  ('2026-11-16 10:30:00+00', 'Pacific/Kiritimati', 120, 'UTC+14'),
  ('2026-11-16 10:30:00+00', 'Pacific/Pago_Pago',  120, 'UTC-11'),
  ('2026-03-08 07:30:00+00', 'America/New_York', 240, 'the morning summer time starts'),
  ('2026-11-01 05:30:00+00', 'America/New_York', 240, 'the morning summer time ends'),
  ('2026-12-31 23:59:00+07', 'Asia/Ho_Chi_Minh', 240, 'the year ends'),
  ('2028-02-29 00:00:00+07', 'Asia/Ho_Chi_Minh', 0,   'a leap day'),
  ('1969-12-31 23:59:59+00', 'UTC',              0,   'before 1970 (negative local seconds)')"
tsv "SELECT capture, extract(epoch FROM at AT TIME ZONE tz)::bigint FROM agree_tap ORDER BY n" |
	probe dates > "$SVC_DIR/c.dates"
tsv "SELECT min(d), max(d) FROM agree_tap c, attend.tap_dates(c.at, c.tz, make_interval(mins => c.capture)) d
     GROUP BY c.n HAVING count(*) = max(d) - min(d) + 1 ORDER BY c.n" > "$SVC_DIR/sql.dates"
tsv "SELECT what FROM agree_tap ORDER BY n" > "$SVC_DIR/what"
paste "$SVC_DIR/c.dates" "$SVC_DIR/what" > "$SVC_DIR/c.cases"
paste "$SVC_DIR/sql.dates" "$SVC_DIR/what" > "$SVC_DIR/sql.cases"
compare "the dates a tap can change" "$SVC_DIR/c.cases" "$SVC_DIR/sql.cases"
echo "  ok  attend.tap_dates() = rules_dates_affected() on $(wc -l < "$SVC_DIR/what") cases"

# Inlined: the tap trigger's statement is planned with generate_series, not a function call.
plan=$(psql_q "EXPLAIN (VERBOSE, COSTS OFF) SELECT d FROM attend.tap ta
               CROSS JOIN LATERAL attend.tap_dates(ta.tapped_at, 'UTC', interval '4 hours') d")
grep -q 'tap_dates' <<< "$plan" && fail "attend.tap_dates() is not inlined: $plan"
echo "  ok  attend.tap_dates() is inlined into the calling statement"

# The triggers use it, with the widest capture of all rule sets.  A site in UTC and a person
# with a badge; each change below marks days of that person only.
psql_q "INSERT INTO attend.agency (code, name) VALUES ('a', 'A');
        INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'u', 'U' FROM attend.agency;
        INSERT INTO attend.site (id, agency_id, name, tz) SELECT 'utc', id, 'UTC site', 'UTC' FROM attend.agency;
        INSERT INTO attend.person (agency_id, unit_id, code, full_name)
          SELECT a.id, u.id, 'p' || i, 'P' || i FROM attend.agency a, attend.org_unit u, generate_series(1, 3) i;
        INSERT INTO attend.badge (agency_id, uid, person_id, valid_from)
          SELECT agency_id, 'B' || substr(code, 2), id, '2026-01-01' FROM attend.person WHERE code <> 'p3'"
tap() {   # tap UID TIMESTAMPTZ
	psql_q "INSERT INTO attend.tap (edge_id, epoch, seq, site_id, agency_id, reader_id, direction, uid,
	          known_at_edge, duplicate, tapped_at, sent_at, received_at, recorder)
	        SELECT 'sql', '00000000-0000-0000-0000-000000000001', coalesce(max(seq), 0) + 1, 'utc',
	          (SELECT id FROM attend.agency), 'r1', 'both', '$1', true, false, '$2', now(), now(), 'test'
	        FROM attend.tap WHERE edge_id = 'sql'"
}
marked() {   # marked CODE: first and last date queued for the person, and how many
	tsv "SELECT min(work_date), max(work_date), count(*) FROM attend.day_dirty d
	     JOIN attend.person p ON p.id = d.person_id WHERE p.code = '$1'"
}
c_marks() {   # c_marks CAPTURE_MIN TIMESTAMPTZ TZ: what C says, as marked() prints it
	local at a b
	at=$(psql_q "SELECT extract(epoch FROM '$2'::timestamptz AT TIME ZONE '$3')::bigint")
	IFS=$'\t' read -r a b < <(printf '%s\t%s\n' "$1" "$at" | probe dates)
	printf '%s\t%s\t%s\n' "$a" "$b" $(( ($(date -u -d "$b" +%s) - $(date -u -d "$a" +%s)) / 86400 + 1 ))
}
check_marks() {   # check_marks WHAT CODE CAPTURE_MIN TIMESTAMPTZ TZ [CAPTURE_MIN TZ]...
	local what=$1 code=$2 cap=$3 at=$4 tz=$5
	c_marks "$cap" "$at" "$tz" > "$SVC_DIR/c.marks"
	marked "$code" > "$SVC_DIR/sql.marks"
	compare "$what" "$SVC_DIR/c.marks" "$SVC_DIR/sql.marks"
	psql_q "DELETE FROM attend.day_dirty"
	shift 5
	while [ $# -gt 0 ]; do   # a case proves something only if another capture or zone would differ
		[ "$(c_marks "$1" "$at" "$2")" != "$(cat "$SVC_DIR/c.marks")" ] ||
			fail "$what: the case cannot tell capture $cap in $tz from capture $1 in $2"
		shift 2
	done
}
psql_q "DELETE FROM attend.day_dirty"
tap B1 '2026-11-16 15:30:00+00'
check_marks "a tap (capture 240, the default)" p1 240 '2026-11-16 15:30:00+00' UTC \
	240 Asia/Ho_Chi_Minh 600 UTC
psql_q "INSERT INTO attend.rule_set (agency_id, label, effective_from, capture_min)
        SELECT id, 'wide', '2026-01-01', 600 FROM attend.agency"
tap B2 '2026-11-16 05:30:00+00'
check_marks "a tap (the widest capture of all rule sets: 600)" p2 600 '2026-11-16 05:30:00+00' UTC \
	240 UTC 600 Asia/Ho_Chi_Minh
tap B3 '2026-11-20 06:30:00+00'
psql_q "DELETE FROM attend.day_dirty"
psql_q "INSERT INTO attend.badge (agency_id, uid, person_id, valid_from)
        SELECT agency_id, 'B3', id, '2026-01-01' FROM attend.person WHERE code = 'p3'"
check_marks "a badge enrolled after its tap" p3 600 '2026-11-20 06:30:00+00' UTC \
	240 UTC 600 Asia/Ho_Chi_Minh
psql_q "INSERT INTO attend.correction (agency_id, person_id, kind, tapped_at, tz, reason, status, decided_by, decided_at)
        SELECT agency_id, id, 'add', '2026-11-18 05:30:00+00', 'Asia/Tokyo', 'quên quẹt thẻ', 'approved', 'hr', now()
        FROM attend.person WHERE code = 'p1'"
check_marks "an approved correction (in Asia/Tokyo)" p1 600 '2026-11-18 05:30:00+00' Asia/Tokyo \
	240 Asia/Tokyo 600 UTC 600 Asia/Ho_Chi_Minh
echo "  ok  the tap, badge and correction triggers mark the dates C names, with the widest capture"

# ---- 2. a rule set's defaults and ranges ------------------------------------------------
cols="id, label, grace_min, late_half_day_min, early_half_day_min, missing_tap_is_half_day,
      double_tap_sec, capture_min, handover_min, settle_min, clip_worked_to_schedule, sym_worked,
      sym_absent, sym_holiday, sym_compensatory, sym_swapped_day_off, sym_weekend, half_day_separator"
probe defaults > "$SVC_DIR/c.defaults"
tsv "SELECT $cols FROM attend.rule_set WHERE id = 1" > "$SVC_DIR/sql.shipped"
compare "the shipped rule set 1 and rules_ruleset_default()" "$SVC_DIR/c.defaults" "$SVC_DIR/sql.shipped"
# The column DEFAULTs: a row given only what has no default (the label and id as C's).
tsv "BEGIN; INSERT INTO attend.rule_set (label, effective_from) VALUES ('vn-default-2026.1', '2000-01-01')
     RETURNING ${cols/id,/1,}; ROLLBACK" > "$SVC_DIR/sql.defaults"
compare "attend.rule_set's column defaults and rules_ruleset_default()" "$SVC_DIR/c.defaults" "$SVC_DIR/sql.defaults"
# The widest capture the triggers use falls back to the default capture when no rule set exists.
capture=$(cut -f8 "$SVC_DIR/c.defaults")
fallback=$(psql_q "BEGIN; DELETE FROM attend.rule_set; SELECT extract(epoch FROM attend.day_capture())::int / 60; ROLLBACK")
[ "$fallback" = "$capture" ] || fail "attend.day_capture() with no rule set: $fallback minutes, C's default capture: $capture"
echo "  ok  rule set 1, attend.rule_set's column defaults and day_capture()'s fallback are rules_ruleset_default()"

# Boundary values: every integer field at values around every bound either side has; text
# fields at byte lengths around theirs (đ is two bytes); cross-field checks.  Each case is
# the default rule set with some fields changed.
{
	for f in grace_min late_half_day_min early_half_day_min double_tap_sec capture_min handover_min settle_min; do
		for v in -2147483648 -1 0 1 4 5 6 59 60 61 119 120 121 239 240 241 719 720 721 1439 1440 1441 \
		         3599 3600 3601 10080 2147483647; do
			printf '%s\t%s\n' "$f" "$v"
		done
	done
	for f in missing_tap_is_half_day clip_worked_to_schedule; do printf '%s\tt\n%s\tf\n' "$f" "$f"; done
	for f in sym_worked sym_absent sym_holiday sym_compensatory sym_swapped_day_off sym_weekend half_day_separator; do
		for v in '' + / '+/' 'Lđ' 'abc' 'abcd' 'Lđđđ' 'abcdefg' 'abcdefgh' 'Lđđđđ'; do
			printf '%s\t%s\n' "$f" "$v"
		done
	done
	for v in '' x 'vn-default-2026.1' "$(printf 'x%.0s' {1..31})" "$(printf 'x%.0s' {1..32})" 'Quy định 2027 — UBND xã'; do
		printf 'label\t%s\n' "$v"
	done
	printf 'grace_min\t60\tlate_half_day_min\t59\n'
	printf 'grace_min\t60\tlate_half_day_min\t60\tearly_half_day_min\t59\n'
	printf 'grace_min\t60\tlate_half_day_min\t60\tearly_half_day_min\t60\n'
	printf 'grace_min\t120\tlate_half_day_min\t120\tearly_half_day_min\t120\n'
	printf 'grace_min\t0\tlate_half_day_min\t0\tearly_half_day_min\t0\n'
} > "$SVC_DIR/ranges"
probe check < "$SVC_DIR/ranges" > "$SVC_DIR/c.verdicts"
# SQL: each case inserted in a subtransaction that is then undone; 'refused' when a CHECK
# (or the column's type) says no.
psql_q "CREATE TABLE agree_case (n serial, fields text[])"
psql "$PG_SUPER" -v ON_ERROR_STOP=1 -qX -c "COPY agree_case (fields) FROM STDIN" < <(
	awk -F'\t' '{ printf "{"; for (i = 1; i <= NF; i++) { v = $i; gsub(/\\/, "\\\\\\\\", v); gsub(/"/, "\\\\\"", v);
	              printf "%s\"%s\"", (i > 1 ? "," : ""), v } print "}" }' "$SVC_DIR/ranges")
psql_q "CREATE FUNCTION agree_accepts(p text[]) RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE
  cols text := 'effective_from';
  vals text := quote_literal('2000-01-01');
  has_label boolean := false;
BEGIN
  FOR i IN 1 .. array_length(p, 1) BY 2 LOOP
    has_label := has_label OR p[i] = 'label';
    cols := cols || ', ' || quote_ident(p[i]); vals := vals || ', ' || quote_literal(p[i + 1]);
  END LOOP;
  IF NOT has_label THEN
    cols := cols || ', label'; vals := vals || ', ' || quote_literal('probe');
  END IF;
  BEGIN
    EXECUTE format('INSERT INTO attend.rule_set (%s) VALUES (%s)', cols, vals);
    RAISE EXCEPTION 'accepted' USING ERRCODE = 'AT001';   -- undo the row
  EXCEPTION WHEN SQLSTATE 'AT001' THEN RETURN 'ok';
  END;
EXCEPTION WHEN check_violation OR numeric_value_out_of_range OR invalid_text_representation THEN
  RETURN 'refused';
END \$\$"
tsv "SELECT agree_accepts(fields) FROM agree_case ORDER BY n" > "$SVC_DIR/sql.verdicts"
paste "$SVC_DIR/c.verdicts" "$SVC_DIR/ranges" > "$SVC_DIR/c.ranges"
paste "$SVC_DIR/sql.verdicts" "$SVC_DIR/ranges" > "$SVC_DIR/sql.ranges"
compare "a rule set's ranges (attend.rule_set's CHECKs and rules_ruleset_check())" "$SVC_DIR/c.ranges" "$SVC_DIR/sql.ranges"
[ "$(grep -c '^ok' "$SVC_DIR/c.ranges")" -gt 50 ] && [ "$(grep -c '^refused' "$SVC_DIR/c.ranges")" -gt 50 ] ||
	fail "the range cases should be both accepted and refused: $(cut -f1 "$SVC_DIR/c.ranges" | sort | uniq -c)"
echo "  ok  $(wc -l < "$SVC_DIR/ranges") rule sets accepted or refused alike by SQL's CHECKs and rules_ruleset_check()"

# ---- 3. the on-time rate: one definition --------------------------------------------------
# attend.on_time_rate() gives, to the digit, what the formula written out in 011 and in
# attendctl gave, with the argument types the view (bigint, numeric), punctuality() (int,
# numeric) and the report's roll-ups (sums: bigint, numeric) pass.  Since sql/026 the on-time
# days are numeric (half a day of leave: half an on-time day), so never above the days due.
psql_q "CREATE TABLE agree_rate (n serial, on_time numeric, working int, excused numeric)"
psql_q "INSERT INTO agree_rate (on_time, working, excused) VALUES
  (22, 22, 0), (17, 22, 1.5), (0, 22, 0), (0, 0, 0), (3, 3, 3), (2, 3, 0.5), (1, 3, 0.333),
  (7, 9, 0.667), (20, 21, 1), (5, 2, 0.5), (NULL, NULL, NULL), (1000000, 1000001, 0.001),
  (6.5, 7, 0.5), (0.333, 3, 2.667)"
tsv "SELECT n, round(on_time / nullif(working - excused, 0), 4),
            round(on_time::bigint / nullif(working::bigint - excused, 0), 4)
     FROM agree_rate ORDER BY n" > "$SVC_DIR/formula.rates"
tsv "SELECT n, attend.on_time_rate(on_time, working, excused),
            attend.on_time_rate(on_time::bigint, working::bigint, excused)
     FROM agree_rate ORDER BY n" > "$SVC_DIR/fn.rates"
compare "attend.on_time_rate() and the formula it replaced" "$SVC_DIR/formula.rates" "$SVC_DIR/fn.rates"
# Nobody else divides on-time days: not a view or function of the schema, not attendctl.
others=$(psql_q "SELECT 'function ' || p.oid::regprocedure FROM pg_proc p
                 WHERE p.pronamespace = 'attend'::regnamespace AND p.proname <> 'on_time_rate'
                   AND p.prosrc ~* 'on_time[a-z_]*[)]*(::[a-z]+)?[)]*[[:space:]]*/'
                 UNION ALL SELECT 'view ' || viewname FROM pg_views
                 WHERE schemaname = 'attend' AND definition ~* 'on_time[a-z_]*[)]*(::[a-z]+)?[)]*[[:space:]]*/'")
[ -z "$others" ] || fail "the on-time rate is computed outside attend.on_time_rate(): $others"
for v in "view attend.punctuality_month:$(psql_q "SELECT pg_get_viewdef('attend.punctuality_month')")" \
         "function attend.punctuality():$(psql_q "SELECT prosrc FROM pg_proc WHERE oid = 'attend.punctuality'::regproc")" \
         "lib/punctuality_sql.c:$(cat "$SVC_ROOT/lib/punctuality_sql.c")"; do
	grep -q 'on_time_rate(' <<< "${v#*:}" || fail "${v%%:*} does not read the rate from attend.on_time_rate()"
done
# (the report's SQL is lib/punctuality_sql.c's, shared by attendctl and attend-web)
if grep -n -E 'on_time[a-z_]*[)]*"?[[:space:]]*"?[[:space:]]*/' "$SVC_ROOT"/ctl/*.c "$SVC_ROOT"/lib/*.c "$SVC_ROOT"/web/*.c; then
	fail "attendctl or attend-web computes an on-time rate itself (above)"
fi
echo "  ok  the on-time rate is attend.on_time_rate() alone (view, punctuality(), the roll-ups of attendctl and attend-web), the formula unchanged"

# ---- 4. the digest of a day result ---------------------------------------------------------
# Computed once, in SQL, when the evaluator writes (attend.day_digest() over the JSON it
# staged); C must write that JSON as jsonb prints it, or the digest of a stored row (its
# jsonb's text) would differ and every unchanged day would be rewritten.  Names with what
# JSON and COPY escape (quotes, a backslash, a tab, a newline, control bytes, Vietnamese),
# a tap from a correction, a missing tap; evaluated by attendctl (the evaluator in-process).
psql "$PG_SUPER" -v ON_ERROR_STOP=1 -qX <<'SQL'
INSERT INTO attend.schedule_profile (agency_id, name) SELECT id, E'ca "đêm" \\ \t1' FROM attend.agency;
INSERT INTO attend.schedule_session (profile_id, idx, agency_id, name, starts, ends)
SELECT p.id, s.idx, p.agency_id, s.name, s.starts::time, s.ends::time
FROM attend.schedule_profile p,
     (VALUES (0, E'sáng\n\x01\x7f', '07:30', '11:30'), (1, E'chiều "B"\\', '13:30', '17:30')) s(idx, name, starts, ends)
WHERE p.agency_id IS NOT NULL;
INSERT INTO attend.schedule_assignment (agency_id, person_id, profile_id, valid_from, valid_to)
SELECT p.agency_id, p.id, f.id, '2026-11-09', '2026-11-13'
FROM attend.person p, attend.schedule_profile f WHERE p.code = 'p2' AND f.agency_id IS NOT NULL;
INSERT INTO attend.correction (agency_id, person_id, kind, tapped_at, tz, reason, status, decided_by, decided_at)
SELECT agency_id, id, 'add', '2026-11-10 07:40:00+00', 'UTC', 'quên quẹt thẻ', 'approved', 'hr', now()
FROM attend.person WHERE code = 'p2';
SQL
tap B2 '2026-11-10 11:20:00+00'
tap B2 '2026-11-10 13:28:00+00'
for d in 09 11 12 13; do tap B2 "2026-11-$d 07:29:00+00"; tap B2 "2026-11-$d 11:31:00+00"
                        tap B2 "2026-11-$d 13:29:00+00"; tap B2 "2026-11-$d 17:31:00+00"; done
evaluate() { "$BIN/attendctl" -q -d "$PG_SUPER" days evaluate --person p2 --from 2026-11-09 --to 2026-11-13; }
evaluate
results() { tsv "SELECT r.work_date, r.xmin, r.symbol, r.digest FROM attend.day_result r
                 JOIN attend.person p ON p.id = r.person_id WHERE p.code = 'p2' ORDER BY 1"; }
[ "$(results | wc -l)" -ge 5 ] || fail "p2's days were not evaluated: $(results)"
[ "$(psql_q "SELECT r.profile = E'ca \"đêm\" \\\\ \\t1' AND r.sessions->0->>'name' = E'sáng\\n\\x01\\x7f'
              AND r.sessions->1->>'name' = E'chiều \"B\"\\\\' AND r.symbol = '+/K'
              AND r.exceptions @> jsonb_build_array(jsonb_build_object('kind', 'late',
                    'correction_id', (SELECT max(id) FROM attend.correction)), '{\"kind\": \"missing_out\"}'::jsonb)
              FROM attend.day_result r WHERE r.work_date = '2026-11-10'")" = t ] ||
	fail "the day of 10/11 is not the one written: $(psql_q "SELECT profile, symbol, sessions, exceptions FROM attend.day_result WHERE work_date = '2026-11-10'")"
[ "$(digest_mismatches)" = 0 ] ||
	fail "$(digest_mismatches) digest(s) written from the evaluator's JSON differ from their stored row's"
echo "  ok  the digests written (attend.day_digest() of the JSON staged) are those of the stored rows, escapes and all"
results > "$SVC_DIR/results.before"
evaluate
results > "$SVC_DIR/results.after"
compare "an unchanged re-evaluation rewrote results (xmin moved)" "$SVC_DIR/results.before" "$SVC_DIR/results.after"
psql_q "INSERT INTO attend.month_lock (agency_id, month) SELECT id, '2026-11-01' FROM attend.agency"
evaluate
[ "$(psql_q "SELECT count(*) FROM attend.day_adjustment")" = 0 ] ||
	fail "a locked month re-evaluated unchanged got adjustments: $(psql_q "SELECT * FROM attend.day_adjustment")"
tap B2 '2026-11-10 17:31:00+00'
evaluate
[ "$(psql_q "SELECT string_agg(work_date || ' ' || locked_symbol || ' -> ' || symbol, ', ') FROM attend.day_adjustment")" = \
  '2026-11-10 +/K -> +' ] || fail "the late OUT: $(psql_q "SELECT * FROM attend.day_adjustment")"
results > "$SVC_DIR/results.locked"
compare "a locked month's results were rewritten" "$SVC_DIR/results.before" "$SVC_DIR/results.locked"
echo "  ok  an unchanged day is not rewritten, and a locked month gets an adjustment only for the day that changed"

# The digest is the database's alone: no MD5 in the programs.
if grep -n -i 'md5' "$SVC_ROOT"/evaluator/* "$SVC_ROOT"/lib/* "$SVC_ROOT"/rules/*.[ch]; then
	fail "an MD5 of our own (above): the digest is attend.day_digest()'s"
fi

echo "ok: C and SQL agree on the dates a tap can change, a rule set's defaults and ranges; one on-time rate; one day digest"
