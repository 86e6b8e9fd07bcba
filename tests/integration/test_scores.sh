#!/usr/bin/env bash
# From taps to a published monthly summary: taps of November 2026 -> day results (the rules
# engine, attendctl days evaluate) -> attendctl summary run -> database rows, CSV and XLSX files,
# and the retained message a real mosquitto hands to a late subscriber.  Then: a rerun changes
# nothing, a new rule set version does not touch the month unless re-scored, a locked month is
# held (not rescored silently), alerts and reminders, bad input.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
svc_init scores
scenario_until 2026-11-21
pg_start
mqtt_start
days_setup 11
fail() { echo "FAIL: $*"; exit 1; }
ctl() { "$BIN/attendctl" -d "$HR_DB" "$@"; }             # HR: points, reminders, locks
summary() { "$BIN/attendctl" -d "$SUMMARY_DB" summary "$@"; } # the nightly job's own login
pid() { psql_q "SELECT id FROM attend.person WHERE code = '$1'"; }

# Every working day of 2..20 November, everyone on time at 07:25-11:35 / 13:25-17:35 ...
psql_q "ALTER TABLE attend.tap DISABLE TRIGGER tap_mark_days;
  INSERT INTO attend.tap (edge_id, epoch, seq, site_id, agency_id, reader_id, direction, uid, known_at_edge,
    duplicate, tapped_at, sent_at, received_at, recorder)
  SELECT 'sql', '00000000-0000-0000-0000-000000000002', row_number() OVER (), 'hq', p.agency_id, 'r1', 'both',
    'B' || substr(p.code, 2), true, false, (d + t.t) AT TIME ZONE 'Asia/Ho_Chi_Minh', now(), now(), 'test'
  FROM attend.person p, generate_series('2026-11-02'::timestamp, '2026-11-20', '1 day') d,
    (VALUES (time '07:25'), ('11:35'), ('13:25'), ('17:35')) t(t)
  WHERE extract(isodow FROM d) < 6
    -- ... except: p2 is 20 minutes late three mornings, p3 is away all of the 19th and forgets
    -- the evening OUT on the 16th
    AND NOT (p.code = 'p2' AND d IN ('2026-11-16', '2026-11-17', '2026-11-18') AND t.t = '07:25')
    AND NOT (p.code = 'p3' AND (d = '2026-11-19' OR (d = '2026-11-16' AND t.t = '17:35')));
  ALTER TABLE attend.tap ENABLE TRIGGER tap_mark_days;
  UPDATE attend.person SET staff_kind = 'hop_dong' WHERE code = 'p3';"
for d in 16 17 18; do tap_sql B2 "2026-11-$d 07:50"; done
"$BIN/attendctl" -q -d "$EVAL_DB" days evaluate --all --agency ubnd-x --from 2026-11-02 --to 2026-11-20 >/dev/null   # as the evaluator service
[ "$(day_of p3 2026-11-19 | cut -d'|' -f1)" = K ] || fail "p3's 19th is not K: $(day_of p3 2026-11-19)"

# People's part: the unit head enters the other criteria; p2's badge was not worn on the 9th.
for p in p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11; do
	for k in attitude communication ethics dress movement; do ctl -q score set --person $p --month 2026-11 --criterion $k --points 4; done
done
ctl -q score set --person p1 --month 2026-11 --criterion task_results --points 70
ctl -q score set --person p2 --month 2026-11 --criterion task_results --points 68
ctl -q score set --person p3 --month 2026-11 --criterion task_results --points 60
for p in p4 p5 p6 p7 p8 p9 p10 p11; do ctl -q score set --person $p --month 2026-11 --criterion task_results --points 50; done
ctl -q score badge-not-worn --person p2 --date 2026-11-09 --note "họp giao ban"

cat > "$SVC_DIR/summary.ini" <<INI
# the [mqtt] section as attend-recorder reads it
[mqtt]
host = 127.0.0.1
port = $MQTT_PORT
INI
OUT="$SVC_DIR/out"
summary run --agency ubnd-x --month 2026-11 --as-of 2026-11-20 --output-dir "$OUT" --publish \
	--mqtt-config "$SVC_DIR/summary.ini" > "$SVC_DIR/run1.txt"
grep -q "written" "$SVC_DIR/run1.txt" || fail "first run: $(cat "$SVC_DIR/run1.txt")"

