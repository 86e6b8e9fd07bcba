-- 029: who looked at whose data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15).  Every view of a
-- person's data by someone else — HR or a unit head opening a person's month, a report's rows
-- naming people — is written here (who, when, what), and the person can read the rows about
-- them.  Nobody writes the table directly: attend.log_data_access() does, as its owner, for
-- the login that called it (session_user: inside the function current_user is the owner), and
-- only for people that login may see, so no one can fill another person's log with views that
-- never happened.  Nobody may change or delete a row (no grant), administrators included.
CREATE TABLE attend.data_access_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id  bigint NOT NULL REFERENCES attend.agency,
  person_id  bigint NOT NULL REFERENCES attend.person ON DELETE CASCADE,
  viewer     name NOT NULL,
  viewed_at  timestamptz NOT NULL DEFAULT now(),
  what       text NOT NULL CHECK (what IN ('month', 'punctuality', 'punctuality_csv')),
  detail     text NOT NULL DEFAULT ''
);
CREATE INDEX data_access_log_person ON attend.data_access_log (person_id, viewed_at);

-- The person reads the rows about them (their login's person); an administrator reads all of
-- their agencies' (an inquiry); HR and unit heads read none, not even of the people they see.
ALTER TABLE attend.data_access_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_log ON attend.data_access_log FOR SELECT USING (
  person_id = (SELECT l.person_id FROM attend.person_login l WHERE l.role_name = current_user)
  OR (pg_has_role(current_user, 'attend_admin', 'MEMBER')
      AND ((SELECT attend.hr_scope(current_user)) IS NULL
           OR agency_id = ANY ((SELECT attend.hr_scope(current_user))::bigint[]))));
GRANT SELECT ON attend.data_access_log TO attend_hr, attend_unit_head, attend_staff, attend_admin;

-- Logs that session_user viewed `what` of each of p_people (detail: the month, the period).
-- A person the login may not see, and the login's own person, are left out.  Returns how many
-- rows were written.
CREATE FUNCTION attend.log_data_access(p_people bigint[], p_what text, p_detail text DEFAULT '')
RETURNS int LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  WITH scope AS (SELECT attend.hr_scope(session_user) AS agencies, attend.person_scope(session_user) AS people),
  seen AS (
    SELECT p.id, p.agency_id FROM attend.person p, scope s
    WHERE p.id = ANY (p_people)
      AND (s.agencies IS NULL OR p.agency_id = ANY (s.agencies))
      AND (s.people IS NULL OR p.id = ANY (s.people))
      AND p.id IS DISTINCT FROM (SELECT l.person_id FROM attend.person_login l WHERE l.role_name = session_user)),
  written AS (
    INSERT INTO attend.data_access_log (agency_id, person_id, viewer, what, detail)
    SELECT agency_id, id, session_user, p_what, coalesce(p_detail, '') FROM seen RETURNING 1)
  SELECT count(*)::int FROM written
$$;
REVOKE ALL ON FUNCTION attend.log_data_access(bigint[], text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attend.log_data_access(bigint[], text, text)
  TO attend_hr, attend_unit_head, attend_staff, attend_admin;

COMMENT ON TABLE attend.data_access_log IS
  'every view of a person''s data by someone else (Luật 91/2025/QH15): written only by '
  'attend.log_data_access(), read by the person and their agency''s administrators (sql/029)';
