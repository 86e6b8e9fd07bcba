-- 024: the digest of a day result, said once.  A day result's digest is what it says without
-- the version: md5 of its columns' text output joined by '|', the JSON as jsonb prints it.
-- It lets the evaluator skip a day that did not change (one index probe instead of a
-- rewrite) and leave a locked month's results alone (docs/schema-days.md).  Until now the
-- evaluator computed it in C with an MD5 of its own over a text imitating concat_ws();
-- now the evaluator's write statement (evaluator/day_store.c) computes it here, from the rows
-- it staged, and the tests recompute it from the stored rows with the same function.
--
-- Text arguments for the JSON: the writer passes the JSON it staged, unparsed (parsing and
-- printing every staged day's jsonb would cost more than the write it saves); a stored row
-- passes sessions::text.  The two are the same text because the evaluator writes its JSON
-- as jsonb prints it (tests/unit/test_day_json.c, and every day test's digest_mismatches):
-- that is what keeps the digests of results stored before this migration valid.
-- STABLE like concat_ws(), a single expression, not STRICT: the planner inlines it.
CREATE FUNCTION attend.day_digest(p_day_kind text, p_working_day boolean, p_present boolean,
                                  p_profile text, p_symbol text, p_pending boolean,
                                  p_minutes_late int, p_minutes_early int, p_minutes_worked int,
                                  p_sessions text, p_exceptions text)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT md5(concat_ws('|', p_day_kind, p_working_day, p_present, p_profile, p_symbol, p_pending,
                       p_minutes_late, p_minutes_early, p_minutes_worked, p_sessions, p_exceptions))
$$;
