#!/usr/bin/env bash
# The central site loses its database machine mid-stream and rides it: two PostgreSQL nodes
# under Patroni (synchronous_mode) and an etcd on loopback (tests/lib/ha.sh), three edges
# tapping, the primary's Patroni and postmaster kill -9'd; Patroni promotes the standby, the
# recorder (multi-host conninfo) commits on it and only then acks.  At the end every answered
# tap is in the database exactly once, the journals are drained and the day results are
# current (evaluating them again changes nothing).  While no primary is elected (in the first
# kill the standby's Patroni is held with SIGSTOP meanwhile, so the state lasts as long as the
# checks need), attend-web answers 503 and attendctl says the database is switching over (en,
# vi) instead of libpq's words.  Then the old primary
# comes back as a streaming sync standby, and (FAILOVER_TWICE=1) the new primary is killed in
# a second stream and ridden the same way.
# Knobs: FAILOVER_TAPS (per edge and stream, default 600) and FAILOVER_TWICE (default 0): the
# short form of make check; the long form is `make check-failover` (5000 taps, twice).
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/web.sh"
. "$(dirname "$0")/../lib/ha.sh"
TAPS=${FAILOVER_TAPS:-600}
[[ $TAPS =~ ^[1-9][0-9]*$ ]] || { echo "FAILOVER_TAPS: '$TAPS' is not a number of taps" >&2; exit 2; }
TWICE=${FAILOVER_TWICE:-0}
DAY=2026-11-16   # a Monday: the known badges' taps carry their own time (the sim reader's "TIME UID")
scenario_until $DAY
svc_init failover
fail() { echo "FAIL: $*"; exit 1; }
t0=$(date +%s)
ha_start
echo "etcd + 2 Patroni nodes up in $(( $(date +%s) - t0 ))s: $(ha_leader) leads, $(ha_replica) is its sync standby"
mqtt_start
days_setup 30   # people p1..p30, badges B1..B30; as the superuser: the fixtures only
REC_DB=$(ha_conninfo recorder_login) EVAL_DB=$(ha_conninfo evaluator_login)
HR_DB=$(ha_conninfo hr_login) ADMIN_DB=$(ha_conninfo admin_login)
{ echo -n '{"badges":['; for k in $(seq 1 30); do echo -n "{\"uid\":\"B$k\",\"name\":\"P$k\"}"; [ $k = 30 ] || echo -n ,; done; echo ']}'; } \
	> "$SVC_DIR/badges.json"
EDGES=(gate-a gate-b gate-c)
RESEND_AFTER=2 DEBOUNCE_MS=0 write_edge_ini gate-a hq r:in
RESEND_AFTER=2 DEBOUNCE_MS=0 write_edge_ini gate-b hq r:out
RESEND_AFTER=2 DEBOUNCE_MS=0 write_edge_ini gate-c hq r:both
BATCH_MAX=200 EVAL_INTERVAL=1 write_evaluator_ini rec1
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"
for e in "${EDGES[@]}"; do start_bg "$e" "$BIN/attendd" -d -c "$SVC_DIR/$e.ini"; done
for e in "${EDGES[@]}"; do wait_for 20 "grep -q 'mqtt: connected' '$SVC_DIR/$e.log'" || fail "$e did not connect"; done
# attend-web on the multi-host conninfo too, HR logged in (a password login: tests/lib/web.sh)
psql_q "CREATE ROLE web_admin LOGIN CREATEROLE IN ROLE attend_admin"
printf 'pw-hr-%s\n' "$RANDOM$RANDOM" > "$SVC_DIR/web_hr.pw"
"$BIN/attendctl" -q -d "$(ha_conninfo web_admin)" login add web_hr --kind hr --password-file "$SVC_DIR/web_hr.pw"
"$BIN/attendctl" -q -d "$(ha_conninfo web_admin)" access grant web_hr ubnd-x
WEB_CONNINFO="$HA_CONNINFO_HOSTS dbname=attend" web_start
HR_COOKIE=$(web_login web_hr)
web_today() { curl -s -o "$SVC_DIR/today.html" -w '%{http_code}' -b "$HR_COOKIE" "$WEB_URL/today"; }
[ "$(web_today)" = 200 ] || fail "attend-web /today as HR: $(cat "$SVC_DIR/today.html")"

