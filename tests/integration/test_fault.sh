#!/usr/bin/env bash
# Faults on the tap path: while two edges take a stream of taps, attendd, the recorder and the
# broker are SIGKILLed at random moments and restarted (FAULT_PG=1 adds PostgreSQL).  At the
# end: every tap a person was answered for is in the database, no tap is there twice, nothing
# is there that was not tapped, and every journal is drained.  Before the random kills come
# outages: the broker away for FAULT_OUTAGE seconds, then PostgreSQL; and (as root) gate-b's
# journal sits on a tiny tmpfs that fills up while the broker is away: taps are refused out
# loud there, none of the refused is stored, and the edge takes taps again once acks free it.
# Knobs: FAULT_TAPS (per edge, default 2000), FAULT_SEED, FAULT_PG, FAULT_OUTAGE (default 3),
# FAULT_DISK_FULL (default 1 as root).
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
TAPS=${FAULT_TAPS:-2000}
RANDOM=${FAULT_SEED:-$$}
echo "seed ${FAULT_SEED:-$$}, $TAPS taps per edge"
svc_init fault
pg_start
mqtt_start
db_setup
psql_q "INSERT INTO attend.agency (code, name) VALUES ('a', 'A');
        INSERT INTO attend.site (id, agency_id, name) SELECT 'hq', id, 'HQ' FROM attend.agency;"
echo '{"badges":[]}' > "$SVC_DIR/badges.json"   # all unknown: feedback lines carry the uid
RESEND_AFTER=2 DEBOUNCE_MS=0 write_edge_ini gate-a hq r:in
RESEND_AFTER=2 DEBOUNCE_MS=0 JOURNAL_SEGMENT=50 write_edge_ini gate-b hq r:out
OUTAGE=${FAULT_OUTAGE:-3}
DISK_FULL=${FAULT_DISK_FULL:-$([ "$(id -u)" = 0 ] && echo 1 || echo 0)}
if [ "$DISK_FULL" = 1 ]; then
	# 7 pages: the state file, its spare, and room for a few segments of 50 taps (2 pages each)
	mkdir -p "$SVC_DIR/gate-b/journal"
	mount -t tmpfs -o size=28k,mode=0700 attend-journal "$SVC_DIR/gate-b/journal"
	SVC_MOUNTS+=("$SVC_DIR/gate-b/journal")
else
	echo "disk-full phase skipped: mounting a small tmpfs needs root"
fi
BATCH_MAX=200 write_recorder_ini rec1

declare -A PID
start() {   # start NAME: attendd for gate-*, the recorder for rec1
	case $1 in
	rec1) start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini" ;;
	*)    start_bg "$1" "$BIN/attendd" -d -c "$SVC_DIR/$1.ini" ;;
	esac
	PID[$1]=$BG_PID
}
killnow() { kill -KILL "${PID[$1]}" 2>/dev/null || true; wait "${PID[$1]}" 2>/dev/null || true; }
start rec1; start gate-a; start gate-b

# Feeders hold their FIFO open read-write, so a dead attendd does not break the pipe: lines
# wait in the pipe for the restarted one.  Lines read by a killed attendd but not journaled
# were never answered, and are not expected in the database.
feed() {
	local edge=$1 prefix=$2
	exec 3<>"$SVC_DIR/$edge-r.fifo"
	for ((i = 1; i <= TAPS; i += 10)); do   # 10 taps per 70 ms: 2000 taps take ~15 s
		for ((k = i; k < i + 10 && k <= TAPS; k++)); do printf '%s%07X\n' "$prefix" "$k"; done >&3
		sleep 0.07
	done
	exec 3>&-
}
feed gate-a A > /dev/null 2>&1 & FEED_A=$!
feed gate-b B > /dev/null 2>&1 & FEED_B=$!

kills=(0 0 0 0)   # attendd, recorder, broker, postgres
if [ "$OUTAGE" -gt 0 ]; then
	sleep 1
	mqtt_kill; sleep "$OUTAGE"; mqtt_start; kills[2]=$((kills[2] + 1))
	sleep 1
	pg_kill; sleep "$OUTAGE"; pg_start; kills[3]=$((kills[3] + 1))
	echo "outages: broker away ${OUTAGE}s, then PostgreSQL away ${OUTAGE}s"
fi
while kill -0 $FEED_A 2>/dev/null || kill -0 $FEED_B 2>/dev/null; do
	sleep "0.$((RANDOM % 9 + 1))"
	case $((RANDOM % (${FAULT_PG:-0} == 1 ? 5 : 4))) in
	0|1) e=gate-$([ $((RANDOM % 2)) = 0 ] && echo a || echo b); killnow "$e"; start "$e"; kills[0]=$((kills[0] + 1)) ;;
	2) killnow rec1; sleep "0.$((RANDOM % 9))"; start rec1; kills[1]=$((kills[1] + 1)) ;;
	3) mqtt_kill; sleep "$((RANDOM % 2 + 1))"; mqtt_start; kills[2]=$((kills[2] + 1)) ;;
	4) pg_kill; sleep 1; pg_start; kills[3]=$((kills[3] + 1)) ;;
	esac
