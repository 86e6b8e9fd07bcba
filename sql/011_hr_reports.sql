-- 021: report views over day results, for attendctl (report punctuality, timesheet, today)
-- and for psql or a BI tool.  Every view is security_invoker, so the row-level security of
-- 020 applies to whoever reads it.  docs/reports.md describes each column.
-- Days still pending (a session not over yet) are left out of period figures: nothing is
-- concluded about them.

-- The parts of a day's C01-HD cell: '+/P' is '+' for half a day and 'P' for half a day.  Each
-- part with its share of the day, whether it is the rule set's "absent" symbol, and the
-- "Quy ra công" column its symbol counts in (an agency's own row of a code wins).
CREATE VIEW attend.day_symbol_part WITH (security_invoker = true) AS
SELECT r.agency_id, r.person_id, r.work_date, r.working_day, x.symbol,
       round(1.0 / x.n, 3) AS share,
       x.symbol = rs.sym_absent AS absent,
       coalesce(ts.pay_class, 'none') AS pay_class
FROM attend.day_result r
JOIN attend.rule_set rs ON rs.id = r.rule_set_id
CROSS JOIN LATERAL (
  SELECT p.symbol, count(*) OVER () AS n
  FROM unnest(string_to_array(r.symbol, nullif(rs.half_day_separator, ''))) AS p(symbol)
) x
LEFT JOIN LATERAL (
  SELECT s.pay_class FROM attend.timesheet_symbol s
  WHERE s.code = x.symbol AND (s.agency_id IS NULL OR s.agency_id = r.agency_id)
  ORDER BY s.agency_id NULLS LAST LIMIT 1
) ts ON true
WHERE NOT r.pending AND r.symbol <> '';

-- One row per person and concluded day: the punctuality facts of the day.  unit_id is a
-- sub-select, computed only when asked for (a join to person would be planned even when the
-- report does not need it).
--   late_count/late_minutes, early_count/early_minutes: exceptions beyond grace;
--   missing_taps: missing IN and OUT exceptions; unexcused_half_days: sessions counted missed;
--   excused_days / unexcused_days: the day's share under a request symbol / the absent symbol;
--   excused: that share per request symbol, e.g. {"P": 0.5} for '+/P';
--   on_time: a working day with a tap and no late, early, missing or missed session.
CREATE VIEW attend.punctuality_day WITH (security_invoker = true) AS
SELECT r.agency_id, (SELECT p.unit_id FROM attend.person p WHERE p.id = r.person_id) AS unit_id,
       r.person_id, r.work_date, r.day_kind, r.symbol,
       r.working_day, r.present,
       e.late_count, e.late_minutes, e.early_count, e.early_minutes, e.missing_taps,
       e.unexcused_half_days,
       s.excused_days, s.unexcused_days, s.excused,
       r.working_day AND r.present AND e.late_count + e.early_count + e.missing_taps
         + e.unexcused_half_days = 0 AS on_time
FROM attend.day_result r
JOIN attend.rule_set rs ON rs.id = r.rule_set_id
CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE x->>'kind' = 'late')::int AS late_count,
         coalesce(sum((x->>'minutes')::int) FILTER (WHERE x->>'kind' = 'late'), 0)::int AS late_minutes,
         count(*) FILTER (WHERE x->>'kind' = 'early_leave')::int AS early_count,
         coalesce(sum((x->>'minutes')::int) FILTER (WHERE x->>'kind' = 'early_leave'), 0)::int AS early_minutes,
         count(*) FILTER (WHERE x->>'kind' IN ('missing_in', 'missing_out'))::int AS missing_taps,
         count(*) FILTER (WHERE x->>'kind' = 'unexcused_half_day')::int AS unexcused_half_days
  FROM jsonb_array_elements(r.exceptions) x
) e
CROSS JOIN LATERAL (
  SELECT round(coalesce(sum(1.0 / n) FILTER (WHERE r.working_day AND sym <> rs.sym_worked
                                               AND sym <> rs.sym_absent), 0), 3) AS excused_days,
         round(coalesce(sum(1.0 / n) FILTER (WHERE r.working_day AND sym = rs.sym_absent), 0), 3) AS unexcused_days,
         coalesce(jsonb_object_agg(sym, round(1.0 / n, 3)) FILTER (WHERE r.working_day AND sym <> rs.sym_worked
                                                                 AND sym <> rs.sym_absent), '{}') AS excused
  FROM (SELECT sym, count(*) OVER () AS n
        FROM unnest(string_to_array(r.symbol, nullif(rs.half_day_separator, ''))) AS u(sym)) parts
) s
WHERE NOT r.pending;

-- Excused absences by symbol, per person and day (working days only).
CREATE VIEW attend.absence_day WITH (security_invoker = true) AS
SELECT d.agency_id, p.unit_id, d.person_id, d.work_date, d.symbol, d.share AS days, NOT d.absent AS excused
FROM attend.day_symbol_part d
JOIN attend.person p ON p.id = d.person_id
JOIN attend.day_result r ON r.agency_id = d.agency_id AND r.person_id = d.person_id AND r.work_date = d.work_date
JOIN attend.rule_set rs ON rs.id = r.rule_set_id
WHERE d.working_day AND d.symbol <> rs.sym_worked;

