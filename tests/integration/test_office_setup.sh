#!/usr/bin/env bash
# An office from an empty database with attendctl alone, each step under the login that would
# do it: the administrator sets up the agency, two sites, three edges with five readers, two
# seasonal schedules (Hải Dương's hours: summer 1/4-31/10 07:00-11:30 / 13:30-17:00, winter
# 07:30-12:00 / 13:00-16:30) and a night-duty schedule, and the logins; HR imports the units,
# 50 people and their badges, and the health station's night-duty roster.  A week of taps
# (Wed 28/10 - Tue 3/11/2026, across the switch to winter hours) then goes through the real
# tap path (three attendd edges -> mosquitto -> the recorder and its evaluator), and HR gets
# the punctuality report and the C01-HD timesheet, the summary service the monthly summary.
# The superuser only creates the database, applies the schema and makes the first
# administrator.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
svc_init office
# The week and what follows it are one scenario: it runs on the Wednesday after the week
# whatever day the suite runs as (the edges view looks 30 days back from today).
test_now 2026-11-04T10:00:00+07:00
pg_start
mqtt_start
fail() { echo "FAIL: $*"; exit 1; }
as() { local who=$1; shift; "$BIN/attendctl" -q -d "host=127.0.0.1 port=$PGPORT dbname=attend user=$who" "$@"; }
say() { local who=$1; shift; "$BIN/attendctl" -d "host=127.0.0.1 port=$PGPORT dbname=attend user=$who" "$@"; }   # not quiet
ATTEND_SQL_DIR="$SVC_ROOT/sql" "$BIN/attendctl" -q -d "$PG_SUPER" migrate
psql_q "UPDATE attend.clock_policy SET test_clock = true; CREATE ROLE office_admin LOGIN CREATEROLE IN ROLE attend_admin"

# -- the administrator --------------------------------------------------------------------
as office_admin calendar load "$SVC_ROOT/rules/data/holidays-vn.tsv"
as office_admin agency add ubnd-z --name 'UBND phường Z' --qhns 1234567
as office_admin site add z-main --agency ubnd-z --name 'Trụ sở UBND'
as office_admin site add z-health --agency ubnd-z --name 'Trạm y tế phường'
for e in gate-a:z-main gate-b:z-main gate-h:z-health; do say office_admin edge add "${e%%:*}" --site "${e##*:}" > "$SVC_DIR/${e%%:*}.snippet"; done
grep -q '^topic write attend/v1/z-health/gate-h/tap$' "$SVC_DIR/gate-h.snippet" || fail "edge add prints no ACL: $(cat "$SVC_DIR/gate-h.snippet")"
as office_admin reader add gate-a in1 --direction in --name 'Cổng chính vào'
as office_admin reader add gate-a out1 --direction out --name 'Cổng chính ra'
as office_admin reader add gate-b in2 --direction in --name 'Cổng phụ vào'
as office_admin reader add gate-b out2 --direction out --name 'Cổng phụ ra'
as office_admin reader add gate-h r1 --direction both --name 'Trạm y tế'
as office_admin edge config gate-a | grep -q '^\[reader.out1\]' || fail "edge config lacks its readers"
as office_admin schedule add hd-summer --agency ubnd-z --session morning=07:00-11:30 --session afternoon=13:30-17:00
as office_admin schedule add hd-winter --agency ubnd-z --session morning=07:30-12:00 --session afternoon=13:00-16:30
as office_admin schedule add night --agency ubnd-z --session night=19:00-07:00 --roster-days 1,2,3,4,5,6,7
as office_admin schedule assign hd-winter --agency ubnd-z --from 2026-01-01 --summer hd-summer --summer-from 04-01 --summer-to 10-31
for l in rec1:recorder eval1:evaluator summary:summary lan:hr; do as office_admin login add "${l%%:*}" --kind "${l##*:}"; done
as office_admin access grant lan ubnd-z

