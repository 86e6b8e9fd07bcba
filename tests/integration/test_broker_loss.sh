#!/usr/bin/env bash
# Two brokers, no bridge (docs/deployment.md): three edges and a recorder list both brokers in
# [mqtt] host; the recorder holds a client on each, an edge uses one at a time.  Mid-stream the
# broker the edges are on (found from its connections, not assumed) is kill -9'd; the edges move
# to the other and send again what was not acked there.  At the end every answered tap is in
# the database exactly once and every journal is drained.  Then the killed broker comes back,
# the other is killed in the next stream and the edges move back: the same counts.
# Knobs: BROKER_TAPS (per edge and stream, default 340: ~2,000 taps in all) and BROKER_KILLS
# (streams, each with a kill, default 2): the short form of make check; the long form is
# `make check-brokers` (5,000 taps, 4 kills).
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
TAPS=${BROKER_TAPS:-340}
KILLS=${BROKER_KILLS:-2}
[[ $TAPS =~ ^[1-9][0-9]*$ ]] || { echo "BROKER_TAPS: '$TAPS' is not a number of taps" >&2; exit 2; }
[[ $KILLS =~ ^[1-9][0-9]*$ ]] || { echo "BROKER_KILLS: '$KILLS' is not a number of kills" >&2; exit 2; }
svc_init brokers
fail() { echo "FAIL: $*"; exit 1; }
pg_start
db_setup
psql_q "INSERT INTO attend.agency (code, name) VALUES ('a', 'A');
        INSERT INTO attend.site (id, agency_id, name) SELECT 'hq', id, 'HQ' FROM attend.agency;"
echo '{"badges":[]}' > "$SVC_DIR/badges.json"   # all unknown: feedback lines carry the uid

# Two mosquitto on their own ports (tests/lib/services.sh's mqtt_start, once each).
declare -a BPORT BPID
broker_start() {   # broker_start K (1 or 2): on its port of before when it had one
	MQTT_PORT=${BPORT[$1]:-} MQTT_PID=
	mqtt_start
	BPORT[$1]=$MQTT_PORT BPID[$1]=$MQTT_PID
}
broker_kill() {
	MQTT_PID=${BPID[$1]}
	mqtt_kill
	BPID[$1]=
}
broker_start 1
broker_start 2
HOSTS="127.0.0.1:${BPORT[1]}, 127.0.0.1:${BPORT[2]}"

EDGES=(gate-a gate-b gate-c)
RESEND_AFTER=2 DEBOUNCE_MS=0 write_edge_ini gate-a hq r:in
RESEND_AFTER=2 DEBOUNCE_MS=0 write_edge_ini gate-b hq r:out
RESEND_AFTER=2 DEBOUNCE_MS=0 write_edge_ini gate-c hq r:both
BATCH_MAX=200 write_recorder_ini rec1
for f in "${EDGES[@]}" rec1; do sed -i "s/^host = .*/host = $HOSTS/" "$SVC_DIR/$f.ini"; done
sed -i "s|^\[recorder\]|&\nmetrics_file = $SVC_DIR/rec1.prom\nmetrics_interval = 1|" "$SVC_DIR/rec1.ini"
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"
for e in "${EDGES[@]}"; do start_bg "$e" "$BIN/attendd" -d -c "$SVC_DIR/$e.ini"; done

# Who is on broker K: the established connections to its port, by program (ss -p).
on_broker() {   # on_broker K PROGRAM -> count
	ss -Htnp state established "( dport = :${BPORT[$1]} )" | grep -c "\"$2\"" || [ $? = 1 ]
}
metric() { sed -n "s/^$1 //p" "$SVC_DIR/rec1.prom" 2>/dev/null; }
wait_for 20 '[ "$(metric attend_recorder_brokers_connected)" = 2 ]' ||
	fail "the recorder is not connected to both brokers: $(cat "$SVC_DIR/rec1.prom" 2>/dev/null)"
wait_for 20 '[ $(( $(on_broker 1 attendd) + $(on_broker 2 attendd) )) = 3 ]' ||
	fail "the edges did not connect: $(on_broker 1 attendd) on broker 1, $(on_broker 2 attendd) on broker 2"
echo "recorder on both brokers; edges: $(on_broker 1 attendd) on broker 1, $(on_broker 2 attendd) on broker 2"

feed() {   # feed EDGE FROM TO: unknown UIDs U<edge letter><seq in hex>, 10 per 50 ms
	local edge=$1 from=$2 to=$3 letter
	letter=$(echo "${edge#gate-}" | tr a-z A-Z)
	exec 3<>"$SVC_DIR/$edge-r.fifo"
	for ((i = from; i <= to; i += 10)); do
		for ((k = i; k < i + 10 && k <= to; k++)); do printf 'U%s%06X\n' "$letter" "$k"; done >&3
		sleep 0.05
	done
	exec 3>&-
}
answered_n() { grep -c '^unknown ' "$SVC_DIR/$1-r.feedback" || [ $? = 1 ]; }
drained() {
	for e in "${EDGES[@]}"; do
		[ "$(journal_released $e)" -ge "$(answered_n $e)" ] || return 1
		[ "$(journal_released $e)" = "$(psql_q "SELECT coalesce(max(seq), 0) FROM attend.tap WHERE edge_id = '$e'")" ] || return 1
	done
}