-- Per person and month, for BI tools (attendctl computes any date range with
-- attend.punctuality() below, which gives the same figures for a whole month).
CREATE VIEW attend.punctuality_month WITH (security_invoker = true) AS
SELECT agency_id, unit_id, person_id, date_trunc('month', work_date)::date AS month,
       count(*) FILTER (WHERE working_day)::int AS working_days,
       count(*) FILTER (WHERE working_day AND present)::int AS days_present,
       sum(late_count)::int AS late_count, sum(late_minutes)::int AS late_minutes,
       sum(early_count)::int AS early_count, sum(early_minutes)::int AS early_minutes,
       sum(missing_taps)::int AS missing_taps, sum(unexcused_half_days)::int AS unexcused_half_days,
       sum(excused_days) AS excused_days, sum(unexcused_days) AS unexcused_days,
       count(*) FILTER (WHERE on_time)::int AS on_time_days,
       round(count(*) FILTER (WHERE on_time)
             / nullif(count(*) FILTER (WHERE working_day) - sum(excused_days), 0), 4) AS on_time_rate
FROM attend.punctuality_day
GROUP BY agency_id, unit_id, person_id, date_trunc('month', work_date);

-- A unit and every unit under it, as an array (computed once, not per row).
CREATE FUNCTION attend.unit_subtree(p_unit bigint) RETURNS bigint[]
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE t(id) AS (
    SELECT id FROM attend.org_unit WHERE id = p_unit
    UNION
    SELECT u.id FROM attend.org_unit u JOIN t ON u.parent_id = t.id
  ) SELECT coalesce(array_agg(id), '{}') FROM t
$$;

-- The people a report covers: the agency's, or a unit's and its sub-units', or one person,
-- employed at some time in [p_from, p_to].
CREATE FUNCTION attend.report_people(p_agency bigint, p_from date, p_to date,
                                     p_unit bigint DEFAULT NULL, p_person bigint DEFAULT NULL)
RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
DECLARE
  units bigint[];
  ids bigint[];
BEGIN
  IF p_person IS NOT NULL THEN
    SELECT array_agg(p.id) INTO ids FROM attend.person p WHERE p.id = p_person AND p.agency_id = p_agency;
  ELSIF p_unit IS NOT NULL THEN
    units := attend.unit_subtree(p_unit);
    SELECT array_agg(p.id ORDER BY p.id) INTO ids FROM attend.person p
    WHERE p.agency_id = p_agency AND p.unit_id = ANY (units)
      AND (p.hired_on IS NULL OR p.hired_on <= p_to) AND (p.left_on IS NULL OR p.left_on >= p_from);
  ELSE
    SELECT array_agg(p.id ORDER BY p.id) INTO ids FROM attend.person p
    WHERE p.agency_id = p_agency
      AND (p.hired_on IS NULL OR p.hired_on <= p_to) AND (p.left_on IS NULL OR p.left_on >= p_from);
  END IF;
  RETURN coalesce(ids, '{}');
END $$;

-- The punctuality report: one row per person of the agency (or of a unit and its sub-units,
-- or one person) over [p_from, p_to].  on_time_rate = on-time days / (working days - excused
-- days): of the days a person was due at work, the share fully on time.  excused: days per
-- request symbol, as a JSON object ({"P": 2, "Ô": 0.5}).
-- plpgsql so that the statement is planned with the real people (a unit of 200 walks the
-- primary key; a whole agency scans by date), not with a generic plan.
CREATE FUNCTION attend.punctuality(p_agency bigint, p_from date, p_to date,
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
         round(g.on_time_days / nullif(g.working_days - g.excused_days, 0), 4),
         coalesce(x.excused, '{}')
  FROM attend.person p
  JOIN attend.org_unit u ON u.id = p.unit_id
  LEFT JOIN agg g ON g.person_id = p.id
  LEFT JOIN exc x ON x.person_id = p.id
  WHERE p.id = ANY (%2$L::bigint[])
  ORDER BY u.code, p.code $q$, p_agency, people, p_from, p_to);
END $$;

-- The C01-HD timesheet of a unit (and its sub-units) for a month: one row per person employed
-- in the month, the 31 day cells (blank: no result, pending, or past the month's end) and the
-- "Quy ra công" columns 32 (time wage), 33 (unpaid), 34 (social insurance) in days.
CREATE FUNCTION attend.timesheet(p_agency bigint, p_unit bigint, p_month date)
RETURNS TABLE (person_id bigint, person_code text, full_name text, job_position text,
               cells text[], time_days numeric, unpaid_days numeric, social_insurance_days numeric)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  last date := (p_month + interval '1 month' - interval '1 day')::date;
  people bigint[] := attend.report_people(p_agency, p_month, last, p_unit, NULL);
BEGIN
  RETURN QUERY EXECUTE format($q$
  SELECT p.id, p.code, p.full_name, p.position,
         (SELECT array_agg(coalesce(CASE WHEN r.pending THEN '' ELSE r.symbol END, '') ORDER BY d)
          FROM generate_series(1, 31) d
          LEFT JOIN attend.day_result r ON r.agency_id = %1$s AND r.person_id = p.id
            AND r.work_date = %2$L::date + d - 1 AND r.work_date <= %3$L),
         coalesce(q.time_days, 0), coalesce(q.unpaid_days, 0), coalesce(q.si_days, 0)
  FROM attend.person p
  LEFT JOIN LATERAL (
    SELECT sum(share) FILTER (WHERE pay_class = 'time') AS time_days,
           sum(share) FILTER (WHERE pay_class = 'unpaid') AS unpaid_days,
           sum(share) FILTER (WHERE pay_class = 'social_insurance') AS si_days
    FROM attend.day_symbol_part sp
    WHERE sp.agency_id = %1$s AND sp.person_id = p.id AND sp.work_date BETWEEN %2$L AND %3$L
  ) q ON true
  WHERE p.id = ANY (%4$L::bigint[])
  ORDER BY p.code $q$, p_agency, p_month, last, people);
END $$;

GRANT SELECT ON attend.day_symbol_part, attend.punctuality_day, attend.absence_day,
  attend.punctuality_month TO attend_hr, attend_admin;