# -- HR: units, 50 people, badges, the night-duty roster --------------------------------------
printf 'Mã đơn vị;Tên đơn vị;Mã đơn vị cấp trên\r\nvp;Văn phòng;\r\ntyt;Trạm y tế;\r\n' > "$SVC_DIR/units.csv"
as lan import units "$SVC_DIR/units.csv" --agency ubnd-z
{ echo 'Mã cán bộ,Họ và tên,Đơn vị'; for i in $(seq -w 1 50); do echo "z$i,Cán bộ số $i,$([ "$i" -gt 48 ] && echo tyt || echo vp)"; done; } > "$SVC_DIR/people.csv"
as lan import people "$SVC_DIR/people.csv" --agency ubnd-z
# The week replayed below is before today: the badges were handed out on 26/10, 48 of them
# from the list HR keeps (a bad list is refused whole, each line named), two one by one.
printf 'Mã cán bộ,Mã thẻ\r\nz01,BZ01\r\nz99,BZ99\r\nz02,BZ01\r\nz03,BZ-3\r\n' > "$SVC_DIR/bad-badges.csv"
rc=0; out=$(as lan badges import "$SVC_DIR/bad-badges.csv" --agency ubnd-z --valid-from 2026-10-26 --reason x 2>&1) || rc=$?
[ $rc != 0 ] && grep -q "bad-badges.csv:5: badge UID 'BZ-3' must be 1-31 letters or digits" <<< "$out" || fail "bad badge list: $out"
printf 'Mã cán bộ,Mã thẻ\r\nz01,BZ01\r\nz99,BZ99\r\nz02,BZ01\r\n' > "$SVC_DIR/bad-badges.csv"
rc=0; out=$(as lan badges import "$SVC_DIR/bad-badges.csv" --agency ubnd-z --valid-from 2026-10-26 --reason x 2>&1) || rc=$?
[ $rc != 0 ] && grep -q "bad-badges.csv:3: person 'z99' does not exist" <<< "$out" && grep -q "bad-badges.csv:4: badge BZ01 is in the file twice" <<< "$out" ||
	fail "bad badge list: $out"
[ "$(psql_q "SELECT count(*) FROM attend.badge")" = 0 ] || fail "a refused badge list wrote badges"
{ echo 'Mã cán bộ,Mã thẻ'; for i in $(seq -w 1 48); do echo "z$i,bz$i"; done; } > "$SVC_DIR/badges.csv"
say lan badges import "$SVC_DIR/badges.csv" --agency ubnd-z --valid-from 2026-10-26 --reason 'phát thẻ 26/10' |
	grep -q '48 badge(s) imported' || fail "badges import"
for i in 49 50; do as lan badges enroll --agency ubnd-z --person "z$i" --uid "BZ$i" --valid-from 2026-10-26 --reason 'phát thẻ 26/10' --yes; done
# one badge was handed out before it was enrolled: valid from a past date, with the reason
as lan badges enroll --agency ubnd-z --person z01 --uid BZX01 --valid-from 2026-10-01 --reason 'thẻ cấp ngày 1/10, nhập muộn' --yes
rc=0; out=$(as lan badges enroll --agency ubnd-z --person z02 --uid BZX02 --valid-from 2026-10-01 --yes 2>&1) || rc=$?
[ $rc = 2 ] && grep -q 'is in the past: give --reason' <<< "$out" || fail "a past --valid-from without a reason: $out"
printf 'Mã cán bộ,Ngày,Ca\r\nz49,28/10/2026,night\r\nz50,29/10/2026,night\r\nz49,02/11/2026,night\r\n' > "$SVC_DIR/roster.csv"
say lan roster import "$SVC_DIR/roster.csv" --agency ubnd-z --dry-run | grep -q '3 roster day(s) are good; nothing written' || fail "roster --dry-run"
printf 'Mã cán bộ,Ngày,Ca\r\nz49,31/02/2026,night\r\nz77,29/10/2026,night\r\nz50,29/10/2026,dem\r\n' > "$SVC_DIR/bad-roster.csv"
rc=0; out=$(as lan roster import "$SVC_DIR/bad-roster.csv" --agency ubnd-z 2>&1) || rc=$?
[ $rc != 0 ] && grep -q "bad-roster.csv:2: date '31/02/2026' is not a date" <<< "$out" && grep -q "bad-roster.csv:3: person 'z77' does not exist" <<< "$out" &&
	grep -q "bad-roster.csv:4: shift 'dem' is not a schedule" <<< "$out" || fail "bad roster: $out"
