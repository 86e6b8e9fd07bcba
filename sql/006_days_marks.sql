-- 013: keeping day results current.  Every change to an input of day evaluation puts the
-- (person, date) pairs it can change into attend.day_dirty and wakes the evaluator with
-- NOTIFY attend_day_dirty.  The dates a tap can change are those of rules_dates_affected():
-- [local date of (t - capture) - 2, local date of (t + capture) + 1].
--
-- Concurrency: the evaluator claims rows by deleting them (DELETE ... FOR UPDATE SKIP LOCKED)
-- in the transaction that writes the results.  An INSERT ... ON CONFLICT meeting a row that
-- transaction deleted waits for it to end, then inserts: a change that arrives while its day
-- is being evaluated queues the day again instead of being lost.  Marks are inserted in key
-- order so two marking transactions cannot deadlock.

-- The widest capture window of any rule set: marking a day too many costs one evaluation,
-- one too few a wrong result.
CREATE FUNCTION attend.day_capture() RETURNS interval
LANGUAGE sql STABLE AS $$
  SELECT make_interval(mins => coalesce(max(capture_min), 240)) FROM attend.rule_set
$$;

-- One person's dates [p_from, p_to], urgent (not bulk).  Far-future ends are cut at a year on.
CREATE FUNCTION attend.mark_person_days(p_agency bigint, p_person bigint, p_from date, p_to date)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
  SELECT p_agency, p_person, d::date
  FROM generate_series(p_from, least(p_to, current_date + 366), interval '1 day') d
  ORDER BY 3
  ON CONFLICT (agency_id, person_id, work_date) DO UPDATE SET bulk = false WHERE attend.day_dirty.bulk;
  SELECT pg_notify('attend_day_dirty', '');
$$;

-- Days of a scope that already have results, as bulk work: an agency (or every agency when
-- NULL), a unit and its sub-units, or one person.  Days with no result yet get one when they
-- are queued for another reason or seeded.
CREATE FUNCTION attend.mark_scope_days(p_agency bigint, p_unit bigint, p_person bigint,
                                       p_from date, p_to date)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF p_person IS NOT NULL THEN
    INSERT INTO attend.day_dirty (agency_id, person_id, work_date, bulk)
    SELECT r.agency_id, r.person_id, r.work_date, true FROM attend.day_result r
    WHERE r.person_id = p_person AND r.work_date BETWEEN p_from AND coalesce(p_to, 'infinity')
    ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING;
  ELSIF p_unit IS NOT NULL THEN
    INSERT INTO attend.day_dirty (agency_id, person_id, work_date, bulk)
    SELECT r.agency_id, r.person_id, r.work_date, true
    FROM attend.day_result r JOIN attend.person p ON p.id = r.person_id
    WHERE p.unit_id IN (WITH RECURSIVE sub AS (SELECT p_unit AS id UNION
                          SELECT u.id FROM attend.org_unit u JOIN sub ON u.parent_id = sub.id)
                        SELECT id FROM sub)
      AND r.work_date BETWEEN p_from AND coalesce(p_to, 'infinity')
    ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO attend.day_dirty (agency_id, person_id, work_date, bulk)
    SELECT r.agency_id, r.person_id, r.work_date, true FROM attend.day_result r
    WHERE (p_agency IS NULL OR r.agency_id = p_agency)
      AND r.work_date BETWEEN p_from AND coalesce(p_to, 'infinity')
    ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING;
  END IF;
  PERFORM pg_notify('attend_day_dirty', '');
END $$;

