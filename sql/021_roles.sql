-- 021: roles that match the people (docs/roles.md is the matrix of who may do what).
--   attend_admin      the administrator: every agency, unless mapped to some (then those only)
--   attend_hr         an HR officer (tổ chức / văn phòng): the agencies mapped to the role
--   attend_unit_head  a unit head: the units mapped to the role and everything under them
--   attend_staff      a staff member: their own record (the login is mapped to one person)
--   attend_summary    the nightly summary's service login: reads day results, writes summaries
--   (attend_recorder and attend_evaluator, the other services, are 001's and 003's)
-- Person roles are kept to their scope by row-level security: 010's agency policy (now also
-- for unit heads and staff) and, here, a restrictive person policy on every table of people's
-- rows.  Services are not restricted; they can do only what their grants say.

DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['attend_unit_head', 'attend_staff', 'attend_summary'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END $$;
GRANT USAGE ON SCHEMA attend TO attend_unit_head, attend_staff, attend_summary;

-- A unit head's units (with their sub-units), and a staff login's person.
CREATE TABLE attend.unit_access (
  role_name   name NOT NULL,
  unit_id     bigint NOT NULL REFERENCES attend.org_unit ON DELETE CASCADE,
  granted_by  text NOT NULL DEFAULT current_user,
  granted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (role_name, unit_id)
);
CREATE TABLE attend.person_login (
  role_name   name PRIMARY KEY,
  person_id   bigint NOT NULL UNIQUE REFERENCES attend.person ON DELETE CASCADE,
  granted_by  text NOT NULL DEFAULT current_user,
  granted_at  timestamptz NOT NULL DEFAULT now()
);

-- The agencies `who` may see; NULL = not restricted (services, an unmapped administrator).
CREATE OR REPLACE FUNCTION attend.hr_scope(who name) RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  WITH mine AS (
    SELECT a.agency_id FROM attend.hr_access a JOIN pg_catalog.pg_roles r ON r.rolname = a.role_name
    WHERE pg_has_role(who, r.oid, 'MEMBER')
    UNION
    SELECT u.agency_id FROM attend.unit_access x JOIN pg_catalog.pg_roles r ON r.rolname = x.role_name
      JOIN attend.org_unit u ON u.id = x.unit_id WHERE pg_has_role(who, r.oid, 'MEMBER')
    UNION
    SELECT p.agency_id FROM attend.person_login l JOIN attend.person p ON p.id = l.person_id
    WHERE l.role_name = who)
  SELECT CASE
    WHEN NOT (pg_has_role(who, 'attend_hr', 'MEMBER') OR pg_has_role(who, 'attend_unit_head', 'MEMBER')
              OR pg_has_role(who, 'attend_staff', 'MEMBER') OR pg_has_role(who, 'attend_admin', 'MEMBER'))
      THEN NULL
    WHEN pg_has_role(who, 'attend_admin', 'MEMBER') AND NOT EXISTS (SELECT FROM mine) THEN NULL
    ELSE coalesce((SELECT array_agg(agency_id) FROM mine), '{}')
  END
$$;

-- The people `who` may see; NULL = every person of its agencies (HR, administrators, services).
-- A unit head: the people of its units and their sub-units; a staff member: itself.
CREATE FUNCTION attend.person_scope(who name) RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE
    WHEN pg_has_role(who, 'attend_hr', 'MEMBER') OR pg_has_role(who, 'attend_admin', 'MEMBER')
      OR NOT (pg_has_role(who, 'attend_unit_head', 'MEMBER') OR pg_has_role(who, 'attend_staff', 'MEMBER'))
      THEN NULL
    ELSE coalesce((
      WITH RECURSIVE units AS (
        SELECT x.unit_id AS id FROM attend.unit_access x JOIN pg_catalog.pg_roles r ON r.rolname = x.role_name
        WHERE pg_has_role(who, r.oid, 'MEMBER') AND pg_has_role(who, 'attend_unit_head', 'MEMBER')
        UNION
        SELECT u.id FROM attend.org_unit u JOIN units ON u.parent_id = units.id)
      SELECT array_agg(id) FROM (
        SELECT p.id FROM attend.person p WHERE p.unit_id IN (SELECT id FROM units)
        UNION
        SELECT l.person_id FROM attend.person_login l WHERE l.role_name = who) x), '{}')
  END
$$;
GRANT EXECUTE ON FUNCTION attend.person_scope(name) TO PUBLIC;

-- Puts a table of people's rows under the person scope (a restrictive policy: it narrows what
-- the agency policy lets through).  nullable: rows whose person column is NULL (an agency-wide
-- schedule assignment, a collective award) stay visible to the agency.
CREATE FUNCTION attend.person_protect(t regclass, col name DEFAULT 'person_id', nullable boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
  EXECUTE format('DROP POLICY IF EXISTS person_scope ON %s', t);
  EXECUTE format('CREATE POLICY person_scope ON %s AS RESTRICTIVE USING (%s(SELECT attend.person_scope(current_user)) IS NULL'
                 ' OR %I = ANY ((SELECT attend.person_scope(current_user))::bigint[]))', t,
                 CASE WHEN nullable THEN format('%I IS NULL OR ', col) ELSE '' END, col);
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['badge', 'request', 'correction', 'day_dirty', 'day_result', 'day_exception',
      'day_adjustment', 'score_entry', 'badge_not_worn', 'discipline_decision', 'reminder',
      'discipline_summary', 'discipline_deduction', 'scorecard', 'score_alert'] LOOP
    PERFORM attend.person_protect(('attend.' || t)::regclass);
  END LOOP;
  PERFORM attend.person_protect('attend.person'::regclass, 'id');
  PERFORM attend.person_protect('attend.schedule_assignment'::regclass, 'person_id', true);
  PERFORM attend.person_protect('attend.award_candidate'::regclass, 'person_id', true);
END $$;
-- A tap is a person's through a badge: the UIDs of the badges of the people in scope (any
-- time; a badge passed on is one the new holder's head sees the old taps of, which HR can
-- explain).  A function rather than a sub-select on attend.badge, because a policy's tables
-- are checked for every role the policy is for — the recorder, which may not read badges, too.
CREATE FUNCTION attend.uid_scope(who name) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE WHEN s IS NULL THEN NULL
              ELSE coalesce((SELECT array_agg(DISTINCT b.uid) FROM attend.badge b WHERE b.person_id = ANY (s)), '{}') END
  FROM (SELECT attend.person_scope(who) AS s) x
