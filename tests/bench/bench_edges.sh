#!/usr/bin/env bash
# A province of edges on one broker (issue 16): BENCH_EDGES (default 500) real attendd
# processes, each with its own journal (fdatasync'd, as on site) and a simulated reader fed
# through its FIFO by one feeder (bench_edges_feed), all on ONE mosquitto on loopback, taps
# recorded by attend-recorder into PostgreSQL.  Figures, never pass/fail; not in make check.
#
# Each run offers a rate for some seconds and prints: taps/s end to end (the first tap's time
# at the edge to the last ack), tap-to-ack p50/p99/max, the recorder lag (taps answered at the
# door, not yet acknowledged: the most at any moment, and when the feed stopped), mosquitto's
# CPU and RSS (/proc), the recorders' CPU.
#   tap-to-ack = the ack's arrival at an observer subscribed to every edge's ack topic on the
#   same broker (mosquitto_sub, microsecond stamps) minus attend.tap.tapped_at (the edge's
#   clock when its reader gave the tap, ms).  The recorder acks only after COMMIT, so this is
#   the door's tap to "committed" as the edge learns it, synchronous replication included.
#   (attend.tap.recorded_at is now() of the recorder's transaction: it is taken before the
#   COMMIT and its wait for the standby, so it cannot show the cost of synchronous replication.)
# Runs: a province's morning rush (BENCH_RUSH taps/s over all edges, default 28: 50,000 people
# in 30 minutes) and a flood (BENCH_RATE taps/s per edge, default 1: more than the path can
# take here, so its end-to-end rate is the most the path sustains), with 1 then 2 recorders
# (a shared subscription), against one PostgreSQL (tests/lib/services.sh), then the same
# with 1 recorder against two PostgreSQL under Patroni with synchronous_mode
# (tests/lib/ha.sh; BENCH_HA=0 skips it), and the ratios.
#   BENCH_EDGES=500 BENCH_RATE=1 BENCH_SECONDS=20 BENCH_RUSH=28 BENCH_RUSH_SECONDS=30
#   BENCH_BADGES=100 (people per edge) BENCH_EDGE_NICE=10 (the edges' nice, above the rest's)
set -euo pipefail
SVC_CLOCK=real   # benchmarks run on the real clock
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/ha.sh"

num() {   # num NAME VALUE: a positive number, or a clear error
	[[ $2 =~ ^[0-9]+([.][0-9]+)?$ ]] && awk -v v="$2" 'BEGIN { exit !(v > 0) }' ||
		{ echo "$1: '$2' is not a positive number" >&2; exit 2; }
}
EDGES=${BENCH_EDGES:-500} RATE=${BENCH_RATE:-1} SECS=${BENCH_SECONDS:-20}
RUSH=${BENCH_RUSH:-28} RUSH_SECS=${BENCH_RUSH_SECONDS:-30} BADGES=${BENCH_BADGES:-100} HA=${BENCH_HA:-1}
num BENCH_EDGES "$EDGES"; num BENCH_RATE "$RATE"; num BENCH_SECONDS "$SECS"
num BENCH_RUSH "$RUSH"; num BENCH_RUSH_SECONDS "$RUSH_SECS"; num BENCH_BADGES "$BADGES"
[[ $EDGES =~ ^[0-9]+$ && $BADGES =~ ^[0-9]+$ ]] || { echo "BENCH_EDGES and BENCH_BADGES are whole numbers" >&2; exit 2; }
BASE=$((0x10000000))   # badge UIDs: hex(BASE + person number), as bench_edges_feed writes them

# mosquitto takes one fd per connection; each attendd a handful
need=$((EDGES * 2 + 200))
[ "$(ulimit -n)" -ge "$need" ] || ulimit -n "$need" 2>/dev/null ||
	{ echo "ulimit -n is $(ulimit -n) (hard $(ulimit -Hn)); $EDGES edges need about $need" >&2; exit 1; }