-- Taps: one statement-level trigger per INSERT (a recorder batch), resolving uid -> person
-- through the badge valid at the tap's time, and the date in the site's time zone.  SECURITY
-- DEFINER: the recorder may only insert taps; this marks days on its behalf.
CREATE FUNCTION attend.tap_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE cap interval := attend.day_capture();
BEGIN
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
  SELECT DISTINCT p.agency_id, p.id, d::date
  FROM new_taps t
  JOIN attend.badge b ON b.uid = t.uid AND t.tapped_at >= b.valid_from
                     AND (b.valid_to IS NULL OR t.tapped_at < b.valid_to)
  JOIN attend.person p ON p.id = b.person_id
  LEFT JOIN attend.site s ON s.id = t.site_id
  CROSS JOIN LATERAL (SELECT t.tapped_at AT TIME ZONE coalesce(s.tz, 'Asia/Ho_Chi_Minh') AS at) l
  CROSS JOIN LATERAL generate_series((l.at - cap)::date - 2, (l.at + cap)::date + 1, interval '1 day') d
  ORDER BY 1, 2, 3
  ON CONFLICT (agency_id, person_id, work_date) DO UPDATE SET bulk = false WHERE attend.day_dirty.bulk;
  IF FOUND THEN
    PERFORM pg_notify('attend_day_dirty', '');
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER tap_mark_days AFTER INSERT ON attend.tap
  REFERENCING NEW TABLE AS new_taps FOR EACH STATEMENT EXECUTE FUNCTION attend.tap_mark_days();

-- The days of the taps a badge row covers (a badge enrolled after its first taps).
CREATE FUNCTION attend.badge_mark_days_of(p_uid text, p_person bigint, p_from timestamptz, p_to timestamptz)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
  SELECT DISTINCT p.agency_id, p.id, d::date
  FROM attend.tap t
  JOIN attend.person p ON p.id = p_person
  LEFT JOIN attend.site s ON s.id = t.site_id
  CROSS JOIN LATERAL (SELECT t.tapped_at AT TIME ZONE coalesce(s.tz, 'Asia/Ho_Chi_Minh') AS at) l
  CROSS JOIN LATERAL generate_series((l.at - attend.day_capture())::date - 2,
                                     (l.at + attend.day_capture())::date + 1, interval '1 day') d
  WHERE t.uid = p_uid AND t.tapped_at >= p_from AND (p_to IS NULL OR t.tapped_at < p_to)
  ORDER BY 1, 2, 3
  ON CONFLICT (agency_id, person_id, work_date) DO UPDATE SET bulk = false WHERE attend.day_dirty.bulk;
  SELECT pg_notify('attend_day_dirty', '');
$$;

CREATE FUNCTION attend.badge_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM attend.badge_mark_days_of(OLD.uid, OLD.person_id, OLD.valid_from, OLD.valid_to);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM attend.badge_mark_days_of(NEW.uid, NEW.person_id, NEW.valid_from, NEW.valid_to);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER badge_mark_days AFTER INSERT OR UPDATE OR DELETE ON attend.badge
  FOR EACH ROW EXECUTE FUNCTION attend.badge_mark_days();

-- Requests: only approved ones count, so only a change to or from 'approved' matters.
CREATE FUNCTION attend.request_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'approved' THEN
    PERFORM attend.mark_person_days(OLD.agency_id, OLD.person_id, OLD.date_from, OLD.date_to);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'approved' THEN
    PERFORM attend.mark_person_days(NEW.agency_id, NEW.person_id, NEW.date_from, NEW.date_to);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER request_mark_days AFTER INSERT OR UPDATE OR DELETE ON attend.request
  FOR EACH ROW EXECUTE FUNCTION attend.request_mark_days();

-- Corrections act like a tap at their time: the same dates as rules_dates_affected().
CREATE FUNCTION attend.correction_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  cap interval := attend.day_capture();
  at timestamp;
