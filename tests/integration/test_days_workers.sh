#!/usr/bin/env bash
# Several evaluator workers share the queue: with `workers = 2` every queued day is claimed
# exactly once and both workers take part; taps that arrive while their days are being
# evaluated re-queue them, so no change is lost (the final results show every tap).  Every
# claim is recorded by a test-only trigger on attend.day_dirty (rows leave the queue only by
# being claimed).
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
svc_init days-workers
scenario_until 2026-11-06
pg_start
mqtt_start
days_setup 200
fail() { echo "FAIL: $*"; exit 1; }
psql_q "CREATE TABLE public.claim_log (person_id bigint, work_date date, pid int, xid xid8);
        CREATE FUNCTION public.log_claim() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS \$\$
        BEGIN INSERT INTO public.claim_log SELECT person_id, work_date, pg_backend_pid(), pg_current_xact_id() FROM gone;
              RETURN NULL; END \$\$;
        CREATE TRIGGER log_claim AFTER DELETE ON attend.day_dirty REFERENCING OLD TABLE AS gone
          FOR EACH STATEMENT EXECUTE FUNCTION public.log_claim();"

# 1. 200 people x 31 days, small batches: each day claimed once, by one of two workers.
"$BIN/attendctl" -q -d "$ADMIN_DB" days evaluate --all --from 2026-10-01 --to 2026-10-31 --queue-only
queued=$(psql_q "SELECT count(*) FROM attend.day_dirty")
[ "$queued" = 6200 ] || fail "queued $queued days"
EVAL_BATCH=40 EVAL_WORKERS=2 write_evaluator_ini rec1
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"; REC_PID=$BG_PID
wait_settled 60 || exit 1   # an empty queue: every claim committed with its results
[ "$(psql_q "SELECT count(*) FROM attend.day_result WHERE work_date BETWEEN '2026-10-01' AND '2026-10-31'")" = 6200 ] ||
	fail "results: $(psql_q "SELECT count(*) FROM attend.day_result")"
twice=$(psql_q "SELECT count(*) FROM (SELECT person_id, work_date FROM public.claim_log
                GROUP BY 1, 2 HAVING count(*) > 1) x")
[ "$twice" = 0 ] || fail "$twice day(s) claimed more than once"
[ "$(psql_q "SELECT count(*) FROM public.claim_log WHERE work_date BETWEEN '2026-10-01' AND '2026-10-31'")" = 6200 ] ||
	fail "claims: $(psql_q "SELECT count(*) FROM public.claim_log")"
workers=$(psql_q "SELECT count(DISTINCT pid) FROM public.claim_log")
[ "$workers" = 2 ] || fail "$workers worker(s) claimed days, expected 2"
# Each batch was one transaction of at most batch_size days, none shared by two workers.
[ "$(psql_q "SELECT max(n) FROM (SELECT count(*) n FROM public.claim_log GROUP BY xid) x")" -le 40 ] || fail "batch too big"
[ "$(psql_q "SELECT count(*) FROM (SELECT xid FROM public.claim_log GROUP BY xid HAVING count(DISTINCT pid) > 1) x")" = 0 ] ||
	fail "a transaction on two connections?"

# 2. Everything again (bulk) while taps arrive one by one for p1..p30 on Wednesday 14/10:
#    urgent marks jump the queue; a tap meeting its day in flight re-queues it.
psql_q "TRUNCATE public.claim_log"
"$BIN/attendctl" -q -d "$ADMIN_DB" days evaluate --all --from 2026-10-01 --to 2026-10-31 --queue-only
for i in $(seq 1 30); do
	tap_sql "B$i" '2026-10-14 07:28'; tap_sql "B$i" '2026-10-14 11:32'
	tap_sql "B$i" '2026-10-14 13:27'; tap_sql "B$i" '2026-10-14 17:33'
done
# Bulk days queued behind where the workers have got to (p1, early in the key order) are
# still claimed: a claim resumes after its last bulk day, and goes back to the head at the end.
"$BIN/attendctl" -q -d "$ADMIN_DB" days evaluate --person p1 --from 2026-11-02 --to 2026-11-06 --queue-only
wait_settled 60 || exit 1
[ "$(psql_q "SELECT count(*) FROM attend.day_result r JOIN attend.person p ON p.id = r.person_id
             WHERE p.code = 'p1' AND r.work_date BETWEEN '2026-11-02' AND '2026-11-06'")" = 5 ] ||
	fail "days queued behind the claim position were not evaluated"
for i in $(seq 1 30); do
	wait_day "p$i" 2026-10-14 '+|on_time,on_time|' 5 || fail "a tap of p$i was lost"
done
wait_day p31 2026-10-14 'K|absent,absent|unexcused_half_day,unexcused_half_day' || exit 1
[ "$(psql_q "SELECT count(DISTINCT pid) FROM public.claim_log")" = 2 ] || fail "not both workers in round 2"
[ "$(psql_q "SELECT count(*) FROM attend.day_result WHERE work_date BETWEEN '2026-10-01' AND '2026-10-31'")" = 6200 ] ||
	fail "results after round 2"
[ "$(psql_q "SELECT count(*) FROM (SELECT person_id, work_date FROM public.claim_log
             WHERE work_date BETWEEN '2026-10-01' AND '2026-10-31' GROUP BY 1, 2) x")" = 6200 ] || fail "round 2 claims"

# The digests the evaluator computed are the ones SQL computes from the stored rows.
[ "$(digest_mismatches)" = 0 ] || fail "$(digest_mismatches) digest(s) differ from the SQL definition"
[ "$(exception_rows_mismatch)" = 0 ] || fail "$(exception_rows_mismatch) day(s) with stale or missing exception rows"
kill -TERM "$REC_PID"; wait "$REC_PID" || true
grep -q "evaluator: 2 worker(s)" "$SVC_DIR/rec1.log" || fail "no start line for 2 workers"
grep -q "evaluator: stopped after" "$SVC_DIR/rec1.log" || fail "evaluator did not stop cleanly"
echo "ok: 2 workers, 6200 days each claimed once by one of them, taps during evaluation all counted"
