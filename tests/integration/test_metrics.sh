#!/usr/bin/env bash
# attendd's and attend-recorder's metrics files (node exporter's textfile collector): written
# every metrics_interval, replaced at once, read by others (mode 644 under the units'
# UMask=0077), valid for `promtool check metrics`, and true: an edge's backlog while no recorder
# runs, then the taps stored and acknowledged, a rejected payload counted, and the broker
# gauges at 0 once it is gone (the files are still written); the evaluator's queue, lag and
# days evaluated (a queued day held by a lock waits, then is evaluated once free); attend-web's
# sessions, logins (in, refused, rate-limited) and requests by page and status, timed.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init metrics
fail() { echo "FAIL: $*"; exit 1; }
command -v promtool >/dev/null || fail "no promtool (Debian's prometheus package)"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/web.sh"
pg_start
days_setup 1   # agency ubnd-x, site hq, person p1 (badge B1, not in the edge's cache)
mqtt_start
echo '{"badges":[]}' > "$SVC_DIR/badges.json"
write_edge_ini gate-a hq in:in
M=$SVC_DIR/textfile/attendd.prom
mkdir -p "$SVC_DIR/textfile"
sed -i "/^log = /a metrics_file = $M\nmetrics_interval = 1" "$SVC_DIR/gate-a.ini"
umask 077   # as the unit runs it: the file must still come out 644
start_bg gate-a "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"
umask 022
metric() { sed -n "s/^$1 //p" "${2:-$M}" 2>/dev/null; }   # metric 'NAME{LABELS}' [FILE] -> value
wait_for 15 '[ "$(metric attend_edge_broker_connected)" = 1 ]' || fail "no metrics file saying connected: $(cat "$M" 2>&1 | head -5; tail -3 "$SVC_DIR/gate-a.log")"
[ "$(stat -c %a "$M")" = 644 ] || fail "the metrics file is mode $(stat -c %a "$M") (the collector runs as another user)"
out=$(promtool check metrics < "$M" 2>&1) || fail "promtool check metrics: $out"
echo "  ok  attendd's metrics file: mode 644, promtool check metrics passes ($(grep -c '^attend_' "$M") samples)"

# Two taps; no recorder, so both stay in the journal: the backlog and the lag show it.
# (stamped by the reader as they arrive, so the lag is measured against now)
printf '%s\n' 04A1B2C3 04A1B2C4 > "$SVC_DIR/gate-a-in.fifo"
wait_for 10 '[ "$(metric "attend_edge_taps_total{outcome=\"unknown\"}")" = 2 ]' || fail "the taps are not counted: $(grep taps_total "$M")"
wait_for 5 '[ "$(metric attend_edge_journal_pending)" = 2 ]' || fail "backlog: $(metric attend_edge_journal_pending)"
[ "$(metric attend_edge_journal_capacity)" = 200000 ] || fail "capacity: $(metric attend_edge_journal_capacity)"
[ "$(metric 'attend_edge_reader_up{reader="in"}')" = 1 ] || fail "reader up: $(grep reader_up "$M")"
awk '$1 == "attend_edge_ack_lag_seconds" { exit !($2 > 0) }' "$M" || fail "no ack lag with 2 taps waiting: $(grep lag "$M")"
echo "  ok  2 unknown taps counted, backlog 2 of 200000, ack lag $(metric attend_edge_ack_lag_seconds) s, reader in up"

# A day queued before the recorder (and its evaluator) starts, held by a transaction that
# locks its queue row: the evaluator skips it (SKIP LOCKED) and the metrics show it waiting.
psql_q "INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
        SELECT agency_id, id, '$(test_date -1)' FROM attend.person WHERE code = 'p1'"
PGAPPNAME=hold-day psql "$PG_SUPER" -qtAX -c "BEGIN" -c "SELECT FROM attend.day_dirty FOR UPDATE" -c "SELECT pg_sleep(120)" \
	> /dev/null 2>&1 &
