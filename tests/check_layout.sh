#!/bin/sh
# The house's rules (docs/architecture.md): each folder includes only the folders below it,
# and the migrations are numbered strictly in sequence.  Fails naming the file (and line).
set -eu
cd "$(dirname "$0")/.."
allowed() {
	case $1 in
	lib)       echo "lib" ;;
	rules)     echo "rules" ;;
	readers)   echo "readers lib" ;;
	evaluator) echo "evaluator rules lib" ;;
	edge)      echo "edge readers lib" ;;
	recorder)  echo "recorder evaluator rules lib" ;;
	doc)       echo "doc rules lib" ;;
	ctl)       echo "ctl doc evaluator rules lib" ;;
	web)       echo "web doc evaluator rules lib" ;;
	esac
}
bad=0
for dir in lib rules readers evaluator edge recorder doc ctl web; do
	ok=$(allowed "$dir")
	# file:line:folder of every project include
	for hit in $(grep -n -o '^#include "[a-z_]*/' "$dir"/*.c "$dir"/*.h 2>/dev/null |
	             sed 's/#include "\([a-z_]*\)\/$/\1/'); do
		to=${hit##*:}
		case " $ok " in *" $to "*) ;; *)
			echo "check_layout: ${hit%:*}: $dir/ may not include $to/ (allowed: $ok)" >&2
			bad=1 ;;
		esac
	done
done
# Migrations are numbered 001, 002, ... with no gap and no number twice.
i=0
for f in sql/[0-9]*.sql; do
	i=$((i + 1))
	want=$(printf '%03d' $i)
	case $(basename "$f") in "${want}_"*) ;; *)
		echo "check_layout: $f: expected number $want here (migrations run strictly in sequence)" >&2
		bad=1 ;;
	esac
done
[ $bad = 0 ] && echo "layout: every include points down (lib, rules < readers, evaluator, doc < edge, recorder, ctl, web)"
exit $bad