BEGIN
  IF NEW.status = 'approved' OR (TG_OP = 'UPDATE' AND OLD.status = 'approved') THEN
    at := NEW.tapped_at AT TIME ZONE NEW.tz;
    PERFORM attend.mark_person_days(NEW.agency_id, NEW.person_id, (at - cap)::date - 2, (at + cap)::date + 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER correction_mark_days AFTER INSERT OR UPDATE ON attend.correction
  FOR EACH ROW EXECUTE FUNCTION attend.correction_mark_days();

-- A calendar row changes its date and the neighbours whose night shifts reach into it.
CREATE FUNCTION attend.calendar_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM attend.mark_scope_days(OLD.agency_id, NULL, NULL, OLD.day - 1, OLD.day + 1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM attend.mark_scope_days(NEW.agency_id, NULL, NULL, NEW.day - 1, NEW.day + 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER calendar_mark_days AFTER INSERT OR UPDATE OR DELETE ON attend.calendar_day
  FOR EACH ROW EXECUTE FUNCTION attend.calendar_mark_days();

CREATE FUNCTION attend.calendar_setting_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE r record;
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  PERFORM attend.mark_scope_days(r.agency_id, NULL, NULL, least(r.effective_from,
    CASE WHEN TG_OP = 'UPDATE' THEN OLD.effective_from ELSE r.effective_from END) - 1, NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER calendar_setting_mark_days AFTER INSERT OR UPDATE OR DELETE ON attend.calendar_setting
  FOR EACH ROW EXECUTE FUNCTION attend.calendar_setting_mark_days();

CREATE FUNCTION attend.assignment_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM attend.mark_scope_days(OLD.agency_id, OLD.unit_id, OLD.person_id, OLD.valid_from - 1, OLD.valid_to + 1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF NEW.person_id IS NOT NULL THEN   -- one person: queue the days themselves, results or not
      PERFORM attend.mark_person_days(NEW.agency_id, NEW.person_id, NEW.valid_from - 1,
                                      least(coalesce(NEW.valid_to + 1, current_date), current_date));
    END IF;
    PERFORM attend.mark_scope_days(NEW.agency_id, NEW.unit_id, NEW.person_id, NEW.valid_from - 1, NEW.valid_to + 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER assignment_mark_days AFTER INSERT OR UPDATE OR DELETE ON attend.schedule_assignment
  FOR EACH ROW EXECUTE FUNCTION attend.assignment_mark_days();

-- A profile or its sessions changed: the days evaluated with it (results name their profile).
CREATE FUNCTION attend.profile_mark_days_of(p_profile bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date, bulk)
  SELECT r.agency_id, r.person_id, r.work_date, true
  FROM attend.schedule_profile p JOIN attend.day_result r ON r.profile = p.name
   AND (p.agency_id IS NULL OR r.agency_id = p.agency_id)
  WHERE p.id = p_profile
  ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING;
  SELECT pg_notify('attend_day_dirty', '');
$$;

CREATE FUNCTION attend.profile_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_TABLE_NAME = 'schedule_session' THEN
    PERFORM attend.profile_mark_days_of(CASE WHEN TG_OP = 'DELETE' THEN OLD.profile_id ELSE NEW.profile_id END);
  ELSIF TG_OP <> 'INSERT' THEN
    PERFORM attend.profile_mark_days_of(OLD.id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER profile_mark_days AFTER UPDATE OR DELETE ON attend.schedule_profile
  FOR EACH ROW EXECUTE FUNCTION attend.profile_mark_days();
CREATE TRIGGER session_mark_days AFTER INSERT OR UPDATE OR DELETE ON attend.schedule_session
  FOR EACH ROW EXECUTE FUNCTION attend.profile_mark_days();

-- A new rule set version, or a changed range: the results of its dates and scope.
CREATE FUNCTION attend.rule_set_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.effective_to IS NOT DISTINCT FROM NEW.effective_to THEN
    RETURN NULL;   -- only the note changed
  END IF;
  PERFORM attend.mark_scope_days(NEW.agency_id, NULL, NULL,
    CASE WHEN TG_OP = 'UPDATE' THEN least(OLD.effective_to, NEW.effective_to) ELSE NEW.effective_from END,
    CASE WHEN TG_OP = 'UPDATE' THEN greatest(OLD.effective_to, NEW.effective_to) ELSE NEW.effective_to END);
  RETURN NULL;
END $$;
CREATE TRIGGER rule_set_mark_days AFTER INSERT OR UPDATE ON attend.rule_set
  FOR EACH ROW EXECUTE FUNCTION attend.rule_set_mark_days();

-- Unlocking a month: its pending adjustments become the results (the evaluator applies them).
CREATE FUNCTION attend.month_unlock_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
  SELECT a.agency_id, a.person_id, a.work_date FROM attend.day_adjustment a
  WHERE a.agency_id = OLD.agency_id AND a.status = 'pending'
    AND a.work_date >= OLD.month AND a.work_date < OLD.month + interval '1 month'
  ORDER BY 1, 2, 3
  ON CONFLICT (agency_id, person_id, work_date) DO UPDATE SET bulk = false WHERE attend.day_dirty.bulk;
  PERFORM pg_notify('attend_day_dirty', '');
  RETURN NULL;
END $$;
CREATE TRIGGER month_unlock_mark_days AFTER DELETE ON attend.month_lock
  FOR EACH ROW EXECUTE FUNCTION attend.month_unlock_mark_days();

-- Employment dates: the days between the old and the new date (a result appears or goes).
CREATE FUNCTION attend.person_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF OLD.hired_on IS DISTINCT FROM NEW.hired_on AND coalesce(OLD.hired_on, NEW.hired_on) IS NOT NULL THEN
    PERFORM attend.mark_person_days(NEW.agency_id, NEW.id,
      least(coalesce(OLD.hired_on, NEW.hired_on), coalesce(NEW.hired_on, OLD.hired_on)),
      least(greatest(coalesce(OLD.hired_on, NEW.hired_on), coalesce(NEW.hired_on, OLD.hired_on)), current_date));
  END IF;
  IF OLD.left_on IS DISTINCT FROM NEW.left_on AND coalesce(OLD.left_on, NEW.left_on) IS NOT NULL THEN
    PERFORM attend.mark_person_days(NEW.agency_id, NEW.id,
      least(coalesce(OLD.left_on, NEW.left_on), coalesce(NEW.left_on, OLD.left_on)),
      least(greatest(coalesce(OLD.left_on, NEW.left_on), coalesce(NEW.left_on, OLD.left_on)), current_date));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER person_mark_days AFTER UPDATE OF hired_on, left_on ON attend.person
  FOR EACH ROW EXECUTE FUNCTION attend.person_mark_days();

-- The evaluator's timer: today for everyone (so an absent person gets a result), and results
-- still pending whose sessions have settled.  Returns the number of days queued.
CREATE FUNCTION attend.day_seed(p_now timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  a record;
  today date;
  n bigint := 0;
  k bigint;
BEGIN
  FOR a IN SELECT g.id, g.tz, st.seeded_through FROM attend.agency g
           LEFT JOIN attend.day_seed_state st ON st.agency_id = g.id LOOP
    today := (p_now AT TIME ZONE a.tz)::date;
    CONTINUE WHEN a.seeded_through >= today;
    INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
    SELECT p.agency_id, p.id, d::date
    FROM attend.person p,
         generate_series(greatest(coalesce(a.seeded_through + 1, today), today - 62), today, interval '1 day') d
    WHERE p.agency_id = a.id AND (p.hired_on IS NULL OR p.hired_on <= d)
      AND (p.left_on IS NULL OR p.left_on >= d)
      AND NOT EXISTS (SELECT FROM attend.day_result r
                      WHERE r.agency_id = p.agency_id AND r.person_id = p.id AND r.work_date = d)
    ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS k = ROW_COUNT;
    n := n + k;
    INSERT INTO attend.day_seed_state VALUES (a.id, today)
      ON CONFLICT (agency_id) DO UPDATE SET seeded_through = EXCLUDED.seeded_through;
  END LOOP;
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
  SELECT r.agency_id, r.person_id, r.work_date FROM attend.day_result r
  WHERE r.recheck_at <= p_now ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS k = ROW_COUNT;
  RETURN n + k;
END $$;

-- `attendctl days evaluate`: every person of a scope over a date range, as bulk work.
CREATE FUNCTION attend.mark_all_days(p_agency bigint, p_person bigint, p_from date, p_to date)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date, bulk)
  SELECT p.agency_id, p.id, d::date, true
  FROM attend.person p, generate_series(p_from, p_to, interval '1 day') d
  WHERE (p_agency IS NULL OR p.agency_id = p_agency) AND (p_person IS NULL OR p.id = p_person)
    AND (p.hired_on IS NULL OR p.hired_on <= d) AND (p.left_on IS NULL OR p.left_on >= d)
  ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM pg_notify('attend_day_dirty', '');
  RETURN n;
END $$;
