#!/usr/bin/env bash
# Badge cloning flags (sql/017): the same badge at two sites within the window, a badge used
# while its owner is on approved full-day leave; neither for honest patterns; the window is
# per agency; a leave approved afterwards flags at once; HR sees only its own agency's flags.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init badge-clone
fail() { echo "FAIL: $*"; exit 1; }
pg_start
db_setup
psql_q "INSERT INTO attend.agency (code, name) VALUES ('ubnd-x', 'UBND xã X'), ('ubnd-y', 'UBND xã Y');
  INSERT INTO attend.site (id, agency_id, name) SELECT v.id, a.id, v.name FROM attend.agency a,
    (VALUES ('hq', 'Trụ sở'), ('branch', 'Bộ phận một cửa')) v(id, name) WHERE a.code = 'ubnd-x';
  INSERT INTO attend.site (id, agency_id, name) SELECT 'y-hq', id, 'Trụ sở Y' FROM attend.agency WHERE code = 'ubnd-y';
  INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'VP', 'Văn phòng' FROM attend.agency;
  INSERT INTO attend.person (agency_id, unit_id, code, full_name)
    SELECT u.agency_id, u.id, v.code, v.code FROM attend.org_unit u JOIN attend.agency a ON a.id = u.agency_id,
    (VALUES ('A'), ('B'), ('C'), ('D'), ('E'), ('F'), ('G'), ('H')) v(code) WHERE a.code = 'ubnd-x';
  INSERT INTO attend.person (agency_id, unit_id, code, full_name)
    SELECT u.agency_id, u.id, 'Y1', 'Y1' FROM attend.org_unit u JOIN attend.agency a ON a.id = u.agency_id WHERE a.code = 'ubnd-y';
  INSERT INTO attend.badge (agency_id, uid, person_id, valid_from)
    SELECT agency_id, 'CA' || code || '01', id, '2026-01-01' FROM attend.person;"
n=0
tap() {   # tap UID SITE LOCAL-TIME
	n=$((n + 1))
	psql_q "INSERT INTO attend.tap (edge_id, epoch, seq, site_id, agency_id, reader_id, direction, uid,
	  known_at_edge, duplicate, tapped_at, sent_at, received_at, recorder)
	  SELECT 'gate-' || '$2', '0d4f7a52-3c1e-4b8e-9a55-6f2b1d3c4e5f', $n, '$2', agency_id, 'in', 'in', '$1',
	         true, false, '$3+07', '$3+07', '$3+07', 'rec-1' FROM attend.site WHERE id = '$2'"
}
request() {   # request PERSON SYMBOL PART STATUS
	local decided=NULL; [ "$4" = requested ] || decided='now()'
	psql_q "INSERT INTO attend.request (agency_id, person_id, symbol, date_from, date_to, part, status, decided_by, decided_at)
	  SELECT agency_id, id, '$2', '2026-11-23', '2026-11-23', '$3', '$4', 'hr', $decided FROM attend.person WHERE code = '$1'"
}
flags() {   # flags KIND UID: how many flags of that kind the badge has
	psql_q "SELECT count(*) FROM attend.badge_clone_flags('2026-11-01', '2026-11-30') WHERE kind = '$1' AND uid = '$2'"
}
check() {   # check WHAT EXPECTED ACTUAL
	[ "$2" = "$3" ] || fail "$1: expected $2, got $3"
	echo "  ok  $1"
}

