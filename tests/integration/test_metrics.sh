#!/usr/bin/env bash
# attendd's metrics file (node exporter's textfile collector): written every metrics_interval,
# replaced at once, read by others (mode 644 under the unit's UMask=0077), valid for
# `promtool check metrics`, and saying what the status topic says -- also while the broker is
# away, when the backlog grows and the broker gauge drops to 0.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init metrics
fail() { echo "FAIL: $*"; exit 1; }
command -v promtool >/dev/null || fail "no promtool (Debian's prometheus package)"
mqtt_start
echo '{"badges":[]}' > "$SVC_DIR/badges.json"
write_edge_ini gate-a hq in:in
M=$SVC_DIR/textfile/attendd.prom
mkdir -p "$SVC_DIR/textfile"
sed -i "/^log = /a metrics_file = $M\nmetrics_interval = 1" "$SVC_DIR/gate-a.ini"
umask 077   # as the unit runs it: the file must still come out 644
start_bg gate-a "$BIN/attendd" -d -c "$SVC_DIR/gate-a.ini"
umask 022
metric() { sed -n "s/^$1 //p" "$M" 2>/dev/null; }   # metric 'NAME{LABELS}' -> value
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

# The broker goes away: the file keeps being written, and says so.
mqtt_stop
wait_for 15 '[ "$(metric attend_edge_broker_connected)" = 0 ]' || fail "the metrics do not say the broker is away"
out=$(promtool check metrics < "$M" 2>&1) || fail "promtool check metrics: $out"
[ "$(metric attend_edge_journal_pending)" = 2 ] || fail "backlog without the broker"
ls "$SVC_DIR/textfile" | grep -v '^attendd.prom$' && fail "a temporary file is left in the collector's folder"
echo "ok: attendd's metrics (textfile collector): valid, atomic, 644, and true with the broker away"
