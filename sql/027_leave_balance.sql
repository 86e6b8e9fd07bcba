-- Leave balances (phép năm): what a person is entitled to in a year, what they took, what is
-- left.  docs/reports.md "Leave balances" gives the rule with its articles and an example.
--   entitlement  Labour Code 2019 (45/2019/QH14) art. 113(1): 12 / 14 / 16 working days by the
--                kind of work (a leave class), plus art. 114: +1 day per full 5 years of
--                service; công chức and viên chức take the same articles (Luật Cán bộ, công
--                chức; Luật Viên chức art. 13).
--   pro rata     art. 113(2) and NĐ 145/2020/NĐ-CP art. 66: (class days + seniority days) / 12 x
--                months worked in the year, rounded by the agency's setting.
--   taken        approved P: the day results' P share (a half-day '+/P' is 1/2); days not yet
--                evaluated count by the request and the calendar.
--   carried over the agency's rule: allowed or not, at most N days, usable until a date of the
--                next year (commonly 31/3, the end of Q1); unused carried days then lapse.
-- A P request beyond the balance is warned about, or refused where the agency says so (the
-- trigger request_leave_guard, for attendctl and any other client alike).

-- The agency's rule.  The shipped row (agency_id NULL) holds the defaults; an agency's own row
-- replaces it whole (`attendctl leave settings` copies the shipped row first).
CREATE TABLE attend.leave_setting (
  agency_id          bigint REFERENCES attend.agency ON DELETE CASCADE,   -- NULL: the shipped defaults
  default_class      text NOT NULL DEFAULT 'normal',
  seniority_years    int NOT NULL DEFAULT 5 CHECK (seniority_years BETWEEN 1 AND 50),       -- art. 114
  seniority_days     numeric(4,1) NOT NULL DEFAULT 1 CHECK (seniority_days BETWEEN 0 AND 10),
  pro_rata_rounding  text NOT NULL DEFAULT 'whole' CHECK (pro_rata_rounding IN ('whole', 'half', 'none')),
  carry_over         boolean NOT NULL DEFAULT true,
  carry_max_days     numeric(5,1) CHECK (carry_max_days >= 0),            -- NULL: no cap
  carry_until        text NOT NULL DEFAULT '03-31'   -- MM-DD of the next year (a date every year has)
                     CHECK (carry_until ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' AND carry_until NOT IN
                            ('02-29', '02-30', '02-31', '04-31', '06-31', '09-31', '11-31')),
  tracked_from       int CHECK (tracked_from BETWEEN 2000 AND 2999),      -- NULL: see leave_first_year()
  over_balance       text NOT NULL DEFAULT 'warn' CHECK (over_balance IN ('warn', 'refuse')),
  updated_by         text NOT NULL DEFAULT current_user,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX leave_setting_agency ON attend.leave_setting (coalesce(agency_id, 0));
INSERT INTO attend.leave_setting (agency_id) VALUES (NULL);

-- Leave classes: the kind of work and its yearly days (art. 113(1)).  Shipped rows for everyone;
-- an agency's row of the same code wins (its own days, or a class of its own).
CREATE TABLE attend.leave_class (
  agency_id   bigint REFERENCES attend.agency ON DELETE CASCADE,
  code        text NOT NULL CHECK (code ~ '^[a-z0-9_]{1,31}$'),
  days        numeric(4,1) NOT NULL CHECK (days BETWEEN 0 AND 60),
  name_vi     text NOT NULL,
  name_en     text NOT NULL
);
CREATE UNIQUE INDEX leave_class_code ON attend.leave_class (coalesce(agency_id, 0), code);
INSERT INTO attend.leave_class (code, days, name_vi, name_en) VALUES
  ('normal', 12, 'Điều kiện bình thường', 'Normal working conditions'),
  ('heavy', 14, 'Nặng nhọc, độc hại, nguy hiểm; chưa thành niên; khuyết tật',
            'Heavy, hazardous or dangerous work; minors; people with disabilities'),
  ('especially_heavy', 16, 'Đặc biệt nặng nhọc, độc hại, nguy hiểm',
                           'Especially heavy, hazardous or dangerous work');

-- A person's own leave facts, kept by HR: a class other than the agency's default, and the
-- start of service that art. 114 counts from when it is earlier than person.hired_on (NĐ
-- 145/2020 art. 66(3): years at other state agencies count for public servants).
CREATE TABLE attend.leave_person (
  person_id      bigint PRIMARY KEY REFERENCES attend.person ON DELETE CASCADE,
  agency_id      bigint NOT NULL REFERENCES attend.agency,
  leave_class    text,                    -- NULL: the agency's default_class
  service_start  date,                    -- NULL: person.hired_on
  updated_by     text NOT NULL DEFAULT current_user,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Days carried into the first tracked year (from paper records before attendd), per person.
CREATE TABLE attend.leave_opening (
  person_id   bigint NOT NULL REFERENCES attend.person ON DELETE CASCADE,
  agency_id   bigint NOT NULL REFERENCES attend.agency,
  year        int NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  days        numeric(5,1) NOT NULL CHECK (days BETWEEN 0 AND 366),
  updated_by  text NOT NULL DEFAULT current_user,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, year)
);

CREATE FUNCTION attend.leave_person_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM attend.person p WHERE p.id = NEW.person_id AND p.agency_id = NEW.agency_id) THEN
    RAISE EXCEPTION 'person % is not in agency %', NEW.person_id, NEW.agency_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF TG_TABLE_NAME = 'leave_person' AND NEW.leave_class IS NOT NULL AND NOT EXISTS (
       SELECT FROM attend.leave_class c WHERE c.code = NEW.leave_class
       AND (c.agency_id IS NULL OR c.agency_id = NEW.agency_id)) THEN
    RAISE EXCEPTION 'leave class ''%'' does not exist', NEW.leave_class
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER leave_person_check BEFORE INSERT OR UPDATE ON attend.leave_person
  FOR EACH ROW EXECUTE FUNCTION attend.leave_person_check();