HOLD=$!
wait_for 10 '[ "$(psql_q "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                          WHERE c.relname = '\''day_dirty'\'' AND l.mode = '\''RowShareLock'\'' AND l.granted")" = 1 ]' ||
	fail "the queued day is not held"

# The recorder comes: the edge's resend delivers the taps; both files say so.
RM=$SVC_DIR/textfile/attend-recorder.prom
write_evaluator_ini rec1
sed -i "/^log = /a metrics_file = $RM\nmetrics_interval = 1" "$SVC_DIR/rec1.ini"
umask 077
start_bg rec1 "$BIN/attend-recorder" -d -c "$SVC_DIR/rec1.ini"
umask 022
wait_for 30 '[ "$(metric "attend_recorder_taps_stored_total{kind=\"new\"}" "$RM")" = 2 ]' ||
	fail "the recorder's metrics do not show 2 new taps: $(cat "$RM" 2>&1 | grep -v '^#'; tail -3 "$SVC_DIR/rec1.log")"
wait_for 15 '[ "$(metric attend_edge_journal_pending)" = 0 ] && [ "$(metric attend_edge_taps_acked_total)" = 2 ]' ||
	fail "the edge's backlog did not drain: $(grep -e pending -e acked "$M")"
[ "$(metric attend_edge_ack_lag_seconds)" = 0 ] || fail "ack lag with nothing waiting: $(metric attend_edge_ack_lag_seconds)"
mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" -q 1 -t attend/v1/hq/gate-a/tap -m 'not json'
wait_for 10 '[ "$(metric attend_recorder_rejected_payloads_total "$RM")" = 1 ]' || fail "the rejected payload is not counted: $(grep rejected "$RM")"
[ "$(stat -c %a "$RM")" = 644 ] || fail "the recorder's metrics file is mode $(stat -c %a "$RM")"
out=$(promtool check metrics < "$RM" 2>&1) || fail "promtool check metrics (recorder): $out"
echo "  ok  recorder: 2 new taps stored, 1 rejected payload; edge: backlog 0, 2 acked, lag 0; promtool passes"

# The evaluator: the days its timer queues (today) are evaluated; the held day waits, and ages.
wait_for 15 '[ "$(metric attend_evaluator_evaluated_total "$RM")" -ge 1 ] && [ "$(metric attend_evaluator_queue_length "$RM")" = 1 ]' ||
	fail "evaluator: days evaluated and 1 waiting expected: $(grep '^attend_evaluator' "$RM")"
days=$(metric attend_evaluator_evaluated_total "$RM")
awk '$1 == "attend_evaluator_lag_seconds" { exit !($2 > 0) }' "$RM" || fail "no lag with a day waiting: $(grep lag "$RM")"
lag=$(metric attend_evaluator_lag_seconds "$RM")
# The holding session ends (its psql then exits with an error: not an assertion), its lock goes.
[ "$(psql_q "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'hold-day'")" = 1 ] ||
	fail "no holding session to end"
wait "$HOLD" 2>/dev/null || true
wait_for 15 '[ "$(metric attend_evaluator_evaluated_total "$RM")" = $((days + 1)) ] &&
             [ "$(metric attend_evaluator_queue_length "$RM")" = 0 ] && [ "$(metric attend_evaluator_lag_seconds "$RM")" = 0 ]' ||
	fail "the held day was not evaluated once free: $(grep '^attend_evaluator' "$RM")"
[ "$(metric attend_evaluator_errors_total "$RM")" = 0 ] || fail "evaluator errors: $(metric attend_evaluator_errors_total "$RM")"
awk '$1 == "attend_evaluator_last_batch_seconds" { exit !($2 > 0) }' "$RM" || fail "no batch duration: $(grep last_batch "$RM")"
out=$(promtool check metrics < "$RM" 2>&1) || fail "promtool check metrics (evaluator): $out"
echo "  ok  evaluator: $days day(s), 1 waiting (lag $lag s), then $((days + 1)), queue 0, lag 0; promtool passes"

