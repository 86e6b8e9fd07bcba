# shellcheck shell=bash
# attend-web for the integration tests, on top of services.sh and days.sh.
#   web_logins          logins web_hr (HR of ubnd-x), web_head (unit head of unit vp) and
#                       web_staff (staff, person p1), each with a password, made with
#                       `attendctl login add` as an administrator login; pg_hba.conf asks
#                       these logins for their password (scram-sha-256) — the rest of the
#                       test servers trust loopback
#   web_start [NAME]    attend-web on a free loopback port (WEB_IDLE: session_idle, WEB_SECURE:
#                       secure_cookies, WEB_EXTRA_INI: more [web] lines, WEB_CONNINFO:
#                       [database] conninfo): WEB_URL,
#                       WEB_PID; its config NAME.ini and log NAME.log (default web)
#   web_login USER      logs USER in with curl: prints the session cookie (name=value)
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

web_start() {   # web_start [NAME]: NAME.ini, NAME.log (default web)
	local name=${1:-web}
	WEB_PORT=$(free_port)
	cat > "$SVC_DIR/$name.ini" <<INI
[web]
listen = 127.0.0.1
port = $WEB_PORT
refresh = ${WEB_REFRESH:-60}
session_idle = ${WEB_IDLE:-900}
secure_cookies = ${WEB_SECURE:-false}
log = stderr
verbose = true
${WEB_EXTRA_INI:-}

[database]
conninfo = ${WEB_CONNINFO:-host=127.0.0.1 port=$PGPORT dbname=attend}
INI
	"$BIN/attend-web" -n -c "$SVC_DIR/$name.ini" >/dev/null
	start_bg "$name" "$BIN/attend-web" -d -c "$SVC_DIR/$name.ini"; WEB_PID=$BG_PID
	WEB_URL="http://127.0.0.1:$WEB_PORT"
	wait_for 10 "echo > /dev/tcp/127.0.0.1/$WEB_PORT" || { cat "$SVC_DIR/$name.log" >&2; return 1; }
}

web_login() {
	local jar="$SVC_DIR/$1.jar" page token
	page=$(curl -s -c "$jar" "$WEB_URL/login")
	token=$(echo "$page" | sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p')
	curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "login_token=$token" --data-urlencode "user=$1" \
		--data-urlencode "password=$(head -n 1 "$SVC_DIR/$1.pw")" "$WEB_URL/login"
	awk '$6 == "attend_session" { print $6 "=" $7 }' "$jar"
}
