#!/usr/bin/env bash
# Benchmark of day results in the database (figures, never pass/fail):
#  1. a synthetic October 2026 for BENCH_PEOPLE people (default 50,000: 22 working days, four
#     taps a day, about 4.4M taps with late arrivals and forgotten taps), made with
#     generate_series;
#  2. a full evaluation of the month through the worker: `attendctl days evaluate --all
#     --queue-only` queues every person-day, the evaluator of a running attend-recorder does the
#     work; prints the time, person-days/s and the time per phase (claim, load, evaluate,
#     write, commit; summed over the workers, from the recorder's log).  Run once per
#     configuration in BENCH_RUNS (default "1 2": workers = 1, then 2), each from empty
#     results, on the same data; with BENCH_BEFORE=DIR (a build directory of an older
#     attend-recorder, e.g. a git worktree's build/rel) that recorder runs first, as "before";
#  3. the same month again with its results in place (a re-evaluation where nothing changed,
#     e.g. a rule set inserted with the same numbers), with the last configuration;
#  3b. the baseline, in the same run: the month's day results and exceptions as the evaluator
#     made them, COPYed out to files, the tables emptied and the files COPYed back in (client
#     side, psql's \copy, as a program would send them); prints `ratio = evaluation / copy`
#     for every full evaluation and for the re-evaluation (the aim: at most 2, and 1);
#  4. a single late tap: INSERT of one forgotten OUT -> its day result updated (ms), with the
#     recorder's evaluator woken by NOTIFY.
# Run: ATTEND_BUILD=build/rel tests/bench/bench_days.sh   (KEEP=1 keeps the database;
#      EVAL_BATCH, default 2000: days per transaction; BENCH_LOG_MS: log slower statements)
set -euo pipefail
SVC_CLOCK=real   # benchmarks run on the real clock
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/fixture_month.sh"
N=${BENCH_PEOPLE:-50000}
RUNS=${BENCH_RUNS:-1 2}
export EVAL_BATCH=${EVAL_BATCH:-2000} EVAL_INTERVAL=3600
ms() { date +%s%3N; }
svc_init bench-days
pg_start
mqtt_start
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "ALTER SYSTEM SET shared_buffers = '512MB'" >/dev/null
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "ALTER SYSTEM SET max_wal_size = '4GB'" >/dev/null
[ -z "${BENCH_LOG_MS:-}" ] || psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "ALTER SYSTEM SET log_min_duration_statement = $BENCH_LOG_MS" >/dev/null
pg_stop; pg_start
days_setup 0
echo; echo "machine: $(nproc) cores, load$(uptime | sed "s/.*load average//"); $N people; PostgreSQL $(psql_q 'SHOW server_version'), fsync off (test server); batches of $EVAL_BATCH"

t0=$(ms)
psql_q "INSERT INTO attend.person (agency_id, unit_id, code, full_name)
          SELECT a.id, u.id, 'p' || i, 'Người ' || i FROM attend.agency a, attend.org_unit u, generate_series(1, $N) i;
        INSERT INTO attend.badge (agency_id, uid, person_id, valid_from)
          SELECT agency_id, 'B' || substr(code, 2), id, '2026-01-01' FROM attend.person;"
# The generator bypasses the tap trigger (as the superuser) so that step 2 measures the
# evaluation alone; the trigger is back for step 4.
bench_taps "$N"
# The timer would also queue today for everyone at the first start only: keep every run alike.
psql_q "INSERT INTO attend.day_seed_state (agency_id, seeded_through) SELECT id, current_date + 1 FROM attend.agency"
psql_q "VACUUM ANALYZE"
taps=$(psql_q "SELECT count(*) FROM attend.tap")
printf '%-58s %8.1f s   (%s taps)\n' "generate the month (generate_series)" "$(( $(ms) - t0 ))e-3" "$taps"

# One evaluation of the month: queue it, start a recorder, wait for the queue to empty, stop
# it, print the figures and its phases.  evaluate LABEL BUILD_DIR WORKERS('' = no option)
run=0
evaluate() {
	local label=$1 bin=$2 workers=$3 days dt
	run=$((run + 1))
	"$BIN/attendctl" -q -d "$ADMIN_DB" days evaluate --all --from 2026-10-01 --to 2026-10-31 --queue-only
	days=$(psql_q "SELECT count(*) FROM attend.day_dirty")
	psql_q "CHECKPOINT" >/dev/null
	EVAL_WORKERS=$workers write_evaluator_ini "run$run"
	t0=$(ms)
	start_bg "run$run" "$bin/attend-recorder" -d -c "$SVC_DIR/run$run.ini"
	# Poll once a second with a cheap query: a count(*) every 0.1 s would steal a core.
	until [ "$(psql_q "SELECT EXISTS (SELECT FROM attend.day_dirty)")" = f ]; do sleep 1; done
	dt=$(( $(ms) - t0 ))
	kill -TERM "$BG_PID"; wait "$BG_PID" || true
	EVAL_MS+=("$dt"); EVAL_LABEL+=("$label")
	printf '%-58s %8.1f s   %s person-days, %.0f person-days/s\n' "$label" "${dt}e-3" "$days" \
		"$(echo "$days * 1000 / $dt" | bc -l)"
	sed -n 's/.*evaluator: phases (s, all workers): /    phases (s, summed over workers): /p' "$SVC_DIR/run$run.log"
}
EVAL_MS=(); EVAL_LABEL=()
fresh() { psql_q "TRUNCATE attend.day_exception, attend.day_result, attend.day_adjustment"; }