# A stream: each edge FROM..TO, unknown UIDs U<edge letter><seq in hex>, unique, answered
# "unknown UID"; every 20th tap of gate-a and gate-b a known badge at a fixed time of $DAY
# (p1..p30 in at 07:2x, out at 17:3x), answered "accepted P<k>", so the evaluator has days.
feed() {
	local edge=$1 from=$2 to=$3 letter
	letter=$(echo "${edge#gate-}" | tr a-z A-Z)
	exec 3<>"$SVC_DIR/$edge-r.fifo"
	for ((i = from; i <= to; i += 10)); do   # 10 taps per 100 ms
		for ((k = i; k < i + 10 && k <= to; k++)); do
			if [ $((k % 20)) = 0 ] && [ "$edge" != gate-c ]; then
				local p=$(( (k / 20 - 1) % 30 + 1 ))
				case $edge in
				gate-a) printf '%sT07:%02d:00+07:00 B%d\n' $DAY $((p % 30)) "$p" ;;
				gate-b) printf '%sT17:%02d:00+07:00 B%d\n' $DAY $((30 + p % 30)) "$p" ;;
				esac
			else
				printf 'U%s%06X\n' "$letter" "$k"
			fi
		done >&3
		sleep 0.1
	done
	exec 3>&-
}

# Drained: every edge's journal released through what it answered, the database holding
# 1..released of it (as test_fault.sh); and the evaluator's queue empty.
answered_n() { grep -cE '^(accepted|unknown) ' "$SVC_DIR/$1-r.feedback" || [ $? = 1 ]; }
drained() {
	for e in "${EDGES[@]}"; do
		[ "$(journal_released $e)" -ge "$(answered_n $e)" ] || return 1
		[ "$(journal_released $e)" = "$(psql_q "SELECT coalesce(max(seq), 0) FROM attend.tap WHERE edge_id = '$e'")" ] || return 1
	done
}

# While no primary is elected (the standby's Patroni held): attend-web's page and attendctl say
# the database is switching over (vi, the web's default; en and vi for attendctl).
check_switching_message() {
	local out
	out=$(web_today)
	[ "$out" = 503 ] && grep "Cơ sở dữ liệu đang chuyển sang máy dự phòng: vui lòng thử lại sau một phút." "$SVC_DIR/today.html" >/dev/null ||
		fail "attend-web /today during the failover: $out $(cat "$SVC_DIR/today.html")"
	# kept for a look (KEEP=1): the page as the browser shows it, with its style sheet
	sed 's|href="/style.css"|href="style.css"|' "$SVC_DIR/today.html" > "$SVC_DIR/today-failover.html"
	curl -s -o "$SVC_DIR/style.css" "$WEB_URL/style.css"
	out=$(LANG=C.UTF-8 LANGUAGE= LC_ALL= "$BIN/attendctl" -d "$HR_DB" today --agency ubnd-x 2>&1) &&
		fail "attendctl today worked with no primary: $out"
	[ "$out" = "attendctl: the database is switching over to its standby; try again in a minute" ] ||
		fail "attendctl during the failover said: $out"
	out=$("$BIN/attendctl" --lang vi -d "$HR_DB" today --agency ubnd-x 2>&1) && fail "attendctl --lang vi worked with no primary"
	[ "$out" = "attendctl: cơ sở dữ liệu đang chuyển sang máy dự phòng; vui lòng thử lại sau một phút" ] ||
		fail "attendctl --lang vi during the failover said: $out"
	[ "$(psql_node "$HA_HELD" "SELECT pg_is_in_recovery()")" = t ] || fail "$HA_HELD was promoted while its Patroni was held"
	echo "while no primary: attend-web answers 503 and attendctl says the database is switching over (en, vi)"
}

# One stream with a kill -9 of the primary in it.  STREAM = 1, 2: taps (STREAM-1)*TAPS+1..
failover_stream() {
	local stream=$1 from=$(( ($1 - 1) * TAPS + 1 )) to=$(( $1 * TAPS )) pids=() e
	for e in "${EDGES[@]}"; do feed "$e" $from $to >/dev/null 2>&1 & pids+=($!); done
	# mid-stream: once a tenth of gate-a's taps of this stream (at most 300) are committed
	local before=$(( TAPS / 10 < 300 ? TAPS / 10 : 300 ))
	wait_for 120 '[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE edge_id = '"'gate-a'"' AND seq >= '$from'")" -ge '$before' ]' ||
		fail "stream $stream: no taps committed before the kill"
	local old n k0
	old=$(ha_leader)
	n=$(psql_q "SELECT count(*) FROM attend.tap")
	k0=$(date +%s.%N)
	[ "$stream" = 1 ] && ha_hold
	ha_kill_primary
	echo "stream $stream: killed $old (Patroni and postmaster, kill -9) with $n taps stored"
	if [ "$stream" = 1 ]; then   # the failover's times count from the release
		check_switching_message
		ha_release
		k0=$(date +%s.%N)
	fi
	wait_for 90 '[ -n "$(ha_leader)" ] && [ "$(ha_leader)" != "'"$old"'" ]' || fail "no new leader after killing $old: $(ha_cluster)"
	local k1
	k1=$(date +%s.%N)
	[ "$stream" = 1 ] && { wait_for 60 '[ "$(web_today)" = 200 ]' || fail "attend-web did not come back: $(cat "$SVC_DIR/today.html")"; }
	wait "${pids[@]}"
	wait_for 120 drained || fail "stream $stream: journals not drained: $(for e in "${EDGES[@]}"; do echo -n "$e answered $(answered_n $e) released $(journal_released $e); "; done)"
	local k2
	k2=$(date +%s.%N)
	awk -v s="$stream" -v l="$(ha_leader)" -v k0="$k0" -v k1="$k1" -v k2="$k2" -v from="$([ "$stream" = 1 ] && echo "the standby's release" || echo "the kill")" \
		'BEGIN { printf "stream %d: %s leads %.1fs after %s; journals drained %.1fs after it\n", s, l, k1 - k0, from, k2 - k0 }'
}

