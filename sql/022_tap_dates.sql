-- 022: the dates a tap can change, said once in SQL.  The engine says it in C
-- (rules_dates_affected(), rules/day.c): [local date of (t - capture) - 2, local date of
-- (t + capture) + 1], t in the site's zone.  006 and 008 had typed the formula out in each
-- trigger; now the tap, badge and correction triggers all call attend.tap_dates(), and
-- tests/integration/test_sql_c_agree.sh compares it with the C function on a table of cases.
--
-- LANGUAGE sql, IMMUTABLE, not STRICT, no SET and no SECURITY DEFINER: the planner inlines
-- it into the calling query (the tap trigger's statement is planned as a plain
-- generate_series, as before; the test checks that it is inlined).  Integers, not
-- generate_series over timestamps: that one resolves to timestamptz, is only STABLE and
-- would depend on the session's TimeZone.  p_capture: the rule set's capture window (the
-- triggers pass the widest, attend.day_capture()).
CREATE FUNCTION attend.tap_dates(p_at timestamptz, p_tz text, p_capture interval)
RETURNS SETOF date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT f.first + i
  FROM (SELECT ((p_at AT TIME ZONE p_tz) - p_capture)::date - 2 AS first,
               ((p_at AT TIME ZONE p_tz) + p_capture)::date + 1 AS last) f,
       generate_series(0, f.last - f.first) i
$$;

-- 006's tap trigger, the same statement with the dates from attend.tap_dates().
CREATE OR REPLACE FUNCTION attend.tap_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE cap interval := attend.day_capture();
BEGIN
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
  SELECT DISTINCT p.agency_id, p.id, d
  FROM new_taps t
  JOIN attend.badge b ON b.uid = t.uid AND t.tapped_at >= b.valid_from
                     AND (b.valid_to IS NULL OR t.tapped_at < b.valid_to)
  JOIN attend.person p ON p.id = b.person_id
  LEFT JOIN attend.site s ON s.id = t.site_id
  CROSS JOIN LATERAL attend.tap_dates(t.tapped_at, coalesce(s.tz, 'Asia/Ho_Chi_Minh'), cap) d
  ORDER BY 1, 2, 3
  ON CONFLICT (agency_id, person_id, work_date) DO UPDATE SET bulk = false WHERE attend.day_dirty.bulk;
  IF FOUND THEN
    PERFORM pg_notify('attend_day_dirty', '');
  END IF;
  RETURN NULL;
END $$;

-- 006's per-badge helper (no trigger calls it since 008; kept callable by its owner).
CREATE OR REPLACE FUNCTION attend.badge_mark_days_of(p_uid text, p_person bigint, p_from timestamptz, p_to timestamptz)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
  SELECT DISTINCT p.agency_id, p.id, d
  FROM attend.tap t
  JOIN attend.person p ON p.id = p_person
  LEFT JOIN attend.site s ON s.id = t.site_id
  CROSS JOIN LATERAL attend.tap_dates(t.tapped_at, coalesce(s.tz, 'Asia/Ho_Chi_Minh'), attend.day_capture()) d
  WHERE t.uid = p_uid AND t.tapped_at >= p_from AND (p_to IS NULL OR t.tapped_at < p_to)
  ORDER BY 1, 2, 3
  ON CONFLICT (agency_id, person_id, work_date) DO UPDATE SET bulk = false WHERE attend.day_dirty.bulk;
  SELECT pg_notify('attend_day_dirty', '');
$$;

-- 008's statement-level badge helper.
CREATE OR REPLACE FUNCTION attend.badge_rows_mark_days(p_uid text[], p_person bigint[], p_from timestamptz[],
                                                       p_to timestamptz[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE cap interval := attend.day_capture();
BEGIN
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
  SELECT DISTINCT p.agency_id, p.id, d
  FROM unnest(p_uid, p_person, p_from, p_to) AS b(uid, person_id, valid_from, valid_to)
  JOIN attend.tap t ON t.uid = b.uid AND t.tapped_at >= b.valid_from
                   AND (b.valid_to IS NULL OR t.tapped_at < b.valid_to)
  JOIN attend.person p ON p.id = b.person_id
  LEFT JOIN attend.site s ON s.id = t.site_id
  CROSS JOIN LATERAL attend.tap_dates(t.tapped_at, coalesce(s.tz, 'Asia/Ho_Chi_Minh'), cap) d
  ORDER BY 1, 2, 3
  ON CONFLICT (agency_id, person_id, work_date) DO UPDATE SET bulk = false WHERE attend.day_dirty.bulk;
  IF FOUND THEN
    PERFORM pg_notify('attend_day_dirty', '');
  END IF;
END $$;

-- 006's correction trigger: a correction acts like a tap at its time, in its zone.
CREATE OR REPLACE FUNCTION attend.correction_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_first date;
  v_last date;
BEGIN
  IF NEW.status = 'approved' OR (TG_OP = 'UPDATE' AND OLD.status = 'approved') THEN
    SELECT min(d), max(d) INTO v_first, v_last
    FROM attend.tap_dates(NEW.tapped_at, NEW.tz, attend.day_capture()) d;
    PERFORM attend.mark_person_days(NEW.agency_id, NEW.person_id, v_first, v_last);
  END IF;
  RETURN NULL;
END $$;