svc_init edges
pg_start off   # what the tests use, and what ha.sh's Patroni nodes use: the ratio compares like with like
mqtt_start
CLK_TCK=$(getconf CLK_TCK)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $EDGES edges x $BADGES people; ulimit -n $(ulimit -n);" \
	"PostgreSQL fsync off (synchronous_commit on); journals on $(df -P "$SVC_DIR" | awk 'NR==2 {print $1}')"

# The province as the superuser makes it: an agency per 10 edges, a site per edge, BADGES
# people with a badge each per edge (the badges that edge's reader is fed).
fixture() {
	psql_q "CREATE SCHEMA IF NOT EXISTS bench;
	  CREATE TABLE IF NOT EXISTS bench.ack (edge text, epoch uuid, seq bigint, t float8);
	  INSERT INTO attend.agency (code, name) SELECT 'ag' || a, 'Agency ' || a FROM generate_series(1, ($EDGES + 9) / 10) a;
	  INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'u', 'Unit' FROM attend.agency;
	  INSERT INTO attend.site (id, agency_id, name)
	    SELECT 's' || e, ag.id, 'Site ' || e FROM generate_series(1, $EDGES) e JOIN attend.agency ag ON ag.code = 'ag' || ((e - 1) / 10 + 1);
	  INSERT INTO attend.edge (id, site_id) SELECT 'edge' || e, 's' || e FROM generate_series(1, $EDGES) e;
	  INSERT INTO attend.person (agency_id, unit_id, code, full_name)
	    SELECT s.agency_id, u.id, 'p' || ((e - 1) * $BADGES + k), 'Person ' || ((e - 1) * $BADGES + k)
	    FROM generate_series(1, $EDGES) e JOIN attend.site s ON s.id = 's' || e JOIN attend.org_unit u ON u.agency_id = s.agency_id,
	         generate_series(0, $BADGES - 1) k;
	  INSERT INTO attend.badge (agency_id, uid, person_id, valid_from)
	    SELECT agency_id, upper(lpad(to_hex($BASE + substr(code, 2)::bigint), 8, '0')), id, '2020-01-01' FROM attend.person;"
}

# The edges: their own badge cache, journal and reader FIFO each; production's status interval.
for i in $(seq 1 "$EDGES"); do
	mkdir -p "$SVC_DIR/edge$i"
	mkfifo "$SVC_DIR/edge$i-r.fifo"
	awk -v b=$((BASE + (i - 1) * BADGES)) -v n="$BADGES" 'BEGIN { printf "{\"badges\":["
		for (k = 0; k < n; k++) printf "%s{\"uid\":\"%08X\",\"name\":\"Person %d\"}", k ? "," : "", b + k, b + k
		print "]}" }' > "$SVC_DIR/edge$i/badges.json"
	cat > "$SVC_DIR/edge$i.ini" <<INI
[edge]
id = edge$i
site = s$i
journal_dir = $SVC_DIR/edge$i/journal
journal_capacity = 50000
journal_segment = 2000
badge_cache = $SVC_DIR/edge$i/badges.json
log = stderr

[mqtt]
host = 127.0.0.1
port = $MQTT_PORT
reconnect_min = 1
reconnect_max = 2

[reader.r]
driver = sim
direction = in
path = $SVC_DIR/edge$i-r.fifo
INI
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
released_total() { cat "$SVC_DIR"/edge*/journal/state 2>/dev/null | awk '/^released / {s += $2} END {print s + 0}'; }

t0=$(date +%s)
EDGE_PIDS=()
for i in $(seq 1 "$EDGES"); do
	# The edges stand for separate boards: below the central site's priority (nice execs, so
	# the PID is attendd's), so the figures are the broker's, the recorder's and PostgreSQL's
	# rather than 500 processes' contention for the same two cores.
	start_bg "edge$i" nice -n "${BENCH_EDGE_NICE:-10}" "$BIN/attendd" -c "$SVC_DIR/edge$i.ini"; EDGE_PIDS+=("$BG_PID")