tap CAA01 hq     '2026-11-23 07:30'; tap CAA01 branch '2026-11-23 07:35'
check "the same badge at two sites 5 min apart is flagged" 1 "$(flags two_sites CAA01)"
detail=$(psql_q "SELECT detail FROM attend.badge_clone_flags('2026-11-23', '2026-11-23') WHERE uid = 'CAA01'")
[ "$detail" = "also tapped at site hq 5.0 min earlier (window 10 min)" ] || fail "detail: $detail"
tap CAB01 hq     '2026-11-23 07:30'; tap CAB01 branch '2026-11-23 07:50'
check "20 min apart, outside the default 10 min window, is not" 0 "$(flags two_sites CAB01)"
psql_q "INSERT INTO attend.badge_clone_setting (agency_id, window_minutes) SELECT id, 30 FROM attend.agency WHERE code = 'ubnd-x'"
check "with the agency's window set to 30 min it is" 1 "$(flags two_sites CAB01)"
tap CAC01 hq '2026-11-23 07:30'; tap CAC01 hq '2026-11-23 07:31'; tap CAC01 hq '2026-11-23 17:30'
check "taps at one site, however close, are not" 0 "$(flags two_sites CAC01)"
tap CAH01 branch '2026-11-23 07:30'; tap CAH01 hq '2026-11-23 07:30'
check "two sites at the same second: flagged once" 1 "$(flags two_sites CAH01)"

request D P day approved;   tap CAD01 hq '2026-11-23 08:00'
check "a tap on a day of approved annual leave is flagged" 1 "$(flags during_leave CAD01)"
request E P day requested;  tap CAE01 hq '2026-11-23 08:00'
check "a leave only requested is not" 0 "$(flags during_leave CAE01)"
psql_q "UPDATE attend.request SET status = 'approved', decided_at = now() WHERE person_id = (SELECT id FROM attend.person WHERE code = 'E')"
check "approved afterwards, it is at once" 1 "$(flags during_leave CAE01)"
request F CT day approved;  tap CAF01 hq '2026-11-23 08:00'
check "a business trip (CT) is not leave" 0 "$(flags during_leave CAF01)"
request G P morning approved; tap CAG01 hq '2026-11-23 13:30'
check "a half-day leave is not a full-day leave" 0 "$(flags during_leave CAG01)"
tap CAD01 hq '2026-11-24 08:00'
check "the day after the leave is not flagged" 1 "$(flags during_leave CAD01)"
# the bare view holds the same flags (for ad-hoc questions; slower without a date bound)
check "the view agrees with the function" "$(psql_q "SELECT count(*) FROM attend.badge_clone_flags('2026-11-01', '2026-11-30')")" \
	"$(psql_q "SET jit = off; SELECT count(*) FROM attend.badge_clone_flag")"
psql_q "INSERT INTO attend.tap (edge_id, epoch, seq, site_id, agency_id, reader_id, direction, uid, known_at_edge,
  duplicate, tapped_at, sent_at, received_at, recorder) SELECT 'gate-hq', '0d4f7a52-3c1e-4b8e-9a55-6f2b1d3c4e5f', 999,
  'hq', agency_id, 'in', 'in', 'CAD01', true, false, '2026-11-22 23:30Z', now(), now(), 'rec-1' FROM attend.site WHERE id = 'hq'"
check "23:30 UTC is 06:30 on the leave day in Hanoi: flagged" 2 "$(flags during_leave CAD01)"

# HR of agency Y sees none of X's flags; HR of X sees them (row-level security through the view)
psql_q "CREATE ROLE hr_y LOGIN IN ROLE attend_hr; CREATE ROLE hr_x LOGIN IN ROLE attend_hr;
  INSERT INTO attend.hr_access (role_name, agency_id) SELECT 'hr_y', id FROM attend.agency WHERE code = 'ubnd-y';
  INSERT INTO attend.hr_access (role_name, agency_id) SELECT 'hr_x', id FROM attend.agency WHERE code = 'ubnd-x';"
total=$(psql_q "SELECT count(*) FROM attend.badge_clone_flags('2026-11-01', '2026-11-30')")
as_hr() { psql "host=127.0.0.1 port=$PGPORT user=$1 dbname=attend" -v ON_ERROR_STOP=1 -qtAX -c "$2"; }
check "HR of agency X sees its $total flags" "$total" "$(as_hr hr_x "SELECT count(*) FROM attend.badge_clone_flags('2026-11-01', '2026-11-30')")"
check "HR of agency Y sees none of them" 0 "$(as_hr hr_y "SELECT count(*) FROM attend.badge_clone_flags('2026-11-01', '2026-11-30')")"
echo "ok: $total flags where they belong (two sites within the window, use during approved leave), none for honest patterns, HR scoped"
