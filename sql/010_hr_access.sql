-- 020: HR of one agency sees only that agency.  A database role (an HR officer's login, or a
-- group role of several) is mapped to the agencies it serves in attend.hr_access; row-level
-- security on every table HR reads keeps the rest out of sight.  attendctl connects with the
-- caller's own role, so the database, not the tool, decides what a person sees.
--
-- Who is restricted: members of attend_hr that are not members of attend_admin.  Everyone
-- else (admin, recorder, evaluator, other tools' roles) keeps the rows its grants allow, so
-- switching RLS on changes nothing for them.  Table owners and superusers bypass RLS anyway
-- (the marking triggers run SECURITY DEFINER as the owner).

CREATE TABLE attend.hr_access (
  role_name   name NOT NULL,                 -- a login or a group role
  agency_id   bigint NOT NULL REFERENCES attend.agency ON DELETE CASCADE,
  granted_by  text NOT NULL DEFAULT current_user,
  granted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (role_name, agency_id)
);

-- The agencies `who` may see; NULL = not restricted.  SECURITY DEFINER so that HR need not
-- read attend.hr_access itself; the role is passed in because inside the function
-- current_user is the owner.  A mapping naming a role that no longer exists is ignored.
CREATE FUNCTION attend.hr_scope(who name) RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE
    WHEN NOT pg_has_role(who, 'attend_hr', 'MEMBER') OR pg_has_role(who, 'attend_admin', 'MEMBER')
      THEN NULL
    ELSE coalesce((SELECT array_agg(a.agency_id) FROM attend.hr_access a
                   JOIN pg_catalog.pg_roles r ON r.rolname = a.role_name
                   WHERE pg_has_role(who, r.oid, 'MEMBER')), '{}')
  END
$$;

-- Puts a table with an agency_id column under the agency scope.  Later migrations (scores,
-- badges, ...) call it for their own tables: SELECT attend.hr_protect('attend.my_table');
-- shared: rows with agency_id NULL (shipped data) are visible to everyone.
CREATE FUNCTION attend.hr_protect(t regclass, shared boolean DEFAULT false) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
  EXECUTE format('DROP POLICY IF EXISTS agency_scope ON %s', t);
  -- Written out rather than through a helper function: a function whose argument is a
  -- sub-select used twice is not inlined, and would be called once per row.  Each sub-select
  -- is an InitPlan, computed once per statement.
  EXECUTE format('CREATE POLICY agency_scope ON %s USING (%s (SELECT attend.hr_scope(current_user)) IS NULL'
                 ' OR agency_id = ANY ((SELECT attend.hr_scope(current_user))::bigint[]))', t,
                 CASE WHEN shared THEN 'agency_id IS NULL OR' ELSE '' END);
END $$;

DO $$
DECLARE
  t text;
BEGIN
  -- Tables whose agency_id is set on every row.
  FOREACH t IN ARRAY ARRAY['org_unit', 'person', 'badge', 'site', 'request', 'correction',
      'month_lock', 'month_lock_event', 'schedule_assignment', 'calendar_setting', 'day_dirty',
      'day_result', 'day_exception', 'day_adjustment', 'day_seed_state', 'tap'] LOOP
    PERFORM attend.hr_protect(('attend.' || t)::regclass);
  END LOOP;
  -- Shipped rows (agency_id NULL) are everyone's; an agency's own rows only its own.
  FOREACH t IN ARRAY ARRAY['timesheet_symbol', 'rule_set', 'schedule_profile',
      'schedule_session', 'calendar_day'] LOOP
    PERFORM attend.hr_protect(('attend.' || t)::regclass, true);
  END LOOP;
END $$;

-- A role sees only its own mappings, should a later grant give HR SELECT on every table.
ALTER TABLE attend.hr_access ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON attend.hr_access
  USING ((SELECT attend.hr_scope(current_user)) IS NULL
         OR EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = role_name
                    AND pg_has_role(current_user, r.oid, 'MEMBER')));

ALTER TABLE attend.agency ENABLE ROW LEVEL SECURITY;
CREATE POLICY agency_scope ON attend.agency
  USING ((SELECT attend.hr_scope(current_user)) IS NULL OR id = ANY ((SELECT attend.hr_scope(current_user))::bigint[]));
-- Edges and readers belong to a site; a sub-select on attend.site applies its policy.
ALTER TABLE attend.edge ENABLE ROW LEVEL SECURITY;
CREATE POLICY agency_scope ON attend.edge
  USING ((SELECT attend.hr_scope(current_user)) IS NULL OR site_id IN (SELECT id FROM attend.site));
ALTER TABLE attend.reader ENABLE ROW LEVEL SECURITY;
CREATE POLICY agency_scope ON attend.reader
  USING ((SELECT attend.hr_scope(current_user)) IS NULL OR edge_id IN (SELECT id FROM attend.edge));

-- A view runs with its owner's rights unless told otherwise, which would bypass the policies.
ALTER VIEW attend.day_session SET (security_invoker = true);
ALTER VIEW attend.edge_clock SET (security_invoker = true);

-- Payloads that did not decode carry no agency: for administrators only.
REVOKE SELECT ON attend.rejected_payload FROM attend_hr;
REVOKE ALL ON attend.hr_access FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON attend.hr_access TO attend_admin;
GRANT EXECUTE ON FUNCTION attend.hr_scope(name) TO PUBLIC;

-- HR loads its own staff list and org tree (attendctl import); the policies above keep the
-- rows it writes inside its agencies (WITH CHECK defaults to USING).
GRANT INSERT, UPDATE ON attend.org_unit, attend.person TO attend_hr;
