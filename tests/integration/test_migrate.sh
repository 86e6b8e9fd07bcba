#!/usr/bin/env bash
# attendctl migrate as an administrator upgrading meets it: migrations run in their numbers'
# order; a database made when the migrations had other numbers (they were renumbered 001, 002,
# ... in sequence) takes the new names without running anything twice; a new migration numbered
# below one already applied is refused before anything runs, as are two with one number.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
svc_init migrate
pg_start
fail() { echo "FAIL: $*"; exit 1; }
migrate() {   # migrate DIR DB: attendctl migrate's output, exit status in $rc
	rc=0; out=$("$BIN/attendctl" -d "host=127.0.0.1 port=$PGPORT user=postgres dbname=$2" --sql-dir "$1" migrate 2>&1) || rc=$?
}
newdb() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "CREATE DATABASE $1" >/dev/null; }
versions() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$1" -qtAX -c "SELECT string_agg(version, ' ' ORDER BY version) FROM attend.schema_migration"; }
n=$(ls "$SVC_ROOT"/sql/[0-9]*.sql | wc -l)

# 1. A database migrated under the former numbering (the same files under other numbers: by
# tens, as they were) takes the new names: nothing runs again, every name is the new one.
mkdir "$SVC_DIR/old"
for f in "$SVC_ROOT"/sql/[0-9]*.sql; do
	b=$(basename "$f"); cp "$f" "$SVC_DIR/old/$(printf '%04d' $((10#${b:0:3} * 10)))${b:3}"
done
newdb upgraded
migrate "$SVC_DIR/old" upgraded
[ $rc = 0 ] || fail "the former numbering: $out"
migrate "$SVC_ROOT/sql" upgraded
[ $rc = 0 ] || fail "upgrade: $out"
grep -q "database is up to date (0 migration(s) applied now)" <<< "$out" || fail "upgrade ran something again: $out"
[ "$(grep -c 'recorded under its former number' <<< "$out")" = "$n" ] || fail "renamed: $out"
[ "$(versions upgraded)" = "$(cd "$SVC_ROOT/sql" && echo [0-9]*.sql)" ] || fail "names after the upgrade: $(versions upgraded)"
echo "  ok  $n migrations recorded under their former numbers took the new ones; none ran twice"

# 2. A new migration numbered below the last one applied: refused, nothing applied.
mkdir "$SVC_DIR/next"
cp "$SVC_ROOT"/sql/[0-9]*.sql "$SVC_DIR/next/"
last=$(ls "$SVC_DIR/next" | tail -n 1)
printf 'CREATE TABLE attend.later (id int);\n' > "$SVC_DIR/next/$(printf '%03d' $((10#${last:0:3} + 2)))_later.sql"
newdb fresh
migrate "$SVC_DIR/next" fresh
[ $rc = 0 ] || fail "fresh: $out"
below="$(printf '%03d' $((10#${last:0:3} + 1)))_below.sql"
printf 'CREATE TABLE attend.below (id int);\n' > "$SVC_DIR/next/$below"
migrate "$SVC_DIR/next" fresh
[ $rc = 1 ] || fail "a migration below the last applied: exit $rc: $out"
grep -q "$below is numbered below .*_later.sql, which this database already has" <<< "$out" || fail "refusal: $out"
[ "$(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d fresh -qtAX -c "SELECT to_regclass('attend.below') IS NULL")" = t ] ||
	fail "the refused migration ran"
echo "  ok  a migration numbered below one already applied is refused, naming both: $(head -n 1 <<< "$out" | cut -c1-110)"

# 3. Two migrations with one number: refused before connecting to anything.
cp "$SVC_DIR/next/$below" "$SVC_DIR/next/${below:0:3}_twin.sql"
rm "$SVC_DIR/next/"*_later.sql
newdb twins
migrate "$SVC_DIR/next" twins
[ $rc = 1 ] && grep -q "share the number ${below:0:3}" <<< "$out" || fail "two with one number (exit $rc): $out"
[ "$(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d twins -qtAX -c "SELECT to_regclass('attend.schema_migration') IS NULL")" = t ] ||
	fail "something ran although two migrations share a number"
echo "  ok  two migrations with one number are refused before anything runs"
echo "ok: renumbered migrations adopted ($n, none twice); below-the-last and duplicate numbers refused"