CREATE TRIGGER leave_opening_check BEFORE INSERT OR UPDATE ON attend.leave_opening
  FOR EACH ROW EXECUTE FUNCTION attend.leave_person_check();

CREATE FUNCTION attend.leave_setting_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM attend.leave_class c WHERE c.code = NEW.default_class
                 AND (c.agency_id IS NULL OR c.agency_id IS NOT DISTINCT FROM NEW.agency_id)) THEN
    RAISE EXCEPTION 'leave class ''%'' does not exist', NEW.default_class
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  NEW.updated_by := current_user;
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER leave_setting_check BEFORE INSERT OR UPDATE ON attend.leave_setting
  FOR EACH ROW EXECUTE FUNCTION attend.leave_setting_check();

-- The rule that applies to an agency: its own row, else the shipped one.
CREATE FUNCTION attend.leave_setting_of(p_agency bigint) RETURNS attend.leave_setting
LANGUAGE sql STABLE AS $$
  SELECT s FROM attend.leave_setting s WHERE s.agency_id = p_agency OR s.agency_id IS NULL
  ORDER BY s.agency_id NULLS LAST LIMIT 1
$$;

-- What a date is by the agency's calendar: rules_calendar_day_kind() (rules/calendar.c) in
-- SQL, for days the evaluator has not judged yet (a request ahead).  Same names as
-- day_result.day_kind; tests/integration/test_leave.sh compares the two over a year.
-- An agency's rows replace the national rows of their date; among rows of one scope a day off
-- beats a swap; a toggled row counts only when the agency's calendar setting switches it on.
CREATE FUNCTION attend.calendar_day_kind(p_agency bigint, p_date date) RETURNS text
LANGUAGE sql STABLE AS $$
  WITH setting AS (
    SELECT s.weekly_rest, s.toggles FROM attend.calendar_setting s
    WHERE s.agency_id = p_agency AND s.effective_from <= p_date
    ORDER BY s.effective_from DESC LIMIT 1
  ), row_ AS (
    SELECT c.kind FROM attend.calendar_day c
    WHERE c.day = p_date AND (c.agency_id IS NULL OR c.agency_id = p_agency)
      AND (c.toggle IS NULL OR c.toggle = ANY (coalesce((SELECT toggles FROM setting), '{}')))
    ORDER BY c.agency_id IS NULL,   -- the agency's own rows first
             CASE c.kind WHEN 'holiday' THEN 1 WHEN 'compensatory_day_off' THEN 2
                         WHEN 'swapped_day_off' THEN 3 ELSE 4 END
    LIMIT 1
  )
  SELECT coalesce(
    (SELECT CASE kind WHEN 'swapped_working_day' THEN 'swapped_working_day' ELSE kind END FROM row_),
    CASE WHEN extract(isodow FROM p_date)::int = ANY (coalesce((SELECT weekly_rest FROM setting), '{6,7}'))
         THEN 'weekend' ELSE 'working' END)