as lan roster import "$SVC_DIR/roster.csv" --agency ubnd-z
[ "$(psql_q "SELECT count(*) FROM attend.schedule_assignment WHERE person_id IS NOT NULL")" = 3 ] || fail "roster rows"
for s in z-main z-health; do as lan badges export --site "$s" --output "$SVC_DIR/badges-$s.json"; done

# -- a week of taps through the real tap path ---------------------------------------------------
REC_DB="host=127.0.0.1 port=$PGPORT user=rec1 dbname=attend"
EVAL_DB="host=127.0.0.1 port=$PGPORT user=eval1 dbname=attend" write_evaluator_ini recorder
start_bg recorder "$BIN/attend-recorder" -d -c "$SVC_DIR/recorder.ini"
write_edge_ini gate-a z-main in1:in out1:out; write_edge_ini gate-b z-main in2:in out2:out; write_edge_ini gate-h z-health r1:both
for e in gate-a gate-b; do sed -i "s|^badge_cache = .*|badge_cache = $SVC_DIR/badges-z-main.json|" "$SVC_DIR/$e.ini"; done
sed -i "s|^badge_cache = .*|badge_cache = $SVC_DIR/badges-z-health.json|" "$SVC_DIR/gate-h.ini"
for e in gate-a gate-b gate-h; do start_bg "$e" "$BIN/attendd" -d -c "$SVC_DIR/$e.ini"; done
wait_for 20 '[ "$(grep -l "mqtt: connected" "$SVC_DIR"/gate-?.log | wc -l)" = 3 ]' || fail "edges not connected"
# Everyone in vp taps four times a day, a few minutes inside each session (gate-a on odd
# numbers, gate-b on even), but z01 comes in at 07:20 every morning: late by summer hours
# (07:00), on time by winter hours (07:30).
# The station's night duty: in at 18:55, out at 07:05 the next morning.
python3 - "$SVC_DIR" <<'PY'
import sys
d = sys.argv[1]
days = ["2026-10-28", "2026-10-29", "2026-10-30", "2026-11-02", "2026-11-03"]
out = {k: [] for k in ("gate-a-in1", "gate-a-out1", "gate-b-in2", "gate-b-out2", "gate-h-r1")}
for day in days:
    summer = day < "2026-11-01"
    times = ("06:55", "11:35", "13:25", "17:05") if summer else ("07:25", "12:05", "12:55", "16:35")
    for i in range(1, 49):
        g = ("gate-a-in1", "gate-a-out1") if i % 2 else ("gate-b-in2", "gate-b-out2")
        t = ("07:20",) + times[1:] if i == 1 else times
        for k, hm in enumerate(t):
            out[g[k % 2]].append(f"{day}T{hm}:00+07:00 BZ{i:02d}")
for day, nxt, who in (("2026-10-28", "2026-10-29", 49), ("2026-10-29", "2026-10-30", 50), ("2026-11-02", "2026-11-03", 49)):
    out["gate-h-r1"] += [f"{day}T18:55:00+07:00 BZ{who:02d}", f"{nxt}T07:05:00+07:00 BZ{who:02d}"]
for k, lines in out.items():
    open(f"{d}/{k}.taps", "w").write("\n".join(lines) + "\n")
