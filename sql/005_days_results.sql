-- 012: derived day results, their exceptions, adjustments of locked months, and the queue of
-- days to evaluate again.  Written only by the evaluator (attend_evaluator); each result
-- records the rule set version that made it, so it can be reproduced.

-- Days whose inputs changed.  Triggers insert; the evaluator claims rows with
-- FOR UPDATE SKIP LOCKED and deletes them in the transaction that writes the results.
-- bulk: a mass re-evaluation (a rule set, a national holiday); claimed after the others, so
-- a late tap is not stuck behind a province's month.
CREATE TABLE attend.day_dirty (
  agency_id  bigint NOT NULL,
  person_id  bigint NOT NULL,
  work_date  date NOT NULL,
  bulk       boolean NOT NULL DEFAULT false,
  marked_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, person_id, work_date)
);
CREATE INDEX day_dirty_claim ON attend.day_dirty (bulk, agency_id, person_id, work_date);

-- One row per person and date evaluated (working days, weekends and holidays alike).
-- sessions: a JSON array, one object per session (see docs/schema-days.md); view
-- attend.day_session gives them as rows.  Times inside are local (the site's time zone).
CREATE TABLE attend.day_result (
  agency_id       bigint NOT NULL,
  person_id       bigint NOT NULL,
  work_date       date NOT NULL,
  day_kind        text NOT NULL,         -- working, weekend, holiday, compensatory_day_off, ...
  working_day     boolean NOT NULL,      -- the person had sessions
  present         boolean NOT NULL,
  profile         text NOT NULL,         -- schedule profile name, '' when none applied
  symbol          text NOT NULL,         -- the C01-HD cell: '+', 'P', '+/P', 'K', 'L', ''
  pending         boolean NOT NULL,      -- a session is not over yet
  minutes_late    int NOT NULL,
  minutes_early   int NOT NULL,
  minutes_worked  int NOT NULL,
  sessions        jsonb NOT NULL,
  exceptions      jsonb NOT NULL,        -- as attend.day_exception, for comparison and export
  rule_set_id     int NOT NULL,          -- the version that produced it
  rule_set_label  text NOT NULL,
  digest          text NOT NULL,         -- md5 of the result without the version: "did it change?"
  evaluated_at    timestamptz NOT NULL DEFAULT now(),   -- when it last changed
  recheck_at      timestamptz,           -- pending: evaluate again at this time
  PRIMARY KEY (agency_id, person_id, work_date)
);
CREATE INDEX day_result_by_date ON attend.day_result (agency_id, work_date);
CREATE INDEX day_result_recheck ON attend.day_result (recheck_at) WHERE recheck_at IS NOT NULL;

-- The facts HR acts on; information rows too (kind says which).  One row per exception.
CREATE TABLE attend.day_exception (
  agency_id      bigint NOT NULL,
  person_id      bigint NOT NULL,
  work_date      date NOT NULL,
  seq            smallint NOT NULL,     -- order within the day
  kind           text NOT NULL,         -- late, early_leave, missing_in, missing_out, unexcused_half_day, ...
  cause          text NOT NULL,         -- none, absent, late, early, missing_tap
  session        smallint,              -- session index; NULL for the whole day
  minutes        int NOT NULL,
  discipline     boolean NOT NULL,      -- feeds the discipline sub-score
  tap_at         timestamp,             -- local time of the tap concerned, where one is
  correction_id  bigint                 -- the tap came from this correction
);
CREATE INDEX day_exception_day ON attend.day_exception (agency_id, person_id, work_date);
CREATE INDEX day_exception_kind ON attend.day_exception (agency_id, work_date, kind);

-- A locked month is not rewritten: a changed evaluation of one of its days is kept here,
-- visible, next to the locked result.  One pending adjustment per day (updated when the day
-- changes again, removed when it changes back); on unlock the pending ones are applied.
CREATE TABLE attend.day_adjustment (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id       bigint NOT NULL,
  person_id       bigint NOT NULL,
  work_date       date NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied')),
  locked_symbol   text,                  -- the locked result's cell (NULL: there was none)
  symbol          text NOT NULL,         -- the new evaluation
  day_kind        text NOT NULL,
  present         boolean NOT NULL,
  minutes_late    int NOT NULL,
  minutes_early   int NOT NULL,
  minutes_worked  int NOT NULL,
  sessions        jsonb NOT NULL,
  exceptions      jsonb NOT NULL,
  rule_set_id     int NOT NULL,
  digest          text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  applied_at      timestamptz
);
CREATE UNIQUE INDEX day_adjustment_pending ON attend.day_adjustment (agency_id, person_id, work_date)
  WHERE status = 'pending';

-- Through which local date each agency's days have been put in the queue (the evaluator's
-- timer queues today for everyone, so an absent person gets a result too).
CREATE TABLE attend.day_seed_state (
  agency_id        bigint PRIMARY KEY,
  seeded_through   date NOT NULL
);

-- Sessions as rows, for reports.
CREATE VIEW attend.day_session AS
SELECT r.agency_id, r.person_id, r.work_date, s.*
FROM attend.day_result r,
     jsonb_to_recordset(r.sessions) AS s("index" int, name text, status text, present boolean,
       missing text, symbol text, "start" timestamp, "end" timestamp, "in" timestamp, "out" timestamp,
       in_inferred boolean, out_inferred boolean, in_manual boolean, out_manual boolean,
       late int, early int, worked int, request_id bigint);