# Every answered tap exactly once; nothing stored that nobody answered.
check_counts() {
	local answered=0 stored dup e
	for e in "${EDGES[@]}"; do
		local a s
		a=$(answered_n $e)
		s=$(psql_q "SELECT count(*) FROM attend.tap WHERE edge_id = '$e'")
		[ "$s" -ge "$a" ] || fail "$e: $a answered, only $s stored"
		# a tap journaled just before a kill may be stored unanswered: never more than released
		[ "$s" = "$(journal_released $e)" ] || fail "$e: $s stored, $(journal_released $e) released"
		answered=$((answered + a))
	done
	stored=$(psql_q "SELECT count(*) FROM attend.tap")
	dup=$(psql_q "SELECT (SELECT count(*) FROM attend.tap) - (SELECT count(*) FROM (SELECT DISTINCT edge_id, epoch, seq FROM attend.tap) k)
	              + (SELECT count(*) - count(DISTINCT uid) FROM attend.tap WHERE uid ~ '^U')")
	local lost
	lost=$(comm -23 <(cat "$SVC_DIR"/gate-*-r.feedback | awk '$1 == "unknown" {print $2}' | sort -u) \
		<(psql_q "SELECT uid FROM attend.tap WHERE uid ~ '^U' ORDER BY 1") | wc -l)
	[ "$lost" = 0 ] || fail "$lost answered tap(s) not in the database"
	[ "$dup" = 0 ] || fail "$dup tap(s) stored twice"
	[ "$(cat "$SVC_DIR"/gate-*-r.feedback | grep -c '^accepted ')" = "$(psql_q "SELECT count(*) FROM attend.tap WHERE uid ~ '^B'")" ] ||
		fail "known-badge taps: $(cat "$SVC_DIR"/gate-*-r.feedback | grep -c '^accepted ') answered, $(psql_q "SELECT count(*) FROM attend.tap WHERE uid ~ '^B'") stored"
	COUNTS="answered $answered / stored $stored / duplicates $dup / lost $lost"
	echo "counts: $COUNTS"
}

# Current: the queue is empty and evaluating the day again (as the administrator) changes no result.
check_days_current() {
	wait_settled 60 || exit 1
	local before after n
	n=$(psql_q "SELECT count(*) FROM attend.day_result WHERE work_date = '$DAY' AND present")
	[ "$n" -gt 0 ] || fail "no day results for $DAY"
	before=$(psql_q "SELECT md5(string_agg(person_id || digest, ',' ORDER BY person_id)) FROM attend.day_result WHERE work_date = '$DAY'")
	"$BIN/attendctl" -q -d "$ADMIN_DB" days evaluate --all --from $DAY --to $DAY >/dev/null
	after=$(psql_q "SELECT md5(string_agg(person_id || digest, ',' ORDER BY person_id)) FROM attend.day_result WHERE work_date = '$DAY'")
	[ "$before" = "$after" ] || fail "day results of $DAY were not current: evaluating again changed them"
	echo "day results current: $n people present on $DAY, evaluating again changed nothing"
}

failover_stream 1
check_counts
check_days_current
t1=$(date +%s)
ha_rejoin
ha_wait_roles 120 || fail "$HA_KILLED did not come back as a streaming sync standby"
echo "$HA_KILLED back as $(ha_role "$HA_KILLED") (streaming, sync) in $(( $(date +%s) - t1 ))s"
if [ "$TWICE" = 1 ]; then
	failover_stream 2
	check_counts
	check_days_current
fi
grep -q "database is back after" "$SVC_DIR/rec1.log" || fail "the recorder never saw the database away"
echo "ok: 3 edges, $([ "$TWICE" = 1 ] && echo 2 || echo 1) failover(s) ridden: $COUNTS; journals drained, day results current"
