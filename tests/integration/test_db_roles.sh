#!/usr/bin/env bash
# Database least privilege, one rule at a time, each printing what it checked: the edge role
# can do nothing, the recorder may only insert taps, HR reads but never writes taps, the admin
# cannot change raw taps, and not even the owner can UPDATE, DELETE or TRUNCATE them (the
# trigger), through the partitioned table or one of its partitions.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init db-roles
pg_start
db_setup
psql_q "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='edge_login') THEN
    CREATE ROLE edge_login LOGIN IN ROLE attend_edge; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='admin_login') THEN
    CREATE ROLE admin_login LOGIN IN ROLE attend_admin; END IF;
END \$\$;
INSERT INTO attend.agency (code, name) VALUES ('ubnd-x', 'UBND xã X');
INSERT INTO attend.site (id, agency_id, name) SELECT 'hq', id, 'Trụ sở' FROM attend.agency;
INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'VP', 'Văn phòng' FROM attend.agency;
INSERT INTO attend.person (agency_id, unit_id, code, full_name)
  SELECT agency_id, id, 'CB01', 'Nguyễn Văn An' FROM attend.org_unit;"

TAP="INSERT INTO attend.tap (edge_id, epoch, seq, site_id, reader_id, direction, uid, known_at_edge,
      duplicate, tapped_at, sent_at, received_at, recorder) VALUES"
tap_row() {   # tap_row SEQ
	echo "('gate-a', '0d4f7a52-3c1e-4b8e-9a55-6f2b1d3c4e5f', $1, 'hq', 'in', 'in', '04A1B2C3', true, false,
	       '2026-11-23 07:28+07', '2026-11-23 07:28+07', '2026-11-23 07:28+07', 'rec-1')"
}
psql_q "$TAP $(tap_row 1)"
PART=$(psql_q "SELECT tableoid::regclass FROM attend.tap WHERE seq = 1")

conn() { echo "host=127.0.0.1 port=$PGPORT user=$1 dbname=attend"; }
n=0
# must_fail ROLE WHAT SQL PATTERN: SQL as ROLE is refused with an error matching PATTERN
must_fail() {
	local out
	if out=$(psql "$(conn "$1")" -v ON_ERROR_STOP=1 -qtAX -c "$3" 2>&1); then
		echo "FAIL: $1 could $2: $out"; exit 1
	fi
	# a here-string, not echo | grep -q: under pipefail, grep's early exit fails the echo
	grep -qiE "$4" <<< "$out" || { echo "FAIL: $1 $2: unexpected error: $out"; exit 1; }
	n=$((n + 1))
	printf '  ok %2d  %-15s cannot %-40s (%s)\n' "$n" "$1" "$2" "$(echo "$out" | head -n 1 | sed 's/^ERROR: *//' | cut -c1-60)"
}
must_work() {   # must_work ROLE WHAT SQL
	local out
	out=$(psql "$(conn "$1")" -v ON_ERROR_STOP=1 -qtAX -c "$3" 2>&1) || { echo "FAIL: $1 cannot $2: $out"; exit 1; }
	n=$((n + 1))
	printf '  ok %2d  %-15s can    %-40s\n' "$n" "$1" "$2"
}
DENIED='permission denied'
APPEND='append-only'

echo "edge role (attend_edge): nothing at all"
must_fail edge_login "read taps" "SELECT count(*) FROM attend.tap" "$DENIED"
must_fail edge_login "insert a tap" "$TAP $(tap_row 2)" "$DENIED"
must_fail edge_login "read people" "SELECT count(*) FROM attend.person" "$DENIED"
must_fail edge_login "read badges" "SELECT count(*) FROM attend.badge" "$DENIED"

echo "recorder role (attend_recorder): insert taps, nothing more"
must_work recorder_login "insert a tap" "$TAP $(tap_row 3) ON CONFLICT DO NOTHING"
must_fail recorder_login "read taps" "SELECT count(*) FROM attend.tap" "$DENIED"
must_fail recorder_login "update a tap" "UPDATE attend.tap SET uid = 'X' WHERE seq = 1" "$DENIED"
must_fail recorder_login "delete a tap" "DELETE FROM attend.tap WHERE seq = 1" "$DENIED"
must_fail recorder_login "truncate taps" "TRUNCATE attend.tap" "$DENIED"
must_fail recorder_login "read a tap partition" "SELECT count(*) FROM $PART" "$DENIED"
must_fail recorder_login "read people" "SELECT count(*) FROM attend.person" "$DENIED"
must_fail recorder_login "read badges" "SELECT count(*) FROM attend.badge" "$DENIED"