$$;
GRANT EXECUTE ON FUNCTION attend.uid_scope(name) TO PUBLIC;
CREATE POLICY person_scope ON attend.tap AS RESTRICTIVE
  USING ((SELECT attend.uid_scope(current_user)) IS NULL OR uid = ANY ((SELECT attend.uid_scope(current_user))::text[]));

-- The mappings: each role sees its own, administrators all (as 010 does for hr_access).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['unit_access', 'person_login'] LOOP
    EXECUTE format('ALTER TABLE attend.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY own_rows ON attend.%I USING ((SELECT attend.hr_scope(current_user)) IS NULL'
                   ' OR EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = role_name'
                   ' AND pg_has_role(current_user, r.oid, ''MEMBER'')))', t);
  END LOOP;
END $$;
REVOKE ALL ON attend.unit_access, attend.person_login FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON attend.unit_access TO attend_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON attend.person_login TO attend_admin;
GRANT SELECT ON attend.unit_access, attend.person_login TO attend_hr, attend_unit_head, attend_staff;

-- What each person role reads: what HR reads (001, 014 granted HR every table), less what is
-- the administrators' alone.
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'attend' AND c.relkind IN ('r', 'v', 'p')
             AND has_table_privilege('attend_hr', c.oid, 'SELECT')
             AND c.relname NOT IN ('hr_access', 'rejected_payload', 'schema_migration') LOOP
    EXECUTE format('GRANT SELECT ON attend.%I TO attend_unit_head, attend_staff', t.relname);
  END LOOP;
END $$;
-- Administrators read everything, the tables made after 001 included.
GRANT SELECT ON ALL TABLES IN SCHEMA attend TO attend_admin;

-- HR enrols, reassigns and closes badges (attendctl badges) of its agencies, and keeps the
-- rosters (attendctl roster import: single-day person assignments).
GRANT INSERT, UPDATE ON attend.badge TO attend_hr;
GRANT INSERT ON attend.schedule_assignment TO attend_hr;
-- attendctl days evaluate by a person: the days are queued (in its scope) and the evaluator
-- service evaluates them; nobody but the evaluator writes day results.
GRANT SELECT ON attend.day_dirty TO attend_hr, attend_unit_head;
CREATE OR REPLACE FUNCTION attend.mark_all_days(p_agency bigint, p_person bigint, p_from date, p_to date)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  n bigint;
  scope bigint[] := attend.hr_scope(session_user);
BEGIN
  IF scope IS NOT NULL AND (p_agency IS NULL OR NOT p_agency = ANY (scope)) THEN
    RAISE EXCEPTION 'permission denied: % may evaluate days of its own agencies only', session_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
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
REVOKE EXECUTE ON FUNCTION attend.mark_all_days(bigint, bigint, date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attend.mark_all_days(bigint, bigint, date, date) TO attend_admin, attend_hr, attend_evaluator;

-- Unit heads decide their people's requests and corrections and enter the people-assessed
-- criteria; staff ask (a request or a correction of their own, never decided by themselves).
GRANT UPDATE (status, decided_by, decided_at) ON attend.request, attend.correction TO attend_unit_head;
GRANT INSERT ON attend.score_entry, attend.badge_not_worn TO attend_unit_head;
GRANT INSERT ON attend.request, attend.correction TO attend_staff;
CREATE POLICY asked_not_decided ON attend.request AS RESTRICTIVE FOR INSERT TO attend_staff
  WITH CHECK (status = 'requested');
CREATE POLICY asked_not_decided ON attend.correction AS RESTRICTIVE FOR INSERT TO attend_staff
  WITH CHECK (status = 'requested');

-- The nightly summary (attendctl summary run as its own login, attend-summary.service): it
-- reads day results and the scores' inputs, and writes the month's summary, scorecards,
-- awards and alerts.  Not restricted to an agency: it runs for every agency (--all).
GRANT SELECT ON ALL TABLES IN SCHEMA attend TO attend_summary;
REVOKE SELECT ON attend.rejected_payload, attend.hr_access, attend.unit_access, attend.person_login
  FROM attend_summary;
GRANT SELECT, INSERT, UPDATE, DELETE ON attend.summary_state, attend.discipline_summary,
  attend.discipline_deduction, attend.scorecard, attend.collective_score, attend.award_candidate,
  attend.score_alert TO attend_summary;
GRANT INSERT ON attend.summary_run TO attend_summary;