done
connected() { grep -l "mqtt: connected" "$SVC_DIR"/edge*.log 2>/dev/null | wc -l; }
wait_for 300 '[ "$(connected)" -ge "$EDGES" ]' || { echo "only $(connected) of $EDGES edges connected" >&2; exit 1; }
edge_rss=$(for p in "${EDGE_PIDS[@]}"; do cat "/proc/$p/status"; done | awk '/^VmRSS/ {s += $2} END {printf "%.0f", s / 1024}')
printf '%d attendd connected in %ds: RSS %d MB in all (%.1f MB each); mosquitto RSS %s MB\n' "$EDGES" \
	$(( $(date +%s) - t0 )) "$edge_rss" "$(awk -v s="$edge_rss" -v n="$EDGES" 'BEGIN {print s / n}')" "$(rss_mb "$MQTT_PID")"
printf '\n%-28s %8s %7s %6s %6s %9s %8s %8s %8s %7s %7s %8s %8s %8s\n' run offered taps "feed s" "tail s" "e2e/s" "p50 ms" "p99 ms" "max ms" \
	"lag max" "lag end" "broker%" "brokerMB" "recs%"

RUN=0
# run LABEL PER_EDGE_RATE SECONDS RECORDERS: one rush; sets E2E P50 P99
run() {
	local label=$1 rate=$2 secs=$3 nrec=$4 r
	RUN=$((RUN + 1))
	local recs=() before
	before=$(released_total)
	for r in $(seq 1 "$nrec"); do
		BATCH_MAX=1000 BATCH_WAIT_MS=20 write_recorder_ini "rec$RUN-$r"
		start_bg "rec$RUN-$r" "$BIN/attend-recorder" -c "$SVC_DIR/rec$RUN-$r.ini"; recs+=("$BG_PID")
	done
	for r in $(seq 1 "$nrec"); do
		wait_for 30 "grep -q 'mqtt: connected' '$SVC_DIR/rec$RUN-$r.log'" || { tail -5 "$SVC_DIR/rec$RUN-$r.log" >&2; exit 1; }
	done
	mqtt_sub "ack$RUN" -p "$MQTT_PORT" -q 1 -t 'attend/v1/+/+/ack'; local sub=$SUB_PID
	local b0 rc0=0 t_start t_feed fed fsecs rss
	b0=$(cpu_ticks "$MQTT_PID"); for r in "${recs[@]}"; do rc0=$((rc0 + $(cpu_ticks "$r"))); done
	t_start=$(date +%s.%N)
	read -r fed fsecs < <("$BIN/bench/bench_edges_feed" "$SVC_DIR/edge" -r.fifo "$EDGES" "$rate" "$secs" "$BADGES" "$BASE")
	t_feed=$(date +%s.%N)
	rss=$(rss_mb "$MQTT_PID")
	local target=$((before + fed))
	wait_for 900 '[ "$(released_total)" -ge "$target" ]' || echo "  ($label: journals not drained within 900 s: $(released_total) of $target)"
	local t_end b1 rc1=0
	t_end=$(date +%s.%N)
	b1=$(cpu_ticks "$MQTT_PID"); for r in "${recs[@]}"; do rc1=$((rc1 + $(cpu_ticks "$r"))); done
	kill -TERM "${recs[@]}" "$sub"; wait "${recs[@]}" "$sub" 2>/dev/null || true
	# every ack's seqs, one row each, stamped with the ack's arrival
	awk '{ split($2, tp, "/"); match($0, /"epoch":"[^"]*"/); ep = substr($0, RSTART + 9, RLENGTH - 10)
	       match($0, /"ranges":\[.*\]/); rg = substr($0, RSTART + 9, RLENGTH - 9); gsub(/[][,]/, " ", rg)
	       n = split(rg, v, " "); for (i = 1; i < n; i += 2) for (s = v[i]; s <= v[i + 1]; s++) print tp[4] "\t" ep "\t" s "\t" $1 }' \
		"$SVC_DIR/ack$RUN.out" > "$SVC_DIR/ack$RUN.tsv"
	# the Patroni pair may be switching over (a loaded machine misses etcd's ttl): wait for a primary
	wait_for 300 'psql_q "SELECT 1"' || { echo "  ($label: no primary for the figures within 300 s)"; E2E= P50= P99=; return 0; }
	local fig
	fig=$(psql "$PG_SUPER" -v ON_ERROR_STOP=1 -qtAX -F ' ' <<SQL
TRUNCATE bench.ack;
\copy bench.ack FROM '$SVC_DIR/ack$RUN.tsv'
WITH a AS (SELECT edge, epoch, seq, min(t) AS t FROM bench.ack GROUP BY 1, 2, 3),
j AS (SELECT extract(epoch FROM tp.tapped_at)::float8 AS at, a.t
      FROM a JOIN attend.tap tp ON tp.edge_id = a.edge AND tp.epoch = a.epoch AND tp.seq = a.seq),
ev AS (SELECT at AS ts, 1 AS d FROM j UNION ALL SELECT t, -1 FROM j),
lag AS (SELECT sum(d) OVER (ORDER BY ts, d ROWS UNBOUNDED PRECEDING) AS l FROM ev)
SELECT count(*), round((count(*) / nullif(max(t) - min(at), 0))::numeric, 1),
       round(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY t - at)::numeric, 1),
       round(1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY t - at)::numeric, 1),
       round(1000 * max(t - at)::numeric, 1),
       (SELECT max(l) FROM lag),
       count(*) FILTER (WHERE at <= $t_feed) - count(*) FILTER (WHERE t <= $t_feed),
       round((max(t) - $t_feed)::numeric, 1)
