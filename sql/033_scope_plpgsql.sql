-- 033: the row-level-security scope functions (010, 021) in PL/pgSQL, with the same answers.
-- Every policy calls them once per statement and table (an InitPlan each: a query on four
-- tables under RLS makes about fifteen calls).  As LANGUAGE sql functions with SET
-- search_path they cannot be inlined, so each call parsed and planned its query again; in
-- PL/pgSQL the plans are kept for the session, and a login that is none of the person roles
-- (a service: recorder, evaluator, summary) is answered before any query is run.  For the
-- evaluator this was about half of the CPU of its tap query (docs/schema-days.md).
-- The logic below is 021's, statement for statement.

-- The agencies `who` may see; NULL = not restricted (services, an unmapped administrator).
CREATE OR REPLACE FUNCTION attend.hr_scope(who name) RETURNS bigint[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  admin boolean := pg_has_role(who, 'attend_admin', 'MEMBER');
  mine bigint[];
BEGIN
  IF NOT (pg_has_role(who, 'attend_hr', 'MEMBER') OR pg_has_role(who, 'attend_unit_head', 'MEMBER')
          OR pg_has_role(who, 'attend_staff', 'MEMBER') OR admin) THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(m.agency_id) INTO mine FROM (
    SELECT a.agency_id FROM attend.hr_access a JOIN pg_catalog.pg_roles r ON r.rolname = a.role_name
    WHERE pg_has_role(who, r.oid, 'MEMBER')
    UNION
    SELECT u.agency_id FROM attend.unit_access x JOIN pg_catalog.pg_roles r ON r.rolname = x.role_name
      JOIN attend.org_unit u ON u.id = x.unit_id WHERE pg_has_role(who, r.oid, 'MEMBER')
    UNION
    SELECT p.agency_id FROM attend.person_login l JOIN attend.person p ON p.id = l.person_id
    WHERE l.role_name = who) m;
  IF admin AND mine IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN coalesce(mine, '{}');
END $$;

-- The people `who` may see; NULL = every person of its agencies (HR, administrators, services).
CREATE OR REPLACE FUNCTION attend.person_scope(who name) RETURNS bigint[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF pg_has_role(who, 'attend_hr', 'MEMBER') OR pg_has_role(who, 'attend_admin', 'MEMBER')
     OR NOT (pg_has_role(who, 'attend_unit_head', 'MEMBER') OR pg_has_role(who, 'attend_staff', 'MEMBER')) THEN
    RETURN NULL;
  END IF;
  RETURN coalesce((
    WITH RECURSIVE units AS (
      SELECT x.unit_id AS id FROM attend.unit_access x JOIN pg_catalog.pg_roles r ON r.rolname = x.role_name
      WHERE pg_has_role(who, r.oid, 'MEMBER') AND pg_has_role(who, 'attend_unit_head', 'MEMBER')
      UNION
      SELECT u.id FROM attend.org_unit u JOIN units ON u.parent_id = units.id)
    SELECT array_agg(id) FROM (
      SELECT p.id FROM attend.person p WHERE p.unit_id IN (SELECT id FROM units)
      UNION
      SELECT l.person_id FROM attend.person_login l WHERE l.role_name = who) x), '{}');
END $$;

-- The UIDs of the badges of the people in scope; NULL = not restricted.
CREATE OR REPLACE FUNCTION attend.uid_scope(who name) RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  s bigint[] := attend.person_scope(who);
BEGIN
  IF s IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN coalesce((SELECT array_agg(DISTINCT b.uid) FROM attend.badge b WHERE b.person_id = ANY (s)), '{}');
END $$;
