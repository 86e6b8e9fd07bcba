-- 030: how long personal data is kept (issue 15; Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15:
-- no longer than needed).  An administrator sets, per agency, how many years raw taps and day
-- results are kept (NULL: kept, the default); `attendctl maintain retention` archives what is
-- past it to a file and removes it, audited here.  docs/operations.md "Retention" says why the
-- design is this one:
-- - taps: a month's partition is dropped whole, once it is past the retention of every agency
--   whose taps it holds.  A tap is never DELETEd, not even past retention: the append-only
--   guard (001, 016) stays as it was, and no function here can remove a row of a month that
--   some agency still keeps.  An agency with a shorter retention than another sharing the
--   month has its taps kept until the longer one passes (the dry-run names who holds a month);
-- - day results are derived rows, keyed by agency and rewritten by the evaluator: they are
--   deleted per agency, past that agency's own retention, by one function.
-- Everything runs in the functions below as the owner of the database (only it may drop a
-- partition), for a member of attend_admin, and each one checks again what it is asked to do.

-- Versioned: the newest row of an agency is in force, the older ones say what it was and who
-- changed it.  Nobody updates or deletes a row (no grant); attend.set_retention() writes.
CREATE TABLE attend.retention_setting (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id  bigint NOT NULL REFERENCES attend.agency,
  tap_years  int CHECK (tap_years BETWEEN 1 AND 100),   -- NULL: raw taps are kept
  day_years  int CHECK (day_years BETWEEN 1 AND 100),   -- NULL: day results are kept
  set_by     name NOT NULL,
  set_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON attend.retention_setting (agency_id, id);

-- What is in force for each agency, and where it ends: data before tap_before / day_before is
-- past retention (the business clock, attend.now(); day_before in the agency's time zone).
CREATE VIEW attend.retention AS
SELECT a.id AS agency_id, a.code, s.tap_years, s.day_years, s.set_by, s.set_at,
       attend.now() - make_interval(years => s.tap_years) AS tap_before,
       ((attend.now() AT TIME ZONE a.tz)::date - make_interval(years => s.day_years))::date AS day_before
FROM attend.agency a
LEFT JOIN LATERAL (SELECT * FROM attend.retention_setting r WHERE r.agency_id = a.id
                   ORDER BY r.id DESC LIMIT 1) s ON true;

-- The audit: one row per partition dropped or agency's day results deleted.
CREATE TABLE attend.retention_run (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  done_at         timestamptz NOT NULL DEFAULT now(),
  done_by         name NOT NULL,
  what            text NOT NULL CHECK (what IN ('taps', 'day_results')),
  tap_partition   text,                  -- taps: the month's partition dropped
  agency_id       bigint REFERENCES attend.agency,   -- day results: whose
  agencies        text NOT NULL,         -- the agencies whose rows went (codes)
  before          date NOT NULL,         -- rows before this day went
  rows_removed    bigint NOT NULL,
  archive_file    text NOT NULL,
  archive_sha256  text NOT NULL CHECK (archive_sha256 ~ '^[0-9a-f]{64}$'),
  CHECK ((what = 'taps') = (tap_partition IS NOT NULL)),
  CHECK ((what = 'day_results') = (agency_id IS NOT NULL))
);

CREATE FUNCTION attend.set_retention(p_agency text, p_tap_years int, p_day_years int)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  a bigint;
  scope bigint[] := attend.hr_scope(session_user);
BEGIN
  SELECT id INTO a FROM attend.agency WHERE code = p_agency;
  IF a IS NULL OR (scope IS NOT NULL AND NOT a = ANY (scope)) THEN
    RAISE EXCEPTION 'agency ''%'' does not exist or is not visible to the database role ''%''',
      p_agency, session_user USING ERRCODE = 'no_data_found';
  END IF;
  INSERT INTO attend.retention_setting (agency_id, tap_years, day_years, set_by)
  VALUES (a, p_tap_years, p_day_years, session_user);
END $$;

-- Months of taps that some agency's retention has passed, each with what it holds and who
-- still keeps it (held_by NULL: it may be dropped).  Only months wholly before the latest
-- cutoff are looked at (a newer one is kept by everyone), and only months with taps (an empty
-- one holds no one's data).  Taps of an unknown site (agency NULL) are kept until every
-- agency's retention has passed them.
CREATE TYPE attend.retention_tap_month AS (tap_partition text, lo timestamptz, hi timestamptz,
                                           taps bigint, agencies text, held_by text);
CREATE FUNCTION attend.retention_tap_plan() RETURNS SETOF attend.retention_tap_month
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  latest timestamptz := (SELECT max(tap_before) FROM attend.retention);
  earliest timestamptz := (SELECT CASE WHEN bool_and(tap_before IS NOT NULL) THEN min(tap_before) END
                           FROM attend.retention);
  p record;
  hi timestamptz;
BEGIN
  IF latest IS NULL THEN
    RETURN;
  END IF;
  FOR p IN SELECT c.relname,
                  to_date(substr(c.relname, 5), 'YYYY_MM')::timestamp AT TIME ZONE 'UTC' AS lo
           FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'attend.tap'::regclass AND c.relname ~ '^tap_[0-9]{4}_[0-9]{2}$'
           ORDER BY 2 LOOP
    hi := p.lo + interval '1 month';
    EXIT WHEN hi > latest;
    RETURN QUERY EXECUTE format(
      'SELECT %L::text, %L::timestamptz, %L::timestamptz, sum(n)::bigint,
              string_agg(coalesce(code, ''(unknown site)''), '','' ORDER BY code),
              string_agg(CASE WHEN agency_id IS NULL AND ($1 IS NULL OR %L::timestamptz > $1)
                                THEN ''taps of unknown sites''
                              WHEN agency_id IS NOT NULL AND (tap_before IS NULL OR %L::timestamptz > tap_before)
                                THEN code END, '','' ORDER BY code)
       FROM (SELECT t.agency_id, count(*) AS n FROM attend.%I t GROUP BY t.agency_id) g
       LEFT JOIN attend.retention r USING (agency_id)
       HAVING sum(n) > 0', p.relname, p.lo, hi, hi, hi, p.relname) USING earliest;
  END LOOP;
END $$;

-- The partition named, if it may be dropped now by this login; raises otherwise.
CREATE FUNCTION attend.retention_check_taps(p_partition text) RETURNS attend.retention_tap_month
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p record;
  scope bigint[] := attend.hr_scope(session_user);
BEGIN
  SELECT * INTO p FROM attend.retention_tap_plan() t WHERE t.tap_partition = p_partition;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'tap partition ''%'' is not past the retention of the agencies whose taps it holds (or holds none): refused', p_partition
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p.held_by IS NOT NULL THEN
    RAISE EXCEPTION 'tap partition ''%'' is still kept by %: refused', p_partition, p.held_by
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF scope IS NOT NULL AND EXISTS (
       SELECT FROM attend.agency a WHERE a.code = ANY (string_to_array(p.agencies, ','))
         AND NOT a.id = ANY (scope)) OR (scope IS NOT NULL AND '(unknown site)' = ANY (string_to_array(p.agencies, ','))) THEN
    RAISE EXCEPTION 'tap partition ''%'' holds taps of agencies outside those of the database role ''%'': refused', p_partition, session_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN p;
END $$;

-- Step 1 of dropping a month, in the caller's transaction: no tap may arrive in it until the
-- transaction ends (SHARE lock), so the archive made next holds every row.  Returns the count.
CREATE FUNCTION attend.retention_lock_taps(p_partition text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE n bigint;
BEGIN
  PERFORM attend.retention_check_taps(p_partition);
  EXECUTE format('LOCK TABLE attend.%I IN SHARE MODE', p_partition);
  EXECUTE format('SELECT count(*) FROM attend.%I', p_partition) INTO n;
  RETURN n;
END $$;

-- Step 2: the archive (p_rows rows, written and checked by the caller) matches the partition:
-- drop it and write the audit row.  Returns the rows removed.
CREATE FUNCTION attend.retention_drop_taps(p_partition text, p_rows bigint, p_file text, p_sha256 text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p attend.retention_tap_month;
  n bigint;
BEGIN
  p := attend.retention_check_taps(p_partition);
  EXECUTE format('LOCK TABLE attend.%I IN ACCESS EXCLUSIVE MODE', p_partition);
  EXECUTE format('SELECT count(*) FROM attend.%I', p_partition) INTO n;
  IF n <> p_rows THEN
    RAISE EXCEPTION 'tap partition ''%'' holds % taps but the archive % has %: nothing dropped', p_partition, n, p_file, p_rows
      USING ERRCODE = 'data_exception';
  END IF;
  EXECUTE format('DROP TABLE attend.%I', p_partition);
  INSERT INTO attend.retention_run (done_by, what, tap_partition, agencies, before, rows_removed,
                                    archive_file, archive_sha256)
  VALUES (session_user, 'taps', p_partition, p.agencies, (p.hi AT TIME ZONE 'UTC')::date, n, p_file, p_sha256);
  RETURN n;
END $$;

-- Day results past each agency's own retention, for the agencies this login may act on.
CREATE FUNCTION attend.retention_day_plan()
RETURNS TABLE (agency_id bigint, code text, before date, day_results bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT r.agency_id, r.code, r.day_before,
         (SELECT count(*) FROM attend.day_result d WHERE d.agency_id = r.agency_id AND d.work_date < r.day_before)
  FROM attend.retention r, (SELECT attend.hr_scope(session_user) AS s) scope
  WHERE r.day_before IS NOT NULL AND (scope.s IS NULL OR r.agency_id = ANY (scope.s))
  ORDER BY r.code
$$;

-- Step 1 for day results: the rows are locked (the evaluator waits) and counted.
CREATE FUNCTION attend.retention_lock_days(p_agency bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  b date := (SELECT p.before FROM attend.retention_day_plan() p WHERE p.agency_id = p_agency);
  n bigint;
BEGIN
  IF b IS NULL THEN
    RAISE EXCEPTION 'agency % keeps its day results (no retention set, or not visible to the database role ''%''): refused', p_agency, session_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM FROM attend.day_result d WHERE d.agency_id = p_agency AND d.work_date < b FOR UPDATE;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- Step 2: delete them (and their exception rows, which the archived results carry in their
-- `exceptions` column) if the archive has as many, and audit.
CREATE FUNCTION attend.retention_delete_days(p_agency bigint, p_before date, p_rows bigint,
                                             p_file text, p_sha256 text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p record;
  n bigint;
BEGIN
  SELECT * INTO p FROM attend.retention_day_plan() x WHERE x.agency_id = p_agency;
  IF NOT FOUND OR p.before IS DISTINCT FROM p_before THEN
    RAISE EXCEPTION 'day results of agency % before % are not past its retention: refused', p_agency, p_before
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  DELETE FROM attend.day_exception e WHERE e.agency_id = p_agency AND e.work_date < p_before;
  DELETE FROM attend.day_result d WHERE d.agency_id = p_agency AND d.work_date < p_before;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n <> p_rows THEN
    RAISE EXCEPTION 'agency % has % day results before % but the archive % has %: nothing deleted', p.code, n, p_before, p_file, p_rows
      USING ERRCODE = 'data_exception';
  END IF;
  INSERT INTO attend.retention_run (done_by, what, agency_id, agencies, before, rows_removed,
                                    archive_file, archive_sha256)
  VALUES (session_user, 'day_results', p_agency, p.code, p_before, n, p_file, p_sha256);
  RETURN n;
END $$;

REVOKE ALL ON attend.retention_setting, attend.retention, attend.retention_run FROM PUBLIC;
GRANT SELECT ON attend.retention_setting, attend.retention, attend.retention_run TO attend_admin;
GRANT SELECT ON attend.retention TO attend_hr;
DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['attend.set_retention(text, int, int)', 'attend.retention_tap_plan()',
      'attend.retention_check_taps(text)', 'attend.retention_lock_taps(text)',
      'attend.retention_drop_taps(text, bigint, text, text)', 'attend.retention_day_plan()',
      'attend.retention_lock_days(bigint)', 'attend.retention_delete_days(bigint, date, bigint, text, text)'] LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO attend_admin', f);
  END LOOP;
END $$;
