-- 032: monthly results, written only by `attendctl summary run` (one transaction per agency
-- and month, replacing that month's rows: a rerun is idempotent).  Every row records the
-- score rule set version that made it.

-- Every run, kept: what it did (written, unchanged, held because the month is locked, or
-- rescored although locked, with the reason).
CREATE TABLE attend.summary_run (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id          bigint NOT NULL REFERENCES attend.agency,
  month              date NOT NULL CHECK (extract(day FROM month) = 1),
  as_of              date NOT NULL,                -- facts up to this local date
  score_rule_set_id  int NOT NULL REFERENCES attend.score_rule_set,
  digest             text NOT NULL,                -- of the results it computed
  people             int NOT NULL,
  outcome            text NOT NULL CHECK (outcome IN ('written', 'unchanged', 'held_locked', 'rescored_locked')),
  reason             text,
  ran_by             text NOT NULL DEFAULT current_user,
  ran_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON attend.summary_run (agency_id, month, id);

-- The month's current summary: which version, through which date, which run.
CREATE TABLE attend.summary_state (
  agency_id          bigint NOT NULL REFERENCES attend.agency,
  month              date NOT NULL,
  as_of              date NOT NULL,
  score_rule_set_id  int NOT NULL REFERENCES attend.score_rule_set,
  digest             text NOT NULL,
  run_id             bigint NOT NULL REFERENCES attend.summary_run,
  PRIMARY KEY (agency_id, month)
);

-- The monthly discipline summary of a person.  excused: days by timesheet symbol ({"P":1.5}).
CREATE TABLE attend.discipline_summary (
  agency_id           bigint NOT NULL,
  month               date NOT NULL,
  person_id           bigint NOT NULL,
  unit_id             bigint NOT NULL,
  working_days        int NOT NULL,
  present_days        int NOT NULL,
  late_count          int NOT NULL,
  late_minutes        int NOT NULL,
  early_count         int NOT NULL,
  early_minutes       int NOT NULL,
  unexcused_half_days int NOT NULL,
  unexcused_days      int NOT NULL,
  missing_taps        int NOT NULL,
  missing_taps_open   int NOT NULL,     -- still within their justification days
  badge_not_worn      int NOT NULL,
  excused             jsonb NOT NULL,
  deduct_late_early   numeric(6,2) NOT NULL,
  deduct_half_day     numeric(6,2) NOT NULL,
  deduct_day          numeric(6,2) NOT NULL,
  deduct_missing_tap  numeric(6,2) NOT NULL,
  deduct_badge        numeric(6,2) NOT NULL,
  deducted            numeric(6,2) NOT NULL,
  sub_score           numeric(6,2) NOT NULL,
  score_rule_set_id   int NOT NULL,
  PRIMARY KEY (agency_id, month, person_id)
);

-- Every fact the summary looked at and what it cost: the days and taps each deduction comes
-- from (charge 'none' with why: inside a half-day, beyond the cap, still open to justify...).
CREATE TABLE attend.discipline_deduction (
  agency_id   bigint NOT NULL,
  month       date NOT NULL,
  person_id   bigint NOT NULL,
  work_date   date NOT NULL,
  session     smallint,                 -- NULL: the day
  fact        text NOT NULL,            -- late, early_leave, missing_tap, unexcused_half_day, badge_not_worn
  cause       text NOT NULL,
  minutes     int NOT NULL,
  tap_at      timestamp,                -- local time of the tap concerned
  charge      text NOT NULL,            -- none, late_early, unexcused_half_day, unexcused_day, missing_tap, badge_not_worn
  why         text NOT NULL,
  points      numeric(6,2) NOT NULL
);
CREATE INDEX ON attend.discipline_deduction (agency_id, month, person_id);

-- The emulation scorecard.  criteria: points by criterion code, null where not entered.
CREATE TABLE attend.scorecard (
  agency_id          bigint NOT NULL,
  month              date NOT NULL,
  person_id          bigint NOT NULL,
  comparable_group   text NOT NULL,     -- ranked and capped within it (the staff kind)
  criteria           jsonb NOT NULL,
  missing_criteria   int NOT NULL,
  general_points     numeric(6,2) NOT NULL,
  task_points        numeric(6,2) NOT NULL,
  total              numeric(6,2) NOT NULL,
  disciplined        boolean NOT NULL,
  band_by_score      text NOT NULL,
  band               text NOT NULL,
  rank               int NOT NULL,
  capped             boolean NOT NULL,
  tie_at_cap         boolean NOT NULL,
  score_rule_set_id  int NOT NULL,
  PRIMARY KEY (agency_id, month, person_id)
);

CREATE TABLE attend.collective_score (
  agency_id   bigint NOT NULL,
  month       date NOT NULL,
  unit_id     bigint NOT NULL,
  members     int NOT NULL,
  score       numeric(6,2) NOT NULL,
  band        text NOT NULL,
  rank        int NOT NULL,
  PRIMARY KEY (agency_id, month, unit_id)
);

CREATE TABLE attend.award_candidate (
  agency_id   bigint NOT NULL,
  month       date NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('individual', 'collective')),
  position    int NOT NULL,
  person_id   bigint,
  unit_id     bigint,
  points      numeric(6,2) NOT NULL,
  line        text NOT NULL,             -- trích ngang thành tích
  PRIMARY KEY (agency_id, month, kind, position)
);

-- Alerts for people to act on.  A rerun keeps an alert's first_seen; one that no longer
-- applies is 'withdrawn', not deleted.
CREATE TABLE attend.score_alert (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id   bigint NOT NULL,
  month       date NOT NULL,
  person_id   bigint NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('written_reminder', 'head_of_unit', 'contract_30_days', 'contract_365_days')),
  detail      text NOT NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'withdrawn')),
  first_seen  timestamptz NOT NULL DEFAULT now(),
  last_seen   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, month, person_id, kind)
);

GRANT SELECT ON ALL TABLES IN SCHEMA attend TO attend_hr;
GRANT SELECT, INSERT, UPDATE, DELETE ON attend.summary_state, attend.discipline_summary,
  attend.discipline_deduction, attend.scorecard, attend.collective_score, attend.award_candidate,
  attend.score_alert TO attend_hr, attend_admin;
GRANT INSERT ON attend.summary_run, attend.score_entry, attend.badge_not_worn, attend.reminder,
  attend.discipline_decision TO attend_hr, attend_admin;
GRANT INSERT, UPDATE ON attend.score_rule_set, attend.score_criterion TO attend_admin;
