-- 020: the business clock.  What "today" means to the database (the last day a change marks,
-- "today" and "this month" of attendctl) is attend.now(): now(), unless a test runs as if it
-- were another moment.  A test sets ATTEND_TEST_NOW; the programs hand it to their sessions as
-- the setting attend.now (lib/clock.h, lib/db_session.c).  A database honours it only
-- when its owner turned attend.clock_policy.test_clock on (the test fixtures do): anyone may SET
-- a custom setting in a session, so a production database refuses one out loud instead of
-- letting a user move "today".  Audit stamps (recorded_at, decided_at, ...) stay on now().

CREATE TABLE attend.clock_policy (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  test_clock boolean NOT NULL DEFAULT false
);
INSERT INTO attend.clock_policy DEFAULT VALUES;
GRANT SELECT ON attend.clock_policy TO PUBLIC;

CREATE FUNCTION attend.test_now(p_value text) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF NOT coalesce((SELECT test_clock FROM attend.clock_policy), false) THEN
    RAISE EXCEPTION 'attend.now is set to ''%'' but this database does not allow a test clock', p_value
      USING HINT = 'Unset ATTEND_TEST_NOW (and attend.now in PGOPTIONS): it is for test databases only.';
  END IF;
  RETURN p_value::timestamptz;
END $$;

-- A single SQL expression so that the planner inlines it: the unset case costs one
-- current_setting().
CREATE FUNCTION attend.now() RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN coalesce(current_setting('attend.now', true), '') = '' THEN pg_catalog.now()
              ELSE attend.test_now(current_setting('attend.now', true)) END
$$;
GRANT EXECUTE ON FUNCTION attend.now() TO PUBLIC;

-- 006's markers, with today from the business clock instead of current_date.
CREATE OR REPLACE FUNCTION attend.mark_person_days(p_agency bigint, p_person bigint, p_from date, p_to date)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
  SELECT p_agency, p_person, d::date
  FROM generate_series(p_from, least(p_to, attend.now()::date + 366), interval '1 day') d
  ORDER BY 3
  ON CONFLICT (agency_id, person_id, work_date) DO UPDATE SET bulk = false WHERE attend.day_dirty.bulk;
  SELECT pg_notify('attend_day_dirty', '');
$$;

CREATE OR REPLACE FUNCTION attend.assignment_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE today date := attend.now()::date;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM attend.mark_scope_days(OLD.agency_id, OLD.unit_id, OLD.person_id, OLD.valid_from - 1, OLD.valid_to + 1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF NEW.person_id IS NOT NULL THEN   -- one person: queue the days themselves, results or not
      PERFORM attend.mark_person_days(NEW.agency_id, NEW.person_id, NEW.valid_from - 1,
                                      least(coalesce(NEW.valid_to + 1, today), today));
    END IF;
    PERFORM attend.mark_scope_days(NEW.agency_id, NEW.unit_id, NEW.person_id, NEW.valid_from - 1, NEW.valid_to + 1);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION attend.person_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE today date := attend.now()::date;
BEGIN
  IF OLD.hired_on IS DISTINCT FROM NEW.hired_on AND coalesce(OLD.hired_on, NEW.hired_on) IS NOT NULL THEN
    PERFORM attend.mark_person_days(NEW.agency_id, NEW.id,
      least(coalesce(OLD.hired_on, NEW.hired_on), coalesce(NEW.hired_on, OLD.hired_on)),
      least(greatest(coalesce(OLD.hired_on, NEW.hired_on), coalesce(NEW.hired_on, OLD.hired_on)), today));
  END IF;
  IF OLD.left_on IS DISTINCT FROM NEW.left_on AND coalesce(OLD.left_on, NEW.left_on) IS NOT NULL THEN
    PERFORM attend.mark_person_days(NEW.agency_id, NEW.id,
      least(coalesce(OLD.left_on, NEW.left_on), coalesce(NEW.left_on, OLD.left_on)),
      least(greatest(coalesce(OLD.left_on, NEW.left_on), coalesce(NEW.left_on, OLD.left_on)), today));
  END IF;
  RETURN NULL;
END $$;
