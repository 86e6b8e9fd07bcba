#!/usr/bin/env bash
# Retention of personal data (sql/030, ctl/maintain_retention.c), under the administrator's
# login on a fixture spanning 2025..2028 and the test clock at 2029-03-15: the settings are
# versioned; a dry run changes nothing; a run archives each month of taps past every agency's
# retention and drops it, deletes one agency's day results past its own retention, each with
# an audit row naming the archive and its SHA-256; the archives read back (their rows are what
# was removed, and COPY takes them back); a month another agency still keeps, and recent taps,
# are untouched; HR and staff are refused; the admin still cannot DELETE a recent tap, nor
# ask the retention function to drop a month within retention.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init retention
test_now 2029-03-15T10:00:00+07:00
pg_start
db_setup
psql_q "CREATE ROLE staff_login LOGIN IN ROLE attend_staff;
INSERT INTO attend.agency (code, name) VALUES ('ubnd-x', 'UBND xã X'), ('ubnd-y', 'UBND xã Y');
INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'vp', 'Văn phòng' FROM attend.agency;
INSERT INTO attend.site (id, agency_id, name) SELECT 'hq-' || substr(code, 6), id, 'Trụ sở' FROM attend.agency;
INSERT INTO attend.person (agency_id, unit_id, code, full_name)
  SELECT agency_id, id, 'p1', 'Người 1' FROM attend.org_unit;
INSERT INTO attend.hr_access (role_name, agency_id) SELECT 'hr_login', id FROM attend.agency;"
STAFF_DB="host=127.0.0.1 port=$PGPORT user=staff_login dbname=attend"

seq=0
taps() {   # taps SITE N 'YYYY-MM-DD': N taps at that site on that day (site 'nowhere': unknown)
	local i
	for ((i = 0; i < $2; i++)); do
		seq=$((seq + 1))
		psql_q "INSERT INTO attend.tap (edge_id, epoch, seq, site_id, agency_id, reader_id, direction, uid,
		          known_at_edge, duplicate, tapped_at, sent_at, received_at, recorder)
		        VALUES ('gate', '00000000-0000-0000-0000-000000000001', $seq, '$1',
		          (SELECT agency_id FROM attend.site WHERE id = '$1'), 'r1', 'in', 'B$seq', true, false,
		          '$3 07:$((10 + i)):00+07', '$3 07:$((10 + i)):00+07', '$3 07:$((10 + i)):00+07', 'test')"
	done
}
taps hq-x 3 2025-02-10; taps hq-y 2 2025-02-11; taps nowhere 1 2025-02-12   # past everyone's
taps hq-x 2 2026-03-10; taps hq-y 1 2026-03-11                              # ubnd-y keeps it
taps hq-x 2 2026-06-10                                                      # past ubnd-x's
taps hq-x 4 2028-11-10                                                      # recent
day_result() {   # day_result AGENCY DATE
	psql_q "INSERT INTO attend.day_result (agency_id, person_id, work_date, day_kind, working_day, present,
	          profile, symbol, pending, minutes_late, minutes_early, minutes_worked, sessions, exceptions,
	          rule_set_id, rule_set_label, digest)
	        SELECT p.agency_id, p.id, '$2', 'working', true, true, 'standard', '+', false, 0, 0, 480,
	          '[]', '[]', 1, 'v1', 'x' FROM attend.person p JOIN attend.agency a ON a.id = p.agency_id
	        WHERE a.code = '$1'"
}
for d in 2025-02-10 2025-06-10 2026-06-10 2028-11-10; do day_result ubnd-x $d; day_result ubnd-y $d; done
psql_q "INSERT INTO attend.day_exception (agency_id, person_id, work_date, seq, kind, cause, minutes, discipline)
        SELECT agency_id, person_id, work_date, 1, 'late', 'late', 5, true FROM attend.day_result"
ctl() { "$BIN/attendctl" -d "$1" "${@:2}"; }
count() { psql_q "SELECT count(*) FROM $1"; }
ARCH=$SVC_DIR/archive
mkdir -p "$ARCH"

# --- refusals and bad input, before anything is set
must_refuse() {   # must_refuse PATTERN CMD...: CMD exits non-zero saying PATTERN
	local out
	if out=$("${@:2}" 2>&1); then echo "FAIL: not refused: ${*:2}: $out"; exit 1; fi
	grep -E -- "$1" <<<"$out" >/dev/null || { echo "FAIL: ${*:2}: expected /$1/, got: $out"; exit 1; }
}
must_refuse "not allowed for the database role 'hr_login'" ctl "$HR_DB" maintain retention set ubnd-x --tap-years 1
must_refuse "not allowed for the database role 'staff_login'" ctl "$STAFF_DB" maintain retention set ubnd-x --tap-years 1
must_refuse "--tap-years '0' is not a number of years from 1 to 100, nor 'keep'" ctl "$ADMIN_DB" maintain retention set ubnd-x --tap-years 0
must_refuse "agency 'ubnd-z' does not exist" ctl "$ADMIN_DB" maintain retention set ubnd-z --tap-years 2
must_refuse "--archive-dir DIR is needed" ctl "$ADMIN_DB" maintain retention --dry-run
LANGUAGE=vi must_refuse "không" ctl "$HR_DB" maintain retention --archive-dir "$ARCH" --dry-run
echo "ok: HR and staff refused, bad years and a missing archive folder named"

