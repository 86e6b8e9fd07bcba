-- 026: figures HR and leadership sign (issue 13), each defined once here:
--  1. the on-time rate never passes 100 %: a day half on leave counts the share of the day
--     that was due at work, in the numerator as in the divisor;
--  2. a late arrival (early leave) that made its session a missed half-day is that half-day,
--     not a late as well: the punctuality report counts it as the discipline summary does;
--  3. C01-HD columns 32-34 count only the month's standard working days (ngày công chuẩn):
--     a holiday on a weekly rest day is not paid again beside its compensatory day off;
--  4. the base of the cap on Hoàn thành xuất sắc is a setting of the score rule set version,
--     the decree's words by default.
-- docs/reports.md and docs/scores.md say each rule for people.

-- ---- 3. The days that count in "Quy ra công" ---------------------------------------------
-- A weekly rest day of an agency on a date: its calendar setting in force then, else Saturday
-- and Sunday (the column default of attend.calendar_setting and RULES_REST_SAT_SUN in C).
CREATE FUNCTION attend.weekly_rest_day(p_agency bigint, p_day date) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT extract(isodow FROM p_day)::int = ANY (coalesce(
    (SELECT s.weekly_rest FROM attend.calendar_setting s
     WHERE s.agency_id = p_agency AND s.effective_from <= p_day
     ORDER BY s.effective_from DESC LIMIT 1), '{6,7}'))
$$;

-- day_symbol_part gains standard_day: the day is one of the month's standard working days
-- (ngày công chuẩn), the only days C01-HD columns 32-34 count (Thông tư 107/2017/TT-BTC, form
-- C01-HD: the columns convert the days of work and of leave into paid days).  That is a day
-- the person was due at work (working_day: sessions, a Saturday worked in a swap, a roster),
-- or a public holiday or compensatory day off on a day that is not a weekly rest day.  A
-- holiday on a Sunday (Giỗ Tổ 26/4/2026) is not one: its compensatory day off (Nb, Monday
-- 27/4) is, so the holiday is paid once.  A swapped day off is not one: the Saturday worked
-- for it is.
CREATE OR REPLACE VIEW attend.day_symbol_part WITH (security_invoker = true) AS
SELECT r.agency_id, r.person_id, r.work_date, r.working_day, x.symbol,
       round(1.0 / x.n, 3) AS share,
       x.symbol = rs.sym_absent AS absent,
       coalesce(ts.pay_class, 'none') AS pay_class,
       CASE WHEN r.working_day THEN true
            WHEN r.day_kind IN ('holiday', 'compensatory_day_off')
              THEN NOT attend.weekly_rest_day(r.agency_id, r.work_date)
            ELSE false END AS standard_day
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

-- 011's timesheet, with columns 32-34 summed over standard days only.
CREATE OR REPLACE FUNCTION attend.timesheet(p_agency bigint, p_unit bigint, p_month date)
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
      AND sp.standard_day
  ) q ON true
  WHERE p.id = ANY (%4$L::bigint[])
  ORDER BY p.code $q$, p_agency, p_month, last, people);
END $$;

-- ---- 1 and 2. The punctuality facts of a day ----------------------------------------------
-- late_count/late_minutes, early_count/early_minutes: exceptions beyond grace, except those
--   of a session counted missed because of them (an unexcused_half_day of cause late or
--   early): that session is the missed half-day, counted in unexcused_half_days, its minutes
--   nowhere else.  The discipline summary charges the same session once, as the half-day
--   (rules/score_discipline.c; tests/integration/test_report_figures.sh ties the two).  A
--   session missed for a missing tap keeps its late: the summary charges the tap and the late.
-- on_time_days: the share of the day due at work (1 - excused_days) when the day is on time,
--   else 0.  '+/P' with an on-time afternoon is 0.5 on-time day of 0.5 due: so the on-time
--   days never exceed the days due (working days - excused days), the rate never passes 1,
--   and a perfect month with half a day of leave rates 1, like a perfect month.
-- The other columns as in 011.  The new column comes last (a view keeps its columns' order).
CREATE OR REPLACE VIEW attend.punctuality_day WITH (security_invoker = true) AS
SELECT r.agency_id, (SELECT p.unit_id FROM attend.person p WHERE p.id = r.person_id) AS unit_id,
       r.person_id, r.work_date, r.day_kind, r.symbol,
       r.working_day, r.present,
       e.late_count, e.late_minutes, e.early_count, e.early_minutes, e.missing_taps,
       e.unexcused_half_days,
       s.excused_days, s.unexcused_days, s.excused,
       r.working_day AND r.present AND e.late_count + e.early_count + e.missing_taps
         + e.unexcused_half_days = 0 AS on_time,
       CASE WHEN r.working_day AND r.present AND e.late_count + e.early_count + e.missing_taps
                 + e.unexcused_half_days = 0 THEN 1 - s.excused_days ELSE 0 END AS on_time_days
FROM attend.day_result r
JOIN attend.rule_set rs ON rs.id = r.rule_set_id
CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE kind = 'late' AND NOT in_missed)::int AS late_count,
         coalesce(sum(minutes) FILTER (WHERE kind = 'late' AND NOT in_missed), 0)::int AS late_minutes,
         count(*) FILTER (WHERE kind = 'early_leave' AND NOT in_missed)::int AS early_count,
         coalesce(sum(minutes) FILTER (WHERE kind = 'early_leave' AND NOT in_missed), 0)::int AS early_minutes,
         count(*) FILTER (WHERE kind IN ('missing_in', 'missing_out'))::int AS missing_taps,
         count(*) FILTER (WHERE kind = 'unexcused_half_day')::int AS unexcused_half_days
  FROM (SELECT x->>'kind' AS kind, (x->>'minutes')::int AS minutes,
               bool_or(x->>'kind' = 'unexcused_half_day' AND x->>'cause' IN ('late', 'early'))
                 OVER (PARTITION BY x->'session') AS in_missed
        FROM jsonb_array_elements(r.exceptions) x) ex
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

