#!/usr/bin/env bash
# What a Vietnamese HR officer types and reads (issue 13): dates as dd/mm/yyyy (and months as
# mm/yyyy) in every command give exactly what the ISO forms give; a bad date names the option
# and the value; and every message of a session is in one language — a sample of commands with
# bad input under LANG=vi_VN.UTF-8 (and --lang vi) says all of it in Vietnamese, and the same
# under English says none of it in Vietnamese.  Run as the HR officer's own login.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"
. "$(dirname "$0")/../lib/days.sh"
. "$(dirname "$0")/../lib/hr.sh"
svc_init ctl-input
pg_start
hr_month_setup   # October 2026 of day results for p1, p2 (vp) and p3 (dc) of ubnd-x
fail() { echo "FAIL: $*"; exit 1; }
hr() { LANG=C.UTF-8 LANGUAGE= LC_ALL= "$BIN/attendctl" -d "$HR_DB" "$@"; }

# ---- dd/mm/yyyy and mm/yyyy read as the ISO forms ----
hr report punctuality --agency ubnd-x --from 2026-10-01 --to 2026-10-31 --format json --output "$SVC_DIR/iso.json"
hr report punctuality --agency ubnd-x --from 01/10/2026 --to 31/10/2026 --format json --output "$SVC_DIR/vn.json"
cmp -s "$SVC_DIR/iso.json" "$SVC_DIR/vn.json" || fail "report --from 01/10/2026 differs from 2026-10-01"
grep -q '"from":"2026-10-01"' "$SVC_DIR/vn.json" || fail "report: $(head -c 300 "$SVC_DIR/vn.json")"
hr -q timesheet --agency ubnd-x --unit vp --month 2026-10 --format csv --output "$SVC_DIR/iso.csv"
hr -q timesheet --agency ubnd-x --unit vp --month 10/2026 --format csv --output "$SVC_DIR/vn.csv"
cmp -s "$SVC_DIR/iso.csv" "$SVC_DIR/vn.csv" || fail "timesheet --month 10/2026 differs from 2026-10"
[ "$(hr days show --person p2 --from 05/10/2026 --to 8/10/2026 | sed 1d)" = \
  "$(hr days show --person p2 --from 2026-10-05 --to 2026-10-08 | sed 1d)" ] || fail "days show with d/m/yyyy"
[ "$(hr days show --person p2 --from 05/10/2026 --to 08/10/2026 | sed 1d | wc -l)" = 4 ] || fail "days show: 4 days"
# Shown as dd/mm/yyyy in Vietnamese, with the weekday named in Vietnamese too.
hr --lang vi days show --person p2 --from 05/10/2026 --to 05/10/2026 | grep -q '^05/10/2026 T2 ' ||
	fail "days show in vi: $(hr --lang vi days show --person p2 --from 05/10/2026 --to 05/10/2026)"
hr today --agency ubnd-x --date 05/10/2026 --format json | grep -q '"date":"2026-10-05"' || fail "today --date 05/10/2026"
hr -q request add --person p1 --symbol P --from 16/10/2026 --to 16/10/2026
[ "$(psql_q "SELECT date_from || '..' || date_to || ' ' || status FROM attend.request r JOIN attend.person p ON p.id = r.person_id
             WHERE p.code = 'p1'")" = "2026-10-16..2026-10-16 requested" ] || fail "request with dd/mm/yyyy: $(psql_q "SELECT * FROM attend.request")"