# Every answered tap exactly once; nothing stored that nobody answered.
check_counts() {
	local answered=0 e a s dup lost
	for e in "${EDGES[@]}"; do
		a=$(answered_n $e)
		s=$(psql_q "SELECT count(*) FROM attend.tap WHERE edge_id = '$e'")
		[ "$s" -ge "$a" ] || fail "$e: $a answered, only $s stored"
		[ "$s" = "$(journal_released $e)" ] || fail "$e: $s stored, $(journal_released $e) released"
		answered=$((answered + a))
	done
	dup=$(psql_q "SELECT (SELECT count(*) FROM attend.tap) - (SELECT count(*) FROM (SELECT DISTINCT edge_id, epoch, seq FROM attend.tap) k)
	              + (SELECT count(*) - count(DISTINCT uid) FROM attend.tap)")
	lost=$(comm -23 <(cat "$SVC_DIR"/gate-*-r.feedback | awk '$1 == "unknown" {print $2}' | sort -u) \
		<(psql_q "SELECT uid FROM attend.tap ORDER BY 1") | wc -l)
	[ "$lost" = 0 ] || fail "$lost answered tap(s) not in the database"
	[ "$dup" = 0 ] || fail "$dup tap(s) stored twice"
	COUNTS="answered $answered / stored $(psql_q "SELECT count(*) FROM attend.tap") / twice $dup / lost $lost"
	echo "counts: $COUNTS; repeats the key absorbed: $(metric 'attend_recorder_taps_stored_total{kind="repeat"}')"
}

# One stream with a kill -9 of the broker the edges are on.  STREAM = 1, 2, ...
broker_stream() {
	local stream=$1 from=$(( ($1 - 1) * TAPS + 1 )) to=$(( $1 * TAPS )) pids=() e used other
	for e in "${EDGES[@]}"; do feed "$e" $from $to >/dev/null 2>&1 & pids+=($!); done
	# mid-stream: once a tenth of gate-a's taps of this stream (at most 200) are committed; the
	# feed is slow on a loaded machine (under 10 taps/s per edge seen at a load of 50)
	local before=$(( TAPS / 10 < 200 ? TAPS / 10 : 200 ))
	wait_for 120 '[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE edge_id = '"'gate-a'"' AND seq >= '$from'")" -ge '$before' ]' ||
		fail "stream $stream: no taps committed before the kill"
	if [ "$(on_broker 1 attendd)" = 3 ]; then used=1 other=2
	elif [ "$(on_broker 2 attendd)" = 3 ]; then used=2 other=1
	else fail "stream $stream: the edges are not on one broker: $(on_broker 1 attendd) on 1, $(on_broker 2 attendd) on 2"; fi
	local n k0 k1 k2
	n=$(psql_q "SELECT count(*) FROM attend.tap")
	k0=$(date +%s.%N)
	broker_kill $used
	echo "stream $stream: killed broker $used (kill -9, port ${BPORT[$used]}) with $n taps stored"
	wait_for 30 '[ "$(on_broker '$other' attendd)" = 3 ]' ||
		fail "stream $stream: the edges did not move to broker $other ($(on_broker $other attendd) there)"
	k1=$(date +%s.%N)
	wait "${pids[@]}"
	wait_for 120 drained || fail "stream $stream: journals not drained: $(for e in "${EDGES[@]}"; do echo -n "$e answered $(answered_n $e) released $(journal_released $e); "; done)"
	k2=$(date +%s.%N)
	awk -v s="$stream" -v o="$other" -v k0="$k0" -v k1="$k1" -v k2="$k2" \
		'BEGIN { printf "stream %d: all 3 edges on broker %d %.1fs after the kill; journals drained %.1fs after it\n", s, o, k1 - k0, k2 - k0 }'
	check_counts
	# the killed broker back, for the next stream to move the edges onto it
	local r0 r1
	r0=$(date +%s.%N)
	broker_start $used
	wait_for 30 '[ "$(metric attend_recorder_brokers_connected)" = 2 ]' ||
		fail "the recorder did not reconnect to broker $used"
	r1=$(date +%s.%N)
	awk -v b="$used" -v r0="$r0" -v r1="$r1" 'BEGIN { printf "broker %d back; the recorder on it again %.1fs after its start\n", b, r1 - r0 }'
	grep -q "lost the broker 127.0.0.1:${BPORT[$used]}" "$SVC_DIR/gate-a.log" ||
		fail "gate-a's log does not name the broker it lost"
}

for ((s = 1; s <= KILLS; s++)); do broker_stream $s; done
# The edges' statuses came through either broker: the newest is stored, and it is recent.
for e in "${EDGES[@]}"; do
	wait_for 20 '[ "$(psql_q "SELECT state FROM attend.edge_status WHERE edge_id = '"'$e'"'")" = online ]' ||
		fail "$e's status is not stored as online: $(psql_q "SELECT * FROM attend.edge_status WHERE edge_id = '$e'")"
done
echo "ok: 3 edges, $KILLS broker kill(s) ridden: $COUNTS; journals drained"
