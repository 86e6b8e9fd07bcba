-- 023: the on-time rate, said once.  011 wrote its formula in the view punctuality_month and
-- in the function punctuality(), and attendctl's report (ctl/hr_report.c) wrote it again for
-- units and the total; now all of them call attend.on_time_rate().  The formula is 011's,
-- unchanged: of the days a person was due at work (working days - excused days), the share
-- fully on time, rounded to 4 places; NULL when no day was due.  (Known: a day half on leave,
-- '+/P', counts as a whole on-time day but takes half a day off the divisor, so a rate can
-- pass 1; that is another issue's to change, here and only here.)
-- A single SQL expression, IMMUTABLE, not STRICT: the planner inlines it, and int, bigint and
-- numeric arguments give the very numeric the formula gave when it was written out.
CREATE FUNCTION attend.on_time_rate(p_on_time_days numeric, p_working_days numeric, p_excused_days numeric)
RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT round(p_on_time_days / nullif(p_working_days - p_excused_days, 0), 4)
$$;

-- 011's view and function, with the rate from attend.on_time_rate(); the rest as it was.
CREATE OR REPLACE VIEW attend.punctuality_month WITH (security_invoker = true) AS
SELECT agency_id, unit_id, person_id, date_trunc('month', work_date)::date AS month,
       count(*) FILTER (WHERE working_day)::int AS working_days,
       count(*) FILTER (WHERE working_day AND present)::int AS days_present,
       sum(late_count)::int AS late_count, sum(late_minutes)::int AS late_minutes,
       sum(early_count)::int AS early_count, sum(early_minutes)::int AS early_minutes,
       sum(missing_taps)::int AS missing_taps, sum(unexcused_half_days)::int AS unexcused_half_days,
       sum(excused_days) AS excused_days, sum(unexcused_days) AS unexcused_days,
       count(*) FILTER (WHERE on_time)::int AS on_time_days,
       attend.on_time_rate(count(*) FILTER (WHERE on_time), count(*) FILTER (WHERE working_day),
                           sum(excused_days)) AS on_time_rate
FROM attend.punctuality_day
GROUP BY agency_id, unit_id, person_id, date_trunc('month', work_date);

CREATE OR REPLACE FUNCTION attend.punctuality(p_agency bigint, p_from date, p_to date,
                                   p_unit bigint DEFAULT NULL, p_person bigint DEFAULT NULL)
RETURNS TABLE (person_id bigint, person_code text, full_name text, unit_id bigint,
               unit_code text, unit_name text, working_days int, days_present int,
               late_count int, late_minutes int, early_count int, early_minutes int,
               missing_taps int, unexcused_half_days int, excused_days numeric,
               unexcused_days numeric, on_time_days int, on_time_rate numeric, excused jsonb)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  people bigint[] := attend.report_people(p_agency, p_from, p_to, p_unit, p_person);
BEGIN
  RETURN QUERY EXECUTE format($q$
  WITH days AS MATERIALIZED (
    SELECT d.person_id, d.working_day, d.present, d.late_count, d.late_minutes, d.early_count,
           d.early_minutes, d.missing_taps, d.unexcused_half_days, d.excused_days, d.unexcused_days,
           d.excused, d.on_time
    FROM attend.punctuality_day d
    WHERE d.agency_id = %1$s AND d.person_id = ANY (%2$L::bigint[]) AND d.work_date BETWEEN %3$L AND %4$L
  ), agg AS (
    SELECT d.person_id,
           count(*) FILTER (WHERE d.working_day)::int AS working_days,
           count(*) FILTER (WHERE d.working_day AND d.present)::int AS days_present,
           sum(d.late_count)::int AS late_count, sum(d.late_minutes)::int AS late_minutes,
           sum(d.early_count)::int AS early_count, sum(d.early_minutes)::int AS early_minutes,
           sum(d.missing_taps)::int AS missing_taps, sum(d.unexcused_half_days)::int AS unexcused_half_days,
           sum(d.excused_days) AS excused_days, sum(d.unexcused_days) AS unexcused_days,
           count(*) FILTER (WHERE d.on_time)::int AS on_time_days
    FROM days d GROUP BY d.person_id
  ), exc AS (
    SELECT a.person_id, jsonb_object_agg(a.symbol, a.days ORDER BY a.symbol) AS excused
    FROM (SELECT d.person_id, e.key AS symbol, sum(e.value::numeric) AS days
          FROM days d, jsonb_each_text(d.excused) e WHERE d.excused <> '{}'
          GROUP BY d.person_id, e.key) a
    GROUP BY a.person_id
  )
  SELECT p.id, p.code, p.full_name, u.id, u.code, u.name,
         coalesce(g.working_days, 0), coalesce(g.days_present, 0),
         coalesce(g.late_count, 0), coalesce(g.late_minutes, 0),
         coalesce(g.early_count, 0), coalesce(g.early_minutes, 0),
         coalesce(g.missing_taps, 0), coalesce(g.unexcused_half_days, 0),
         coalesce(g.excused_days, 0), coalesce(g.unexcused_days, 0), coalesce(g.on_time_days, 0),
         attend.on_time_rate(g.on_time_days, g.working_days, g.excused_days),
         coalesce(x.excused, '{}')
  FROM attend.person p
  JOIN attend.org_unit u ON u.id = p.unit_id
  LEFT JOIN agg g ON g.person_id = p.id
  LEFT JOIN exc x ON x.person_id = p.id
  WHERE p.id = ANY (%2$L::bigint[])
  ORDER BY u.code, p.code $q$, p_agency, people, p_from, p_to);
END $$;
