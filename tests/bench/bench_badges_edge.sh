#!/usr/bin/env bash
# attendd's whole-process RSS with its badge cache (issue 16): the real daemon with a simulated
# reader and loopback's mosquitto, as the integration tests run it, with an empty list and with
# 100,000 badges; then a SIGHUP reload of the 100k list with a tap during it, and how long that
# tap waited for its answer.  OLD_ATTENDD=/path/to/attendd measures an older build in the same
# run (the json-c cache), for the ratio.  Figures, never pass/fail (the tap must be answered).
set -euo pipefail
SVC_CLOCK=real   # benchmarks run on the real clock
. "$(dirname "$0")/../lib/services.sh"
N=${BENCH_BADGES:-100000}
svc_init bench-badges
mqtt_start
fail() { echo "bench_badges_edge: $*" >&2; exit 1; }
"$BIN/bench/bench_badges" --write-list "$N" "$SVC_DIR/list-$N.json"
echo '{"badges":[]}' > "$SVC_DIR/list-0.json"
first_uid=$(head -c 300 "$SVC_DIR/list-$N.json" | grep -o '"uid":"[^"]*"' | head -1 | cut -d'"' -f4)
first_name=$(head -c 300 "$SVC_DIR/list-$N.json" | grep -o '"name":"[^"]*"' | head -1 | cut -d'"' -f4)

# run_edge BINARY LABEL BADGES: the RSS (kB) once the list is loaded and one tap answered.
run_edge() {
	local bin=$1 label=$2 n=$3 name=edge-$2-$3
	rm -rf "$SVC_DIR/$name"
	write_edge_ini "$name" hq in:in
	sed -i "s|^badge_cache = .*|badge_cache = $SVC_DIR/list-$n.json|" "$SVC_DIR/$name.ini"
	start_bg "$name" "$bin" -c "$SVC_DIR/$name.ini"
	local pid=$BG_PID fb="$SVC_DIR/$name-in.feedback"
	exec 3>"$SVC_DIR/$name-in.fifo"
	wait_for 120 "grep -q 'ready:' '$SVC_DIR/$name.log'" || fail "$label: not ready: $(tail -3 "$SVC_DIR/$name.log")"
	printf '%s\n' "$first_uid" >&3
	wait_for 30 "[ -s '$fb' ]" || fail "$label: no answer"
	local want="unknown $first_uid"
	[ "$n" = 0 ] || want="accepted $first_name"
	[ "$(tail -1 "$fb")" = "$want" ] || fail "$label: answered '$(tail -1 "$fb")', not '$want'"
	RSS=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
	EDGE_PID=$pid
}

stop_edge() {
	exec 3>&-
	kill -TERM "$EDGE_PID"
	wait "$EDGE_PID" || true
}

# tap_ms PID NAME HUP N: one tap of the first badge, and how long until the door answered (ms,
# polled every millisecond); with HUP=1 a SIGHUP just before it, then also how long until the
# log says the N badges are reloaded.
tap_ms() {
	python3 - "$1" "$SVC_DIR/$2-in.fifo" "$SVC_DIR/$2-in.feedback" "$SVC_DIR/$2.log" "$first_uid" "$3" "$4" <<'PY'
import os, signal, sys, time
pid, fifo, fb, log, uid, hup, n = sys.argv[1:]
lines = lambda p: open(p, 'rb').read().count(b'\n')
before, logged = lines(fb), open(log, 'rb').read().count(b'reloaded: %s badges' % n.encode())
w = os.open(fifo, os.O_WRONLY)
t0 = time.monotonic()
if hup == '1':
    os.kill(int(pid), signal.SIGHUP)
os.write(w, (uid + '\n').encode())
while lines(fb) == before:
    time.sleep(0.001)
answered = (time.monotonic() - t0) * 1000
while hup == '1' and open(log, 'rb').read().count(b'reloaded: %s badges' % n.encode()) == logged:
    time.sleep(0.001)
reloaded = (time.monotonic() - t0) * 1000 if hup == '1' else 0
print('%.0f %.0f' % (answered, reloaded))
PY
}

printf '%-52s %10s\n' "attendd, whole process" "VmRSS MiB"
declare -A rss
for b in new ${OLD_ATTENDD:+old}; do
	bin=$BIN/attendd
	[ "$b" = old ] && bin=$OLD_ATTENDD
	kind=$([ "$b" = new ] && echo compact || echo json-c)
	for n in 0 "$N"; do
		run_edge "$bin" "$b" "$n"
		rss[$b-$n]=$RSS
		printf '%-52s %10.1f\n' "$b cache ($kind), $n badges" "$(echo "$RSS / 1024" | bc -l)"
		if [ "$n" = "$N" ]; then
			read -r quiet _ < <(tap_ms "$EDGE_PID" "edge-$b-$n" 0 "$n")
			read -r answered reloaded < <(tap_ms "$EDGE_PID" "edge-$b-$n" 1 "$n")
			printf '%-52s %7s ms\n' "  a tap, no reload running: answered in" "$quiet" \
			       "  a tap just after a SIGHUP: answered in" "$answered" \
			       "  the reload of $N badges took" "$reloaded"
			printf '%-52s %10.1f\n' "  VmRSS after the reload" "$(awk '/^VmRSS:/ {print $2 / 1024}' "/proc/$EDGE_PID/status")"
			# SMAPS=1: the largest mappings, to see where the memory is
			[ -z "${SMAPS:-}" ] || awk '/^[0-9a-f]+-/ {m=$0} /^Rss:/ && $2 > 100 {print $2, m}' "/proc/$EDGE_PID/smaps" | sort -rn | head -12
		fi
		stop_edge
	done
done
if [ -n "${OLD_ATTENDD:-}" ]; then
	echo "with $N badges the json-c cache's attendd takes $(echo "${rss[old-$N]} / ${rss[new-$N]}" | bc -l | cut -c1-4)x the compact one's RSS"
fi
