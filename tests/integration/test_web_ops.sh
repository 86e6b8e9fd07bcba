#!/usr/bin/env bash
# attend-web's Devices page, HR filing a request for someone, and attendctl's views of a
# person's data logged (sql/029).  On a real PostgreSQL with the start-up of test_web.sh
# (tests/lib/web.sh) and headless Chromium through WebDriver (test_web_ops.py): an
# administrator sees the edges and readers, a reader heard from 10 minutes ago and a silent
# one; HR sees the page too, a unit head and staff get 403.  HR files a business trip for p1,
# the unit head approves it, p1 sees it approved and filed by HR.  attendctl as HR and as the
# unit head shows p1's days and the punctuality report: p1's login then reads who viewed what;
# p1 showing their own days is not logged.  Screenshots in $SVC_DIR/shots (KEEP=1 keeps them).
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/web.sh"
svc_init webops
scenario_until 2026-11-20
pg_start
days_setup 3
fail() { echo "FAIL: $*"; exit 1; }
psql_q "UPDATE attend.person SET full_name = 'Nguyễn Văn An' WHERE code = 'p1';
        INSERT INTO attend.edge (id, site_id, name) VALUES ('sql', 'hq', 'Máy cổng chính');
        INSERT INTO attend.reader (edge_id, id, name) VALUES ('sql', 'r1', 'Cổng chính'), ('sql', 'r2', 'Cổng sau');"
web_logins
# An administrator with a password (attend-web refuses logins the database trusts).
printf 'pw-adm-%s\n' "$RANDOM$RANDOM" > "$SVC_DIR/web_adm.pw"
"$BIN/attendctl" -q -d "host=127.0.0.1 port=$PGPORT user=web_admin dbname=attend" login add web_adm --kind admin \
	--password-file "$SVC_DIR/web_adm.pw"
{ echo "host all web_adm 127.0.0.1/32 scram-sha-256"; cat "$SVC_DIR/pg/pg_hba.conf"; } > "$SVC_DIR/pg_hba.new"
cat "$SVC_DIR/pg_hba.new" > "$SVC_DIR/pg/pg_hba.conf"
as_svc_user "$PG_BIN/pg_ctl" -D "$SVC_DIR/pg" reload >/dev/null
# Reader r1 was used 10 minutes before the test's now (10:00); r2 never: silent.
tap_sql B1 "$TEST_TODAY 09:50"

# --- attendctl's views of a person's data are logged ------------------------------------
as_login() { PGPASSWORD=$(head -n 1 "$SVC_DIR/$1.pw") "$BIN/attendctl" -q -d "host=127.0.0.1 port=$PGPORT user=$1 dbname=attend" "${@:2}"; }
as_sql() { PGPASSWORD=$(head -n 1 "$SVC_DIR/$1.pw") psql "host=127.0.0.1 port=$PGPORT user=$1 dbname=attend" -qtAX -v ON_ERROR_STOP=1 -c "$2" 2>&1; }
as_login web_hr days show --person p1 --from 2026-10-20 --to 2026-11-05 >/dev/null
as_login web_head report punctuality --agency ubnd-x --from 2026-11-01 --to 2026-11-20 --format csv --output "$SVC_DIR/p.csv"
as_login web_staff days show --person p1 --from 2026-11-01 --to 2026-11-05 >/dev/null
as_login web_staff report punctuality --agency ubnd-x --from 2026-11-01 --to 2026-11-20 >/dev/null
log=$(as_sql web_staff "SELECT string_agg(viewer || ':' || what || ':' || detail, ' ' ORDER BY id) FROM attend.data_access_log")
[ "$log" = "web_hr:month:2026-10-01 web_hr:month:2026-11-01 web_head:punctuality_csv:2026-11-01..2026-11-20" ] ||
	fail "p1's access log after attendctl: '$log'"
# HR reads no log, not even of the people it sees (sql/029).
[ "$(as_sql web_hr "SELECT count(*) FROM attend.data_access_log")" = 0 ] || fail "HR reads the access log"
# A report names p2 and p3 too; their log has the unit head's view.
[ "$(psql_q "SELECT string_agg(p.code, ' ' ORDER BY p.code) FROM attend.data_access_log l JOIN attend.person p ON p.id = l.person_id WHERE l.viewer = 'web_head'")" = "p1 p2 p3" ] ||
	fail "the unit head's report view: $(psql_q "SELECT * FROM attend.data_access_log")"
# attendctl edges as HR reads the same SQL as the page (lib/edges_sql.c).
as_login web_hr edges --format json --output "$SVC_DIR/edges.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["readers"]; assert [(x["reader"], x["last_tap"][-5:] if x["last_tap"] else "") for x in r] == [("r1","09:50"),("r2","")], r' \
	"$SVC_DIR/edges.json" || fail "attendctl edges: $(cat "$SVC_DIR/edges.json")"

# --- the browser ---------------------------------------------------------------------------
web_start
mkdir -p "$SVC_DIR/shots"
export WEB_URL SVC_DIR TEST_TODAY
for who in hr head staff adm; do export "WEB_PW_${who^^}=$(cat "$SVC_DIR/web_$who.pw")"; done
/usr/bin/python3 "$(dirname "$0")/test_web_ops.py" || fail "browser test (screenshots in $SVC_DIR/shots)"
# What the browser did is in the database as the people who did it.
[ "$(psql_q "SELECT p.code || ' ' || r.symbol || ' ' || r.requested_by || ' ' || r.status || ' ' || r.decided_by
             FROM attend.request r JOIN attend.person p ON p.id = r.person_id")" = "p1 CT web_hr approved web_head" ] ||
	fail "the request's audit: $(psql_q "SELECT * FROM attend.request")"
kill -TERM "$WEB_PID"; wait "$WEB_PID" 2>/dev/null || true
echo "ok: Devices page (admin, HR; unit head and staff 403; r1 heard 10 min ago, r2 silent); HR filed a request for p1, the unit head approved, p1 saw it; attendctl days show / report logged for p1 (own views not); screenshots in shots/"
