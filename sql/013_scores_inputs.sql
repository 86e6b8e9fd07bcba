-- 031: what people enter for scoring: criterion points (who and when; every entry kept, the
-- latest counts), "badge not worn" notes, disciplinary decisions, written reminders issued.

CREATE TABLE attend.score_entry (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id    bigint NOT NULL REFERENCES attend.agency,
  person_id    bigint NOT NULL REFERENCES attend.person,
  month        date NOT NULL CHECK (extract(day FROM month) = 1),
  criterion    text NOT NULL,
  points       numeric(6,2) NOT NULL CHECK (points >= 0),
  note         text,
  entered_by   text NOT NULL DEFAULT current_user,
  entered_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON attend.score_entry (agency_id, month, person_id, criterion, id);

CREATE VIEW attend.score_entry_current AS
SELECT DISTINCT ON (agency_id, month, person_id, criterion) *
FROM attend.score_entry ORDER BY agency_id, month, person_id, criterion, id DESC;

-- "Đeo thẻ khi thực hiện nhiệm vụ": a person on duty without the badge, noted by someone.
CREATE TABLE attend.badge_not_worn (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id    bigint NOT NULL REFERENCES attend.agency,
  person_id    bigint NOT NULL REFERENCES attend.person,
  work_date    date NOT NULL,
  note         text,
  noted_by     text NOT NULL DEFAULT current_user,
  noted_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON attend.badge_not_worn (agency_id, work_date);

-- A disciplinary decision (khiển trách or above): the person is Không hoàn thành for the year.
CREATE TABLE attend.discipline_decision (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id    bigint NOT NULL REFERENCES attend.agency,
  person_id    bigint NOT NULL REFERENCES attend.person,
  decided_on   date NOT NULL,
  form         text NOT NULL,              -- khien_trach, canh_cao, ...
  reference    text,                       -- số quyết định
  entered_by   text NOT NULL DEFAULT current_user,
  entered_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON attend.discipline_decision (person_id, decided_on);

-- A written reminder (nhắc nhở bằng văn bản) issued: kept, never deleted (a viên chức's
-- khiển trách for breaching work rules needs one first).
CREATE TABLE attend.reminder (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id    bigint NOT NULL REFERENCES attend.agency,
  person_id    bigint NOT NULL REFERENCES attend.person,
  month        date NOT NULL CHECK (extract(day FROM month) = 1),
  issued_on    date NOT NULL,
  reference    text,                       -- số văn bản
  reason       text NOT NULL CHECK (length(btrim(reason)) > 0),
  alert_id     bigint,                     -- the alert it answers, if any
  issued_by    text NOT NULL DEFAULT current_user,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON attend.reminder (person_id, month);

CREATE FUNCTION attend.reminder_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'reminders are kept: % of reminder % refused', TG_OP, OLD.id
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER reminder_kept BEFORE UPDATE OR DELETE ON attend.reminder
  FOR EACH ROW EXECUTE FUNCTION attend.reminder_kept();