$$;

-- Working days a leave of [p_from, p_to] takes (part 'day' 1 a day, 'morning'/'afternoon' 1/2):
-- a day the evaluator has concluded counts as it said (working_day: rosters, employment),
-- any other day by the calendar and the person's employment.
CREATE FUNCTION attend.leave_days(p_agency bigint, p_person bigint, p_from date, p_to date, p_part text)
RETURNS numeric LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(CASE WHEN p_part = 'day' THEN 1.0 ELSE 0.5 END), 0)
  FROM generate_series(p_from, p_to, interval '1 day') g(d)
  JOIN attend.person p ON p.id = p_person
  LEFT JOIN attend.day_result r ON r.agency_id = p_agency AND r.person_id = p_person
    AND r.work_date = g.d::date AND NOT r.pending
  WHERE (p.hired_on IS NULL OR p.hired_on <= g.d) AND (p.left_on IS NULL OR p.left_on >= g.d)
    AND coalesce(r.working_day,
                 attend.calendar_day_kind(p_agency, g.d::date) IN ('working', 'swapped_working_day'))
$$;

-- The first year whose leave attendd holds for an agency: the setting, else the year of the
-- agency's first day result if that is in January, else the year after (a year begun on paper
-- is not tracked: its carry-over is HR's opening entry, attend.leave_opening).  NULL: no day
-- results yet (the year asked about is then the first).
CREATE FUNCTION attend.leave_first_year(p_agency bigint) RETURNS int
LANGUAGE sql STABLE AS $$
  SELECT coalesce((attend.leave_setting_of(p_agency)).tracked_from,
    (SELECT extract(year FROM f)::int + CASE WHEN extract(month FROM f) = 1 THEN 0 ELSE 1 END
     FROM (SELECT min(r.work_date) AS f FROM attend.day_result r WHERE r.agency_id = p_agency) x))
$$;

