-- 035: attend.leave_balance() cheap for one person (a person's month, /me, spent most of its
-- time there: tests/bench/bench_web.sh, 53/73 ms p50/p95 at 50,000 people).  Its rows are
-- few and found by index (a person's day results by the key, their requests by person), but
-- as security invoker every table it touched in every statement carried the row-level
-- security policies, each computing attend.hr_scope() and attend.person_scope() again (four
-- sub-plans per table; a dozen tables), and attend.leave_first_year()'s min() over the
-- agency's day results was filtered by the policies row by row (a staff member's first row
-- is far into the agency's index).  Now the people are chosen once under the login's scope
-- (attend.person's policies, for session_user, as attend.log_data_access() does) and their
-- rows read as the owner: the figures are the same for everyone who could see the person
-- (the policies of day_result, request, leave_person ... are those of attend.person: the
-- same agency and person scopes), and the first tracked year is the agency's for every
-- login, as sql/027 documents it (a staff member's was the year of their own first row).
-- A login that may not read people (a service's) is refused as before.  One person's balance
-- is planned once per session (see below).
CREATE OR REPLACE FUNCTION attend.leave_balance(p_agency bigint, p_year int, p_as_of date,
                                     p_unit bigint DEFAULT NULL, p_person bigint DEFAULT NULL)
RETURNS TABLE (person_id bigint, person_code text, full_name text, unit_id bigint, unit_code text,
               unit_name text, leave_class text, service_start date, service_years int,
               class_days numeric, seniority_days numeric, months int, entitled numeric,
               carried_over numeric, lapsed numeric, taken numeric, booked numeric,
               pending numeric, remaining numeric)
-- jit off: the day-by-day series make the planner's estimates huge (10^9), and JIT then spent
-- 4 s compiling a query that runs in 100 ms (measured on 5 people over two years).
LANGUAGE plpgsql STABLE SECURITY DEFINER SET jit = off SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  s attend.leave_setting := attend.leave_setting_of(p_agency);
  y0 date;
  y1 date;
  first_year int;
  people bigint[];
  agencies bigint[] := attend.hr_scope(session_user);
  scope bigint[] := attend.person_scope(session_user);
  saved_mode text;
BEGIN
  -- What the login's grants allow, as when it read the tables itself (a service login may not).
  IF NOT (has_table_privilege(session_user, 'attend.person', 'SELECT')
          AND has_table_privilege(session_user, 'attend.day_result', 'SELECT')
          AND has_table_privilege(session_user, 'attend.request', 'SELECT')
          AND has_table_privilege(session_user, 'attend.leave_person', 'SELECT')) THEN
    RAISE EXCEPTION 'permission denied for table person'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_year IS NULL OR p_year NOT BETWEEN 2000 AND 2999 THEN
    RAISE EXCEPTION 'a leave balance needs a year (2000-2999): %', coalesce(p_year::text, 'NULL')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  y0 := make_date(p_year, 1, 1);
  y1 := make_date(p_year, 12, 31);
  -- The people the login sees: attend.person's two policies (agency scope, person scope) for
  -- session_user, once; their rows are then read as the owner, without a policy per table.
  people := ARRAY(SELECT x FROM unnest(attend.report_people(p_agency, y0, y1, p_unit, p_person)) x
                  WHERE (agencies IS NULL OR p_agency = ANY (agencies)) AND (scope IS NULL OR x = ANY (scope)));
  IF p_as_of IS NULL THEN
    RAISE EXCEPTION 'a leave balance needs the date it is as of'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  first_year := least(greatest(coalesce(attend.leave_first_year(p_agency), p_year), 2000), p_year);
  -- One person (a person's month, a request's check): the statement below is planned once per
  -- session (a generic plan) rather than at every call — planning the day-by-day series took
  -- most of the call's time.  A unit's or an agency's balances keep a plan for their people.
  IF p_person IS NOT NULL THEN
    saved_mode := current_setting('plan_cache_mode');
    PERFORM set_config('plan_cache_mode', 'force_generic_plan', true);
  END IF;
  RETURN QUERY
  WITH RECURSIVE pp AS (
    SELECT p.id, p.code, p.full_name, p.unit_id, p.hired_on, p.left_on,
           coalesce(lp.leave_class, s.default_class) AS cls,
           coalesce(lp.service_start, p.hired_on) AS start
    FROM attend.person p
    LEFT JOIN attend.leave_person lp ON lp.person_id = p.id
    WHERE p.id = ANY (people)
  ), years AS (
    SELECT pp.id, y::int AS year, make_date(y::int, 1, 1) AS ys, make_date(y::int, 12, 31) AS ye,
           to_date(y::int || '-' || s.carry_until, 'YYYY-MM-DD') AS deadline   -- of the days carried into y
    FROM pp, generate_series(greatest(first_year, coalesce(extract(year FROM pp.hired_on)::int, first_year)), p_year) y
  ), facts AS (
    SELECT yr.id, yr.year, yr.ys, yr.ye, yr.deadline, c.days AS class_days,
           CASE WHEN pp.start IS NULL OR pp.start > yr.ye THEN 0
                ELSE extract(year FROM age(yr.ye + 1, pp.start))::int END AS service_years,
           m.months
    FROM years yr JOIN pp ON pp.id = yr.id
    LEFT JOIN LATERAL (
      SELECT lc.days FROM attend.leave_class lc WHERE lc.code = pp.cls
        AND (lc.agency_id IS NULL OR lc.agency_id = p_agency)
      ORDER BY lc.agency_id NULLS LAST LIMIT 1) c ON true
    CROSS JOIN LATERAL (
      SELECT CASE WHEN coalesce(pp.hired_on, yr.ys) <= yr.ys AND coalesce(pp.left_on, yr.ye) >= yr.ye THEN 12
        ELSE (SELECT count(*)::int FROM generate_series(yr.ys, yr.ye, interval '1 month') mo(m0)
              CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE k IN ('working', 'swapped_working_day')) AS wd,
                       count(*) FILTER (WHERE k IN ('working', 'swapped_working_day')
                         AND coalesce(pp.hired_on, yr.ys) <= d AND coalesce(pp.left_on, yr.ye) >= d) AS ed
                FROM generate_series(mo.m0, mo.m0 + interval '1 month' - interval '1 day', interval '1 day') dd(d)
                CROSS JOIN LATERAL (SELECT attend.calendar_day_kind(p_agency, dd.d::date) AS k) kk) w
              WHERE w.ed > 0 AND w.ed * 2 >= w.wd) END AS months) m
  ), ent AS (
    SELECT f.*,
           (f.service_years / s.seniority_years) * s.seniority_days AS senior,
           CASE s.pro_rata_rounding
             WHEN 'whole' THEN round((coalesce(f.class_days, 0) + (f.service_years / s.seniority_years) * s.seniority_days) * f.months / 12.0)
             WHEN 'half' THEN round((coalesce(f.class_days, 0) + (f.service_years / s.seniority_years) * s.seniority_days) * f.months / 6.0) / 2
             ELSE round((coalesce(f.class_days, 0) + (f.service_years / s.seniority_years) * s.seniority_days) * f.months / 12.0, 2)
           END AS entitled
    FROM facts f
  ), taken AS (
    SELECT t.person_id, t.work_date, t.days
    FROM attend.leave_taken_days(p_agency, people, make_date(first_year, 1, 1), y1) t
  ), used AS (
    SELECT e.id, e.year, e.entitled, e.deadline,
           coalesce((SELECT sum(t.days) FROM taken t WHERE t.person_id = e.id
                     AND t.work_date BETWEEN e.ys AND e.ye), 0) AS used_year,
           coalesce((SELECT sum(t.days) FROM taken t WHERE t.person_id = e.id
                     AND t.work_date BETWEEN e.ys AND e.deadline), 0) AS used_by_deadline
    FROM ent e
  ), carry AS (
    -- the first year: HR's opening days; then each year: the unused days of the one before
    -- (days taken by the deadline come out of the carried days first).
    SELECT u.id, u.year, u.entitled, u.used_year, u.used_by_deadline,
           coalesce((SELECT o.days FROM attend.leave_opening o WHERE o.person_id = u.id AND o.year = u.year), 0)::numeric AS carried_in
    FROM used u
    WHERE u.year = (SELECT min(u2.year) FROM used u2 WHERE u2.id = u.id)
    UNION ALL
    SELECT u.id, u.year, u.entitled, u.used_year, u.used_by_deadline,
           CASE WHEN NOT s.carry_over THEN 0
                ELSE least(coalesce(s.carry_max_days, 366),
                           greatest(0, c.entitled - (c.used_year - least(c.carried_in, c.used_by_deadline))))
           END::numeric
    FROM carry c JOIN used u ON u.id = c.id AND u.year = c.year + 1
  )
  SELECT pp.id, pp.code, pp.full_name, u.id, u.code, u.name, pp.cls, pp.start, e.service_years,
         coalesce(e.class_days, 0), e.senior, e.months, e.entitled, c.carried_in,
         CASE WHEN p_as_of > e.deadline THEN c.carried_in - least(c.carried_in, c.used_by_deadline) ELSE 0 END,
         coalesce((SELECT sum(t.days) FROM taken t WHERE t.person_id = pp.id AND t.work_date BETWEEN y0 AND least(p_as_of, y1)), 0),
         coalesce((SELECT sum(t.days) FROM taken t WHERE t.person_id = pp.id AND t.work_date BETWEEN greatest(p_as_of + 1, y0) AND y1), 0),
         coalesce((SELECT sum(attend.leave_days(p_agency, q.person_id, greatest(q.date_from, y0), least(q.date_to, y1), q.part))
                   FROM attend.request q WHERE q.agency_id = p_agency AND q.person_id = pp.id AND q.symbol = 'P'
                     AND q.status = 'requested' AND q.date_to >= y0 AND q.date_from <= y1), 0),
         e.entitled + c.carried_in
           - CASE WHEN p_as_of > e.deadline THEN c.carried_in - least(c.carried_in, c.used_by_deadline) ELSE 0 END
           - c.used_year
  FROM pp
  JOIN attend.org_unit u ON u.id = pp.unit_id
  JOIN ent e ON e.id = pp.id AND e.year = p_year
  JOIN carry c ON c.id = pp.id AND c.year = p_year
  ORDER BY u.code, pp.code;
  IF saved_mode IS NOT NULL THEN
    PERFORM set_config('plan_cache_mode', saved_mode, true);
  END IF;
END $$;
