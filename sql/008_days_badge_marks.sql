-- 015: badges mark days once per statement, not once per row: an import of 50,000 badges
-- was one tap lookup (and one NOTIFY) per badge.  Same dates as 013's badge_mark_days_of().

DROP TRIGGER badge_mark_days ON attend.badge;
DROP FUNCTION attend.badge_mark_days();

CREATE FUNCTION attend.badge_rows_mark_days(p_uid text[], p_person bigint[], p_from timestamptz[],
                                            p_to timestamptz[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE cap interval := attend.day_capture();
BEGIN
  INSERT INTO attend.day_dirty (agency_id, person_id, work_date)
  SELECT DISTINCT p.agency_id, p.id, d::date
  FROM unnest(p_uid, p_person, p_from, p_to) AS b(uid, person_id, valid_from, valid_to)
  JOIN attend.tap t ON t.uid = b.uid AND t.tapped_at >= b.valid_from
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
END $$;
REVOKE EXECUTE ON FUNCTION attend.badge_rows_mark_days(text[], bigint[], timestamptz[], timestamptz[]) FROM PUBLIC;

-- Transition tables differ per event, so each event has a small function that hands its
-- rows on.
CREATE FUNCTION attend.badge_insert_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM attend.badge_rows_mark_days(array(SELECT uid FROM new_badges ORDER BY id),
    array(SELECT person_id FROM new_badges ORDER BY id), array(SELECT valid_from FROM new_badges ORDER BY id),
    array(SELECT valid_to FROM new_badges ORDER BY id));
  RETURN NULL;
END $$;
CREATE FUNCTION attend.badge_update_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM attend.badge_rows_mark_days(array(SELECT uid FROM old_badges ORDER BY id),
    array(SELECT person_id FROM old_badges ORDER BY id), array(SELECT valid_from FROM old_badges ORDER BY id),
    array(SELECT valid_to FROM old_badges ORDER BY id));
  PERFORM attend.badge_rows_mark_days(array(SELECT uid FROM new_badges ORDER BY id),
    array(SELECT person_id FROM new_badges ORDER BY id), array(SELECT valid_from FROM new_badges ORDER BY id),
    array(SELECT valid_to FROM new_badges ORDER BY id));
  RETURN NULL;
END $$;
CREATE FUNCTION attend.badge_delete_mark_days() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM attend.badge_rows_mark_days(array(SELECT uid FROM old_badges ORDER BY id),
    array(SELECT person_id FROM old_badges ORDER BY id), array(SELECT valid_from FROM old_badges ORDER BY id),
    array(SELECT valid_to FROM old_badges ORDER BY id));
  RETURN NULL;
END $$;

CREATE TRIGGER badge_insert_mark_days AFTER INSERT ON attend.badge
  REFERENCING NEW TABLE AS new_badges FOR EACH STATEMENT EXECUTE FUNCTION attend.badge_insert_mark_days();
CREATE TRIGGER badge_update_mark_days AFTER UPDATE ON attend.badge
  REFERENCING OLD TABLE AS old_badges NEW TABLE AS new_badges
  FOR EACH STATEMENT EXECUTE FUNCTION attend.badge_update_mark_days();
CREATE TRIGGER badge_delete_mark_days AFTER DELETE ON attend.badge
  REFERENCING OLD TABLE AS old_badges FOR EACH STATEMENT EXECUTE FUNCTION attend.badge_delete_mark_days();