# --- nothing set: everything is kept
out=$(ctl "$ADMIN_DB" maintain retention --archive-dir "$ARCH")
[ "$out" = "retention: nothing to remove" ] || { echo "FAIL: with no retention set: $out"; exit 1; }

# --- settings, versioned
ctl "$ADMIN_DB" maintain retention set ubnd-x --tap-years 5 >/dev/null
ctl "$ADMIN_DB" maintain retention set ubnd-x --tap-years 2 --day-years 3 >/dev/null
out=$(ctl "$ADMIN_DB" maintain retention set ubnd-y --tap-years 3)
[ "$out" = "retention of ubnd-y: raw taps 3 year(s), day results keep year(s)" ] || { echo "FAIL: set: $out"; exit 1; }
[ "$(psql_q "SELECT string_agg(coalesce(tap_years::text, '-') || '/' || coalesce(day_years::text, '-') || ' by ' || set_by, ', ' ORDER BY id)
             FROM attend.retention_setting")" = "5/- by admin_login, 2/3 by admin_login, 3/- by admin_login" ] ||
	{ echo "FAIL: settings history: $(psql_q "TABLE attend.retention_setting")"; exit 1; }
ctl "$HR_DB" maintain retention show | grep -E "^ubnd-x +2 +3 +2027-03-15 +2026-03-15 +admin_login" >/dev/null ||
	{ echo "FAIL: show: $(ctl "$HR_DB" maintain retention show)"; exit 1; }
echo "ok: settings versioned (3 rows), shown to HR"

# --- dry run: says what, changes nothing
before_taps=$(count attend.tap) before_days=$(count attend.day_result)
out=$(ctl "$ADMIN_DB" maintain retention --archive-dir "$ARCH" --dry-run)
want="tap partition tap_2025_02: 6 taps of ubnd-x,ubnd-y,(unknown site): would archive to $ARCH/tap_2025_02.copy.gz and drop
tap partition tap_2026_03: 3 taps of ubnd-x,ubnd-y: kept, ubnd-y keeps them
tap partition tap_2026_06: 2 taps of ubnd-x: would archive to $ARCH/tap_2026_06.copy.gz and drop
day results of ubnd-x before 2026-03-15: 2 rows: would archive to $ARCH/day_results_ubnd-x_before_2026-03-15.copy.gz and delete"
[ "$out" = "$want" ] || { echo "FAIL: dry run said:"; echo "$out"; echo "expected:"; echo "$want"; exit 1; }
[ "$(count attend.tap)" = "$before_taps" ] && [ "$(count attend.day_result)" = "$before_days" ] &&
	[ -z "$(ls -A "$ARCH")" ] || { echo "FAIL: the dry run changed something"; exit 1; }
echo "ok: dry run: 2 months and 2 day results to go, 1 month held by ubnd-y, nothing changed"

# --- the run
ctl "$ADMIN_DB" maintain retention --archive-dir "$ARCH" > "$SVC_DIR/run.out"
cat "$SVC_DIR/run.out"
for p in tap_2025_02 tap_2026_06; do
	[ "$(psql_q "SELECT to_regclass('attend.$p') IS NULL")" = t ] || { echo "FAIL: $p still there"; exit 1; }
done
[ "$(psql_q "SELECT to_regclass('attend.tap_2026_03') IS NOT NULL")" = t ] || { echo "FAIL: tap_2026_03 dropped"; exit 1; }
[ "$(count attend.tap)" = $((before_taps - 8)) ] || { echo "FAIL: $(count attend.tap) taps left"; exit 1; }
[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE tapped_at >= '2028-11-01'")" = 4 ] || { echo "FAIL: recent taps"; exit 1; }
[ "$(psql_q "SELECT string_agg(a.code || ' ' || r.work_date, ',' ORDER BY a.code, r.work_date) FROM attend.day_result r
             JOIN attend.agency a ON a.id = r.agency_id")" = "ubnd-x 2026-06-10,ubnd-x 2028-11-10,ubnd-y 2025-02-10,ubnd-y 2025-06-10,ubnd-y 2026-06-10,ubnd-y 2028-11-10" ] ||
	{ echo "FAIL: day results left: $(psql_q "SELECT agency_id, work_date FROM attend.day_result")"; exit 1; }
