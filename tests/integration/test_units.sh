#!/usr/bin/env bash
# The shipped systemd units: valid (systemd-analyze verify, with ExecStart pointed at this
# build), and hardened (systemd-analyze security exposure at 2.0 or below).
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init units
fail() { echo "FAIL: $*"; exit 1; }
# Documentation=man:… is checked by verify: point it at the pages in man/
mkdir -p "$SVC_DIR/man/man1" "$SVC_DIR/man/man8"
for page in "$SVC_ROOT"/man/*.[18]; do
	[ -e "$page" ] && cp "$page" "$SVC_DIR/man/man${page##*.}/"
done
export MANPATH="$SVC_DIR/man"
out=""
for unit in "$SVC_ROOT"/systemd/*.service; do
	name=$(basename "$unit")
	sed "s|/usr/sbin/|$BIN/|g; s|/usr/bin/attendctl|$BIN/attendctl|g" "$unit" > "$SVC_DIR/$name"
	systemd-analyze verify "$SVC_DIR/$name" > "$SVC_DIR/verify.log" 2>&1 || { cat "$SVC_DIR/verify.log"; fail "$name does not verify"; }
	[ -s "$SVC_DIR/verify.log" ] && { cat "$SVC_DIR/verify.log"; fail "$name: warnings from verify"; }
	score=$(systemd-analyze security --offline=true "$SVC_DIR/$name" 2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
	[ -n "$score" ] || fail "$name: no exposure score"
	awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || fail "$name: exposure $score is above 2.0"
	out="$out $name $score,"
done
# Timers, next to the services they start (copied above).
for timer in "$SVC_ROOT"/systemd/*.timer; do
	name=$(basename "$timer")
	cp "$timer" "$SVC_DIR/$name"
	[ -f "$SVC_DIR/${name%.timer}.service" ] || fail "$name: no ${name%.timer}.service"
	(cd "$SVC_DIR" && systemd-analyze verify "$SVC_DIR/$name" "$SVC_DIR/${name%.timer}.service") > "$SVC_DIR/verify.log" 2>&1 ||
		{ cat "$SVC_DIR/verify.log"; fail "$name does not verify"; }
	[ -s "$SVC_DIR/verify.log" ] && { cat "$SVC_DIR/verify.log"; fail "$name: warnings from verify"; }
	out="$out $name ok,"
done
echo "ok: units verify; exposure:${out%,}"