row() { psql_q "SELECT $2 FROM attend.discipline_summary d JOIN attend.scorecard s USING (agency_id, month, person_id)
                WHERE d.person_id = $(pid "$1") AND d.month = '2026-11-01'"; }
[ "$(row p1 "d.sub_score || ' ' || s.total || ' ' || s.band")" = "10.00 100.00 hoan_thanh_xuat_sac" ] || fail "p1: $(row p1 "d.sub_score || ' ' || s.total || ' ' || s.band")"
[ "$(row p2 "d.late_count || ' ' || d.late_minutes || ' ' || d.badge_not_worn || ' ' || d.sub_score || ' ' || s.total || ' ' || s.band")" = \
  "3 60 1 7.50 95.50 hoan_thanh_tot" ] || fail "p2: $(row p2 "d.late_count, d.sub_score, s.total, s.band")"
# p3: one unexcused day (-5) and one missing tap past its two working days (-0.5), not a half-day too
[ "$(row p3 "d.unexcused_days || ' ' || d.unexcused_half_days || ' ' || d.missing_taps || ' ' || d.sub_score || ' ' || s.band")" = \
  "1 0 1 4.50 hoan_thanh_tot" ] || fail "p3: $(row p3 "d.unexcused_days, d.missing_taps, d.sub_score, s.band")"
[ "$(psql_q "SELECT string_agg(work_date || ' ' || charge || ' ' || points, ', ' ORDER BY work_date, charge)
             FROM attend.discipline_deduction WHERE person_id = $(pid p3) AND points > 0")" = \
  "2026-11-16 missing_tap 0.50, 2026-11-19 unexcused_day 5.00" ] || fail "p3's deductions do not name their days"
[ "$(psql_q "SELECT string_agg(to_char(tap_at, 'DD HH24:MI'), ',' ORDER BY work_date) FROM attend.discipline_deduction
             WHERE person_id = $(pid p2) AND fact = 'late'")" = "16 07:50,17 07:50,18 07:50" ] || fail "late taps not named"
# the cap, per comparable group (p3 is contract staff): of 10 cong_chuc, p1 (100) and p2 (95.5)
# are excellent by score beside 8 good.  NĐ 335/2025: excellent <= 20 % of those rated Hoàn
# thành tốt, and p2 moved down is one of them: E <= 20 % x (8 + 2 - E), E = 1 (p1 of 9 good).
bands() { psql_q "SELECT count(*) FILTER (WHERE band = 'hoan_thanh_xuat_sac') || ' ' || count(*) FILTER (WHERE band = 'hoan_thanh_tot')
                  || ' ' || count(*) FILTER (WHERE capped) FROM attend.scorecard"; }
[ "$(bands)" = "1 10 1" ] || fail "bands: $(bands)"
[ "$(psql_q "SELECT string_agg(p.code, ',' ORDER BY a.position) FROM attend.award_candidate a JOIN attend.person p ON p.id = a.person_id")" = "p1" ] ||
	fail "award candidates"
psql_q "SELECT line FROM attend.award_candidate WHERE position = 1" | grep "Hoàn thành xuất sắc nhiệm vụ, 100 điểm" >/dev/null || fail "achievement line"
[ "$(psql_q "SELECT string_agg(p.code || ':' || kind, ',' ORDER BY p.code, kind) FROM attend.score_alert a JOIN attend.person p ON p.id = a.person_id")" = \
  "p2:written_reminder,p3:written_reminder" ] || fail "alerts: $(psql_q "SELECT string_agg(kind, ',') FROM attend.score_alert")"

# The retained message, read by a subscriber that comes after the run.
mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -t attend/v1/ubnd-x/summary/2026-11 -C 1 -W 5 > "$SVC_DIR/msg.json" || fail "no retained summary"
python3 - "$SVC_DIR/msg.json" <<'PY' || fail "payload: $(cat "$SVC_DIR/msg.json")"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["v"] == 1 and m["agency"] == "ubnd-x" and m["month"] == "2026-11" and m["as_of"] == "2026-11-20"
assert m["people"] == 11 and m["bands"]["hoan_thanh_xuat_sac"] == 1 and m["bands"]["capped"] == 1
assert m["discipline"]["late"] == 3 and m["discipline"]["unexcused_days"] == 1
assert m["awards"]["individuals"] == ["p1"] and m["alerts"]["written_reminder"] == 2
assert m["rule_set"]["label"] == "vn-scores-2026.1"
PY
# The files: CSV per table and the workbook.
for f in discipline deductions scorecards collectives awards alerts; do [ -s "$OUT/ubnd-x/2026-11/$f.csv" ] || fail "$f.csv"; done
# in Vietnamese (the default of the files): labels, ';' between fields (Excel's Vietnamese list separator)
grep -q '"p3";"Người 3";"Văn phòng";"Hợp đồng lao động";"15";"14"' "$OUT/ubnd-x/2026-11/discipline.csv" ||
	fail "discipline.csv: $(sed -n 4p "$OUT/ubnd-x/2026-11/discipline.csv")"
python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert 'xl/workbook.xml' in z.namelist()" "$OUT/ubnd-x/2026-11/summary.xlsx" || fail "xlsx"
[ -z "$(find "$OUT" -name '*.tmp*')" ] || fail "temporary files left"

# What HR reads: the summary of the month, and one person's scorecard and deductions.
ctl summary show --agency ubnd-x --month 2026-11 --lang vi > "$SVC_DIR/show.txt" || fail "summary show: $(cat "$SVC_DIR/show.txt")"
# the month as people write it reads the same month
ctl summary show --agency ubnd-x --month 11/2026 --lang vi | cmp -s - "$SVC_DIR/show.txt" || fail "summary show --month 11/2026"
grep -E '^p2 .*7,5 .*95,5 .*Hoàn thành tốt nhiệm vụ' "$SVC_DIR/show.txt" >/dev/null || fail "summary show: $(cat "$SVC_DIR/show.txt")"
ctl summary show --agency ubnd-x --month 2026-11 --person p3 --lang en > "$SVC_DIR/show3.txt" || fail "summary show --person"
grep '2026-11-19.*unexcused day' "$SVC_DIR/show3.txt" >/dev/null || fail "summary show --person: $(cat "$SVC_DIR/show3.txt")"
# machines keep the identifiers
ctl summary show --agency ubnd-x --month 2026-11 --format json | python3 -c "import json, sys
p = {r['person']: r for r in json.load(sys.stdin)['people']}
assert p['p2']['band'] == 'hoan_thanh_tot' and p['p2']['sub_score'] == 7.5, p['p2']" || fail "summary show --format json"
ctl score card --person p2 --month 2026-11 --lang vi > "$SVC_DIR/card.txt"
grep -q 'p2 (Người 2), 11/2026: tổng 95,5 điểm, Hoàn thành tốt nhiệm vụ' "$SVC_DIR/card.txt" &&
	grep -q 'Thái độ tận tụy, trách nhiệm' "$SVC_DIR/card.txt" && ! grep -q 'hoan_thanh\|attitude' "$SVC_DIR/card.txt" ||
	fail "score card: $(cat "$SVC_DIR/card.txt")"

# A rerun is idempotent.
summary run --agency ubnd-x --month 2026-11 --as-of 2026-11-20 | grep unchanged >/dev/null || fail "rerun not unchanged"
[ "$(psql_q "SELECT count(*) FROM attend.discipline_summary") $(psql_q "SELECT count(*) FROM attend.score_alert")" = "11 2" ] || fail "rerun duplicated rows"

# A new rule set version from November: the month keeps version 1 until re-scored.
psql_q "INSERT INTO attend.score_rule_set (label, effective_from, late_early_each) VALUES ('strict-2026.2', '2026-11-01', 1)"
summary run --agency ubnd-x --month 2026-11 --as-of 2026-11-20 | grep "vn-scores-2026.1, unchanged" >/dev/null || fail "version changed without --rescore"
summary run --agency ubnd-x --month 2026-11 --as-of 2026-11-20 --rescore | grep "strict-2026.2, written" >/dev/null || fail "--rescore"
[ "$(row p2 "d.sub_score || ' ' || d.score_rule_set_id")" = "6.00 2" ] || fail "p2 under version 2: $(row p2 "d.sub_score")"
[ "$(bands)" = "1 10 1" ] || fail "bands under version 2 (the cap's base: good, the column's default): $(bands)"
# The cap's base is a setting of the version: one with 'good_or_above' (20 % of the 10 at
# Hoàn thành tốt or above: 2) changes the bands of the month when it is re-scored with it,
# and the version keeps its base (a version is not edited).
psql_q "INSERT INTO attend.score_rule_set (label, effective_from, late_early_each, excellent_cap_base)
        VALUES ('or-above-2026.3', '2026-11-01', 1, 'good_or_above')"
summary run --agency ubnd-x --month 2026-11 --as-of 2026-11-20 --rescore | grep "or-above-2026.3, written" >/dev/null || fail "--rescore with version 3"
[ "$(bands)" = "2 9 0" ] || fail "bands under version 3 (base good_or_above): $(bands)"
[ "$(psql_q "SELECT string_agg(DISTINCT score_rule_set_id::text, ',') FROM attend.scorecard")" = 3 ] || fail "scorecards not of version 3"
out=$(psql "$PG_SUPER" -qtAX -c "UPDATE attend.score_rule_set SET excellent_cap_base = 'good' WHERE id = 3" 2>&1) &&
	fail "a version's cap base was edited"
grep -q 'insert a new one instead of editing it' <<< "$out" || fail "editing a version's base: $out"
out=$(psql "$PG_SUPER" -qtAX -c "INSERT INTO attend.score_rule_set (label, effective_from, excellent_cap_base)
                                  VALUES ('bad', '2026-12-01', 'all')" 2>&1) && fail "cap base 'all' accepted"
grep -q 'excellent_cap_base' <<< "$out" || fail "cap base 'all': $out"

# Reminders are recorded; alerts list them.
ctl -q reminder record --person p2 --month 2026-11 --reason "đi muộn 3 lần" --reference "12/NN-UBND" --on 2026-11-21
ctl alerts --agency ubnd-x --month 2026-11 --lang en | grep -E "p2 .*Suggest a written reminder +yes .* 1$" >/dev/null ||
	fail "alerts do not show the reminder: $(ctl alerts --agency ubnd-x --month 2026-11 --lang en)"

# A locked month is not rescored silently.
ctl -q month lock ubnd-x 2026-11 --reason "chốt công"
ctl -q score set --person p4 --month 2026-11 --criterion attitude --points 0
if summary run --agency ubnd-x --month 2026-11 --as-of 2026-11-20 > "$SVC_DIR/held.txt" 2>&1; then fail "locked month rescored"; fi
grep -q "locked: not rescored" "$SVC_DIR/held.txt" || fail "held message: $(cat "$SVC_DIR/held.txt")"
[ "$(row p4 "s.total")" = "80.00" ] || fail "locked summary changed"
[ "$(psql_q "SELECT outcome FROM attend.summary_run ORDER BY id DESC LIMIT 1")" = held_locked ] || fail "held run not recorded"
summary run --agency ubnd-x --month 2026-11 --as-of 2026-11-20 --rescore-locked "hội đồng thi đua 30/11" | grep "rescored although locked" >/dev/null || fail "--rescore-locked"
[ "$(row p4 "s.total")" = "76.00" ] || fail "rescore-locked did not write"

# Bad input: a message naming it, non-zero, nothing written.
before=$(psql_q "SELECT count(*) FROM attend.score_entry")
bad() { local want=$1; shift; if ctl "$@" > "$SVC_DIR/bad.txt" 2>&1; then fail "accepted: $*"; fi
        grep -q -- "$want" "$SVC_DIR/bad.txt" || fail "$*: $(cat "$SVC_DIR/bad.txt")"; }
bad "'2026-13' is not a month" summary run --agency ubnd-x --month 2026-13 --lang en
bad "agency 'nope' does not exist" summary run --agency nope --month 2026-11
bad "'abc' is not a number" score set --person p1 --month 2026-11 --criterion ethics --points abc
bad "above the criterion's maximum" score set --person p1 --month 2026-11 --criterion ethics --points 4.5
bad "filled from the attendance data" score set --person p1 --month 2026-11 --criterion discipline --points 10
bad "'kindness' is not a criterion" score set --person p1 --month 2026-11 --criterion kindness --points 1
bad "person 'p99' does not exist" score set --person p99 --month 2026-11 --criterion ethics --points 1
bad "--reason is required" reminder record --person p1 --month 2026-11
bad "--publish needs" summary run --agency ubnd-x --month 2026-11 --publish
[ "$(psql_q "SELECT count(*) FROM attend.score_entry")" = "$before" ] || fail "bad input wrote entries"
echo "ok: taps -> summary in DB, CSV/XLSX and a retained MQTT message; cap 1 of 10 (20 % of the good), 2 with a version of base good_or_above, awards p1; idempotent rerun; versions kept; locked month held; bad input refused"