-- on_time_days becomes a sum of shares (numeric): the month view and the report function
-- change their column's type, so they are made again (with the grants 011 and 021 gave).
DROP VIEW attend.punctuality_month;
CREATE VIEW attend.punctuality_month WITH (security_invoker = true) AS
SELECT agency_id, unit_id, person_id, date_trunc('month', work_date)::date AS month,
       count(*) FILTER (WHERE working_day)::int AS working_days,
       count(*) FILTER (WHERE working_day AND present)::int AS days_present,
       sum(late_count)::int AS late_count, sum(late_minutes)::int AS late_minutes,
       sum(early_count)::int AS early_count, sum(early_minutes)::int AS early_minutes,
       sum(missing_taps)::int AS missing_taps, sum(unexcused_half_days)::int AS unexcused_half_days,
       sum(excused_days) AS excused_days, sum(unexcused_days) AS unexcused_days,
       sum(on_time_days) AS on_time_days,
       attend.on_time_rate(sum(on_time_days), count(*) FILTER (WHERE working_day),
                           sum(excused_days)) AS on_time_rate
FROM attend.punctuality_day
GROUP BY agency_id, unit_id, person_id, date_trunc('month', work_date);
GRANT SELECT ON attend.punctuality_month TO attend_hr, attend_admin, attend_unit_head, attend_staff,
  attend_summary;

DROP FUNCTION attend.punctuality(bigint, date, date, bigint, bigint);
CREATE FUNCTION attend.punctuality(p_agency bigint, p_from date, p_to date,
                                   p_unit bigint DEFAULT NULL, p_person bigint DEFAULT NULL)
RETURNS TABLE (person_id bigint, person_code text, full_name text, unit_id bigint,
               unit_code text, unit_name text, working_days int, days_present int,
               late_count int, late_minutes int, early_count int, early_minutes int,
               missing_taps int, unexcused_half_days int, excused_days numeric,
               unexcused_days numeric, on_time_days numeric, on_time_rate numeric, excused jsonb)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  people bigint[] := attend.report_people(p_agency, p_from, p_to, p_unit, p_person);
BEGIN
  RETURN QUERY EXECUTE format($q$
  WITH days AS MATERIALIZED (
    SELECT d.person_id, d.working_day, d.present, d.late_count, d.late_minutes, d.early_count,
           d.early_minutes, d.missing_taps, d.unexcused_half_days, d.excused_days, d.unexcused_days,
           d.excused, d.on_time_days
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
           sum(d.on_time_days) AS on_time_days
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

COMMENT ON FUNCTION attend.on_time_rate(numeric, numeric, numeric) IS
  'on_time_days / (working_days - excused_days), 4 places, NULL when no day was due; on_time_days '
  'are the on-time shares of attend.punctuality_day (a half day of leave: half a day), so the rate '
  'is at most 1 (sql/026)';

-- ---- 4. The base of the cap on Hoàn thành xuất sắc ----------------------------------------
-- NĐ 335/2025/NĐ-CP: Hoàn thành xuất sắc "không vượt quá 20% tổng số công chức được xếp loại
-- Hoàn thành tốt nhiệm vụ" in one agency and group.  'good': of those finally rated Hoàn
-- thành tốt (the decree's words; the cap is solved for the people it moves down, see
-- rules/score_card.c); 'good_or_above': of those rated Hoàn thành tốt or above (what every
-- version did until now).  Every existing version takes the decree's reading: the old base
-- was a misreading, not a choice made in a version; a month already stored keeps its bands
-- until it is run again (a locked month is held, as always).  A version is not edited: an
-- agency wanting the other base inserts a version with it.
ALTER TABLE attend.score_rule_set
  ADD COLUMN excellent_cap_base text NOT NULL DEFAULT 'good'
    CHECK (excellent_cap_base IN ('good', 'good_or_above'));