done
wait $FEED_A $FEED_B
echo "killed: attendd ${kills[0]}x, recorder ${kills[1]}x, broker ${kills[2]}x, postgres ${kills[3]}x"

fail() { echo "FAIL: $*"; exit 1; }
# Drained: at least every tap the door answered is released (the edge may still be waiting to
# re-send its tail, so the database's max seq alone is not enough; a tap journaled just before
# a kill got no answer but is released too), and the database holds 1..released.
drained() {
	for e in gate-a gate-b; do
		[ "$(journal_released $e)" -ge "$(grep -cE '^(accepted|unknown) ' "$SVC_DIR/$e-r.feedback")" ] || return 1
		[ "$(journal_released $e)" = "$(psql_q "SELECT coalesce(max(seq), 0) FROM attend.tap WHERE edge_id = '$e'")" ] || return 1
		[ "$(psql_q "SELECT count(*) = coalesce(max(seq), 0) FROM attend.tap WHERE edge_id = '$e'")" = t ] || return 1
	done
}
wait_for 90 drained || fail "journals not drained: gate-a released $(journal_released gate-a), gate-b $(journal_released gate-b); db $(psql_q "SELECT edge_id, count(*), max(seq) FROM attend.tap GROUP BY 1")"

# lines TEXT: how many non-empty lines (grep -c exits 1 on none, which is a count, not an error)
lines() { printf '%s\n' "$1" | awk 'NF { n++ } END { print n + 0 }'; }
answered=$(cat "$SVC_DIR"/gate-*-r.feedback | awk '$1 == "unknown" {print $2}' | sort -u)
refused=$(cat "$SVC_DIR"/gate-*-r.feedback | awk '$1 == "refused" {print $2}' | sort -u)
n_refused=$(lines "$refused")
in_db=$(psql_q "SELECT uid FROM attend.tap ORDER BY 1")
n_answered=$(lines "$answered")
n_db=$(lines "$in_db")
lost=$(lines "$(comm -23 <(echo "$answered") <(echo "$in_db"))")
[ "$lost" = 0 ] || fail "$lost answered tap(s) missing from the database: $(comm -23 <(echo "$answered") <(echo "$in_db") | head -5 | tr '\n' ' ')"
[ "$(lines "$(echo "$in_db" | uniq -d)")" = 0 ] || fail "a tap is in the database twice: $(echo "$in_db" | uniq -d | head -3)"
[ "$(psql_q 'SELECT count(*) - count(DISTINCT (edge_id, epoch, seq)) FROM attend.tap')" = 0 ] || fail "duplicate keys"
stored_refused=$(lines "$(comm -12 <(echo "$refused") <(echo "$in_db"))")
[ "$stored_refused" = 0 ] || fail "$stored_refused refused tap(s) are in the database"
if [ "$DISK_FULL" = 1 ]; then
	[ "$n_refused" -gt 0 ] || fail "the full disk under gate-b's journal refused nothing"
	grep "REFUSED" "$SVC_DIR/gate-b.log" >/dev/null || fail "refusals not logged"
	# once its taps were acknowledged, the space came back: five more taps are taken and stored
	for k in 1 2 3 4 5; do printf 'BF00000%d\n' "$k"; done > "$SVC_DIR/gate-b-r.fifo"
	wait_for 20 '[ "$(tail -n 5 "$SVC_DIR/gate-b-r.feedback" | grep -c "^unknown BF")" = 5 ]' ||
		fail "gate-b did not take taps again after its disk was full: $(tail -n 5 "$SVC_DIR/gate-b-r.feedback" | tr '\n' ' ')"
	wait_for 20 '[ "$(psql_q "SELECT count(*) FROM attend.tap WHERE uid LIKE '"'BF%'"'")" = 5 ]' || fail "the taps after the full disk were not stored"
	in_db=$(psql_q "SELECT uid FROM attend.tap WHERE uid NOT LIKE 'BF%' ORDER BY 1")
fi
strays=$(lines "$(echo "$in_db" | grep -vE '^[AB][0-9A-F]{7}$' || [ $? = 1 ])")
[ "$strays" = 0 ] || fail "$strays tap(s) in the database that nobody tapped"
echo "ok: $n_answered answered, $n_refused refused (disk full, none stored), $n_db in the database, 0 lost, 0 twice (outages ${OUTAGE}s; attendd killed ${kills[0]}x, recorder ${kills[1]}x, broker ${kills[2]}x, postgres ${kills[3]}x)"