hr -q correction add --person p3 --at '13/10/2026 07:30' --reason 'quên quẹt thẻ'
[ "$(psql_q "SELECT to_char(tapped_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI') FROM attend.correction")" = "2026-10-13 07:30" ] ||
	fail "correction --at '13/10/2026 07:30'"
hr --lang vi month lock ubnd-x 10/2026 | grep -qx 'đã khóa sổ tháng 10/2026 của ubnd-x' || fail "month lock 10/2026"
[ "$(psql_q "SELECT month FROM attend.month_lock")" = 2026-10-01 ] || fail "month lock row"
hr -q month unlock ubnd-x 2026-10
[ "$(psql_q "SELECT count(*) FROM attend.month_lock")" = 0 ] || fail "month unlock 2026-10"

# ---- bad input: one language per session ----
# English words that must not appear in a Vietnamese message (option names and codes may).
EN_WORDS='is not|not a |must|unknown|does not|required|exist|is after|nothing|no such|usage:|give |invalid'
# Vietnamese words that must not appear in an English message.
VI_WORDS='không|phải|cần|đã|ngày|tháng|cơ quan|cán bộ|tệp|hãy'
printf 'code,Họ và tên,unit\na1,Nguyễn Văn Đức,vp\n' | iconv -f UTF-8 -t WINDOWS-1258 > "$SVC_DIR/ansi.csv"
bad=(
	"days show --person p1 --from 29/02/2027 --to 01/03/2027"
	"days show --person p1 --from 16/11/2026 --to 31/11/2026"
	"days evaluate --person p1"
	"days show --person p9 --from 01/10/2026 --to 02/10/2026"
	"month lock ubnd-x 13/2026"
	"month lock nope 10/2026"
	"correction add --person p1 --at 31/11/2026_07:30 --reason x"
	"correction add --person p1 --at 2026-10-13_07:30 --dir sideways --reason x"
	"badges revoke --agency ubnd-x --uid bad/uid"
	"badges list"
	"request approve abc"
	"request add --person p1 --symbol XX --from 19/10/2026 --to 19/10/2026"
	"request add --person p1 --symbol P --from 20/10/2026 --to 19/10/2026"
	"request add --person p1 --symbol P --from 19/10/2026 --to 19/10/2026 --part evening"
	"report punctuality --agency ubnd-x --from 2026-10-01 --to 31/11/2026"
	"timesheet --agency ubnd-x --unit vp --month 13/2026 --output $SVC_DIR/x.xlsx"
	"summary show --agency ubnd-x --month 13/2026"
	"today --agency ubnd-x --date 29/02/2027"
	"score set --person p1 --month 10/2026 --criterion attitude --points abc"
	"score set --person p1 --month 10/2026 --criterion nope --points 3"
	"summary run --month 10/2026"
	"import people $SVC_DIR/ansi.csv --agency ubnd-x"
	"frobnicate"
)
check_session() {   # check_session vi|en ENV... : every bad command fails, in that language only
	local lang=$1; shift
	local cmd out rc
	for cmd in "${bad[@]}"; do
		# (an underscore stands for a blank inside one argument)
		read -r -a args <<< "$cmd"
		args=("${args[@]//_/ }")
		rc=0
		out=$(env "$@" "$BIN/attendctl" -d "$HR_DB" "${args[@]}" 2>&1) || rc=$?
		[ "$rc" -ne 0 ] || fail "[$lang] attendctl $cmd succeeded: $out"
		[ -n "$out" ] || fail "[$lang] attendctl $cmd said nothing"
		[ -z "${SHOW:-}" ] || printf '[%s] %s\n%s\n' "$lang" "$cmd" "$out" >&2   # SHOW=1: read them
		if [ "$lang" = vi ]; then
			if grep -qiE -- "$EN_WORDS" <<< "$out"; then fail "[vi] attendctl $cmd speaks English: $out"; fi
			grep -qiE -- "$VI_WORDS" <<< "$out" || fail "[vi] attendctl $cmd is not Vietnamese: $out"
		elif [ "${args[0]}" != timesheet ]; then   # the C01-HD is Vietnamese unless --lang en (docs/reports.md)
			if grep -qiE -- "$VI_WORDS" <<< "$out"; then fail "[en] attendctl $cmd speaks Vietnamese: $out"; fi
		fi
		# never the raw bytes of a file in another encoding: what is printed is UTF-8 throughout
		iconv -f UTF-8 -t UTF-8 <<< "$out" > /dev/null 2>&1 || fail "[$lang] attendctl $cmd prints raw bytes: $out"
	done
}
check_session vi LANG=vi_VN.UTF-8 LANGUAGE= LC_ALL=
check_session vi LANG=C.UTF-8 LANGUAGE=vi LC_ALL=
check_session en LANG=en_US.UTF-8 LANGUAGE= LC_ALL=
check_session en LANG=C LANGUAGE= LC_ALL=
# The issue's own case, word for word in both languages: the option and the value named.
out=$(LANG=vi_VN.UTF-8 "$BIN/attendctl" -d "$HR_DB" days show --person p1 --from 16/11/2026 --to 31/11/2026 2>&1) && fail "31/11 accepted"
[ "$out" = "attendctl: --to '31/11/2026' không phải là ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)" ] || fail "vi: $out"
out=$("$BIN/attendctl" -d "$HR_DB" --lang en days show --person p1 --from 16/11/2026 --to 31/11/2026 2>&1) && fail "31/11 accepted"
[ "$out" = "attendctl: --to '31/11/2026' is not a date (dd/mm/yyyy or yyyy-mm-dd)" ] || fail "en: $out"
# The issue's request case: the agency by its code, not its internal id, and the symbols it has.
out=$(LANG=vi_VN.UTF-8 "$BIN/attendctl" -d "$HR_DB" request add --person p1 --symbol XX --from 19/10/2026 --to 19/10/2026 2>&1) &&
	fail "symbol XX accepted"
grep -q "^attendctl: request add: --symbol 'XX' không phải là ký hiệu chấm công của cơ quan ubnd-x (các ký hiệu: .*P" <<< "$out" ||
	fail "request with an unknown symbol: $out"
# --lang after the command wins over the locale, as before.
out=$(LANG=vi_VN.UTF-8 "$BIN/attendctl" -d "$HR_DB" today --agency ubnd-x --date 29/02/2027 --lang en 2>&1) && fail "29/02/2027 accepted"
grep -q "is not a date" <<< "$out" || fail "--lang en after the command: $out"
# Nothing of the refused commands was written.
written=$(psql_q "SELECT (SELECT count(*) FROM attend.month_lock) || '/' || (SELECT count(*) FROM attend.correction) || '/' ||
             (SELECT count(*) FROM attend.person) || '/' || (SELECT count(*) FROM attend.request WHERE requested_by = 'hr_login')")
[ "$written" = "0/1/3/1" ] || fail "a refused command wrote something (locks/corrections/people/HR's requests: $written)"
echo "ok: dd/mm/yyyy and mm/yyyy read as the ISO forms (report, timesheet, days show, today, request, correction, month lock); ${#bad[@]} bad inputs each in Vietnamese only under vi and English only under en"