[ "$(psql_q "SELECT count(*) FROM attend.day_exception e JOIN attend.agency a ON a.id = e.agency_id
             WHERE a.code = 'ubnd-x' AND work_date < '2026-03-15'")" = 0 ] || { echo "FAIL: exception rows left"; exit 1; }

# The audit, and each archive read back: its rows, its checksum, COPY takes it back.
audit=$(psql_q "SELECT what || ' ' || coalesce(tap_partition, agencies) || ' ' || before || ' ' || rows_removed || ' '
                  || done_by || ' ' || archive_file || ' ' || archive_sha256 FROM attend.retention_run ORDER BY id")
[ "$(wc -l <<<"$audit")" = 3 ] || { echo "FAIL: audit: $audit"; exit 1; }
while read -r what which before rows by file sha; do
	[ "$by" = admin_login ] || { echo "FAIL: audit says $by"; exit 1; }
	[ "$(zcat "$file" | wc -l)" = "$rows" ] || { echo "FAIL: $file has $(zcat "$file" | wc -l) lines, audit $rows"; exit 1; }
	[ "$(sha256sum "$file" | cut -d' ' -f1)" = "$sha" ] || { echo "FAIL: $file checksum"; exit 1; }
	[ "$(stat -c %a "$file")" = 600 ] || { echo "FAIL: $file mode $(stat -c %a "$file")"; exit 1; }
	table=attend.tap; [ "$what" = taps ] || table=attend.day_result
	back=$(zcat "$file" | psql "$PG_SUPER" -qtAX -v ON_ERROR_STOP=1 \
		-c "CREATE TEMP TABLE back (LIKE $table)" -c "COPY back FROM STDIN" -c "SELECT count(*) FROM back")
	[ "$back" = "$rows" ] || { echo "FAIL: COPY took $back rows back from $file"; exit 1; }
	echo "ok: $what $which (before $before): $rows rows in $(basename "$file"), sha256 and COPY back agree"
done <<<"$audit"
[ "$(cut -d' ' -f2,4 <<<"$audit" | paste -sd,)" = "tap_2025_02 6,tap_2026_06 2,ubnd-x 2" ] || { echo "FAIL: audit rows: $audit"; exit 1; }
ls "$ARCH" | grep -F .part && { echo "FAIL: a .part file left"; exit 1; }

# --- append-only within retention, for the administrator too
must_refuse "permission denied for table tap" psql "$ADMIN_DB" -qtAX -v ON_ERROR_STOP=1 \
	-c "DELETE FROM attend.tap WHERE tapped_at >= '2028-11-01'"
must_refuse "raw taps are append-only: DELETE refused" psql "$PG_SUPER" -qtAX -v ON_ERROR_STOP=1 \
	-c "DELETE FROM attend.tap WHERE tapped_at >= '2028-11-01'"
must_refuse "tap partition 'tap_2028_11' is not past the retention" psql "$ADMIN_DB" -qtAX -v ON_ERROR_STOP=1 \
	-c "SELECT attend.retention_drop_taps('tap_2028_11', 4, '/tmp/x', repeat('0', 64))"
must_refuse "tap partition 'tap_2026_03' is still kept by ubnd-y" psql "$ADMIN_DB" -qtAX -v ON_ERROR_STOP=1 \
	-c "SELECT attend.retention_drop_taps('tap_2026_03', 3, '/tmp/x', repeat('0', 64))"
must_refuse "day results of agency [0-9]+ before 2028-12-01 are not past its retention" psql "$ADMIN_DB" -qtAX -v ON_ERROR_STOP=1 \
	-c "SELECT attend.retention_delete_days(id, '2028-12-01', 1, '/tmp/x', repeat('0', 64)) FROM attend.agency WHERE code = 'ubnd-x'"
must_refuse "permission denied for function retention_drop_taps" psql "$HR_DB" -qtAX -v ON_ERROR_STOP=1 \
	-c "SELECT attend.retention_drop_taps('tap_2026_03', 3, '/tmp/x', repeat('0', 64))"
[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE tapped_at >= '2026-03-01'")" = 7 ] || { echo "FAIL: taps within retention changed"; exit 1; }
echo "ok: a recent tap's DELETE refused to the admin and the owner; the functions refuse months within retention, and HR"

# --- run again: what is left is kept
out=$(ctl "$ADMIN_DB" maintain retention --archive-dir "$ARCH")
[ "$out" = "tap partition tap_2026_03: 3 taps of ubnd-x,ubnd-y: kept, ubnd-y keeps them
retention: nothing to remove" ] || { echo "FAIL: second run: $out"; exit 1; }
echo "PASS: retention: 8 taps in 2 months and 2 day results archived and removed, audited; the rest untouched"
