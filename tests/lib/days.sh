# shellcheck shell=bash
# Helpers for the day-result integration tests (tests/integration/test_days_*.sh), on top of
# services.sh.
#
#   days_setup              schema, logins (recorder, evaluator, HR mapped to the agency, admin,
#                           summary), national calendar, one agency 'ubnd-x' with unit 'vp',
#                           site 'hq' and people p1..pN with badges B1..BN
#   write_evaluator_ini N   recorder.ini N with the [evaluator] section switched on (EVAL_BATCH,
#                           EVAL_INTERVAL, EVAL_WORKERS: default 500, 1, 2; EVAL_WORKERS=''
#                           leaves the option out)
#   tap_sql UID LOCALTIME [DIR]   insert a raw tap as the superuser (the recorder is not the point)
#   day_of CODE DATE        "symbol|status,status|exception kinds" of a day result, or "" if none
#   wait_day CODE DATE EXPECTED [SECONDS]   until day_of prints EXPECTED (fails with what it has)
#   wait_settled [SECONDS]  until every day queued so far is evaluated and committed
#   digest_mismatches       day results whose digest (computed when written, from the JSON the
#                           evaluator staged) is not the one of the stored row (its jsonb's
#                           text): must print 0, or the evaluator's JSON is not jsonb's print
#   exception_rows_mismatch days whose attend.day_exception rows are not those of their result's
#                           JSON (a rewritten day keeps no stale rows): must print 0

days_setup() {
	local people=${1:-3}
	db_setup
	psql_q "DO \$\$ BEGIN
	  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='evaluator_login') THEN
	    CREATE ROLE evaluator_login LOGIN IN ROLE attend_evaluator; END IF;
	END \$\$"
	EVAL_DB="host=127.0.0.1 port=$PGPORT user=evaluator_login dbname=attend"
	"$BIN/attendctl" -q -d "$PG_SUPER" calendar load "$SVC_ROOT/rules/data/holidays-vn.tsv"
	psql_q "INSERT INTO attend.agency (code, name) VALUES ('ubnd-x', 'UBND xã X');
	        INSERT INTO attend.org_unit (agency_id, code, name) SELECT id, 'vp', 'Văn phòng' FROM attend.agency;
	        INSERT INTO attend.site (id, agency_id, name) SELECT 'hq', id, 'Trụ sở' FROM attend.agency;
	        INSERT INTO attend.schedule_assignment (agency_id, profile_id, valid_from)
	          SELECT a.id, p.id, '2026-01-01' FROM attend.agency a, attend.schedule_profile p WHERE p.name = 'standard';
	        INSERT INTO attend.person (agency_id, unit_id, code, full_name)
	          SELECT a.id, u.id, 'p' || i, 'Người ' || i FROM attend.agency a, attend.org_unit u, generate_series(1, $people) i;
	        INSERT INTO attend.badge (agency_id, uid, person_id, valid_from)
	          SELECT agency_id, 'B' || substr(code, 2), id, '2026-01-01' FROM attend.person;
	        INSERT INTO attend.hr_access (role_name, agency_id) SELECT 'hr_login', id FROM attend.agency;"
}

write_evaluator_ini() {
	write_recorder_ini "$1"
	cat >> "$SVC_DIR/$1.ini" <<INI

[evaluator]
enabled = true
conninfo = $EVAL_DB
batch_size = ${EVAL_BATCH:-500}
interval = ${EVAL_INTERVAL:-1}
INI
	# EVAL_WORKERS unset: 2; set empty: no line (a recorder from before the option).
	[ -z "${EVAL_WORKERS-2}" ] || echo "workers = ${EVAL_WORKERS-2}" >> "$SVC_DIR/$1.ini"
}

tap_sql() {
	psql_q "INSERT INTO attend.tap (edge_id, epoch, seq, site_id, agency_id, reader_id, direction, uid,
	          known_at_edge, duplicate, tapped_at, sent_at, received_at, recorder)
	        SELECT 'sql', '00000000-0000-0000-0000-000000000001', coalesce(max(seq), 0) + 1, 'hq',
	          (SELECT agency_id FROM attend.site WHERE id = 'hq'), 'r1', '${3:-both}', '$1', true, false,
	          '$2'::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh', now(), now(), 'test'
	        FROM attend.tap WHERE edge_id = 'sql'"
}

day_of() {
	psql_q "SELECT r.symbol || '|' || coalesce((SELECT string_agg(s->>'status', ',' ORDER BY (s->>'index')::int)
	          FROM jsonb_array_elements(r.sessions) s), '') || '|' ||
	          coalesce((SELECT string_agg(e->>'kind', ',' ORDER BY (e->>'seq')::int)
	          FROM jsonb_array_elements(r.exceptions) e), '')
	        FROM attend.day_result r JOIN attend.person p ON p.id = r.person_id
	        WHERE p.code = '$1' AND r.work_date = '$2'"
}

wait_day() {
	local code=$1 date=$2 want=$3 secs=${4:-10}
	if ! wait_for "$secs" "[ \"\$(day_of $code $date)\" = \"$want\" ]"; then
		echo "FAIL: $code $date: expected '$want', have '$(day_of "$code" "$date")'"
		return 1
	fi
}

# The evaluator claims a day by deleting its queue row in the transaction that writes the
# result, so an empty attend.day_dirty seen from another session means every mark committed
# before now has its result committed too: a change that should not move a day can be checked
# then, with no guess at how long the evaluator takes.
wait_settled() {
	if ! wait_for "${1:-20}" '[ "$(psql_q "SELECT EXISTS (SELECT FROM attend.day_dirty)")" = f ]'; then
		echo "FAIL: the evaluator's queue did not drain: $(psql_q "SELECT count(*) FROM attend.day_dirty") day(s) left"
		return 1
	fi
}

digest_mismatches() {
	psql_q "SELECT count(*) FROM attend.day_result WHERE digest IS DISTINCT FROM
	          attend.day_digest(day_kind, working_day, present, profile, symbol, pending, minutes_late,
	                            minutes_early, minutes_worked, sessions::text, exceptions::text)"
}

exception_rows_mismatch() {
	psql_q "SELECT count(*) FROM attend.day_result r WHERE jsonb_array_length(r.exceptions) <>
	          (SELECT count(*) FROM attend.day_exception e WHERE e.agency_id = r.agency_id
	           AND e.person_id = r.person_id AND e.work_date = r.work_date)
	        OR EXISTS (SELECT FROM attend.day_exception e WHERE e.agency_id = r.agency_id
	           AND e.person_id = r.person_id AND e.work_date = r.work_date
	           AND NOT r.exceptions @> jsonb_build_array(jsonb_build_object('seq', e.seq, 'kind', e.kind)))"
}