echo "HR role (attend_hr): reads, never writes taps"
must_work hr_login "read taps" "SELECT count(*) FROM attend.tap"
must_fail hr_login "insert a tap" "$TAP $(tap_row 4)" "$DENIED"
must_fail hr_login "update a tap" "UPDATE attend.tap SET uid = 'X' WHERE seq = 1" "$DENIED"
must_fail hr_login "delete a tap" "DELETE FROM attend.tap WHERE seq = 1" "$DENIED"
must_fail hr_login "truncate taps" "TRUNCATE attend.tap" "$DENIED"

echo "admin role (attend_admin): reference data, but raw taps stay as recorded"
must_work admin_login "read taps" "SELECT count(*) FROM attend.tap"
must_fail admin_login "update a tap" "UPDATE attend.tap SET uid = 'X' WHERE seq = 1" "$DENIED|$APPEND"
must_fail admin_login "delete a tap" "DELETE FROM attend.tap WHERE seq = 1" "$DENIED|$APPEND"
must_fail admin_login "truncate taps" "TRUNCATE attend.tap" "$DENIED|$APPEND"

echo "the owner (superuser that ran the migrations): the trigger refuses even it"
must_fail postgres "update a tap" "UPDATE attend.tap SET uid = 'X' WHERE seq = 1" "$APPEND"
must_fail postgres "delete a tap" "DELETE FROM attend.tap WHERE seq = 1" "$APPEND"
must_fail postgres "truncate taps" "TRUNCATE attend.tap" "$APPEND"
must_fail postgres "update in a partition" "UPDATE $PART SET uid = 'X' WHERE seq = 1" "$APPEND"
must_fail postgres "delete in a partition" "DELETE FROM $PART WHERE seq = 1" "$APPEND"
must_fail postgres "truncate a partition" "TRUNCATE $PART" "$APPEND"
must_fail postgres "truncate the default partition" "TRUNCATE attend.tap_default" "$APPEND"
psql_q "SELECT attend.ensure_tap_partitions('2031-01-01', 1)" >/dev/null   # as attendctl maintain does
must_fail postgres "truncate a partition made later" "TRUNCATE attend.tap_2031_01" "$APPEND"

[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE uid = '04A1B2C3'")" = 2 ] || { echo "FAIL: taps changed"; exit 1; }

# The test clock (sql/020_clock.sql): a database that has not turned it on refuses a session's
# attend.now out loud, so nobody moves "today" by setting it; a malformed ATTEND_TEST_NOW stops
# the programs naming the variable.
psql_q "UPDATE attend.clock_policy SET test_clock = false"
must_fail hr_login "set its own today" "SET attend.now = '2020-01-01T00:00:00Z'; SELECT attend.now()" \
	"does not allow a test clock"
out=$("$BIN/attendctl" -d "$(conn admin_login)" today --agency ubnd-x 2>&1) && { echo "FAIL: attendctl ran on a refused test clock: $out"; exit 1; }
grep -q "does not allow a test clock" <<< "$out" || { echo "FAIL: attendctl's refusal: $out"; exit 1; }
n=$((n + 1)); echo "  ok  attendctl with ATTEND_TEST_NOW on a database that does not allow it: refused"
[ "$(PGOPTIONS= psql "$(conn hr_login)" -qtAX -c "SELECT abs(extract(epoch FROM attend.now() - now())) < 1")" = t ] ||
	{ echo "FAIL: attend.now() is not now() without a test clock"; exit 1; }
rc=0; out=$(ATTEND_TEST_NOW='28/11/2026' "$BIN/attendctl" -d "$(conn admin_login)" today --agency ubnd-x 2>&1) || rc=$?
[ "$rc" = 2 ] && grep -q "ATTEND_TEST_NOW: '28/11/2026' is not an RFC 3339 time" <<< "$out" ||
	{ echo "FAIL: a bad ATTEND_TEST_NOW (exit $rc): $out"; exit 1; }
n=$((n + 1)); echo "  ok  a malformed ATTEND_TEST_NOW is refused by name"
echo "ok: $n role rules hold; the 2 taps are as recorded; a test clock only where allowed"
