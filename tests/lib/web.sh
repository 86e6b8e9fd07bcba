# shellcheck shell=bash
# attend-web for the integration tests, on top of services.sh and days.sh.
#   web_logins          logins web_hr (HR of ubnd-x), web_head (unit head of unit vp) and
#                       web_staff (staff, person p1), each with a password, made with
#                       `attendctl login add` as an administrator login; pg_hba.conf asks
#                       these logins for their password (scram-sha-256) — the rest of the
#                       test servers trust loopback
#   web_start           attend-web on a free loopback port: WEB_URL, WEB_PID
web_logins() {
	psql_q "DO \$\$ BEGIN
	  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'web_admin') THEN
	    CREATE ROLE web_admin LOGIN CREATEROLE IN ROLE attend_admin; END IF; END \$\$"
	local admin="host=127.0.0.1 port=$PGPORT user=web_admin dbname=attend" who
	for who in hr:hr head:unit-head staff:staff; do
		printf 'pw-%s-%s\n' "${who%%:*}" "$RANDOM$RANDOM" > "$SVC_DIR/web_${who%%:*}.pw"
		"$BIN/attendctl" -q -d "$admin" login add "web_${who%%:*}" --kind "${who##*:}" \
			--password-file "$SVC_DIR/web_${who%%:*}.pw"
	done
	"$BIN/attendctl" -q -d "$admin" access grant web_hr ubnd-x
	"$BIN/attendctl" -q -d "$admin" access grant web_head ubnd-x --unit vp
	"$BIN/attendctl" -q -d "$admin" access grant web_staff ubnd-x --person p1
	{ echo "host all web_hr,web_head,web_staff,web_nopw 127.0.0.1/32 scram-sha-256"; cat "$SVC_DIR/pg/pg_hba.conf"; } \
		> "$SVC_DIR/pg_hba.new"
	cat "$SVC_DIR/pg_hba.new" > "$SVC_DIR/pg/pg_hba.conf"
	as_svc_user "$PG_BIN/pg_ctl" -D "$SVC_DIR/pg" reload >/dev/null
}

web_start() {
	WEB_PORT=$(free_port)
	cat > "$SVC_DIR/web.ini" <<INI
[web]
listen = 127.0.0.1
port = $WEB_PORT
refresh = ${WEB_REFRESH:-60}
log = stderr
verbose = true

[database]
conninfo = host=127.0.0.1 port=$PGPORT dbname=attend
INI
	"$BIN/attend-web" -n -c "$SVC_DIR/web.ini" >/dev/null
	start_bg web "$BIN/attend-web" -d -c "$SVC_DIR/web.ini"; WEB_PID=$BG_PID
	WEB_URL="http://127.0.0.1:$WEB_PORT"
	wait_for 10 "echo > /dev/tcp/127.0.0.1/$WEB_PORT" || { cat "$SVC_DIR/web.log" >&2; return 1; }
}