PY
writers=()
for f in gate-a-in1 gate-a-out1 gate-b-in2 gate-b-out2 gate-h-r1; do cat "$SVC_DIR/$f.taps" > "$SVC_DIR/$f.fifo" & writers+=($!); done
for w in "${writers[@]}"; do wait "$w" || fail "writing the taps to a reader failed"; done
total=$(cat "$SVC_DIR"/*.taps | wc -l)
wait_for 60 '[ "$(psql_q "SELECT count(*) FROM attend.tap")" = "$total" ]' || fail "taps in the database: $(psql_q "SELECT count(*) FROM attend.tap") of $total"
for e in gate-a gate-b gate-h; do
	wait_for 20 '[ "$(journal_released '"$e"')" = "$(psql_q "SELECT count(*) FROM attend.tap WHERE edge_id = '"'$e'"'")" ]' || fail "$e's journal not drained"
done
wait_settled 60 || exit 1
[ "$(day_of z01 2026-10-30 | cut -d'|' -f2)" = "late,on_time" ] || fail "z01 30/10 (summer hours): $(day_of z01 2026-10-30)"
[ "$(day_of z01 2026-11-02 | cut -d'|' -f2)" = "on_time,on_time" ] || fail "z01 2/11 (winter hours): $(day_of z01 2026-11-02)"
[ "$(day_of z49 2026-10-28 | cut -d'|' -f1,2)" = "+|on_time" ] || fail "z49's night duty 28/10: $(day_of z49 2026-10-28)"
[ "$(day_of z02 2026-10-29)" = "+|on_time,on_time|" ] || fail "z02 29/10: $(day_of z02 2026-10-29)"
# The administrator's view of the edges: the database's and the edges' own retained status.
as office_admin edges --agency ubnd-z --mqtt-host 127.0.0.1 --mqtt-port "$MQTT_PORT" --format json --output "$SVC_DIR/edges.json"
python3 - "$SVC_DIR/edges.json" <<'PY' || fail "attendctl edges: $(cat "$SVC_DIR/edges.json")"
import json, sys
r = json.load(open(sys.argv[1]))
edges = {e["edge"]: e for e in r["edges"]}
assert sorted(edges) == ["gate-a", "gate-b", "gate-h"], edges
assert all(e["state"] == "online" and e["backlog"] == 0 and e["journal_full"] == "no" for e in edges.values()), edges
readers = {(x["edge"], x["reader"]): x for x in r["readers"]}
assert len(readers) == 5 and all(x["state"] == "online" and x["last_tap"] for x in readers.values()), readers
PY
echo "  ok  $total taps through 3 edges; seasonal hours (z01 late in summer, on time in winter); night duty by roster"

# -- what HR and leadership get -----------------------------------------------------------------
as lan report punctuality --agency ubnd-z --from 2026-10-28 --to 2026-11-03 --format json --output "$SVC_DIR/p.json"
python3 - "$SVC_DIR/p.json" <<'PY' || fail "punctuality report"
import json, sys
r = json.load(open(sys.argv[1]))
people = {p["person"]: p for p in r["people"]}
assert len(people) == 50, len(people)
assert people["z01"]["late_count"] == 3 and people["z01"]["late_minutes"] == 60, people["z01"]
assert people["z02"]["late_count"] == 0 and people["z02"]["working_days"] == 5, people["z02"]
PY
as lan timesheet --agency ubnd-z --unit vp --month 2026-10 --output "$SVC_DIR/C01-HD-VP-2026-10.xlsx"
/usr/bin/python3 - "$SVC_DIR/C01-HD-VP-2026-10.xlsx" <<'PY' || fail "timesheet"
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).active
cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
assert "Cán bộ số 01" in cells and "Cán bộ số 48" in cells and "Cán bộ số 49" not in cells, cells[:60]
PY
as summary summary run --agency ubnd-z --month 2026-10 --output-dir "$SVC_DIR/summaries"
[ -s "$SVC_DIR/summaries/ubnd-z/2026-10/summary.xlsx" ] || fail "no summary XLSX"
[ "$(psql_q "SELECT count(*) FROM attend.scorecard s JOIN attend.agency a ON a.id = s.agency_id WHERE a.code = 'ubnd-z' AND s.month = '2026-10-01'")" = 50 ] ||
	fail "scorecards: $(psql_q "SELECT count(*) FROM attend.scorecard")"
echo "ok: an office set up with attendctl alone (agency, 2 sites, 3 edges, 5 readers, 3 schedules with a seasonal switch, a roster, 50 people with badges, 4 logins); a week of taps; report, C01-HD and summary as HR and the summary login"