FROM j;
SQL
)
	local n e2e p50 p99 mx lmax lend drain
	read -r n e2e p50 p99 mx lmax lend drain <<< "$fig"
	local el
	el=$(awk -v a="$t_start" -v b="$t_end" 'BEGIN {print b - a}')
	printf '%-28s %8.1f %7d %6.1f %6s %9s %8s %8s %8s %7s %7s %8.1f %8s %8.1f\n' "$label" "$(awk -v r="$rate" -v n="$EDGES" 'BEGIN {print r * n}')" \
		"$n" "$fsecs" "$drain" "$e2e" "$p50" "$p99" "$mx" "$lmax" "$lend" \
		"$(awk -v d=$((b1 - b0)) -v t="$CLK_TCK" -v e="$el" 'BEGIN {print 100 * d / t / e}')" "$rss" \
		"$(awk -v d=$((rc1 - rc0)) -v t="$CLK_TCK" -v e="$el" 'BEGIN {print 100 * d / t / e}')"
	[ "$n" = "$fed" ] || echo "  ($label: $fed taps fed, $n acknowledged and stored)"
	E2E=$e2e P50=$p50 P99=$p99
}

rush_rate=$(awk -v r="$RUSH" -v n="$EDGES" 'BEGIN {print r / n}')
phase() {   # phase NAME: the runs against the database REC_DB names
	run "$1 rush, 1 recorder" "$rush_rate" "$RUSH_SECS" 1; R1=("$E2E" "$P50" "$P99")
	run "$1 flood, 1 recorder" "$RATE" "$SECS" 1; F1=("$E2E" "$P50" "$P99")
	if [ "$1" = single ]; then
		run "$1 rush, 2 recorders" "$rush_rate" "$RUSH_SECS" 2
		run "$1 flood, 2 recorders" "$RATE" "$SECS" 2
	fi
}

db_setup
fixture
phase single
S_R=("${R1[@]}") S_F=("${F1[@]}")
[ "$HA" = 1 ] || exit 0

pg_stop
t0=$(date +%s)
ha_start
echo "(Patroni pair with synchronous_mode up in $(( $(date +%s) - t0 ))s: $(ha_leader) leads, $(ha_replica) is its sync standby)"
db_setup
REC_DB=$(ha_conninfo recorder_login)
fixture
phase "sync-rep"
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
echo "synchronous replication / single PostgreSQL (1 recorder, same run):"
echo "  rush:  tap-to-ack p50 x$(ratio "${R1[1]}" "${S_R[1]}"), p99 x$(ratio "${R1[2]}" "${S_R[2]}")"
echo "  flood: tap-to-ack p50 x$(ratio "${F1[1]}" "${S_F[1]}"), p99 x$(ratio "${F1[2]}" "${S_F[2]}"); taps/s sustained x$(ratio "${F1[0]}" "${S_F[0]}")"