-- Approved annual leave (symbol P) of the people, per day: the concluded day result's share of
-- P (its pending adjustment's, in a locked month) where there is one, else the approved
-- requests by the calendar.  One row per person and date with leave.
CREATE FUNCTION attend.leave_taken_days(p_agency bigint, p_people bigint[], p_from date, p_to date)
RETURNS TABLE (person_id bigint, work_date date, days numeric)
LANGUAGE sql STABLE AS $$
  WITH asked AS (
    SELECT q.person_id, g.d::date AS work_date, least(1.0, sum(CASE WHEN q.part = 'day' THEN 1.0 ELSE 0.5 END)) AS days
    FROM attend.request q
    CROSS JOIN LATERAL generate_series(greatest(q.date_from, p_from), least(q.date_to, p_to), interval '1 day') g(d)
    WHERE q.agency_id = p_agency AND q.person_id = ANY (p_people) AND q.symbol = 'P'
      AND q.status = 'approved' AND q.date_to >= p_from AND q.date_from <= p_to
    GROUP BY 1, 2
  ), judged AS (
    SELECT r.person_id, r.work_date,
           CASE WHEN NOT r.working_day THEN 0 ELSE
             (SELECT coalesce(sum(1.0 / n) FILTER (WHERE sym = 'P'), 0)
              FROM (SELECT sym, count(*) OVER () AS n
                    FROM unnest(string_to_array(coalesce(a.symbol, r.symbol), nullif(rs.half_day_separator, ''))) u(sym)) s)
           END AS days
    FROM attend.day_result r
    JOIN attend.rule_set rs ON rs.id = r.rule_set_id
    LEFT JOIN attend.day_adjustment a ON a.agency_id = r.agency_id AND a.person_id = r.person_id
      AND a.work_date = r.work_date AND a.status = 'pending'
    WHERE r.agency_id = p_agency AND r.person_id = ANY (p_people) AND r.work_date BETWEEN p_from AND p_to
      AND NOT r.pending
      AND (r.symbol LIKE '%P%' OR a.symbol LIKE '%P%')   -- cheap: only cells that can hold a P
  )
  SELECT j.person_id, j.work_date, j.days FROM judged j WHERE j.days > 0
  UNION ALL
  SELECT a.person_id, a.work_date, a.days * attend.leave_days(p_agency, a.person_id, a.work_date, a.work_date, 'day')
  FROM asked a
  WHERE NOT EXISTS (SELECT FROM attend.day_result r WHERE r.agency_id = p_agency AND r.person_id = a.person_id
                    AND r.work_date = a.work_date AND NOT r.pending)
$$;

-- The balance of a year, per person of an agency (or of a unit and its sub-units, or one
-- person) employed in the year, as of a date (which days are taken, which still ahead, whether
-- carried days have lapsed).  Every figure in working days.
--   class_days       the leave class's days (art. 113(1))
--   seniority_days   + seniority_days per full seniority_years of service by 31/12 (art. 114)
--   months           months of the year employed (a month counts when employed on at least
--                    half of its working days, NĐ 145/2020 art. 66(2))
--   entitled         (class_days + seniority_days) x months / 12, rounded as the setting says
--   carried_over     unused days of the year before, capped, usable until carry_until
--   lapsed           carried days not used by carry_until (once as_of is past it)
--   taken            approved P on or before as_of;  booked: approved P after as_of
--   pending          P asked and not decided
--   remaining        entitled + carried_over - lapsed - taken - booked
-- Security invoker: the caller's row-level security decides whom it sees.
CREATE FUNCTION attend.leave_balance(p_agency bigint, p_year int, p_as_of date,
                                     p_unit bigint DEFAULT NULL, p_person bigint DEFAULT NULL)
RETURNS TABLE (person_id bigint, person_code text, full_name text, unit_id bigint, unit_code text,
               unit_name text, leave_class text, service_start date, service_years int,
               class_days numeric, seniority_days numeric, months int, entitled numeric,
               carried_over numeric, lapsed numeric, taken numeric, booked numeric,
               pending numeric, remaining numeric)
-- jit off: the day-by-day series make the planner's estimates huge (10^9), and JIT then spent
-- 4 s compiling a query that runs in 100 ms (measured on 5 people over two years).
LANGUAGE plpgsql STABLE SET jit = off AS $$
DECLARE
  s attend.leave_setting := attend.leave_setting_of(p_agency);
  y0 date;
  y1 date;
  first_year int;
  people bigint[];
BEGIN
  IF p_year IS NULL OR p_year NOT BETWEEN 2000 AND 2999 THEN
    RAISE EXCEPTION 'a leave balance needs a year (2000-2999): %', coalesce(p_year::text, 'NULL')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  y0 := make_date(p_year, 1, 1);
  y1 := make_date(p_year, 12, 31);
  people := attend.report_people(p_agency, y0, y1, p_unit, p_person);
  IF p_as_of IS NULL THEN
    RAISE EXCEPTION 'a leave balance needs the date it is as of'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  first_year := least(greatest(coalesce(attend.leave_first_year(p_agency), p_year), 2000), p_year);
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
END $$;

-- What a P request would do to the balance, per year it touches (the check the request path
-- makes before it writes, and the guard below).  asked: the working days it takes; available:
-- the balance as of its first day that year, less other P requests not yet decided;
-- shortfall: asked beyond available (0 when it fits); refuse: the agency refuses over-balance
-- requests.  Not P: no rows.
CREATE FUNCTION attend.leave_request_check(p_agency bigint, p_person bigint, p_symbol text,
                                           p_from date, p_to date, p_part text)
RETURNS TABLE (year int, asked numeric, remaining numeric, pending numeric, available numeric,
               shortfall numeric, refuse boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  y int;
  d0 date;
  d1 date;
  b record;
BEGIN
  IF p_symbol IS DISTINCT FROM 'P' THEN
    RETURN;
  END IF;
  FOR y IN extract(year FROM p_from)::int .. extract(year FROM p_to)::int LOOP
    d0 := greatest(p_from, make_date(y, 1, 1));
    d1 := least(p_to, make_date(y, 12, 31));
    SELECT * INTO b FROM attend.leave_balance(p_agency, y, d0, NULL, p_person) lb;
    year := y;
    asked := attend.leave_days(p_agency, p_person, d0, d1, p_part);
    remaining := coalesce(b.remaining, 0);
    pending := coalesce(b.pending, 0);
    available := remaining - pending;
    shortfall := greatest(0, asked - greatest(available, 0));
    refuse := (attend.leave_setting_of(p_agency)).over_balance = 'refuse';
    RETURN NEXT;
  END LOOP;
END $$;

-- The guard on every new P request, whoever makes it (attendctl, attend-web, psql): over the
-- balance, a WARNING (the request is kept), or an error when the agency refuses (nothing is
-- written).  attendctl makes the same check first and says it in the user's language.
CREATE FUNCTION attend.request_leave_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT * FROM attend.leave_request_check(NEW.agency_id, NEW.person_id, NEW.symbol,
                                                    NEW.date_from, NEW.date_to, NEW.part) LOOP
    CONTINUE WHEN c.shortfall <= 0;
    IF c.refuse THEN
      RAISE EXCEPTION 'annual leave request exceeds the balance of %: % day(s) asked, % available, % over',
        c.year, trim_scale(c.asked), trim_scale(c.available), trim_scale(c.shortfall)
        USING ERRCODE = 'check_violation',
              HINT = 'The agency refuses annual leave beyond the balance (attendctl leave settings --over-balance).';
    END IF;
    RAISE WARNING 'annual leave request exceeds the balance of %: % day(s) asked, % available, % over',
      c.year, trim_scale(c.asked), trim_scale(c.available), trim_scale(c.shortfall);
  END LOOP;
  RETURN NEW;
END $$;
CREATE TRIGGER request_leave_guard BEFORE INSERT ON attend.request
  FOR EACH ROW WHEN (NEW.symbol = 'P') EXECUTE FUNCTION attend.request_leave_guard();

-- Who sees and keeps what: every person role reads the rules and its own people's rows (the
-- agency and person policies); the administrator sets the agency's rule and classes; HR keeps
-- its people's class, service start and opening days.
SELECT attend.hr_protect('attend.leave_setting', true);
SELECT attend.hr_protect('attend.leave_class', true);
SELECT attend.hr_protect('attend.leave_person');
SELECT attend.hr_protect('attend.leave_opening');
SELECT attend.person_protect('attend.leave_person');
SELECT attend.person_protect('attend.leave_opening');
GRANT SELECT ON attend.leave_setting, attend.leave_class, attend.leave_person, attend.leave_opening
  TO attend_admin, attend_hr, attend_unit_head, attend_staff, attend_summary;
GRANT INSERT, UPDATE, DELETE ON attend.leave_setting, attend.leave_class TO attend_admin;
GRANT INSERT, UPDATE, DELETE ON attend.leave_person, attend.leave_opening TO attend_admin, attend_hr;
