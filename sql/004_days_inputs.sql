-- 011: what people enter about days: requests (leave and absences), corrections of taps,
-- month locks.  Nothing here edits a raw tap; every row says who and when.

-- A request: leave or an absence with a timesheet symbol, whole day or half day.  Only
-- approved requests count; approval after the fact changes the days it covers.
CREATE TABLE attend.request (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id     bigint NOT NULL REFERENCES attend.agency,
  person_id     bigint NOT NULL REFERENCES attend.person,
  symbol        text NOT NULL,                 -- a code of attend.timesheet_symbol
  date_from     date NOT NULL,
  date_to       date NOT NULL,                 -- inclusive
  part          text NOT NULL DEFAULT 'day' CHECK (part IN ('day', 'morning', 'afternoon')),
  status        text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected')),
  reason        text,
  requested_by  text NOT NULL DEFAULT current_user,
  requested_at  timestamptz NOT NULL DEFAULT now(),
  decided_by    text,
  decided_at    timestamptz,
  CHECK (date_to >= date_from),
  CHECK ((status = 'requested') = (decided_at IS NULL))
);
CREATE INDEX ON attend.request (person_id, date_from);

CREATE FUNCTION attend.request_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM attend.timesheet_symbol s WHERE s.code = NEW.symbol
                 AND (s.agency_id IS NULL OR s.agency_id = NEW.agency_id)) THEN
    RAISE EXCEPTION 'request symbol ''%'' is not a timesheet symbol of agency %', NEW.symbol, NEW.agency_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF NOT EXISTS (SELECT FROM attend.person p WHERE p.id = NEW.person_id AND p.agency_id = NEW.agency_id) THEN
    RAISE EXCEPTION 'person % is not in agency %', NEW.person_id, NEW.agency_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER request_check BEFORE INSERT OR UPDATE ON attend.request
  FOR EACH ROW EXECUTE FUNCTION attend.request_check();

-- A correction: an added missed tap, or an excluded tap, as a new row with who, when, why and
-- who approved it.  Only approved corrections count.  What it corrects is fixed at insert;
-- later updates may only decide it (status, decided_by, decided_at).
CREATE TABLE attend.correction (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id      bigint NOT NULL REFERENCES attend.agency,
  person_id      bigint NOT NULL REFERENCES attend.person,
  kind           text NOT NULL CHECK (kind IN ('add', 'exclude')),
  tapped_at      timestamptz NOT NULL,   -- add: the missed tap's time; exclude: the tap's time (old value)
  direction      text NOT NULL DEFAULT 'both' CHECK (direction IN ('in', 'out', 'both')),
  tz             text NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',   -- the business time zone of an added tap
  tap_edge_id    text,                   -- exclude: the raw tap's key (edge, epoch, seq)
  tap_epoch      uuid,
  tap_seq        bigint,
  reason         text NOT NULL CHECK (length(btrim(reason)) > 0),
  status         text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected')),
  created_by     text NOT NULL DEFAULT current_user,
  created_at     timestamptz NOT NULL DEFAULT now(),
  decided_by     text,
  decided_at     timestamptz,
  CHECK ((kind = 'exclude') = (tap_edge_id IS NOT NULL AND tap_epoch IS NOT NULL AND tap_seq IS NOT NULL)),
  CHECK ((status = 'requested') = (decided_at IS NULL))
);
CREATE INDEX ON attend.correction (person_id, tapped_at);
CREATE INDEX ON attend.correction (tap_edge_id, tap_epoch, tap_seq) WHERE kind = 'exclude';

CREATE FUNCTION attend.correction_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'status' - 'decided_by' - 'decided_at')
     <> (to_jsonb(OLD) - 'status' - 'decided_by' - 'decided_at') THEN
    RAISE EXCEPTION 'correction % can only be decided, not edited: record a new correction', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER correction_fixed BEFORE UPDATE ON attend.correction
  FOR EACH ROW EXECUTE FUNCTION attend.correction_fixed();
CREATE FUNCTION attend.correction_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'corrections are kept: reject correction % instead of deleting it', OLD.id
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER correction_kept BEFORE DELETE ON attend.correction
  FOR EACH ROW EXECUTE FUNCTION attend.correction_kept();

-- A locked month keeps its day results; later changes become adjustments (attend.day_adjustment).
CREATE TABLE attend.month_lock (
  agency_id  bigint NOT NULL REFERENCES attend.agency,
  month      date NOT NULL CHECK (extract(day FROM month) = 1),
  locked_by  text NOT NULL DEFAULT current_user,
  locked_at  timestamptz NOT NULL DEFAULT now(),
  reason     text,
  PRIMARY KEY (agency_id, month)
);

-- Every lock and unlock, kept.
CREATE TABLE attend.month_lock_event (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id  bigint NOT NULL REFERENCES attend.agency,
  month      date NOT NULL,
  action     text NOT NULL CHECK (action IN ('lock', 'unlock')),
  by_whom    text NOT NULL DEFAULT current_user,
  at         timestamptz NOT NULL DEFAULT now(),
  reason     text
);
