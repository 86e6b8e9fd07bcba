-- Badge cloning: cheap 125 kHz and MIFARE UIDs can be copied.  Patterns no honest badge makes
-- are shown to HR as flags, computed from the raw taps when asked (views: nothing on the tap
-- path, always current, reproducible, and a leave approved after the fact shows at once):
--   two_sites     the same UID at two different sites within a window (default 10 minutes,
--                 per agency in attend.badge_clone_setting)
--   during_leave  a badge tapped on a day its owner has an approved full-day leave (the symbols
--                 in attend.badge_leave_symbol; a business trip or a meeting is not leave)
-- The views run with the reader's rights (security_invoker), so HR sees only its agencies.
-- A flag is a question for HR, not a verdict: the rules engine still counts the tap.

CREATE TABLE attend.badge_clone_setting (
  agency_id       bigint PRIMARY KEY REFERENCES attend.agency ON DELETE CASCADE,
  window_minutes  int NOT NULL CHECK (window_minutes BETWEEN 1 AND 1440),
  set_by          text NOT NULL DEFAULT current_user,
  set_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE attend.badge_leave_symbol (
  code  text PRIMARY KEY
);
INSERT INTO attend.badge_leave_symbol (code) VALUES
  ('Ts'), ('T'), ('Ô'), ('Cô'), ('P'), ('Nb'), ('No');

-- The badge a tap's UID belonged to when it was tapped (NULL for an unknown badge).
CREATE VIEW attend.tap_owner WITH (security_invoker = true) AS
SELECT t.edge_id, t.epoch, t.seq, t.tapped_at, t.uid, t.site_id,
       coalesce(b.agency_id, t.agency_id) AS agency_id, b.person_id,
       (t.tapped_at AT TIME ZONE coalesce(s.tz, 'Asia/Ho_Chi_Minh'))::date AS local_date
FROM attend.tap t
LEFT JOIN attend.site s ON s.id = t.site_id
LEFT JOIN attend.badge b ON b.uid = t.uid AND t.tapped_at >= b.valid_from
                        AND (b.valid_to IS NULL OR t.tapped_at < b.valid_to);

-- One row per tap that follows a tap of the same UID at another site within the window.
-- The join is bounded to a day so that it stays on the (uid, tapped_at) index.
CREATE VIEW attend.badge_two_sites WITH (security_invoker = true) AS
SELECT o.agency_id, o.person_id, o.uid, o.site_id, o.tapped_at, o.edge_id, o.epoch, o.seq,
       p.site_id AS other_site_id, p.tapped_at AS other_tapped_at,
       round(extract(epoch FROM o.tapped_at - p.tapped_at)::numeric / 60, 1) AS minutes_apart,
       w.window_minutes
FROM attend.tap_owner o
CROSS JOIN LATERAL (SELECT coalesce((SELECT c.window_minutes FROM attend.badge_clone_setting c
                                     WHERE c.agency_id = o.agency_id), 10) AS window_minutes) w
JOIN attend.tap p ON p.uid = o.uid AND p.site_id <> o.site_id
                 AND p.tapped_at >= o.tapped_at - interval '1 day'
                 AND p.tapped_at >= o.tapped_at - make_interval(mins => w.window_minutes)
                 AND (p.tapped_at, p.site_id) < (o.tapped_at, o.site_id);

CREATE VIEW attend.badge_during_leave WITH (security_invoker = true) AS
SELECT o.agency_id, o.person_id, o.uid, o.site_id, o.tapped_at, o.edge_id, o.epoch, o.seq,
       o.local_date, r.id AS request_id, r.symbol, r.date_from, r.date_to
FROM attend.tap_owner o
JOIN attend.request r ON r.person_id = o.person_id AND r.status = 'approved' AND r.part = 'day'
                     AND o.local_date BETWEEN r.date_from AND r.date_to
JOIN attend.badge_leave_symbol l ON l.code = r.symbol;

-- What HR reads: one list, one line each, the tap's key to find it again.
CREATE VIEW attend.badge_clone_flag WITH (security_invoker = true) AS
SELECT 'two_sites'::text AS kind, agency_id, person_id, uid, site_id, tapped_at, edge_id, epoch, seq,
       format('also tapped at site %s %s min earlier (window %s min)', other_site_id,
              minutes_apart, window_minutes) AS detail
FROM attend.badge_two_sites
UNION ALL
SELECT 'during_leave', agency_id, person_id, uid, site_id, tapped_at, edge_id, epoch, seq,
       format('owner on approved leave %s (request %s, %s to %s)', symbol, request_id,
              date_from, date_to)
FROM attend.badge_during_leave;

-- The flags of a span of days (Vietnam time), the way HR should ask: the bound on tapped_at
-- lets PostgreSQL skip the other months' partitions, and JIT is off because compiling this
-- join over every partition took 4 s for a query that runs in milliseconds.
CREATE FUNCTION attend.badge_clone_flags(date_from date, date_to date)
RETURNS SETOF attend.badge_clone_flag
LANGUAGE sql STABLE SET jit = off AS $$
  SELECT * FROM attend.badge_clone_flag f
  WHERE f.tapped_at >= (date_from - 1)::timestamp AT TIME ZONE 'UTC'
    AND f.tapped_at < (date_to + 2)::timestamp AT TIME ZONE 'UTC'
    AND (f.tapped_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN date_from AND date_to
  ORDER BY f.tapped_at, f.uid
$$;

SELECT attend.hr_protect('attend.badge_clone_setting');
GRANT SELECT ON attend.badge_clone_setting, attend.badge_leave_symbol, attend.tap_owner,
  attend.badge_two_sites, attend.badge_during_leave, attend.badge_clone_flag TO attend_hr, attend_admin;
GRANT INSERT, UPDATE, DELETE ON attend.badge_clone_setting, attend.badge_leave_symbol TO attend_admin;