# attend-web: sessions, logins (in, refused, rate-limited), requests by page and status.
web_logins
WM=$SVC_DIR/textfile/attend-web.prom
WEB_EXTRA_INI="metrics_file = $WM
metrics_interval = 1" web_start
wait_for 10 '[ "$(metric attend_web_sessions_open "$WM")" = 0 ]' || fail "no attend-web metrics file: $(tail -3 "$SVC_DIR/web.log")"
bad_login() {   # bad_login USER: one attempt with a wrong password; prints the HTTP status
	local jar="$SVC_DIR/bad.jar" token
	token=$(curl -s -c "$jar" "$WEB_URL/login" | sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p')
	curl -s -o /dev/null -w '%{http_code}' -b "$jar" --data-urlencode "login_token=$token" \
		--data-urlencode "user=$1" --data-urlencode "password=wrong" "$WEB_URL/login"
}
# 5 wrong passwords are free, the next ones block the name for 1, 2, 4 ... s: attempts in a row
# meet the rate limit (how many depends on the clock's second: the blocks are whole seconds).
codes=
for i in $(seq 10); do c=$(bad_login web_staff); codes="$codes $c"; [ "$c" = 401 ] || break; done
refused=$(grep -o 401 <<<"$codes" | wc -l)
[ "$c" = 429 ] && [ "$refused" -ge 6 ] || fail "wrong passwords answered$codes (6 or more refused, then the rate limit)"
cookie=$(web_login web_hr)
[ -n "$cookie" ] || fail "web_hr did not log in"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$cookie" "$WEB_URL/today")" = 200 ] || fail "/today"
wait_for 10 '[ "$(metric attend_web_sessions_open "$WM")" = 1 ] && [ "$(metric "attend_web_requests_total{class=\"today\",status=\"2xx\"}" "$WM")" = 1 ]' ||
	fail "attend-web metrics after a login and a page: $(grep -v '^#' "$WM")"
[ "$(metric 'attend_web_logins_total{outcome="ok"}' "$WM")" = 1 ] &&
	[ "$(metric 'attend_web_logins_total{outcome="refused"}' "$WM")" = "$refused" ] &&
	[ "$(metric attend_web_rate_limited_total "$WM")" = 1 ] &&
	[ "$(metric 'attend_web_requests_total{class="login",status="4xx"}' "$WM")" = $((refused + 1)) ] &&
	[ "$(metric 'attend_web_requests_total{class="login",status="3xx"}' "$WM")" = 1 ] ||
	fail "attend-web login counters: $(grep -e logins -e rate_limited -e 'class="login"' "$WM")"
n=$(metric attend_web_request_duration_seconds_count "$WM")
[ "$(metric 'attend_web_request_duration_seconds_bucket{le="+Inf"}' "$WM")" = "$n" ] && [ "$n" -ge 15 ] ||
	fail "request duration histogram: $(grep duration "$WM")"
[ "$(stat -c %a "$WM")" = 644 ] || fail "attend-web's metrics file is mode $(stat -c %a "$WM")"
out=$(promtool check metrics < "$WM" 2>&1) || fail "promtool check metrics (attend-web): $out"
echo "  ok  attend-web: 1 session, logins 1 ok / $refused refused / 1 rate-limited, $n requests timed; promtool passes"

# The broker goes away: the files keep being written, and say so.
mqtt_stop
wait_for 15 '[ "$(metric attend_edge_broker_connected)" = 0 ] && [ "$(metric attend_recorder_broker_connected "$RM")" = 0 ]' ||
	fail "the metrics do not say the broker is away"
for f in "$M" "$RM"; do out=$(promtool check metrics < "$f" 2>&1) || fail "promtool check metrics $f: $out"; done
ls "$SVC_DIR/textfile" | grep -v '^attendd.prom$\|^attend-recorder.prom$\|^attend-web.prom$' && fail "a temporary file is left in the collector's folder"
echo "ok: attendd's, attend-recorder's (with its evaluator's) and attend-web's metrics (textfile collector): valid, atomic, 644, true with the broker away"
