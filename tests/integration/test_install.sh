#!/usr/bin/env bash
# `make && make install PREFIX=/usr DESTDIR=...` installs programs that look in the installed
# data folder (/usr/share/attendd), even when the tree was built with another PREFIX first:
# the objects that embed paths depend on a stamp of them (Makefile).  The installed attendctl
# then runs from its installed path: an overlay mount (a private mount namespace, as root) lays
# DESTDIR/usr over /usr, and `/usr/bin/attendctl migrate` applies the installed SQL to the
# test's PostgreSQL with no --sql-dir or ATTEND_SQL_DIR.  The installed man pages name the
# installed data folder.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init install
fail() { echo "FAIL: $*"; exit 1; }

# A copy of the test's build tree (timestamps kept), so only what the new PREFIX changes is
# rebuilt, and the tree's own build is left alone.
B=$SVC_DIR/build
cp -a "$BIN" "$B"
san=(); [[ $ATTEND_BUILD == *san* ]] && san=(SAN=1)
[ "$(cat "$B/paths.stamp")" = "DATADIR=/usr/local/share/attendd LOCALEDIR=/usr/local/share/locale" ] ||
	fail "the test's build was not made with the default PREFIX: $(cat "$B/paths.stamp")"
D=$SVC_DIR/root
make -C "$SVC_ROOT" -s "${san[@]}" BUILD="$B" PREFIX=/usr DESTDIR="$D" install > "$SVC_DIR/install.log" 2>&1 ||
	{ tail -20 "$SVC_DIR/install.log"; fail "make install"; }
grep -q "CC *ctl/migrate.c" "$SVC_DIR/install.log" || fail "the object embedding DATADIR was not rebuilt for PREFIX=/usr"
for f in usr/bin/attendctl usr/sbin/attendd usr/sbin/attend-recorder usr/share/attendd/sql/001_core.sql \
	usr/share/attendd/data/holidays-vn.tsv usr/share/man/man1/attendctl.1 usr/share/man/man8/attendd.8; do
	[ -e "$D/$f" ] || fail "not installed: /$f"
done
grep -a -q '/usr/share/attendd' "$D/usr/bin/attendctl" || fail "attendctl does not embed /usr/share/attendd"
grep -a -q '/usr/local/share/attendd' "$D/usr/bin/attendctl" && fail "attendctl still embeds /usr/local/share/attendd"
grep -q '/usr/local' "$D/usr/share/man/man1/attendctl.1" && fail "the installed man page still names /usr/local: $(grep -n /usr/local "$D/usr/share/man/man1/attendctl.1" | head -3)"
grep -q '/usr/share/attendd/data/holidays.-vn.tsv' "$D/usr/share/man/man1/attendctl.1" || fail "the installed man page does not name the installed holidays file"
echo "  ok  make install PREFIX=/usr after a /usr/local build: migrate.c rebuilt, binaries and man pages name /usr/share/attendd"

# The installed attendctl from its installed path, /usr/bin/attendctl, against the test's database.
pg_start
unset ATTEND_SQL_DIR
"$D/usr/bin/attendctl" --help > /dev/null || fail "the installed attendctl --help"
unshare -m --propagation private sh -c "mount -t overlay overlay -o lowerdir=$D/usr:/usr /usr &&
	/usr/bin/attendctl -d '$PG_SUPER' migrate && /usr/bin/attendctl -d '$PG_SUPER' calendar load /usr/share/attendd/data/holidays-vn.tsv" \
	> "$SVC_DIR/migrate.log" 2>&1 || fail "the installed attendctl migrate: $(cat "$SVC_DIR/migrate.log")"
n=$(ls "$SVC_ROOT"/sql/*.sql | wc -l)
[ "$(psql_q "SELECT count(*) FROM attend.schema_migration")" = "$n" ] || fail "not every migration applied: $(cat "$SVC_DIR/migrate.log")"
[ "$(psql_q "SELECT count(*) > 0 FROM attend.calendar_day")" = t ] || fail "no holidays loaded from the installed data"
echo "  ok  /usr/bin/attendctl migrate read /usr/share/attendd/sql ($n migrations) and loaded the installed holidays"
echo "ok: make install PREFIX=/usr works after a build with another PREFIX; the installed attendctl finds its SQL and data"