# 2. The month from empty results, per configuration.
if [ -n "${BENCH_BEFORE:-}" ]; then
	fresh
	evaluate "full evaluation, before ($BENCH_BEFORE), its default workers" "$BENCH_BEFORE" ''
fi
for w in $RUNS; do
	fresh
	evaluate "full evaluation, workers = $w" "$BIN" "$w"
done
psql_q "SELECT '  results: ' || count(*) || ' day results, ' || sum(CASE WHEN symbol = '+' THEN 1 ELSE 0 END) || ' ''+'', '
          || sum(CASE WHEN symbol LIKE '%K%' THEN 1 ELSE 0 END) || ' with K, '
          || (SELECT count(*) FROM attend.day_exception) || ' exceptions' FROM attend.day_result"

# 3b. The baseline: the same rows written by COPY into the emptied tables (their indexes kept).
# The tables then hold what the evaluator made again, for the re-evaluation.
copy_ms() {
	psql_q "CHECKPOINT" >/dev/null
	local t0
	t0=$(ms)
	psql "$PG_SUPER" -v ON_ERROR_STOP=1 -qX -c "\\copy attend.day_result FROM '$SVC_DIR/day_result.copy'" \
		-c "\\copy attend.day_exception FROM '$SVC_DIR/day_exception.copy'"
	echo $(( $(ms) - t0 ))
}
psql "$PG_SUPER" -v ON_ERROR_STOP=1 -qX -c "\\copy attend.day_result TO '$SVC_DIR/day_result.copy'" \
	-c "\\copy attend.day_exception TO '$SVC_DIR/day_exception.copy'"
fresh
copy=$(copy_ms)
printf '%-58s %8.1f s   %s day results + %s exceptions, %s MB of COPY text\n' \
	"baseline: COPY of the same results into empty tables" "${copy}e-3" \
	"$(psql_q "SELECT count(*) FROM attend.day_result")" "$(psql_q "SELECT count(*) FROM attend.day_exception")" \
	"$(( ($(stat -c %s "$SVC_DIR/day_result.copy") + $(stat -c %s "$SVC_DIR/day_exception.copy")) / 1000000 ))"
# 3. Again, results in place and unchanged.
echo "load$(uptime | sed "s/.*load average//")"
evaluate "re-evaluation, nothing changed, workers = ${RUNS##* }" "$BIN" "${RUNS##* }"
for i in "${!EVAL_MS[@]}"; do
	printf '  ratio = evaluation / copy = %5.2f   %s\n' "$(echo "${EVAL_MS[$i]} / $copy" | bc -l)" "${EVAL_LABEL[$i]}"
done

# 4. One late tap: a person who forgot the evening OUT on 14/10 (made so), the OUT arrives now.
psql_q "DELETE FROM attend.day_dirty"
EVAL_WORKERS=${RUNS##* } write_evaluator_ini late
start_bg late "$BIN/attend-recorder" -d -c "$SVC_DIR/late.ini"
wait_for 10 'grep -q "evaluator: .* worker(s)" "$SVC_DIR/late.log"'
sleep 1
pid=$(psql_q "SELECT r.person_id FROM attend.day_result r WHERE r.work_date = '2026-10-14'
              AND r.exceptions @> '[{\"kind\": \"missing_out\"}]' LIMIT 1")
if [ -z "$pid" ]; then
	echo "(no day with a missing OUT to repair; skipping the late-tap figure)"
else
	code=$(psql_q "SELECT code FROM attend.person WHERE id = $pid")
	before=$(psql_q "SELECT evaluated_at FROM attend.day_result WHERE person_id = $pid AND work_date = '2026-10-14'")
	t0=$(ms)
	tap_sql "B${code#p}" '2026-10-14 17:36'
	wait_for 30 '[ "$(psql_q "SELECT evaluated_at FROM attend.day_result WHERE person_id = $pid AND work_date = '"'2026-10-14'"'")" != "$before" ]'
	dt=$(( $(ms) - t0 ))
	printf '%-58s %8d ms  (%s on 14/10: %s)\n' "one late tap: INSERT -> day result updated" "$dt" "$code" \
		"$(psql_q "SELECT symbol FROM attend.day_result WHERE person_id = $pid AND work_date = '2026-10-14'")"
	echo "  (includes psql start-up and 0.1 s polling of the shell loop; days re-evaluated: 5)"
fi
